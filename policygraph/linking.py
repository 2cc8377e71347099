"""ADAPTS linking: which national measure each local measure localises.

``relink(store, document_ids)`` is the whole pass. For each affected local document:

1. **Candidates (blocking + the time rule).** A plan that implements batch N (its
   ``batch``, read by the loaders from the 文号 it cites or from 第N批) is compared with
   batch N's national measures first; the items left over are then compared with the
   other measures the time rule allows (earlier batches, which plans consolidate, and,
   for a dated plan, anything promoted by its date). A plan with no batch is compared
   with every national measure promoted on or before its date. Time is a hard rule: a national measure promoted after
   the local document's date is never a candidate, however alike the words (the 2018
   Gansu plan cannot adapt a 2020 measure). An undated plan of batch N may still adapt
   batch N (it answers that batch, so it is later by construction); an undated plan with
   no batch is not linked at all, and its measures say why. The plan's date is its day when
   printed; with only the year known (``date_precision`` 'year', from its 文号) the bound is
   the end of that year: a measure promoted in a later year is excluded, one of the same
   year is allowed (the order within the year is unknown); with neither, a 发布日期
   (``published``) bounds it, as a document is issued before it is put online. See
   :func:`time_bound`; the bound is only compared, never stored as a date. Blocking by batch (an index
   lookup) keeps the pass linear in the number of documents: each plan meets a few dozen
   candidates, never the other plans.
2. **Scores** from :mod:`policygraph.similarity`: title fuzz after stripping leading verbs
   and character 2/3-gram TF-IDF cosine, fitted on the candidate set.
3. **Assignment.** A plan that restates a batch lists each national measure at most once,
   so the pairs are chosen one-to-one (Hungarian algorithm) with thresholds; a general
   plan lets each item take its best. Below threshold: unmatched.
4. **Count-only measures** (军民深度融合 items listed only as "4 项") have no text to
   compare. A local count-only item is paired with the national count-only item of the
   same category and the same rank among them (method ``category-position``, score
   ``POSITION_SCORE``): the category is certain, the pairing by position is only the
   order both lists print, so the score says "same slot, unverified".
5. **Per link**: the localisation diff summary (:mod:`policygraph.diff`) and whether the
   local lead department continues the line of the national guiding department
   (``dept_relation`` counterpart / shift), from :mod:`loaders.departments`.
6. **Flags**: unmatched local measures stay, with ``innovation = true`` and a
   ``link_status`` that says what kind of finding it is: ``innovation`` (compared with the
   candidates, none matched: a local innovation), ``pending`` (the national list it
   answers is not loaded yet; a later load relinks it), ``no-time-basis`` (no batch and no
   date: the time rule cannot be checked). Matched ones: ``innovation = false``,
   ``link_status = 'linked'``.

Each document's links are replaced in one statement (clear, write, mark), atomic on
FalkorDB too. A write marks its document ``link_pending``; :func:`relink` clears the marks
of the documents it was called for only after every affected document is linked, so a
load stopped during linking is visible (:func:`unfinished_documents`, ``policygraph
stats``) and finished by the next load or ``policygraph repair``. Title-only
citation stubs are resolved in the same pass (:func:`resolve_title_stubs`).

Nothing here opens a connection: the store is handed in. Every statement is a named
query in queries/cypher/link_*.cypher.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from base.errors import NotFoundError, UnknownMeasureError
from graph.store import Statement, Store
from graph.writer import bump_graph_version
from policygraph import similarity, workpool
from policygraph.diff import diff_figures, diff_texts
from policygraph.questions.common import department_order

METHOD_TEXT = "ngram-tfidf+title-fuzz"
METHOD_POSITION = "category-position"
# Score of a count-only pairing: under similarity.ACCEPT on purpose. The category is read
# off the text; the rank pairing is a convention. A user filtering on score >= ACCEPT sees
# text-verified links only.
POSITION_SCORE = 0.4
LOCAL_LEVELS = ("provincial", "municipal")


# -- records ---------------------------------------------------------------------------


@dataclass
class DocumentLinks:
    """What relink did for one local document."""

    document_id: str
    status: str  # linked | innovation | pending | no-time-basis | empty
    time_basis: str | None  # 'batch', or for a plan with no batch 'date' | 'year' | 'published'
    batch: int | None
    date: str | None
    candidates: int
    measures: int
    linked: int
    by_position: int
    innovations: int
    excluded_later: int | None = None  # national measures the time rule excluded
    note: str | None = None


@dataclass
class LinkReport:
    """What a relink did: per document (``documents``) unless ``keep_documents`` is off (a
    large load's CLI prints the totals only; 10,000 records need not stay in memory), and
    the totals either way."""

    documents: list[DocumentLinks] = field(default_factory=list)
    stubs_resolved: list[dict[str, str]] = field(default_factory=list)
    keep_documents: bool = True
    relinked: int = 0  # documents relinked
    linked: int = 0  # ADAPTS links written
    innovations: int = 0  # local measures compared and matched by none

    def add(self, d: DocumentLinks) -> None:
        self.relinked += 1
        self.linked += d.linked
        self.innovations += d.innovations
        if self.keep_documents:
            self.documents.append(d)

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": [asdict(d) for d in self.documents],
            "stubs_resolved": self.stubs_resolved,
            "relinked": self.relinked,
            "linked": self.linked,
            "innovations": self.innovations,
        }


@dataclass(frozen=True)
class Candidates:
    measures: list[dict[str, Any]]  # rows of link_batch_measures / link_national_measures_until
    time_basis: str | None
    reason: str | None  # why there are none, when there are none
    excluded_later: int | None = None
    empty_status: str = "pending"  # link_status of unmatched measures when there are none


# -- pure helpers (unit-testable) --------------------------------------------------------

_CAT_NOISE = re.compile(r"^[（(]?[一二三四五六七八九十0-9]+[)）、.．]\s*|[（(][^）)]*[)）]|方面|改革举措|\s")


def category_key(category: str | None) -> str:
    """Category without numbering, counts and 方面: '五、军民深度融合方面（共 4 项）' and
    '（四）军民深度融合方面（13-18）' both give '军民深度融合'."""
    if not category:
        return ""
    return _CAT_NOISE.sub("", category)


def _departments(row: dict[str, Any]) -> list[dict[str, Any]]:
    return sorted(row.get("departments") or [], key=department_order)


def _as_record(dep: dict[str, Any], level: str) -> Any:
    from loaders.records import DepartmentRecord, Evidence

    return DepartmentRecord(
        id=dep.get("id") or "",
        name=dep.get("name") or dep.get("as_printed") or "",
        region_id=(dep.get("id") or "/").split("/", 1)[0],
        level=level,  # type: ignore[arg-type]
        line=dep.get("line"),
        canonical=Evidence(method="graph", score=1.0),
    )


def _counterpart(national: dict[str, Any], local: dict[str, Any], local_level: str) -> tuple[bool, str]:
    """Does the local department continue the national one's line? loaders.departments
    owns the tables: same line (科技部 -> 市科技局) or a cross-line equivalence (知识产权局 ->
    市场监管局, 银保监会 -> 地方金融监管局); (False, reason) when a line is unknown."""
    from loaders.departments import is_counterpart

    return is_counterpart(_as_record(national, "national"), _as_record(local, local_level))


def department_relation(
    national_departments: Sequence[dict[str, Any]],
    local_departments: Sequence[dict[str, Any]],
    local_level: str,
) -> dict[str, Any]:
    """Compare the local lead with the national guiding departments.

    Every national guiding department counts (指导部门 lists the departments whose lines
    the measure belongs to: 财政部、科技部、发展改革委 guide jointly). The local lead is the
    department with role 'lead'; where the plan says the departments share the work (no
    single lead) every sharing department counts and one counterpart suffices.
    ``dept_relation``: 'counterpart' when a lead continues the line of ANY guiding
    department (same line or a known cross-line equivalence); 'shift' only when every
    guiding department's line is known and the lead is on a line different from all of
    them (e.g. a finance measure guided by 财政部 alone, led by the science department);
    'unknown' when a line is unknown or there are no departments.
    ``lead_in_guides``: kept for readers of older graphs; equals relation == counterpart.
    ``national_line`` / ``national_guide``: the first guide's (the one the lead continues
    when it is a counterpart).
    """
    guides = [d for d in national_departments if d.get("role") in (None, "guide")] or list(national_departments)
    leads = [d for d in local_departments if d.get("role") == "lead"]
    rule = "lead"
    if not leads:
        leads = [d for d in local_departments if d.get("role") == "shared"]
        rule = "shared"
    out: dict[str, Any] = {
        "dept_relation": "unknown",
        "dept_rule": rule if leads else None,
        "national_line": guides[0].get("line") if guides else None,
        "national_guide": guides[0].get("name") if guides else None,
        "local_line": leads[0].get("line") if leads else None,
        "local_lead": leads[0].get("name") if leads else None,
        "local_lead_as_printed": leads[0].get("as_printed") if leads else None,
        "lead_in_guides": None,
        "dept_reason": None,
    }
    if not guides or not leads:
        out["dept_reason"] = "no guiding department" if not guides else "no lead department"
        return out
    # (lead, guide, verdict) for every pair; the first counterpart found wins.
    verdicts = [(lead, g, _counterpart(g, lead, local_level)) for lead in leads for g in guides]
    hit = next((v for v in verdicts if v[2][0]), None)
    if hit is not None:
        lead, guide, (_, reason) = hit
        out.update(dept_relation="counterpart", national_line=guide.get("line"), national_guide=guide.get("name"),
                   local_line=lead.get("line"), local_lead=lead.get("name"),
                   local_lead_as_printed=lead.get("as_printed"), dept_reason=reason, lead_in_guides=True)
        return out
    lead = leads[0]
    unknown = [g for g in guides if g.get("line") is None]
    if lead.get("line") is None or unknown:
        who = lead.get("name") if lead.get("line") is None else "、".join(g.get("name") or "?" for g in unknown)
        out["dept_reason"] = f"line of {who} unknown"
        return out
    lines = "、".join(f"{g.get('name')} ({g.get('line')})" for g in guides)
    out.update(dept_relation="shift", lead_in_guides=False,
               dept_reason=f"{lead.get('name')} ({lead.get('line')}) is responsible; "
                           f"no guiding department is on its line: {lines}")
    return out


@dataclass(frozen=True)
class Link:
    local_id: str
    national_id: str
    props: dict[str, Any]


@dataclass(frozen=True)
class Plan:
    """The pure result of linking one document: links and per-measure marks."""

    links: list[Link]
    marks: list[dict[str, Any]]  # {'id', 'props'}
    status: str
    by_position: int


def _pass(
    local_rows: Sequence[dict[str, Any]],
    nat_rows: Sequence[dict[str, Any]],
    one_to_one: bool,
    index: similarity.NationalIndex | None,
    weak_ok: bool,
) -> list[tuple[dict[str, Any], dict[str, Any], similarity.Assignment]]:
    """Score and assign the titled local measures against titled national ones.

    ``weak_ok``: allow the mutual-best path between FLOOR and ACCEPT. Only for a plan's
    own batch: there the layout says every item restates one of these measures, which is
    what makes a weak but unambiguous pair credible (a renamed item). Against other
    batches, or for a plan that restates no batch, a link needs ACCEPT."""
    texted_nat = [r for r in nat_rows if not r["measure"].get("untitled") and r["measure"].get("title")]
    if not local_rows or not texted_nat:
        return []
    if index is None or len(index) != len(texted_nat):
        index = similarity.NationalIndex([(r["measure"].get("title"), r["measure"].get("content"))
                                          for r in texted_nat])
    matrix = similarity.score_matrix(
        [(r["measure"].get("title"), r["measure"].get("content")) for r in local_rows], index)
    return [(local_rows[a.local], texted_nat[a.national], a)
            for a in similarity.assign(matrix, one_to_one=one_to_one,
                                       floor=similarity.FLOOR if weak_ok else similarity.ACCEPT)]


def plan_document(
    document: dict[str, Any],
    local_rows: Sequence[dict[str, Any]],
    candidates: Candidates,
    index: similarity.NationalIndex | None = None,
    secondary: Candidates | None = None,
    secondary_index: similarity.NationalIndex | None = None,
) -> Plan:
    """Decide the links of one local document (no database): see the module docstring.

    ``candidates`` is the primary set (the batch the plan implements, or for a plan with
    no batch every national measure promoted by its date). ``secondary`` (batch plans
    only) holds the other national measures the time rule allows: those of earlier
    batches (a batch-3 plan also consolidates 第一批、第二批 measures) and, if the plan
    is dated, any promoted by its date. Items the primary pass leaves unmatched are tried
    against it; the primary set goes first so a batch plan's items prefer their batch.
    """
    level = document.get("level") or "provincial"
    one_to_one = document.get("batch") is not None
    nat_rows = candidates.measures
    links: list[Link] = []
    matched: set[str] = set()
    by_position = 0

    def link(lrow: dict[str, Any], nrow: dict[str, Any], cand: Candidates, props: dict[str, Any]) -> None:
        lm, nm = lrow["measure"], nrow["measure"]
        d = diff_figures(similarity.measure_text(lm.get("title"), lm.get("content")),
                         similarity.measure_text(nm.get("title"), nm.get("content")))
        props = {
            **props,
            "time_basis": cand.time_basis,
            "candidates": len(cand.measures),
            "document_id": lm.get("document_id"),
            "kept": d.kept_chars,
            "added": d.added_chars,
            "dropped": d.dropped_chars,
            "reuse_ratio": d.reuse_ratio,
            "local_novelty": d.local_novelty,
            **department_relation(_departments(nrow), _departments(lrow), level),
        }
        links.append(Link(lm["id"], nm["id"], props))
        matched.add(lm["id"])

    def text_links(rows: Sequence[dict[str, Any]], cand: Candidates, idx: similarity.NationalIndex | None,
                   weak_ok: bool) -> None:
        for lrow, nrow, a in _pass(rows, cand.measures, one_to_one, idx, weak_ok):
            link(lrow, nrow, cand, {
                "score": a.score.score,
                "method": f"{METHOD_TEXT}/{'hungarian' if one_to_one else 'best'}",
                "basis": a.basis,
                "title_score": a.score.title_score,
                "content_score": a.score.content_score,
                "runner_up": round(a.runner_up, 4),
            })

    texted_local = [r for r in local_rows if not r["measure"].get("untitled") and r["measure"].get("title")]
    text_links(texted_local, candidates, index, weak_ok=one_to_one)
    if secondary is not None and secondary.measures:
        text_links([r for r in texted_local if r["measure"]["id"] not in matched], secondary, secondary_index,
                   weak_ok=False)

    # Count-only items: same category, same rank among that category's count-only items.
    untitled_nat: dict[str, list[dict[str, Any]]] = {}
    for r in nat_rows:
        if r["measure"].get("untitled"):
            untitled_nat.setdefault(category_key(r["measure"].get("category")), []).append(r)
    untitled_local: dict[str, list[dict[str, Any]]] = {}
    for r in local_rows:
        if r["measure"].get("untitled"):
            untitled_local.setdefault(category_key(r["measure"].get("category")), []).append(r)
    for cat, lrows in untitled_local.items():
        nrows = untitled_nat.get(cat, []) if cat else []
        for rank, (lrow, nrow) in enumerate(zip(lrows, nrows, strict=False), start=1):
            link(lrow, nrow, candidates, {"score": POSITION_SCORE, "method": METHOD_POSITION,
                                          "basis": f"category {cat}, count-only item {rank}"})
            by_position += 1

    n_compared = len(nat_rows) + (len(secondary.measures) if secondary is not None else 0)
    marks: list[dict[str, Any]] = []
    for r in local_rows:
        m = r["measure"]
        if m["id"] in matched:
            props = {"innovation": False, "link_status": "linked", "link_note": None}
        elif m.get("untitled"):
            # A count-only item with no counterpart slot: no text, so no claim either way.
            props = {"innovation": None, "link_status": "untitled-unpaired",
                     "link_note": "count-only item: no national count-only item of its category to pair with"}
        elif not nat_rows:
            # The list it answers is missing: whatever else it was compared with, an
            # unmatched item is not yet a finding.
            props = {"innovation": True, "link_status": candidates.empty_status,
                     "link_note": candidates.reason}
        else:
            props = {"innovation": True, "link_status": "innovation",
                     "link_note": f"no national measure of {n_compared} candidates scored over the threshold"}
        marks.append({"id": m["id"], "props": props})

    statuses = {mk["props"]["link_status"] for mk in marks}
    status = ("linked" if "linked" in statuses else
              next((s for s in ("no-time-basis", "pending", "innovation") if s in statuses), "empty"))
    return Plan(links, marks, status, by_position)


def _norm_title(title: str | None) -> str:
    return similarity.normalise(title)


def match_title_stubs(stubs: Iterable[dict[str, Any]], documents: Iterable[dict[str, Any]]) -> list[dict[str, str]]:
    """Pair title-only stubs with loaded documents of that title (pure).

    Titles are compared in normalised form (no whitespace or punctuation: a title broken
    over two lines still matches). A citation often drops the issuer (省委办公厅《关于…》
    cites the document titled …关于…), so a stub title that starts with 关于 also matches a
    loaded title ending with it. Only an unambiguous match resolves a stub.
    """
    exact: dict[str, list[str]] = {}
    for d in documents:
        t = _norm_title(d.get("title"))
        if t:
            exact.setdefault(t, []).append(d["id"])
    out = []
    for s in stubs:
        title = s.get("title") or (s["id"][len("title:"):] if s["id"].startswith("title:") else "")
        t = _norm_title(title)
        if not t:
            continue
        hits = exact.get(t, [])
        if not hits and t.startswith("关于") and len(t) >= 8:
            hits = [i for title_n, ids in exact.items() if title_n.endswith(t) for i in ids]
        if len(hits) == 1:
            out.append({"stub_id": s["id"], "document_id": hits[0]})
    return out


# -- store passes ----------------------------------------------------------------------


class _National:
    """Every national measure, read once per relink (one query) and filtered in Python.

    The national side is bounded by the State Council's lists (tens of measures per
    batch), not by the number of local documents, so holding it costs nothing and each
    document's candidate set is a filter, never a query per document."""

    def __init__(self, store: Store | None) -> None:
        self._store = store
        self._rows: list[dict[str, Any]] | None = None
        self.sets: dict[str, Candidates] = {}

    @property
    def rows(self) -> list[dict[str, Any]]:
        if self._rows is None:
            assert self._store is not None
            self._rows = self._store.read("link_national_measures")
        return self._rows

    @staticmethod
    def promoted(row: dict[str, Any]) -> str | None:
        return row["measure"].get("date") or row.get("batch_date")


