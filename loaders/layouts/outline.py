"""Multi-level plans: 一、 / （一） / 1. / （1） / ①, the measure being the level that names departments.

Real plans nest their numbering (国发〔2019〕3号: 四、主要任务 / （一）统筹两个市场… / 1.拓展两个
市场…（财政部、税务总局…负责）), and which level is "the measure" differs from plan to plan:
sometimes the （一） item carries the departments and its 1. 2. lines are sub-items, sometimes
the 1. items do and （一） is a category. This parser reads every numbered level, finds for
each item the departments that close it - a department parenthesis (``item_block``) or
labelled lines under it (牵头单位：… / 协同责任单位：… / 责任领导：… / 完成时限：…) - and keeps
the level whose items most often name departments (ties: the level with more such items).
Deeper levels stay in their item's text; so do inline enumerations (一是…二是…), which are
never measures of their own.

Keys are the printed numbers when they run straight through the plan, ``<section>.<n>``
(``二.4``) when they restart under each 一、 section, and ``<section>.<parent>.<n>`` when
they restart under each parent item as well.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

from loaders.layouts.base import Block, Item, LayoutResult, Lines, cn_to_int, item_block, split_title
from loaders.layouts.patterns import (
    ARABIC_NUM_RE,
    ATTACHMENT_RE,
    CIRCLED,
    CIRCLED_RE,
    INLINE_LABELS_RE,
    PAREN_ARABIC_RE,
    PAREN_NUM_RE,
    SECTION_RE,
    label_kind,
    label_line,
)
from loaders.normalize import Normalized
from loaders.responsibility import Responsibility, parse_clause

NAME = "outline"

# level -> the marker pattern of that level (1 is the 一、 section heading)
MARKERS: dict[int, re.Pattern[str]] = {2: PAREN_NUM_RE, 3: ARABIC_NUM_RE, 4: PAREN_ARABIC_RE, 5: CIRCLED_RE}
_SECTION_MAX = 40
_HEADING_MAX = 30
# A title sentence is short and has no comma; below this share of such items we use clauses.
_TITLED_SHARE = 0.6
_TITLE_SENTENCE_MAX = 60


def _number(level: int, printed: str) -> int | None:
    if level == 5:
        return CIRCLED.index(printed) + 1
    if printed.isdigit():
        return int(printed)
    return cn_to_int(printed)


@dataclass
class _Marker:
    line: int
    level: int  # 1 section heading, 2 （一）, 3 1., 4 （1）, 5 ①
    number: int
    match: re.Match[str]


@dataclass
class _Entry:
    marker: _Marker
    section: _Marker | None
    parent: _Marker | None  # the nearest enclosing numbered line one level up
    block: Block
    resp: Responsibility | None
    printed: str | None
    leader: str | None = None
    deadline: str | None = None
    body: str | None = None  # the item's text when it differs from the block's (inline labels)
    warnings: list[str] = field(default_factory=list)


def parse(doc: Normalized) -> LayoutResult | None:
    best = _take_best_level(doc)
    if best is None:
        return None
    level, entries = best
    entries = _in_measure_sections(entries)
    if not entries:
        return None
    return _result(entries, level)


def measure_level(doc: Normalized) -> int | None:
    """The numbering level whose items name departments: 2 （一）, 3 1., 4 （1）, 5 ①; None if none.

    The numbered parser uses it to leave alone 1. lines that are sub-items of a （一） item.
    """
    best = _best_level(Lines(doc))
    # layouts.candidates runs this parser's parse on the same text next: it takes the items
    # read here instead of reading every level again (half of this parser's cost).
    _handover.last = (doc, best)
    return best[0] if best else None


# What measure_level read last, for parse on the same text (per thread; taken once, so the
# items and their Responsibility objects are never shared by two results).
_handover = threading.local()


def forget_handover() -> None:
    _handover.last = None


def _take_best_level(doc: Normalized) -> tuple[int, list[_Entry]] | None:
    last = getattr(_handover, "last", None)
    _handover.last = None
    if last is not None and last[0] is doc:
        return last[1]
    return _best_level(Lines(doc))


def _best_level(lines: Lines) -> tuple[int, list[_Entry]] | None:
    """The level whose items most often name departments (ties: more such items, then the
    deeper level), with its items."""
    markers = _markers(lines)
    best: tuple[tuple[float, int], int, list[_Entry]] | None = None
    for level in sorted({m.level for m in markers if m.level > 1}):
        entries = _entries(lines, markers, level)
        with_resp = sum(1 for e in entries if e.resp is not None)
        if not with_resp:
            continue
        rank = (with_resp / len(entries), with_resp)
        # Levels go shallow to deep, so a tie goes to the deeper level: a heading （一）加强…
        # over one numbered item 1.…（牽頭單位：…） names departments only through that item
        # (安徽 2023, whose stored copy ends after item 1).
        if best is None or rank >= best[0]:
            best = (rank, level, entries)
    return (best[1], best[2]) if best else None


def _markers(lines: Lines) -> list[_Marker]:
    out: list[_Marker] = []
    for i, line in enumerate(lines.items):
        m = SECTION_RE.match(line)
        if m and len(m.group(2)) <= _SECTION_MAX:
            n = cn_to_int(m.group(1))
            if n is not None:
                out.append(_Marker(i, 1, n, m))
            continue
        for level, pattern in MARKERS.items():
            m = pattern.match(line)
            if m:
                n = _number(level, m.group(1))
                if n is not None:
                    out.append(_Marker(i, level, n, m))
                break
    return out


def _entries(lines: Lines, markers: list[_Marker], level: int) -> list[_Entry]:
    """Every item of one level, each running to the next line numbered at its level or above."""
    # An attachment heading (附件 / 附件1：…) ends whatever item runs into it.
    attachment_lines = [i for i, line in enumerate(lines.items) if ATTACHMENT_RE.match(line)]
    entries: list[_Entry] = []
    section: _Marker | None = None
    parents: dict[int, _Marker] = {}
    sticky: str | None = None
    for k, m in enumerate(markers):
        if m.level < level:
            parents[m.level] = m
            for deeper in [lv for lv in parents if lv > m.level]:
                del parents[deeper]
            if m.level == 1:
                section = m
            continue
        if m.level != level:
            continue
        limit = next((n.line for n in markers[k + 1 :] if n.level <= level), len(lines))
        limit = min([limit, *(a for a in attachment_lines if a > m.line)])
        entry = _entry(lines, m, limit, sticky)
        if entry.resp is not None and entry.resp.sticky_rule:
            sticky = entry.resp.sticky_rule
        entry.section = section
        entry.parent = parents.get(level - 1)
        entries.append(entry)
    return entries


def _entry(lines: Lines, m: _Marker, limit: int, sticky: str | None) -> _Entry:
    marker = MARKERS[m.level]
    labels = [(j, lab) for j in range(m.line + 1, limit) if (lab := label_line(lines[j]))]
    if labels:
        # Labelled lines under the item: its text ends at the first of them.
        first_label = labels[0][0]
        body_end = first_label
        while body_end > m.line + 1 and not lines[body_end - 1].strip():
            body_end -= 1
        block = item_block(lines, m.line, body_end, marker, inherited_rule=sticky)
        block.char_end = lines.end(labels[-1][0])
        block.last = labels[-1][0]
        entry = _Entry(m, None, None, block, None, None)
        _read_labels(entry, [lab for _, lab in labels])
        if entry.resp is None and block.clause is not None:
            entry.resp, entry.printed = block.clause, block.clause_text
        return entry
    block = item_block(lines, m.line, limit, marker, inherited_rule=sticky)
    entry = _Entry(m, None, None, block, block.clause, block.clause_text)
    if block.clause is None:
        inline = INLINE_LABELS_RE.search(block.body)
        if inline:
            # …。牵头单位：A；配合单位：B - the labels close the item's text without brackets.
            entry.printed = inline.group(1)
            entry.resp = parse_clause(inline.group(1), inherited_rule=sticky)
            entry.body = block.body[: inline.start(1)].rstrip()
    return entry


def _read_labels(entry: _Entry, labels: list[re.Match[str]]) -> None:
    """牵头责任单位：A。 / 协同责任单位：B、C。 / 责任单位：D / 责任领导：X / 完成时限：Y."""
    parts: dict[str, list[str]] = {"lead": [], "co": [], "departments": []}
    printed: list[str] = []
    for lab in labels:
        label, value = re.sub(r"\s+", "", lab.group("label")), lab.group("value").strip()
        kind = label_kind(label)
        if kind == "leader":
            entry.leader = value or None
        elif kind == "deadline":
            entry.deadline = value or None
        elif value:
            parts[kind].append(value)
            printed.append(f"{label}：{value}")
    lead, co, depts = "、".join(parts["lead"]), "、".join(parts["co"]), "、".join(parts["departments"])
    if not (lead or co or depts):
        return
    entry.printed = "；".join(printed)
    if not lead:
        # 责任单位：A、B alone is a clause: first-listed presumed lead unless a rule is printed.
        entry.resp = parse_clause("、".join(p for p in (depts, co) if p))
        return
    co = "、".join(p for p in (co, depts) if p)  # beside a 牵头 line, 责任单位 co-operate
    names: list[str] = []
    roles: list[str] = []
    warnings: list[str] = []
    for text, role in ((lead, "lead"), (co, "co")):
        if not text:
            continue
        part = parse_clause(text)
        for name in part.names:
            if name not in names:
                names.append(name)
                roles.append(role)
        warnings.extend(part.warnings)
    entry.resp = Responsibility(names=names, roles=roles, rule="stated-lead", warnings=warnings) if names else None


def _in_measure_sections(entries: list[_Entry]) -> list[_Entry]:
    """Only 一、 sections whose items mostly name departments hold measures (not 保障措施)."""
    by_section: dict[int | None, list[_Entry]] = {}
    for e in entries:
        by_section.setdefault(e.section.line if e.section else None, []).append(e)
    keep: list[_Entry] = []
    for group in by_section.values():
        with_resp = sum(1 for e in group if e.resp is not None)
        if with_resp and with_resp * 2 >= len(group):
            keep.extend(group)
    return keep


def _result(entries: list[_Entry], level: int) -> LayoutResult:
    from loaders.layouts.prose import clause_title, section_status

    numbers = [e.marker.number for e in entries]
    by_section = [(e.section.number if e.section else None, e.marker.number) for e in entries]
    restart = len(set(numbers)) != len(numbers)
    restart_in_section = len(set(by_section)) != len(by_section)
    bodies = [_body(e) for e in entries]
    titled = sum(1 for b in bodies if _has_title_sentence(b)) >= _TITLED_SHARE * len(bodies)
    items: list[Item] = []
    warnings: list[str] = []
    for e, body in zip(entries, bodies, strict=True):
        key = str(e.marker.number)
        sec_num = e.section.match.group(1) if e.section else None
        if restart and sec_num:
            key = f"{sec_num}.{key}"
        if restart_in_section and e.parent is not None:
            key = f"{sec_num + '.' if sec_num else ''}{e.parent.number}.{e.marker.number}"
        title, content = split_title(body)
        if not titled:
            # Items without a title sentence (Gansu): the first clause that names an action,
            # else the first sentence as printed.
            title, content = clause_title(body) or title, body
        heading = e.section.match.string.strip().lstrip("#").strip() if e.section else None
        status = section_status(heading)
        category = None
        if e.parent is not None and e.parent.level > 1:
            category = _heading_text(e.parent)
        elif heading and not status:
            category = e.section.match.group(2).removesuffix("方面").strip() if e.section else None
        if e.resp is None:
            warnings.append(f"item {key} (line {e.marker.line + 1}) names no responsible department")
        else:
            warnings.extend(f"item {key}: {w}" for w in e.resp.warnings)
        items.append(
            Item(
                key=key,
                section=heading,
                category=category,
                title=title,
                content=content,
                status=status,
                departments_printed=e.printed,
                responsibility=e.resp,
                deadline=e.deadline,
                leader=e.leader,
                char_start=e.block.char_start,
                char_end=e.block.char_end,
            )
        )
    return LayoutResult(layout=NAME, items=items, warnings=warnings)


def _body(e: _Entry) -> str:
    """The item's text without its number, its department clause and its labelled lines."""
    if e.body is not None:
        return e.body
    if e.block.clause is not None:
        return e.block.body_without_clause
    return e.block.body


def _heading_text(m: _Marker) -> str:
    text = m.match.string[m.match.end() :].strip()
    return re.split(r"[。；]", text, maxsplit=1)[0].removesuffix("方面").strip()


def _has_title_sentence(body: str) -> bool:
    title, _ = split_title(body)
    return title is not None and len(title) <= _TITLE_SENTENCE_MAX and "，" not in title
