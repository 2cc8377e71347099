"""Who follows whom: diffusion ties between regions inferred from adoption timing.

Method: NetInf (Gomez-Rodriguez, Leskovec & Krause, "Inferring networks of diffusion and
influence", KDD 2010), as Desmarais, Harden & Boehmke ("Persistent policy pathways:
inferring diffusion networks in the American states", APSR 2015) apply it to policy
adoption: every national measure is a *cascade*, the regions that adopted it with their
adoption dates are its infections, and the network that best explains all cascades at
once is inferred greedily.

Model (the paper's, with the exponential transmission model):

* an edge u -> v explains v's adoption in a cascade where u adopted earlier, with weight
  ``beta * alpha * exp(-alpha * lag_days)``;
* every adoption can also be explained by an "epsilon edge" of weight ``epsilon``: the
  region took the measure up on its own or straight from the national notice (the
  centre is a common source for every region);
* a cascade's likelihood is approximated by its most likely propagation tree: each
  adopter takes its best parent among the chosen edges (or epsilon);
* edges are added greedily, each time the one with the largest gain in the summed
  log-likelihood over all cascades. The objective is submodular, so lazy evaluation
  (CELF) gives the same edges as plain greedy at a fraction of the cost.

What goes in: one time per region and measure, the region's earliest *dated* adoption
(its document's date). Undated adoptions, deepened items (深化实施: in place before the
notice, so their date is not an adoption time) and links below ``min_score`` (by default
the position-only 军民深度融合 links, score 0.4) are left out and counted in ``inputs``.
Same-day adoptions explain nothing about each other (lag must be > 0).

Defaults: ``alpha`` = 1 / median lag between successive dated adopters of a cascade
(estimated from the data and reported), ``beta`` = 0.5, ``epsilon`` = 1e-9, and ``ties``
= the number of regions with a dated adoption (on average one leader each). The answer
reports the gain of every chosen edge, so a user can look for the elbow.
"""

from __future__ import annotations

import heapq
import math
import statistics
from array import array
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from base.errors import BadInputError
from graph.store import Store
from loaders import regions as region_ref
from policygraph import dates
from policygraph.questions.common import require_batch

Cascade = Mapping[str, int]  # region id -> adoption day (date.toordinal())

METHOD = "netinf-exponential"
DEFAULT_BETA = 0.5
DEFAULT_EPSILON = 1e-9
DEFAULT_MIN_SCORE = 0.5
_SHIFT = 20  # support entries: cascade index << 20 | lag in days (lags capped at ~2,870 years)
_MASK = (1 << _SHIFT) - 1


@dataclass
class Tie:
    source: str
    target: str
    rank: int  # order of selection, 1 = first
    gain: float  # log-likelihood gain when chosen
    cascades: int  # cascades where source adopted before target
    explained: int = 0  # cascades where, in the final trees, source is target's parent
    lags: list[int] = field(default_factory=list)  # lags (days) in those explained cascades


@dataclass
class Inference:
    ties: list[Tie]
    alpha: float
    beta: float
    epsilon: float
    log_likelihood: float  # of all cascades under the final network
    log_likelihood_empty: float  # every adoption by epsilon


def _median_gap(cascades: Sequence[Cascade]) -> float | None:
    gaps = []
    for c in cascades:
        times = sorted(set(c.values()))
        gaps += [b - a for a, b in zip(times, times[1:], strict=False) if b > a]
    return statistics.median(gaps) if gaps else None


