"""Tables: national lists and task-division tables (任务分工表), with columns in any order.

A header row names the columns (see patterns.COLUMNS): 序号 | 改革举措/重点任务/… |
主要内容 | 牵头单位 | 配合单位 | 责任单位 | 完成时限 | 责任领导 | 推广范围. This is how
national batch lists and most task lists come out of PDF/Word/HTML. Who is responsible:

- a 牵头单位 column (or 主要责任单位 / 牵头责任单位) names the lead(s); a 配合单位 column
  (or 协同配合单位), or a 责任单位 column beside a lead column, names the co-operating units;
- a 责任单位/责任部门 column alone is a clause: ``responsibility.parse_clause`` reads it
  (first-listed presumed lead unless a rule is printed);
- a national list's 指导部门 column guides, nobody leads;
- 完成时限 is the item's deadline, 责任领导 a person: neither is a department.

Two physical forms:

- **one row per line**, cells joined by TAB (or Markdown pipes). Damage repaired:
  rows split by a page break (the continuation's 序号 cell is empty: joined cell by cell),
  cells broken mid-word with the boundary character printed twice (see :func:`join_cells`),
  a cell whose text runs over several lines (a Word cell with line breaks: the lines are
  joined back into the row, and where the row then has too few cells the multi-line cell
  is split at its last line breaks), repeated header rows after page breaks;
- **one cell per line** (a web page's table copied as text): the header cells stand on
  consecutive lines, each row starts with a line holding only its 序号, and its cells follow
  one per line - or, when blank lines separate them, one blank-separated group per cell, or,
  when every cell ends with a pipe (``县教育局 |``), up to the line that carries the pipe.

Category rows (``一、科技金融创新方面（共7项）``, one cell spanning the row) set the category
of the rows below; a category that announces N items but has no rows (军民深度融合, listed by
count only) yields N untitled measures that continue the numbering.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.layouts.base import Item, LayoutResult, Lines, join_broken, strip_item_text
from loaders.layouts.patterns import (
    CELL_BREAK_RE,
    CELL_END_PIPE_RE,
    GUIDE_HEADER_RE,
    PIPE_RULE_RE,
    SEQ_CELL_RE,
    TABLE_CATEGORY_NOCOUNT_RE,
    TABLE_CATEGORY_RE,
    header_kind,
)
from loaders.normalize import Normalized
from loaders.responsibility import Responsibility, parse_clause

NAME = "table"

# In a one-cell-per-line table, the largest step between consecutive 序号 (rows left out).
_SEQ_GAP = 20
_CELL_BREAK = CELL_BREAK_RE


def _is_row(line: str) -> bool:
    """A table line: tab-separated (PDF/Word exports) or a Markdown pipe row (web exports)."""
    return "\t" in line or line.lstrip().startswith("|")


def _cells(line: str) -> list[str]:
    if "\t" not in line and line.lstrip().startswith("|"):
        inner = line.strip().removeprefix("|").removesuffix("|")
        return [c.strip() for c in inner.split("|")]
    return [c.strip() for c in line.split("\t")]


_PIPE_RULE = PIPE_RULE_RE


def _header_columns(cells: list[str]) -> dict[str, int] | None:
    cols: dict[str, int] = {}
    for i, cell in enumerate(cells):
        kind = header_kind(cell)
        if kind is None:
            continue
        if kind == "title" and "title" in cols and "content" not in cols:
            kind = "content"  # 重点任务 | 具体措施: the second is the content
        if kind not in cols:
            cols[kind] = i
    if "title" not in cols and "content" in cols:
        # 序号 | 具体措施 | 牵头单位 …: the only text column is the item's title.
        cols["title"] = cols.pop("content")
    # A table needs a title column and two more (序号 is usual but not required).
    if "title" in cols and len(cols) >= 3:
        return cols
    return None


def _sub_header(header: list[str], line: str) -> list[str] | None:
    """A two-row header: 责任单位 over 牵头单位 | 配合单位 (a merged cell in Word).

    The first row prints the merged cell once (序号 | 重点任务 | 责任单位 | 完成时限), the
    second only the cells under it (牵头单位 | 配合单位), possibly at their own column
    positions with empty cells around. The merged cell is replaced by the cells under it.
    """
    if not _is_row(line):
        return None
    cells = _cells(line)
    named = [c for c in cells if c]
    kinds = [header_kind(c) for c in named]
    if len(named) < 2 or None in kinds or not {"lead", "co"} & set(kinds):
        return None
    if len(cells) == len(header) and all(not c or not h or header_kind(h) == "departments"
                                         for c, h in zip(cells, header, strict=True)):  # fmt: skip
        # The second row keeps the column positions: fill the empty slots under the merged cell.
        merged = [c or h for c, h in zip(cells, header, strict=True)]
        return merged if merged != header else None
    spans = [i for i, h in enumerate(header) if header_kind(h) == "departments"]
    if len(spans) != 1:
        return None
    at = spans[0]
    return [*header[:at], *named, *header[at + 1 :]]


def _seq(cell: str) -> int | None:
    m = SEQ_CELL_RE.match(CELL_END_PIPE_RE.sub("", cell))
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


@dataclass
class _Table:
    header: list[str]  # header cells as printed
    cols: dict[str, int]
    order: list[_Category | _Row]
    rows: list[_Row]
    warnings: list[str]


def parse(doc: Normalized) -> LayoutResult | None:
    lines = Lines(doc)
    table = _tab_table(lines, doc.text) or _cell_per_line_table(lines)
    if table is None:
        return None
    return _items(table, lines)


# ------------------------------------------------------------------ one row per line


def _tab_table(lines: Lines, corpus: str) -> _Table | None:
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
    sub = _sub_header(header, lines[header_at + 1] if header_at + 1 < len(lines) else "")
    if sub is not None:
        header, header_at = sub, header_at + 1
        cols = _header_columns(header) or cols
    ncols = max(len(header), max(cols.values()) + 1)
    seq_col = cols.get("seq")
    warnings: list[str] = []
    order: list[_Category | _Row] = []
    rows: list[_Row] = []
    category: _Category | None = None
    # The row being read, as raw text: lines broken inside a cell are added to it with
    # their line break, and it is split into cells when the next row starts.
    raw: str | None = None

    def close() -> None:
        nonlocal raw
        if raw is not None and rows:
            rows[-1].cells = _fit_cells(_cells_keep_breaks(raw), ncols)
        raw = None

    for i in range(header_at + 1, len(lines)):
        line = lines[i]
        if not line.strip() or _PIPE_RULE.match(line):
            continue  # blank lines are page breaks inside the table
        cells = _cells(line) if _is_row(line) else [line.strip()]
        nonempty = [c for c in cells if c]
        # One cell spanning the row; a Word export may repeat a merged cell in every column.
        cat = _category(nonempty[0]) if len(set(nonempty)) == 1 else None
        # A category line also ends a row that has its cells but not all of them: exports drop
        # empty trailing cells (a row with no 完成时限), and the category is no cell text.
        if cat and (raw is None or _complete(raw, ncols) or len(_cells_keep_breaks(raw)) >= 2):
            close()
            category = _Category(*cat, line=i)
            order.append(category)
            continue
        if not _is_row(line):
            if raw is not None and not _complete(raw, ncols):
                raw += "\n" + line.strip()  # a cell's text running over several lines
                rows[-1].last = i
                continue
            break  # ordinary prose after the table (抄送：…) ends it
        if _header_columns(cells):
            close()
            continue  # the header repeated after a page break
        seq_cell = cells[seq_col] if seq_col is not None and seq_col < len(cells) else ""
        # A new row has its 序号; without a 序号 column, any complete row starts one.
        if seq_col is not None:
            number = _seq(seq_cell)
        else:
            title_col = cols["title"]
            has_title = title_col < len(cells) and bool(cells[title_col])
            number = len(rows) + 1 if has_title and (raw is None or _complete(raw, ncols)) else None
        if number is not None:
            close()
            row = _Row([], number, i, i, category)
            raw = line
            rows.append(row)
            order.append(row)
            if category is not None:
                category.rows += 1
        elif raw is not None and not _complete(raw, ncols) and cells[0]:
            raw += "\n" + line  # the rest of a cell broken over lines, then the next cells
            rows[-1].last = i
        elif not seq_cell and nonempty and rows:
            # The rest of the row above, after a page break: join cell by cell.
            close()
            prev = rows[-1]
            cells += [""] * (ncols - len(cells))
            prev.cells = [join_cells(x, y, corpus) for x, y in zip(prev.cells, cells, strict=False)]
            prev.last = i
        else:
            warnings.append(f"line {i + 1}: table row not understood, skipped: {line.strip()[:40]}")
    close()
    return _Table(header, cols, order, rows, warnings)


def _cells_keep_breaks(raw: str) -> list[str]:
    if "\t" not in raw and raw.lstrip().startswith("|"):
        return _cells(raw)
    return [c.strip() for c in raw.split("\t")]


def _complete(raw: str, ncols: int) -> bool:
    return len(_cells_keep_breaks(raw)) >= ncols


def _fit_cells(cells: list[str], ncols: int) -> list[str]:
    """Give a row exactly ncols cells.

    A Word cell with line breaks can swallow the TAB before the next cell (谯城: the 主要责任
    单位 cell's four lines run straight into the 协同配合单位 cell): while cells are missing,
    the rightmost cell with a line break is split at its last one.
    """
    cells = list(cells)
    while len(cells) < ncols:
        broken = [k for k in range(1, len(cells)) if "\n" in cells[k]]
        if not broken:
            break
        k = broken[-1]
        head, tail = cells[k].rsplit("\n", 1)
        cells[k : k + 1] = [head.strip(), tail.strip()]
    return cells + [""] * (ncols - len(cells))


# ------------------------------------------------------------------ one cell per line


def _cell_per_line_table(lines: Lines) -> _Table | None:
    """序号 / 目标与任务 / 牵头责任单位 / 责任单位 on consecutive lines, then rows."""
    header_at, header = None, []
    for i, line in enumerate(lines.items):
        # 序号/编号/序 (the seq header) only loses characters to cleaning: a line with neither
        # 序 nor 编 cannot be it (most lines; header_kind costs three substitutions).
        if ("序" not in line and "编" not in line) or header_kind(line) != "seq":
            continue
        cells, j = [CELL_END_PIPE_RE.sub("", line.strip())], i + 1
        while j < len(lines):
            if not lines[j].strip():
                j += 1
                continue
            if header_kind(lines[j]) is None:
                break
            cells.append(CELL_END_PIPE_RE.sub("", lines[j].strip()))
            j += 1
        if _header_columns(cells):
            header_at, header = j, cells
            break
    if header_at is None:
        return None
    cols = _header_columns(header)
    assert cols is not None
    ncols = len(header)
    # Rows start at a line holding only the next 序号. A cell that is a bare number (a year:
    # 2023) is not a row: the numbers must go up, by a few at most.
    anchors: list[int] = []
    last = None
    for i in range(header_at, len(lines)):
        n = _seq(lines[i]) if lines[i].strip() else None
        if n is not None and (last is None or last < n <= last + _SEQ_GAP):
            anchors.append(i)
            last = n
    if not anchors:
        return None
    order: list[_Category | _Row] = []
    rows: list[_Row] = []
    warnings: list[str] = []
    category: _Category | None = None
    # Lines before the first row (or between a row's cells and the next 序号) may be a
    # category spanning the row; only before the first row can we tell it apart.
    pre = [i for i in range(header_at, anchors[0]) if lines[i].strip()]
    if len(pre) == 1:
        text = lines[pre[0]].strip()
        category = _Category(text, _category_name(text), 0, line=pre[0])
        order.append(category)
    for n, a in enumerate(anchors):
        end = anchors[n + 1] if n + 1 < len(anchors) else len(lines)
        body = list(range(a + 1, end))
        while body and not lines[body[-1]].strip():
            body.pop()
        groups = _cell_groups(lines, body)
        want = ncols - 1
        if len(groups) > want:
            groups[want - 1 :] = ["\n".join(groups[want - 1 :])]
        seq_cell = CELL_END_PIPE_RE.sub("", lines[a].strip())
        cells = [seq_cell, *groups] if cols.get("seq") == 0 else [*groups]
        row = _Row(_fit_cells(cells, ncols), _seq(seq_cell) or 0, a, body[-1] if body else a, category)
        rows.append(row)
        order.append(row)
        if category is not None:
            category.rows += 1
    return _Table(header, cols, order, rows, warnings)


def _cell_groups(lines: Lines, body: list[int]) -> list[str]:
    """A row's cells: blank-separated groups when blank lines separate them, else one per line."""
    texts = [lines[i].strip() for i in body]
    if any(CELL_END_PIPE_RE.search(t) for t in texts):
        # "text |": the pipe closes the cell; lines without one continue it.
        piped: list[str] = []
        cell_lines: list[str] = []
        for t in texts:
            if t:
                cell_lines.append(CELL_END_PIPE_RE.sub("", t))
            if CELL_END_PIPE_RE.search(t):
                piped.append("\n".join(cell_lines))
                cell_lines = []
        if cell_lines:
            piped.append("\n".join(cell_lines))
        return piped
    if "" not in texts:
        return texts
    groups: list[str] = []
    current: list[str] = []
    for t in texts:
        if t:
            current.append(t)
        elif current:
            groups.append("\n".join(current))
            current = []
    if current:
        groups.append("\n".join(current))
    return groups


# ------------------------------------------------------------------ rows -> items


def _items(table: _Table, lines: Lines) -> LayoutResult | None:
    """Items, with untitled measures for categories announced only by their count
    (军民深度融合（共4项）): they continue the numbering of the rows before them. Only beside
    real rows - a table of headers and categories alone has no measures."""
    items: list[Item] = []
    warnings = list(table.warnings)
    last_number = 0
    for entry in table.order:
        if isinstance(entry, _Row):
            items.append(_row_item(entry, table, lines))
            last_number = max(last_number, entry.number)
        elif entry.count and entry.rows == 0 and table.rows:
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


def _row_item(row: _Row, table: _Table, lines: Lines) -> Item:
    cols = table.cols

    def cell(col: str) -> str | None:
        if col not in cols or cols[col] >= len(row.cells):
            return None
        return row.cells[cols[col]].strip() or None

    def text(col: str) -> str | None:
        value = cell(col)
        return strip_item_text(value) if value else None

    resp, printed = _responsibility(cell, table)
    _, start, end = lines.span_text(row.first, row.last)
    return Item(
        key=str(row.number),
        section=row.category.heading if row.category else None,
        category=row.category.name if row.category else None,
        title=text("title"),
        content=text("content"),
        scope=text("scope"),
        departments_printed=printed,
        responsibility=resp,
        deadline=_deadline(cell("deadline")),
        leader=text("leader"),
        char_start=start,
        char_end=end,
    )


def _responsibility(cell, table: _Table) -> tuple[Responsibility | None, str | None]:
    """Roles from the columns: 牵头 column lead, 配合 column co; a 责任单位 column alone is a clause."""

    def names_text(col: str) -> str | None:
        value = cell(col)
        return _CELL_BREAK.sub("、", value) if value else None

    lead, co, depts = names_text("lead"), names_text("co"), names_text("departments")
    if lead is None and co is None and "lead" not in table.cols:
        if depts is None:
            return None, None
        resp = parse_clause(depts)
        if "departments" in table.cols and GUIDE_HEADER_RE.search(table.header[table.cols["departments"]]):
            # A national list's 指导部门 guide the measure; nobody "leads" it locally.
            resp.roles = ["guide"] * len(resp.names)
            resp.rule = "guiding-department"
        return resp, depts
    if co is None and depts is not None:
        co, co_col = depts, "departments"  # 牵头责任单位 | 责任单位: the 责任单位 co-operate
    else:
        co_col = "co"
    lead_resp = parse_clause(lead) if lead else None
    co_resp = parse_clause(co) if co else None
    names: list[str] = []
    roles: list[str] = []
    warnings: list[str] = []
    for part, role in ((lead_resp, "lead"), (co_resp, "co")):
        if part is None:
            continue
        for name in part.names:
            if name not in names:
                names.append(name)
                roles.append(role)
        warnings.extend(part.warnings)
    printed = "；".join(
        f"{table.header[table.cols[col]]}：{value}" for col, value in (("lead", lead), (co_col, co)) if value
    )
    if not names:
        return None, printed or None
    rule = "stated-lead" if lead_resp and lead_resp.names else "presumed-first-listed"
    if rule == "presumed-first-listed":
        roles = ["lead" if i == 0 else "co" for i in range(len(names))]
    return Responsibility(names=names, roles=roles, rule=rule, warnings=warnings), printed


def _deadline(value: str | None) -> str | None:
    """完成时限 as printed; a 进度安排 cell's first sentence (全年完成。其中：一季度…)."""
    if not value:
        return None
    first = value.split("\n", 1)[0].strip()
    first = re.split(r"[。；;]", first, maxsplit=1)[0].strip()
    return first or None


def _category(text: str) -> tuple[str, str, int] | None:
    """(heading, name, announced count) of a category row, or None."""
    text = text.strip()
    m = TABLE_CATEGORY_RE.match(text)
    if m:
        return text, m.group(2).strip(), int(m.group(3))
    m = TABLE_CATEGORY_NOCOUNT_RE.match(text)
    if m and "。" not in text:
        return text, _category_name(m.group(3)), 0
    return None


def _category_name(text: str) -> str:
    m = TABLE_CATEGORY_NOCOUNT_RE.match(text)
    if m:
        text = m.group(3)
    return text.strip().removesuffix("方面").strip()
