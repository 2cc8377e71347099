"""A load is done only when its linking is done; shared nodes do not depend on load order.

In-process counterparts of tests/faults/test_kill_sweep.py (which stops the real CLI):
here the linking pass is cut short by an exception at a chosen document, as a stop
would leave it, and the next load or ``repair`` must finish it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from graph.falkor import FalkorStore
from graph.store import Store
from graph.writer import write_extraction
from loaders.records import Evidence
from policygraph import linking
from policygraph.core import PolicyGraph
from tests.faults.conftest import diff_summary, normalised_export
from tests.store import records as R

pytestmark = pytest.mark.store


class Cut(Exception):
    """Stands for the process being stopped in the middle of linking."""


def cut_after(n: int) -> Any:
    """A relink that stops after n documents' linking statements committed."""

    def relink(store: Store, ids: Sequence[str]) -> Any:
        class Counting:
            backend = store.backend

            def __init__(self) -> None:
                self.n = 0

            def read(self, *a: Any, **k: Any) -> Any:
                return store.read(*a, **k)

            def write(self, statements: Any) -> Any:
                if any(st.name == "link_document_apply" for st in statements):
                    if self.n >= n:
                        raise Cut
                    self.n += 1
                return store.write(statements)

        return linking.relink(Counting(), ids)  # type: ignore[arg-type]

    return relink


def test_load_stopped_during_linking_is_finished_by_the_next_load(
        fresh_store: FalkorStore, sample_paths: list[Path], store: FalkorStore) -> None:
    clean = PolicyGraph(fresh_store).load(sample_paths)
    assert clean.failed == 0 and PolicyGraph(fresh_store).stats()["unfinished_links"] == 0
    ref = normalised_export(fresh_store)
    fresh_store.delete_graph()
    fresh_store.ensure_schema()

    with pytest.raises(Cut):
        PolicyGraph(fresh_store, relink=cut_after(1)).load(sample_paths)
    pg = PolicyGraph(fresh_store)
    unfinished = pg.unfinished_links()
    assert len(unfinished) == 5  # every document written, none of their linking finished
    assert pg.stats()["unfinished_links"] == 5
    assert normalised_export(fresh_store) != ref  # ADAPTS are missing: the bug the issue saw

    again = pg.load(sample_paths)
    assert again.unchanged == 5 and again.loaded == 0
    assert again.resumed == unfinished  # relinked although every file was unchanged
    got = normalised_export(fresh_store)
    assert got == ref, diff_summary(got[0] + got[1], ref[0] + ref[1])
    assert pg.stats()["unfinished_links"] == 0


def test_repair_finishes_a_stopped_load(fresh_store: FalkorStore, sample_paths: list[Path]) -> None:
    PolicyGraph(fresh_store).load(sample_paths)
    ref = normalised_export(fresh_store)
    fresh_store.delete_graph()
    fresh_store.ensure_schema()
    with pytest.raises(Cut):
        PolicyGraph(fresh_store, relink=cut_after(0)).load(sample_paths)
    pg = PolicyGraph(fresh_store)
    assert pg.repair() is not None
    assert normalised_export(fresh_store) == ref
    assert pg.unfinished_links() == [] and pg.repair() is None  # nothing left to do


def test_writer_alone_leaves_documents_pending(fresh_store: FalkorStore) -> None:
    """Without the linking hook a load is not finished, and stats says so."""
    pg = PolicyGraph(fresh_store, relink=None)
    write_extraction(fresh_store, R.national())
    assert pg.unfinished_links() == [R.NATIONAL_ID]
    assert pg.stats()["unfinished_links"] == 1


# -- item 8: department fields do not depend on load order ------------------------------------


def _departments(store: FalkorStore) -> list[Any]:
    return store.run_readonly_cypher("MATCH (d:Department) RETURN d.id, properties(d) ORDER BY d.id",
                                     timeout_ms=5000, limit=100_000)[1]


def test_department_fields_do_not_depend_on_load_order(store: FalkorStore) -> None:
    """Two documents name the same department with different spellings and different
    evidence for its canonical name: either load order gives the same node."""
    def a() -> Any:
        ex = R.national()
        dep = ex.departments[1]  # 100000/科学技术部
        dep.printed_names = ["科技部"]
        dep.canonical = Evidence(method="alias-table", score=0.9, evidence="科技部")
        return ex

    def b() -> Any:
        ex = R.local()
        ex.departments.append(a().departments[1].model_copy(update={
            "printed_names": ["国家科技部", "科学技术部"],
            "canonical": Evidence(method="full-name", score=1.0, evidence="科学技术部")}))
        ex.leads.append(ex.leads[0].model_copy(update={"department_id": "100000/科学技术部"}))
        return ex

    results = []
    for order in ((a, b), (b, a)):
        s = FalkorStore(store.server.data_dir, graph_name=f"order_{order[0].__name__}")
        try:
            s.ensure_schema()
            for make in order:
                write_extraction(s, make())
            results.append(_departments(s))
        finally:
            s.delete_graph()
            s.close()
    assert results[0] == results[1]
    dep = dict(results[0])["100000/科学技术部"]
    assert dep["printed_names"] == sorted(["科技部", "国家科技部", "科学技术部"])
    assert (dep["canonical_method"], dep["canonical_score"], dep["canonical_evidence"]) == (
        "full-name", 1.0, "科学技术部")  # the best evidence seen, whoever came first


def test_samples_in_two_orders_give_the_same_graph(store: FalkorStore, sample_paths: list[Path]) -> None:
    """Loading the samples one file at a time, forwards and backwards, gives the same
    graph. One known difference is left out: a plan dated before a national list that
    arrives later keeps its link_note count of "later ones excluded" from when it was
    linked (linking does not revisit plans dated before a new national list, since their
    links cannot change)."""
    import json

    def without_link_note(lines: list[str]) -> list[str]:
        out = []
        for x in lines:
            d = json.loads(x)
            d.get("p", {}).pop("link_note", None)
            out.append(json.dumps(d, ensure_ascii=False, sort_keys=True))
        return sorted(out)

    exports = []
    for name, paths in (("fwd", sample_paths), ("rev", sample_paths[::-1])):
        s = FalkorStore(store.server.data_dir, graph_name=f"order_{name}")
        try:
            s.ensure_schema()
            pg = PolicyGraph(s)
            for p in paths:  # one file per load: the order documents reach the graph
                assert pg.load([p]).failed == 0
            nodes, rels = normalised_export(s)
            exports.append((without_link_note(nodes), rels))
        finally:
            s.delete_graph()
            s.close()
    (n1, r1), (n2, r2) = exports
    assert n1 == n2, diff_summary(n1, n2)
    assert r1 == r2, diff_summary(r1, r2)
