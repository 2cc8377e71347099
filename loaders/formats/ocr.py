"""OCR of PDF pages without a text layer (scans), with a confidence per line.

Pages are rendered with pypdfium2 at ``DPI`` and read by the first engine installed:

1. RapidOCR (``pip install rapidocr-onnxruntime``: PaddleOCR's Chinese models run on ONNX
   Runtime, models shipped in the wheel, fully offline);
2. Tesseract (``apt-get install tesseract-ocr tesseract-ocr-chi-sim``), called as a program.

The order is by measured character error rate on printed government text (docs/FORMATS.md).
Each engine returns text boxes with a score. Ruled tables are found in the page image and
rebuilt from the boxes as TAB rows (loaders.formats.scantable); the other boxes are grouped
into visual lines, and the lines go through the same paragraph rejoining as a text layer. A line's confidence is the
lowest score of its boxes (a weak box is what a reader must check).
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from base.errors import BadInputError
from loaders.formats import scantable
from loaders.formats.base import join_wrapped
from loaders.formats.layout import PLine

# 150 dpi: RapidOCR's CER was 0.10% at 150 and 0.13% at 200 dpi on the same pages, in 70% of the time.
DPI = 150
INSTALL_HINT = ("Install an OCR engine: `pip install rapidocr-onnxruntime` (recommended; Chinese models "
                "included, runs offline) or `apt-get install tesseract-ocr tesseract-ocr-chi-sim`; "
                "or load a PDF that has a text layer.")

Box = scantable.Box  # x0, top, x1, bottom, text, score (0-1)


def engine_name() -> str | None:
    """The OCR engine that would be used, or None when none is installed."""
    if _rapidocr() is not None:
        return "rapidocr"
    if _tesseract() is not None:
        return "tesseract"
    return None


@functools.lru_cache(maxsize=1)
def _rapidocr() -> Any:
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError:
        return None
    return RapidOCR()


@functools.lru_cache(maxsize=1)
def _tesseract() -> str | None:
    exe = shutil.which("tesseract")
    if exe is None:
        return None
    try:
        langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30).stdout.split()
    except (OSError, subprocess.SubprocessError):
        return None
    return exe if "chi_sim" in langs else None


def read_pages(data: bytes, pages: list[int], *, source: str, engine: str | None = None) -> list[PLine]:
    """OCR the given 1-based pages of a PDF. Raises BadInputError when no engine is installed."""
    import pypdfium2 as pdfium

    engine = engine or engine_name()
    if engine is None:
        raise BadInputError(f"{source}: {len(pages)} page(s) are scanned images without a text layer, "
                            "and no OCR engine is installed to read them.", hint=INSTALL_HINT)
    pdf = pdfium.PdfDocument(data)
    out: list[PLine] = []
    try:
        for number in pages:
            image = pdf[number - 1].render(scale=DPI / 72).to_pil().convert("L")
            out.extend(read_page(image, number, engine=engine))
    finally:
        pdf.close()
    return out


def ocr_image(image: Any, *, engine: str) -> list[Box]:
    """Text boxes of one page image (a PIL image)."""
    if engine == "rapidocr":
        import numpy as np

        result, _ = _rapidocr()(np.asarray(image.convert("RGB")))
        boxes: list[Box] = []
        for points, text, score in result or []:
            xs = [p[0] for p in points]
            ys = [p[1] for p in points]
            boxes.append((min(xs), min(ys), max(xs), max(ys), text, float(score)))
        return boxes
    if engine == "tesseract":
        return _tesseract_boxes(image)
    raise ValueError(f"unknown OCR engine {engine!r}")


def _tesseract_boxes(image: Any) -> list[Box]:
    exe = _tesseract()
    if exe is None:
        raise BadInputError("Tesseract with the chi_sim language is not installed.", hint=INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="policygraph-ocr-") as tmp:
        path = Path(tmp) / "page.png"
        image.save(path)
        tsv = subprocess.run([exe, str(path), "stdout", "-l", "chi_sim", "--psm", "6", "tsv"],
                             capture_output=True, text=True, timeout=300, check=True).stdout
    lines: dict[tuple[str, str, str], list[list[str]]] = {}
    for row in tsv.splitlines()[1:]:
        f = row.split("\t")
        if len(f) == 12 and f[0] == "5" and f[11].strip():
            lines.setdefault((f[2], f[3], f[4]), []).append(f)
    boxes: list[Box] = []
    for words in lines.values():
        text = ""
        for w in words:
            text = join_wrapped(text, w[11].strip())
        x0 = min(float(w[6]) for w in words)
        top = min(float(w[7]) for w in words)
        x1 = max(float(w[6]) + float(w[8]) for w in words)
        bottom = max(float(w[7]) + float(w[9]) for w in words)
        score = min(max(float(w[10]), 0.0) for w in words) / 100
        boxes.append((x0, top, x1, bottom, text, score))
    return boxes


# The OCR models read the year brackets of a 文号 (〔2019〕, U+3014/3015) as 【】 or [] - glyphs
# they were trained on far more often. A year in such brackets followed by 号 is a document
# number; nothing else is corrected.
_DOC_NUMBER_BRACKETS = re.compile(r"[【\[［(（]\s*(\d{4})\s*[】\]］)）](?=\s*\d{1,4}\s*号)")


def fix_document_numbers(text: str) -> str:
    """国发【2019】3号 -> 国发〔2019〕3号 (OCR's misread of the 文号 year brackets)."""
    return _DOC_NUMBER_BRACKETS.sub(r"〔\1〕", text)


def read_page(image: Any, page: int, *, engine: str) -> list[PLine]:
    """One page image's lines, top to bottom: each ruled table's cells pasted apart and OCRed
    (loaders.formats.scantable), its rows read as TAB rows (locator "page N table T row R");
    the rest of the page OCRed with the tables blanked and grouped into visual lines."""
    import numpy as np
    from PIL import Image

    gray = np.asarray(image.convert("L"))
    height = float(image.height)
    tables = scantable.find_tables(gray)
    rest = scantable.blank_tables(gray, tables) if tables else gray
    out = _lines(ocr_image(Image.fromarray(rest), engine=engine), page, height) if rest.min() < scantable.INK else []
    for number, table in enumerate(tables, start=1):
        spread, placed = scantable.spread(gray, table)
        cells = scantable.place_back(ocr_image(Image.fromarray(spread), engine=engine), placed)
        for p in placed:
            if (p.row, p.cell) not in cells:
                found = _lone_cell(gray[p.top - int(p.dy) : p.bottom - int(p.dy), p.x0 - int(p.dx) : p.x1 - int(p.dx)],
                                   p.x0 - p.dx, p.top - p.dy, engine=engine)
                if found:
                    cells[(p.row, p.cell)] = found
        for r in scantable.rows_of(table, number, cells):
            out.append(PLine(fix_document_numbers(r.text), page, r.x0, r.x1, r.top, r.bottom, height, 10.0,
                             confidence=r.confidence, table_row=True,
                             locator=f"page {page} table {r.table} row {r.number}"))
    out.sort(key=lambda ln: (ln.top, ln.x0))
    return out


# A cell's ink no taller than this (pixels at 150 dpi, a line of 10.5-14 pt text) is one line.
ONE_LINE = 45


def _lone_cell(inside: Any, x0: float, top: float, *, engine: str) -> list[Box]:
    """The text of a cell in which the detector found nothing although it holds ink: a lone
    narrow glyph (the 序号 1 or 7) is too small for the text detector. One line of ink is
    recognised as it stands (RapidOCR without detection); more is OCRed on its own."""
    import numpy as np
    from PIL import Image

    ink = np.argwhere(inside < scantable.INK)
    if not len(ink):
        return []
    (t, left), (b, right) = ink.min(axis=0), ink.max(axis=0)
    pad = 4
    t, left = max(int(t) - pad, 0), max(int(left) - pad, 0)
    b, right = min(int(b) + pad + 1, inside.shape[0]), min(int(right) + pad + 1, inside.shape[1])
    crop = Image.fromarray(np.ascontiguousarray(inside[t:b, left:right]))
    if engine == "rapidocr" and b - t <= ONE_LINE:
        result, _ = _rapidocr()(np.asarray(crop.convert("RGB")), use_det=False, use_cls=False)
        return [(x0 + left, top + t, x0 + right, top + b, str(text), float(score))
                for text, score in result or [] if str(text).strip()]
    framed = Image.new("L", (crop.width + 16, crop.height + 16), 255)
    framed.paste(crop, (8, 8))
    return [(bx0 + x0 + left - 8, bt + top + t - 8, bx1 + x0 + left - 8, bb + top + t - 8, text, score)
            for bx0, bt, bx1, bb, text, score in ocr_image(framed, engine=engine)]


def _lines(boxes: list[Box], page: int, height: float) -> list[PLine]:
    """Group boxes into visual lines: a box joins the line whose vertical middle it covers."""
    out = []
    for n, row in enumerate(scantable.visual_lines(boxes), start=1):
        text = ""
        for b in row:
            text = join_wrapped(text, b[4].strip())
        text = fix_document_numbers(text)
        heights = sorted(b[3] - b[1] for b in row)
        out.append(PLine(text, page, min(b[0] for b in row), max(b[2] for b in row), min(b[1] for b in row),
                         max(b[3] for b in row), height, heights[len(heights) // 2],
                         confidence=round(min(b[5] for b in row), 4), locator=f"page {page} line {n}"))
    return out
