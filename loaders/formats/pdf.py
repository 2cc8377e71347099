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

from base.errors import BadInputError
from loaders.formats.base import Document, drop_blank, table_row
from loaders.formats.layout import PLine, drop_furniture, paragraphs

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
            # A page image with (almost) no text is a scan; a blank back page, or one holding
            # only its page number, is not: nothing to OCR.
            if page.images:
                scanned.append(number)
            else:
                out.extend(_page_lines(page, number))
            continue
        out.extend(_page_lines(page, number))
    return out, scanned


# A table row cut by a page break has no closing rule on one page and no opening rule on the
# next, so pdfplumber leaves its two halves outside the table boxes. Lines within this many
# points of a table's edge (and of each other), inside its columns, are those halves.
ROW_FRAGMENT_GAP = 20.0


def _row_fragment(page: Any, table: Any, *, below: bool) -> tuple[list[str], tuple[float, float, float, float]] | None:
    """The cells of the part-row just below (or above) `table`: words in the table's columns,
    in the band of lines that touches its edge. None when there is none."""
    x0, top, x1, bottom = table.bbox
    cols = sorted({c.bbox[0] for c in table.columns}) + [x1]
    band = page.crop((x0, bottom, x1, page.height) if below else (x0, 0, x1, top))
    words = band.extract_words()
    kept: list[dict[str, Any]] = []
    edge = bottom if below else top
    for w in sorted(words, key=lambda w: w["top"], reverse=not below):
        gap = (w["top"] - edge) if below else (edge - w["bottom"])
        if gap > ROW_FRAGMENT_GAP:
            break
        kept.append(w)
        edge = max(edge, w["bottom"]) if below else min(edge, w["top"])
    if not kept:
        return None
    # Cell text stays inside its column; a title or note above or below a table (附件 …清单,
    # centred across the columns) does not, and is not a part-row.
    if any(not any(cols[i] - 1 <= w["x0"] and w["x1"] <= cols[i + 1] + 1 for i in range(len(cols) - 1))
           for w in kept):
        return None
    cells = [""] * (len(cols) - 1)
    for w in sorted(kept, key=lambda w: (round(w["top"]), w["x0"])):
        mid = (w["x0"] + w["x1"]) / 2
        for i in range(len(cols) - 1):
            if cols[i] <= mid < cols[i + 1]:
                cells[i] += w["text"]
                break
    box = (x0, min(w["top"] for w in kept), x1, max(w["bottom"] for w in kept))
    return cells, box


def _page_lines(page: Any, number: int) -> list[PLine]:
    tables = page.find_tables()
    items: list[PLine] = []
    boxes = [t.bbox for t in tables]
    fragments = []
    if tables:
        for table, below in ((tables[-1], True), (tables[0], False)):
            got = _row_fragment(page, table, below=below)
            if got is not None:
                fragments.append((got, below))
                boxes.append(got[1])

    def outside(obj: dict[str, Any]) -> bool:
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    rest = page.filter(outside) if boxes else page
    for ln in rest.extract_text_lines(return_chars=True, strip=True):
        chars = ln.get("chars") or []
        size = sorted(c["size"] for c in chars)[len(chars) // 2] if chars else 10.0
        items.append(PLine(ln["text"], number, ln["x0"], ln["x1"], ln["top"], ln["bottom"], page.height, size))
    for (cells, (fx0, ftop, fx1, fbottom)), below in fragments:
        # TAB-joined like any row; the table layout joins a row's halves across the page break
        items.append(PLine("\t".join(c.strip() for c in cells), number, fx0, fx1, ftop, fbottom, page.height,
                           10.0, table_row=True, locator=f"page {number} table row part ({'end' if below else 'start'})"))
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


