"""Excel .xlsx task tables -> TAB rows (openpyxl).

Every sheet is read in order, row by row; a row's cells are joined by a TAB. A merged
range is printed once, in its top-left cell: the other cells of the range are left out of
their rows (as a web page leaves out a spanned cell), so a category row merged across
the sheet is a one-cell row. Formulas are read as their cached values.
"""

from __future__ import annotations

import hashlib
import io
import zipfile

from base.errors import BadInputError
from loaders.formats.base import Document, Line, drop_blank, table_row

_HINT = "Open the workbook in Excel or WPS and save it again as .xlsx, or export the sheet as text."


def read(data: bytes, source: str) -> Document:
    import openpyxl

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise BadInputError(f"{source}: not an .xlsx workbook (not a ZIP package; damaged, encrypted or an old .xls).",
                            hint=_HINT)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    except Exception as exc:  # openpyxl raises KeyError/InvalidFileException/XML errors on bad parts
        raise BadInputError(f"{source}: the workbook cannot be read ({type(exc).__name__}: {exc}).",
                            hint=_HINT) from exc
    lines: list[Line] = []
    for ws in wb.worksheets:
        covered: set[tuple[int, int]] = set()
        for rng in ws.merged_cells.ranges:
            for row in range(rng.min_row, rng.max_row + 1):
                for col in range(rng.min_col, rng.max_col + 1):
                    if (row, col) != (rng.min_row, rng.min_col):
                        covered.add((row, col))
        for r, row_cells in enumerate(ws.iter_rows(), start=1):
            cells = [_value(c.value) for c in row_cells if (c.row, c.column) not in covered]
            text = table_row(cells)
            if text:
                lines.append(Line(text, f"sheet {ws.title} row {r}"))
    lines = drop_blank(lines)
    if not lines:
        raise BadInputError(f"{source}: the workbook holds no text.", hint=_HINT)
    return Document(lines=lines, format="xlsx", sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                    encoding="xlsx")


def _value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 序号 1 saved as 1.0
    return str(value)
