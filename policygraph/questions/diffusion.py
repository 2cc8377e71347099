"""Diffusion of a national measure: where, when and by whom it was localised.

* :func:`trace`: every localisation (region, document, date, lag, departments, ADAPTS, diff);
* :func:`path`: the tree national -> province -> city with lags;
* :func:`timeline`: adopting regions in date order, with the lead's line (counterpart or shift).

Each starts from the national measure the user's wording names (a local measure is
followed to the national measure it adapts: :func:`policygraph.questions.search.national`),
dates its adoptions from the one start date (:func:`common.national_start`) with the one
``lag_days`` (policygraph.dates).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from graph.store import Store
from loaders import regions as region_ref
from policygraph import analysis
from policygraph.dates import dating, lag_days
from policygraph.diff import diff_texts
from policygraph.questions.common import (
    COUNTRY_ID,
    REGION_LEVEL_ORDER,
    adoption_date,
    document_dating,
    national_start,
    page_info,
    read,
    region_summary,
)
from policygraph.questions.leads import departments_by_measure, responsibility
from policygraph.questions.search import national
from policygraph.similarity import measure_text


def _national_date(row: dict[str, Any]) -> str | None:
    return national_start(row["measure"], row["document"], row["batch"])


def localisations(store: Store, national_id: str, ids: list[str] | None = None) -> list[dict[str, Any]]:
    """The one reader of a national measure's localisations (trace and path): every one, or
    those of ``ids`` in that order. Each row: the local ``measure`` (with its text), the
    ADAPTS link's properties, its ``document``, ``region`` and ``parent_region``, and the
    ``date`` it was adopted (:func:`common.adoption_date`)."""
    if ids is None:
        rows = read(store, "trace_localisations", id=national_id)
    elif not ids:
        return []
    else:
        found = {r["measure"]["id"]: r for r in read(store, "trace_localisations_page", id=national_id, ids=ids)}
        rows = [found[i] for i in ids if i in found]
    out = []
    for r in rows:
        m, doc = r["measure"], r["document"]
        out.append({"measure": m, "adapts": r["adapts"], "document": doc,
                    "region": r["region"] or region_summary(m.get("region_id")),
                    "parent_region": r["parent_region"], "date": adoption_date(m, doc)})
    return out


def trace(store: Store, measure: str, *, with_diff: bool = True, limit: int | None = None,
          offset: int = 0, batch: int | None = None) -> dict[str, Any]:
    """Every localisation of a national measure: region and level, document, date, lag,
    responsible departments (as printed and canonical), ADAPTS score/method and the diff.

    ``limit``/``offset`` page the localisations (in the query's order: provinces first);
    ``counts`` always describe all of them. Departments and diffs are computed for the
    page only: at 10,000 documents a measure has thousands of localisations."""
    x, resolution, detail = national(store, measure, batch)
    ndate = _national_date(detail)
    national_text = measure_text(detail["measure"].get("title"), detail["measure"].get("content"))
    if limit is None:
        all_rows = localisations(store, x["id"])
        everyone = [{"level": r["measure"].get("level"), "region_id": r["measure"].get("region_id")}
                    for r in all_rows]
        rows = all_rows[offset:]
    else:
        # A page: count every localisation from ids only, fetch full rows for the page only.
        everyone = read(store, "trace_localisation_ids", id=x["id"])
        rows = localisations(store, x["id"], [r["id"] for r in everyone[offset:offset + limit]])
    by_level: dict[str, int] = defaultdict(int)
    for r in everyone:
        by_level[r["level"] or "unknown"] += 1
    counts = {"total": len(everyone), "by_level": dict(by_level),
              "regions": len({r["region_id"] for r in everyone}),
              "limit": limit, "offset": offset}
    ids = [r["measure"]["id"] for r in rows]
    deps = departments_by_measure(store, [x["id"], *ids])
    items = []
    for r in rows:
        m, doc, adopted = r["measure"], r["document"], r["date"]
        d = None
        if with_diff:
            # Same basis as linking (title + content), so the figures match those on ADAPTS.
            full = diff_texts(measure_text(m.get("title"), m.get("content")), national_text)
            d = full.summary() | {
                "local_text": full.local_text,
                "national_text": full.national_text,
                "kept": [{"text": k.text, "local_start": k.local_start, "local_end": k.local_end,
                          "national_start": k.national_start, "national_end": k.national_end} for k in full.kept],
                "added": [{"text": s.text, "start": s.start, "end": s.end} for s in full.added],
                "dropped": [{"text": s.text, "start": s.start, "end": s.end} for s in full.dropped],
            }
        items.append({
            "region": r["region"],
            "parent_region": r["parent_region"],
            "level": m.get("level"),
            "measure": m,
            "document": doc,
            "date": adopted,
            # year-only documents: lag_days None, lag_days_range from the year (policygraph.dates)
            **dating(ndate, adopted, doc),
            "adapts": r["adapts"],
            **responsibility(deps.get(m["id"], [])),
            "diff": d,
        })
    return {
        "measure": _national_summary(x, detail),
        "resolution": resolution,
        "resolved": resolution["resolved"],
        "guides": responsibility(deps.get(x["id"], []))["guides"],
        "localisations": items,
        "counts": counts,
        # the next page, as every paged answer says it (the whole trace: no page)
        "page": page_info(len(everyone), limit, offset) if limit is not None else None,
    }


def _national_summary(x: dict[str, Any], detail: dict[str, Any]) -> dict[str, Any]:
    b = detail["batch"] or {}
    return {
        "id": x["id"], "key": x["key"], "title": x["title"], "level": x["level"],
        "document_id": x["document_id"], "batch": b.get("number") or x.get("batch"),
        "scope": x.get("scope"), "category": x.get("category"), "date": _national_date(detail),
    }


# A region's node in a paged path names its first few local measures (with their count):
# at 10,000 documents a province restates a national measure in a dozen plans.
PATH_MEASURES_PER_REGION = 1
# Province branches (each with its cities) per page of a paged path.
PATH_BRANCHES = 5


def path(store: Store, measure: str, *, batch: int | None = None, limit: int | None = None,
         offset: int = 0) -> dict[str, Any]:
    """The diffusion path national -> province -> city with lags: a tree of regions, each
    with the measures that localise X there; a city whose province did not localise X
    hangs under its province marked ``adopted: false``.

    ``limit`` pages the tree by province branch (a province with its cities, in code
    order; ``None``: the whole tree with every measure, as the tree picture and the
    exports need it). In a page each region names its first
    :data:`PATH_MEASURES_PER_REGION` measures and counts them all (``measure_count``),
    ``steps`` are the page's, ``counts`` describe the whole path."""
    x, resolution, detail = national(store, measure, batch)
    ndate = _national_date(detail)
    nodes: dict[str, dict[str, Any]] = {}

    def node(region: dict[str, Any]) -> dict[str, Any]:
        if region["id"] not in nodes:
            nodes[region["id"]] = {"region": region, "adopted": False, "measures": [], "date": None,
                                   "lag_days": None, "lag_from_parent_days": None, "children": []}
        return nodes[region["id"]]

    root = node(region_summary(COUNTRY_ID) or {"id": COUNTRY_ID})
    root.update(adopted=True, date=ndate, lag_days=0,
                measures=[{"id": x["id"], "title": x["title"], "date": ndate}])
    parents: dict[str, str] = {}
    for r in read(store, "path_localisations", id=x["id"]):
        region = region_summary(r["region_id"])
        if region is None:
            continue
        n = node(region)
        doc = document_dating(r)
        adopted = adoption_date(r, doc)
        n["adopted"] = True
        n["measures"].append({"id": r["id"], "key": r["key"], "title": r["title"], "date": adopted,
                              **dating(ndate, adopted, doc),
                              "adapts": {"score": r["score"], "method": r["method"]}})
        rec = region_ref.get(region["id"])
        parent = region_summary(rec.parent_id) if rec and rec.parent_id else None
        if parent and region.get("level") == "city":
            node(parent)
            parents[region["id"]] = parent["id"]
            if parent["id"] != COUNTRY_ID:
                parents.setdefault(parent["id"], COUNTRY_ID)
        else:
            parents[region["id"]] = COUNTRY_ID
    for n in nodes.values():
        dates = sorted(d for d in (mm.get("date") for mm in n["measures"]) if d)
        if n is not root:
            n["date"] = dates[0] if dates else None
            n["lag_days"] = lag_days(ndate, n["date"])
    steps = []
    for rid, pid in sorted(parents.items(), key=lambda kv: (REGION_LEVEL_ORDER.get(
            nodes[kv[0]]["region"].get("level") or "", 3), kv[0])):
        child, par = nodes[rid], nodes[pid]
        # Lag from the nearest region above that adopted it (the country when the
        # province did not): the step the measure actually took.
        above = pid
        while not nodes[above]["adopted"] and above in parents:
            above = parents[above]
        child["lag_from_parent_days"] = lag_days(nodes[above]["date"], child["date"])
        par["children"].append(child)
        steps.append({"from": pid, "to": rid, "to_level": child["region"].get("level"),
                      "adopted": child["adopted"], "lag_days": child["lag_days"],
                      "lag_from_parent_days": child["lag_from_parent_days"]})
    adopting = [n for n in nodes.values() if n is not root and n["adopted"]]
    by_level: dict[str, int] = defaultdict(int)
    for n in adopting:
        by_level[n["region"].get("level") or "unknown"] += 1
    answer: dict[str, Any] = {
        "measure": _national_summary(x, detail),
        "resolution": resolution,
        "resolved": resolution["resolved"],
        "tree": root,
        "steps": steps,
        "regions": len(adopting),
        "counts": {"regions": len(adopting), "by_level": dict(by_level),
                   "measures": sum(len(n["measures"]) for n in adopting), "branches": len(root["children"])},
    }
    if limit is None:
        return answer
    branches = root["children"][offset:offset + limit]
    shown = {b["region"]["id"] for b in branches} | {c["region"]["id"] for b in branches for c in b["children"]}

    def trimmed(n: dict[str, Any]) -> dict[str, Any]:
        return {**n, "measure_count": len(n["measures"]), "measures": n["measures"][:PATH_MEASURES_PER_REGION],
                "children": [trimmed(c) for c in n["children"]]}

    answer["tree"] = {**root, "measure_count": 1, "children": [trimmed(b) for b in branches]}
    answer["steps"] = [s for s in steps if s["to"] in shown]
    answer["page"] = page_info(len(root["children"]), limit, offset)
    return answer


def timeline(store: Store, measure: str, *, batch: int | None = None, limit: int | None = None,
             offset: int = 0) -> dict[str, Any]:
    """Adoption timeline of the national measure the wording names (a local measure is
    followed to its national measure, as trace and path do): regions with dates, lag in
    days from the national notice, lead department, counterpart or shift.

    ``limit`` pages ``adoptions`` (dated first in date order, then undated by region;
    ``None``: all, as analysis.timeline gives them); ``summary`` describes all of them.
    A page reads every adoption's date and line comparison only, and full rows (document,
    departments) for the page's."""
    x, resolution, _ = national(store, measure, batch)
    if limit is None:
        return {**analysis.timeline(store, x["id"]), "resolved": resolution["resolved"]}
    head = read(store, "timeline_national", ids=[x["id"]])[0]
    nd = national_start(head["national"], head["notice"], head["batch"])
    keys = []
    for k in read(store, "timeline_adoption_keys", id=x["id"]):
        doc = document_dating(k)
        date = adoption_date(k, doc)
        keys.append({**k, "date": date, **dating(nd, date, doc)})
    # analysis' order: dated first by date, then undated; by region and id within
    keys.sort(key=lambda k: (k["date"] is None, k["date"] or "", k["region_id"] or "", k["id"]))
    ids = [k["id"] for k in keys[offset:offset + limit]]
    rows = {r["local"]["id"]: r for r in read(store, "timeline_adoptions_page", id=x["id"], ids=ids)} if ids else {}
    return {
        "national": head["national"], "batch": head["batch"], "notice": head["notice"], "notice_date": nd,
        "guides": analysis.timeline_guides(head.get("guides")),
        "adoptions": [analysis.adoption_row(rows[i], nd) for i in ids if i in rows],
        "summary": analysis.timeline_summary(keys),
        "page": page_info(len(keys), limit, offset),
        "resolved": resolution["resolved"],
    }
