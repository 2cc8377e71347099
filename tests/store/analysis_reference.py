"""The diffusion figures as computed before analysis?batch= was made fast (commit 82851a2,
policygraph/analysis.py): over the networkx graph of :func:`policygraph.analysis.build_graph`,
betweenness on the whole department projection. Kept here, verbatim but for the imports,
as the reference the fast :func:`policygraph.analysis.diffusion` must equal
(tests/store/test_analysis_same_answer.py)."""

from __future__ import annotations

import statistics
from collections import Counter
from typing import Any

import networkx as nx
from networkx.algorithms import bipartite

from graph.store import Store
from policygraph.analysis import build_graph


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
