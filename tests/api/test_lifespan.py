"""One store per process: the lifespan opens it once and closes it; an unusable store
makes /api/health (and everything else) answer 503 with the reason, not crash."""

from __future__ import annotations

import dataclasses

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from base.config import Settings

pytestmark = [pytest.mark.api, pytest.mark.store]


def test_unusable_store_gives_503_with_reason(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    settings = dataclasses.replace(Settings.from_env(blocker / "data"), neo4j_uri=None)
    with TestClient(create_app(settings)) as c:
        for url in ("/api/health", "/api/measures?q=科技", "/api/who-leads?measure=1&region=广东"):
            r = c.get(url)
            assert r.status_code == 503, r.text
            body = r.json()
            assert set(body) == {"error", "message", "hint"} and body["error"] == "store_unavailable"
            assert "data directory" in body["message"]


class CountingStore:
    """Stands in for graph.open_store's result: counts opens and closes."""

    backend = "falkordb"
    opened = 0
    closed = 0

    def __init__(self) -> None:
        CountingStore.opened += 1

    def info(self) -> dict:
        return {"backend": self.backend}

    def read(self, name: str, params: dict | None = None) -> list:
        return []  # /api/health asks for documents still link_pending: none here

    def close(self) -> None:
        CountingStore.closed += 1


def test_lifespan_opens_one_store_and_closes_it(monkeypatch, tmp_path):
    import graph

    monkeypatch.setattr(graph, "open_store", lambda settings: CountingStore())
    app = create_app(dataclasses.replace(Settings.from_env(tmp_path), neo4j_uri=None))
    with TestClient(app) as c:
        for _ in range(5):
            assert c.get("/api/health").json()["status"] == "ok"
        assert CountingStore.opened == 1 and CountingStore.closed == 0
    assert CountingStore.closed == 1 and app.state.store is None


def test_borrowed_store_is_not_closed(api_store, tmp_path):
    with TestClient(create_app(Settings.from_env(tmp_path), store=api_store)) as c:
        assert c.get("/api/health").status_code == 200
    assert api_store.read("document_count")[0]["total"] >= 5  # still open and usable
