"""The same plan from two files: recognise it, keep one document, name the other file.

Researchers collect the same plan twice - as .txt and as .html, from two web sites, or
renamed. Loaded naively it would count twice in every trace. Two files are taken for the
same document when:

1. **same 文号** (``same-number``): the file's document id is already in the graph from
   another source file (different name; bytes may differ: furniture, encoding,
   whitespace). A 文号 names exactly one document.
2. **near-identical text** (``near-identical-text``): one of the two has no 文号 (a
   different pair of 文号 means two documents, however alike), both are in the same
   region (a file whose region is unknown is compared with every region), and the character 4-gram Jaccard similarity of their
   normalised text is at least :data:`THRESHOLD` (0.95). The text compared is the title
   plus every item's text in order, with whitespace and punctuation dropped: layout
   damage and page furniture outside the items do not count, the measures - what a trace
   counts - do.

The first file loaded is kept; a later one is not written, its file name is added to the
kept Document's ``alternate_sources`` and the load report says ``duplicate of <id>``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from graph.store import Statement, Store

if TYPE_CHECKING:
    from loaders.records import DocumentRecord, Extraction

THRESHOLD = 0.95
# Not a duplicate: the document's own file, of the same name, read from another folder (a
# collection moved or copied, a page saved again). It is written as that document: unchanged
# or replaced, never a second document. Another text under the same name is another file.
MOVED = "same-name-moved"
SHINGLE = 4
# Near-identical texts have nearly the same number of items: a cheap block before reading texts.
_COUNT_SLACK = 0.2
_NOT_TEXT = re.compile(r"[\W_]+")  # whitespace and punctuation (CJK characters are \w)


@dataclass(frozen=True)
class Duplicate:
    of: str  # the document id kept
    method: str  # 'same-number' | 'near-identical-text'
    score: float
    source_file: str | None  # the file the kept document was loaded from
    evidence: str

    @property
    def moved(self) -> bool:
        return self.method == MOVED

    def message(self) -> str:
        return f"duplicate of {self.of} ({self.method}, {self.evidence}): the same document, counted once"

    def to_dict(self) -> dict[str, Any]:
        return {"of": self.of, "method": self.method, "score": self.score,
                "source_file": self.source_file, "evidence": self.evidence}


def normalised_text(title: str | None, item_texts: Iterable[str | None]) -> str:
    return _NOT_TEXT.sub("", "".join([title or "", *(t or "" for t in item_texts)]))


def shingles(text: str, k: int = SHINGLE) -> frozenset[str]:
    if len(text) <= k:
        return frozenset([text]) if text else frozenset()
    return frozenset(text[i : i + k] for i in range(len(text) - k + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def text_of(ex: Extraction) -> str:
    return normalised_text(ex.document.title, (m.text for m in ex.measures))


def _may_be_same(ex: Extraction, *, number: str | None, region_id: str | None, measures: int) -> bool:
    doc = ex.document
    if number and doc.number:
        return False  # two 文号: two documents (same 文号 is the other rule)
    if region_id and doc.region_id and region_id != doc.region_id:
        return False
    n = len(ex.measures)
    return abs(n - measures) <= max(1, _COUNT_SLACK * max(n, measures))


def _near(ex: Extraction, mine: frozenset[str], other_id: str, other_file: str | None,
          other_text: str) -> Duplicate | None:
    score = jaccard(mine, shingles(other_text))
    if score < THRESHOLD:
        return None
    return Duplicate(other_id, "near-identical-text", round(score, 3), other_file,
                     f"{SHINGLE}-gram Jaccard {score:.3f} with {other_file or other_id}")


# -- among extractions (``policygraph check``: no store) --------------------------


def _same_file(a: DocumentRecord, b: DocumentRecord) -> bool:
    """The rule of the store's queries (duplicate_candidates): the same source_key, or the same
    name when either has no key."""
    if a.source_key is None or b.source_key is None:
        return a.source_file == b.source_file
    return a.source_key == b.source_key


def find_among(ex: Extraction, earlier: Sequence[Extraction]) -> Duplicate | None:
    """Is `ex` the same document as one of the `earlier` extractions (of other files)?"""
    doc = ex.document
    mine: frozenset[str] | None = None
    for other in earlier:
        o = other.document
        if _same_file(o, doc):
            continue
        if doc.number is not None and o.id == doc.id:  # a 'file:' id is not a 文号: compared as text
            return Duplicate(o.id, "same-number", 1.0, o.source_file,
                             f"{doc.id} is already read from {o.source_file}")
        if _may_be_same(ex, number=o.number, region_id=o.region_id, measures=len(other.measures)):
            mine = mine if mine is not None else shingles(text_of(ex))
            hit = _near(ex, mine, o.id, o.source_file, text_of(other))
            if hit:
                return hit
    return None


# -- against the graph (``load``) ---------------------------------------------------


def find_in_store(store: Store, ex: Extraction) -> Duplicate | None:
    """Is `ex` (about to be written) a document the graph already holds from another file?"""
    doc = ex.document
    n = len(ex.measures)
    params = {"id": doc.id, "source_file": doc.source_file, "source_key": doc.source_key, "number": doc.number,
              "min_measures": max(1, int(n - max(1, _COUNT_SLACK * n))),
              "max_measures": int(n / (1 - _COUNT_SLACK)) + 1}
    # One round trip: the same 文号 from another file, then the near-identical candidates
    # of the same region (by its index); a file whose region is unknown meets every document.
    rows = (store.read("duplicate_candidates", {**params, "region_id": doc.region_id}) if doc.region_id
            else store.read("duplicate_candidates_unplaced", params))
    same = next((r for r in rows if r["kind"] == "same-number"), None)
    if same is not None:
        method = MOVED if same["source_file"] == doc.source_file else "same-number"
        return Duplicate(doc.id, method, 1.0, same["source_file"],
                         f"{doc.id} is already loaded from {same['source_file']}")
    rows = sorted((r for r in rows if r["kind"] == "text"), key=lambda r: r["id"])
    mine: frozenset[str] | None = None
    for row in rows:
        if not _may_be_same(ex, number=row["number"], region_id=row["region_id"], measures=row["measures"]):
            continue
        mine = mine if mine is not None else shingles(text_of(ex))
        hit = _near(ex, mine, row["id"], row["source_file"], normalised_text(row["title"], row["texts"]))
        if hit and hit.of == doc.id and row["source_file"] == doc.source_file:
            return Duplicate(doc.id, MOVED, hit.score, row["source_file"], hit.evidence)
        if hit:
            return hit
    return None


def record_alternate(store: Store, dup: Duplicate, source_file: str) -> None:
    """Name the duplicate's file on the kept Document (once, however often it is loaded)."""
    store.write([Statement("document_add_alternate", {"id": dup.of, "source_file": source_file})])
