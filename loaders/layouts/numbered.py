"""Numbered plans: items ``1.推行…。…（责任单位：…）`` under category headings （一）…方面.

Numbering runs through the whole list (1-20 in Jilin's plan), so the key is the printed
number; if numbers restart in a later section, keys become ``<section>.<n>``.

A category heading may stand for items it does not print: ``（四）军民深度融合方面（13-18）``
yields untitled measures 13 to 18. Phases such as ``（一）工作部署阶段(2019年2月-3月)。…``
are sentences, not headings, and sections without numbered items are not measures.
"""

from __future__ import annotations

import re

from loaders.layouts.base import (
    ARABIC_NUM_RE,
    PAREN_NUM_RE,
    SECTION_RE,
    Item,
    LayoutResult,
    Lines,
    item_block,
    split_title,
)
from loaders.normalize import Normalized

NAME = "numbered"

# （四）军民深度融合方面（13-18） - a range of items listed only by number.
_RANGE_RE = re.compile(r"[（(]\s*第?\s*(\d{1,3})\s*(?:-|—|–|~|至|到)\s*(\d{1,3})\s*项?\s*[）)]\s*$")
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


def parse(doc: Normalized) -> LayoutResult | None:
    lines = Lines(doc)
    structure: list[tuple[int, str, object]] = []
    for i, line in enumerate(lines.items):
        m = SECTION_RE.match(line)
        if m and len(m.group(2)) <= 40:
            structure.append((i, "section", (m.group(1), line.strip().lstrip("#").strip())))
            continue
        heading = _category_heading(line)
        if heading:
            structure.append((i, "category", heading))
            continue
        if PAREN_NUM_RE.match(line):
            structure.append((i, "stop", None))  # a prose item or phase: ends the item above
            continue
        m = ARABIC_NUM_RE.match(line)
        if m:
            structure.append((i, "item", int(m.group(1))))

    if not any(kind == "item" for _, kind, _ in structure):
        return None

    raw: list[dict] = []  # in printed order: items and untitled ranges
    section: tuple[str, str] | None = None
    category: str | None = None
    for idx, (i, kind, data) in enumerate(structure):
        if kind == "section":
            section, category = data, None
        elif kind == "category":
            category, rng = data
            if rng:
                _, start, end = lines.span_text(i, i)
                for n in range(rng[0], rng[1] + 1):
                    raw.append({"n": n, "section": section, "category": category, "untitled": True,
                                "start": start, "end": end})
        elif kind == "item":
            limit = structure[idx + 1][0] if idx + 1 < len(structure) else len(lines)
            block = item_block(lines, i, limit, ARABIC_NUM_RE)
            raw.append({"n": data, "section": section, "category": category, "untitled": False,
                        "block": block, "start": block.char_start, "end": block.char_end})

    # Only sections whose numbered items mostly carry department clauses hold measures.
    by_section: dict[object, list[dict]] = {}
    for r in raw:
        by_section.setdefault(r["section"], []).append(r)
    keep = {
        sec for sec, rs in by_section.items()
        if (lambda blocks: blocks and sum(1 for b in blocks if b.clause) * 2 >= len(blocks))(
            [r["block"] for r in rs if not r["untitled"]]
        )
    }
    raw = [r for r in raw if r["section"] in keep]
    if not raw:
        return None

    numbers = [r["n"] for r in raw]
    restart = len(numbers) != len(set(numbers))
    items: list[Item] = []
    warnings: list[str] = []
    for r in raw:
        sec_num, sec_heading = r["section"] if r["section"] else (None, None)
        key = f"{sec_num}.{r['n']}" if restart and sec_num else str(r["n"])
        if r["untitled"]:
            items.append(Item(key=key, section=sec_heading, category=r["category"], untitled=True,
                              char_start=r["start"], char_end=r["end"]))
            continue
        block = r["block"]
        title, content = split_title(block.body_without_clause)
        if block.clause is None:
            warnings.append(f"item {key} (line {block.first + 1}) names no responsible department")
        else:
            warnings.extend(f"item {key}: {w}" for w in block.clause.warnings)
        items.append(
            Item(
                key=key,
                section=sec_heading,
                category=r["category"],
                title=title,
                content=content,
                departments_printed=block.clause_text,
                responsibility=block.clause,
                char_start=block.char_start,
                char_end=block.char_end,
            )
        )
    expected = list(range(1, len(items) + 1))
    if not restart and [int(it.key) for it in items] != expected:
        warnings.append("item numbers are not 1..N in order: " + ",".join(it.key for it in items))
    return LayoutResult(layout=NAME, items=items, warnings=warnings)
