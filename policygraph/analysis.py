"""Adoption timelines and diffusion analysis (networkx), as plain dicts.

* :func:`timeline` — for one national measure, every region that adopted it: document,
  date, lag in days from the national notice (``None`` when the local date is unknown:
  never invented), level, lead department as printed and canonical, and whether the lead
  continues the national guiding department's line (counterpart) or not (shift).
* :func:`diffusion` — the diffusion graph of a measure, a batch or everything, and its
  figures: reach (regions, by level), depth (national -> province -> city: the longest
  chain of adopting regions linked by PART_OF), median lag, department centrality on the
  department–measure graph, counterpart/shift counts.

Reads go through named queries (timeline_*, analysis_*); nothing here opens a connection.
"""

from __future__ import annotations

import statistics
from collections import Counter
from typing import Any

import networkx as nx
from networkx.algorithms import bipartite

from base.errors import NotFoundError, UnknownMeasureError
from graph.store import Store
from policygraph.dates import dating
from policygraph.dates import lag_days as lag_days  # re-exported: analysis.lag_days is public
from policygraph.questions.common import (
    adoption_date,
    department_order,
    national_start,
    require_batch,
    split_roles,
)


def _notice_date(row: dict[str, Any]) -> str | None:
    return national_start(row.get("national"), row.get("notice"), row.get("batch"))


def _lead(roles: dict[str, Any]) -> dict[str, Any] | None:
    """The first lead of a department list split by role; None when it names none or the
    departments share the work (no single lead)."""
    if roles["shared"] or not roles["lead"]:
        return None
    lead = roles["lead"][0]
    return {"as_printed": lead.get("as_printed"), "canonical": lead.get("name"), "id": lead.get("id"),
            "line": lead.get("line"), "rule": lead.get("rule")}


def _adoption(row: dict[str, Any], notice_date: str | None) -> dict[str, Any]:
    local, doc, region = row.get("local") or {}, row.get("document") or {}, row.get("region") or {}
    a = row.get("adapts") or {}
    local_date = adoption_date(local, doc)
    deps = sorted(row.get("departments") or [], key=department_order)
    roles = split_roles(deps)
    return {
        "region": region or None,
        "parent_region": row.get("parent_region"),
        "level": local.get("level"),
        "document": doc or None,
        "local_measure": {k: local.get(k) for k in ("id", "key", "title", "status")},
        "date": local_date,
        # year-only documents: lag_days None, lag_days_range from the year (policygraph.dates)
        **dating(notice_date, local_date, doc),
        "lead": _lead(roles),
        "shared": [{"as_printed": d.get("as_printed"), "canonical": d.get("name"), "id": d.get("id")}
                   for d in (roles["lead"] if roles["shared"] else [])],
        "departments": [{"as_printed": d.get("as_printed"), "canonical": d.get("name"), "id": d.get("id"),
                         "role": d.get("role"), "rank": d.get("rank"), "line": d.get("line")} for d in deps],
        "dept_relation": a.get("dept_relation"),
        "national_line": a.get("national_line"),
        "local_line": a.get("local_line"),
        "score": a.get("score"),
        "method": a.get("method"),
        "reuse_ratio": a.get("reuse_ratio"),
    }


adoption_row = _adoption  # one timeline row: also the paged timeline's (questions.diffusion)


def _sort_key(a: dict[str, Any]) -> tuple[Any, ...]:
    # Dated adoptions first in date order; undated after, by region.
    return (a["date"] is None, a["date"] or "", (a["region"] or {}).get("id") or "", a["local_measure"]["id"])


