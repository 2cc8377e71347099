"""Make the corpus's .docx, .pdf and GB18030 copies of real texts (run by hand; outputs are committed).

    /work/main/.venv/bin/python tests/corpus/make_formats.py

Only text could be obtained for the real documents, but users load Word and PDF exports and
GB18030 files too. This script renders chosen real texts into those forms, faithfully: the same
paragraphs in the same order, a TAB-joined table row becomes a row of a real table (a Word
``w:tbl`` / an HTML ``<table>`` printed to PDF), a table line without TABs (a category row such as
``一、知识产权保护方面（共5项）``) becomes a row of one merged cell. No character is changed, so
the gold of the text is the gold of every copy: each copy's gold.yaml is the original's with
``source:`` pointing at the copy.

- .docx is written as plain WordprocessingML (a zip of three XML parts, fixed timestamps so the
  bytes are reproducible); no Word library is needed.
- .pdf is Chromium's ``--print-to-pdf`` of the HTML rendering; Chinese needs a CJK font
  installed (Debian ``fonts-wqy-microhei``), else the PDF holds boxes.
- GB18030 is the text encoded with Python's ``gb18030`` codec.
- a scan is the .pdf rendered to greyscale page images at 150 dpi with pypdfium2 and saved back as an
  image-only PDF with Pillow (JPEG quality 60), as a scanner delivers it: no text layer, so the
  loader must OCR it.

    /work/main/.venv/bin/python tests/corpus/make_formats.py scan   # only the copies whose form is 'scan'
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent

# (original corpus entry, form) -> the copy's directory is f"format-{form}-{original}"
JOBS = [
    ("national-2018-126-second-batch", "docx"),
    ("national-2018-126-second-batch", "pdf"),
    ("national-2018-39-employment", "pdf"),
    ("national-2018-39-employment", "gb18030"),
    ("national-2018-39-employment", "scan"),
    ("national-2018-126-second-batch", "scan"),
    ("sample-hebei-city-third-batch-tasks", "scan"),
]
SCAN_DPI = 150
SCAN_JPEG_QUALITY = 60


def blocks(text: str) -> list[tuple[str, list[list[str]] | str]]:
    """('p', line) paragraphs and ('table', rows) tables, in order. A table starts at a line with
    TABs and runs while lines have TABs or are short category rows between such lines."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    out: list[tuple[str, list[list[str]] | str]] = []
    i = 0
    while i < len(lines):
        if "\t" in lines[i]:
            rows: list[list[str]] = []
            width = len(lines[i].split("\t"))  # the header's cells
            while i < len(lines) and ("\t" in lines[i] or _inside_table(lines, i) or _goes_on(rows, width, lines[i])):
                cells = lines[i].split("\t")
                if _goes_on(rows, width, lines[i]):
                    # a cell printed over several lines (names one per line): its line break kept
                    rows[-1][-1] += "\n" + cells[0]
                    rows[-1].extend(cells[1:])
                else:
                    rows.append(cells)
                i += 1
            out.append(("table", [_fit(r, width) for r in rows]))
        else:
            out.append(("p", lines[i]))
            i += 1
    return out


def _goes_on(rows: list[list[str]], width: int, line: str) -> bool:
    """The last row has two or more cells but fewer than the header, and this line's cells fit
    in what is missing: a cell runs on over several lines (谯城区's 主要责任单位 cell holds four
    names on four lines)."""
    return bool(rows) and 2 <= len(rows[-1]) < width and len(rows[-1]) + line.count("\t") <= width


def _fit(row: list[str], width: int) -> list[str]:
    """A row still one cell short after a cell ran over lines: the text put the next cell on a
    new line without its TAB, so the multi-line cell's last line break is the cell boundary
    (as the table layout reads it: loaders.layouts.table._fit_cells)."""
    if 2 <= len(row) < width:
        k = next((k for k in range(len(row) - 1, 0, -1) if "\n" in row[k]), None)
        if k is not None:
            head, tail = row[k].rsplit("\n", 1)
            return [*row[:k], head, tail, *row[k + 1 :]]
    return row


