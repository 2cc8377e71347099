"""EVERY named query runs for real on FalkorDB over the five loaded samples.

Queries are discovered from queries/cypher/ (the FalkorDB variant when there is one), so
a query added later is tested without touching this file. Parameters come from the
file's ``// example: {...}`` line, else from DEFAULTS below (common names, with ``id``
chosen by what the query is about); a parameter with neither fails the test with a
message saying to add an example line.

Read queries run on the session's loaded graph in a read-only transaction. Write
queries run on a throw-away graph holding the samples (written from extractions made
once), so they cannot disturb other tests. Not GRAPH.COPY: measured on FalkorDB 4.16.3,
a GRAPH.COPY (a module fork) that meets an AOF rewrite (another fork) deadlocks the server.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest

import queries
from graph.falkor import FalkorStore
from graph.store import Statement

pytestmark = pytest.mark.store

NATIONAL_DOC = "国办发〔2020〕3号"
NATIONAL_MEASURE = f"{NATIONAL_DOC}/1"
LOCAL_MEASURE = "file:guangdong-third-batch-plan/一.1"

# What ``$id`` means, by the query name's first word.
ID_BY_SUBJECT = {
    "department": "440000/广东省科学技术厅",
    "document": NATIONAL_DOC,
    "region": "440000",
    "batch": "batch-3",
    "link": NATIONAL_DOC,
    "delete": NATIONAL_DOC,
}
DEFAULTS: dict[str, Any] = {
    "id": NATIONAL_MEASURE,
    "ids": [NATIONAL_MEASURE, LOCAL_MEASURE],
    "document_id": NATIONAL_DOC,
    "document_ids": [NATIONAL_DOC],
    "measure": NATIONAL_MEASURE,
    "number": 3,
    "batch": 3,
    "batch_id": "batch-3",
    "level": "provincial",
    "region": "440000",
    "region_id": "440000",
    "region_ids": ["440000", "130100"],
    "limit": 10,
    "offset": 0,
    "q": "市场化",
    "grams": ["市场", "场化"],
    "parts": ["市场化"],
    "min_hits": 1,
    "key": "1",
    "date": "2020-12-31",
}


def params_for(q: queries.Query) -> dict[str, Any]:
    example = q.example or {}
    missing = [p for p in q.parameters if p not in example and p not in DEFAULTS]
    if missing:
        pytest.fail(f"{q.path.name}: no sample value for ${', $'.join(missing)}. Add a line "
                    f'`// example: {{"{missing[0]}": ...}}` to its header (see queries/__init__.py).')
    subject = q.name.split("_", 1)[0]
    out = {}
    for p in q.parameters:
        if p in example:
            out[p] = example[p]
        elif p == "id" and subject in ID_BY_SUBJECT:
            out[p] = ID_BY_SUBJECT[subject]
        else:
            out[p] = DEFAULTS[p]
    return out


ALL = [queries.get(n, "falkordb") for n in queries.names()]


def test_every_query_file_is_known() -> None:
    """Variants must sit beside a main file: a lone variant would never be run or linted."""
    mains = set(queries.names())
    for path in queries.all_files():
        stem = path.name[: -len(".cypher")]
        base, _, backend = stem.partition(".")
        assert base in mains, f"{path.name} has no main file {base}.cypher"
        if backend:
            assert backend in queries.BACKENDS, f"{path.name}: unknown back end {backend!r}"


@pytest.mark.parametrize("q", [q for q in ALL if q.mode == "read"], ids=lambda q: q.name)
def test_read_query_runs(q: queries.Query, loaded_store: FalkorStore) -> None:
    rows = loaded_store.read(q.name, params_for(q), timeout_ms=10_000)
    assert isinstance(rows, list)
    for row in rows:
        assert isinstance(row, dict)


@pytest.fixture(scope="module")
def sample_extractions(sample_paths: list) -> list:
    from policygraph.core import PolicyGraph

    return [PolicyGraph.extract(p) for p in sample_paths]


@pytest.fixture
def scratch_copy(loaded_store: FalkorStore, sample_extractions: list):
    """A graph with the samples that a write query may change freely."""
    from graph.writer import write_extraction

    s = FalkorStore(loaded_store.server.data_dir, graph_name=f"scratch_{uuid.uuid4().hex[:10]}")
    s.ensure_schema()
    for ex in sample_extractions:
        write_extraction(s, ex)
    yield s
    s.delete_graph()
    s.close()


@pytest.mark.parametrize("q", [q for q in ALL if q.mode == "write"], ids=lambda q: q.name)
def test_write_query_runs(q: queries.Query, scratch_copy: FalkorStore) -> None:
    [rows] = scratch_copy.write([Statement(q.name, params_for(q))])
    assert isinstance(rows, list)


def test_some_reads_find_sample_data(loaded_store: FalkorStore) -> None:
    """The defaults point at real sample nodes (else the run test proves little)."""
    assert loaded_store.read("document_get", {"id": NATIONAL_DOC})
    assert loaded_store.read("stats_labels")
    assert loaded_store.read("find_measure_by_id", {"id": NATIONAL_MEASURE})
