"""Ruled tables in a page image (a scan), rebuilt from the ruling lines and the OCR's text boxes.

OCR gives text boxes, not cells: read as lines, a task table's 序号 | 重点任务 | 牵头单位 | 配合单位
row comes out as the cells' lines side by side, and who leads is lost. Here the table is
rebuilt the way pdfplumber rebuilds a text PDF's ruled table (loaders.formats.pdf):

1. **Ruling lines**: dark pixels in long horizontal and vertical runs (numpy only: a run of
   ``MIN_RUN`` dark pixels in a row or column is a rule; letters are far shorter). A rule
   that crosses no rule of the other direction (a heading's underline) is no table.
2. **Cells**: the smallest rectangles whose four corners are crossings of rules joined by
   rules (pdfplumber's "lines" strategy), so a merged cell (a category row across the table)
   is one cell.
3. **Text per cell** (``spread``): the cells' insides, rules left out, are pasted apart on a
   white image and OCRed in one call (loaders.formats.ocr); each box goes back to its cell.
   The rest of the page is OCRed with the tables blanked. On the whole page the text detector
   ran text across a column rule (``银行与专业投银行在依法合规…``: the task cell and the content
   cell in one box) and missed the one-digit 序号 beside a rule; a box's characters cannot be
   shared out by position (the gap between cells is not a character). docs/FORMATS.md has the
   approaches compared.
4. **Rows**: cells by their top rule, left to right, each cell's lines joined like a wrapped
   line (``join_wrapped``): the same TAB row (``PLine(table_row=True)``, locator
   "page N table T row R") that pdf.py makes for a text PDF, so the table layout reads it.

A row cut by a page break has no closing rule at the page's foot (nor an opening rule at the
next page's head), but its column rules run on to the cut: a rule across the table is
assumed there, so the part-row is read as a row (with its 序号 cell empty on the next page,
which the table layout joins to the row above).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from loaders.formats.base import join_wrapped, table_row

Box = tuple[float, float, float, float, str, float]  # x0, top, x1, bottom, text, score (as ocr.Box)

# A grey level below this is ink (the rules of a 150-dpi greyscale scan are 1-2 px, anti-aliased).
INK = 160
# A rule is a run of ink at least this long, in pixels at 150 dpi (about 8 mm): the longest
# stroke of a character at 10.5-12 pt is under 30 px; the narrowest column of a task table (a
# one-character 推广范围 column) is wider than this with its padding.
MIN_RUN = 48
# Ink rows/columns closer than this are one rule (a rule 2-3 px thick, or JPEG blur).
MERGE = 3
# Rules within this many pixels meet (corners, and a rule that stops just short of another).
SNAP = 6


@dataclass
class Rule:
    at: float  # y of a horizontal rule, x of a vertical one
    start: float  # x0 (horizontal) or top (vertical)
    end: float
    width: float = 1.0  # thickness in pixels


@dataclass
class Cell:
    x0: float  # the middle of its rules
    top: float
    x1: float
    bottom: float
    inset: float = 2.0  # half the thickest rule plus a pixel: the cell's inside starts this far in

    def inside(self) -> tuple[int, int, int, int]:
        """The cell's inside, rules excluded, in whole pixels (x0, top, x1, bottom)."""
        i = self.inset
        return (int(self.x0 + i + 0.5), int(self.top + i + 0.5), int(self.x1 - i), int(self.bottom - i))


@dataclass
class Table:
    x0: float
    top: float
    x1: float
    bottom: float
    rows: list[list[Cell]]  # cells of each row, left to right (a merged cell once, in its top row)
    rules: list[tuple[bool, Rule]] = field(default_factory=list)  # (vertical?, rule), to erase them

    def contains(self, x: float, y: float) -> bool:
        return self.x0 <= x <= self.x1 and self.top <= y <= self.bottom


# ------------------------------------------------------------------ rules


