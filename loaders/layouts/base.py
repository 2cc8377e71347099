"""What every layout parser returns, and helpers they share.

A layout parser reads the normalised text and returns a :class:`LayoutResult`: the
items it recognised (:class:`Item`, still with printed department names - turning them
into DepartmentRecords needs the document's region, which is extract.py's job) and a
score saying how well the layout fits. ``layouts.parse_best`` runs every parser and keeps
the best fit, so a new layout is one new module with a ``parse(doc)`` function.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

# The numbering patterns live in patterns.py (the one table of layout regexes); re-exported
# here for the parsers that import them from base.
from loaders.layouts.patterns import ARABIC_NUM_RE as ARABIC_NUM_RE
from loaders.layouts.patterns import CN_DIGITS as CN_DIGITS
from loaders.layouts.patterns import PAREN_NUM_RE as PAREN_NUM_RE
from loaders.layouts.patterns import ROLE_CLAUSE_END_RE, label_line
from loaders.layouts.patterns import SECTION_RE as SECTION_RE
from loaders.normalize import Normalized
from loaders.responsibility import (
    Responsibility,
    shared_clause,
    shared_department_clause,
    trailing_parenthesis,
)

_CN_VALUES = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def cn_to_int(s: str) -> int | None:
    """Chinese numerals up to 999 (一, 十, 十二, 二十, 一百零五) -> int; None if not a numeral."""
    s = s.strip()
    if not s or any(ch not in CN_DIGITS for ch in s):
        return None
    if all(ch in _CN_VALUES for ch in s) and len(s) > 1:
        # Digit-by-digit form (二〇二〇) used in dates.
        return int("".join(str(_CN_VALUES[ch]) for ch in s))
    total, current = 0, 0
    for ch in s:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _CN_VALUES[ch]
    return total + current


@dataclass
class Item:
    """One recognised measure, before departments are canonicalised."""

    key: str
    section: str | None = None
    category: str | None = None
    title: str | None = None
    content: str | None = None
    scope: str | None = None
    status: str | None = None
    untitled: bool = False
    departments_printed: str | None = None
    responsibility: Responsibility | None = None
    # 完成时限 / 时间节点 as printed (a table column or a labelled line); never a department
    deadline: str | None = None
    # 责任领导 / 牵头负责领导 as printed: a person, never a department
    leader: str | None = None
    # [start, end) character offsets of the item in the normalised text
    char_start: int = 0
    char_end: int = 0


@dataclass
class LayoutResult:
    layout: str
    items: list[Item]
    warnings: list[str] = field(default_factory=list)
    # Rule statements that apply document-wide (e.g. 下同), kept for provenance.
    notes: list[str] = field(default_factory=list)

    @property
    def score(self) -> float:
        """How well the layout fits: recognised items, with credit for departments and titles."""
        total = 0.0
        for it in self.items:
            total += 1.0
            if it.responsibility and it.responsibility.names:
                total += 0.5
            if it.title:
                total += 0.25
        return total


class Lines:
    """The normalised text as lines, each with its start offset (for spans)."""

    def __init__(self, doc: Normalized) -> None:
        self.doc = doc
        self.text = doc.text
        self.items = doc.text.split("\n")
        self.starts = list(doc.line_starts)

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, i: int) -> str:
        return self.items[i]

    def start(self, i: int) -> int:
        return self.starts[i]

    def end(self, i: int) -> int:
        """Offset just after line i's last character (before its newline)."""
        return self.starts[i] + len(self.items[i])

    def span_text(self, first: int, last: int) -> tuple[str, int, int]:
        """Text of lines first..last (inclusive) and its [start, end) offsets."""
        s, e = self.start(first), self.end(last)
        return self.text[s:e], s, e


_LAYOUT_BREAK = re.compile(r"[ \t]*\n[ \t\n]*")
_WORD_CHAR = re.compile(r"[A-Za-z0-9]")


def strip_item_text(text: str) -> str:
    """Collapse the layout whitespace inside one item (line breaks, indentation) for titles/content."""
    if "\n" not in text:
        return text.strip()  # one line (most calls): nothing to collapse
    text = _LAYOUT_BREAK.sub("", text.strip())
    return text.strip()


def join_broken(a: str, b: str) -> str:
    """Join two pieces of text broken across lines/pages: CJK needs no space between pieces."""
    if not a:
        return b
    if not b:
        return a
    if _WORD_CHAR.match(a[-1]) and _WORD_CHAR.match(b[0]):
        return f"{a} {b}"
    return a + b


def split_title(body: str) -> tuple[str | None, str | None]:
    """First sentence (up to the first 。) is the title; the rest is the content."""
    at = body.find("。")
    if at < 0:
        return body.strip() or None, None
    title = body[:at].strip()
    rest = body[at + 1 :].strip()
    return title or None, rest or None


# Lines looked at first when checking whether a line closes an item with a clause.
_CLAUSE_WINDOW = 6


