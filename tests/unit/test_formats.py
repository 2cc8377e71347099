"""loaders.formats: every format of the same document gives the same records as its plain text."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from base.errors import BadInputError
from loaders import formats
from loaders.extract import extract_file
from loaders.formats import html as html_reader
from loaders.formats import ocr
from loaders.formats.layout import PAGE_NUMBER
from loaders.formats.numbering import chinese_number

DATA = Path(__file__).parent.parent / "data" / "formats"
# The four real gov.cn texts of shared/real, as copied into the corpus (tests/corpus/<stem>/source.txt).
CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def real(name: str) -> Path:
    return CORPUS / Path(name).stem / "source.txt"
BATCH2 = "national-2018-126-second-batch"



@pytest.fixture(scope="module")
def batch2_text(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real batch-2 text (the fixtures were generated from it)."""
    src = real(f"{BATCH2}.txt")
    out = tmp_path_factory.mktemp("real") / f"{BATCH2}.txt"
    out.write_bytes(src.read_bytes())
    return out


def _records(path: Path) -> tuple[list, list, list]:
    ex = extract_file(path)
    measures = [(m.key, m.title, m.category, m.scope, m.departments_printed, m.untitled) for m in ex.measures]
    leads = [(lead.measure_id, lead.department_id, lead.role, lead.rank) for lead in ex.leads]
    doc = (ex.document.id, ex.document.title, ex.document.number, ex.document.issuer, ex.document.date,
           ex.document.level, ex.document.region_id, ex.document.batch)
    return measures, leads, [doc]


@pytest.mark.parametrize("suffix", ["html", "docx", "pdf", "xlsx"])
def test_every_format_gives_the_records_of_the_plain_text(batch2_text: Path, suffix: str) -> None:
    want = _records(batch2_text)
    got = _records(DATA / f"{BATCH2}.{suffix}")
    assert len(want[0]) == 23
    assert got[0] == want[0]  # measures: keys, titles, categories, scopes, departments
    assert got[1] == want[1]  # leads and roles
    assert got[2] == want[2]  # title, 文号, issuer, date, level, region, batch


@pytest.mark.parametrize("suffix", ["html", "docx", "pdf", "xlsx"])
def test_every_format_reads_to_the_same_lines(batch2_text: Path, suffix: str) -> None:
    doc = formats.read_document(DATA / f"{BATCH2}.{suffix}")
    assert doc.text.splitlines() == batch2_text.read_text(encoding="utf-8").splitlines()
    assert all(line.locator for line in doc.lines)


def test_measures_carry_their_locator() -> None:
    ex = extract_file(DATA / f"{BATCH2}.docx")
    first = ex.measures[0]
    assert first.span.locator == "table 1 row 3"  # header row, category row, item 1
    assert first.span.ocr_confidence is None
    pdf = extract_file(DATA / f"{BATCH2}.pdf")
    assert pdf.measures[0].span.locator is not None and pdf.measures[0].span.locator.startswith("page ")
    assert pdf.document.file_format == "pdf"


def test_page_metadata_of_the_batch2_page() -> None:
    ex = extract_file(DATA / f"{BATCH2}.html")
    d = ex.document
    assert (d.issuer, d.date, d.published) == ("国务院办公厅", "2018-12-23", "2019-01-08")
    assert d.provenance["published"].method == "page-metadata"
    assert all(c.number != d.number for c in d.cites)


# ---------------------------------------------------------------- real gov.cn pages


def test_real_page_metadata_and_body_only() -> None:
    doc = formats.read_document(DATA / "govcn-2018-43.html")
    assert doc.metadata["发文机关"] == "国务院"
    assert doc.metadata["成文日期"] == "2018年12月21日"
    assert doc.metadata["发布日期"] == "2018年12月29日"
    assert doc.metadata["发文字号"] == "国发〔2018〕43号"
    text = doc.text
    assert text.splitlines()[0] == "国务院关于在海南博鳌乐城国际医疗旅游先行区"
    assert text.splitlines()[-1] == "（此件公开发布）"
    for furniture in ("扫一扫", "索引号", "索 引 号", "主题分类", "sendmail"):
        assert furniture not in text