def rules(gray: Any, *, vertical: bool, min_run: int = MIN_RUN) -> list[Rule]:
    """Horizontal (or vertical) rules of a greyscale image (a 2-D uint8 numpy array)."""
    import numpy as np

    ink = np.asarray(gray) < INK
    if vertical:
        ink = ink.T
    if ink.shape[1] < min_run:
        return []
    csum = np.cumsum(ink, axis=1, dtype=np.int32)
    csum = np.concatenate([np.zeros((ink.shape[0], 1), dtype=np.int32), csum], axis=1)
    full = (csum[:, min_run:] - csum[:, :-min_run]) == min_run  # full[r, c]: ink from c to c+min_run
    segments: list[tuple[int, int, int]] = []  # (line, start, end)
    for r in np.flatnonzero(full.any(axis=1)):
        starts = full[r]
        # runs of True in starts: each is a stretch of ink at least min_run long
        edges = np.flatnonzero(np.diff(np.concatenate([[0], starts.astype(np.int8), [0]])))
        for s, e in zip(edges[::2], edges[1::2], strict=True):
            segments.append((int(r), int(s), int(e + min_run - 2)))  # inclusive end
    return _merge_segments(segments)


def _merge_segments(segments: list[tuple[int, int, int]]) -> list[Rule]:
    """Ink runs on neighbouring pixel lines that overlap are one rule (a thick or blurred line)."""
    groups: list[list[tuple[int, int, int]]] = []
    for seg in sorted(segments):
        for g in reversed(groups):
            last = g[-1]
            if seg[0] - last[0] > MERGE:
                continue
            if any(seg[1] <= o[2] and o[1] <= seg[2] for o in g):
                g.append(seg)
                break
        else:
            groups.append([seg])
    out = []
    for g in groups:
        lines = [s[0] for s in g]
        out.append(Rule((min(lines) + max(lines)) / 2, min(s[1] for s in g), max(s[2] for s in g),
                        max(lines) - min(lines) + 1))
    return out


# ------------------------------------------------------------------ tables


def find_tables(gray: Any) -> list[Table]:
    """The ruled tables of a page image, top to bottom."""
    return tables_from_rules(rules(gray, vertical=False), rules(gray, vertical=True))


def tables_from_rules(hs: list[Rule], vs: list[Rule]) -> list[Table]:
    """Tables from horizontal and vertical rules: groups of rules that cross, their cells."""
    hs = [h for h in hs if any(_crosses(h, v) for v in vs)]
    vs = [v for v in vs if any(_crosses(h, v) for h in hs)]
    out = []
    for group_h, group_v in _connected(hs, vs):
        if len(group_v) < 2:
            continue
        group_h = _close_cut_rows(group_h, group_v)
        if len(group_h) < 2:
            continue
        cells = _cells(group_h, group_v)
        if not cells:
            continue
        tops = sorted({c.top for c in cells})
        rows = [sorted((c for c in cells if c.top == t), key=lambda c: c.x0) for t in tops]
        out.append(Table(min(c.x0 for c in cells), min(c.top for c in cells),
                         max(c.x1 for c in cells), max(c.bottom for c in cells), rows,
                         [(False, h) for h in group_h] + [(True, v) for v in group_v]))
    return sorted(out, key=lambda t: t.top)


def _crosses(h: Rule, v: Rule) -> bool:
    return h.start - SNAP <= v.at <= h.end + SNAP and v.start - SNAP <= h.at <= v.end + SNAP


def _connected(hs: list[Rule], vs: list[Rule]) -> list[tuple[list[Rule], list[Rule]]]:
    """Rules that cross, directly or through others: one group per table."""
    groups: list[tuple[list[Rule], list[Rule]]] = []
    seen_h: set[int] = set()
    for i, h in enumerate(hs):
        if i in seen_h:
            continue
        gh, gv = [h], []
        seen_h.add(i)
        seen_v: set[int] = set()
        frontier_h = [h]
        while frontier_h:
            cur = frontier_h.pop()
            for j, v in enumerate(vs):
                if j in seen_v or not _crosses(cur, v):
                    continue
                seen_v.add(j)
                gv.append(v)
                for k, h2 in enumerate(hs):
                    if k not in seen_h and _crosses(h2, v):
                        seen_h.add(k)
                        gh.append(h2)
                        frontier_h.append(h2)
        groups.append((gh, gv))
    return groups


