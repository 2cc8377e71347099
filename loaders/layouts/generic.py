"""Fallback for layouts no other parser fits: any numbered items, departments where printed.

It looks for lines that start an item - ``1.`` / ``1、`` / ``（一）`` / ``一是`` / ``第一条`` -
and takes departments from a closing parenthesis or a labelled clause (责任单位：… /
牵头单位：… / 责任部门：…), with or without parentheses. Its score is halved so that a
specific parser wins whenever it recognises the same items.
"""

from __future__ import annotations

from loaders.layouts.base import (
    Item,
    LayoutResult,
    Lines,
    item_block,
    split_title,
    strip_item_text,
)
from loaders.layouts.patterns import GENERIC_LABELLED_RE, GENERIC_MARKER_RE
from loaders.normalize import Normalized
from loaders.responsibility import parse_clause

NAME = "generic"
SCORE_FACTOR = 0.5

_MARKER = GENERIC_MARKER_RE
_LABELLED = GENERIC_LABELLED_RE
_TITLE_MAX = 60


# An item that names no department counts this much: the fallback finds every numbered line
# (principles, phases, a notice's paragraphs), so its clause-less items must not outweigh the
# measures a specific parser found.
_NO_DEPARTMENT_WEIGHT = 0.25


class _Result(LayoutResult):
    @property
    def score(self) -> float:  # a fallback must not beat a parser that knows the layout
        total = 0.0
        for it in self.items:
            if it.responsibility and it.responsibility.names:
                total += 1.5 + (0.25 if it.title else 0.0)
            else:
                total += _NO_DEPARTMENT_WEIGHT
        return total * SCORE_FACTOR


def parse(doc: Normalized) -> LayoutResult | None:
    lines = Lines(doc)
    starts = [(i, m) for i, line in enumerate(lines.items) if (m := _MARKER.match(line))]
    items: list[Item] = []
    warnings: list[str] = []
    for idx, (i, m) in enumerate(starts):
        limit = starts[idx + 1][0] if idx + 1 < len(starts) else len(lines)
        block = item_block(lines, i, limit, _MARKER)
        marker = next(g for g in m.groups() if g)
        body = block.body_without_clause
        resp, printed = block.clause, block.clause_text
        if resp is None:
            lab = _LABELLED.search(block.body)
            if lab:
                printed = lab.group(1)
                resp = parse_clause(printed)
                body = block.body[: lab.start()].rstrip()
        title, content = split_title(body)
        if title and len(title) > _TITLE_MAX:
            title, content = None, body
        if not body.strip() or len(strip_item_text(body)) < 4:
            continue
        items.append(
            Item(
                key=str(len(items) + 1),
                section=None,
                title=title,
                content=content,
                departments_printed=printed,
                responsibility=resp,
                char_start=block.char_start,
                char_end=block.char_end,
            )
        )
        if marker and resp is None:
            warnings.append(f"item at line {i + 1} names no responsible department")
    if not items:
        return None
    return _Result(layout=NAME, items=items, warnings=warnings)
