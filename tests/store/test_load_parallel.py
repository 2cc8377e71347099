"""A parallel load writes the graph a sequential load writes (policygraph.workpool).

Workers parse the files and plan the links; the main process writes in the files' order.
Same files, two empty graphs on the real FalkorDB server, one load with ``workers=1`` and
one with ``workers=2``: every node and relationship, with every property except the load
time, must be the same. The corpus holds a renamed copy of one plan (the first file is
the one kept: order matters) and an unreadable file (a failure in a worker is reported
like one in the main process).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.generate import generate
from graph.falkor import FalkorStore
from policygraph.core import FileReport, PolicyGraph
from tests.faults.conftest import diff_summary, normalised_export

pytestmark = pytest.mark.store


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("parallel")
    generate(48, root)
    docs = root / "docs"
    plans = sorted(p for p in docs.rglob("*") if p.is_file() and "national" not in p.name)
    shutil.copy(plans[3], docs / f"zz-copy-of-{plans[3].name}")  # a duplicate, loaded after its original
    (docs / "zz-empty.txt").write_text("  \n", encoding="utf-8")  # unreadable
    return docs


def _graph(store: FalkorStore) -> Iterator[FalkorStore]:
    store.ensure_schema()
    yield store
    store.delete_graph()
    store.close()


@pytest.fixture
def graphs(store: FalkorStore) -> Iterator[tuple[FalkorStore, FalkorStore]]:
    a = FalkorStore(store.server.data_dir, graph_name="t_sequential")
    b = FalkorStore(store.server.data_dir, graph_name="t_parallel")
    ga, gb = _graph(a), _graph(b)
    yield next(ga), next(gb)
    for g in (ga, gb):
        next(g, None)


def _report(r: Any) -> dict[str, Any]:
    d = r.to_dict()
    return {"totals": d["totals"], "quality": d["quality"],
            "files": [{k: v for k, v in f.items() if k != "path"} | {"name": Path(f["path"]).name}
                      for f in d["files"]],
            "link": json.dumps(d["link"], sort_keys=True, ensure_ascii=False, default=str)}


def test_parallel_load_writes_the_sequential_graph(corpus: Path, graphs: tuple[FalkorStore, FalkorStore]) -> None:
    seq_store, par_store = graphs
    streamed: list[FileReport] = []
    seq = PolicyGraph(seq_store).load([corpus], workers=1)
    par = PolicyGraph(par_store).load([corpus], workers=2, on_file=streamed.append)

    assert seq.total == par.total == len(streamed) > 40
    assert par.duplicates == seq.duplicates == 1 and par.failed == seq.failed == 1
    assert par.exit_code == seq.exit_code == 2
    assert _report(par) == _report(seq)
    assert [f.status for f in streamed] == [f.status for f in seq.files]
    assert par.link.linked == seq.link.linked > 100

    nodes_a, rels_a = normalised_export(seq_store)
    nodes_b, rels_b = normalised_export(par_store)
    assert len(nodes_a) == len(nodes_b) and len(rels_a) == len(rels_b)
    assert nodes_a == nodes_b, diff_summary(nodes_a, nodes_b)
    assert rels_a == rels_b, diff_summary(rels_a, rels_b)
    adapts = [r for r in rels_b if json.loads(r)["t"] == "ADAPTS"]
    assert len(adapts) == par.link.linked  # the sample of properties: every ADAPTS score and diff
    assert all("score" in json.loads(r)["p"] and "reuse_ratio" in json.loads(r)["p"] for r in adapts)


def test_a_report_without_files_keeps_the_totals(corpus: Path, graphs: tuple[FalkorStore, FalkorStore]) -> None:
    seq_store, _ = graphs
    full = PolicyGraph(seq_store).load([corpus])
    seq_store.write([])  # nothing: the graph is reloaded below, every file now unchanged or duplicate
    lean = PolicyGraph(seq_store).load([corpus], workers=2, keep_files=False)
    assert lean.files == [] and lean.total == full.total
    assert lean.unchanged == full.loaded and lean.duplicates == 1 and lean.failed == 1
    assert [f.path for f in lean.errors] == [f.path for f in full.errors]
    assert lean.failed_by_reason == {"bad_input": 1} and lean.exit_code == 2