def _close_cut_rows(hs: list[Rule], vs: list[Rule]) -> list[Rule]:
    """A rule across the table where its column rules run past the first or last horizontal
    rule: the row was cut by a page break and has no rule of its own there."""
    x0, x1 = min(h.start for h in hs), max(h.end for h in hs)
    first, last = min(h.at for h in hs), max(h.at for h in hs)
    out = list(hs)
    low = max(v.end for v in vs)
    if low > last + 2 * SNAP:
        out.append(Rule(low, x0, x1))
    high = min(v.start for v in vs)
    if high < first - 2 * SNAP:
        out.append(Rule(high, x0, x1))
    return sorted(out, key=lambda h: h.at)


def _cells(hs: list[Rule], vs: list[Rule]) -> list[Cell]:
    """pdfplumber's rule: from each crossing, the nearest crossing below and to the right such
    that the fourth corner is a crossing too and the four sides are drawn."""
    ys = _snap_values([h.at for h in hs])
    xs = _snap_values([v.at for v in vs])

    def h_covers(y: float, a: float, b: float) -> bool:
        return any(abs(h.at - y) <= SNAP and h.start - SNAP <= a and b <= h.end + SNAP for h in hs)

    def v_covers(x: float, a: float, b: float) -> bool:
        return any(abs(v.at - x) <= SNAP and v.start - SNAP <= a and b <= v.end + SNAP for v in vs)

    def corner(x: float, y: float) -> bool:
        return h_covers(y, x, x) and v_covers(x, y, y)

    inset = max(r.width for r in [*hs, *vs]) / 2 + 1
    cells = []
    for y in ys:
        for x in xs:
            if not corner(x, y):
                continue
            found = None
            for y2 in (y2 for y2 in ys if y2 > y):
                if not v_covers(x, y, y2):
                    break
                for x2 in (x2 for x2 in xs if x2 > x):
                    if not h_covers(y, x, x2):
                        break
                    if corner(x2, y2) and v_covers(x2, y, y2) and h_covers(y2, x, x2):
                        found = Cell(x, y, x2, y2, inset)
                        break
                    if corner(x2, y) and v_covers(x2, y, y2):
                        break  # a column rule reaches down from here: the cell is narrower
                if found:
                    break
            if found:
                cells.append(found)
    return cells


