"""Layout recognition: run every parser, keep the one that fits the text best.

Each module here has ``parse(doc: Normalized) -> LayoutResult | None``. Adding a layout
means adding a module and listing it in ``PARSERS``; nothing is keyed to file names.
The order of ``PARSERS`` breaks ties: the more specific layout comes first.
"""

from __future__ import annotations

from loaders.layouts import generic, numbered, prose, table
from loaders.layouts.base import Item, LayoutResult
from loaders.normalize import Normalized
from loaders.responsibility import document_rule_statements
from policygraph.errors import BadInputError

PARSERS = (table, numbered, prose, generic)

__all__ = ["Item", "LayoutResult", "PARSERS", "parse_best", "candidates"]


def candidates(doc: Normalized) -> list[LayoutResult]:
    """Every parser's reading of the text, best fit first."""
    results = [r for p in PARSERS if (r := p.parse(doc)) is not None and r.items]
    # sorted() is stable, so equal scores keep the PARSERS order.
    return sorted(results, key=lambda r: -r.score)


def parse_best(doc: Normalized, *, source: str = "<text>") -> LayoutResult:
    found = candidates(doc)
    if not found:
        raise BadInputError(
            f"{source}: no recognisable measures in this text.",
            hint=(
                "The loader looks for a tab-separated table with a 序号/改革举措 header, "
                "sections 一、 with items （一）…, or numbered items 1. / 1、 / 一是…, each "
                "ideally ending with its departments in parentheses (责任单位：… / X牵头负责). "
                "Check that this is a plan or task list, exported as plain text."
            ),
        )
    best = found[0]
    _apply_document_rules(doc, best)
    return best


def _apply_document_rules(doc: Normalized, result: LayoutResult) -> None:
    """A first-leads rule stated once applies to the items that follow it.

    Plans state it in a note or a header (``注：责任部门中排在首位的部门为牵头单位。``, a
    header cell ``责任部门（排在首位的为牵头单位）``) or inside one item's clause followed by
    下同 (``（人力资源社会保障部、财政部负责。列第一位者为牵头单位，下同）``). Both are found
    with the grammar's first-leads row (loaders/responsibility.py). The rule holds from the
    item that states it (or the first item after the note) to the end; a note after the last
    item (a footnote under the table) holds for every item. An item's own wording (…负责,
    …按职责分工负责) does not cancel it; an item that names its lead (X牵头) keeps that.
    A statement inside a clause without 下同 is that item's own (the clause parser read it).
    """
    items = result.items
    for st in document_rule_statements(doc.text):
        owner = next((i for i, it in enumerate(items) if it.char_start <= st.start < it.char_end), None)
        if owner is not None and not st.sticky:
            continue
        if owner is None:
            first = next((i for i, it in enumerate(items) if it.char_start >= st.end), 0)
            line = doc.line_of(st.start)
            result.notes.append(f"line {line}: {doc.lines[line - 1].strip()} (applies to the items after it)")
        else:
            first = owner
        for it in items[first:]:
            if it.responsibility is not None:
                it.responsibility.apply_document_rule("stated-first-leads")
