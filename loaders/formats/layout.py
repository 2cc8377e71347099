"""Positioned lines (from a PDF text layer or OCR) -> paragraphs, without page furniture.

A printed page wraps a paragraph over several lines; the convention wants one line per
paragraph. A line continues the paragraph above when the line above runs to the right
margin and this line starts at the left margin (no first-line indent, no item number).
Page headers, footers and page numbers (``— 3 —``, ``-3-``, ``第3页``, ``3/12``) are dropped:
a page-number line anywhere, and any line in the top or bottom band of the page that
repeats, digits aside, on two or more pages.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass

from loaders.formats.base import Line, join_wrapped

# Lines that are only a page number, as Chinese official documents and printers print them.
PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－一~]\s*\d{1,4}\s*[-—–－一~]"  # — 3 —, -3-, －3－
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"  # 第3页, 第3页 共12页
    r"|\d{1,4}\s*/\s*\d{1,4}"  # 3/12
    r"|(?:page|Page|PAGE)\s*\d{1,4}(?:\s*of\s*\d{1,4})?"
    r"|\d{1,4})\s*$"
)
# Lines that open a new paragraph even at the left margin: item numbers and headings.
_OPENS = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\(\s*[一二三四五六七八九十\d]+\s*\)"
                    r"|（\d+）|\d+[.．、]|附件|[①-⑳])")
_DIGITS = re.compile(r"\d+")
_ENDS_WITH_PAGE = re.compile(r"(?:\s\d{1,4}\s*/\s*\d{1,4}|第\s*\d{1,4}\s*页(?:\s*共\s*\d{1,4}\s*页)?)\s*$")
# Share of the page height at the top and bottom where running headers and footers sit.
MARGIN_BAND = 0.07


@dataclass
class PLine:
    """A line as laid out on a page (PDF points or image pixels; the unit only has to be consistent)."""

    text: str
    page: int  # 1-based
    x0: float
    x1: float
    top: float
    bottom: float
    page_height: float
    size: float  # character height/width, to measure indents and margins in characters
    confidence: float | None = None
    table_row: bool = False  # already a whole TAB row: never joined with a neighbour
    locator: str | None = None


def drop_furniture(lines: list[PLine]) -> list[PLine]:
    pages = {ln.page for ln in lines}
    banded = [ln for ln in lines if _in_band(ln)]
    repeats = Counter(_DIGITS.sub("#", ln.text.strip()) for ln in banded)
    out = []
    for ln in lines:
        if not ln.table_row and PAGE_NUMBER.match(ln.text):
            continue
        if _in_band(ln) and len(pages) > 1 and repeats[_DIGITS.sub("#", ln.text.strip())] >= 2:
            continue
        if _in_band(ln) and not ln.table_row and _ENDS_WITH_PAGE.search(ln.text):
            continue  # a running footer/header that ends in its page number: "… 1/3", "… 第1页"
        out.append(ln)
    return out


def _in_band(ln: PLine) -> bool:
    return ln.top < ln.page_height * MARGIN_BAND or ln.bottom > ln.page_height * (1 - MARGIN_BAND)


def paragraphs(lines: list[PLine]) -> list[Line]:
    """Rejoin wrapped lines into paragraphs (see the module docstring for the rule)."""
    body = [ln for ln in lines if not ln.table_row]
    if not body:
        return [Line(ln.text, ln.locator, ln.confidence) for ln in lines]
    size = statistics.median(ln.size for ln in body) or 1.0
    # The left margin: low, but not the lowest start (a stray mark or header may sit further left).
    starts = sorted(ln.x0 for ln in body)
    left = starts[int(len(starts) * 0.1)]
    # The right margin: where most full lines end (the 90th percentile of line ends).
    ends = sorted(ln.x1 for ln in body)
    right = ends[int(len(ends) * 0.9) - 1 if len(ends) > 1 else 0]
    out: list[Line] = []
    prev: PLine | None = None
    for ln in lines:
        joins = (
            prev is not None
            and not ln.table_row
            and not prev.table_row
            and prev.x1 >= right - 1.5 * size
            and ln.x0 <= left + 0.6 * size
            and not _OPENS.match(ln.text)
        )
        if joins and out:
            last = out[-1]
            last.text = join_wrapped(last.text, ln.text.strip())
            if ln.confidence is not None:
                last.confidence = min(last.confidence or 1.0, ln.confidence)
        else:
            # A table row keeps its leading empty cells (a row's second half after a page
            # break starts in column 2); other lines are trimmed.
            text = ln.text.strip(" ") if ln.table_row else ln.text.strip()
            out.append(Line(text, ln.locator or f"page {ln.page} line {_line_no(lines, ln)}", ln.confidence))
        prev = ln
    return out


def _line_no(lines: list[PLine], target: PLine) -> int:
    return sum(1 for ln in lines if ln.page == target.page and ln.top <= target.top and ln is not target) + 1
