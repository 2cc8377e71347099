"""The faster whole-graph exports (issue 10, session 5) write what the implementation they
replaced (commit 82851a2) wrote for the same graph: the header, the attribute declarations
and every node line byte for byte, and the same relationship lines. Only the order of the
relationships within a page differs (82851a2's came in the order FalkorDB's grouping left
them, now they come as the engine reads them: docs/EXPORTS.md), and with it the GraphML /
GEXF edge ids e0, e1, … that number them in file order. Also: strings toJSON leaves
unescaped ('"', '\\') come through as they are stored."""

from __future__ import annotations

import io
import json
import re
import subprocess
import types
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest

from policygraph import exports

pytestmark = pytest.mark.store

BEFORE = "82851a2"
ROOT = Path(__file__).resolve().parents[2]
OLD_QUERIES = ("export_nodes_page", "export_edges_page", "export_property_types")


def _git_show(path: str, commit: str = BEFORE) -> str:
    return subprocess.run(["git", "show", f"{commit}:{path}"], cwd=ROOT, check=True, capture_output=True,
                          text=True).stdout


@pytest.fixture(scope="module")
def before() -> types.ModuleType:
    """policygraph/exports.py as it was at 82851a2, with its own page queries."""
    try:
        source = _git_show("policygraph/exports.py")
        texts = {name: _git_show(f"queries/cypher/{name}.falkordb.cypher") for name in OLD_QUERIES}
    except (OSError, subprocess.CalledProcessError):
        pytest.skip(f"commit {BEFORE} is not in this checkout's history")
    module = types.ModuleType("exports_before")
    exec(compile(source, "exports_before.py", "exec"), module.__dict__)  # noqa: S102 - our own code, from git
    module.OLD_TEXTS = texts  # type: ignore[attr-defined]
    return module


# Session 6 (issue 10) made the GraphML export cheaper per node and relationship (pages
# read unparsed, each page written into one list, the next page asked for while one is
# written) and changed no byte of any export: 9111836 is the commit it started from.
SESSION_6 = "9111836"


@pytest.fixture(scope="module")
def session_6_start() -> types.ModuleType:
    """policygraph/exports.py as it was at 9111836 (the page queries are unchanged since)."""
    try:
        source = _git_show("policygraph/exports.py", SESSION_6)
    except (OSError, subprocess.CalledProcessError):
        pytest.skip(f"commit {SESSION_6} is not in this checkout's history")
    module = types.ModuleType("exports_session_6")
    exec(compile(source, "exports_session_6.py", "exec"), module.__dict__)  # noqa: S102 - our own code, from git
    return module


class _OldQueries:
    """The store as 82851a2's exports saw it: its page queries run with their own text."""

    def __init__(self, store, texts: dict[str, str]) -> None:
        self.store, self.texts, self.backend = store, texts, store.backend

    def read(self, name, params=None, **kw):
        if name in self.texts:
            return self.store._rows(self.store._graph.ro_query(self.texts[name], params or {}))
        return self.store.read(name, params, **kw)


@pytest.fixture(scope="module")
def generated_store(store, tmp_path_factory):  # noqa: ARG001 - needs the session server
    """A small generated corpus (bench.generate, 40 documents) in a graph of its own."""
    import uuid

    from bench.generate import generate
    from graph.falkor import FalkorStore
    from policygraph.core import PolicyGraph
    from policygraph.linking import relink

    out = tmp_path_factory.mktemp("gen40")
    generate(40, out)
    s = FalkorStore(store.server.data_dir, graph_name=f"t_{uuid.uuid4().hex[:10]}")
    s.ensure_schema()
    report = PolicyGraph(s, relink=relink).load(sorted((out / "docs").iterdir()))
    assert report.failed == 0
    yield s
    s.delete_graph()
    s.close()


_EDGE_LINE = re.compile(r'^\s*(<edge |\{"type": |\{"from": )')
_EDGE_ID = re.compile(r' id="e\d+"')


def _split(text: str) -> tuple[list[str], Counter]:
    """(every line but the relationships', the relationship lines without their ids and
    trailing commas)."""
    rest, edges = [], Counter()
    for line in text.split("\n"):
        if _EDGE_LINE.match(line):
            edges[_EDGE_ID.sub("", line).rstrip(",")] += 1
        else:
            rest.append(line)
    return rest, edges


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_exports_write_what_82851a2_wrote(before, generated_store, fmt):
    old_store = _OldQueries(generated_store, before.OLD_TEXTS)
    old = "".join(before.render_chunks(old_store, fmt))
    new = "".join(exports.render_chunks(generated_store, fmt))
    old_rest, old_edges = _split(old)
    new_rest, new_edges = _split(new)
    assert new_rest == old_rest and len(new_rest) > 400  # header, declarations, nodes
    assert new_edges == old_edges and sum(new_edges.values()) > 1000


