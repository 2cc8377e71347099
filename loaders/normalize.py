"""Decoded text -> normalised text, with a map back to the decoded text.

What is normalised, and why:
- line endings (CRLF, CR) -> LF, so line numbers are the same on every platform;
- BOM and zero-width characters are dropped (they break regexes and are invisible);
- extraction artefacts: ``[bookmark: _GoBack]`` from Word, ``<b>``/``</b>`` and similar
  inline tags from web pages (the tag goes, the text inside stays), a few HTML entities;
- full-width ASCII letters, digits and arithmetic symbols -> half-width (``２０２０`` ->
  ``2020``, ``＋`` -> ``+``) so numbers and 文号 compare equal however they were typed.
  Chinese punctuation (，、（）《》〔〕：；。) is kept: it carries meaning the parsers use;
- the ideographic space and NBSP -> an ordinary space;
- traditional characters -> simplified with OpenCC ``t2s``, but only when the text *is*
  traditional: t2s also rewrites a few simplified characters (覆 -> 复), so converting a
  simplified text would damage it. We measure the share of CJK characters t2s would
  change; simplified samples score ~0.0003, traditional ones ~0.35.

Spans in the records are offsets into the *normalised* text (1-based lines, 0-based
characters); ``Normalized.original_offset`` maps any of them back to the decoded text.
Normalising the same decoded text twice gives the same result (no randomness, no state).
"""

from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache

# Share of CJK characters that t2s must change before a text counts as traditional.
TRADITIONAL_THRESHOLD = 0.05
# Characters looked at to decide (the start of a text is enough; opencc is slow on MBs).
_DETECT_CHARS = 200_000

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")  # counting by runs: no string per character

# Removed outright (with their content): Word bookmarks exported as text.
_ARTEFACTS = re.compile(r"\[bookmark:[^\]\n]*\]", re.IGNORECASE)
# Removed, content kept: inline HTML tags left over from web pages.
_TAGS = re.compile(
    r"</?(?:b|strong|i|em|u|span|font|p|br|div|sup|sub)\b[^<>\n]*>", re.IGNORECASE
)
# Pinyin ruby left inline by accessible ("长者版") pages: 蓝(lán)谷, 责(zé)任. A parenthesis of
# lowercase Latin letters with at least one tone mark, right after a Chinese character, is
# read-aloud help, never text of the document: removed. (Plain ASCII like (a) is kept.)
# (The bracket comes first and the character before it is checked by a lookbehind over both:
# a pattern that opens with a character class is searched by skipping to that class.)
_PINYIN_RUBY = re.compile(
    r"[(（](?<=[\u3400-\u4dbf\u4e00-\u9fff][(（])(?=[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}[)）]"
)
_ENTITIES = {"&nbsp;": " ", "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'"}
_ENTITY_RE = re.compile("|".join(re.escape(e) for e in _ENTITIES))

# Invisible characters: BOM, zero-width and bidirectional controls (an RLO reverses what a
# reader sees), and C0/DEL control characters other than tab and newline (a form feed is a
# PDF page break; dropping it keeps line numbers equal to the file's).
_DROP_CHARS = {"\ufeff", "\u200b", "\u200c", "\u200d", "\u2060", "\x7f"}
_DROP_CHARS |= {chr(c) for c in range(0x20) if chr(c) not in "\t\n"}
_DROP_CHARS |= {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
# Terminal colour codes (ESC [ 31 m) pasted from a console.
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_NEWLINES = re.compile(r"\r\n?")
_NEWLINE = re.compile("\n")
_SPACES = {"\u3000": " ", "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " "}


def _fullwidth_table() -> dict[str, str]:
    table: dict[str, str] = {}
    # Letters and digits.
    for lo, hi in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A)):
        for cp in range(lo, hi + 1):
            table[chr(cp)] = chr(cp - 0xFEE0)
    # Symbols with no special meaning in Chinese typesetting. Kept as they are:
    # ，（）：；！？ - Chinese punctuation the parsers and readers rely on.
    for ch in "＋－＝％＆＠＃＄＊／＜＞＿｜～＾．":
        table[ch] = chr(ord(ch) - 0xFEE0)
    return table


_FULLWIDTH = _fullwidth_table()
# After t2s: corner brackets are the traditional quotes; simplified texts use curly quotes.
_TRADITIONAL_QUOTES = {"「": "“", "」": "”", "『": "‘", "』": "’"}
# The same maps in the forms the builder applies fast (a load parses every file: a
# character-by-character Python loop cost ~8 % of the parse time, measured).
_DROP_RE = re.compile("[" + "".join(re.escape(c) for c in sorted(_DROP_CHARS)) + "]")
_SPACES_AND_FULLWIDTH = str.maketrans({**_FULLWIDTH, **_SPACES})
_QUOTES_TABLE = str.maketrans(_TRADITIONAL_QUOTES)


def _runs_of(table: dict[int, str]) -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(table)) + "]+")


_SPACES_AND_FULLWIDTH_RUNS = _runs_of(_SPACES_AND_FULLWIDTH)
_QUOTES_RUNS = _runs_of(_QUOTES_TABLE)


@dataclass(frozen=True)
class Normalized:
    """The normalised text plus how it relates to the decoded (original) text."""

    text: str
    original: str
    offsets: tuple[int, ...]  # offsets[i] = offset in `original` of text[i]; one extra entry at the end
    converted_from_traditional: bool = False
    traditional_ratio: float = 0.0
    line_starts: tuple[int, ...] = field(default=(), repr=False)

    def original_offset(self, offset: int) -> int:
        """Offset in the decoded text of the normalised character at `offset`."""
        return self.offsets[max(0, min(offset, len(self.offsets) - 1))]

    def line_of(self, offset: int) -> int:
        """1-based line number of a character offset in the normalised text."""
        return bisect.bisect_right(self.line_starts, offset)

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