def time_bound(document: dict[str, Any]) -> tuple[str | None, str | None]:
    """(the latest ISO day the document can have been issued, what it rests on).

    'date': the printed day. 'year': only the year is known (its 文号), so the bound is
    ``<year>-12-31`` - an upper bound for the time rule, never the document's date.
    'published': no date but a 发布日期, which the issue date cannot follow. (None, None):
    no time basis."""
    if document.get("date"):
        return document["date"], "date"
    if document.get("year") is not None:
        return f"{int(document['year']):04d}-12-31", "year"
    if document.get("published"):
        return document["published"], "published"
    return None, None


def _candidates(document: dict[str, Any], nat: _National) -> Candidates:
    """The primary candidate set of a local document (blocking + the time rule)."""
    batch, (date, basis) = document.get("batch"), time_bound(document)
    key = f"{batch}|{date}|{basis}"
    if key in nat.sets:
        return nat.sets[key]
    if batch is not None:
        rows = [r for r in nat.rows if r.get("batch") == batch]
        cand = Candidates(rows, "batch", None if rows else f"the national list of batch {batch} is not loaded")
        if date and rows:
            # Batch known and the plan dated: still apply the time rule to each measure.
            kept = [r for r in rows if (nat.promoted(r) or "") <= date]
            if len(kept) < len(rows):
                cand = Candidates(kept, "batch", None if kept else
                                  f"every measure of batch {batch} was promoted after {date}",
                                  excluded_later=len(rows) - len(kept))
    elif date:
        rows = [r for r in nat.rows if (p := nat.promoted(r)) is not None and p <= date]
        later = sum(1 for r in nat.rows if (p := nat.promoted(r)) is not None and p > date)
        reason = None
        if not rows:
            reason = (f"no national measure promoted by {date} is loaded"
                      + (f" ({later} later ones excluded by the time rule)" if later else ""))
        cand = Candidates(rows, basis, reason, excluded_later=later)
    else:
        cand = Candidates([], None, "the document names no batch and has no date: the time rule "
                                    "cannot be checked, so it is not linked", empty_status="no-time-basis")
    nat.sets[key] = cand
    return cand