def test_browser_graph_json_is_what_82851a2_wrote(before, generated_store):
    old = json.loads("".join(before.graph_json_chunks(_OldQueries(generated_store, before.OLD_TEXTS))))
    new = json.loads("".join(exports.graph_json_chunks(generated_store)))
    assert new["nodes"] == old["nodes"]
    key = lambda e: json.dumps(e, ensure_ascii=False, sort_keys=True)  # noqa: E731
    assert sorted(map(key, new["edges"])) == sorted(map(key, old["edges"]))


HOSTILE = ['say "hi"', "C:\\dir\\file", 'a", "score": 0.5, "method": "x', "tail\\", '\\"', "ctl\x01",
           "line\nbreak\ttab", '{"k": "v"}']


def test_strings_tojson_leaves_unescaped_come_through(fresh_store):
    """FalkorDB's toJSON writes '"' and '\\' inside strings unescaped; such rows are read
    again as values, so every string comes back as stored (and a string shaped like more
    keys never becomes keys)."""
    g = fresh_store._graph  # FalkorDB itself: the values are put in as they are, no loader
    g.query("CREATE (m:Measure {id: 'm1', title: $h0, content: $h2, key: $h7}), "
            "(d:Document {id: $h0, title: $h1, source_file: $h3}), (p:Measure {id: 'm2', title: 'plain', score: 0.5}), "
            "(dep:Department {id: 'dep', name: $h4}), "
            "(m)-[:DERIVED_FROM {cited_as: $h2, via: $h3}]->(d), (p)-[:DERIVED_FROM {via: 'plain'}]->(d), "
            "(dep)-[:LEADS {as_printed: $h5, rank: 1, rule: $h6}]->(m)",
            {f"h{i}": h for i, h in enumerate(HOSTILE)})
    native_nodes = {r["id"]: r["properties"] for r in fresh_store.read("export_nodes")}
    assert {n["id"]: n["properties"] for n in exports.nodes(fresh_store)} == native_nodes
    pages = list(exports.node_pages(fresh_store, limit=2))
    assert sum(map(len, pages)) == len(native_nodes)

    def key(e):
        return (e["type"], e["from_id"], e["to_id"], json.dumps(e["properties"], sort_keys=True))

    native_edges = Counter(key(r) for r in fresh_store.read("export_edges"))
    assert Counter(key(e) for p in exports.edge_pages(fresh_store, limit=1) for e in p) == native_edges
    assert len(native_edges) == 3

    g_out = nx.read_graphml(io.StringIO(exports.graphml(fresh_store)))
    assert g_out.nodes["m1"]["title"] == HOSTILE[0] and g_out.nodes["m1"]["content"] == HOSTILE[2]
    assert g_out.nodes[HOSTILE[0]]["source_file"] == HOSTILE[3]
    assert g_out.nodes["m1"]["key"] == HOSTILE[7] and "method" not in g_out.nodes["m1"]
    (_, _, leads), = [e for e in g_out.edges(data=True) if e[2]["relationship"] == "LEADS"]
    assert leads["as_printed"] == "ctl\ufffd" and leads["rule"] == HOSTILE[6]  # XML 1.0 cannot hold \x01
    body = json.loads("".join(exports.whole_graph_chunks(fresh_store)))
    assert {n["id"]: n["properties"] for n in body["nodes"]} == native_nodes


def test_events_departments_with_quotes_and_backslashes(fresh_store):
    """The events table reads each localisation's departments as toJSON text on FalkorDB;
    the query escapes '"' and '\\' first, so a printed name with them comes through as
    printed (it broke the CSV, or a name shaped like more keys became keys)."""
    g = fresh_store._graph
    g.query("CREATE (n:Measure {id: 'n1', title: 'national', level: 'national'}), "
            "(l:Measure {id: 'l1', title: 'local', level: 'provincial', region_id: '440000'}), "
            "(l)-[:ADAPTS {score: 0.9, method: 'm'}]->(n), "
            "(d1:Department {id: $i1, name: $n1, line: 'x'}), (d2:Department {id: 'd2', name: $n2}), "
            "(d1)-[:LEADS {as_printed: $p1, role: 'lead', rank: 1, rule: 'stated-lead'}]->(l), "
            "(d2)-[:LEADS {as_printed: $p2, role: 'co', rank: 2, rule: 'stated-lead'}]->(l)",
            {"i1": HOSTILE[1], "n1": HOSTILE[0], "p1": HOSTILE[2], "n2": HOSTILE[3], "p2": HOSTILE[4]})
    (row,) = exports.events(fresh_store)
    assert row["lead_department"] == HOSTILE[0] and row["lead_department_as_printed"] == HOSTILE[2]
    assert row["co_departments"] == HOSTILE[3]
    native = fresh_store.read("export_adoption_events_page", {"ids": ["n1"]})[0]["departments"]
    parsed = json.loads(native, strict=False) if isinstance(native, str) else native
    assert {d["as_printed"] for d in parsed} == {HOSTILE[2], HOSTILE[4]}
    assert {d["id"] for d in parsed} == {HOSTILE[1], "d2"}


