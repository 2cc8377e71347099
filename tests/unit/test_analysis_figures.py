"""The pure parts of analysis.diffusion: department ranking (against networkx on the whole
projection, the way the figures were computed before), the rounding bound that lets it
skip betweenness, adoption depth, and the parallel-list check."""

from __future__ import annotations

import random
from collections import Counter
from typing import Any

import networkx as nx
import pytest
from networkx.algorithms import bipartite

from base.errors import QueryError
from policygraph.analysis import _parallel, adoption_depth, could_round_above_zero, rank_departments
from tests.store.analysis_reference import betweenness, department_centrality


def _networkx_ranking(members: dict[Any, set[str]], top: int = 20) -> list[dict[str, Any]]:
    """The ranking computed the old way: bipartite graph, weighted projection, the
    betweenness of every department (networkx, a component at a time: the same figure as
    networkx's whole-graph call, tested below, in a fraction of the time), all ranked."""
    b = nx.Graph()
    deps = sorted({d for ds in members.values() for d in ds})
    b.add_nodes_from(deps, bipartite=0)
    for m, ds in members.items():
        b.add_node(("m", m), bipartite=1)
        b.add_edges_from((d, ("m", m)) for d in ds)
    proj = bipartite.weighted_projected_graph(b, deps)
    between = betweenness(proj)
    out = [{"id": d, "measures": b.degree(d), "betweenness": round(between[d], 4), "partners": proj.degree(d)}
           for d in deps]
    out.sort(key=lambda x: (-x["measures"], -x["betweenness"], x["id"]))
    return out[:top]


def _regions(rng: random.Random, regions: int, per_region: int, measures: int, share: float = 0.0,
             ) -> dict[Any, set[str]]:
    """Measures led by departments of one region each (the real shape: the projection is
    one small component a region), ``share`` of them also naming a department elsewhere."""
    members: dict[Any, set[str]] = {}
    for r in range(regions):
        deps = [f"{r:04d}/d{i}" for i in range(per_region)]
        for k in range(measures):
            ds = set(rng.sample(deps, rng.randint(1, min(4, per_region))))
            if rng.random() < share:
                ds.add(f"{rng.randrange(regions):04d}/d{rng.randrange(per_region)}")
            members[("local", f"{r}/{k}")] = ds
    return members


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_per_component_betweenness_equals_networkx(seed: int) -> None:
    # Several components of different shapes and sizes, isolated nodes and pairs included.
    g = nx.disjoint_union_all([nx.gnp_random_graph(12, 0.3, seed=seed), nx.path_graph(5), nx.star_graph(6),
                               nx.complete_graph(4), nx.empty_graph(3), nx.path_graph(2)])
    want = nx.betweenness_centrality(g)
    got = betweenness(g)
    assert set(got) == set(want)
    assert all(got[k] == pytest.approx(want[k], abs=1e-12) for k in want)
    assert max(want.values()) > 0  # the graphs do have brokers


@pytest.mark.parametrize("seed", range(6))
def test_ranking_equals_networkx_on_small_projections(seed: int) -> None:
    # Few departments: betweenness prints non-zero and decides ties.
    rng = random.Random(seed)
    members = _regions(rng, regions=3, per_region=7, measures=6, share=0.3)
    members[("national", "n1")] = {"0000/d0", "0001/d0", "0002/d0"}  # a guide crossing regions
    want = _networkx_ranking(members)
    assert rank_departments(members) == want
    assert any(x["betweenness"] > 0 for x in want)


@pytest.mark.parametrize("top", [1, 5, 20, 200])
def test_ranking_equals_networkx_on_many_components(top: int) -> None:
    # Many regions: no betweenness can print above 0.0, every tie falls to the id.
    members = _regions(random.Random(7), regions=150, per_region=9, measures=8)
    assert not could_round_above_zero(9, 150 * 9)
    assert rank_departments(members, top) == _networkx_ranking(members, top)


