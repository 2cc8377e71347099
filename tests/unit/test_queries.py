"""The query registry's rules that need no database: which queries a user may name
(``// access:``), what parameters look like, the FalkorDB schema statements built from
graph/schema.py, and the one result shape the FalkorDB store gives (graph/falkor.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import queries
from graph import schema
from graph.falkor import column_value
from queries.params import check_param_names

INTERNAL_PREFIXES = ("link_", "load_", "write_", "delete_", "bench_")


def _body(path: Path) -> str:
    return "\n".join(ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.lstrip().startswith("//"))


# ------------------------------------------------------------------ access: public | internal


def test_public_queries_are_reads_and_never_internal_work() -> None:
    public = queries.public_names()
    assert {"find_measure_by_id", "trace_localisations", "who_leads_localisations"} <= set(public)
    for name in public:
        assert queries.get(name, "neo4j").mode == "read", name
        assert queries.get(name, "falkordb").mode == "read", name
        assert not name.startswith(INTERNAL_PREFIXES), f"{name} is internal work but says access: public"
    for name in ("graph_version", "graph_version_bump", "duplicate_candidates", "link_chain_up",
                 "load_document_state", "write_regions", "delete_all", "document_add_alternate"):
        assert name in queries.names() and name not in public, name


@pytest.mark.parametrize("name", queries.names())
def test_a_variant_says_what_its_main_file_says(name: str) -> None:
    """Access is a property of the name: the back ends' files agree."""
    assert {queries.get(name, b).access for b in queries.BACKENDS} == {queries.get(name).access}


@pytest.mark.parametrize(("header", "error"), [
    ("// mode: write\n// access: public\n", "cannot be public"),
    ("// mode: read\n// access: everyone\n", "access must be public or internal"),
])
def test_a_bad_access_line_is_refused(tmp_path: Path, header: str, error: str) -> None:
    f = tmp_path / "x.cypher"
    f.write_text(header + "RETURN 1 AS one\n", encoding="utf-8")
    with pytest.raises(ValueError, match=error):
        queries._parse("x", f)


def test_without_an_access_line_a_query_is_internal(tmp_path: Path) -> None:
    f = tmp_path / "x.cypher"
    f.write_text("// mode: read\nRETURN 1 AS one\n", encoding="utf-8")
    assert queries._parse("x", f).access == "internal"


# ------------------------------------------------------------------ parameters


def test_param_names_are_identifiers_and_map_keys_non_empty() -> None:
    check_param_names({"id": "x", "rows": [{"a": 1}], "m": {"k": [1, {"j": 2}]}})
    with pytest.raises(ValueError, match="not a Cypher identifier"):
        check_param_names({"a b": 1})
    with pytest.raises(ValueError, match="empty or holds a backtick"):
        check_param_names({"rows": [{"": 1}]})
    with pytest.raises(ValueError, match="empty or holds a backtick"):
        check_param_names({"m": {"x`y": 1}})


# ------------------------------------------------------------------ one result shape


def test_no_query_sums() -> None:
    """FalkorDB's sum() is a float even over integers (3.0 where Neo4j says 3), and the
    store cannot tell such a count from a real float; queries count with
    count(CASE ... END) instead, which is an integer on both back ends."""
    offenders = [p.name for p in queries.all_files() if re.search(r"\bsum\s*\(", _body(p), re.I)]
    assert offenders == [], f"{offenders}: use count(CASE WHEN … THEN 1 END) or toInteger(sum(…))"


def test_a_column_that_projects_nothing_is_null() -> None:
    # OPTIONAL MATCH (b:Batch) ... RETURN b {.id, .number} AS batch, when b is null:
    assert column_value({"id": None, "number": None}) is None
    assert column_value({"id": "batch-3", "number": None}) == {"id": "batch-3", "number": None}
    assert column_value({}) == {}
    assert column_value(None) is None and column_value(0) == 0 and column_value(2.5) == 2.5
    # inside a list a map of nulls is real (a citation with neither via nor cited_as)
    assert column_value([{"via": None, "cited_as": None}]) == [{"via": None, "cited_as": None}]


# ------------------------------------------------------------------ schema statements


def test_falkordb_schema_statements_come_from_the_schema_table() -> None:
    stmts = schema.falkordb_index_statements()
    for n in schema.NODES:
        mine = [s for s in stmts if f":{n.label})" in s or f"label: '{n.label}'" in s]
        ranges = [f"CREATE INDEX FOR (n:{n.label}) ON (n.{p})" for p in (n.key, *n.indexed)]
        if n.fulltext:
            fields = ", ".join(f"'{p}'" for p in n.fulltext)
            # full-text first: its language ('chinese') is fixed when the index is created
            assert mine == [f"CALL db.idx.fulltext.createNodeIndex({{label: '{n.label}', "
                            f"language: 'chinese'}}, {fields})", *ranges]
        else:
            assert mine == ranges
    assert schema.falkordb_unique_constraints() == [(n.label, n.key) for n in schema.NODES]


def test_falkordb_schema_statements_only_add_what_is_missing() -> None:
    have = {(n.label, p, "RANGE") for n in schema.NODES for p in (n.key, *n.indexed)}
    have |= {(n.label, p, "FULLTEXT") for n in schema.NODES for p in n.fulltext}
    assert schema.falkordb_index_statements(have) == []
    have.discard(("Measure", "level", "RANGE"))
    have.discard(("Measure", "title", "FULLTEXT"))
    assert schema.falkordb_index_statements(have) == [
        "CALL db.idx.fulltext.createNodeIndex({label: 'Measure', language: 'chinese'}, 'title')",
        "CREATE INDEX FOR (n:Measure) ON (n.level)",
    ]