def _timelines(store: Store, ids: list[str]) -> list[dict[str, Any]]:
    if not ids:
        return []
    nationals = store.read("timeline_national", {"ids": ids})
    adoptions: dict[str, list[dict[str, Any]]] = {}
    for row in store.read("timeline_adoptions", {"ids": ids}):
        adoptions.setdefault(row["national_id"], []).append(row)
    out = []
    for row in nationals:
        nat = row["national"]
        nd = _notice_date(row)
        items = sorted((_adoption(r, nd) for r in adoptions.get(nat["id"], [])), key=_sort_key)
        lags = [a["lag_days"] for a in items if a["lag_days"] is not None]
        by_level = Counter(a["level"] for a in items if a["level"])
        out.append({
            "national": nat,
            "batch": row.get("batch"),
            "notice": row.get("notice"),
            "notice_date": nd,
            "guides": [{"as_printed": g.get("as_printed"), "canonical": g.get("name"), "id": g.get("id"),
                        "line": g.get("line"), "rank": g.get("rank")}
                       for g in sorted(row.get("guides") or [], key=department_order)],
            "adoptions": items,
            "summary": {
                "regions": len({(a["region"] or {}).get("id") for a in items if a["region"]}),
                "adoptions": len(items),
                "by_level": dict(sorted(by_level.items())),
                "dated": len(lags),
                "year_only": sum(1 for a in items if a["date_precision"] == "year"),
                "median_lag_days": statistics.median(lags) if lags else None,
                "counterpart": sum(1 for a in items if a["dept_relation"] == "counterpart"),
                "shift": sum(1 for a in items if a["dept_relation"] == "shift"),
            },
        })
    return out


def timeline(store: Store, national_measure_id: str) -> dict[str, Any]:
    """The adoption timeline of one national measure."""
    got = _timelines(store, [national_measure_id])
    if not got:
        raise UnknownMeasureError(f"No measure with id {national_measure_id!r}.",
                                  hint="Search with /api/measures?q=… to find its id.")
    if got[0]["national"].get("level") != "national":
        raise NotFoundError(f"{national_measure_id!r} is a local measure; a timeline starts from a national one.",
                            hint="Use the id of the national measure it adapts (see /api/measures/<id>).")
    return got[0]


def batch_timelines(store: Store, batch: int) -> list[dict[str, Any]]:
    """Timelines of every national measure of a batch, in list order."""
    return _timelines(store, _scope_ids(store, None, batch))


# -- diffusion graph ---------------------------------------------------------------------


def _scope_ids(store: Store, measure_id: str | None, batch: int | None) -> list[str]:
    if measure_id is not None:
        return [measure_id]
    if batch is not None:
        # A batch with no national measures would give a page of zeros that reads like a
        # finding ("nobody adopted batch 9"); it is a question about something not loaded.
        require_batch(store, batch)
    return [r["id"] for r in store.read(
        "analysis_national_ids", {"batch_id": f"batch-{batch}" if batch is not None else None})]


