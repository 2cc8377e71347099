"""api.warmup asks the common questions once after a start; it must work on an empty graph
and on a loaded one, and read only."""

from __future__ import annotations

from api import warmup
from api.pages import templates


def test_warm_on_the_samples_reads_only(loaded_store) -> None:
    before = [loaded_store.read(q) for q in ("graph_version", "stats_labels", "stats_relationships")]
    assert warmup.warm(loaded_store, templates) > 0
    assert [loaded_store.read(q) for q in ("graph_version", "stats_labels", "stats_relationships")] == before


def test_warm_on_an_empty_graph(fresh_store) -> None:
    assert warmup.warm(fresh_store) >= 0


def test_start_logs_and_never_raises(fresh_store, caplog) -> None:
    class Broken:
        def read(self, *a, **k):
            raise RuntimeError("store gone")

    warmup.start(Broken()).join(5)  # type: ignore[arg-type]
    assert any("warm-up skipped" in r.getMessage() for r in caplog.records)