@dataclass
class Block:
    """The lines of one item: its body text (layout whitespace collapsed) and its clause."""

    first: int
    last: int
    body: str  # the item's text after its number marker, joined into one line
    clause: Responsibility | None
    clause_text: str | None  # the clause as printed, without the parentheses
    char_start: int
    char_end: int

    @property
    def body_without_clause(self) -> str:
        if self.clause_text is None:
            return self.body
        return self.body[: self.clause_at].rstrip()

    clause_at: int = 0

    def clause_warnings(self, key: str) -> list[str]:
        """Warnings for the item ``key``: it names no department, or its clause's own."""
        if self.clause is None:
            return [f"item {key} (line {self.first + 1}) names no responsible department"]
        return [f"item {key}: {w}" for w in self.clause.warnings]


def item_block(
    lines: Lines, first: int, limit: int, marker: re.Pattern[str], *, inherited_rule: str | None = None
) -> Block:
    """Find where the item starting at line `first` ends, and its department clause.

    Items end with their department parenthesis, so the item runs to the last line before
    `limit` (the next item or heading) whose text closes with a department clause; text
    after it (a section's closing remarks) is not part of the item. An item without a
    clause ends with its paragraph (the first blank line).
    """
    end_line, found = _item_end(lines, first, limit, inherited_rule)
    raw, start, end = lines.span_text(first, end_line)
    joined = strip_item_text(raw)
    body = marker.sub("", joined, count=1)
    offset = len(joined) - len(body)
    block = Block(first=first, last=end_line, body=body, clause=None, clause_text=None,
                  char_start=start, char_end=end)
    if found:
        resp, c_start, c_end = found
        block.clause = resp.copy()  # the parse is shared (cached): the block gets its own
        block.clause_text = joined[c_start + 1 : c_end - 1]
        block.clause_at = max(0, c_start - offset)
    return block


# Where items end, for the text being parsed (per thread): every layout candidate looks for
# the ends of the same items (about half of the searches repeat), and the search is most of
# a parser's work. Keyed by the text object itself, held here, so a new text starts afresh.
_ends = threading.local()

_End = tuple[int, tuple[Responsibility, int, int] | None]


def _item_end(lines: Lines, first: int, limit: int, inherited_rule: str | None) -> _End:
    memo: tuple[str, dict[tuple[int, int, str | None], _End]] | None = getattr(_ends, "memo", None)
    if memo is None or memo[0] is not lines.text:
        memo = (lines.text, {})
        _ends.memo = memo
    key = (first, limit, inherited_rule)
    got = memo[1].get(key)
    if got is None:
        got = memo[1][key] = _search_item_end(lines, first, limit, inherited_rule)
    return got


def forget_item_ends() -> None:
    """Drop the memo (layouts.candidates calls it when a text is parsed: nothing is kept)."""
    _ends.memo = None


def _search_item_end(lines: Lines, first: int, limit: int, inherited_rule: str | None) -> _End:
    """(last line of the item, its clause as (shared Responsibility, start, end) in the joined
    text of lines first..last, or None)."""

    def clause_at(start_line: int, j: int) -> tuple[Responsibility, int, int] | None:
        joined = strip_item_text("\n".join(lines.items[start_line : j + 1]))
        return shared_department_clause(joined, inherited_rule) or _role_clause(joined, inherited_rule)

    # The last clause-closed line wins, so look from the end and stop at the first hit. Each
    # candidate is checked on its last few lines first (a clause rarely spans more), so a long
    # block costs one full join, not one per line.
    for j in range(limit - 1, first - 1, -1):
        # Only a line ending with a closing bracket can end a clause.
        if not lines[j].rstrip(" \t。；;").endswith(("）", ")")):
            continue
        if j > first and label_line(lines[j]):
            # 责任单位：…各县（市、区）政府（管委会） - a labelled line under the item, whose
            # last bracket is part of a name; the outline parser reads such lines.
            continue
        window = max(first, j - _CLAUSE_WINDOW)
        if window > first and clause_at(window, j) is None:
            # Nothing on the last lines; an unbalanced window (a clause opening earlier) is
            # checked in full.
            tail = strip_item_text("\n".join(lines.items[window : j + 1]))
            if trailing_parenthesis(tail) is not None:
                continue
        hit = clause_at(first, j)
        if hit:
            return j, hit
    end_line = first
    for j in range(first + 1, limit):
        if not lines[j].strip():
            break
        end_line = j
    return end_line, None


def _role_clause(text: str, inherited_rule: str | None) -> tuple[Responsibility, int, int] | None:
    """A closing parenthesis that states a role but names only placeholders still closes the item.

    （各省级人民政府负责） / （各有关部门和单位按职责分工负责） end items of 国发〔2018〕39号
    whose responsible bodies are all placeholders; the clause parser finds no department in
    them, but they end the item as any department clause does (ROLE_CLAUSE_END_RE).
    The Responsibility is the shared parse (copy it before changing it).
    """
    found = trailing_parenthesis(text)
    if not found:
        return None
    inner, start, end = found
    if not ROLE_CLAUSE_END_RE.search(inner) or len(inner) > 80:
        return None
    return shared_clause(inner, inherited_rule), start, end
