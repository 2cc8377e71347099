"""Localisation diff: what a local measure kept, added and dropped from its national parent.

In the spirit of the Legislative Influence Detector (text reuse between bills), at
character level because Chinese has no spaces to align words on. LID uses a local
Smith-Waterman alignment, which finds one in-order alignment; local plans, though, move
clauses around (Guangdong puts 全国使用、广东兑付 before the national clause it extends),
so we use **greedy string tiling** (the text-reuse / plagiarism-detection algorithm):
repeatedly take the longest common substring of both texts that is not yet covered, down
to a minimum length. Every tile of >= ``MIN_KEPT`` characters is text the locality
*kept*; the rest of the local text was *added*; the rest of the national text was
*dropped*. Shorter coincidences (科技, 企业) are not reuse.

Comparison ignores whitespace (page breaks split words) and folds full-width forms
(＋ = +), but every offset returned is into the ORIGINAL strings, so a UI can highlight
them directly. Figures count comparable (non-whitespace) characters, and
``kept_chars + dropped_chars == national_chars`` always holds.

Cost: seeds are indexed by their first ``MIN_KEPT`` characters, so the work is the number
of seed matches, not len(a) * len(b); ~1 ms for a pair of 500-character texts.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

from policygraph.similarity import fold

MIN_KEPT = 4  # a reused segment is at least 4 characters: two Chinese words


@dataclass(frozen=True)
class Kept:
    local_start: int
    local_end: int
    national_start: int
    national_end: int
    text: str  # as printed in the local text
    chars: int  # comparable characters in the segment


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    text: str
    chars: int


@dataclass(frozen=True)
class Diff:
    local_text: str
    national_text: str
    kept: list[Kept]  # in local order
    added: list[Segment]  # offsets into local_text
    dropped: list[Segment]  # offsets into national_text
    local_chars: int
    national_chars: int
    kept_chars: int
    added_chars: int
    dropped_chars: int
    reuse_ratio: float  # share of the national text the local one kept
    local_novelty: float  # share of the local text that is new

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> dict[str, Any]:
        """The figures stored on the ADAPTS edge (scalars only)."""
        return {
            "reuse_ratio": self.reuse_ratio,
            "local_novelty": self.local_novelty,
            "kept_chars": self.kept_chars,
            "added_chars": self.added_chars,
            "dropped_chars": self.dropped_chars,
        }


# fold() is a pure function of one character, so its answers are memoised here (bounded by
# the number of distinct characters ever seen; nothing can go stale). Calling it for every
# character of both texts was half the cost of a trace at 1,000 documents.
_FOLDED: dict[str, str] = {}


@lru_cache(maxsize=256)
def _comparable(text: str) -> tuple[str, tuple[int, ...]]:
    """The text without whitespace, folded; and each kept character's original offset.

    Memoised on the text itself (a pure function of its argument, so never stale): a
    trace diffs every localisation against the same national text."""
    chars: list[str] = []
    offsets: list[int] = []
    memo = _FOLDED
    for i, ch in enumerate(text):
        if ch.isspace():
            continue
        f = memo.get(ch)
        if f is None:
            f = memo[ch] = fold(ch)
        chars.append(f)
        offsets.append(i)
    return "".join(chars), tuple(offsets)


@lru_cache(maxsize=64)
def _seeds(b: str, min_len: int) -> dict[str, tuple[int, ...]]:
    """Start positions of every min_len-gram of b. Memoised on b (pure, never stale): a
    trace tiles every localisation against the same national text. Read-only to callers."""
    index: dict[str, list[int]] = {}
    for j in range(len(b) - min_len + 1):
        index.setdefault(b[j:j + min_len], []).append(j)
    return {k: tuple(v) for k, v in index.items()}


def tiles(a: str, b: str, min_len: int = MIN_KEPT) -> list[tuple[int, int, int]]:
    """Greedy string tiling: non-overlapping common substrings (a_start, b_start, length),
    longest first, each >= min_len. Deterministic (ties by position in a, then b)."""
    if len(a) < min_len or len(b) < min_len:
        return []
    index = _seeds(b, min_len)
    heap: list[tuple[int, int, int]] = []  # (-length, i, j): maximal matches
    for i in range(len(a) - min_len + 1):
        for j in index.get(a[i:i + min_len], ()):
            if i and j and a[i - 1] == b[j - 1]:
                continue  # not left-maximal: found from an earlier start
            k = min_len
            while i + k < len(a) and j + k < len(b) and a[i + k] == b[j + k]:
                k += 1
            heap.append((-k, i, j))
    heapq.heapify(heap)
    used_a = bytearray(len(a))
    used_b = bytearray(len(b))
    out: list[tuple[int, int, int]] = []
    while heap:
        neg, i, j = heapq.heappop(heap)
        length = -neg
        # The runs inside the candidate still free on both sides. If the whole candidate
        # is free it is the longest tile left: take it. Otherwise push the free runs back
        # so a longer tile elsewhere can go first.
        runs: list[tuple[int, int]] = []
        s: int | None = None
        for k in range(length + 1):
            free = k < length and not used_a[i + k] and not used_b[j + k]
            if free and s is None:
                s = k
            elif not free and s is not None:
                runs.append((s, k - s))
                s = None
        if runs != [(0, length)]:
            for rs, rl in runs:
                if rl >= min_len:
                    heapq.heappush(heap, (-rl, i + rs, j + rs))
            continue
        for k in range(length):
            used_a[i + k] = 1
            used_b[j + k] = 1
        out.append((i, j, length))
    return sorted(out)


class _FoldTable(dict[int, str | None]):
    """str.translate table of the comparable form: whitespace dropped, every other
    character folded (:func:`fold`); filled as characters are met (translate looks up
    each code point, __missing__ answers and remembers the new ones)."""

    def __missing__(self, code: int) -> str | None:
        ch = chr(code)
        self[code] = out = None if ch.isspace() else fold(ch)
        return out


_FOLD_TABLE = _FoldTable()


@dataclass(frozen=True)
class Figures:
    """The diff's figures without its segments: what an ADAPTS link stores."""

    kept_chars: int
    added_chars: int
    dropped_chars: int
    reuse_ratio: float
    local_novelty: float