def _secondary(document: dict[str, Any], nat: _National) -> Candidates | None:
    """For a batch plan: national measures outside its batch that the time rule allows
    (earlier batches by number, batches being sequential; anything promoted by the plan's
    date, if dated)."""
    batch, (date, _) = document.get("batch"), time_bound(document)
    if batch is None:
        return None
    key = f"other|{batch}|{date}"
    if key not in nat.sets:
        rows = [r for r in nat.rows
                if r.get("batch") != batch
                and ((r.get("batch") is not None and r["batch"] < batch)
                     or (date is not None and (p := nat.promoted(r)) is not None and p <= date))]
        nat.sets[key] = Candidates(rows, "earlier-batch" if not date else "earlier-batch-or-date", None)
    return nat.sets[key]


def affected_documents(store: Store, document_ids: Sequence[str] | None) -> list[dict[str, Any]]:
    """The local documents a change to ``document_ids`` can relink (None: all)."""
    if document_ids is None:
        return [r["document"] for r in store.read("link_local_documents")]
    ids = sorted(set(document_ids))
    if not ids:
        return []
    # Only changed national lists widen the set (below): the local ones are read next. Not
    # holding every changed document twice keeps a 10,000-file load's memory down.
    changed = [d for d in (r["document"] for r in store.read("link_changed_documents", {"ids": ids}))
               if d.get("level") == "national"]
    out: dict[str, dict[str, Any]] = {}
    for r in store.read("link_local_documents_by_id", {"ids": ids}):
        out[r["document"]["id"]] = r["document"]
    # A deleted or replaced national document took its measures' ADAPTS links with it.
    for r in store.read("link_stale_documents"):
        out[r["document"]["id"]] = r["document"]
    for d in changed:
        # A national list changes the candidates of the plans of its batch and of later
        # batches (earlier-batch pass), and of the plans dated on or after it.
        params = {"batch": d.get("batch") if d.get("batch") is not None else -1, "date": d.get("date")}
        for r in store.read("link_local_documents_of_batch", params):
            out[r["document"]["id"]] = r["document"]
    return [out[k] for k in sorted(out)]