class _Builder:
    """Text plus, for every character, its offset in the original text.

    The text is kept as a string and the offsets as a list built only when a step changes
    the length (most texts need no substitution at all): a load normalises every file.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._offs: list[int] | None = None  # None: offsets are 0..len-1 (nothing dropped yet)
        self.end = len(text)

    @property
    def offs(self) -> list[int]:
        if self._offs is None:
            self._offs = list(range(len(self.text)))
        return self._offs

    def translate(self, table: dict[int, str], chars: re.Pattern[str]) -> None:
        """Replace characters one for one (offsets unchanged). Replacing only, never dropping
        or expanding: drops go through :meth:`sub`. `chars` matches runs of the table's keys:
        only those runs are translated (str.translate looks up every character of the text,
        ~4 % of a parse, and most texts have a few such characters or none)."""
        if chars.search(self.text) is not None:
            self.text = chars.sub(lambda m: m.group(0).translate(table), self.text)

    def sub(self, pattern: re.Pattern[str], repl) -> None:
        """Regex substitution; replacement characters map to the start of what they replace."""
        text = self.text
        if pattern.search(text) is None:
            return  # nothing to replace (the common case): the text and offsets stay
        old_offs = self.offs
        pieces: list[str] = []
        offs: list[int] = []
        pos = 0
        for m in pattern.finditer(text):
            pieces.append(text[pos : m.start()])
            offs.extend(old_offs[pos : m.start()])
            rep = repl(m) if callable(repl) else repl
            anchor = old_offs[m.start()] if m.start() < len(old_offs) else self.end
            pieces.append(rep)
            offs.extend([anchor] * len(rep))
            pos = m.end()
        pieces.append(text[pos:])
        offs.extend(old_offs[pos:])
        self.text, self._offs = "".join(pieces), offs

    def replace_text(self, new: str) -> None:
        """Swap in a converted text (t2s), aligning offsets when lengths differ."""
        old = self.text
        if len(new) == len(old):
            self.text = new
            return
        old_offs = self.offs
        offs: list[int] = []
        sm = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
        for tag, i1, i2, j1, j2 in sm.get_opcodes():
            if tag == "equal":
                offs.extend(old_offs[i1:i2])
            else:
                anchor = old_offs[i1] if i1 < len(old_offs) else self.end
                offs.extend([anchor] * (j2 - j1))
        self.text, self._offs = new, offs

    def offsets(self) -> tuple[int, ...]:
        """Each character's offset in the original, and one extra entry: the original's length."""
        if self._offs is None:
            return tuple(range(self.end + 1))
        return (*self._offs, self.end)


@lru_cache(maxsize=1)
def _t2s():
    import opencc  # imported lazily: only texts we look at need it

    return opencc.OpenCC("t2s")


_CHUNK = 256


def _cjk_count(text: str) -> int:
    return sum(m.end() - m.start() for m in _CJK_RUN.finditer(text))


def traditional_ratio(text: str) -> float:
    """Share of CJK characters that t2s changes (0 for simplified text, ~0.35 for traditional)."""
    converted = _t2s().convert(text)
    if converted == text:
        return 0.0  # nothing converted (simplified text): no character counts as changed
    cjk = changed = 0
    if len(converted) != len(text):
        # Phrase conversions that change length are rare; compare by alignment then.
        sm = difflib.SequenceMatcher(a=text, b=converted, autojunk=False)
        same = sum(b.size for b in sm.get_matching_blocks())
        cjk = _cjk_count(text)
        return (len(text) - same) / cjk if cjk else 0.0
    # Counted without a Python step per character (a load normalises every file): CJK
    # characters with one regex, changed ones only inside the chunks that differ.
    cjk = _cjk_count(text)
    for i in range(0, len(text), _CHUNK):
        a, b = text[i : i + _CHUNK], converted[i : i + _CHUNK]
        if a != b:
            changed += sum(1 for x, y in zip(a, b, strict=True) if x != y and _CJK.match(x))
    return changed / cjk if cjk else 0.0


def normalize(text: str) -> Normalized:
    """Normalise decoded text deterministically (see the module docstring for what and why)."""
    b = _Builder(text)
    b.sub(_NEWLINES, "\n")
    b.sub(_ANSI, "")
    b.sub(_DROP_RE, "")
    b.sub(_ARTEFACTS, "")
    b.sub(_TAGS, "")
    b.sub(_ENTITY_RE, lambda m: _ENTITIES[m.group(0)])
    b.sub(_PINYIN_RUBY, "")
    b.translate(_SPACES_AND_FULLWIDTH, _SPACES_AND_FULLWIDTH_RUNS)

    # A sample is enough to tell the script; plans are uniform in it.
    ratio = traditional_ratio(b.text[:_DETECT_CHARS])
    converted = ratio >= TRADITIONAL_THRESHOLD
    if converted:
        b.replace_text(_t2s().convert(b.text))
        b.translate(_QUOTES_TABLE, _QUOTES_RUNS)

    out = b.text
    starts = [0] + [m.end() for m in _NEWLINE.finditer(out)]
    return Normalized(
        text=out,
        original=text,
        offsets=b.offsets(),
        converted_from_traditional=converted,
        traditional_ratio=round(ratio, 4),
        line_starts=tuple(starts),
    )
