"""Profiles: one measure, region, department, document or batch, and the batch x region
coverage matrix, each with what it links to.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from base.errors import BadInputError, NotFoundError
from graph.store import Store
from loaders import regions as region_ref
from policygraph.linking import diff_for_measure
from policygraph.questions.common import (
    ANSWER_PAGE,
    COUNTRY_ID,
    batches,
    department_order,
    page_info,
    paged,
    plans_loaded,
    read,
    region_order,
    region_summary,
    require_batch,
)
from policygraph.questions.leads import departments_by_measure, responsibility
from policygraph.questions.search import adapts_of, resolve_measure, resolve_region


def measure_detail(store: Store, measure: str, *, batch: int | None = None, limit: int | None = ANSWER_PAGE,
                   offset: int = 0) -> dict[str, Any]:
    """One measure with its document, region, batch, departments, ADAPTS links and (for a
    local measure) the localisation diff against the national measure it adapts.

    Flat: the measure's own fields at the top level (as /api/measures items), related
    things as nested objects, so a page reads ``title`` and ``document.title`` alike.

    ``adapted_by`` (the local measures adapting it: ~3,000 for a national measure at
    10,000 documents) is one page, ``limit``/``offset`` (``None``: all of them), provinces
    first; ``adapted_by_counts`` describe them all and ``adapted_by_page`` says where the
    next page starts."""
    m, resolution = resolve_measure(store, measure, batch=batch)
    row = read(store, "find_measure_detail", id=m["id"])[0]
    counted = read(store, "measure_adapted_by_counts", id=m["id"])
    by_level = {r["level"] or "unknown": r["measures"] for r in counted}
    regions = sum(r["regions"] for r in counted)  # a region's measures are of its one level
    total = sum(by_level.values())
    adapted_page = page_info(total, limit, offset)
    adapted_by = read(store, "measure_adapted_by_page", id=m["id"], offset=offset,
                      limit=adapted_page["limit"]) if total > offset else []
    deps = sorted(departments_by_measure(store, [m["id"]]).get(m["id"], []), key=department_order)
    adapts = adapts_of(row)
    diff = None
    if adapts:
        try:
            diff = diff_for_measure(store, m["id"])["diff"]
        except NotFoundError:
            diff = None  # linked a moment ago and unlinked since: no diff rather than an error
    batch_row = row["batch"]
    resp = responsibility(deps)
    return {
        **row["measure"],
        "untitled": bool(row["measure"].get("untitled")),
        "batch": (batch_row or {}).get("number") or m.get("batch"),
        "batch_info": batch_row,
        "document": row["document"],
        "region": row["region"] or region_summary(row["measure"].get("region_id")),
        "departments": deps,
        "responsibility": resp,
        "localisations": m["localisations"],
        "adapts": adapts,
        "adapted_by": adapted_by,
        "adapted_by_counts": {"total": total, "by_level": by_level, "regions": regions},
        "adapted_by_page": adapted_page,
        "diff": diff,
        "resolution": resolution,
        "resolved": resolution["resolved"],
    }


def region_profile(store: Store, region: str, *, limit: int | None = ANSWER_PAGE, offset: int = 0) -> dict[str, Any]:
    """What a region adopted, which national measures of its batches it did not adopt,
    and which departments lead its measures. Cities below a province are listed apart,
    each summarised (``measure_count``, ``adopted``: its measures adapting a national one).

    ``measures`` (the region's own) is one page, ``limit``/``offset`` (``None``: all),
    in document order; ``counts`` describe all of them and the cities'."""
    reg = resolve_region(store, region)
    if not reg["in_graph"]:
        raise NotFoundError(f"{reg['name']} ({reg['id']}) has no loaded documents.",
                            hint="Load its plans first (policygraph load …); /api/coverage lists loaded regions.")
    below_ids = [b["id"] for b in reg["below"]]
    counted = {r["region_id"]: r for r in read(store, "region_measure_counts", region_ids=[reg["id"], *below_ids])}
    for r in read(store, "region_adopted_counts", region_ids=[reg["id"], *below_ids]):
        counted[r["region_id"]]["adopted"] = r["adopted"]
    own_total = (counted.get(reg["id"]) or {}).get("measures", 0)
    own_page = page_info(own_total, limit, offset)
    rows = read(store, "region_measures_page", region_id=reg["id"], offset=offset,
                limit=own_page["limit"]) if own_total > offset else []
    own = []
    for r in rows:
        item = {k: r[k] for k in ("id", "key", "title", "level", "document_id", "status", "date", "batch")}
        item["adapts"] = sorted(r["adapts"] or [], key=lambda a: -(a.get("score") or 0))
        own.append(item)
    adopted_by = {r["national_id"]: sorted(r["adopted_by"]) for r in read(store, "region_adoptions",
                                                                           region_ids=[reg["id"]])}
    batches: dict[int, dict[str, Any]] = {}
    for r in read(store, "region_batches", region_ids=[reg["id"]]):
        b = batches.setdefault(r["batch"], {"batch": r["batch"], "adopted": [], "not_adopted": []})
        entry = {"id": r["id"], "key": r["key"], "title": r["title"], "scope": r["scope"],
                 "untitled": bool(r["untitled"])}
        if adopted_by.get(r["id"]):
            b["adopted"].append(entry | {"adopted_by": adopted_by[r["id"]]})
        else:
            b["not_adopted"].append(entry)
    deps = read(store, "region_departments", region_ids=[reg["id"]])
    below = []
    for b in reg["below"]:
        c = counted.get(b["id"]) or {}
        below.append({**b, "measure_count": c.get("measures", 0), "adopted": c.get("adopted", 0)})
    return {
        "region": {k: reg[k] for k in ("id", "name", "short", "level", "parent")},
        "below": below,
        "measures": own,
        "batches": [batches[k] for k in sorted(batches)],
        "departments": deps,
        "counts": {"measures": own_total, "adopted": (counted.get(reg["id"]) or {}).get("adopted", 0),
                   "below": sum(b["measure_count"] for b in below),
                   "below_regions": sum(1 for b in below if b["measure_count"])},
        "page": own_page,
    }


RELATION_ORDER = {"above": 0, "below": 1, "other-region": 2}


def department_profile(store: Store, department: str, *, limit: int | None = ANSWER_PAGE,
                       offset: int = 0) -> dict[str, Any]:
    """What a department is responsible for, across regions, and its counterparts on the
    same functional line (条条) at other levels.

    ``measures`` and ``counterparts`` are one page each (``limit``/``offset``; ``None``:
    all): a province's 科技厅 has thousands of counterparts on its line at national scale.
    Counterparts come nearest first (above, below, then other regions); ``counts`` and
    ``counterpart_counts`` describe all of them."""
    dep_text = (department or "").strip()
    rows = read(store, "department_get", id=dep_text)
    if not rows:
        raise NotFoundError(f"未找到部门 '{dep_text}' (department not found).",
                            hint="Use a department id such as 440000/广东省科学技术厅, or its full name.")
    exact = [r for r in rows if r["id"] == dep_text or r["name"] == dep_text]
    if not exact and len(rows) > 1:
        raise BadInputError(f"'{dep_text}' is printed for {len(rows)} departments.",
                            hint="Use one id: " + ", ".join(r["id"] for r in rows[:8]))
    dep = (exact or rows)[0]
    chain_ids = [r.id for r in region_ref.chain(dep["region_id"])] if dep.get("region_id") else []
    measures = read(store, "department_measures", id=dep["id"])
    by_role: dict[str, int] = defaultdict(int)
    for m in measures:
        by_role[m["role"] or "unknown"] += 1
    counterparts = []
    for c in read(store, "department_counterparts", id=dep["id"]):
        rel = "other-region"
        if c["region_id"] in chain_ids:
            rel = "above"
        elif dep["region_id"] in [r.id for r in region_ref.chain(c["region_id"] or "")]:
            rel = "below"
        counterparts.append({**c, "relation": rel, "region": region_summary(c["region_id"])})
    counterparts.sort(key=lambda c: RELATION_ORDER[c["relation"]])  # stable: the query's order within
    by_relation: dict[str, int] = defaultdict(int)
    for c in counterparts:
        by_relation[c["relation"]] += 1
    shown, measures_page = paged(measures, limit, offset)
    counterparts_shown, counterparts_page = paged(counterparts, limit, offset)
    return {
        "department": {**{k: dep[k] for k in ("id", "name", "line", "level", "region_id", "printed_names")},
                       "region": dep["region"] or region_summary(dep["region_id"])},
        # each shown measure names its region, as counterparts do (the page shows the name)
        "measures": [{**m, "region": region_summary(m["region_id"])} for m in shown],
        "counts": {"total": len(measures), "by_role": dict(by_role),
                   "regions": len({m["region_id"] for m in measures})},
        "page": measures_page,
        "counterparts": counterparts_shown,
        "counterpart_counts": {"total": len(counterparts), "by_relation": dict(by_relation)},
        "counterparts_page": counterparts_page,
    }


def batch_view(store: Store, number: int) -> dict[str, Any]:
    """One batch: its notice and national measures, each with the regions that adopted it."""
    require_batch(store, number, national_list=False)  # a batch known only from a citation is shown too
    row = read(store, "batch_get", number=number)[0]
    measures = []
    for m in read(store, "batch_measures", number=number):
        regions = sorted(set(filter(None, m.pop("adopted_in") or [])))
        measures.append({**m, "untitled": bool(m.get("untitled")),
                         "adopted_in": [region_summary(r) for r in regions]})
    batch = row["batch"]
    size = batch.get("measure_count") or len(measures)
    return {"batch": batch, "document": row["document"], "size": size, "measures": measures,
            "regions": len({r["id"] for m in measures for r in m["adopted_in"]})}


def coverage(store: Store) -> dict[str, Any]:
    """Batch x region: how many of a batch's national measures each region adopted,
    over the batch size (the notice's count when known, else the measures loaded).
    Each cell says whether a plan of that region for that batch is loaded
    (``plan_loaded``) and so what a 0 means (``observation``: adopted, not-adopted,
    no-batch-plan)."""
    blist = batches(store)
    size = {b["number"]: b["measure_count"] or b["measures_loaded"] for b in blist}
    adopted: dict[tuple[int, str], set[str]] = defaultdict(set)
    region_ids: set[str] = set()
    for r in read(store, "coverage_adoptions"):
        for rid in r["region_ids"] or []:
            if rid:
                adopted[(r["batch"], rid)].add(r["measure_id"])
                region_ids.add(rid)
    regions = {r["id"]: r for r in read(store, "coverage_regions")}
    for rid in region_ids - set(regions):
        regions[rid] = region_summary(rid) or {"id": rid}
    regions.pop(COUNTRY_ID, None)
    ordered = sorted(regions.values(), key=region_order)
    # Which regions have a loaded plan for which batch: a 0 is "not adopted" only there;
    # elsewhere it is "no plan of this batch loaded" (issue 11: the two looked the same).
    _, plans_of = plans_loaded(read(store, "panel_documents"))
    plans = {(n, rid) for rid, numbers in plans_of.items() for n in numbers}
    cells = []
    for r in ordered:
        for b in blist:
            n = len(adopted.get((b["number"], r["id"]), ()))
            s = size[b["number"]] or 0
            plan = (b["number"], r["id"]) in plans
            cells.append({"batch": b["number"], "region_id": r["id"], "adopted": n, "size": s,
                          "ratio": round(n / s, 4) if s else None, "plan_loaded": plan,
                          "observation": "adopted" if n else "not-adopted" if plan else "no-batch-plan"})
    return {"batches": [{"number": b["number"], "size": size[b["number"]], "loaded": b["measures_loaded"]}
                        for b in blist],
            "regions": ordered, "cells": cells}


def documents(store: Store, *, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    total = read(store, "document_count")[0]["total"]
    items = [{**d, "stub": bool(d.get("stub"))}
             for d in read(store, "document_list", offset=offset, limit=limit)]
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def document_view(store: Store, document: str, *, limit: int | None = ANSWER_PAGE, offset: int = 0) -> dict[str, Any]:
    """What a document contains and what it cites (the DERIVED_FROM chain, up to 5 steps).
    ``cited_by`` is one page (``limit``/``offset``; ``None``: all): a batch's notice is
    cited by thousands of plans at national scale. ``cited_by_count`` counts them all."""
    doc_id = (document or "").strip()
    rows = read(store, "document_get", id=doc_id)
    if not rows:
        raise NotFoundError(f"未找到文件 '{doc_id}' (document not found).",
                            hint="Use a document number such as 国办发〔2020〕3号 or file:<file stem>; "
                                 "/api/documents lists them.")
    row = rows[0]
    measures = [{**m, "untitled": bool(m.get("untitled")),
                 "adapts": sorted(m["adapts"] or [], key=lambda a: -(a.get("score") or 0))}
                for m in read(store, "document_measures", id=doc_id)]
    cites = [{**c, "stub": bool(c.get("stub"))} for c in read(store, "document_citations", id=doc_id)]
    # in a fixed order, so pages do not overlap (the query's list comes in storage order)
    cited_by = sorted(row["cited_by"] or [], key=lambda c: (c.get("id") or "", c.get("cited_as") or ""))
    cited_shown, cited_page = paged(cited_by, limit, offset)
    return {
        "document": row["document"] | {"stub": bool(row["document"].get("stub"))},
        "region": row["region"],
        "announces_batch": row["announces_batch"],
        "measures": measures,
        "cites": cites,
        "cited_by": cited_shown,
        "cited_by_count": len(cited_by),
        "cited_by_page": cited_page,
    }
