"""Neo4jStore without a Neo4j server (none can run here): what can be checked offline.

The statements it would send are linted in tests/lint; here: construction, choosing the
back end from NEO4J_URI, error mapping, value conversion.
"""

from __future__ import annotations

import dataclasses
import time

import neo4j.time
import pytest
from neo4j import exceptions as nx

from base.config import Settings
from base.errors import StoreUnavailableError
from graph import open_store
from graph.neo4j_store import Neo4jStore, to_python
from graph.writer import statements_for
from tests.store import records as R

UNREACHABLE = "bolt://127.0.0.1:1"


def test_unreachable_server_fails_fast_with_a_hint() -> None:
    t = time.monotonic()
    with pytest.raises(StoreUnavailableError) as exc:
        Neo4jStore(UNREACHABLE, "neo4j", "secret")
    assert time.monotonic() - t < 5
    assert "not reachable" in exc.value.message and UNREACHABLE in exc.value.message
    assert "NEO4J_URI" in (exc.value.hint or "")
    assert exc.value.exit_code == 4


def test_open_store_picks_neo4j_from_neo4j_uri(tmp_path) -> None:
    settings = dataclasses.replace(Settings.from_env(tmp_path / "unused"), neo4j_uri=UNREACHABLE)
    with pytest.raises(StoreUnavailableError, match="Neo4j"):
        open_store(settings)
    assert not (tmp_path / "unused").exists()  # FalkorDB was never started


@pytest.mark.parametrize("uri", ["http://localhost:7474", "localhost:7687", ""])
def test_non_bolt_uri_is_refused(uri: str) -> None:
    with pytest.raises(StoreUnavailableError, match="not a Bolt address"):
        Neo4jStore(uri, "neo4j", "secret")


def _offline_store() -> Neo4jStore:
    s = object.__new__(Neo4jStore)  # no driver: only the error mapping is exercised
    s.uri, s.database = UNREACHABLE, "neo4j"
    return s


def test_error_mapping() -> None:
    s = _offline_store()
    auth = s._map(nx.AuthError("bad credentials"), "connecting")
    assert isinstance(auth, StoreUnavailableError) and "NEO4J_PASSWORD" in (auth.hint or "")
    gone = s._map(nx.ServiceUnavailable("down"), "reading")
    assert isinstance(gone, StoreUnavailableError)
    assert isinstance(s._map(nx.SessionExpired("expired"), "reading"), StoreUnavailableError)


def test_values_become_plain_python() -> None:
    assert to_python({"d": neo4j.time.Date(2020, 2, 7), "l": [neo4j.time.DateTime(2020, 1, 2, 3, 4, 5)]}) == {
        "d": "2020-02-07", "l": ["2020-01-02T03:04:05.000000000"]}


def test_every_writer_statement_has_a_neo4j_form() -> None:
    import queries

    for st in statements_for(R.local()) + statements_for(R.national(), replaces=["x"]):
        q = queries.get(st.name, "neo4j")
        assert q.mode == "write"
        assert set(q.parameters) <= set(st.params), (st.name, q.parameters, list(st.params))

