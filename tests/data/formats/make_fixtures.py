"""Build the format fixtures from real published texts (run from the repository root):

    /work/main/.venv/bin/python tests/data/formats/make_fixtures.py [SOURCE_DIR]

SOURCE_DIR holds the real texts of /work/shared/real (default: that folder). From the batch-2
list (国办发〔2018〕126号) it writes the same document as a gov.cn-style web page (.html), a
Word file with automatic numbering and merged category rows (.docx), a text PDF printed by
headless Chromium (.pdf) and a workbook (.xlsx); from 国发〔2019〕3号 (prose, no table) a
scanned PDF: Chromium's PDF rendered to page images with pypdfium2 and saved back as an
image-only PDF. The bad files of the tests are built by the tests themselves.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
SOURCE = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/work/shared/real")
BATCH2 = "national-2018-126-second-batch"
SCAN = "national-2019-3-bonded-zones"
# gov.cn's metadata table for the batch-2 page (values from /work/shared/real/README.md).
BATCH2_META = {"发文机关": "国务院办公厅", "成文日期": "2018年12月23日", "标题": "国务院办公厅关于推广第二批支持创新相关改革举措的通知",
               "发文字号": "国办发〔2018〕126号", "发布日期": "2019年01月08日"}
SCAN_DPI = 110
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]
_SECTION = re.compile(r"^([一二三四五六七八九十]+)、")
_ITEM = re.compile(r"^（([一二三四五六七八九十]+)）")


def lines(name: str) -> list[str]:
    return (SOURCE / f"{name}.txt").read_text(encoding="utf-8").splitlines()


def page_html(text_lines: list[str], meta: dict[str, str] | None, *, furniture: bool = True) -> str:
    """The text as a gov.cn article page: metadata table, #UCAP-CONTENT body, furniture around it."""
    e = html.escape
    body: list[str] = []
    width = 0
    in_table = False
    for line in text_lines:
        cells = line.split("\t")
        if len(cells) > 1 or (in_table and cells[0].startswith(tuple("一二三四五六七八九十"))):
            if not in_table:
                body.append('<table border="1" cellspacing="0" style="border-collapse:collapse">')
                in_table, width = True, len(cells)
            if len(cells) == 1:
                body.append(f'<tr><td colspan="{width}"><b>{e(cells[0])}</b></td></tr>')
            else:
                body.append("<tr>" + "".join(f"<td>{e(c)}</td>" for c in cells) + "</tr>")
            continue
        if in_table:
            body.append("</table>")
            in_table = False
        body.append(f'<p style="text-indent:2em">{e(line)}</p>')
    if in_table:
        body.append("</table>")
    meta_rows = ""
    if meta:
        meta_rows = ('<table class="bd1"><tr><td><b>发文机关：</b></td><td>{发文机关}</td><td><b>成文日期：</b></td>'
                     '<td>{成文日期}</td></tr><tr><td><b>标　　题：</b></td><td colspan="3">{标题}</td></tr>'
                     '<tr><td><b>发文字号：</b></td><td>{发文字号}</td><td><b>发布日期：</b></td><td>{发布日期}</td></tr>'
                     "</table>").format(**meta)
    nav = '<div class="header"><a href="/">首页</a> | <a href="/zhengce/">政策</a></div>' if furniture else ""
    foot = ('<div id="div_div"><div id="qr_container">扫一扫在手机打开当前页</div></div>'
            '<div class="footer">版权所有：中国政府网</div>') if furniture else ""
    return ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>中国政府网</title>"
            "<style>body{font-family:'Noto Sans CJK SC','WenQuanYi Zen Hei',sans-serif;font-size:12pt}"
            "td{border:1px solid #000;padding:2px;vertical-align:top}tr{break-inside:avoid}"
            ".bd1 td{border:none}p{margin:0 0 4px 0}@page{size:A4;margin:2cm}</style></head><body>"
            f'{nav}<div class="wrap">{meta_rows}<div id="UCAP-CONTENT">{"".join(body)}</div>{foot}</div>'
            "</body></html>")


def chromium_pdf(page: str, out: Path, *, header_footer: bool = True) -> None:
    exe = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if exe is None:
        raise SystemExit("headless Chromium is needed to print the PDFs")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "page.html"
        src.write_text(page, encoding="utf-8")
        flags = CHROMIUM_FLAGS if header_footer else [*CHROMIUM_FLAGS, "--no-pdf-header-footer"]
        subprocess.run([exe, *flags, f"--print-to-pdf={out}", src.as_uri()],
                       check=True, capture_output=True, timeout=120)


def make_docx(text_lines: list[str], out: Path) -> None:
    """Word file: 一、 and （一） as automatic numbering (the label is not in the text runs),
    the list as a table whose category rows are merged across all columns."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/>'
        '<w:suff w:val="nothing"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/>'
        '<w:suff w:val="nothing"/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def numbered(par, level: int) -> None:
        ppr = par._p.get_or_add_pPr()
        ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))

    table = None
    width = 0
    for line in text_lines:
        cells = line.split("\t")
        if len(cells) > 1 or (table is not None and _SECTION.match(line)):
            if table is None:
                width = len(cells)
                table = document.add_table(rows=0, cols=width)
                table.style = "Table Grid"
            row = table.add_row()
            if len(cells) == 1:
                merged = row.cells[0].merge(row.cells[width - 1])
                merged.text = cells[0]
            else:
                for cell, value in zip(row.cells, cells, strict=True):
                    cell.text = value
            continue
        table = None
        if m := _SECTION.match(line):
            par = document.add_paragraph(line[len(m.group(0)):])
            numbered(par, 0)
        elif m := _ITEM.match(line):
            par = document.add_paragraph(line[len(m.group(0)):])
            numbered(par, 1)
        else:
            document.add_paragraph(line)
    document.save(out)


def make_xlsx(text_lines: list[str], out: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "推广清单"
    width = max(len(line.split("\t")) for line in text_lines)
    in_table = False
    for line in text_lines:
        cells = line.split("\t")
        in_table = in_table or len(cells) > 1
        ws.append([int(c) if c.isdigit() else c for c in cells])
        if len(cells) == 1 and in_table:
            r = ws.max_row
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
    wb.save(out)


def make_scan(pdf_path: Path, out: Path) -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(pdf_path))
    # The first page only: OCR of a page takes tens of seconds on a shared CPU, too long for
    # every test run; the measured CER over all pages is in docs/FORMATS.md.
    images = [pdf[i].render(scale=SCAN_DPI / 72).to_pil().convert("L") for i in range(1)]
    pdf.close()
    images[0].save(out, "PDF", resolution=SCAN_DPI, save_all=True, append_images=images[1:], quality=60)


def main() -> None:
    b2 = lines(BATCH2)
    (HERE / f"{BATCH2}.html").write_text(page_html(b2, BATCH2_META), encoding="utf-8")
    chromium_pdf(page_html(b2, None, furniture=False), HERE / f"{BATCH2}.pdf")
    make_docx(b2, HERE / f"{BATCH2}.docx")
    make_xlsx(b2, HERE / f"{BATCH2}.xlsx")
    with tempfile.TemporaryDirectory() as tmp:
        text_pdf = Path(tmp) / "scan-source.pdf"
        chromium_pdf(page_html(lines(SCAN), None, furniture=False), text_pdf, header_footer=False)
        make_scan(text_pdf, HERE / f"{SCAN}-scan.pdf")
    for f in sorted(HERE.iterdir()):
        print(f"{f.stat().st_size:>8}  {f.name}")


if __name__ == "__main__":
    main()
