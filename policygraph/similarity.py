"""Text similarity for Chinese policy measures, with no model download.

A local measure restates a national one: the title is usually the national title with a
verb put in front (建立… / 设立… / 开展… / 推行…) or a word swapped (模式 for 机制), and
the content copies whole clauses of the national 主要内容, reorders them and adds local
detail. Two signals catch that, each cheap and deterministic:

* **title score**: rapidfuzz ``ratio`` of the two titles after normalising and stripping
  leading action verbs (a title that only adds 建立 must score as a near-identical one);
  the better of that and a character-bigram Dice coefficient (which forgives reordering
  inside a title);
* **content score**: cosine of character 2/3-gram TF-IDF vectors over title + content.
  Character n-grams need no word segmentation (jieba's dictionary splits policy jargon
  such as 通用通兑 or 投贷联动 inconsistently); IDF is fitted on the candidate national
  measures so boilerplate that every measure shares (科技型中小企业, 建立…机制) weighs little
  and the rare terms that name a measure (公证, 滚动支持, 仪器设备) weigh a lot.

:func:`combine` mixes them; :func:`hungarian` and :func:`assign` turn a score matrix into
a one-to-one assignment with a threshold. Everything here is pure Python (no numpy/scipy)
and has no database dependency, so tests/unit/test_similarity.py covers it.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import add
from typing import NamedTuple

from rapidfuzz import fuzz

# Verbs (and adverbs) that open a local title without changing which measure it is.
# Longest first so 探索建立 goes as one unit before 探索. Stripped repeatedly: 进一步完善…
LEADING_VERBS: tuple[str, ...] = tuple(
    sorted(
        {
            "建立健全", "健全完善", "建立完善", "探索建立", "推进建立", "加快建立", "积极推进",
            "大力推广", "深化实施", "继续深化", "全面推行", "全面推进", "加快推进", "深入推进",
            "建立", "设立", "开展", "推行", "实施", "推动", "健全", "完善", "探索", "推进", "推广",
            "深化", "加快", "加强", "构建", "落实", "打造", "组建", "搭建", "积极", "大力", "继续",
            "进一步", "全面", "深入", "持续", "支持", "鼓励", "引导", "率先",
        },
        key=lambda s: (-len(s), s),
    )
)

# Characters that carry meaning for similarity, matched as runs: one findall instead of a
# regex match per character (normalise was a third of a search's Python time, called for
# every candidate's title and content).
_KEEP_RUNS = re.compile(r"[0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def fold(ch: str) -> str:
    """One character to its comparison form, always one character long (so offsets
    survive): full-width ASCII to half-width (＋ -> +), letters lower-cased."""
    if len(ch) != 1:
        return ch
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E:
        ch = chr(code - 0xFEE0)
    elif code == 0x3000:
        ch = " "
    return ch.lower()


def normalise(text: str | None) -> str:
    """Comparison form: NFKC, only CJK characters, letters and digits (punctuation,
    quotes and whitespace from page breaks carry no meaning for similarity)."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    return "".join(_KEEP_RUNS.findall(text.lower()))


def strip_leading_verbs(title: str | None) -> str:
    """Normalised title without the leading action verbs a locality adds
    (建立科技创新券… -> 科技创新券…). Never strips a title to (almost) nothing: the verb is
    the measure when nothing else is left (e.g. a bare 推进改革)."""
    t = normalise(title)
    changed = True
    while changed:
        changed = False
        for v in LEADING_VERBS:
            if t.startswith(v) and len(t) - len(v) >= 4:
                t = t[len(v):]
                changed = True
                break
    # A leading 对 (对战略性科研项目实施…) is grammar, not meaning.
    if t.startswith("对") and len(t) > 5:
        t = t[1:]
    return t


def _grams(text: str, n: int) -> Iterable[str]:
    """The n-grams of text in order. Bigrams and trigrams by concatenating shifted copies
    (map(add) runs in C: ~3x faster than slicing per position in Python)."""
    if n == 2:
        return map(add, text, text[1:])
    if n == 3:
        return map(add, map(add, text, text[1:]), text[2:])
    return (text[i:i + n] for i in range(len(text) - n + 1))


def ngrams(text: str, ns: Iterable[int] = (2, 3)) -> Counter[str]:
    out: Counter[str] = Counter()
    for n in ns:
        # Counter.update counts in C; the insertion order (n, then position) is the loop's.
        out.update(_grams(text, n))
    return out