def netinf(cascades: Sequence[Cascade], ties: int, *, alpha: float | None = None, beta: float = DEFAULT_BETA,
           epsilon: float = DEFAULT_EPSILON) -> Inference:
    """NetInf with lazy greedy (CELF) over the given cascades; up to ``ties`` edges.
    Pure: no store. Deterministic (ties in gain broken by node ids)."""
    if alpha is None:
        gap = _median_gap(cascades)
        alpha = 1.0 / gap if gap else 1.0 / 30
    if alpha <= 0 or not 0 < beta <= 1 or not 0 < epsilon < 1:
        raise BadInputError("alpha must be > 0, beta in (0, 1], epsilon in (0, 1).", hint="Leave them at defaults.")
    log_eps = math.log(epsilon)
    base = math.log(beta) + math.log(alpha)

    def lw(lag: int) -> float:
        return base - alpha * lag

    # For every candidate edge, the (cascade, lag) pairs where it could explain an
    # adoption, packed as cascade << 20 | lag in a machine-int array: at national size
    # (364 regions x 56 cascades, ~2.4 million pairs) tuples would take ten times the memory.
    support: dict[tuple[str, str], array[int]] = defaultdict(lambda: array("q"))
    for ci, c in enumerate(cascades):
        items = sorted(c.items(), key=lambda kv: (kv[1], kv[0]))
        for i, (v, tv) in enumerate(items):
            for u, tu in items[:i]:
                if tu < tv:
                    support[(u, v)].append(ci << _SHIFT | min(tv - tu, _MASK))
    current: list[dict[str, float]] = [dict.fromkeys(c, log_eps) for c in cascades]
    empty = sum(len(c) for c in cascades) * log_eps

    def pairs(edge: tuple[str, str]) -> Iterator[tuple[int, int]]:
        for x in support[edge]:
            yield x >> _SHIFT, x & _MASK

    def gain(edge: tuple[str, str]) -> float:
        v = edge[1]
        return sum(max(0.0, lw(lag) - current[ci][v]) for ci, lag in pairs(edge))

    heap = [(-gain(e), e) for e in support]
    heapq.heapify(heap)
    chosen: list[Tie] = []
    parent: list[dict[str, tuple[str, int]]] = [{} for _ in cascades]
    while heap and len(chosen) < ties:
        neg, edge = heapq.heappop(heap)
        fresh = gain(edge)
        if heap and fresh < -heap[0][0] - 1e-12:
            heapq.heappush(heap, (-fresh, edge))  # stale bound: re-queue with its true gain
            continue
        if fresh <= 0:
            break
        u, v = edge
        for ci, lag in pairs(edge):
            w = lw(lag)
            if w > current[ci][v]:
                current[ci][v] = w
                parent[ci][v] = (u, lag)
        chosen.append(Tie(u, v, len(chosen) + 1, round(fresh, 4), len(support[edge])))
    by_edge = {(t.source, t.target): t for t in chosen}
    for tree in parent:
        for v, (u, lag) in tree.items():
            t = by_edge[(u, v)]
            t.explained += 1
            t.lags.append(lag)
    return Inference(chosen, alpha, beta, epsilon, round(sum(sum(c.values()) for c in current), 4), round(empty, 4))


def earliest_adopter_baseline(cascades: Sequence[Cascade], ties: int) -> list[tuple[str, str]]:
    """The naive reading: in each cascade the earliest adopter leads every later adopter;
    the ``ties`` pairs seen most often win (ties broken by ids)."""
    count: dict[tuple[str, str], int] = defaultdict(int)
    for c in cascades:
        if not c:
            continue
        first_t = min(c.values())
        firsts = sorted(r for r, t in c.items() if t == first_t)
        for f in firsts:
            for v, t in c.items():
                if t > first_t:
                    count[(f, v)] += 1
    ranked = sorted(count.items(), key=lambda kv: (-kv[1], kv[0]))
    return [e for e, _ in ranked[:ties]]


# -- from the graph ------------------------------------------------------------------------


def _day(value: Any) -> int | None:
    d = dates.day(value)
    return d.toordinal() if d else None


def cascades_from_store(store: Store, *, batch: int | None = None,
                        min_score: float = DEFAULT_MIN_SCORE,
                        include_deepened: bool = False) -> tuple[dict[str, dict[str, int]], dict[str, int]]:
    """Cascades (national measure id -> {region id: adoption day}) and counts of what was
    left out and why."""
    if batch is not None:
        require_batch(store, batch)
    nationals = store.read("panel_national", {"batch": batch})
    cascades: dict[str, dict[str, int]] = {n["national"]["id"]: {} for n in nationals}
    skipped = {"undated": 0, "deepened": 0, "low_score": 0, "no_region": 0}
    used = 0
    for a in store.read("panel_adoptions", {"batch": batch}):
        local, doc, link = a["local"], a["document"] or {}, a["adapts"] or {}
        rid = local.get("region_id") or doc.get("region_id")
        if not rid or rid == region_ref.COUNTRY_ID:
            skipped["no_region"] += 1
            continue
        if (link.get("score") or 0) < min_score:
            skipped["low_score"] += 1
            continue
        if local.get("status") == "deepened" and not include_deepened:
            skipped["deepened"] += 1
            continue
        day = _day(doc.get("date")) or _day(local.get("date"))
        if day is None:
            skipped["undated"] += 1
            continue
        c = cascades.setdefault(a["national_id"], {})
        if rid not in c or day < c[rid]:
            c[rid] = day
        used += 1
    return cascades, {"adoptions_used": used, **{f"skipped_{k}": v for k, v in skipped.items()}}


