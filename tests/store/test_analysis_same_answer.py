"""analysis.diffusion (flat reads, no networkx graph) gives the answer the graph-built
code gave (tests/store/analysis_reference.py, commit 82851a2), figure for figure and key
for key, on the real store:

* the five samples plus a dated Guangzhou plan, then the same graph with the cases the
  samples lack written in: a local measure adapting two national measures of different
  dates (the graph keeps the lag from the last one), a local measure whose region is not
  in the graph, an adoption with no department relation, a document without a date;
* a generated corpus (bench.generate) of three batches, every scope.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.generate import generate
from graph.falkor import FalkorStore
from policygraph import analysis, linking
from policygraph.core import PolicyGraph
from tests.store import analysis_reference
from tests.store.test_timeline import NOTICE, guangzhou_graph

pytestmark = pytest.mark.store


def _same(store: FalkorStore, **scope: Any) -> dict[str, Any]:
    got = analysis.diffusion(store, **scope)
    want = analysis_reference.diffusion(store, **scope)
    assert got == want, scope
    # the same keys in the same order (the JSON a client sees)
    assert json.dumps(got, ensure_ascii=False) == json.dumps(want, ensure_ascii=False)
    return got


def _national_ids(store: FalkorStore) -> list[str]:
    return [r["id"] for r in store.read("analysis_national_ids", {"batch_id": None})]


@pytest.fixture(scope="module")
def samples(store, sample_paths, tmp_path_factory) -> Iterator[FalkorStore]:
    yield from guangzhou_graph(store, sample_paths, tmp_path_factory, "t_same")


def test_same_answer_on_the_samples(samples: FalkorStore) -> None:
    d = _same(samples, batch=3)
    assert d["national_measures"] == 20 and d["departments"]
    # the samples' projection is small: some betweenness is non-zero and was computed
    assert any(x["betweenness"] > 0 for x in d["departments"])
    _same(samples)
    for mid in _national_ids(samples):
        _same(samples, measure_id=mid)
    _same(samples, measure_id="file:guangdong-third-batch-plan/一.1")  # a local measure as the scope


def test_same_answer_where_the_graph_overwrites(samples: FalkorStore) -> None:
    g = samples._graph
    # Guangzhou's measure 1 adapts /2; make it adapt /5 too, and date /5 later than the
    # notice: the local node's lag comes from whichever national measure is built last.
    local = g.query("MATCH (l:Measure)-[:ADAPTS]->(:Measure {id: $n}) WHERE l.document_id = $d RETURN l.id",
                    {"n": f"{NOTICE}/2", "d": "穗府办〔2020〕12号"}).result_set[0][0]
    g.query("MATCH (l:Measure {id: $l}), (n:Measure {id: $n}) MERGE (l)-[a:ADAPTS]->(n) "
            "SET a.score = 0.5, a.method = 'test'", {"l": local, "n": f"{NOTICE}/5"})
    g.query("MATCH (n:Measure {id: $n}) SET n.date = '2020-03-01'", {"n": f"{NOTICE}/5"})
    # a local measure in a region the graph does not hold, and an adoption with no relation
    g.query("MATCH (l:Measure)-[a:ADAPTS]->(:Measure {id: $n}) WHERE l.document_id STARTS WITH 'file:hebei' "
            "SET l.region_id = '999999' REMOVE a.dept_relation", {"n": f"{NOTICE}/3"})
    # a document without a date: its measures are dated by their own date, if any
    g.query("MATCH (d:Document {id: $d}) REMOVE d.date", {"d": "穗府办〔2020〕12号"})
    d = _same(samples, batch=3)
    assert "unknown" in d["dept_relations"]
    _same(samples)
    for mid in (f"{NOTICE}/2", f"{NOTICE}/3", f"{NOTICE}/5"):
        _same(samples, measure_id=mid)


@pytest.fixture(scope="module")
def generated(store, tmp_path_factory) -> Iterator[FalkorStore]:
    pytest.importorskip("loaders.extract")
    root: Path = tmp_path_factory.mktemp("gen")
    generate(60, root)
    s = FalkorStore(store.server.data_dir, graph_name=f"t_same_gen_{uuid.uuid4().hex[:10]}")
    s.ensure_schema()
    report = PolicyGraph(s, relink=linking.relink).load(sorted(p for p in (root / "docs").rglob("*") if p.is_file()))
    assert report.failed == 0, report.errors
    yield s
    s.delete_graph()
    s.close()


def test_same_answer_on_a_generated_corpus(generated: FalkorStore) -> None:
    batches = sorted({r["number"] for r in generated.read("batch_list")})
    assert batches == [1, 2, 3]
    for b in batches:
        d = _same(generated, batch=b)
        assert d["adopted_measures"] > 0 and len(d["departments"]) == 20
    _same(generated)
    for mid in _national_ids(generated)[::7]:
        _same(generated, measure_id=mid)
