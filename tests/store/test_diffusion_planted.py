"""End to end (issue 11.2): a corpus with a planted diffusion network, through the real
loader and linking, and the ties NetInf reads back from the graph."""

from __future__ import annotations

import pytest

from bench.generate import generate_planted
from policygraph import diffusion_network as dn
from policygraph.core import PolicyGraph
from policygraph.linking import relink

pytestmark = pytest.mark.store


def test_planted_network_is_recovered_from_the_graph(fresh_store, tmp_path):
    m = generate_planted(tmp_path / "corpus", 11, regions=8, leaders=2, followers=2, lag_days=30.0)
    again = generate_planted(tmp_path / "again", 11, regions=8, leaders=2, followers=2, lag_days=30.0)
    assert again["planted"] == m["planted"]  # deterministic
    truth = {tuple(t) for t in m["planted"]["ties"]}
    assert len(truth) == 4
    report = PolicyGraph(fresh_store, relink=relink).load([tmp_path / "corpus" / "docs"])
    assert report.failed == 0
    result = dn.infer(fresh_store, ties=len(truth))
    assert result["inputs"]["adoptions_used"] == len(m["planted"]["adoptions"])
    got = {(e["source"], e["target"]) for e in result["edges"]}
    assert len(got & truth) >= 3
    cascades, _ = dn.cascades_from_store(fresh_store)
    naive = set(dn.earliest_adopter_baseline([c for c in cascades.values() if len(c) > 1], len(truth)))
    assert len(got & truth) >= len(naive & truth)
    assert all(e["source_name"] and e["gain"] > 0 for e in result["edges"])
    # one batch only
    b3 = dn.infer(fresh_store, batch=3, ties=2)
    assert b3["scope"] == {"batch": 3} and len(b3["edges"]) <= 2
