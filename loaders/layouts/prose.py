"""Prose plans: sections 一、… holding items （一）…, each closing with its departments in parentheses.

Two variants share this parser, told apart by how the items open:

- ``prose``: an item's first sentence is its title (（一）建立科技创新券…协同机制。…) - the
  usual work-plan style (Guangdong). Numbering restarts in every section, so the key is
  the section number plus the item number: ``一.1``, ``二.6``;
- ``prose-clause-title``: items open straight into a long sentence (（一）建立完善…体系，在重点
  市州设立…。) - no title sentence exists (Gansu). The title is the first clause that
  reads like an action (framing clauses such as 在…的前提下 / 按照国家部署 are skipped), and
  the content is the whole item.

Section headings carry meaning: 大力推广 -> status newly-promoted, 深化实施 -> deepened;
otherwise the heading names the category (二、加快科技成果转化). Only sections whose items
mostly end with a department clause hold measures: 三、工作要求 or 四、保障措施 do not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from loaders.layouts.base import (
    ARABIC_NUM_RE,
    PAREN_NUM_RE,
    SECTION_RE,
    Block,
    Item,
    LayoutResult,
    Lines,
    cn_to_int,
    item_block,
    split_title,
)
from loaders.layouts.patterns import FRAMING_END_RE, FRAMING_START_RE, STATUS_HEADINGS
from loaders.normalize import Normalized

NAME = "prose"
NAME_CLAUSE_TITLE = "prose-clause-title"

_STATUS = STATUS_HEADINGS
# A title sentence is short and has no comma; below this share of such items we use clauses.
_TITLE_SENTENCE_MAX = 50
_TITLED_SHARE = 0.6
_FRAMING_START = FRAMING_START_RE
_FRAMING_END = FRAMING_END_RE


@dataclass
class _Section:
    number: str | None = None  # 一, 二 … (None before the first heading)
    heading: str | None = None  # the heading as printed: 一、大力推广相关改革举措
    items: list[tuple[str, Block]] = field(default_factory=list)  # (item number as printed, block)


def is_section_heading(line: str) -> re.Match[str] | None:
    m = SECTION_RE.match(line)
    if m and len(m.group(2)) <= 40:
        return m
    return None


def parse(doc: Normalized) -> LayoutResult | None:
    lines = Lines(doc)
    structure: list[tuple[int, str, re.Match[str]]] = []  # (line, kind, match)
    for i, line in enumerate(lines.items):
        m = is_section_heading(line)
        if m:
            structure.append((i, "section", m))
            continue
        m = PAREN_NUM_RE.match(line)
        if m:
            structure.append((i, "item", m))
            continue
        m = ARABIC_NUM_RE.match(line)
        if m:
            structure.append((i, "stop", m))  # numbered items belong to the numbered layout

    # Group items by section, with their blocks.
    current = _Section()
    sections = [current]
    sticky: str | None = None
    notes: list[str] = []
    for idx, (i, kind, m) in enumerate(structure):
        if kind == "section":
            current = _Section(m.group(1), lines[i].strip().lstrip("#").strip())
            sections.append(current)
            continue
        if kind != "item":
            continue
        limit = structure[idx + 1][0] if idx + 1 < len(structure) else len(lines)
        block = item_block(lines, i, limit, PAREN_NUM_RE, inherited_rule=sticky)
        if block.clause and block.clause.sticky_rule:
            sticky = block.clause.sticky_rule
            notes.append(f"line {block.last + 1}: {block.clause.rule_text}")
        current.items.append((m.group(1), block))

    measure_sections = [s for s in sections if s.items and _holds_measures(s)]
    blocks = [b for s in measure_sections for _, b in s.items]
    if not blocks:
        return None
    titled = sum(1 for b in blocks if _has_title_sentence(b.body_without_clause)) / len(blocks) >= _TITLED_SHARE

    items: list[Item] = []
    warnings: list[str] = []
    # Keys are qualified by the section (二.4) only where numbering restarts under each section;
    # numbering that runs straight through the sections (国发〔2018〕39号) keeps bare numbers.
    numbers = [cn_to_int(number) for s in measure_sections for number, _ in s.items]
    restart = len(set(numbers)) != len(numbers)
    for sec in measure_sections:
        status = section_status(sec.heading)
        category = None if status or not sec.heading else _category(sec.heading)
        for number, block in sec.items:
            n = cn_to_int(number)
            key = f"{sec.number}.{n}" if sec.number and restart else str(n)
            body = block.body_without_clause
            if titled:
                title, content = split_title(body)
            else:
                title, content = clause_title(body), body
            warnings.extend(block.clause_warnings(key))
            items.append(
                Item(
                    key=key,
                    section=sec.heading,
                    category=category,
                    title=title,
                    content=content,
                    status=status,
                    departments_printed=block.clause_text,
                    responsibility=block.clause,
                    char_start=block.char_start,
                    char_end=block.char_end,
                )
            )
    return LayoutResult(layout=NAME if titled else NAME_CLAUSE_TITLE, items=items, warnings=warnings, notes=notes)


def _holds_measures(section: _Section) -> bool:
    with_clause = sum(1 for _, b in section.items if b.clause is not None)
    return with_clause * 2 >= len(section.items) and with_clause > 0


def _has_title_sentence(body: str) -> bool:
    title, _ = split_title(body)
    return title is not None and "。" in body and len(title) <= _TITLE_SENTENCE_MAX and "，" not in title


def section_status(heading: str | None) -> str | None:
    if not heading:
        return None
    for pattern, status in _STATUS:
        if pattern.search(heading):
            return status
    return None


def _category(heading: str) -> str:
    m = SECTION_RE.match(heading)
    text = m.group(2) if m else heading
    return text.removesuffix("方面").strip()


def clause_title(body: str) -> str | None:
    """The first clause of the first sentence that names an action, or None.

    Used where items have no title sentence. Framing clauses (在有效防控风险的前提下,
    按照国家部署, 围绕…等重点领域) are skipped; a clause must be 6-60 characters.
    """
    first_sentence = body.split("。", 1)[0]
    for clause in re.split(r"[，；]", first_sentence):
        clause = clause.strip()
        if not 6 <= len(clause) <= 60:
            continue
        if _FRAMING_START.match(clause) or _FRAMING_END.search(clause):
            continue
        return clause
    return None
