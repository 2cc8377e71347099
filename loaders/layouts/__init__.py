"""Layout recognition: run every parser, keep the one that fits the text best.

Each module here has ``parse(doc: Normalized) -> LayoutResult | None``. Adding a layout
means adding a module and listing it in ``PARSERS``; nothing is keyed to file names.
The order of ``PARSERS`` breaks ties: the more specific layout comes first.
"""

from __future__ import annotations

import re

from base.errors import BadInputError
from loaders.layouts import generic, numbered, outline, prose, table
from loaders.layouts.base import Item, LayoutResult, forget_item_ends
from loaders.layouts.patterns import ATTACHMENT_RE
from loaders.normalize import Normalized
from loaders.responsibility import document_rule_statements

# outline comes after numbered and prose: on the samples they read the same items, and a
# tie keeps the more specific layout's name and conventions (untitled ranges, clause titles).
PARSERS = (table, numbered, prose, outline, generic)

__all__ = ["Item", "LayoutResult", "PARSERS", "parse_best", "candidates"]


def candidates(doc: Normalized) -> list[LayoutResult]:
    """Every parser's reading of the text, best fit first."""
    try:
        results = [r for p in PARSERS if (r := p.parse(doc)) is not None and r.items]
    finally:
        # What the parsers shared while reading this text (item ends, levels) is not kept.
        forget_item_ends()
        outline.forget_handover()
    attachments = [doc.line_starts[i] for i, line in enumerate(doc.text.split("\n")) if ATTACHMENT_RE.match(line)]
    for r in results:
        _keep_attachment_items(doc, r, attachments)
    # sorted() is stable, so equal scores keep the PARSERS order.
    return sorted(results, key=lambda r: -r.score)


def parse_best(doc: Normalized, *, source: str = "<text>") -> LayoutResult:
    found = candidates(doc)
    if not found:
        raise BadInputError(
            f"{source}: no recognisable measures in this text.",
            hint=(
                "The loader looks for a table (TAB-separated, Markdown pipes, or one cell per line) "
                "whose header has 序号 and a task column (改革举措/重点任务/主要任务/…) beside "
                "牵头单位/配合单位/责任单位 columns, or numbered items (一、/（一）/1./（1）/①) that "
                "end with their departments in parentheses (责任单位：… / X牵头负责) or are followed "
                "by 牵头单位：/责任单位： lines. Check that this is a plan or task list, exported as "
                "plain text."
            ),
        )
    best = found[0]
    _apply_document_rules(doc, best)
    return best


def _keep_attachment_items(doc: Normalized, result: LayoutResult, attachments: list[int]) -> None:
    """A notice followed by its attachment: the attachment's items are the measures.

    印发 notices (…现将《XX任务分工表》印发给你们…附件：XX任务分工表) often number their own
    paragraphs (1.明确任务，压实责任。…); those are instructions, not measures. When items are
    found both before and after the first 附件 line that has items after it, the ones before
    it are dropped, and a note says so.
    """
    for at in attachments:  # offsets of the 附件 lines (found once per text, by candidates)
        after = [it for it in result.items if it.char_start > at]
        if not after:
            continue
        before = len(result.items) - len(after)
        if before:
            line = doc.line_of(at)
            result.items = after
            result.notes.append(
                f"line {line}: {doc.lines[line - 1].strip()} - the {before} numbered paragraph(s) "
                "of the notice before its attachment are not measures"
            )
            # Warnings about the dropped paragraphs (they name their line) go with them.
            result.warnings = [w for w in result.warnings if not _before_line(w, line)]
        return


def _before_line(warning: str, line: int) -> bool:
    m = re.search(r"\bline (\d+)\b", warning)
    return m is not None and int(m.group(1)) < line


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