def test_ranking_equals_networkx_with_one_large_component() -> None:
    # One big connected region among many small ones: its betweenness must be computed.
    rng = random.Random(11)
    members = _regions(rng, regions=300, per_region=5, measures=4)
    hub = [f"big/d{i}" for i in range(120)]
    for k in range(400):
        members[("local", f"big/{k}")] = set(rng.sample(hub, 2)) | ({"big/d0"} if k % 3 == 0 else set())
    want = _networkx_ranking(members)
    assert any(x["betweenness"] > 0 for x in want)
    assert rank_departments(members) == want


def test_ranking_of_nothing_and_of_tiny_graphs() -> None:
    assert rank_departments({}) == []
    assert rank_departments({"m": {"a"}}) == [{"id": "a", "measures": 1, "betweenness": 0.0, "partners": 0}]
    got = rank_departments({"m": {"a", "b"}, "k": {"b"}})
    assert got == [{"id": "b", "measures": 2, "betweenness": 0.0, "partners": 1},
                   {"id": "a", "measures": 1, "betweenness": 0.0, "partners": 1}]


def test_round_bound() -> None:
    # a star's centre reaches the bound exactly: (c-1)(c-2)/((n-1)(n-2))
    for c, n in [(3, 3), (10, 10), (5, 40), (30, 500)]:
        star = nx.disjoint_union(nx.star_graph(c - 1), nx.empty_graph(n - c))
        centre = nx.betweenness_centrality(star)[0]
        assert centre == pytest.approx((c - 1) * (c - 2) / ((n - 1) * (n - 2)))
        assert could_round_above_zero(c, n) == (round(centre, 4) > 0 or centre >= 4e-5)
    assert not could_round_above_zero(2, 1000)  # nobody lies between two nodes
    assert not could_round_above_zero(30, 46000)  # the 10,000-document shape
    assert could_round_above_zero(400, 46000)


def test_adoption_depth() -> None:
    parents = {"city": ["prov"], "prov": ["country"], "county": ["city"], "other": ["prov"]}
    assert adoption_depth(set(), parents) == 0
    assert adoption_depth({"city"}, parents) == 1
    assert adoption_depth({"city", "prov"}, parents) == 2
    # a non-adopting region in between does not break the chain
    assert adoption_depth({"county", "prov"}, parents) == 2
    assert adoption_depth({"county", "city", "prov", "country"}, parents) == 4
    assert adoption_depth({"other", "city"}, parents) == 1
    # two parents (a region listed under two), the longer chain counts
    assert adoption_depth({"x", "a", "b", "c"}, {"x": ["a", "b"], "b": ["c"]}) == 3


def test_parallel_lists_must_line_up() -> None:
    assert _parallel({"a": ["1", "2"], "b": ["x", "y"]}, "a", "b") == [["1", "2"], ["x", "y"]]
    assert _parallel({"a": None, "b": []}, "a", "b") == [[], []]
    with pytest.raises(QueryError, match="collect"):
        _parallel({"national_id": "n", "a": ["1", "2"], "b": ["x"]}, "a", "b")


def test_networkx_reference_is_what_the_old_code_computed() -> None:
    # The reference above ranks like the old department_centrality (tests/store/analysis_reference.py)
    # on a graph where roles do not matter: the same measures, partners and betweenness.
    members = _regions(random.Random(3), regions=2, per_region=6, measures=5, share=0.5)
    g = nx.DiGraph()
    for m, ds in members.items():
        g.add_node(m, kind="local")
        for d in ds:
            g.add_node(("department", d), kind="department", name=d, line=None)
            g.add_edge(("department", d), m, type="LEADS", role="lead")
    old = [{k: x[k] for k in ("id", "measures", "betweenness", "partners")} for x in department_centrality(g)]
    assert old == _networkx_ranking(members)
    assert Counter(x["measures"] for x in old)