def test_events_date_an_adoption_by_its_document_first(fresh_store):
    """The events table dates an adoption as trace, path, timelines and the panel do
    (questions.common.adoption_date): the document's date, else the local measure's own.
    It took the measure's date first, so the two tables could disagree."""
    g = fresh_store._graph
    g.query("CREATE (n:Measure {id: 'n1', title: 'national', level: 'national', date: '2020-01-23'}), "
            "(l:Measure {id: 'l1', title: 'a', level: 'provincial', region_id: '440000', date: '2021-05-01'}), "
            "(m:Measure {id: 'l2', title: 'b', level: 'provincial', region_id: '110000', date: '2021-06-01'}), "
            "(d:Document {id: 'd1', date: '2020-03-01'}), (l)-[:DERIVED_FROM]->(d), "
            "(l)-[:ADAPTS {score: 0.9, method: 'm'}]->(n), (m)-[:ADAPTS {score: 0.9, method: 'm'}]->(n)")
    rows = {r["local_measure_id"]: r for r in exports.events(fresh_store)}
    assert rows["l1"]["adoption_date"] == "2020-03-01" and rows["l1"]["lag_days"] == 38
    assert rows["l2"]["adoption_date"] == "2021-06-01"  # no document: the measure's own date


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_exports_byte_for_byte_what_9111836_wrote(session_6_start, generated_store, fmt):
    """Every byte as before session 6's changes, relationship order and edge ids included
    (bench.exports compares the same at 1,000 documents by the files' SHA-256)."""
    old = "".join(session_6_start.render_chunks(generated_store, fmt))
    new = "".join(exports.render_chunks(generated_store, fmt))
    assert new == old and old.count("<edge " if fmt != "json" else '"type": ') > 1000


def test_exports_of_hostile_strings_byte_for_byte_what_9111836_wrote(session_6_start, fresh_store):
    """Rows read again as values (strings toJSON leaves unescaped) land where they were."""
    g = fresh_store._graph
    g.query("CREATE (m:Measure {id: 'm1', title: $h0, content: $h2, key: $h7, aliases: [$h1, 'x']}), "
            "(d:Document {id: $h0, title: $h1, source_file: $h3, date: '2020-01-02'}), "
            "(p:Measure {id: 'm2', title: 'plain', score: 0.5, date: '2020-03-04'}), "
            "(dep:Department {id: 'dep', name: $h4}), "
            "(m)-[:DERIVED_FROM {cited_as: $h2, via: $h3}]->(d), (p)-[:DERIVED_FROM {via: 'plain'}]->(d), "
            "(dep)-[:LEADS {as_printed: $h5, rank: 1, rule: $h6}]->(m), (dep)-[:LEADS {rank: 2}]->(p)",
            {f"h{i}": h for i, h in enumerate(HOSTILE)})
    for fmt in ("graphml", "gexf", "json"):
        assert "".join(exports.render_chunks(fresh_store, fmt)) == "".join(session_6_start.render_chunks(fresh_store, fmt))


def test_a_reserved_key_beside_its_prop_name_as_9111836_wrote(session_6_start, fresh_store):
    """A node holding both `label` and `prop_label` (the name GraphML/GEXF give a property
    called label) has two keys under one name: the writers then merge the element's
    attributes in a dict as before (AttributePlan.clashes), byte for byte."""
    fresh_store._graph.query(
        "CREATE (a:Measure {id: 'a', title: 't', label: 'x', prop_label: 'y', date: '2020-01-02'}), "
        "(b:Measure {id: 'b', title: 'u'}), (a)-[:ADAPTS {type: 'k', prop_type: 'j', score: 0.5}]->(b)")
    assert exports.AttributePlan.read(fresh_store).clashes == {"node": True, "edge": True}
    for fmt in ("graphml", "gexf"):
        assert "".join(exports.render_chunks(fresh_store, fmt)) == "".join(session_6_start.render_chunks(fresh_store, fmt))
