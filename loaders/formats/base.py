"""What every format reader returns: the document's lines in the plain-text convention.

The convention is the one the table and prose parsers read (see /work/shared/real/README.md):
one line per paragraph and per table row, table cells joined by a TAB, inline tags dropped,
no character of the text changed. Every line also says where it came from in the file
(``locator``: "paragraph 17", "table 1 row 4", "page 3 line 12") and, for OCR text, how
sure the recogniser was (``confidence``). Page metadata (a gov.cn page's 发文机关, 成文日期 ...)
travels beside the text in ``metadata``, keyed by the printed label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Whitespace trimmed from both ends of a line: ASCII, NBSP, ideographic and em spaces.
_EDGE_SPACE = " \t\r\n\f\v\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff"
# A run of whitespace inside a line that holds a line break came from the file's layout
# (HTML source wrapping, a PDF line wrap), not from the text.
_WRAP = re.compile(r"[ \t\u00a0]*[\r\n]+[ \t\u00a0]*")
_WORDY = re.compile(r"[0-9A-Za-z]")


def join_wrapped(left: str, right: str) -> str:
    """Join two pieces of one paragraph that the file's layout broke apart: Chinese text
    joins with nothing, two Latin words/numbers with one space."""
    if left and right and _WORDY.match(left[-1]) and _WORDY.match(right[0]):
        return f"{left} {right}"
    return left + right


def clean_line(text: str) -> str:
    """One line of the convention: layout line breaks undone, no TAB or edge whitespace."""
    parts = _WRAP.split(text)
    out = parts[0]
    for part in parts[1:]:
        out = join_wrapped(out, part)
    return out.replace("\t", " ").strip(_EDGE_SPACE)


def table_row(cells: list[str]) -> str:
    """A table row: the cells' texts joined by a TAB (empty trailing cells dropped)."""
    cleaned = [clean_line(c) for c in cells]
    while cleaned and not cleaned[-1]:
        cleaned.pop()
    return "\t".join(cleaned)


@dataclass
class Line:
    text: str
    locator: str | None = None  # where in the file: "paragraph 17", "table 1 row 4", "page 3 line 12"
    confidence: float | None = None  # OCR confidence of this line (0-1), None for a text layer


@dataclass
class Document:
    """One file read into the plain-text convention."""

    lines: list[Line]
    format: str  # text, html, docx, pdf, pdf-ocr, xlsx, doc
    sha256: str
    size: int
    encoding: str  # the text encoding for text/HTML; the format name otherwise
    metadata: dict[str, str] = field(default_factory=dict)  # printed label -> value (page metadata)
    note: str | None = None  # a repair or conversion made while reading, for warnings
    verbatim: str | None = None  # a plain text file's decoded text, kept exactly as decoded

    @property
    def text(self) -> str:
        return self.verbatim if self.verbatim is not None else "\n".join(line.text for line in self.lines)

    # Where a measure's lines sit (locator, OCR confidence) is copied onto its span by
    # loaders.extract._locate, from :attr:`lines`.


def drop_blank(lines: list[Line]) -> list[Line]:
    """Blank lines carry nothing the parsers read; the plain texts have none."""
    return [ln for ln in lines if ln.text.strip(_EDGE_SPACE)]
