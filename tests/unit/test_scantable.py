"""Ruled tables in page images (loaders.formats.scantable), on drawn images and made-up boxes.

No OCR engine is needed: the rules are drawn with numpy, the text boxes are written by hand.
The OCR of real scanned tables is measured on the corpus (tests/corpus/format-scan-*).
"""

from __future__ import annotations

import numpy as np
import pytest

from loaders.formats import scantable
from loaders.formats.scantable import GAP, ROW_GAP, Cell, Rule, Table


def _page(h: int = 600, w: int = 800) -> np.ndarray:
    return np.full((h, w), 255, dtype=np.uint8)


def _hline(img: np.ndarray, y: int, x0: int, x1: int) -> None:
    img[y : y + 2, x0 : x1 + 1] = 0


def _vline(img: np.ndarray, x: int, top: int, bottom: int) -> None:
    img[top : bottom + 1, x : x + 2] = 0


def _task_table(img: np.ndarray) -> None:
    """序号 | 任务 | 牵头单位 with a category row merged across the three columns:

        y=100  +----+---------+------+
               | 序号| 任务     | 牵头  |      row 1 (header)
        y=150  +----+---------+------+
               | 一、类别（共1项）        |      row 2 (merged)
        y=200  +----+---------+------+
               | 1  | 任务一   | 甲局  |      row 3
        y=300  +----+---------+------+
              x=50 x=120     x=500  x=700
    """
    for y in (100, 150, 200, 300):
        _hline(img, y, 50, 700)
    for x in (50, 700):
        _vline(img, x, 100, 300)
    for x in (120, 500):  # the inner column rules stop at the merged row
        _vline(img, x, 100, 150)
        _vline(img, x, 200, 300)


def test_rules_are_long_ink_runs_and_letters_are_not():
    img = _page()
    _hline(img, 100, 50, 700)
    img[300:330, 200:205] = 0  # a stroke of a character: 30 px, shorter than a rule
    img[400:403, 200:230] = 0
    hs = scantable.rules(img, vertical=False)
    vs = scantable.rules(img, vertical=True)
    assert [(round(h.at), h.start, h.end) for h in hs] == [(100, 50, 700)]
    assert vs == []


def test_a_ruled_table_with_a_merged_row():
    img = _page()
    _task_table(img)
    tables = scantable.find_tables(img)
    assert len(tables) == 1
    t = tables[0]
    assert [len(r) for r in t.rows] == [3, 1, 3]
    merged = t.rows[1][0]
    assert (merged.x0, merged.x1) == (50.5, 700.5)  # the middles of the 2-px rules
    assert [c.x0 for c in t.rows[2]] == [50.5, 120.5, 500.5]


def test_lines_that_cross_nothing_are_no_table():
    img = _page()
    _hline(img, 100, 50, 700)  # a rule under a heading
    _hline(img, 500, 50, 700)
    _vline(img, 750, 50, 550)  # a margin line that meets neither
    assert scantable.find_tables(img) == []


def test_a_row_cut_by_the_page_foot_is_closed():
    # The column rules run on past the last horizontal rule to the page's foot: the row
    # continues on the next page, and is read as a row here.
    img = _page()
    for y in (100, 150):
        _hline(img, y, 50, 700)
    for x in (50, 120, 500, 700):
        _vline(img, x, 100, 260)
    t = scantable.find_tables(img)[0]
    assert [len(r) for r in t.rows] == [3, 3]
    assert t.rows[1][0].bottom == 260


def _table_3x2() -> Table:
    """Two rows of three cells, by hand (x rules 0, 100, 300, 400; y rules 0, 50, 150)."""
    xs, ys = (0, 100, 300, 400), (0, 50, 150)
    rows = [[Cell(xs[c], ys[r], xs[c + 1], ys[r + 1]) for c in range(3)] for r in range(2)]
    return Table(0, 0, 400, 150, rows)