def _snap_values(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= SNAP:
            continue
        out.append(v)
    return out


# White put between the cells of a spread table (pixels at 150 dpi, about two characters): the
# text detector joins text across a gap of a character or less, never across this.
GAP = 40
# Between rows less is needed (lines of text are never joined top to bottom), and every pixel
# counts: RapidOCR shrinks an image whose long side passes 2,000 px, and a page is 1,650.
ROW_GAP = 16


@dataclass
class Placement:
    """Where one cell's inside was put on the spread image."""

    row: int  # index in Table.rows
    cell: int  # index in the row
    x0: int  # on the spread image
    top: int
    x1: int
    bottom: int
    dx: float  # page x = spread x - dx
    dy: float


def spread(gray: Any, table: Table) -> tuple[Any, list[Placement]]:
    """The table's cells, insides only (rules left out), pasted apart on a white image: ``GAP``
    pixels of white at every column rule, ``ROW_GAP`` at every row rule. A cell merged over several columns or rows
    is moved as one block, so its text stays whole.

    Why: on the page, the text detector runs a line of one cell into the next across a thin
    rule (``银行与专业投银行在依法合规…``: the task and the content cell in one box), and with the
    rules erased across the narrow padding; beside a rule it misses a one-digit 序号. Apart,
    every box lies in one cell. One OCR call per table, about the time of the page itself."""
    import numpy as np

    page = np.asarray(gray)
    xs = sorted({c.x0 for row in table.rows for c in row})
    ys = sorted({c.top for row in table.rows for c in row})
    width = int(table.x1 - table.x0) + GAP * (len(xs) + 1)
    height = int(table.bottom - table.top) + ROW_GAP * (len(ys) + 1)
    out = np.full((height, width), 255, dtype=np.uint8)
    placed: list[Placement] = []
    for r, cells in enumerate(table.rows):
        for c, cell in enumerate(cells):
            x0, top, x1, bottom = cell.inside()
            if x1 - x0 < 2 or bottom - top < 2:
                continue
            nx = x0 - int(table.x0) + GAP * (xs.index(cell.x0) + 1)
            ny = top - int(table.top) + ROW_GAP * (ys.index(cell.top) + 1)
            out[ny : ny + bottom - top, nx : nx + x1 - x0] = page[top:bottom, x0:x1]
            placed.append(Placement(r, c, nx, ny, nx + x1 - x0, ny + bottom - top, nx - x0, ny - top))
    return out, placed


def place_back(boxes: list[Box], placed: list[Placement]) -> dict[tuple[int, int], list[Box]]:
    """Boxes found on a spread image, in page coordinates, by the (row, cell) whose inside holds
    their middle; a box in the white between cells (none was seen) is dropped."""
    out: dict[tuple[int, int], list[Box]] = {}
    for box in boxes:
        x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        p = next((p for p in placed
                  if p.x0 - GAP / 2 <= x <= p.x1 + GAP / 2 and p.top - ROW_GAP / 2 <= y <= p.bottom + ROW_GAP / 2), None)
        if p is not None:
            out.setdefault((p.row, p.cell), []).append(
                (box[0] - p.dx, box[1] - p.dy, box[2] - p.dx, box[3] - p.dy, box[4], box[5]))
    return out


def blank_tables(gray: Any, tables: list[Table]) -> Any:
    """The page image with the tables painted white (what is left is read as lines)."""
    import numpy as np

    out = np.array(gray, copy=True)
    for t in tables:
        out[max(int(t.top) - 3, 0) : int(t.bottom) + 4, max(int(t.x0) - 3, 0) : int(t.x1) + 4] = 255
    return out


# ------------------------------------------------------------------ boxes -> rows


def cell_text(boxes: list[Box]) -> str:
    """A cell's boxes as one line: visual lines top to bottom, boxes left to right, joined like
    a wrapped paragraph."""
    text = ""
    for line in visual_lines(boxes):
        for b in line:
            text = join_wrapped(text, b[4].strip())
    return text


def visual_lines(boxes: list[Box]) -> list[list[Box]]:
    """Boxes grouped into visual lines (a box joins the line whose vertical middle it covers),
    top to bottom, each left to right."""
    rows: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: ((b[1] + b[3]) / 2, b[0])):
        mid = (box[1] + box[3]) / 2
        for row in rows:
            if min(b[1] for b in row) <= mid <= max(b[3] for b in row):
                row.append(box)
                break
        else:
            rows.append([box])
    rows.sort(key=lambda r: min(b[1] for b in r))
    for row in rows:
        row.sort(key=lambda b: b[0])
    return rows


@dataclass
class Row:
    text: str  # cells joined by TAB (table_row)
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float | None  # the lowest score of its boxes
    table: int  # 1-based on the page
    number: int  # 1-based in the table


def rows_of(table: Table, number: int, cells: dict[tuple[int, int], list[Box]]) -> list[Row]:
    """The table's rows as TAB rows, from each cell's boxes (``place_back``); empty rows left out."""
    out: list[Row] = []
    for r, row in enumerate(table.rows):
        got = [cells.get((r, c), []) for c in range(len(row))]
        text = table_row([cell_text(b) for b in got])
        if not text:
            continue
        scores = [b[5] for boxes in got for b in boxes]
        out.append(Row(text, row[0].x0, min(c.top for c in row), row[-1].x1, max(c.bottom for c in row),
                       round(min(scores), 4) if scores else None, number, r + 1))
    return out
