"""Extraction records -> the ONE write statement of one document.

Every statement is a named file in queries/cypher/ and gets its values as parameters;
rows go in batches (``UNWIND $rows AS r MERGE (n:Label {id: r.id}) SET n += r.props``).

Semantics:

- **Idempotent.** The Document stores the file's sha256; loading an unchanged file is
  skipped ('unchanged') and changes nothing.
- **A changed file replaces its document.** Measures are MERGEd by id and those the new
  version lacks are deleted; the relationships the document states (its LEADS, PROMOTES,
  citations, ISSUED_IN) are deleted and recreated. ADAPTS links of measures that remain
  are kept: they are computed by policygraph.linking, not stated by the text. If the
  file now yields another document id (a 文号 appeared), the old document is deleted.
- **All or nothing, on both engines.** A document is written by a single statement
  (queries/cypher/write_document_whole.cypher). FalkorDB has no multi-statement
  transaction, but it runs one query atomically: a run-time failure rolls it back and a
  kill of the loader or the server (append-only file) leaves it applied or not at all.
  So a failed or killed reload leaves the previous version whole, and readers never see
  a half-written document. Neo4j runs the same statement in one transaction.
- **Linking is part of being loaded.** The statement sets ``link_pending = true`` on the
  document; policygraph.linking clears it when the ADAPTS pass this write calls for has
  committed. A load stopped in between leaves the mark, and the next load (or
  ``policygraph repair``) relinks those documents even though their files are unchanged.
- **Properties are scalars or lists of scalars** (neither engine stores maps). Inferred
  facts are flattened to ``<field>_method``, ``<field>_score``, ``<field>_evidence``.
- **Departments are shared,** so what is stored on them must not depend on the order
  documents arrive in: ``printed_names`` is kept sorted and ``canonical_*`` comes from the
  best evidence seen (highest score, then method and evidence text, compared as strings).
- **Cited documents** become stubs (``stub = true``) keyed by their 文号, or by
  ``title:<title>`` when only the title is cited; loading the real document later fills
  the same node (policygraph.linking resolves title-only stubs).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from base.errors import BadInputError
from graph.store import Statement, Store
from loaders.records import (
    BatchRecord,
    DepartmentRecord,
    DocumentRecord,
    Evidence,
    Extraction,
    LeadRecord,
    MeasureRecord,
    RegionRecord,
)

Scalar = str | int | float | bool


@dataclass
class WriteResult:
    document_id: str
    status: str  # 'loaded' (new), 'replaced' (changed file), 'unchanged'
    statements: int = 0
    replaced_ids: list[str] = field(default_factory=list)  # other ids this file had before
    warnings: list[str] = field(default_factory=list)


# -- flattening ------------------------------------------------------------------


def _clean(props: Mapping[str, Any]) -> dict[str, Any]:
    """Drop None (absent facts are absent properties) and check every value is a
    scalar or a list of scalars: a map would fail at run time on both engines."""
    out: dict[str, Any] = {}
    for k, v in props.items():
        if v is None:
            continue
        if isinstance(v, list | tuple):
            v = [x for x in v if x is not None]
            if not all(isinstance(x, Scalar) for x in v):
                raise TypeError(f"property {k!r} holds a list of non-scalars: {v!r}")
            v = list(v)
        elif not isinstance(v, Scalar):
            raise TypeError(f"property {k!r} is not a scalar: {v!r}")
        out[k] = v
    return out


def _evidence(prefix: str, ev: Evidence | None) -> dict[str, Any]:
    if ev is None:
        return {}
    sep = f"{prefix}_" if prefix else ""
    return {f"{sep}method": ev.method, f"{sep}score": ev.score, f"{sep}evidence": ev.evidence}


def document_props(doc: DocumentRecord, loaded_at: str) -> dict[str, Any]:
    props = doc.model_dump(exclude={"cites", "provenance"})
    props["stub"] = False
    props["loaded_at"] = loaded_at
    props["link_pending"] = True  # cleared by policygraph.linking once this write is linked
    for name, ev in sorted(doc.provenance.items()):
        props.update(_evidence(name, ev))
    return _clean(props)


def measure_row(m: MeasureRecord) -> dict[str, Any]:
    return {
        "id": m.id,
        "props": _clean(m.model_dump(exclude={"span"})),
        "span": _clean(m.span.model_dump()),
    }


def region_row(r: RegionRecord) -> dict[str, Any]:
    return {"id": r.id, "props": _clean(r.model_dump())}


def department_row(d: DepartmentRecord) -> dict[str, Any]:
    # canonical_* is chosen in the statement (the best evidence seen), not overwritten.
    props = d.model_dump(exclude={"printed_names", "canonical"})
    return {
        "id": d.id,
        "region_id": d.region_id,
        "printed_names": list(dict.fromkeys(d.printed_names)),
        "props": _clean(props),
        "canonical": _clean({"method": d.canonical.method, "score": d.canonical.score,
                             "evidence": d.canonical.evidence}),
    }


def lead_row(lead: LeadRecord, document_id: str) -> dict[str, Any]:
    props = lead.model_dump(exclude={"department_id", "measure_id"})
    props["document_id"] = document_id
    return {
        "department_id": lead.department_id,
        "measure_id": lead.measure_id,
        "document_id": document_id,
        "props": _clean(props),
    }


def batch_props(b: BatchRecord) -> dict[str, Any]:
    props = b.model_dump(exclude={"evidence"})
    props.update(_evidence("", b.evidence))  # the batch's own method/score/evidence
    return _clean(props)


def citation_rows(doc: DocumentRecord) -> list[dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for c in doc.cites:
        if c.number:
            cid, via = c.number, "number"
        elif c.title:
            cid, via = f"title:{c.title}", "title"
        else:
            continue
        if cid == doc.id or cid in rows:
            continue
        rows[cid] = {"id": cid, "number": c.number, "title": c.title, "via": via, "cited_as": c.as_printed}
    return list(rows.values())


# -- statements --------------------------------------------------------------------


def check(ex: Extraction) -> list[str]:
    """Refuse an extraction that would corrupt the graph; return harmless oddities as warnings."""
    doc = ex.document
    wrong = [m.id for m in ex.measures if m.document_id != doc.id]
    if wrong:
        raise BadInputError(
            f"{doc.source_file}: measures {wrong[:3]} do not belong to document {doc.id!r}.",
            hint="This is an extraction bug; report it with the file.",
        )
    warnings: list[str] = []
    ids = [m.id for m in ex.measures]
    if len(ids) != len(set(ids)):
        dup = sorted({i for i in ids if ids.count(i) > 1})
        warnings.append(f"duplicate measure ids merged: {dup[:5]}")
    known_m, known_d = set(ids), {d.id for d in ex.departments}
    orphan = [f"{lead.department_id}->{lead.measure_id}" for lead in ex.leads
              if lead.measure_id not in known_m or lead.department_id not in known_d]
    if orphan:
        warnings.append(f"{len(orphan)} lead(s) name an unknown measure or department and were skipped: "
                        f"{orphan[:3]}")
    return warnings


def delete_document_statements(document_id: str) -> list[Statement]:
    """Remove a document and everything only it stated, in one statement (atomic on
    FalkorDB too). Regions stay (reference data); a document others cite goes back to
    being a stub; stubs and departments nothing refers to any more go."""
    return [Statement("delete_document_whole", {"id": document_id})]


def statements_for(ex: Extraction, *, replaces: Iterable[str] = (), loaded_at: str | None = None,
                   stub_candidates: Iterable[str] = ()) -> list[Statement]:
    """The statement that writes one document: ONE statement, so the write is all or
    nothing on both engines and readers never see a half-written document (see
    queries/cypher/write_document_whole.cypher and docs/ARCHITECTURE.md).
    ``stub_candidates``: the documents this one and those it ``replaces`` cite now, and
    ``replaces`` (:func:`write_extraction` reads them): the only stubs the write can leave
    uncited, deleted if it does."""
    doc = ex.document
    replaces = sorted(set(replaces))
    loaded_at = loaded_at or datetime.now(UTC).isoformat(timespec="seconds")
    measure_ids = list(dict.fromkeys(m.id for m in ex.measures))
    known_m, known_d = set(measure_ids), {d.id for d in ex.departments}
    batch_mention: list[dict[str, Any]] = []
    batch_notice: list[dict[str, Any]] = []
    if ex.batch is not None:
        row = {"id": ex.batch.id, "props": batch_props(ex.batch)}
        (batch_notice if doc.batch_role == "announces" else batch_mention).append(row)
    params: dict[str, Any] = {
        "id": doc.id,
        "region_id": doc.region_id,
        "date": doc.date,
        "props": document_props(doc, loaded_at),
        "regions": [region_row(r) for r in ex.regions],
        "region_parts": [{"id": r.id, "parent_id": r.parent_id} for r in ex.regions if r.parent_id],
        "departments": [department_row(d) for d in ex.departments],
        "replaces": replaces,
        "measures": [measure_row(m) for m in ex.measures],
        "measure_ids": measure_ids,
        "leads": [lead_row(lead, doc.id) for lead in ex.leads
                  if lead.measure_id in known_m and lead.department_id in known_d],
        "batch_mention": batch_mention,
        "batch_notice": batch_notice,
        "cites": citation_rows(doc),
        "stub_candidates": sorted({*replaces, *stub_candidates}),
    }
    return [Statement("write_document_whole", params)]


# -- running them ------------------------------------------------------------------


def write_extraction(store: Store, ex: Extraction, *, force: bool = False, keep_id: bool = False) -> WriteResult:
    """Write one document (one statement). Returns what happened; raises on failure,
    leaving the graph as it was (the previous version, if any, whole). ``keep_id``: the file
    is known to be the document of its id (policygraph.duplicates found it moved), so a
    holder of that id from another folder is not another file."""
    warnings = check(ex)
    ex, state = (ex, _state(store, ex.document)) if keep_id else _own_id(store, ex)
    doc = ex.document
    current = next((r for r in state if r["id"] == doc.id and not r["stub"]), None)
    replaces = sorted({r["id"] for r in state if r["id"] != doc.id and not r["stub"]})
    if current is not None and current["sha256"] == doc.sha256 and not replaces and not force:
        return WriteResult(doc.id, "unchanged", warnings=warnings)
    cited = {c for r in state if not r["stub"] for c in (r.get("cites") or [])}
    stmts = statements_for(ex, replaces=replaces, stub_candidates=cited)
    store.write(stmts)
    status = "replaced" if (current is not None or replaces) else "loaded"
    return WriteResult(doc.id, status, len(stmts), replaces, warnings)


def _state(store: Store, doc: DocumentRecord) -> list[dict[str, Any]]:
    return store.read("load_document_state",
                      {"id": doc.id, "source_file": doc.source_file, "source_key": doc.source_key})


def _own_id(store: Store, ex: Extraction) -> tuple[Extraction, list[dict[str, Any]]]:
    """The extraction under the id its document will have, and the graph's state for it.

    A document with no 文号 is 'file:<stem>'. When the graph holds that id from ANOTHER file
    (another source_key: 附件1.pdf or index.html from another folder, whose text the duplicate
    check found to be another document), this one becomes 'file:<stem>@<its key's first 6>': without it the
    second file would replace the first as if it were its new version. The suffix comes from
    the file's own key, so a reload of the same file finds its document again."""
    doc = ex.document
    state = _state(store, doc)
    if doc.number is not None or doc.source_key is None or not doc.id.startswith("file:"):
        return ex, state
    holder = next((r for r in state if r["id"] == doc.id and not r["stub"]), None)
    if holder is None or holder["source_key"] in (None, doc.source_key):
        return ex, state  # free, this file's own, or written before keys (then it was this name's)
    ex = ex.with_document_id(f"{doc.id}@{doc.source_key[:6]}")
    return ex, _state(store, ex.document)


def delete_document(store: Store, document_id: str) -> None:
    """Delete one document and what only it stated (one statement)."""
    store.write(delete_document_statements(document_id))


# How many times this process has bumped a version (any store). The API re-reads the
# version at most every half second (api/cache.py: VersionClock) but at once after a bump
# of its own process, so a load through the API is never answered from before it.
local_bumps = 0


def bump_graph_version(store: Store) -> str:
    """Give the graph a new version token (graph_version_bump): the API's answer cache is
    keyed by it, so every process sees a load, delete or reset within half a second. Called by
    linking just before it marks a load's documents linked, and by deletes and resets; not
    per document (answers read mid-load are as current as any uncached read, and are
    dropped when the load ends). A random token, not a counter: a reset deletes the node."""
    global local_bumps
    version = uuid.uuid4().hex
    store.write([Statement("graph_version_bump", {"version": version})])
    local_bumps += 1  # after the write: a reader that saw the old count reads the version again
    return version