def build_graph(store: Store, measure_id: str | None = None, batch: int | None = None) -> nx.DiGraph:
    """The diffusion graph of a national measure, a batch, or everything (both None).

    Nodes are (kind, id) pairs, kind in national, local, region, department; edges carry
    ``type``: ADAPTS (local -> national), PROMOTES (region -> local measure), LEADS
    (department -> measure, with role), PART_OF (region -> parent region).
    """
    g = nx.DiGraph()
    tls = _timelines(store, _scope_ids(store, measure_id, batch))
    if measure_id is not None and not tls:
        raise UnknownMeasureError(f"No measure with id {measure_id!r}.")
    region_ids: set[str] = set()
    for tl in tls:
        nat = tl["national"]
        nn = ("national", nat["id"])
        g.add_node(nn, kind="national", title=nat.get("title"), date=tl["notice_date"],
                   batch=(tl.get("batch") or {}).get("number"))
        for gd in tl["guides"]:
            if gd.get("id"):
                g.add_node(("department", gd["id"]), kind="department", name=gd["canonical"], line=gd["line"])
                g.add_edge(("department", gd["id"]), nn, type="LEADS", role="guide")
        for a in tl["adoptions"]:
            ln = ("local", a["local_measure"]["id"])
            g.add_node(ln, kind="local", title=a["local_measure"]["title"], level=a["level"],
                       date=a["date"], lag_days=a["lag_days"])
            g.add_edge(ln, nn, type="ADAPTS", score=a["score"], dept_relation=a["dept_relation"])
            if a["region"]:
                rid = a["region"]["id"]
                region_ids.add(rid)
                g.add_node(("region", rid), kind="region", name=a["region"].get("name"),
                           level=a["region"].get("level"))
                g.add_edge(("region", rid), ln, type="PROMOTES", date=a["date"])
            for d in a["departments"]:
                if d.get("id"):
                    g.add_node(("department", d["id"]), kind="department", name=d["canonical"], line=d["line"])
                    g.add_edge(("department", d["id"]), ln, type="LEADS", role=d["role"])
    if region_ids:
        for row in store.read("analysis_regions", {"ids": sorted(region_ids)}):
            r = row["region"]
            child = ("region", r["id"])
            g.nodes[child].setdefault("level", r.get("level"))
            # ancestors come unordered; chain them by level (city -> province -> country)
            order = {"city": 0, "province": 1, "country": 2}
            chain = [r, *sorted((a for a in row.get("ancestors") or [] if a),
                                key=lambda a: order.get(a.get("level"), 9))]
            for lower, upper in zip(chain, chain[1:], strict=False):
                for x in (lower, upper):
                    if ("region", x["id"]) not in g:
                        g.add_node(("region", x["id"]), kind="region", name=x.get("name"), level=x.get("level"))
                g.add_edge(("region", lower["id"]), ("region", upper["id"]), type="PART_OF")
    return g


def _depth(g: nx.DiGraph, national: tuple[str, str]) -> int:
    """Longest adoption chain of one national measure: national -> region -> sub-region…
    A region's adoption hangs below the nearest ancestor region that adopted too."""
    adopters = {
        r for ln, _n, d in g.in_edges(national, data=True) if d.get("type") == "ADAPTS"
        for r, _l, e in g.in_edges(ln, data=True) if e.get("type") == "PROMOTES"
    }
    memo: dict[tuple[str, str], int] = {}

    def depth(r: tuple[str, str]) -> int:
        if r not in memo:
            parents = [p for _r, p, e in g.out_edges(r, data=True) if e.get("type") == "PART_OF"]
            best = 0
            seen: set[tuple[str, str]] = set()
            while parents:
                p = parents.pop()
                if p in seen:
                    continue
                seen.add(p)
                if p in adopters:
                    best = max(best, depth(p))
                    continue
                parents.extend(q for _p, q, e in g.out_edges(p, data=True) if e.get("type") == "PART_OF")
            memo[r] = best + 1
        return memo[r]

    return max((depth(r) for r in adopters), default=0)


def betweenness(g: nx.Graph) -> dict[Any, float]:
    """networkx's normalised betweenness centrality of an undirected graph, exactly, computed
    one connected component at a time.

    Why: departments share measures only within their own region, so the projection is
    hundreds of small components (1,000 documents, batch 3: 4,642 departments, 682
    components, the largest 29). networkx's Brandes loop starts every source by
    initialising dicts over the WHOLE graph, so one call cost O(V^2) on top of the work
    (70 s of a 79 s analysis?batch=3). Shortest paths never leave a component, so each
    component's unnormalised scores are the whole graph's; only the normalisation uses the
    whole graph's node count: 2 / ((n-1)(n-2)) for an undirected graph."""
    n = g.number_of_nodes()
    out = dict.fromkeys(g, 0.0)
    if n <= 2:
        return out
    scale = 2.0 / ((n - 1) * (n - 2))
    for comp in nx.connected_components(g):
        if len(comp) <= 2:
            continue  # no node lies between two others
        for node, raw in nx.betweenness_centrality(g.subgraph(comp), normalized=False).items():
            out[node] = raw * scale
    return out


