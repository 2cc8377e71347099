"""The fast path (api/fastpath.py): a cached answer replayed before FastAPI must be the
very response FastAPI sends (status, headers, body, per encoding), must never outlive a
load, and must never answer a request FastAPI would refuse."""

from __future__ import annotations

import time
from typing import Any

import pytest

from api.cache import VersionClock
from api.fastpath import request_key
from graph.store import Statement
from graph.writer import bump_graph_version
from tests.api.conftest import make_client

N = "国办发〔2020〕3号"
QUESTIONS: list[tuple[str, dict[str, Any]]] = [
    ("/api/who-leads", {"measure": "通用通兑", "region": "广东"}),
    ("/api/measures", {"q": "科技创新券"}),
    ("/api/trace", {"measure": "通用通兑", "limit": 5}),
    ("/api/path", {"measure": f"{N}/2"}),
    ("/api/timeline", {"measure": f"{N}/2"}),
    ("/api/coverage", {}),
    ("/api/adoption", {"batch": 3}),
    ("/api/charts/adoption.svg", {"batch": 3}),
]
DRAWN = {"/api/charts/adoption.svg"}
ENCODINGS = [{"Accept-Encoding": "gzip, deflate"}, {"Accept-Encoding": "identity"}]


def _seen(response: Any) -> tuple[int, list[tuple[str, str]], bytes]:
    # date and server come from the HTTP server, not the app (the test client adds neither)
    return response.status_code, list(response.headers.multi_items()), response.content


def _fast_hits(client: Any) -> int:
    return client.app.state.cache.fast_hits  # type: ignore[no-any-return]


@pytest.mark.parametrize("headers", ENCODINGS, ids=["gzip", "identity"])
def test_fast_answer_is_the_slow_answer_byte_for_byte(api_store, headers: dict[str, str]) -> None:
    fast, slow = make_client(api_store), make_client(api_store, cache_size=0)
    for path, params in QUESTIONS:
        first = fast.get(path, params=params, headers=headers)  # FastAPI, kept on the way out
        hits = _fast_hits(fast)
        again = fast.get(path, params=params, headers=headers)  # replayed
        assert _fast_hits(fast) == hits + 1, path
        uncached = slow.get(path, params=params, headers=headers)
        assert first.status_code == 200, (path, first.text[:200])
        assert _seen(again) == _seen(first), path
        if path in DRAWN:  # matplotlib's SVG differs from one drawing to the next (its ids)
            assert uncached.headers["content-type"] == first.headers["content-type"]
        else:
            assert _seen(uncached) == _seen(first), path
    assert _fast_hits(slow) == 0 and slow.app.state.cache.stats()["responses"] == 0  # type: ignore[attr-defined]


def test_gzip_is_sent_only_when_accepted_and_large(api_store) -> None:
    client = make_client(api_store)
    params = {"measure": "通用通兑", "region": "广东"}
    for _ in range(2):
        zipped = client.get("/api/who-leads", params=params, headers={"Accept-Encoding": "gzip"})
        plain = client.get("/api/who-leads", params=params, headers={"Accept-Encoding": "identity"})
        assert zipped.headers["content-encoding"] == "gzip" and "content-encoding" not in plain.headers
        assert zipped.json() == plain.json()
        assert int(zipped.headers["content-length"]) < int(plain.headers["content-length"])


def test_parameter_order_does_not_matter_but_values_do() -> None:
    def scope(query: bytes, enc: bytes = b"gzip") -> dict[str, Any]:
        return {"path": "/api/who-leads", "query_string": query, "headers": [(b"accept-encoding", enc)]}

    a = request_key(scope(b"measure=%E9%80%9A&region=x"))
    assert a == request_key(scope(b"region=x&measure=%E9%80%9A"))
    assert a != request_key(scope(b"region=y&measure=%E9%80%9A"))
    assert a != request_key(scope(b"region=x&measure=%E9%80%9A", b"br"))
    # a repeated parameter keeps its order (FastAPI reads the last one)
    assert request_key(scope(b"q=1&q=2")) != request_key(scope(b"q=2&q=1"))


def test_a_load_makes_the_next_answer_fresh(api_store) -> None:
    client = make_client(api_store)
    cache = client.app.state.cache  # type: ignore[attr-defined]
    params = {"measure": "通用通兑", "region": "广东"}
    client.get("/api/who-leads", params=params)
    client.get("/api/who-leads", params=params)
    hits, misses = cache.fast_hits, cache.misses
    bump_graph_version(api_store)  # as every load, delete and reset of this process does
    fresh = client.get("/api/who-leads", params=params)
    assert fresh.status_code == 200
    assert cache.fast_hits == hits and cache.misses == misses + 1  # recomputed, not replayed
    client.get("/api/who-leads", params=params)
    assert cache.fast_hits == hits + 1  # and kept again under the new version


