"""Neo4jStore: Neo4j 5 through the official ``neo4j`` driver (chosen by NEO4J_URI).

- One driver per process, created here and closed by :meth:`close`.
- Reads: ``driver.execute_query(..., database_=..., routing_=READ)``.
- Writes: all statements of a document in ONE ``session.execute_write`` transaction;
  Neo4j rolls it back if any statement fails, so no clean-up is needed (unlike FalkorDB).
- The console (:meth:`run_readonly_cypher`) first applies graph/console.py (no LOAD CSV,
  no apoc.load.* or other procedures outside the allow-list, bounded range()), then asks
  the server to plan the query (EXPLAIN) and refuses anything whose query type is not
  read-only; the query then runs as a READ transaction (``execute_read``) with the
  transaction ``timeout=`` enforced by the server, and the row limit inside the query.
- Connection and authentication failures become :class:`StoreUnavailableError`, with
  what to check.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from typing import Any

import neo4j
from neo4j import exceptions as nx
from neo4j.graph import Node, Path, Relationship

import queries
from base.errors import QueryError, StoreUnavailableError
from graph import console, schema
from graph.store import Statement

CONNECT_TIMEOUT_S = 5.0
# The driver retries transient failures for 30 s by default; an API request should fail
# sooner than that and say why.
RETRY_TIME_S = 5.0
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
# The only statement of its own this store sends (besides schema DDL and the console's
# EXPLAIN of the user's text); tests/lint checks it with Neo4j's linter.
INFO_QUERY = "CALL dbms.components() YIELD name, versions, edition RETURN name, versions, edition"


def to_python(value: Any) -> Any:
    if isinstance(value, Node):
        return {**{k: to_python(v) for k, v in value.items()}, "_labels": sorted(value.labels)}
    if isinstance(value, Relationship):
        return {**{k: to_python(v) for k, v in value.items()}, "_type": value.type}
    if isinstance(value, Path):
        return {"nodes": [to_python(n) for n in value.nodes],
                "relationships": [to_python(r) for r in value.relationships]}
    if isinstance(value, Mapping):
        return {str(k): to_python(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_python(v) for v in value]
    if hasattr(value, "iso_format"):  # neo4j.time Date/DateTime/Duration
        return value.iso_format()
    if isinstance(value, _dt.date | _dt.datetime | _dt.time):
        return value.isoformat()
    return value


class Neo4jStore:
    backend = "neo4j"

    def __init__(self, uri: str, user: str, password: str, *, database: str = "neo4j",
                 connect_timeout: float = CONNECT_TIMEOUT_S) -> None:
        self.uri = uri
        self.database = database
        scheme = uri.split("://", 1)[0].lower() if "://" in uri else ""
        if scheme not in BOLT_SCHEMES:
            # The driver would also accept http(s):// (a preview API needing more packages).
            raise StoreUnavailableError(f"NEO4J_URI {uri!r} is not a Bolt address.",
                                        hint="Use bolt://host:7687 or neo4j://host:7687.")
        try:
            self._driver = neo4j.GraphDatabase.driver(
                uri, auth=(user, password), connection_timeout=connect_timeout,
                connection_acquisition_timeout=connect_timeout, max_transaction_retry_time=RETRY_TIME_S,
            )
        except Exception as e:
            raise StoreUnavailableError(f"NEO4J_URI {uri!r} is not usable: {e}.",
                                        hint="Use bolt://host:7687 or neo4j://host:7687.") from e
        try:
            # Fail at start-up, quickly, rather than on the first request.
            self._driver.verify_connectivity()
        except Exception as e:
            self._driver.close()
            raise self._map(e, "connecting") from e

    # -- errors -------------------------------------------------------------------

    def _map(self, e: Exception, what: str) -> Exception:
        if isinstance(e, nx.AuthError):
            return StoreUnavailableError(
                f"Neo4j at {self.uri} refused the credentials while {what}.",
                hint="Check NEO4J_USER and NEO4J_PASSWORD.",
            )
        if isinstance(e, nx.ServiceUnavailable | nx.SessionExpired | nx.DatabaseUnavailable |
                      nx.ConnectionAcquisitionTimeoutError | OSError):
            return StoreUnavailableError(
                f"Neo4j at {self.uri} is not reachable while {what}: {e}.",
                hint="Start Neo4j (docker compose up neo4j) or check NEO4J_URI; unset NEO4J_URI to use "
                     "the embedded store.",
            )
        if isinstance(e, nx.Neo4jError):
            msg = e.message or str(e)
            if "AccessMode" in (e.code or "") or "read access mode" in msg.lower():
                return QueryError("The query would write to the graph; only read queries are allowed here.",
                                  hint="Remove CREATE/MERGE/SET/DELETE/REMOVE and write procedures.")
            if "TransactionTimedOut" in (e.code or "") or "timeout" in (e.code or "").lower():
                return QueryError(f"{what} took longer than allowed and was stopped.",
                                  hint="Narrow the query (add a LIMIT or a more selective MATCH).")
            return QueryError(f"{what} failed: {msg}")
        if isinstance(e, nx.DriverError):
            return StoreUnavailableError(f"Neo4j driver error while {what}: {e}.")
        return e

    # -- Store protocol -------------------------------------------------------------

    def read(self, name: str, params: dict[str, Any] | None = None, *,
             timeout_ms: int | None = None) -> list[dict[str, Any]]:
        q = queries.get(name, self.backend)
        if q.mode != "read":
            raise QueryError(f"query {name!r} writes; use write() for it")
        query = neo4j.Query(q.text, timeout=timeout_ms / 1000 if timeout_ms else None)  # type: ignore[arg-type]
        try:
            records = self._driver.execute_query(
                query, params or {}, database_=self.database, routing_=neo4j.RoutingControl.READ,
                result_transformer_=lambda r: [dict(rec.items()) for rec in r],
            )
        except Exception as e:
            raise self._map(e, f"query {name!r}") from e
        return [{k: to_python(v) for k, v in rec.items()} for rec in records]

    def write(self, statements: Sequence[Statement]) -> list[list[dict[str, Any]]]:
        if not statements:
            return []
        texts = [(st.name, queries.get(st.name, self.backend).text, st.params) for st in statements]

        def work(tx: neo4j.ManagedTransaction) -> list[list[dict[str, Any]]]:
            out = []
            for _, text, params in texts:
                res = tx.run(text, params)  # type: ignore[arg-type]  # text comes from queries/
                out.append([{k: to_python(v) for k, v in rec.items()} for rec in res])
            return out

        try:
            with self._driver.session(database=self.database) as session:
                return session.execute_write(work)
        except Exception as e:
            raise self._map(e, f"writing ({', '.join(n for n, _, _ in texts[:3])}...)") from e

    def run_readonly_cypher(self, text: str, params: dict[str, Any] | None = None, *,
                            timeout_ms: int, limit: int) -> tuple[list[str], list[list[Any]]]:
        console.check(text)
        limited = console.with_row_limit(text, limit)
        params = params or {}

        def work(tx: neo4j.ManagedTransaction) -> tuple[list[str], list[list[Any]]]:
            result = tx.run(limited, params)  # type: ignore[arg-type]  # checked console text
            cols = list(result.keys())
            rows: list[list[Any]] = []
            for rec in result:
                if len(rows) >= limit:
                    break
                rows.append([to_python(v) for v in rec.values()])
            return cols, rows

        try:
            with self._driver.session(database=self.database,
                                      default_access_mode=neo4j.READ_ACCESS) as session:
                plan = session.run(neo4j.Query("EXPLAIN " + limited), params).consume()  # type: ignore[arg-type]
                if plan.query_type != "r":
                    raise QueryError(
                        f"The query would {'change the schema' if plan.query_type == 's' else 'write to the graph'}; "
                        "only read queries are allowed here.",
                        hint="Remove CREATE/MERGE/SET/DELETE/REMOVE and write procedures.",
                    )
                # A READ transaction with a server-side timeout: Neo4j stops it, not us.
                return session.execute_read(neo4j.unit_of_work(timeout=timeout_ms / 1000)(work))
        except QueryError:
            raise
        except Exception as e:
            raise self._map(e, "The query") from e

    def ensure_schema(self) -> None:
        """Constraints and indexes from graph/schema.py (IF NOT EXISTS: idempotent). Each
        runs on its own: Neo4j does not mix schema changes with other statements."""
        for stmt in self.schema_statements():
            try:
                self._driver.execute_query(stmt, database_=self.database)  # type: ignore[arg-type]
            except Exception as e:
                raise self._map(e, "creating the schema") from e

    @staticmethod
    def schema_statements() -> list[str]:
        return schema.neo4j_schema_statements()

    def info(self) -> dict[str, Any]:
        try:
            server = self._driver.get_server_info()
            rows = self._driver.execute_query(
                INFO_QUERY,
                database_=self.database, routing_=neo4j.RoutingControl.READ,
                result_transformer_=lambda r: [rec.data() for rec in r],
            )
        except Exception as e:
            raise self._map(e, "reading server info") from e
        return {
            "backend": self.backend,
            "uri": self.uri,
            "database": self.database,
            "server": server.agent,
            "protocol": ".".join(map(str, server.protocol_version)),
            "components": rows,
        }

    def close(self) -> None:
        self._driver.close()