def resolve_title_stubs(store: Store) -> list[dict[str, str]]:
    """Replace title-only citation stubs by the loaded document of that title."""
    stubs = store.read("link_title_stubs")
    if not stubs:
        return []
    pairs = match_title_stubs(stubs, store.read("link_document_titles"))
    if pairs:
        store.write([Statement("link_resolve_stubs", {"rows": pairs})])
    return pairs


def _index(indexes: dict[tuple[str, ...], similarity.NationalIndex],
           cand: Candidates) -> similarity.NationalIndex | None:
    """The prepared candidate set (TF-IDF fitted on it, vectors, titles), built once per
    relink and shared by every document with the same candidates (all plans of a batch)."""
    texted = [r for r in cand.measures if not r["measure"].get("untitled") and r["measure"].get("title")]
    if not texted:
        return None
    key = tuple(r["measure"]["id"] for r in texted)
    if key not in indexes:
        indexes[key] = similarity.NationalIndex([(r["measure"].get("title"), r["measure"].get("content"))
                                                 for r in texted])
    return indexes[key]


# The planning state of one process: the national measures of this relink, their candidate
# sets and the prepared indexes (set by _init_planner; in worker processes, once each).
_planner: tuple[_National, dict[tuple[str, ...], similarity.NationalIndex]] | None = None