def department_centrality(g: nx.DiGraph, top: int = 20) -> list[dict[str, Any]]:
    """Departments ranked by how they connect measures: degree in the department–measure
    bipartite graph (how many measures they guide or lead), and betweenness in its
    projection on departments (two departments are linked when they share a measure:
    a high value marks a broker between otherwise separate groups of departments)."""
    deps = [n for n, d in g.nodes(data=True) if d.get("kind") == "department"]
    if not deps:
        return []
    b = nx.Graph()
    b.add_nodes_from(deps, bipartite=0)
    for u, v, d in g.edges(data=True):
        if d.get("type") == "LEADS":
            b.add_node(v, bipartite=1)
            b.add_edge(u, v)
    proj = bipartite.weighted_projected_graph(b, deps)
    between = betweenness(proj)
    out = []
    for dep in deps:
        roles = Counter(d.get("role") for _u, _v, d in g.out_edges(dep, data=True) if d.get("type") == "LEADS")
        out.append({
            "id": dep[1],
            "name": g.nodes[dep].get("name"),
            "line": g.nodes[dep].get("line"),
            "measures": b.degree(dep),
            "roles": dict(sorted((k or "unknown", v) for k, v in roles.items())),
            "partners": proj.degree(dep),
            "betweenness": round(between.get(dep, 0.0), 4),
        })
    out.sort(key=lambda x: (-x["measures"], -x["betweenness"], x["id"]))
    return out[:top]


def diffusion(store: Store, measure_id: str | None = None, batch: int | None = None) -> dict[str, Any]:
    """Figures of the diffusion graph for a measure, a batch, or everything."""
    g = build_graph(store, measure_id, batch)
    per_measure = []
    all_lags: list[int] = []
    regions: set[str] = set()
    relations: Counter[str] = Counter()
    for n, d in sorted(g.nodes(data=True), key=lambda x: x[0]):
        if d.get("kind") != "national":
            continue
        locals_ = [u for u, _v, e in g.in_edges(n, data=True) if e.get("type") == "ADAPTS"]
        adopters = {r for ln in locals_ for r, _l, e in g.in_edges(ln, data=True) if e.get("type") == "PROMOTES"}
        lags = [g.nodes[ln].get("lag_days") for ln in locals_ if g.nodes[ln].get("lag_days") is not None]
        levels = Counter(g.nodes[r].get("level") or "unknown" for r in adopters)
        rel = Counter(e.get("dept_relation") or "unknown" for _u, _v, e in g.in_edges(n, data=True)
                      if e.get("type") == "ADAPTS")
        all_lags.extend(lags)
        regions |= adopters
        relations.update(rel)
        per_measure.append({
            "id": n[1],
            "title": d.get("title"),
            "batch": d.get("batch"),
            "date": d.get("date"),
            "reach": len(adopters),
            "reach_by_level": dict(sorted(levels.items())),
            "adoptions": len(locals_),
            "depth": _depth(g, n),
            "median_lag_days": statistics.median(lags) if lags else None,
            "dept_relations": dict(sorted(rel.items())),
        })
    scope = ({"measure": measure_id} if measure_id is not None else
             {"batch": batch} if batch is not None else {"all": True})
    unmatched: dict[str, dict[str, int]] = {}
    if measure_id is None and batch is None:
        # Local measures with no national parent, per region: 'innovation' is a finding
        # (compared, nothing matched), 'pending' waits for a national list to be loaded.
        for row in store.read("analysis_local_innovations"):
            unmatched.setdefault(row["region_id"] or "unknown", {})[row["link_status"] or "unknown"] = row["measures"]
    return {
        "scope": scope,
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "national_measures": len(per_measure),
        "adopted_measures": sum(1 for m in per_measure if m["reach"]),
        "regions": len(regions),
        "regions_by_level": dict(sorted(Counter(g.nodes[r].get("level") or "unknown" for r in regions).items())),
        "max_depth": max((m["depth"] for m in per_measure), default=0),
        "median_lag_days": statistics.median(all_lags) if all_lags else None,
        "dept_relations": dict(sorted(relations.items())),
        "measures": per_measure,
        "departments": department_centrality(g),
        "local_unmatched": unmatched,
    }
