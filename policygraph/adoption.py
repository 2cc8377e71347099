"""Adoption over space and time: the data behind the adoption curve and the map.

For one national measure, or every national measure of a batch, this answers per region:
was a plan of this region loaded at all, how many of the measures did it adopt, when first,
and how long after the national notice. Two states are kept apart on purpose, because a
researcher must not read one as the other:

* ``no-document`` - no document issued by the region is loaded (nothing is known);
* ``no-plan`` - the region's documents are loaded, but none implements the measure's batch
  (a plan may exist that was not loaded: a weaker "not adopted", as in the coverage table
  and the panel's ``no-batch-plan``);
* ``not-adopted`` - a plan of the region for the batch is loaded and adapts none of it.

The curve is the cumulative number of adoption events (a region adopting a measure for the
first time) over time, split by level. Undated adoptions are counted apart, never placed
on a guessed date.

Reads go through :mod:`policygraph.analysis` (the timelines) and named queries; drawing is
viz/charts.py's job and the HTTP side is api/charts.py.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from typing import Any

from base.errors import BadInputError, NotFoundError
from graph.store import Store
from loaders import regions as region_ref
from loaders.departments import known_lines
from policygraph import analysis
from policygraph.linking import METHOD_POSITION as POSITION_METHOD
from policygraph.questions.common import batches as list_batches
from policygraph.questions.common import plans_loaded, region_and_below, require_batch
from policygraph.questions.search import national_measure, resolve_region

LEVELS = ("province", "city")
STATUS_ZH = {"adopted": "已采纳", "partly": "部分采纳", "not-adopted": "已加载该批方案，未采纳",
             "no-plan": "已加载该地区文件，但无该批方案", "no-document": "未加载该地区文件"}


def _plans(store: Store) -> tuple[dict[str, int], dict[str, set[int]]]:
    """(documents per region, batches each region has a plan for): the one rule of
    :func:`policygraph.questions.common.plans_loaded`, as the coverage matrix and the panel."""
    return plans_loaded(store.read("panel_documents", {}))


def _scope(store: Store, measure: str | None, batch: int | None) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(what was asked, resolved; the timelines of its national measures)."""
    if measure is not None:
        found, resolution = national_measure(store, measure)
        tl = analysis.timeline(store, found["id"])
        return {"kind": "measure", "measure": {**{k: found.get(k) for k in ("id", "key", "title", "level")},
                                               "batch": (tl.get("batch") or {}).get("number")},
                "resolution": resolution, "size": 1}, [tl]
    if batch is not None:
        # a batch known only from a plan's citation has no national list to count
        known = require_batch(store, batch)
        tls = analysis.batch_timelines(store, batch)
        size = known.get("measure_count") or len(tls)
        return {"kind": "batch", "batch": batch, "size": size}, tls
    raise NotFoundError("Give a national measure (measure=…) or a batch (batch=…).",
                        hint="For example measure=通用通兑 or batch=3.")