def test_another_process_load_is_seen_within_the_check_interval(api_store) -> None:
    """A bump this process did not make (the CLI, another worker) is invisible to the
    local counter: it is seen when the clock is older than its interval."""
    client = make_client(api_store)
    cache = client.app.state.cache  # type: ignore[attr-defined]
    cache.clock.check_s = 0.2
    params = {"q": "科技创新券"}
    client.get("/api/measures", params=params)
    # the bump's own statement, written without bump_graph_version: as another process would
    api_store.write([Statement("graph_version_bump", {"version": f"elsewhere-{time.time()}"})])
    misses = cache.misses
    time.sleep(0.3)
    client.get("/api/measures", params=params)
    assert cache.misses == misses + 1


def test_the_clock_reads_the_store_only_when_old_or_bumped_here() -> None:
    class Store:
        reads = 0

        def read(self, name: str, params: Any = None) -> list[dict[str, str]]:
            Store.reads += 1
            return [{"version": f"v{Store.reads}"}]

    clock, store = VersionClock(check_s=60), Store()
    assert clock.fresh()[0] is False
    assert clock.current(store) == "v1" and clock.current(store) == "v1"
    assert clock.fresh() == (True, "v1")
    from graph import writer

    writer.local_bumps += 1  # what bump_graph_version does after its write
    assert clock.fresh()[0] is False
    assert clock.current(store) == "v2"


@pytest.mark.parametrize(("path", "good", "bad"), [
    ("/api/who-leads", {"measure": "通用通兑", "region": "广东"}, {"limit": "-1"}),
    ("/api/who-leads", {"measure": "通用通兑", "region": "广东"}, {"limit": "many"}),
    ("/api/trace", {"measure": "通用通兑", "limit": "5"}, {"limit": "0"}),
    ("/api/adoption", {"batch": "3"}, {"measure": "通用通兑"}),  # both: refused by the handler
    ("/api/adoption", {"batch": "3"}, {"batch": "100"}),
])
def test_malformed_parameters_still_get_fastapis_error(api_store, path: str, good: dict[str, str],
                                                        bad: dict[str, str]) -> None:
    client = make_client(api_store)
    for _ in range(2):  # the well-formed question is kept
        assert client.get(path, params=good).status_code == 200
    for _ in range(2):
        r = client.get(path, params={**good, **bad})
        assert r.status_code == 422, (path, bad, r.text[:200])
        assert r.json()["error"] == "bad_input"


def test_adoption_charts_and_network_are_computed_once_per_version(api_store, monkeypatch) -> None:
    from policygraph import adoption, diffusion_network

    calls: dict[str, int] = {"adoption": 0, "infer": 0}
    real_adoption, real_infer = adoption.adoption, diffusion_network.infer

    def counted(name: str, fn: Any) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            calls[name] += 1
            return fn(*args, **kwargs)
        return run

    monkeypatch.setattr(adoption, "adoption", counted("adoption", real_adoption))
    monkeypatch.setattr(diffusion_network, "infer", counted("infer", real_infer))
    client = make_client(api_store)
    urls = ["/api/adoption?batch=3", "/api/charts/adoption.svg?batch=3", "/api/charts/map.svg?batch=3",
            "/api/charts/map.png?batch=3&level=city&shade=lag"]
    nets = ["/api/network/diffusion", "/api/network/diffusion?format=csv", "/api/network/diffusion?format=graphml"]
    for _ in range(3):
        for u in urls + nets:
            assert client.get(u).status_code == 200, u
    assert calls == {"adoption": 1, "infer": 1}  # once for the JSON and every picture / format
    bump_graph_version(api_store)  # a load
    for u in urls + nets:
        assert client.get(u).status_code == 200, u
    assert calls == {"adoption": 2, "infer": 2}


def test_a_streamed_answer_passes_through_without_being_held() -> None:
    """An export streams hundreds of MB through the fast path's layer: it must pass each
    chunk on and keep none (holding them made the API grow by the export's size: 914 MB at
    10,000 documents). Measured with tracemalloc while 40 chunks of 1 MB pass."""
    import tracemalloc

    from api.cache import AnswerCache
    from api.fastpath import FastPath

    chunks = 40

    async def exporting(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/xml")]})
        for i in range(chunks):
            await send({"type": "http.response.body", "body": bytes(1 << 20), "more_body": i < chunks - 1})

    sent: list[int] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.body":
            sent.append(len(message["body"]))  # the client takes the chunk and lets it go

    layer = FastPath(exporting, AnswerCache(8), lambda: None)
    scope = {"type": "http", "method": "GET", "path": "/api/export/graphml", "query_string": b"", "headers": []}
    tracemalloc.start()
    try:
        _run(layer(scope, receive, send))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert sent == [1 << 20] * chunks
    assert peak < 8 << 20, f"{peak / 2**20:.0f} MB held while streaming"
    assert not layer._items  # nothing kept to replay


def _run(coro: Any) -> None:
    """asyncio.run in a thread of its own: after the browser tests a loop may be left
    marked running in this one (see tests/store/test_exports_paged.py)."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, coro).result()
