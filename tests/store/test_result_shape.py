"""The FalkorDB store answers in the shape Neo4j 5 gives for the same named statements
(graph/falkor.py ``column_value``; the Neo4j side is what its driver returns):

- a column projecting a variable that an OPTIONAL MATCH left null is None, not a map of
  nulls (FalkorDB's own answer);
- counts are integers (FalkorDB's sum() is a float; the queries count instead);
- the full-text search string is built per back end in its query file (OR of the terms).

The same statements run on the session's loaded samples; nothing here repairs a row.
"""

from __future__ import annotations

import pytest

from graph import schema
from graph.falkor import FalkorStore

pytestmark = pytest.mark.store

NATIONAL_DOC = "国办发〔2020〕3号"
LOCAL_DOC = "file:guangdong-third-batch-plan"


def test_an_optional_match_that_found_nothing_is_none(loaded_store: FalkorStore) -> None:
    local = loaded_store.read("document_get", {"id": LOCAL_DOC})[0]
    assert local["announces_batch"] is None  # a provincial plan announces no batch
    assert local["region"] == {"id": "440000", "name": "广东省", "short": "广东", "level": "province"}
    national = loaded_store.read("document_get", {"id": NATIONAL_DOC})[0]
    assert national["announces_batch"] == {"id": "batch-3", "number": 3}
    # the country has no parent region: None, as on Neo4j
    country = loaded_store.read("region_get", {"id": "100000"})[0]
    assert country["parent"] is None
    assert loaded_store.read("region_get", {"id": "440000"})[0]["parent"]["id"] == "100000"
    # the console answers in the same shape
    cols, rows = loaded_store.run_readonly_cypher(
        "MATCH (d:Document {id: $id}) OPTIONAL MATCH (b:Batch)-[:DERIVED_FROM]->(d) "
        "RETURN b {.id, .number} AS batch", {"id": LOCAL_DOC}, timeout_ms=5_000, limit=10)
    assert cols == ["batch"] and rows == [[None]]


def test_counts_are_integers(loaded_store: FalkorStore) -> None:
    rows = loaded_store.read("region_departments", {"region_ids": ["440000"]})
    assert rows
    for r in rows:
        for k in ("leads", "co", "shared", "total"):
            assert type(r[k]) is int, (k, r[k])
        assert r["leads"] + r["co"] + r["shared"] <= r["total"]
    dep = rows[0]["id"]
    counterparts = loaded_store.read("department_counterparts", {"id": dep})
    for c in counterparts:
        assert type(c["leads"]) is int and type(c["total"]) is int, c
    for b in loaded_store.read("batch_list"):
        assert type(b["measures_loaded"]) is int, b


def test_fulltext_terms_are_ored_in_the_query_file(loaded_store: FalkorStore) -> None:
    """The query file joins $parts and $grams with the back end's OR: a term found
    nowhere does not empty the answer, duplicates and more than 40 terms are harmless."""
    hits = loaded_store.read("find_measures_fulltext", {"parts": ["市场化"], "grams": ["市场", "场化"], "limit": 50})
    assert hits and all("市场" in h["title"] or "场化" in h["title"] for h in hits), hits
    with_noise = loaded_store.read("find_measures_fulltext", {
        "parts": ["市场化", "火星殖民地"], "grams": ["市场", "场化", "火星", "市场"] + [f"x{i}" for i in range(60)],
        "limit": 50})
    assert {h["id"] for h in hits} <= {h["id"] for h in with_noise}
    assert all(type(h["localisations"]) is int for h in with_noise)


def test_ensure_schema_is_idempotent(fresh_store: FalkorStore) -> None:
    def indexes() -> set[tuple[str, str, str]]:
        rows = fresh_store._graph.query("CALL db.indexes()").result_set
        return {(r[0], p, k.upper()) for r in rows for p, ks in (r[2] or {}).items() for k in ks}

    first = indexes()
    assert schema.falkordb_index_statements(first) == []  # everything the table asks for exists
    fresh_store.ensure_schema()
    assert indexes() == first
    assert set(schema.falkordb_unique_constraints()) <= set(fresh_store._constraints())


def test_read_values_gives_the_rows_read_gives_as_lists(loaded_store: FalkorStore, fresh_store: FalkorStore) -> None:
    """read_values (the export pages' read: FalkorDB's verbose reply, no cell parsed in
    Python) gives the same strings, integers and nulls as read, in column order; nothing
    for a graph never written; a writing query is refused."""
    from base.errors import QueryError

    params = {"after": -1, "limit": 50}
    rows = loaded_store.read("export_nodes_page", params)
    assert loaded_store.read_values("export_nodes_page", params) == [[r["row"], r["strings"]] for r in rows]
    assert len(rows) == 50 and all(type(r["strings"]) is int for r in rows)
    assert fresh_store.read_values("export_nodes_page", params) == []
    with pytest.raises(QueryError):
        loaded_store.read_values("graph_version_bump", {"version": "x"})
