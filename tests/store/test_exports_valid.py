"""GraphML and GEXF exports read back with networkx as the tools expect (issue 11.5):
unique edge ids, readable node labels, one declared type per attribute, the relationship
type as an ordinary attribute, dates for Gephi's timeline; the CSV with an optional BOM."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from policygraph import exports

pytestmark = pytest.mark.store

N = "国办发〔2020〕3号"
GML = "{http://graphml.graphdrawing.org/xmlns}"
GX = "{http://www.gexf.net/1.2draft}"


@pytest.fixture(scope="module")
def graphml_text(loaded_store) -> str:
    return "".join(exports.graphml_chunks(loaded_store))


@pytest.fixture(scope="module")
def gexf_text(loaded_store) -> str:
    return "".join(exports.gexf_chunks(loaded_store))


def _names(store) -> dict[str, str]:
    return {r["id"]: exports.node_name(r["label"], r["properties"] or {}, r["id"]) for r in store.read("export_nodes")}


def test_graphml_reads_back_with_readable_labels_and_unique_edge_ids(loaded_store, graphml_text):
    root = ET.fromstring(graphml_text.encode("utf-8"))
    edges = root.findall(f".//{GML}edge")
    ids = [e.get("id") for e in edges]
    assert len(edges) == len(loaded_store.read("export_edges"))
    assert all(ids) and len(set(ids)) == len(ids)
    # Every key declares one type, and key ids are unique even where a node and an edge
    # attribute share a name (score, date, method …).
    keys = root.findall(f"{GML}key")
    assert len({k.get("id") for k in keys}) == len(keys)
    assert all(k.get("attr.type") in {"string", "int", "long", "float", "double", "boolean"} for k in keys)
    pairs = [(k.get("for"), k.get("attr.name")) for k in keys]
    assert len(set(pairs)) == len(pairs)  # one type per attribute name and domain

    # every <data key> names a declared key for its own domain (what the XSD's keyref checks)
    declared = {(k.get("id"), k.get("for")) for k in keys}
    for tag, domain in (("node", "node"), ("edge", "edge"), ("graph", "graph")):
        for el in root.iter(f"{GML}{tag}"):
            for d in el.findall(f"{GML}data"):
                assert (d.get("key"), domain) in declared
    node_ids = {n.get("id") for n in root.iter(f"{GML}node")}
    assert all(e.get("source") in node_ids and e.get("target") in node_ids for e in edges)

    g = nx.read_graphml(io.StringIO(graphml_text))
    names = _names(loaded_store)
    assert g.number_of_nodes() == len(names)
    for node, data in g.nodes(data=True):
        assert data["label"] == names[node]
    m2 = g.nodes[f"{N}/2"]
    assert m2["label"] == "科技创新券跨区域“通用通兑”政策协同机制" and m2["kind"] == "Measure"
    assert m2["start"] == "2020-01-23" and m2["key"] == "2" and m2["seq"] == 2
    assert g.nodes["440000"]["label"] == "广东省" and g.nodes["batch-3"]["label"] == "第3批"
    # Guangdong's plan prints neither title nor 文号: its file, as the pages show it, not file:<stem>
    assert g.nodes["file:guangdong-third-batch-plan"]["label"] == "未注明标题的文件（guangdong-third-batch-plan.txt）"
    assert g.nodes[f"{N}/17"]["label"].startswith("17")  # listed by count: its number, not 'Measure'
    assert {d["relationship"] for _u, _v, d in g.edges(data=True)} >= {"ADAPTS", "LEADS", "PROMOTES"}


def test_gexf_reads_back_with_relationship_attribute_and_dates(loaded_store, gexf_text):
    root = ET.fromstring(gexf_text.encode("utf-8"))
    graph = root.find(f"{GX}graph")
    assert graph is not None and graph.get("mode") == "dynamic" and graph.get("timeformat") == "date"
    edges = root.findall(f".//{GX}edge")
    ids = [e.get("id") for e in edges]
    assert len(set(ids)) == len(ids) == len(loaded_store.read("export_edges"))
    assert all(e.get("type") is None for e in edges)  # GEXF's reserved edge type is left alone
    declared: dict[str, set[str]] = {}
    for cls in root.findall(f".//{GX}attributes"):
        titles = [a.get("title") for a in cls.findall(f"{GX}attribute")]
        assert len(set(titles)) == len(titles)
        assert all(a.get("type") in {"string", "integer", "long", "float", "double", "boolean"}
                   for a in cls.findall(f"{GX}attribute"))
        declared[cls.get("class") or ""] = {a.get("id") or "" for a in cls.findall(f"{GX}attribute")}
    for tag in ("node", "edge"):
        for el in root.iter(f"{GX}{tag}"):
            for v in el.iter(f"{GX}attvalue"):
                assert v.get("for") in declared[tag]
    node_ids = {n.get("id") for n in root.iter(f"{GX}node")}
    assert all(e.get("source") in node_ids and e.get("target") in node_ids for e in edges)
    g = nx.read_gexf(io.StringIO(gexf_text))
    names = _names(loaded_store)
    assert {d["label"] for _n, d in g.nodes(data=True)} == set(names.values())
    assert "Measure" not in {d["label"] for _n, d in g.nodes(data=True)}
    rels = [d["relationship"] for _u, _v, d in g.edges(data=True)]
    assert len(rels) == len(ids) and "ADAPTS" in rels
    assert g.nodes[f"{N}/2"]["start"] == "2020-01-23"
    assert g.nodes[f"{N}/2"]["label"] == "科技创新券跨区域“通用通兑”政策协同机制"
    # an edge between dated ends starts at the later one
    dated = [d for _u, _v, d in g.edges(data=True) if d.get("start")]
    assert dated and all(len(d["start"]) == 10 for d in dated)


def test_events_csv_relation_and_reason_apart_and_bom(loaded_store):
    text = exports.events_csv(loaded_store)
    assert not text.startswith(exports.BOM)
    assert "shift: shift" not in text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["counterpart_or_shift"] for r in rows} <= {"counterpart", "shift", "unknown", ""}
    pos = [r for r in rows if r["adapts_method"] == "category-position"]
    assert pos and all(r["position_only"] == "1" for r in pos)
    assert all(r["position_only"] == "0" for r in rows if r["adapts_method"] != "category-position")
    hb = next(r for r in rows if r["local_measure_id"] == "file:hebei-city-third-batch-tasks/1")
    assert hb["parent_id"] == "130000" and hb["co_departments"]
    bom = exports.events_csv(loaded_store, bom=True)
    assert bom.startswith(exports.BOM) and bom[1:] == text