def _name(region_id: str) -> str | None:
    rec = region_ref.get(region_id)
    return rec.name if rec else None


def infer(store: Store, *, batch: int | None = None, ties: int | None = None, alpha: float | None = None,
          beta: float = DEFAULT_BETA, epsilon: float = DEFAULT_EPSILON,
          min_score: float = DEFAULT_MIN_SCORE) -> dict[str, Any]:
    """The inferred diffusion network as JSON-ready data: ``edges`` (source -> target, the
    leader first) with their scores, the parameters and what went in."""
    if ties is not None and ties < 1:
        raise BadInputError(f"ties={ties} must be at least 1.", hint="Leave it out for one tie per region.")
    cascades, inputs = cascades_from_store(store, batch=batch, min_score=min_score)
    used = [c for c in cascades.values() if len(c) >= 2]
    regions = sorted({r for c in cascades.values() for r in c})
    k = ties if ties is not None else len(regions)
    result = netinf(used, k, alpha=alpha, beta=beta, epsilon=epsilon)
    edges = [{
        "source": t.source, "source_name": _name(t.source), "target": t.target, "target_name": _name(t.target),
        "rank": t.rank, "gain": t.gain, "cascades": t.cascades, "explained": t.explained,
        "median_lag_days": statistics.median(t.lags) if t.lags else None,
    } for t in result.ties]
    return {
        "method": METHOD,
        "reference": "Gomez-Rodriguez, Leskovec & Krause 2010 (NetInf); Desmarais, Harden & Boehmke 2015 "
                     "(policy diffusion networks)",
        "scope": {"batch": batch} if batch is not None else {"all": True},
        "parameters": {"ties": k, "alpha_per_day": round(result.alpha, 6), "beta": beta, "epsilon": epsilon,
                       "min_score": min_score, "ties_default": ties is None},
        "inputs": {**inputs, "cascades": len(cascades), "cascades_used": len(used), "regions": len(regions)},
        "log_likelihood": result.log_likelihood,
        "log_likelihood_empty": result.log_likelihood_empty,
        "nodes": [{"id": r, "name": _name(r), "adoptions": sum(1 for c in cascades.values() if r in c)}
                  for r in regions],
        "edges": edges,
    }


EDGE_COLUMNS = ("source", "source_name", "target", "target_name", "rank", "gain", "cascades", "explained",
                "median_lag_days")


def to_networkx(result: Mapping[str, Any]) -> nx.DiGraph:
    g = nx.DiGraph(name="policygraph diffusion network", method=result["method"])
    for n in result["nodes"]:
        g.add_node(n["id"], label=n["name"] or n["id"], adoptions=n["adoptions"])
    for e in result["edges"]:
        attrs = {k: e[k] for k in ("rank", "gain", "cascades", "explained")}
        if e["median_lag_days"] is not None:
            attrs["median_lag_days"] = float(e["median_lag_days"])
        g.add_edge(e["source"], e["target"], id=f"t{e['rank']}", **attrs)
    return g


def graphml_chunks(result: Mapping[str, Any]) -> Iterator[str]:
    yield '<?xml version="1.0" encoding="utf-8"?>\n'
    for line in nx.generate_graphml(to_networkx(result), edge_id_from_attribute="id"):
        yield line + "\n"


def csv_chunks(result: Mapping[str, Any], *, bom: bool = False) -> Iterator[str]:
    from policygraph.exports import csv_chunks as _csv

    return _csv(EDGE_COLUMNS, result["edges"], bom=bom)
