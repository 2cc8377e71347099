"""FalkorStore: the embedded default store (FalkorDB on a Unix socket in the data dir).

Transactions: FalkorDB runs a *single* GRAPH.QUERY atomically (a run-time failure rolls
it back; readers see the graph before or after it) but has no multi-statement rollback.
So everything that must be all or nothing is ONE statement: a document's write
(write_document_whole), a deletion, one document's linking (link_document_apply); see
docs/ARCHITECTURE.md "Transactions". :meth:`FalkorStore.write` still accepts several
statements (sent as one pipeline, run in order; if one fails the later ones still run and
it raises :class:`WriteFailedError`), for callers that need no atomicity across them.
Neo4jStore runs a write's statements in one transaction.

Why not MULTI/EXEC: measured with FalkorDB 4.16.3 on Redis 8.2.3, a server replaying an
AOF that holds MULTI/EXEC blocks of GRAPH.QUERY aborts (assertion ``!server.in_exec``)
when any client sends a command during the replay - a restart after a crash could then
not come back while the CLI or API retries. Plain commands replay safely.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import redis
from falkordb import FalkorDB
from falkordb.edge import Edge
from falkordb.helpers import stringify_param_value
from falkordb.node import Node
from falkordb.path import Path as FalkorPath
from falkordb.query_result import QueryResult

import queries
from base.config import query_timeout_max_ms
from base.errors import QueryError, StoreUnavailableError
from graph import console, faultpoint, schema
from graph.falkor_server import FalkorServer, client_name, disk_full, disk_full_error, no_retry
from graph.store import Statement

CONSTRAINT_WAIT_S = 30.0
SOCKET_TIMEOUT_S = 300.0
_EMPTY_GRAPH = "empty key"  # FalkorDB's error for a read of a graph that does not exist
# Redis refuses writes with MISCONF once it could not write its AOF (ENOSPC and friends).
_DISK_FULL = "No space left on device"


def _says_disk_full(err: BaseException) -> bool:
    return _DISK_FULL in str(err) or "MISCONF" in str(err)
_CONN_ERRORS = (redis.ConnectionError, redis.TimeoutError, ConnectionError, OSError)


class WriteFailedError(QueryError):
    """A statement of a write block failed at run time (the others may have run)."""

    def __init__(self, message: str, *, statement: str, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.statement = statement


_SCALARS = frozenset({str, int, float, bool})


def to_python(value: Any) -> Any:
    """FalkorDB result values -> plain Python (dicts, lists, scalars).

    Queries return maps and scalars, but a console user may RETURN a node: give its
    properties (plus labels / type) rather than a client object.
    """
    if value is None or type(value) in _SCALARS:
        return value  # most values: checked first, the isinstance chain below costs 5x more per value
    if isinstance(value, Node):
        return {**{k: to_python(v) for k, v in value.properties.items()}, "_labels": list(value.labels or [])}
    if isinstance(value, Edge):
        return {**{k: to_python(v) for k, v in value.properties.items()}, "_type": value.relation}
    if isinstance(value, FalkorPath):
        return {"nodes": [to_python(n) for n in value.nodes()], "relationships": [to_python(e) for e in value.edges()]}
    if isinstance(value, Mapping):
        return {str(k): to_python(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_python(v) for v in value]
    return value


def column_value(value: Any) -> Any:
    """One column of a result row, in the shape Neo4j 5 gives for the same statement.

    FalkorDB projects a variable an OPTIONAL MATCH left null (``OPTIONAL MATCH (b:Batch)
    ... RETURN b {.id, .number} AS batch``) as a map whose every value is null; Neo4j
    returns null. A column that is such a map becomes None here, so callers test
    ``row["batch"] is None`` on both back ends. Only whole columns: inside a list a map of
    nulls can be real (a citation with neither ``via`` nor ``cited_as``), and a query that
    must return an all-null map as a column nests it. Every map a named query returns as a
    column holds a key that is never null on a real entity (``.id``; ``.method`` of ADAPTS).

    The other difference, ``sum()`` being a float over integers on FalkorDB, is not
    repairable here (the reply types a count of 3 and a score of 3.0 alike): named queries
    count with ``count(CASE … END)`` instead (tests/unit/test_queries.py keeps ``sum(`` out).
    """
    if value is None or type(value) in _SCALARS:  # most cells: nothing to convert (a page of exports is 100k of them)
        return value
    v = to_python(value)
    if isinstance(v, dict) and v and all(x is None for x in v.values()):
        return None
    return v


_KEYS_OK: set[str] = set()  # map keys already checked (a load writes the same few hundred)


def _check_key(k: Any) -> None:
    if k not in _KEYS_OK:
        stringify_param_value({k: None})  # the client's checks: raises on a bad key
        if len(_KEYS_OK) < 4096:
            _KEYS_OK.add(k)


def cypher_literal(value: Any) -> str:
    """A parameter value as FalkorDB's ``CYPHER k=v`` header reads it: the text the
    client's ``stringify_param_value`` writes, character for character (tests/unit/
    test_cypher_literal.py), faster: a load renders ~30 KB of parameters per document, and
    the client's isinstance chain and one call per value were most of the loader's own
    time per write. Dispatch is on the exact type; strings and numbers inside maps and
    lists are written inline; anything other than str, None, dict, list, tuple, int,
    float and bool goes to the client's function."""
    t = type(value)
    if t is str:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if value is None:
        return "null"
    if t is dict:
        parts = []
        for k, v in value.items():
            if k not in _KEYS_OK:
                _check_key(k)
            tv = type(v)
            if tv is str:
                parts.append(f'`{k}`:"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"')
            elif v is None:
                parts.append(f"`{k}`:null")
            elif tv is int or tv is float or tv is bool:
                parts.append(f"`{k}`:{v}")
            else:
                parts.append(f"`{k}`:{cypher_literal(v)}")
        return "{" + ",".join(parts) + "}"
    if t is list or t is tuple:
        return "[" + ",".join([cypher_literal(v) for v in value]) + "]"
    if t is int or t is float or t is bool:
        return str(value)
    return str(stringify_param_value(value))