def adoption(store: Store, *, measure: str | None = None, batch: int | None = None) -> dict[str, Any]:
    """Per-region adoption, the cumulative curve and the lag distribution of a measure or batch."""
    scope, tls = _scope(store, measure, batch)
    docs, plans = _plans(store)
    scope_batches = {(tl.get("batch") or {}).get("number") for tl in tls} - {None}
    # (region id, national id) -> first adoption (earliest dated; undated only when no date at all)
    first: dict[tuple[str, str], dict[str, Any]] = {}
    notice_dates = []
    for tl in tls:
        notice_dates.append(tl["notice_date"])
        for a in tl["adoptions"]:
            rid = (a["region"] or {}).get("id")
            if not rid:
                continue
            key = (rid, tl["national"]["id"])
            old = first.get(key)
            if old is None or (a["date"] and (old["date"] is None or a["date"] < old["date"])):
                first[key] = a
    per_region: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for (rid, _), a in first.items():
        per_region[rid].append(a)

    size = scope["size"] or 1
    rows = []
    for rec in region_ref.all_regions():
        if rec.level not in LEVELS:
            continue
        events = per_region.get(rec.id, [])
        lags = [a["lag_days"] for a in events if a["lag_days"] is not None]
        dates = sorted(a["date"] for a in events if a["date"])
        if events:
            status = "adopted" if len(events) >= size else "partly"
        elif rec.id not in docs:
            status = "no-document"
        else:  # a 2018 plan loaded for a 2020 measure says nothing of its adoption either way
            status = "not-adopted" if plans.get(rec.id, set()) & scope_batches else "no-plan"
        rows.append({
            "id": rec.id, "name": rec.name, "short": rec.short, "level": rec.level, "parent_id": rec.parent_id,
            "status": status, "status_zh": STATUS_ZH[status], "document_loaded": rec.id in docs,
            "adopted": len(events), "size": size, "share": round(len(events) / size, 4),
            # adoptions linked only by position within a category (count-only 军民融合 items):
            # a convention, not text evidence; counted, and said so
            "position_only": sum(1 for a in events if str(a.get("method") or "").startswith(POSITION_METHOD)),
            "first_date": dates[0] if dates else None,
            # one measure: its lag; a batch: the median over the measures this region adopted
            "lag_days": (statistics.median(lags) if lags else None),
        })

    curve = _curve(first.values())
    all_lags = sorted(a["lag_days"] for a in first.values() if a["lag_days"] is not None)
    dated_notices = sorted(d for d in notice_dates if d)
    return {
        **scope,
        "notice_date": dated_notices[0] if dated_notices else None,
        "regions": rows,
        "counts": {
            "events": len(first), "dated": len(all_lags), "undated": len(first) - len(all_lags),
            "by_status": {s: sum(1 for r in rows if r["status"] == s) for s in STATUS_ZH},
        },
        "curve": curve,
        "lags": all_lags,
        "median_lag_days": statistics.median(all_lags) if all_lags else None,
    }


def _curve(events: Any) -> list[dict[str, Any]]:
    """Cumulative adoption events per date, by level; one point per date with an event."""
    per_date: dict[str, dict[str, int]] = defaultdict(lambda: {lv: 0 for lv in LEVELS})
    for a in events:
        level = (a["region"] or {}).get("level")
        if a["date"] and level in LEVELS:
            per_date[a["date"][:10]][level] += 1
    out, running = [], {lv: 0 for lv in LEVELS}
    for d in sorted(per_date):
        for lv in LEVELS:
            running[lv] += per_date[d][lv]
        out.append({"date": d, **running, "total": sum(running.values())})
    return out


TREE_MEASURES_PER_REGION = 2


def diffusion_tree(path_answer: dict[str, Any]) -> dict[str, Any]:
    """The national -> province -> city tree of questions.diffusion.path, pruned to what was adopted
    (a province that did not adopt stays when one of its cities did, marked so)."""

    def prune(node: dict[str, Any]) -> dict[str, Any] | None:
        kids = [k for k in (prune(c) for c in node["children"]) if k is not None]
        if not node["adopted"] and not kids:
            return None
        return {"region": node["region"], "adopted": node["adopted"], "date": node["date"],
                "lag_days": node["lag_days"], "lag_from_parent_days": node["lag_from_parent_days"],
                # a region's first measures, all counted: a province restates a national
                # measure in a dozen plans at national scale (its profile lists them)
                "measures": [{k: m.get(k) for k in ("id", "key", "title", "date", "lag_days")}
                             for m in node["measures"][:TREE_MEASURES_PER_REGION]],
                "measure_count": len(node["measures"]),
                "children": sorted(kids, key=lambda k: (k["date"] is None, k["date"] or "", k["region"]["id"]))}

    return {"measure": path_answer["measure"], "resolution": path_answer["resolution"],
            "tree": prune(path_answer["tree"]), "regions": path_answer["regions"]}


# ---------------------------------------------------------------------------------------
# coverage: batch x region, filterable

SCOPES = {"national": "全国", "pilot": "8个改革试验区域"}


def _scope_matches(scope_text: str | None, scope: str | None) -> bool:
    if not scope:
        return True
    text = scope_text or ""
    if scope == "pilot":
        return "试验" in text or "8个" in text
    return "全国" in text or not text