def _init_planner(national_rows: list[dict[str, Any]]) -> None:
    global _planner
    nat = _National(None)
    nat._rows = national_rows
    _planner = (nat, {})


def _plan_one(task: tuple[dict[str, Any], list[dict[str, Any]]]) -> tuple[Plan, Candidates]:
    """Plan one document (pure: no store) with this process's planning state."""
    assert _planner is not None, "_init_planner first"
    nat, indexes = _planner
    doc, local_rows = task
    cand = _candidates(doc, nat)
    sec = _secondary(doc, nat)
    plan = plan_document(doc, local_rows, cand, _index(indexes, cand), sec,
                         _index(indexes, sec) if sec is not None else None)
    return plan, cand


def relink(store: Store, document_ids: Sequence[str] | None = None, *, workers: int = 1,
           progress: Callable[[int, int], None] | None = None, keep_documents: bool = True) -> LinkReport:
    """Recompute ADAPTS for the local documents affected by ``document_ids`` (the ids
    just loaded; None relinks every local document), and resolve title-only stubs.

    ``workers`` > 1 plans the documents (scores, assignment, diffs: pure and most of the
    time) in that many processes while this one reads each document's measures and
    writes its links, in the same order and with the same result (policygraph.workpool).
    ``progress(done, total)`` is called as documents are linked."""
    report = LinkReport(keep_documents=keep_documents)
    pending_at_start = pending_documents(store) if document_ids is None else []
    report.stubs_resolved = resolve_title_stubs(store)
    affected = affected_documents(store, document_ids)
    national = _National(store).rows if affected else []

    def tasks() -> Iterable[tuple[dict[str, Any], list[dict[str, Any]]]]:
        for doc in affected:
            yield doc, store.read("link_document_measures", {"id": doc["id"]})

    # Few documents are not worth starting processes for.
    n = workers if len(affected) >= workers * 8 else 1
    if progress is not None:
        progress(0, len(affected))
    with workpool.ordered_map(_plan_one, tasks(), n, initializer=_init_planner, initargs=(national,)) as plans:
        for i, (doc, (plan, cand)) in enumerate(zip(affected, plans, strict=True), 1):
            # One statement per document: clear, write, mark (atomic on FalkorDB too).
            store.write([Statement("link_document_apply", {
                "document_id": doc["id"],
                "links": [{"local_id": lk.local_id, "national_id": lk.national_id, "props": lk.props}
                          for lk in plan.links],
                "marks": plan.marks,
            })])
            report.add(DocumentLinks(
                document_id=doc["id"],
                status=plan.status,
                time_basis=cand.time_basis,
                batch=doc.get("batch"),
                date=doc.get("date"),
                candidates=len(cand.measures),
                measures=len(plan.marks),
                linked=len(plan.links),
                by_position=plan.by_position,
                innovations=sum(1 for m in plan.marks if m["props"]["link_status"] == "innovation"),
                excluded_later=cand.excluded_later,
                note=cand.reason,
            ))
            if progress is not None:
                progress(i, len(affected))
    _init_planner([])  # this process's planning state (sequential runs) is not kept
    # Only now is the load that wrote these documents finished: clear their link_pending
    # marks. A pass stopped before this line leaves them, and the next load or
    # `policygraph repair` (unfinished_documents) runs it again; relinking is idempotent.
    done = sorted(set(document_ids)) if document_ids is not None else pending_at_start
    # The graph changed: a new version first (the API's answer cache is keyed by it), then
    # the marks. A stop between the two leaves the marks, so the resumed pass bumps again.
    bump_graph_version(store)
    if done:
        store.write([Statement("link_done", {"ids": done})])
    return report


