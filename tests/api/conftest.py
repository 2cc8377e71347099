"""API fixtures: the five samples loaded and linked in their own graph, and clients.

``api_store`` loads the samples into a graph of its own (``api_samples``) on the session's
FalkorDB server, through PolicyGraph.load with the ADAPTS relink hook, exactly as
``POST /api/load`` and ``policygraph load`` do. Its own graph so that tests here which
load again (POST /api/load) or write (console refusal checks) never touch other suites'
graph.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from base.config import Settings

TOKEN = "test-token-7f3a"


@pytest.fixture(scope="session")
def api_store(store, sample_paths: list[Path]) -> Iterator:
    pytest.importorskip("loaders.extract", reason="loaders.extract is not written yet")
    from graph.falkor import FalkorStore
    from policygraph.core import PolicyGraph
    from policygraph.linking import relink

    s = FalkorStore(store.server.data_dir, graph_name="api_samples")
    s.delete_graph()
    s.ensure_schema()
    report = PolicyGraph(s, relink=relink).load(sample_paths)
    assert report.failed == 0, report.to_dict()
    yield s
    s.delete_graph()
    s.close()


def make_settings(data_dir: Path, **changes) -> Settings:
    base = Settings.from_env(data_dir)
    defaults = {"token": None, "console": False}  # the environment must not leak into tests
    return dataclasses.replace(base, **(defaults | changes))


def make_client(api_store, **changes) -> TestClient:
    from api.app import create_app

    settings = make_settings(api_store.server.data_dir, **changes)
    return TestClient(create_app(settings, store=api_store), raise_server_exceptions=False)


@pytest.fixture(scope="session")
def client(api_store) -> TestClient:
    """Default settings: console off, no token. Server exceptions become responses, so a
    500 is seen as a 500 (and fails the never-500 tests) rather than as a raise."""
    return make_client(api_store)


@pytest.fixture(scope="session")
def console_client(api_store) -> TestClient:
    return make_client(api_store, console=True, console_row_limit=5)


@pytest.fixture(scope="session")
def token_client(api_store) -> TestClient:
    return make_client(api_store, token=TOKEN)