@dataclass(frozen=True)
class _Title:
    """A title prepared once: verbs stripped, bigram multiset counted."""

    text: str
    bigrams: Counter[str]
    size: int

    @classmethod
    def of(cls, title: str | None) -> _Title:
        t = strip_leading_verbs(title)
        g = ngrams(t, (2,))
        return cls(t, g, sum(g.values()))


def _title_score(a: _Title, b: _Title) -> float:
    if not a.text or not b.text:
        return 0.0
    total = a.size + b.size
    d = 2.0 * sum((a.bigrams & b.bigrams).values()) / total if total else 0.0
    return max(fuzz.ratio(a.text, b.text) / 100.0, d)


def title_score(local_title: str | None, national_title: str | None) -> float:
    """How alike two titles are, in [0, 1], after stripping leading verbs: the better of
    the rapidfuzz ratio and the bigram Dice coefficient."""
    return _title_score(_Title.of(local_title), _Title.of(national_title))


_TF = [0.0] + [1.0 + math.log(c) for c in range(1, 64)]


def sublinear_tf(count: int) -> float:
    """1 + log(count), looked up for the small counts nearly every n-gram has (the same
    floats: the table holds what math.log gives)."""
    return _TF[count] if count < 64 else 1.0 + math.log(count)


class TfidfModel:
    """Character n-gram TF-IDF fitted on a small corpus (the candidate national measures).

    Sublinear tf (1 + log tf) so a phrase a locality repeats five times does not drown
    the rest; smoothed idf ``log((1 + N) / (1 + df)) + 1`` (always > 0, so an n-gram no
    candidate has still counts in a local vector's norm: text the locality added makes
    it less like every candidate, which is what cosine should say).
    """

    def __init__(self, corpus: Sequence[str], ns: tuple[int, ...] = (2, 3)) -> None:
        self.ns = ns
        self.n_docs = len(corpus)
        df: Counter[str] = Counter()
        for text in corpus:
            df.update(set(ngrams(normalise(text), ns)))
        self.df = df
        # idf of every n-gram seen, and of one no candidate has: looked up, not recomputed
        # per n-gram of every local measure (the same floats as idf()).
        self._idf = {g: self.idf(g) for g in df}
        self._idf_unseen = self.idf("")

    def idf(self, gram: str) -> float:
        return math.log((1 + self.n_docs) / (1 + self.df.get(gram, 0))) + 1.0

    def vector(self, text: str | None) -> dict[str, float]:
        counts = ngrams(normalise(text), self.ns)
        idf, unseen = self._idf, self._idf_unseen
        vec = {g: sublinear_tf(c) * idf.get(g, unseen) for g, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values()))
        return {g: v / norm for g, v in vec.items()} if norm else {}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine of two L2-normalised sparse vectors."""
    if len(a) > len(b):
        a, b = b, a
    return max(0.0, min(1.0, sum(v * b.get(g, 0.0) for g, v in a.items())))


# Weights of the combined score. Titles are the strongest evidence (a local item is
# named after the national measure it restates) but a locality may rename an item
# entirely (广东 二.5 完善公证服务知识产权保护工作机制 for 建立提供全方位证据服务的知识产权
# 公证服务平台); the content then still shares the rare n-grams. Equal weights let either
# signal alone carry a renamed or a rewritten item over the threshold, but not a
# coincidence in one of them (two titles that merely share 科技型中小企业).
TITLE_WEIGHT = 0.5
CONTENT_WEIGHT = 0.5


def combine(title: float, content: float) -> float:
    return TITLE_WEIGHT * title + CONTENT_WEIGHT * content


class PairScore(NamedTuple):
    # A named tuple, not a frozen dataclass: one is made per (local, national) pair, and a
    # frozen dataclass's __init__ (object.__setattr__ per field) was a tenth of scoring.
    score: float
    title_score: float
    content_score: float


def measure_text(title: str | None, content: str | None) -> str:
    """The text a measure is compared on: its title and its content."""
    return "。".join(p for p in (title, content) if p)


class NationalIndex:
    """A candidate set prepared once (TF-IDF model, vectors, stripped titles) and reused
    for every local document that meets the same candidates: all plans of one batch.

    Scoring goes through inverted lists (n-gram -> candidates holding it), so one local
    measure costs its own n-grams plus the matches, not one dictionary walk per candidate.
    """

    def __init__(self, national: Sequence[tuple[str | None, str | None]], model: TfidfModel | None = None) -> None:
        texts = [measure_text(t, c) for t, c in national]
        self.model = model or TfidfModel(texts)
        self.titles = [_Title.of(t) for t, _c in national]
        self._postings: dict[str, list[tuple[int, float]]] = {}
        for j, text in enumerate(texts):
            for g, w in self.model.vector(text).items():
                self._postings.setdefault(g, []).append((j, w))
        # One lookup per local n-gram: its idf and the candidates holding it together.
        idf = self.model._idf
        self._vocab: dict[str, tuple[float, list[tuple[int, float]]]] = {
            g: (w, self._postings.get(g, [])) for g, w in idf.items()}
        self._title_postings: dict[str, list[tuple[int, int]]] = {}
        for j, t in enumerate(self.titles):
            for g, c in t.bigrams.items():
                self._title_postings.setdefault(g, []).append((j, c))

    def __len__(self) -> int:
        return len(self.titles)

    def scores(self, title: str | None, content: str | None) -> list[PairScore]:
        n = len(self.titles)
        dots = [0.0] * n
        # The local vector, normalised only where a candidate has the n-gram: the others
        # add nothing to a dot product (the same products, summed in the same order, as
        # walking the whole normalised vector).
        counts = ngrams(normalise(measure_text(title, content)), self.model.ns)
        # TfidfModel.vector's weights, computed inline (this loop runs for every n-gram of
        # every local measure of a load): one dictionary lookup gives idf and postings.
        vocab, unseen, tf, log = self._vocab, self.model._idf_unseen, _TF, math.log
        every: list[float] = []  # every weight, in order: the norm
        shared: list[tuple[float, list[tuple[int, float]]]] = []
        for g, c in counts.items():
            e = vocab.get(g)
            if e is None:
                every.append((tf[c] if c < 64 else 1.0 + log(c)) * unseen)
            else:
                w = (tf[c] if c < 64 else 1.0 + log(c)) * e[0]
                every.append(w)
                shared.append((w, e[1]))
        norm = math.sqrt(sum(v * v for v in every))
        if norm:
            for w, plist in shared:
                w = w / norm
                for j, v in plist:
                    dots[j] += w * v
        lt = _Title.of(title)
        inter = [0] * n
        for g, c in lt.bigrams.items():
            for j, cb in self._title_postings.get(g, ()):
                inter[j] += min(c, cb)
        row = []
        for j, nt in enumerate(self.titles):
            if lt.text and nt.text:
                d = 2.0 * inter[j] / (lt.size + nt.size) if lt.size + nt.size else 0.0
                ts = max(fuzz.ratio(lt.text, nt.text) / 100.0, d)
            else:
                ts = 0.0
            cs = max(0.0, min(1.0, dots[j]))
            row.append(PairScore(round(combine(ts, cs), 4), round(ts, 4), round(cs, 4)))
        return row


def score_matrix(
    local: Sequence[tuple[str | None, str | None]],
    national: Sequence[tuple[str | None, str | None]] | NationalIndex,
    model: TfidfModel | None = None,
) -> list[list[PairScore]]:
    """Scores of every (local, national) pair; each item is a (title, content) pair.

    The TF-IDF model defaults to one fitted on the national texts, so the scores of a
    local document depend only on the candidate set, not on which other local documents
    exist. Pass a :class:`NationalIndex` to reuse one across documents.
    """
    index = national if isinstance(national, NationalIndex) else NationalIndex(national, model)
    return [index.scores(lt, lc) for lt, lc in local]


def hungarian(weights: Sequence[Sequence[float]]) -> list[tuple[int, int]]:
    """Maximum-weight assignment on a rectangular matrix (Kuhn-Munkres, O(n^3)).

    Returns (row, column) pairs, one per row when rows <= columns (else one per column).
    Pure Python: scipy is not a dependency and the matrices are tiny (a plan restates at
    most a few dozen national measures). Ties are broken by index order, deterministically.
    """
    n_rows = len(weights)
    n_cols = len(weights[0]) if n_rows else 0
    if not n_rows or not n_cols:
        return []
    transposed = n_rows > n_cols
    if transposed:
        weights = [list(col) for col in zip(*weights, strict=True)]
        n_rows, n_cols = n_cols, n_rows
    big = max(max(r) for r in weights)
    # Minimise cost = big - weight; classic potentials formulation (1-based arrays).
    inf = float("inf")
    u = [0.0] * (n_rows + 1)
    v = [0.0] * (n_cols + 1)
    p = [0] * (n_cols + 1)  # p[j] = row assigned to column j
    way = [0] * (n_cols + 1)
    for i in range(1, n_rows + 1):
        p[0] = i
        j0 = 0
        minv = [inf] * (n_cols + 1)
        used = [False] * (n_cols + 1)
        while True:
            used[j0] = True
            i0 = p[j0]
            delta = inf
            j1 = 0
            for j in range(1, n_cols + 1):
                if not used[j]:
                    cur = (big - weights[i0 - 1][j - 1]) - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j] = cur
                        way[j] = j0
                    if minv[j] < delta:
                        delta = minv[j]
                        j1 = j
            for j in range(n_cols + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
            if not j0:
                break
    pairs = [(p[j] - 1, j - 1) for j in range(1, n_cols + 1) if p[j]]
    if transposed:
        pairs = [(c, r) for r, c in pairs]
    return sorted(pairs)


# Thresholds of the combined score, read off the samples (the report of the "Trace
# localisation" issue has the figures): over every wrong (local, national) pair of the
# Guangdong, Hebei, Gansu and Jilin plans against the batch-3 list, the best wrong score is
# 0.28 (two knowledge-property platforms, 14 vs 15, share 知识产权…平台); true pairs score
# >= 0.59, except one item Guangdong renamed outright (二.5, 0.32). So:
#   ACCEPT: at or above, the assignment's pick is taken as is;
#   FLOOR : under it, never linked (a coincidence of boilerplate);
#   between: taken only when the evidence is unambiguous inside the document: the pair is
#   each other's best (the local item's best national measure, and that measure's best
#   local item) and the local item's runner-up is at least MARGIN lower. That is what a
#   reader does with a renamed item: it is the only item about 公证, and 15 the only
#   national measure about 公证. (policygraph.linking allows this path only within the
#   batch a plan restates.) On the bench corpus (bench.generate, 1,000 documents, 16k
#   items) these thresholds give precision 1.0 and recall 1.0 on the items it could load.
ACCEPT = 0.45
FLOOR = 0.30
MARGIN = 0.10


@dataclass(frozen=True)
class Assignment:
    local: int
    national: int
    score: PairScore
    runner_up: float  # best score of another national measure for this local one
    basis: str  # 'accept' (score >= ACCEPT) or 'mutual-best' (FLOOR <= score < ACCEPT)


def assign(
    matrix: Sequence[Sequence[PairScore]],
    one_to_one: bool = True,
    accept: float = ACCEPT,
    floor: float = FLOOR,
    margin: float = MARGIN,
) -> list[Assignment]:
    """Pick at most one national measure per local measure (see ACCEPT/FLOOR above).

    ``one_to_one``: each national measure at most once (a plan restating a batch lists
    each national measure once, so two items claiming the same parent means one of them
    is wrong); solved globally with :func:`hungarian`, which is what fixes a renamed item:
    its only plausible parent is the one nobody else took. Pairs are never forced: what
    the solver picks under the thresholds is dropped. Otherwise (a plan that is not a
    batch restatement) each local measure takes its own best.
    """
    if not matrix or not matrix[0]:
        return []
    n_rows, n_cols = len(matrix), len(matrix[0])

    def best_in_row(i: int) -> int:  # ties: the earlier column
        return max(range(n_cols), key=lambda k: (matrix[i][k].score, -k))

    def best_in_col(j: int) -> int:  # ties: the earlier row
        return max(range(n_rows), key=lambda i: (matrix[i][j].score, -i))

    row_best = [best_in_row(i) for i in range(n_rows)]
    col_best = [best_in_col(j) for j in range(n_cols)]

    def runner_up(i: int, j: int) -> float:
        others = [s.score for k, s in enumerate(matrix[i]) if k != j]
        return max(others) if others else 0.0

    def decide(i: int, j: int) -> Assignment | None:
        s = matrix[i][j]
        second = runner_up(i, j)
        if s.score >= accept:
            return Assignment(i, j, s, second, "accept")
        if s.score >= floor and row_best[i] == j and col_best[j] == i and s.score - second >= margin:
            return Assignment(i, j, s, second, "mutual-best")
        return None

    if one_to_one:
        # Pairs under the floor get weight 0 so they never pull the assignment.
        weights = [[s.score if s.score >= floor else 0.0 for s in row] for row in matrix]
        picks = hungarian(weights)
    else:
        picks = list(enumerate(row_best))
    return [a for a in (decide(i, j) for i, j in picks) if a is not None]
