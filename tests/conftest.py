"""Shared fixtures: a real embedded FalkorDB store in a temporary data directory.

- ``store_dir``: the session's data directory (one FalkorDB server for the session).
- ``store``: the session store, schema in place. Read-mostly; tests that change the
  graph use ``fresh_store`` instead.
- ``fresh_store``: a new, empty graph (own graph name) on the same server, dropped
  after the test. Cheap: no new server.
- ``loaded_store``: the session store with the five samples loaded through
  PolicyGraph.load, ADAPTS linked by policygraph.linking.relink (read-only use!).
- ``sample_paths``: the five sample files.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from base.config import SAMPLES_DIR


@pytest.fixture(scope="session")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pgdata")


@pytest.fixture(scope="session")
def store(store_dir: Path) -> Iterator:
    from graph.falkor import FalkorStore

    s = FalkorStore(store_dir)
    s.ensure_schema()
    yield s
    s.close()


@pytest.fixture
def fresh_store(store) -> Iterator:  # noqa: ARG001 - depends on the session server being up
    from graph.falkor import FalkorStore

    s = FalkorStore(store.server.data_dir, graph_name=f"t_{uuid.uuid4().hex[:10]}")
    s.ensure_schema()
    yield s
    s.delete_graph()
    s.close()


@pytest.fixture(scope="session")
def sample_paths() -> list[Path]:
    paths = sorted(SAMPLES_DIR.glob("*.txt"))
    assert len(paths) == 5, paths
    return paths


@pytest.fixture(scope="session")
def loaded_store(store, sample_paths: list[Path]):
    """The session store with the five samples loaded (once per session)."""
    load_samples(store, sample_paths)
    return store


def load_samples(store, paths: list[Path]):  # type: ignore[no-untyped-def]
    """Load the samples through the real core object, with the real linking pass."""
    from policygraph.core import PolicyGraph
    from policygraph.linking import relink

    report = PolicyGraph(store, relink=relink).load(paths)
    assert report.failed == 0, [f.error for f in report.errors]
    return report
