"""Layout recognition: run every parser, keep the one that fits the text best.

Each module here has ``parse(doc: Normalized) -> LayoutResult | None``. Adding a layout
means adding a module and listing it in ``PARSERS``; nothing is keyed to file names.
The order of ``PARSERS`` breaks ties: the more specific layout comes first.
"""

from __future__ import annotations

from loaders.layouts import generic, numbered, prose, table
from loaders.layouts.base import Item, LayoutResult
from loaders.normalize import Normalized
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
    return found[0]