def diff_figures(local_text: str | None, national_text: str | None, min_len: int = MIN_KEPT) -> Figures:
    """The figures of :func:`diff_texts` (same tiles, same numbers) without building the
    kept / added / dropped segments and their offsets: linking stores only the figures,
    for every link of a load. Each character a tile does not cover was added (local) or
    dropped (national), so the two counts follow from the tiles' total length."""
    a = (local_text or "").translate(_FOLD_TABLE)
    b = (national_text or "").translate(_FOLD_TABLE)
    kept = sum(n for _i, _j, n in tiles(a, b, min_len))
    added, dropped = len(a) - kept, len(b) - kept
    return Figures(kept, added, dropped,
                   reuse_ratio=round(kept / len(b), 4) if b else 0.0,
                   local_novelty=round(added / len(a), 4) if a else 0.0)


def _residue(text: str, offsets: Sequence[int], used: bytearray) -> list[Segment]:
    """Maximal runs of comparable characters not covered by a tile, as original spans."""
    out: list[Segment] = []
    k = 0
    n = len(offsets)
    while k < n:
        if used[k]:
            k += 1
            continue
        s = k
        while k < n and not used[k]:
            k += 1
        start, end = offsets[s], offsets[k - 1] + 1
        out.append(Segment(start, end, text[start:end], k - s))
    return out


def diff_texts(local_text: str | None, national_text: str | None, min_len: int = MIN_KEPT) -> Diff:
    """Kept / added / dropped between a local measure's text and its national parent's."""
    local_text = local_text or ""
    national_text = national_text or ""
    a, a_off = _comparable(local_text)
    b, b_off = _comparable(national_text)
    used_a = bytearray(len(a))
    used_b = bytearray(len(b))
    kept: list[Kept] = []
    for i, j, n in tiles(a, b, min_len):
        for k in range(n):
            used_a[i + k] = 1
            used_b[j + k] = 1
        ls, le = a_off[i], a_off[i + n - 1] + 1
        kept.append(Kept(ls, le, b_off[j], b_off[j + n - 1] + 1, local_text[ls:le], n))
    kept_chars = sum(k.chars for k in kept)
    added = _residue(local_text, a_off, used_a)
    dropped = _residue(national_text, b_off, used_b)
    added_chars = sum(s.chars for s in added)
    dropped_chars = sum(s.chars for s in dropped)
    return Diff(
        local_text=local_text,
        national_text=national_text,
        kept=kept,
        added=added,
        dropped=dropped,
        local_chars=len(a),
        national_chars=len(b),
        kept_chars=kept_chars,
        added_chars=added_chars,
        dropped_chars=dropped_chars,
        reuse_ratio=round(kept_chars / len(b), 4) if b else 0.0,
        local_novelty=round(added_chars / len(a), 4) if a else 0.0,
    )