def test_spread_puts_every_cell_apart_and_back():
    gray = np.full((200, 450), 255, dtype=np.uint8)
    gray[70:90, 110:130] = 0  # ink inside row 2, cell 2
    table = _table_3x2()
    spread, placed = scantable.spread(gray, table)
    assert len(placed) == 6
    # at least GAP of white between two cells side by side, ROW_GAP between rows
    for a in placed:
        for b in placed:
            if a is b:
                continue
            apart_x = max(b.x0 - a.x1, a.x0 - b.x1)
            apart_y = max(b.top - a.bottom, a.top - b.bottom)
            assert apart_x >= GAP or apart_y >= ROW_GAP
    # the ink was copied to its cell's place, unchanged
    p = next(p for p in placed if (p.row, p.cell) == (1, 1))
    assert spread[int(70 + p.dy) : int(90 + p.dy), int(110 + p.dx) : int(130 + p.dx)].max() == 0
    # a box found there comes back in page coordinates, in that cell
    box = (110 + p.dx, 70 + p.dy, 130 + p.dx, 90 + p.dy, "甲局", 0.9)
    back = scantable.place_back([box], placed)
    assert back == {(1, 1): [(110.0, 70.0, 130.0, 90.0, "甲局", 0.9)]}


def test_a_merged_cell_moves_as_one_block():
    table = _table_3x2()
    merged = Cell(0, 50, 400, 150)
    table.rows[1] = [merged]
    gray = np.full((200, 450), 255, dtype=np.uint8)
    _, placed = scantable.spread(gray, table)
    p = next(p for p in placed if p.row == 1)
    assert p.x1 - p.x0 == merged.inside()[2] - merged.inside()[0]  # not torn at the column rules


def test_rows_join_a_cells_lines_and_keep_the_lowest_score():
    table = _table_3x2()
    cells = {
        (0, 0): [(5, 5, 40, 25, "序号", 0.99)],
        (0, 1): [(105, 5, 200, 25, "重点任务", 0.98)],
        (0, 2): [(305, 5, 390, 25, "牵头单位", 0.97)],
        (1, 0): [(5, 55, 15, 75, "1", 0.95)],
        # the task's two lines, given bottom line first: read top to bottom
        (1, 1): [(105, 80, 200, 100, "能力建设。", 0.96), (105, 55, 295, 75, "推进科技", 0.6)],
        (1, 2): [(305, 55, 390, 75, "市科技局、", 0.99), (305, 80, 360, 100, "市财政局", 0.99)],
    }
    rows = scantable.rows_of(table, 1, cells)
    assert [r.text for r in rows] == ["序号\t重点任务\t牵头单位", "1\t推进科技能力建设。\t市科技局、市财政局"]
    assert rows[1].confidence == 0.6
    assert (rows[1].table, rows[1].number) == (1, 2)


def test_empty_rows_are_left_out_and_empty_trailing_cells_dropped():
    table = _table_3x2()
    rows = scantable.rows_of(table, 1, {(1, 0): [(5, 55, 15, 75, "2", 0.9)]})
    assert [(r.text, r.number) for r in rows] == [("2", 2)]


def test_a_one_line_cell_is_one_visual_line_whatever_the_box_order():
    boxes = [(60, 10, 90, 30, "乙", 0.9), (10, 12, 50, 28, "甲", 0.9), (10, 40, 50, 60, "丙", 0.9)]
    assert scantable.cell_text(boxes) == "甲乙丙"
    assert [[b[4] for b in line] for line in scantable.visual_lines(boxes)] == [["甲", "乙"], ["丙"]]


@pytest.mark.parametrize("vertical", [False, True])
def test_a_thick_blurred_rule_is_one_rule(vertical):
    img = _page()
    img[100:104, 50:700] = 0 if not vertical else 255
    if vertical:
        img[50:500, 100:104] = 0
    got = scantable.rules(img, vertical=vertical)
    assert len(got) == 1 and got[0].width == 4
    assert isinstance(got[0], Rule)
