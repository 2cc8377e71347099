"""PDF -> lines. A text layer is read with pdfplumber; a PDF without one goes to OCR.

pdfplumber (pdfminer.six) was chosen over pypdfium2 by measurement (docs/FORMATS.md): both
keep the Chinese characters, but pdfplumber also gives each character's position and finds
ruled tables, so a table row comes out as one TAB row and a wrapped line can be told from
a new paragraph. pypdfium2 renders pages for OCR.

Per page: ruled tables are found (pdfplumber's line strategy) and read row by row, a cell's
wrapped lines joined; the rest of the page is read as text lines. Lines then go through
loaders.formats.layout: page headers, footers and page numbers dropped, wrapped lines
rejoined into paragraphs. A page whose text layer is empty is OCRed (loaders.formats.ocr).
"""

from __future__ import annotations

import hashlib
import io
import logging
from typing import Any

from loaders.formats.base import Document, drop_blank, table_row
from loaders.formats.layout import PLine, drop_furniture, paragraphs
from policygraph.errors import BadInputError

_HINT = "Open the PDF and save or print it again as PDF, or export the document's text."
# A page with fewer text-layer characters than this is treated as an image (a scan).
MIN_PAGE_CHARS = 10


def read(data: bytes, source: str) -> Document:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    # pdfminer logs a warning per glyph for fonts without a FontBBox (Chromium's CJK subsets).
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise BadInputError(f"{source}: not a PDF file (no %PDF header; the file is damaged or misnamed).",
                            hint=_HINT)
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PDFPasswordIncorrect as exc:
        raise _encrypted(source) from exc
    except PDFSyntaxError as exc:
        raise BadInputError(f"{source}: the PDF is damaged ({exc}).", hint=_HINT) from exc
    except Exception as exc:  # pdfplumber wraps pdfminer's errors in its own
        if "password" in repr(exc).lower() or "PDFPasswordIncorrect" in repr(exc):
            raise _encrypted(source) from exc
        raise BadInputError(f"{source}: the PDF cannot be read ({type(exc).__name__}: {exc}).", hint=_HINT) from exc
    with pdf:
        try:
            plines, scanned = _text_layer(pdf)
        except Exception as exc:
            if "password" in repr(exc).lower():
                raise _encrypted(source) from exc
            raise BadInputError(f"{source}: the PDF cannot be read ({type(exc).__name__}: {exc}).",
                                hint=_HINT) from exc
    digest = hashlib.sha256(data).hexdigest()
    if scanned:
        from loaders.formats import ocr

        ocr_lines = ocr.read_pages(data, scanned, source=source)
        by_page: dict[int, list[PLine]] = {}
        for ln in plines + ocr_lines:
            by_page.setdefault(ln.page, []).append(ln)
        plines = [ln for page in sorted(by_page) for ln in by_page[page]]
    lines = drop_blank(paragraphs(drop_furniture(plines)))
    if not lines:
        raise BadInputError(f"{source}: the PDF holds no text.", hint=_HINT)
    fmt = "pdf-ocr" if scanned else "pdf"
    note = f"OCR of {len(scanned)} page(s) without a text layer" if scanned else None
    return Document(lines=lines, format=fmt, sha256=digest, size=len(data), encoding=fmt, note=note)


def _encrypted(source: str) -> BadInputError:
    return BadInputError(f"{source}: the PDF is encrypted (password-protected); its text cannot be read.",
                         hint="Open it with the password and save an unprotected copy (print to PDF), then load that.")


def _text_layer(pdf: Any) -> tuple[list[PLine], list[int]]:
    """Positioned lines of every page with a text layer, and the numbers of pages without one."""
    out: list[PLine] = []
    scanned: list[int] = []
    for number, page in enumerate(pdf.pages, start=1):
        if len(page.chars) < MIN_PAGE_CHARS:
            scanned.append(number)
            continue
        out.extend(_page_lines(page, number))
    return out, scanned


def _page_lines(page: Any, number: int) -> list[PLine]:
    tables = page.find_tables()
    items: list[PLine] = []
    boxes = [t.bbox for t in tables]

    def outside(obj: dict[str, Any]) -> bool:
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    rest = page.filter(outside) if boxes else page
    for ln in rest.extract_text_lines(return_chars=True, strip=True):
        chars = ln.get("chars") or []
        size = sorted(c["size"] for c in chars)[len(chars) // 2] if chars else 10.0
        items.append(PLine(ln["text"], number, ln["x0"], ln["x1"], ln["top"], ln["bottom"], page.height, size))
    for n, table in enumerate(tables, start=1):
        for r, (row, cells) in enumerate(zip(table.rows, table.extract(), strict=False), start=1):
            text = table_row([c or "" for c in cells])
            if text:
                x0, top, x1, bottom = row.bbox
                items.append(PLine(text, number, x0, x1, top, bottom, page.height, 10.0, table_row=True,
                                   locator=f"page {number} table {n} row {r}"))
    items.sort(key=lambda ln: (ln.top, ln.x0))
    line_no = 0
    for ln in items:
        line_no += 1
        ln.locator = ln.locator or f"page {number} line {line_no}"
    return items


