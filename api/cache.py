"""An LRU of API answers keyed by the graph's version.

The heavy read answers (who-leads, trace pages, path, timeline, analysis, wording
search, coverage) depend only on their parameters and on the graph. The graph's version
(queries/cypher/graph_version.cypher: a token that policygraph.core replaces after every
load, delete and reset, whichever process ran it) is read once per cached request (~0.3 ms)
and is part of the key, so a load makes every cached answer stale at once without any
message between processes: each API worker keeps its own cache.

Only answers go in, never errors (they are raised before anything is stored). Cached
values are shared between requests and must not be mutated: handlers return them as they
are and FastAPI serialises them.

Writes that bypass policygraph.core (a script calling graph.writer directly) do not change
the version; restart the API or run any load afterwards. POLICYGRAPH_CACHE=0 turns the
cache off.
"""

from __future__ import annotations

import functools
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from fastapi.encoders import jsonable_encoder
from pydantic import TypeAdapter

from graph.store import Store

T = TypeVar("T")


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


class AnswerCache:
    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[tuple[Hashable, ...], Any] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, store: Store, key: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
        if self.size <= 0:
            return compute()
        full = (graph_version(store), *key)
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
            return {"size": self.size, "entries": len(self._items), "hits": self.hits, "misses": self.misses}