def pending_documents(store: Store) -> list[str]:
    """Documents whose write asked for linking that has not committed (link_pending)."""
    return [r["id"] for r in store.read("link_pending_documents")]


def unfinished_documents(store: Store) -> list[str]:
    """Every document a finished load would have linked but that is not: the pending ones,
    and local documents with a measure marked linked whose ADAPTS link is gone (its
    national measure was replaced or deleted and the relink did not run)."""
    stale = [r["document"]["id"] for r in store.read("link_stale_documents")]
    return sorted({*pending_documents(store), *stale})


# -- on-demand reads ---------------------------------------------------------------------


def diff_for_measure(store: Store, local_measure_id: str) -> dict[str, Any]:
    """The localisation diff of a local measure against the national measure it adapts:
    kept / added / dropped segments with offsets into the two texts returned."""
    rows = store.read("link_adapts_pair", {"id": local_measure_id})
    if not rows:
        raise UnknownMeasureError(f"No measure with id {local_measure_id!r}.",
                                  hint="Search with /api/measures?q=… to find its id.")
    row = rows[0]
    local, national = row["local"], row.get("national")
    if not national:
        raise NotFoundError(
            f"Measure {local_measure_id!r} adapts no national measure "
            f"({local.get('link_status') or 'not linked'}).",
            hint=local.get("link_note") or "Load the national list it answers, then relink.",
        )
    d = diff_texts(similarity.measure_text(local.get("title"), local.get("content")),
                   similarity.measure_text(national.get("title"), national.get("content")))
    return {"local": local, "national": national, "adapts": row.get("adapts"), "diff": d.to_dict()}


def chain(store: Store, document_id: str) -> dict[str, Any]:
    """The DERIVED_FROM chain of a document: its parents (up) and what derives from it
    (down), each path as the list of documents it runs through; plus ``batch``: the batch
    it implements and that batch's notice (a parent even when the plan cites no number)."""
    up = store.read("link_chain_up", {"id": document_id})
    down = store.read("link_chain_down", {"id": document_id})
    batch = store.read("link_document_batch", {"id": document_id})
    return {"document_id": document_id, "up": up, "down": down, "batch": batch[0] if batch else None}
