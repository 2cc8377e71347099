"""Exports parse with the tools researchers use: networkx (GraphML, GEXF), csv."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from policygraph import exports

pytestmark = [pytest.mark.api, pytest.mark.store]

N = "国办发〔2020〕3号"


def test_graphml_parses_with_networkx(client, api_store):
    r = client.get("/api/export/graphml")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/graphml+xml")
    assert "attachment" in r.headers["content-disposition"]
    g = nx.read_graphml(io.BytesIO(r.content))
    nodes = api_store.read("export_nodes")
    assert g.number_of_nodes() == len(nodes)
    assert g.number_of_edges() == len(api_store.read("export_edges"))
    assert g.nodes[f"{N}/2"]["kind"] == "Measure"  # label = the readable title (issue 11.5)
    assert g.nodes[f"{N}/2"]["title"] == "科技创新券跨区域“通用通兑”政策协同机制"
    assert g.has_edge("file:guangdong-third-batch-plan/一.1", f"{N}/2")


def test_gexf_is_xml_and_parses(client):
    r = client.get("/api/export/gexf")
    assert r.status_code == 200
    root = ET.fromstring(r.content)
    assert root.tag.endswith("gexf")
    g = nx.read_gexf(io.BytesIO(r.content))
    assert f"{N}/12" in g and g.number_of_edges() > 100


def test_events_csv_header_and_rows(client, api_store):
    r = client.get("/api/export/events.csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert tuple(rows[0].keys()) == exports.EVENT_COLUMNS
    adapts = [e for e in api_store.read("export_edges") if e["type"] == "ADAPTS"]
    assert len(rows) == len(adapts)
    gd = next(x for x in rows if x["local_measure_id"] == "file:guangdong-third-batch-plan/一.1")
    assert gd["region"] == "广东省" and gd["region_level"] == "province"
    assert gd["national_id"] == f"{N}/2" and gd["batch"] == "3"
    assert gd["lead_department"] == "广东省科学技术厅" and gd["lead_department_as_printed"] == "省科技厅"
    assert gd["lead_line"] == "科技" and gd["counterpart_or_shift"] in ("counterpart", "shift")
    assert gd["national_date"] == "2020-01-23" and gd["lag_days"] == ""  # undated plan: blank, not invented
    hb = next(x for x in rows if x["local_measure_id"] == "file:hebei-city-third-batch-tasks/12")
    assert hb["region"] == "石家庄市" and hb["lead_department_as_printed"] == "正定海关"


def test_json_export_whole_graph_and_named_query(client):
    body = client.get("/api/export/json").json()
    assert {"nodes", "edges"} == set(body)
    assert {"id", "label", "properties"} == set(body["nodes"][0])
    assert {"from", "to", "type", "properties"} == set(body["edges"][0])
    r = client.get("/api/export/json", params={"query": "find_measure_by_id", "id": f"{N}/2"})
    assert r.status_code == 200
    assert r.json()["rows"][0]["title"] == "科技创新券跨区域“通用通兑”政策协同机制"
    r = client.get("/api/export/json", params={"query": "who_leads_localisations",
                                               "params": f'{{"id": "{N}/12", "region_ids": ["130100"]}}'})
    assert r.json()["count"] == 1
    names = {q["name"] for q in client.get("/api/queries").json()}
    assert {"find_measures_text", "trace_localisations", "who_leads_localisations"} <= names
    assert not any(n.startswith("write_") for n in names)