def params_header(params: Mapping[str, Any] | None) -> str:
    """The ``CYPHER k=v ...`` prefix FalkorDB reads parameters from (as the client does)."""
    if not params:
        return ""
    return "CYPHER " + " ".join(f"{k}={cypher_literal(v)}" for k, v in params.items()) + " "


def _query_error(e: Exception, what: str) -> QueryError:
    msg = str(e)
    if "timed out" in msg.lower():
        return QueryError(f"{what} took longer than allowed and was stopped.",
                          hint="Narrow the query (add a LIMIT or a more selective MATCH).")
    if "mem consumption exceeded" in msg.lower():
        return QueryError(f"{what} needed more memory than one query may use and was stopped.",
                          hint="Narrow the query (add a LIMIT or a more selective MATCH); the cap is "
                               "POLICYGRAPH_QUERY_MEM_MB.")
    if "only on read-only" in msg:
        return QueryError(f"{what} would write to the graph; only read queries are allowed here.",
                          hint="Remove CREATE/MERGE/SET/DELETE/REMOVE and write procedures.")
    return QueryError(f"{what} failed: {msg}")


class FalkorStore:
    backend = "falkordb"

    def __init__(self, data_dir: Path | str, *, graph_name: str = schema.GRAPH_NAME) -> None:
        self.server = FalkorServer(data_dir)
        self.server.ensure_running()
        self.graph_name = graph_name
        self._connect()

    # -- connection -------------------------------------------------------------

    def _connect(self) -> None:
        # A socket timeout turns a server that stopped answering into an error instead of
        # a hang; queries carry their own (shorter) server-side timeouts.
        self._db = FalkorDB(unix_socket_path=str(self.server.socket_path), client_name=client_name(),
                            retry=no_retry(), socket_connect_timeout=5, socket_timeout=SOCKET_TIMEOUT_S)
        self._redis: redis.Redis = self._db.connection
        self._graph = self._db.select_graph(self.graph_name)
        try:
            self._redis.ping()
        except _CONN_ERRORS as e:
            raise self._unavailable(e) from e

    def _unavailable(self, e: Exception) -> StoreUnavailableError:
        if disk_full(self.server.data_dir) or _DISK_FULL in str(e):
            return disk_full_error(self.server.data_dir, self.server.log_path)
        return StoreUnavailableError(
            f"The FalkorDB server for {self.server.data_dir} is not reachable ({e}).",
            hint=f"Run the command again (a new server starts and replays its log); if it persists, "
                 f"read {self.server.log_path}.",
        )

    def _retrying(self, fn):  # type: ignore[no-untyped-def]
        """Run fn; if the server went away (killed, stopped by its owner), start or find
        one again and retry once. Safe for writes too: a document block is idempotent
        (MERGE on ids, stale parts deleted), so running it again is harmless."""
        try:
            return fn()
        except _CONN_ERRORS:
            pass
        try:
            self._redis.close()
            self.server.ensure_running()
            self._connect()
            return fn()
        except _CONN_ERRORS as e:
            raise self._unavailable(e) from e

    def _rows(self, result: QueryResult) -> list[dict[str, Any]]:
        cols = [h[1] for h in result.header]
        return [dict(zip(cols, map(column_value, row), strict=True)) for row in result.result_set]

    # -- Store protocol -------------------------------------------------------------

    def read(self, name: str, params: dict[str, Any] | None = None, *,
             timeout_ms: int | None = None) -> list[dict[str, Any]]:
        text = self._read_text(name, params)

        def run() -> QueryResult:
            return self._graph.ro_query(text, None, timeout=timeout_ms)

        try:
            return self._rows(self._retrying(run))
        except redis.ResponseError as e:
            if _EMPTY_GRAPH in str(e):
                return []  # the graph key does not exist yet: nothing was ever written
            raise self._read_error(e, name) from e

    def _read_text(self, name: str, params: dict[str, Any] | None) -> str:
        """The named read query with its parameters, as FalkorDB is sent it."""
        q = queries.get(name, self.backend)
        if q.mode != "read":
            raise QueryError(f"query {name!r} writes; use write() for it")
        return params_header(params) + q.text

    def _read_error(self, e: redis.ResponseError, name: str) -> Exception:
        if _says_disk_full(e):
            return disk_full_error(self.server.data_dir, self.server.log_path)
        return _query_error(e, f"query {name!r}")

    def read_values(self, name: str, params: dict[str, Any] | None = None) -> list[list[Any]]:
        """The rows of a read query whose every column is a string, an integer or null, as
        lists in column order, from FalkorDB's verbose reply as the connection decoded it:
        no cell is parsed in Python. For the export pages (a JSON text and a count per
        row), where FalkorDB's client parsing each cell of its compact reply (``[type,
        value]``) in Python and a dict per row were a third of the client's time of reading
        a page. Not for floats, booleans, lists, maps or entities: this reply gives them as
        text."""
        text = self._read_text(name, params)

        def run() -> list[Any]:
            reply = self._redis.execute_command("GRAPH.RO_QUERY", self.graph_name, text)
            if reply and isinstance(reply[-1], redis.ResponseError):  # a run-time error comes last
                raise reply[-1]
            return reply  # type: ignore[no-any-return]

        try:
            reply = self._retrying(run)
        except redis.ResponseError as e:
            if _EMPTY_GRAPH in str(e):
                return []
            raise self._read_error(e, name) from e
        return reply[1] if len(reply) == 3 else []  # [header, rows, statistics]; statistics alone: no columns

    def write(self, statements: Sequence[Statement]) -> list[list[dict[str, Any]]]:
        if not statements:
            return []
        texts = []
        for st in statements:
            q = queries.get(st.name, self.backend)
            texts.append(params_header(st.params) + q.text)

        def run() -> list[Any]:
            pipe = self._redis.pipeline(transaction=False)
            for text in texts:
                pipe.execute_command("GRAPH.QUERY", self.graph_name, text, "--compact")
            return pipe.execute(raise_on_error=False)

        replies = self._retrying(run)
        faultpoint.after_write(len(statements))  # test-only kill point; a no-op unless its env var is set
        out: list[list[dict[str, Any]]] = []
        failure: tuple[str, Exception] | None = None
        for st, reply in zip(statements, replies, strict=True):
            try:
                if isinstance(reply, Exception):
                    raise reply
                out.append(self._rows(QueryResult(self._graph, reply)))
            except redis.ResponseError as e:
                out.append([])
                failure = failure or (st.name, e)
        if failure:
            name, err = failure
            if _says_disk_full(err):
                raise disk_full_error(self.server.data_dir, self.server.log_path) from err
            raise WriteFailedError(f"write statement {name!r} failed: {err}", statement=name)
        return out

    def run_readonly_cypher(self, text: str, params: dict[str, Any] | None = None, *,
                            timeout_ms: int, limit: int) -> tuple[list[str], list[list[Any]]]:
        """The console: refused shapes first (graph/console.py), then GRAPH.RO_QUERY (which
        refuses anything that writes before running it) with the row limit inside the query
        and the engine's own per-query timeout (capped server-wide by TIMEOUT_MAX)."""
        console.check(text)
        limited = console.with_row_limit(text, limit)
        # A per-query timeout above the server's TIMEOUT_MAX is an error; clamp it.
        timeout = max(1, min(int(timeout_ms), query_timeout_max_ms()))

        def run() -> QueryResult:
            return self._graph.ro_query(limited, params or {}, timeout=timeout)

        try:
            res = self._retrying(run)
        except redis.ResponseError as e:
            if _EMPTY_GRAPH in str(e):
                return [], []
            raise _query_error(e, "The query") from e
        cols = [h[1] for h in res.header]
        rows = [[column_value(v) for v in row] for row in res.result_set[:limit]]
        return cols, rows

    def ensure_schema(self) -> None:
        """Range index on every key and indexed property, Chinese full-text indexes,
        and a unique constraint on each label's key, all built by graph/schema.py from its
        one table. Idempotent: FalkorDB's CREATE INDEX errors when the index exists, so
        the existing ones are read first and only the rest is created."""
        have: set[tuple[str, str, str]] = set()
        for row in self._retrying(lambda: self._graph.query("CALL db.indexes()")).result_set:
            label, types = row[0], row[2]
            have.update((label, prop, kind.upper()) for prop, kinds in (types or {}).items() for kind in kinds)
        for text in schema.falkordb_index_statements(have):
            self._ddl(text)
        self._ensure_constraints()

    def _ddl(self, text: str) -> None:
        # Labels and property names come from graph/schema.py, never from input.
        try:
            self._retrying(lambda: self._graph.query(text))
        except redis.ResponseError as e:
            if "already" not in str(e):
                raise QueryError(f"creating the schema failed: {e}", hint=text) from e

    def _constraints(self) -> dict[tuple[str, str], str]:
        rows = self._retrying(lambda: self._graph.query("CALL db.constraints()")).result_set
        # columns: type, label, properties, entitytype, status
        return {(r[1], ",".join(r[2])): r[4] for r in rows if r[0] == "UNIQUE" and r[3] == "NODE"}

    def _ensure_constraints(self) -> None:
        import time

        wanted = schema.falkordb_unique_constraints()
        have = self._constraints()
        for label, key in wanted:
            if (label, key) in have:
                continue
            try:
                self._retrying(lambda label=label, key=key: self._redis.execute_command(
                    "GRAPH.CONSTRAINT", "CREATE", self.graph_name, "UNIQUE", "NODE", label,
                    "PROPERTIES", 1, key))
            except redis.ResponseError as e:
                if "already exists" not in str(e):
                    raise QueryError(f"creating the unique constraint on {label}.{key} failed: {e}") from e
        # Constraints are built in the background; wait so callers can rely on them.
        deadline = time.monotonic() + CONSTRAINT_WAIT_S
        while True:
            have = self._constraints()
            states = {lk: have.get(lk) for lk in wanted}
            failed = [k for k, s in states.items() if s == "FAILED"]
            if failed:
                raise QueryError(
                    f"unique constraint(s) {failed} could not be built: the graph holds duplicate ids.",
                    hint="Run `policygraph reset` and load the documents again.",
                )
            if all(s == "OPERATIONAL" for s in states.values()):
                return
            if time.monotonic() > deadline:
                raise StoreUnavailableError(
                    f"unique constraints still not ready after {CONSTRAINT_WAIT_S:.0f}s: {states}",
                    hint=f"Retry; if it persists read {self.server.log_path}.",
                )
            time.sleep(0.05)

    def info(self) -> dict[str, Any]:
        def run() -> tuple[Any, Any]:
            return self._redis.info("server").get("redis_version"), self._redis.execute_command("MODULE", "LIST")

        # Through _retrying like every query: a health check after the server was killed
        # brings a new one up instead of reporting 503 until some data query does.
        version, modules = self._retrying(run)
        out: dict[str, Any] = {"backend": self.backend, "graph": self.graph_name, **self.server.info(),
                               "redis_version": version}
        for mod in modules:
            entry = dict(zip(mod[::2], mod[1::2], strict=False))
            if entry.get("name") == "graph":
                v = int(entry["ver"])
                out["falkordb_version"] = f"{v // 10000}.{v // 100 % 100}.{v % 100}"
        return out

    def delete_graph(self) -> None:
        """Drop the whole graph (indexes too) in O(1); callers re-run ensure_schema()."""
        try:
            self._retrying(lambda: self._graph.delete())
        except redis.ResponseError as e:
            if _EMPTY_GRAPH not in str(e):
                raise QueryError(f"deleting the graph failed: {e}") from e

    def close(self) -> None:
        try:
            self._redis.close()
            self._redis.connection_pool.disconnect()
        finally:
            self.server.stop()