def _inside_table(lines: list[str], i: int) -> bool:
    """A short line without TABs continues a table when a TAB line follows within the next two
    lines: a category row, or two in a row (军民深度融合方面（共6项） has no rows of its own)."""
    return len(lines[i]) < 40 and any("\t" in ln for ln in lines[i + 1 : i + 3])


# ------------------------------------------------------------------ docx

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"""
_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w_p(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def _w_table(rows: list[list[str]]) -> str:
    width = max(len(r) for r in rows)
    border = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    out = [f'<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders>{border}</w:tblBorders></w:tblPr>']
    out.append("<w:tblGrid>" + '<w:gridCol w:w="1800"/>' * width + "</w:tblGrid>")
    for row in rows:
        out.append("<w:tr>")
        if len(row) == 1:  # a category row: one cell across the table
            out.append(f'<w:tc><w:tcPr><w:gridSpan w:val="{width}"/></w:tcPr>{_w_p(row[0])}</w:tc>')
        else:
            out.extend(f"<w:tc>{_w_p(cell)}</w:tc>" for cell in row + [""] * (width - len(row)))
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def to_docx(text: str, path: Path) -> None:
    body = "".join(_w_p(b) if kind == "p" else _w_table(b) for kind, b in blocks(text))  # type: ignore[arg-type]
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{_W}">'
        f"<w:body>{body}<w:sectPr/></w:body></w:document>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in (
            ("[Content_Types].xml", _CONTENT_TYPES),
            ("_rels/.rels", _RELS),
            ("word/document.xml", document),
        ):
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data.encode("utf-8"))


# ------------------------------------------------------------------ pdf


def to_html(text: str) -> str:
    parts = []
    for kind, b in blocks(text):
        if kind == "p":
            parts.append(f"<p>{html.escape(b)}</p>")  # type: ignore[arg-type]
            continue
        width = max(len(r) for r in b)
        rows = []
        for row in b:
            if len(row) == 1 or not any(c.strip() for c in row[1:]):
                # a category row (一、科技金融创新方面（共7项）, TABs or none): one merged cell
                rows.append(f'<tr><td colspan="{width}">{html.escape(row[0])}</td></tr>')
            else:
                rows.append("<tr>" + "".join(f"<td>{_cell_html(c)}</td>" for c in row) + "</tr>")
        parts.append("<table>" + "".join(rows) + "</table>")
    style = (
        "body{font-family:'WenQuanYi Micro Hei',sans-serif;font-size:11pt}"
        "table{border-collapse:collapse}td{border:1px solid #000;padding:2px;vertical-align:top}"
    )
    return f'<!doctype html><html lang="zh-CN"><meta charset="utf-8"><style>{style}</style><body>{"".join(parts)}</body></html>'


def _cell_html(text: str) -> str:
    return "<br>".join(html.escape(part) for part in text.split("\n"))


def to_pdf(text: str, path: Path) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        raise SystemExit(
            "chromium is needed for the PDF copies (apt-get install chromium fonts-wqy-microhei)"
        )
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "page.html"
        page.write_text(to_html(text), encoding="utf-8")
        subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-pdf-header-footer",
             f"--user-data-dir={tmp}/profile", f"--print-to-pdf={path}", page.as_uri()],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip


def to_scan(text: str, path: Path) -> None:
    """The Chromium PDF of the text, every page rendered to a greyscale image and saved as an
    image-only PDF."""
    import pypdfium2 as pdfium

    with tempfile.TemporaryDirectory() as tmp:
        printed = Path(tmp) / "printed.pdf"
        to_pdf(text, printed)
        pdf = pdfium.PdfDocument(str(printed))
        images = [pdf[i].render(scale=SCAN_DPI / 72).to_pil().convert("L") for i in range(len(pdf))]
        pdf.close()
    images[0].save(path, "PDF", resolution=SCAN_DPI, save_all=True, append_images=images[1:],
                   quality=SCAN_JPEG_QUALITY)  # fmt: skip


# ------------------------------------------------------------------ corpus entries


def _source_line(gold: str) -> str:
    return next(ln for ln in gold.splitlines() if ln.startswith("source:"))


def make(original: str, form: str) -> Path:
    gold = (HERE / original / "gold.yaml").read_text(encoding="utf-8")
    # the text the gold names (a sample's gold points at samples/<name>.txt)
    src = (HERE / original / _source_line(gold).split(":", 1)[1].strip()).resolve()
    text = src.read_text(encoding="utf-8")
    out = HERE / f"format-{form}-{original}"
    out.mkdir(exist_ok=True)
    name = {"docx": "source.docx", "pdf": "source.pdf", "scan": "source.pdf", "gb18030": "source.txt"}[form]
    if form == "docx":
        to_docx(text, out / name)
    elif form == "pdf":
        to_pdf(text, out / name)
    elif form == "scan":
        to_scan(text, out / name)
    else:
        (out / name).write_bytes(text.encode("gb18030"))
    header = f"# Copy of ../{original}/gold.yaml for {name}, made by tests/corpus/make_formats.py.\n"
    (out / "gold.yaml").write_text(
        header + gold.replace(_source_line(gold), f"source: {name}", 1), encoding="utf-8"
    )
    (out / "SOURCE.md").write_text(
        f"# {form} copy of {original}\n\n"
        f"`{name}` was made from `{os.path.relpath(src, out)}` by `tests/corpus/make_formats.py` "
        f"({_HOW[form]}). No character of the text was changed; the document itself, where it was "
        f"published and what was cut are in `../{original}/SOURCE.md`. The gold is that document's gold.\n"
        + (f"\n{NOTES[out.name]}\n" if out.name in NOTES else ""),
        encoding="utf-8",
    )
    return out / name


_HOW = {
    "docx": "plain WordprocessingML: one paragraph per line, TAB rows as a Word table, category rows as one merged cell",
    "pdf": "Chromium --print-to-pdf of an HTML rendering: one <p> per line, TAB rows as an HTML table, font WenQuanYi Micro Hei",
    "gb18030": "the UTF-8 text re-encoded as GB18030",
    "scan": (f"the Chromium print of the PDF copy, every page rendered by pypdfium2 to a greyscale image at "
             f"{SCAN_DPI} dpi and saved back by Pillow as an image-only PDF, JPEG quality {SCAN_JPEG_QUALITY}: "
             "no text layer, the loader OCRs it (`pip install '.[ocr]'`)"),
}

# What was measured on a copy when it was added (kept in its SOURCE.md when the copy is remade).
NOTES = {
    "format-scan-national-2018-39-employment": (
        "Measured when added: all 15 items, titles and 31 lead/co roles identical to the text PDF's, "
        "in about 60 s of OCR on the shared 2-core machine."
    ),
    "format-scan-national-2018-126-second-batch": (
        "Three pages; row 11 of the 推广清单 runs over the break between pages 2 and 3. Measured when "
        "added (`python -m bench.corpus_score --items --doc format-scan`): before the scanned-table reader "
        "(loaders/formats/scantable.py) 5 of 23 items were found, with no title or 指导部门 right; with it "
        "all 23 items, titles and roles are exact."
    ),
    "format-scan-sample-hebei-city-third-batch-tasks": (
        "Two pages; the category rows (一、科技金融创新方面（共7项）, TABs in the text) are printed as one "
        "cell merged across the table, as such lists print them. Measured when added: before the "
        "scanned-table reader the copy was not read at all (no recognisable measures: the table came out as "
        "lines); with it all 20 items, titles and roles are exact. The title comes out as "
        "附件第三批支持创新相关改革举措推广任务清单 (附件 is its own line, with no blank line after it), "
        "as it does from the text PDF of the same text."
    ),
}


if __name__ == "__main__":
    forms = set(sys.argv[1:])
    for original, form in JOBS:
        if not forms or form in forms:
            print(make(original, form).relative_to(HERE))