def test_real_page_gives_issuer_dates_and_number_not_a_citation() -> None:
    ex = extract_file(DATA / "govcn-2018-123.html")
    d = ex.document
    assert d.id == d.number == "国办发〔2018〕123号"
    assert d.title == "国务院办公厅关于推进政务新媒体健康有序发展的意见"  # not the signature lines
    assert (d.issuer, d.date, d.published) == ("国务院办公厅", "2018-12-07", "2018-12-27")
    assert d.provenance["issuer"].method == "page-metadata"
    assert d.file_format == "html"
    assert not d.cites
    assert [m.title for m in ex.measures][:2] == ["指导思想", "工作目标"]
    assert ex.measures[0].span.locator and ex.measures[0].span.locator.startswith("paragraph ")


def test_minified_page_with_br_emsp_and_meta_tags() -> None:
    page = ('<html><head><meta name="ArticleTitle" content="某市关于推广改革举措的通知">'
            '<meta name="PubDate" content="2020-03-05 10:20"><meta name="ContentSource" content="某市人民政府办公室">'
            '</head><body><div class="nav"><a href="/">首页</a></div><div class="TRS_Editor">'
            '&emsp;&emsp;一、总体要求<br>&emsp;&emsp;（一）第一项。<br/>&emsp;&emsp;（二）第二项。'
            '<table><tr><td colspan="3">一、知识产权（共1项）</td></tr><tr><td>1</td><td>专利<p>保险</p></td>'
            '<td>市科技局</td></tr></table></div><div class="share">分享到</div></body></html>')
    doc = html_reader.read(page.encode(), "page.html")
    assert doc.text.splitlines() == ["一、总体要求", "（一）第一项。", "（二）第二项。", "一、知识产权（共1项）",
                                     "1\t专利保险\t市科技局"]
    assert doc.metadata == {"标题": "某市关于推广改革举措的通知", "发布日期": "2020-03-05 10:20", "来源": "某市人民政府办公室"}


def test_page_without_body_text_is_refused() -> None:
    with pytest.raises(BadInputError, match="no body text"):
        html_reader.read('<html><body><div class="nav"><a href="/">首页</a></div><script>x=1</script></body></html>'
                         .encode(), "empty.html")


# ---------------------------------------------------------------- scanned PDF (OCR)


@pytest.mark.skipif(ocr.engine_name() is None, reason="no OCR engine installed")
def test_scanned_page_is_read_by_ocr_with_confidence() -> None:
    from rapidfuzz.distance import Levenshtein

    doc = formats.read_document(DATA / "national-2019-3-bonded-zones-scan.pdf")
    assert doc.format == "pdf-ocr"
    assert all(line.confidence is not None and 0 < line.confidence <= 1 for line in doc.lines)
    assert doc.lines[0].locator == "page 1 line 1"
    ref = "".join(real("national-2019-3-bonded-zones.txt").read_text(encoding="utf-8").split())
    got = "".join(doc.text.split())
    # The page ends mid-text: compare with the reference prefix that fits it best.
    cer = min(Levenshtein.distance(ref[:n], got) for n in range(len(got) - 40, len(got) + 40)) / len(got)
    assert cer < 0.01, cer
    assert doc.text.splitlines()[:3] == ["国务院关于促进综合保税区", "高水平开放高质量发展的若干意见", "国发〔2019〕3号"]


def test_ocr_document_number_brackets_are_corrected() -> None:
    assert ocr.fix_document_numbers("国发【2019】3号") == "国发〔2019〕3号"
    assert ocr.fix_document_numbers("吉政办发[2019] 19号") == "吉政办发〔2019〕 19号"
    assert ocr.fix_document_numbers("【2019】年 (2020) 预算") == "【2019】年 (2020) 预算"  # not a 文号: kept


def test_image_only_pdf_without_ocr_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "engine_name", lambda: None)
    with pytest.raises(BadInputError, match="no OCR engine") as exc:
        formats.read_document(DATA / "national-2019-3-bonded-zones-scan.pdf")
    assert "rapidocr-onnxruntime" in (exc.value.hint or "")


