"""Numbered plans: items ``1.推行…。…（责任单位：…）`` under category headings （一）…方面.

Numbering runs through the whole list (1-20 in Jilin's plan), so the key is the printed
number; if numbers restart in a later section, keys become ``<section>.<n>``.

A category heading may stand for items it does not print: ``（四）军民深度融合方面（13-18）``
yields untitled measures 13 to 18. Phases such as ``（一）工作部署阶段(2019年2月-3月)。…``
are sentences, not headings, and sections without numbered items are not measures.
"""

from __future__ import annotations

from dataclasses import dataclass

from loaders.layouts.base import (
    ARABIC_NUM_RE,
    PAREN_NUM_RE,
    SECTION_RE,
    Block,
    Item,
    LayoutResult,
    Lines,
    item_block,
    split_title,
)
from loaders.layouts.patterns import RANGE_RE
from loaders.normalize import Normalized

NAME = "numbered"

_RANGE_RE = RANGE_RE
_HEADING_MAX = 30


def _category_heading(line: str) -> tuple[str, tuple[int, int] | None] | None:
    """（一）知识产权保护方面 -> ('知识产权保护', None); a sentence is not a heading."""
    m = PAREN_NUM_RE.match(line)
    if not m:
        return None
    rest = line[m.end() :].strip()
    if not rest or "。" in rest or len(rest) > _HEADING_MAX:
        return None
    rng = None
    r = _RANGE_RE.search(rest)
    if r:
        a, b = int(r.group(1)), int(r.group(2))
        if a <= b and b - a < 100:
            rng = (a, b)
            rest = rest[: r.start()].strip()
    return rest.removesuffix("方面").strip(), rng


@dataclass
class _Entry:
    """A numbered item or one number of an untitled range, in printed order."""

    n: int
    section: tuple[str, str] | None  # (section number, heading as printed)
    category: str | None
    start: int
    end: int
    block: Block | None = None  # None for an untitled number of a range


def parse(doc: Normalized) -> LayoutResult | None:
    from loaders.layouts.outline import measure_level

    if measure_level(doc) not in (None, 3):
        # Another level names the departments: （一） items whose 1. 2. lines are sub-items,
        # or （1） items under 1. headings. The outline parser reads those.
        return None
    lines = Lines(doc)
    entries: list[_Entry] = []
    section: tuple[str, str] | None = None
    category: str | None = None
    # Lines where an item ends at the latest: the next heading, item or prose paragraph.
    stops = [i for i, line in enumerate(lines.items)
             if SECTION_RE.match(line) or PAREN_NUM_RE.match(line) or ARABIC_NUM_RE.match(line)]  # fmt: skip
    if not stops:
        return None
    next_stop = dict(zip(stops, stops[1:] + [len(lines)], strict=True))

    for i in stops:
        line = lines[i]
        m = SECTION_RE.match(line)
        if m and len(m.group(2)) <= 40:
            section, category = (m.group(1), line.strip().lstrip("#").strip()), None
            continue
        heading = _category_heading(line)
        if heading:
            category, rng = heading
            if rng:
                _, start, end = lines.span_text(i, i)
                entries += [_Entry(n, section, category, start, end) for n in range(rng[0], rng[1] + 1)]
            continue
        m = ARABIC_NUM_RE.match(line)
        if m:
            block = item_block(lines, i, next_stop[i], ARABIC_NUM_RE)
            entries.append(_Entry(int(m.group(1)), section, category, block.char_start, block.char_end, block))
        # other （一） lines (phases, prose items) only end the item above

    # Only sections whose numbered items mostly carry department clauses hold measures.
    def holds_measures(sec: tuple[str, str] | None) -> bool:
        blocks = [e.block for e in entries if e.section == sec and e.block is not None]
        return bool(blocks) and sum(1 for b in blocks if b.clause) * 2 >= len(blocks)

    # Each section once: checking it per entry made a 5,000-item plan quadratic.
    keep = {sec for sec in {e.section for e in entries} if holds_measures(sec)}
    # A number range under a heading counts only beside real items of the same section.
    entries = [e for e in entries if e.section in keep]
    if not entries:
        return None

    numbers = [e.n for e in entries]
    restart = len(numbers) != len(set(numbers))
    items: list[Item] = []
    warnings: list[str] = []
    for e in entries:
        sec_num, sec_heading = e.section if e.section else (None, None)
        key = f"{sec_num}.{e.n}" if restart and sec_num else str(e.n)
        if e.block is None:
            items.append(Item(key=key, section=sec_heading, category=e.category, untitled=True,
                              char_start=e.start, char_end=e.end))  # fmt: skip
            continue
        block = e.block
        title, content = split_title(block.body_without_clause)
        warnings.extend(block.clause_warnings(key))
        items.append(
            Item(
                key=key,
                section=sec_heading,
                category=e.category,
                title=title,
                content=content,
                departments_printed=block.clause_text,
                responsibility=block.clause,
                char_start=block.char_start,
                char_end=block.char_end,
            )
        )
    if not restart and numbers != list(range(1, len(numbers) + 1)):
        warnings.append("item numbers are not 1..N in order: " + ",".join(map(str, numbers)))
    return LayoutResult(layout=NAME, items=items, warnings=warnings)