def coverage_table(store: Store, *, batch: int | None = None, level: str | None = None,
                   region: str | None = None, line: str | None = None, scope: str | None = None,
                   include_unloaded: bool = False) -> dict[str, Any]:
    """Batch x region adoption counts with filters, each cell with a status:

    * ``no-document``: no document of the region is loaded (unknown - not zero);
    * ``no-plan``: documents of the region are loaded, none implements this batch and none of
      its measures adapts one of the batch's (a plan may exist that was not loaded);
    * ``not-adopted``: a plan of the region for this batch is loaded and adopts none of the
      (filtered) measures;
    * ``adopted``: n of the batch's (filtered) measures adopted.

    `line` keeps adoptions whose local lead department is on that functional line (科技, 财政 …);
    `scope` keeps national measures promoted nationwide (``national``) or only in the 8 pilot
    regions (``pilot``); `region` keeps a region and the regions below it.
    """
    # Batches whose national list is loaded: a batch known only from a plan's citation
    # (Jilin cites batch 2) has no measures to count.
    if batch is not None:
        require_batch(store, batch)
    if line is not None and line not in known_lines():
        # A misspelt line would otherwise filter every adoption out: a table of zeros that reads
        # as "nobody adopted".
        raise BadInputError(f"unknown line {line!r}: the functional lines are "
                            + "、".join(sorted(known_lines())))
    known = {b["number"]: b for b in list_batches(store) if b.get("measures_loaded")}
    numbers = [batch] if batch is not None else sorted(known)
    docs, plans = _plans(store)
    keep_ids: set[str] | None = None
    if region:
        reg = resolve_region(store, region)
        keep_ids = set(region_and_below(reg))
        keep_ids |= {r.id for r in region_ref.all_regions() if r.parent_id == reg["id"]}

    adopted: dict[tuple[int, str], set[str]] = defaultdict(set)
    sizes: dict[int, int] = {}
    lines: set[str] = set()
    for n in numbers:
        tls = [tl for tl in analysis.batch_timelines(store, n) if _scope_matches(tl["national"].get("scope"), scope)]
        sizes[n] = len(tls) if scope else (known[n].get("measure_count") or len(tls))
        for tl in tls:
            for a in tl["adoptions"]:
                lead_line = (a["lead"] or {}).get("line")
                if lead_line:
                    lines.add(lead_line)
                if line and lead_line != line:
                    continue
                rid = (a["region"] or {}).get("id")
                if rid:
                    adopted[(n, rid)].add(tl["national"]["id"])

    rows = []
    for rec in region_ref.all_regions():
        if rec.level not in LEVELS or (level and rec.level != level):
            continue
        if keep_ids is not None and rec.id not in keep_ids:
            continue
        loaded = rec.id in docs
        if not loaded and not include_unloaded and not any((n, rec.id) in adopted for n in numbers):
            continue
        cells = []
        for n in numbers:
            count = len(adopted.get((n, rec.id), ()))
            if count:
                status = "adopted"
            elif not loaded:
                status = "no-document"
            elif n in plans.get(rec.id, set()):
                status = "not-adopted"
            else:
                status = "no-plan"
            cells.append({"batch": n, "adopted": count, "size": sizes[n], "status": status,
                          "ratio": round(count / sizes[n], 4) if sizes[n] and status != "no-document" else None})
        rows.append({"region": {"id": rec.id, "name": rec.name, "short": rec.short, "level": rec.level,
                                "parent_id": rec.parent_id},
                     "document_loaded": loaded, "cells": cells})
    return {
        "filters": {"batch": batch, "level": level, "region": region, "line": line, "scope": scope,
                    "include_unloaded": include_unloaded},
        "batches": [{"number": n, "size": sizes[n], "notice_count": known[n].get("measure_count")} for n in numbers],
        "lines": sorted(lines),
        "rows": rows,
        "status_zh": {"adopted": "已采纳", "not-adopted": "已加载该批方案，未采纳",
                      "no-plan": "已加载该地区文件，但无该批方案", "no-document": "未加载该地区任何文件"},
    }