# ---------------------------------------------------------------- bad files


def test_encrypted_pdf_is_refused(tmp_path: Path) -> None:
    import pypdfium2  # noqa: F401  (the PDF stack is installed)
    from pdfplumber import open as _open  # noqa: F401

    encrypted = _encrypt_pdf((DATA / f"{BATCH2}.pdf").read_bytes())
    path = tmp_path / "locked.pdf"
    path.write_bytes(encrypted)
    with pytest.raises(BadInputError, match="encrypted"):
        formats.read_document(path)


def _encrypt_pdf(data: bytes) -> bytes:
    """A user-password PDF, written with pypdf (a test dependency)."""
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(io.BytesIO(data))
    writer = pypdf.PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_corrupt_docx_is_refused(tmp_path: Path) -> None:
    good = (DATA / f"{BATCH2}.docx").read_bytes()
    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item, data[: len(data) // 2] if item.filename == "word/document.xml" else data)
    (tmp_path / "broken.docx").write_bytes(broken.getvalue())
    (tmp_path / "truncated.docx").write_bytes(good[: len(good) // 3])
    for name in ("broken.docx", "truncated.docx"):
        with pytest.raises(BadInputError, match="docx"):
            formats.read_document(tmp_path / name)


def test_legacy_doc_without_libreoffice_says_how_to_convert(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from loaders.formats import legacy

    monkeypatch.setattr(legacy, "soffice", lambda: None)
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(BadInputError, match="LibreOffice") as exc:
        formats.read_document(path)
    assert "--convert-to docx" in (exc.value.hint or "")


def test_unsupported_and_empty_files(tmp_path: Path) -> None:
    (tmp_path / "a.png").write_bytes(b"\x89PNG")
    (tmp_path / "b.pdf").write_bytes(b"")
    with pytest.raises(BadInputError, match="cannot be read"):
        formats.read_document(tmp_path / "a.png")
    with pytest.raises(BadInputError, match="empty"):
        formats.read_document(tmp_path / "b.pdf")


def test_discover_reports_what_it_skips(tmp_path: Path) -> None:
    for name in ("a.txt", "a.yaml", "b.docx", "c.png", "notes.md", "sub/d.PDF"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    files, skipped = formats.discover([tmp_path])
    assert [f.name for f in files] == ["a.txt", "b.docx", "d.PDF"]
    reasons = {p.name: why for p, why in skipped}
    assert reasons["a.yaml"].startswith("sidecar")
    assert "not a supported format" in reasons["c.png"] and "not a supported format" in reasons["notes.md"]


# ---------------------------------------------------------------- small pieces


@pytest.mark.parametrize("n,want", [(1, "一"), (10, "十"), (15, "十五"), (23, "二十三"), (105, "一百零五"), (110, "一百一十")])
def test_chinese_numbers(n: int, want: str) -> None:
    assert chinese_number(n) == want


@pytest.mark.parametrize("line", ["— 3 —", "-3-", "－12－", "第3页", "第 3 页 共 12 页", "3/12", "7"])
def test_page_numbers(line: str) -> None:
    assert PAGE_NUMBER.match(line)


@pytest.mark.parametrize("line", ["3.加强组织领导", "一、总体要求", "2018年12月23日"])
def test_not_page_numbers(line: str) -> None:
    assert not PAGE_NUMBER.match(line)


def test_blank_page_in_a_text_pdf_is_not_sent_to_ocr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A blank back page has fewer than MIN_PAGE_CHARS characters and no image: not a scan.
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(str(DATA / f"{BATCH2}.pdf"))
    writer = pypdf.PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.add_blank_page()
    path = tmp_path / "with-blank-page.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    monkeypatch.setattr(ocr, "engine_name", lambda: None)  # OCR would refuse the file
    doc = formats.read_document(path)
    assert doc.format == "pdf"
    assert doc.text == formats.read_document(DATA / f"{BATCH2}.pdf").text
