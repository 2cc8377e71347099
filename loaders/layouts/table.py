"""Tab-separated tables: 序号 | 改革举措 | 主要内容 | 指导部门/责任部门 | 推广范围.

This is how national batch lists and many city task lists come out of PDF/Word. The
damage we repair:

- **rows split by a page break**: the row continues on a later line whose 序号 cell is
  empty (``\\t授信担保…\\t并建立…\\t科技部、…\\t改革试验区``), often after a blank line.
  The continuation is joined cell by cell onto the row above;
- **cells broken mid-word**, sometimes with the boundary character printed twice
  (``8个改`` + ``改革试验区``). The doubled character is dropped only when the text
  elsewhere supports the shorter reading (see :func:`join_cells`);
- **repeated header rows** after page breaks are skipped;
- **category rows** (``一、科技金融创新方面（共7项）``, possibly wrapped in ``<b>`` which
  normalisation removed) set the category of the rows below; a category that announces
  N items but has no rows (军民深度融合, listed by count only) yields N untitled measures
  that continue the numbering.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.layouts.base import CN_DIGITS, Item, LayoutResult, Lines, join_broken
from loaders.normalize import Normalized
from loaders.responsibility import parse_clause

NAME = "table"

# Header cell names -> the column they stand for.
_COLUMNS = {
    "seq": re.compile(r"^(?:序号|编号|序)$"),
    "title": re.compile(r"^(?:改革举措|举措名称|改革事项|任务名称|任务|举措|改革举措名称|事项)$"),
    "content": re.compile(r"^(?:主要内容|具体内容|工作内容|内容|主要措施|具体措施|工作措施)$"),
    "departments": re.compile(r"^(?:指导部门|责任部门|责任单位|牵头部门|牵头单位|牵头及责任单位|责任主体|实施部门)$"),
    "scope": re.compile(r"^(?:推广范围|实施范围|范围)$"),
}
# Column headers whose departments guide rather than lead (a national list's 指导部门).
_GUIDE_HEADER = re.compile(r"指导")
_CATEGORY_RE = re.compile(
    rf"^\s*([{CN_DIGITS}]+)、\s*(.+?)(?:方面)?\s*[（(]\s*共?\s*(\d+)\s*项\s*[）)]\s*$"
)
_CATEGORY_NOCOUNT_RE = re.compile(rf"^\s*([{CN_DIGITS}]+)、\s*(.+?方面)\s*$")
# 序号 cells: 3 / 3. / 3、 / （3）
_SEQ_RE = re.compile(r"^\s*[（(]?\s*(\d{1,3})\s*[)）.、]?\s*$")


def _is_row(line: str) -> bool:
    """A table line: tab-separated (PDF/Word exports) or a Markdown pipe row (web exports)."""
    return "\t" in line or line.lstrip().startswith("|")


def _cells(line: str) -> list[str]:
    if "\t" not in line and line.lstrip().startswith("|"):
        inner = line.strip().removeprefix("|").removesuffix("|")
        return [c.strip() for c in inner.split("|")]
    return [c.strip() for c in line.split("\t")]


_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def _header_columns(cells: list[str]) -> dict[str, int] | None:
    cols: dict[str, int] = {}
    for i, cell in enumerate(cells):
        # 责任部门（排在首位的为牵头单位）: the remark is a rule, not part of the column name
        cell = re.sub(r"[（(][^）)]*[）)]$", "", cell).strip()
        for col, pat in _COLUMNS.items():
            if col not in cols and pat.match(cell):
                cols[col] = i
    # A table needs a title column and two more (序号 is usual but not required).
    if "title" in cols and len(cols) >= 3:
        return cols
    return None


def _seq(cell: str) -> int | None:
    m = _SEQ_RE.match(cell)
    return int(m.group(1)) if m else None


def join_cells(a: str, b: str, corpus: str) -> str:
    """Join a cell broken over a page break.

    A PDF page break sometimes prints the boundary character on both pages (``8个改`` /
    ``改革试验区``). We drop the repeat only when the text elsewhere supports the shorter
    reading: the few characters around the joint, read once, occur elsewhere in the
    document more often than read twice. Otherwise the pieces are concatenated.
    """
    if not a or not b:
        return a or b
    for k in range(min(len(a), len(b), 4), 0, -1):
        if a[-k:] != b[:k]:
            continue
        once = a[-3:] + b[k : k + 3]
        twice = a[-3:] + b[: k + 3]
        if corpus.count(once) > corpus.count(twice):
            return a + b[k:]
    return join_broken(a, b)


@dataclass
class _Category:
    heading: str  # as printed: 一、科技金融创新方面（共7项）
    name: str  # 科技金融创新
    count: int  # announced item count, 0 when not printed
    line: int
    rows: int = 0  # item rows found under it


@dataclass
class _Row:
    cells: list[str]
    number: int
    first: int  # first and last physical line (a row split by a page break spans several)
    last: int
    category: _Category | None


def parse(doc: Normalized) -> LayoutResult | None:
    lines = Lines(doc)
    header_at, cols = None, None
    for i, line in enumerate(lines.items):
        if _is_row(line):
            cols = _header_columns(_cells(line))
            if cols:
                header_at = i
                break
    if header_at is None or cols is None:
        return None

    header = _cells(lines[header_at])
    guide = "departments" in cols and bool(_GUIDE_HEADER.search(header[cols["departments"]]))
    ncols = max(cols.values()) + 1
    seq_col = cols.get("seq")
    warnings: list[str] = []

    # Pass 1: group physical lines into categories and logical rows, in printed order.
    order: list[_Category | _Row] = []
    rows: list[_Row] = []
    category: _Category | None = None
    for i in range(header_at + 1, len(lines)):
        line = lines[i]
        if not line.strip() or _PIPE_RULE.match(line):
            continue  # blank lines are page breaks inside the table
        cells = _cells(line)
        cells += [""] * (ncols - len(cells))
        seq_cell = cells[seq_col] if seq_col is not None else ""
        others = [c for j, c in enumerate(cells) if j != seq_col and c]
        cat = _category(cells[0]) if len([c for c in cells if c]) == 1 else None
        if cat:
            category = _Category(*cat, line=i)
            order.append(category)
            continue
        if not _is_row(line):
            break  # ordinary prose after the table (抄送：…) ends it
        if _header_columns(cells):
            continue  # the header repeated after a page break
        # A new row has its 序号; without a 序号 column, any row with a title starts one.
        if seq_col is not None:
            number = _seq(seq_cell)
        else:
            number = len(rows) + 1 if cells[cols["title"]] else None
        if number is not None:
            row = _Row(cells, number, i, i, category)
            rows.append(row)
            order.append(row)
            if category is not None:
                category.rows += 1
        elif not seq_cell and others and rows:
            # The rest of the row above, after a page break: join cell by cell.
            prev = rows[-1]
            prev.cells = [join_cells(x, y, doc.text) for x, y in zip(prev.cells, cells, strict=False)]
            prev.last = i
        else:
            warnings.append(f"line {i + 1}: table row not understood, skipped: {line.strip()[:40]}")

    # Pass 2: items, with untitled measures for categories announced only by their count
    # (军民深度融合（共4项）): they continue the numbering of the rows before them. Only beside
    # real rows - a table of headers and categories alone has no measures.
    items: list[Item] = []
    last_number = 0
    for entry in order:
        if isinstance(entry, _Row):
            items.append(_row_item(entry, cols, guide, lines))
            last_number = max(last_number, entry.number)
        elif entry.count and entry.rows == 0 and rows:
            _, start, end = lines.span_text(entry.line, entry.line)
            for n in range(last_number + 1, last_number + entry.count + 1):
                items.append(Item(key=str(n), section=entry.heading, category=entry.name,
                                  untitled=True, char_start=start, char_end=end))  # fmt: skip
            last_number += entry.count
        elif entry.count and entry.rows != entry.count:
            warnings.append(f"category {entry.name} announces {entry.count} items; the table has {entry.rows}")
    if not items:
        return None
    return LayoutResult(layout=NAME, items=items, warnings=warnings)


def _row_item(row: _Row, cols: dict[str, int], guide: bool, lines: Lines) -> Item:
    def cell(col: str) -> str | None:
        return (row.cells[cols[col]] or None) if col in cols else None

    dept_text = cell("departments")
    resp = None
    if dept_text:
        resp = parse_clause(dept_text)
        if guide:
            # A national list's 指导部门 guide the measure; nobody "leads" it locally.
            resp.roles = ["guide"] * len(resp.names)
            resp.rule = "guiding-department"
    _, start, end = lines.span_text(row.first, row.last)
    return Item(
        key=str(row.number),
        section=row.category.heading if row.category else None,
        category=row.category.name if row.category else None,
        title=cell("title"),
        content=cell("content"),
        scope=cell("scope"),
        departments_printed=dept_text,
        responsibility=resp,
        char_start=start,
        char_end=end,
    )


def _category(text: str) -> tuple[str, str, int] | None:
    """(heading, name, announced count) of a category row, or None."""
    text = text.strip()
    m = _CATEGORY_RE.match(text)
    if m:
        return text, m.group(2).strip(), int(m.group(3))
    m = _CATEGORY_NOCOUNT_RE.match(text)
    if m:
        return text, m.group(2).removesuffix("方面").strip(), 0
    return None
