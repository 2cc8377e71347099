"""An LRU of API answers keyed by the graph's version.

The heavy read answers (who-leads, trace pages, path, timeline, analysis, wording
search, coverage, adoption, the adoption charts, the diffusion network) depend only on
their parameters and on the graph. The graph's version (queries/cypher/graph_version.cypher:
a token that policygraph.core replaces after every load, delete and reset, whichever process
ran it) is part of the key, so a load makes every cached answer stale at once without any
message between processes: each API worker keeps its own cache.

**Staleness bound.** The version is read from the store at most every ``VERSION_CHECK_S``
(0.5 s) per process (:class:`VersionClock`), not per request: at 64 connections the read was
a round trip to the store and a thread hop on every cached answer. A load, delete or reset run
by *another* process (the CLI, another worker) is therefore seen within half a second; one run
by *this* process (``POST /api/load``, a test's PolicyGraph) is seen at once, because
graph.writer counts the bumps it makes (``local_bumps``) and the clock re-reads when the count
moves. ``POLICYGRAPH_CACHE=0`` turns the cache (and the fast path, api/fastpath.py) off.

Only answers go in, never errors (they are raised before anything is stored). Cached
values are shared between requests and must not be mutated.

Writes that bypass policygraph.core (a script calling graph.writer directly) do not change
the version; restart the API or run any load afterwards.
"""

from __future__ import annotations

import functools
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from fastapi.encoders import jsonable_encoder
from pydantic import TypeAdapter

from graph import writer
from graph.store import Store

T = TypeVar("T")
VERSION_CHECK_S = 0.5  # how old this process's idea of the graph's version may get


@functools.cache
def _adapter(model: Any) -> TypeAdapter[Any]:
    return TypeAdapter(model)


def to_json_bytes(value: Any, model: Any = None) -> bytes:
    """What FastAPI sends for ``value``: validated through the route's response model and
    dumped by alias; without a model, jsonable_encoder + compact JSON as JSONResponse does."""
    if model is None:
        return json.dumps(jsonable_encoder(value), ensure_ascii=False, allow_nan=False,
                          separators=(",", ":")).encode("utf-8")
    adapter = _adapter(model)
    return adapter.dump_json(adapter.validate_python(value), by_alias=True)


def graph_version(store: Store) -> str | None:
    rows = store.read("graph_version")
    return rows[0]["version"] if rows else None


class VersionClock:
    """The graph's version as this process last read it: re-read when older than
    ``check_s`` or when this process has bumped a version since (graph.writer.local_bumps)."""

    def __init__(self, check_s: float = VERSION_CHECK_S) -> None:
        self.check_s = check_s
        self._version: str | None = None
        self._read_at = -float("inf")
        self._bumps = -1
        self.reads = 0

    def fresh(self) -> tuple[bool, str | None]:
        """(True, version) when the last read is recent enough to answer from; never
        touches the store (the fast path calls it on the event loop)."""
        ok = writer.local_bumps == self._bumps and time.monotonic() - self._read_at < self.check_s
        return ok, self._version

    def current(self, store: Store) -> str | None:
        ok, version = self.fresh()
        if ok:
            return version
        bumps = writer.local_bumps  # before the read: a bump during it forces the next re-read
        at = time.monotonic()
        version = graph_version(store)
        self._version, self._read_at, self._bumps = version, at, bumps
        self.reads += 1
        return version


class AnswerCache:
    def __init__(self, size: int, check_s: float = VERSION_CHECK_S) -> None:
        self.size = size
        self.clock = VersionClock(check_s)
        self._items: OrderedDict[tuple[Hashable, ...], Any] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0
        # whole responses replayed by api/fastpath.py (its own LRU, same graph versions)
        self.responses: OrderedDict[Any, Any] = OrderedDict()
        self.fast_hits = 0

    def get(self, store: Store, key: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
        return self.get_at(self.clock.current(store) if self.size > 0 else None, key, compute)

    def get_at(self, version: str | None, key: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
        """The answer for ``key`` at the graph's ``version`` (from ``clock.current``)."""
        if self.size <= 0:
            return compute()
        full = (version, *key)
        with self._lock:
            if full in self._items:
                self._items.move_to_end(full)
                self.hits += 1
                return self._items[full]  # type: ignore[no-any-return]
        # Computed outside the lock: two requests for the same new answer may both compute
        # it (the same result); one slow answer never blocks the others.
        value = compute()
        with self._lock:
            self.misses += 1
            self._items[full] = value
            self._items.move_to_end(full)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def stats(self) -> dict[str, int]:
        with self._lock:
            return {"size": self.size, "entries": len(self._items), "hits": self.hits, "misses": self.misses,
                    "version_reads": self.clock.reads, "responses": len(self.responses),
                    "fast_hits": self.fast_hits}
