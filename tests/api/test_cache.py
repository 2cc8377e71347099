"""The API's answer cache (api/cache.py): keyed by the graph's version, which
policygraph.core replaces after every load that changes something, every delete and
every reset, so no answer outlives the graph it was computed from."""

from __future__ import annotations

from typing import Any

from api.cache import AnswerCache, graph_version
from base.config import SAMPLES_DIR
from graph.writer import bump_graph_version
from policygraph.core import PolicyGraph
from tests.api.conftest import make_client

N = "国办发〔2020〕3号"


class VersionStore:
    """Only the graph_version query: the cache needs nothing else."""

    backend = "falkordb"

    def __init__(self) -> None:
        self.version: str | None = "a"

    def read(self, name: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        assert name == "graph_version"
        return [{"version": self.version}]


def test_cache_hits_until_the_version_changes_and_evicts_least_recent() -> None:
    store, cache, calls = VersionStore(), AnswerCache(2, check_s=0), []

    def compute(x: str) -> dict[str, str]:
        calls.append(x)
        return {"x": x}

    assert cache.get(store, ("q", 1), lambda: compute("one")) == {"x": "one"}  # type: ignore[arg-type]
    assert cache.get(store, ("q", 1), lambda: compute("again")) == {"x": "one"}  # type: ignore[arg-type]
    store.version = "b"
    assert cache.get(store, ("q", 1), lambda: compute("new")) == {"x": "new"}  # type: ignore[arg-type]
    cache.get(store, ("q", 2), lambda: compute("two"))  # type: ignore[arg-type]
    cache.get(store, ("q", 3), lambda: compute("three"))  # type: ignore[arg-type]  # evicts ("q", 1)
    cache.get(store, ("q", 1), lambda: compute("evicted"))  # type: ignore[arg-type]
    assert calls == ["one", "new", "two", "three", "evicted"]
    assert cache.stats()["entries"] == 2


def test_cache_off_computes_every_time() -> None:
    store, cache, calls = VersionStore(), AnswerCache(0), []
    for _ in range(3):
        cache.get(store, ("q",), lambda: calls.append(1))  # type: ignore[arg-type]
    assert len(calls) == 3


def test_load_delete_and_reset_change_the_version(fresh_store) -> None:
    pg = PolicyGraph(fresh_store)
    assert graph_version(fresh_store) is None
    pg.load([SAMPLES_DIR / "national-2020-3-third-batch.txt"])
    v1 = graph_version(fresh_store)
    assert v1
    pg.load([SAMPLES_DIR / "national-2020-3-third-batch.txt"])  # unchanged: nothing to invalidate
    assert graph_version(fresh_store) == v1
    assert "GraphMeta" not in pg.stats()["nodes"]
    assert all("GraphMeta" not in n["labels"] for n in pg.export_json()["nodes"])
    pg.delete_document(N)
    v2 = graph_version(fresh_store)
    assert v2 and v2 != v1
    pg.reset()
    v3 = graph_version(fresh_store)
    assert v3 and v3 not in (v1, v2)


def test_api_answers_are_cached_until_a_bump(api_store) -> None:
    client = make_client(api_store)
    cache = client.app.state.cache  # type: ignore[attr-defined]
    params = {"measure": "通用通兑", "region": "广东"}
    first = client.get("/api/who-leads", params=params)
    before = cache.stats()
    second = client.get("/api/who-leads", params=params)
    assert first.status_code == second.status_code == 200 and first.json() == second.json()
    after = cache.stats()  # answered by the fast path (api/fastpath.py) or the handler's cache
    assert after["hits"] + after["fast_hits"] == before["hits"] + before["fast_hits"] + 1
    bump_graph_version(api_store)  # this process: seen at once, not after VERSION_CHECK_S
    third = client.get("/api/who-leads", params=params)
    assert third.json() == first.json()
    assert cache.stats()["misses"] == before["misses"] + 1
    # an error is never kept: asked twice, computed twice
    for _ in range(2):
        assert client.get("/api/who-leads", params={"measure": "没有这个措施的名字", "region": "广东"}).status_code == 404
    assert cache.stats()["misses"] == before["misses"] + 1


def test_cached_bytes_equal_what_fastapi_sends_uncached(api_store) -> None:
    """The cache keeps serialised bytes; they must be exactly the uncached answer's JSON
    (validated through the same response model, by alias)."""
    on, off = make_client(api_store), make_client(api_store, cache_size=0)
    for path, params in [("/api/who-leads", {"measure": "通用通兑", "region": "广东"}),
                         ("/api/measures", {"q": "科技创新券"}),
                         ("/api/trace", {"measure": "通用通兑", "limit": 5}),
                         ("/api/trace", {"measure": "通用通兑"}),
                         ("/api/path", {"measure": f"{N}/2"}),
                         ("/api/timeline", {"measure": f"{N}/2"}),
                         ("/api/analysis", {"batch": 3}),
                         ("/api/coverage", {})]:
        a, b, c = (on.get(path, params=params), on.get(path, params=params), off.get(path, params=params))
        assert a.status_code == b.status_code == c.status_code == 200, (path, a.text[:200])
        assert a.headers["content-type"].startswith("application/json")
        assert a.json() == b.json() == c.json(), path
    stats = on.app.state.cache.stats()  # type: ignore[attr-defined]
    assert stats["hits"] + stats["fast_hits"] >= 7
    assert off.app.state.cache.stats()["entries"] == 0  # type: ignore[attr-defined]
