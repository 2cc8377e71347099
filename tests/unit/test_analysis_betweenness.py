"""analysis.betweenness: per-component betweenness equals networkx's whole-graph figure."""

from __future__ import annotations

import networkx as nx
import pytest

from policygraph.analysis import betweenness


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


def test_tiny_graphs() -> None:
    assert betweenness(nx.path_graph(2)) == {0: 0.0, 1: 0.0}
    assert betweenness(nx.Graph()) == {}
