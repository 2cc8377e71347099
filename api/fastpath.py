"""Cached answers sent before FastAPI: a pure ASGI layer in front of the whole app.

At 64 connections a cached who-leads answer spent most of its time in FastAPI, not in
the cache: routing, dependency solving and parameter validation, the thread-pool hop of a
plain ``def`` handler, the middleware chain (profiled with py-spy; figures in
docs/QUESTIONS-AT-SCALE.md). This layer keeps, per process, the *complete response* the
app sent for a cached answer — status, every header (content-type, content-length, and
the gzip middleware's Content-Encoding/Vary) and the body bytes — and replays it for the
next GET of the same URL while the graph's version is unchanged.

- **Which answers.** Only those the handler itself took from the answer cache
  (``api.routes.cached`` marks the request with the graph version the answer belongs to):
  errors, uncached endpoints, streamed bodies and non-200 answers are never kept, and
  nothing is kept when ``POLICYGRAPH_CACHE=0``.
- **The key.** The path, the query's name/value pairs sorted by name (stable, so a repeated
  parameter keeps its order: FastAPI reads the last one), and whether the client accepts
  gzip (the test GZipMiddleware itself makes: ``"gzip" in Accept-Encoding``). Any other
  request (another method, a body, an unknown URL, a malformed parameter) goes to FastAPI,
  which validates it as always: a 422 is FastAPI's 422.
- **The version.** ``VersionClock.fresh`` without touching the store; when the clock is
  older than its half second, or this process has bumped the version since it read it, the
  version is read again in a thread (one read for all the requests waiting on it, never on
  the event loop). An entry whose version differs goes to FastAPI and is replaced.
- The app adds no ETag, CORS or security headers and applies no rate limit to cached
  answers (the heavy gate is held only while computing), so there is nothing else to replay.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl

import anyio.to_thread

from api.cache import AnswerCache
from graph.store import Store

SCOPE_KEY = "policygraph.fastpath"  # where api.routes.cached leaves the answer's version

Key = tuple[str, tuple[tuple[str, str], ...], bool]
_UNREAD = object()


def canonical_query(query: bytes) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(parse_qsl(query.decode("latin-1"), keep_blank_values=True), key=lambda kv: kv[0]))


def accepts_gzip(scope: dict[str, Any]) -> bool:
    for name, value in scope.get("headers") or ():
        if name == b"accept-encoding":  # the first one, as Starlette's Headers.get
            return b"gzip" in value
    return False


def request_key(scope: dict[str, Any]) -> Key:
    return scope["path"], canonical_query(scope.get("query_string", b"")), accepts_gzip(scope)


def _has_body(scope: dict[str, Any]) -> bool:
    for name, value in scope.get("headers") or ():
        if name == b"transfer-encoding" or (name == b"content-length" and value.strip() not in (b"", b"0")):
            return True
    return False


def mark(scope: MutableMapping[str, Any], version: str | None) -> None:
    """Called by the handler that answered from the cache: this response may be replayed
    while the graph's version is ``version``."""
    holder = scope.get(SCOPE_KEY)
    if holder is not None:
        holder["version"] = version


class FastPath:
    def __init__(self, app: Any, cache: AnswerCache, store: Callable[[], Store | None]) -> None:
        self.app = app
        self.cache = cache
        self.store = store  # the app's store (opened by its lifespan, so asked for each time)
        self._reading: asyncio.Future[str | None] | None = None
        self._queries: dict[bytes, tuple[tuple[str, str], ...]] = {}
        self.size = 2 * cache.size  # two encodings per answer
        # key -> (status, headers, body, version), kept on the cache so that its stats show
        # them; only touched on the event loop: no lock
        self._items: OrderedDict[Any, tuple[int, list[tuple[bytes, bytes]], bytes, str | None]] = cache.responses

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or self.size <= 0 or _has_body(scope):
            await self.app(scope, receive, send)
            return
        # parsing and sorting the query was 8 % of a replayed answer: done once per raw query
        raw = scope.get("query_string", b"")
        query = self._queries.get(raw)
        if query is None:
            if len(self._queries) >= 4 * self.size:
                self._queries.clear()
            query = self._queries[raw] = canonical_query(raw)
        key = (scope["path"], query, accepts_gzip(scope))
        kept = self._items.get(key)
        if kept is None:
            await self._through(scope, receive, send, key)
            return
        fresh, version = self.cache.clock.fresh()
        if not fresh:
            version = await self._read_version()
        if version is not _UNREAD and kept[3] == version:
            self._items.move_to_end(key)
            self.cache.fast_hits += 1
            # a copy: a layer outside may edit the message's header list in place
            await send({"type": "http.response.start", "status": kept[0], "headers": list(kept[1])})
            await send({"type": "http.response.body", "body": kept[2]})
            return
        await self._through(scope, receive, send, key)

    async def _read_version(self) -> Any:
        """The graph's version read again, in a thread, once for every request waiting on
        it (at 64 connections, sending them all through FastAPI to read it would be a burst
        of slow answers every half second); ``_UNREAD`` when the store is not there or fails."""
        store = self.store()
        if store is None:
            return _UNREAD
        if self._reading is None or self._reading.done():
            self._reading = asyncio.ensure_future(anyio.to_thread.run_sync(self.cache.clock.current, store))
        try:
            return await asyncio.shield(self._reading)
        except Exception:  # the store is gone or failing: FastAPI answers (503) as always
            return _UNREAD

    async def _through(self, scope: Any, receive: Any, send: Any, key: Key) -> None:
        """FastAPI answers; a cached answer's response is kept as it is sent."""
        holder: dict[str, Any] = {}
        scope[SCOPE_KEY] = holder
        start: dict[str, Any] = {}
        bodies: list[dict[str, Any]] = []
        streamed = False

        async def keep(message: dict[str, Any]) -> None:
            nonlocal streamed
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body" and not streamed:
                # Only a whole answer in one message can be kept; a streamed one (an export,
                # hundreds of MB) is let through, never held: holding its chunks until the
                # end made the API grow by the export's size (914 MB at 10,000 documents).
                if message.get("more_body", False) or bodies:
                    streamed = True
                    bodies.clear()
                else:
                    bodies.append(message)
            await send(message)

        await self.app(scope, receive, keep)
        if ("version" not in holder or start.get("status") != 200 or streamed or len(bodies) != 1
                or start.get("trailers", False)):
            return
        headers = [(bytes(k), bytes(v)) for k, v in start.get("headers", ())]
        self._items[key] = (200, headers, bytes(bodies[0].get("body", b"")), holder["version"])
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)
