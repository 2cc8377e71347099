"""Adoption data, the coverage table, the diffusion tree and the pictures, over the samples.

The samples: batch 3 (national list), Guangdong's provincial plan (16 measures adapt batch 3)
and a Hebei city's task list (石家庄, 16), Jilin's batch-2 plan (its list is not loaded), and
Gansu's 2018 plan. No local sample prints a date, so every lag is empty (never invented).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from viz.charts import NO_DOCUMENT, NO_PLAN, NOT_ADOPTED

pytestmark = pytest.mark.api
SVG = "{http://www.w3.org/2000/svg}"


def _fills(svg: bytes) -> dict[str, str]:
    """region id -> fill colour of its shape, read from the SVG the server drew."""
    out = {}
    for g in ET.fromstring(svg).iter(f"{SVG}g"):
        gid = g.get("id") or ""
        if gid.startswith("region-"):
            path = next(g.iter(f"{SVG}path"))
            m = re.search(r"fill:\s*(#[0-9a-f]{6}|url\(#\w+\))", path.get("style") or "")
            # a hatched fill is an SVG pattern: only "no document loaded" is drawn hatched
            out[gid[7:]] = NO_DOCUMENT if m and m.group(1).startswith("url(") else (m.group(1) if m else "")
    return out


def test_adoption_batch_states(client) -> None:
    r = client.get("/api/adoption", params={"batch": 3})
    assert r.status_code == 200, r.text
    body = r.json()
    rows = {x["id"]: x for x in body["regions"]}
    assert body["size"] == 20 and len(rows) == 31 + 333
    assert rows["440000"]["status"] == "partly" and rows["440000"]["adopted"] == 16
    # the Hebei city's list: 16 by text, and the 4 count-only 军民融合 items by position, flagged
    assert rows["130100"]["adopted"] == 20 and rows["130100"]["position_only"] == 4
    assert rows["440000"]["position_only"] == 0
    assert rows["110000"]["status"] == "no-document"  # nothing of Beijing loaded: unknown, not zero
    # Gansu's 2018 plan and Jilin's batch-2 plan are loaded, but no plan of theirs for batch 3:
    # not known either way, as the coverage table's no-plan and the panel's no-batch-plan
    assert rows["620000"]["status"] == "no-plan" and rows["220000"]["status"] == "no-plan"
    assert rows["620000"]["status_zh"] == "已加载该地区文件，但无该批方案"
    assert "not-adopted" not in {x["status"] for x in rows.values()}  # no loaded batch-3 plan skips all 20
    assert body["counts"]["dated"] == 0 and body["curve"] == []  # the samples print no local dates


def test_adoption_measure_and_errors(client) -> None:
    body = client.get("/api/adoption", params={"measure": "通用通兑"}).json()
    assert body["measure"]["id"] == "国办发〔2020〕3号/2"
    assert {x["id"] for x in body["regions"] if x["status"] == "adopted"} == {"440000", "130100"}
    # Guangdong's batch-3 plan is loaded and skips measure 17: that, and only that, is not-adopted
    rows = {x["id"]: x for x in client.get("/api/adoption", params={"measure": "国办发〔2020〕3号/17"}).json()["regions"]}
    assert rows["440000"]["status"] == "not-adopted" and rows["620000"]["status"] == "no-plan"
    assert client.get("/api/adoption").status_code == 422
    assert client.get("/api/adoption", params={"batch": 3, "measure": "通用通兑"}).status_code == 422
    r = client.get("/api/adoption", params={"batch": 9})
    assert r.status_code == 404 and "batch 9" in r.json()["message"]
    assert client.get("/api/charts/map.gif", params={"batch": 3}).status_code == 422


def test_map_svg_shades_what_the_data_says(client) -> None:
    r = client.get("/api/charts/map.svg", params={"measure": "通用通兑"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml")
    fills = _fills(r.content)
    assert len(fills) == 34  # every province-level shape, 港澳台 included (drawn as not modelled)
    assert fills["110000"] == NO_DOCUMENT and fills["620000"] == NO_PLAN
    assert fills["440000"] not in (NO_DOCUMENT, NOT_ADOPTED, NO_PLAN)
    city = _fills(client.get("/api/charts/map.svg", params={"batch": 3, "level": "city"}).content)
    assert city["130100"] not in (NO_DOCUMENT, NOT_ADOPTED, NO_PLAN) and city["130200"] == NO_DOCUMENT
    assert len(city) >= 333
    # the title names the measure as a reader cites it, and the legend tells the three grey states apart
    text = r.content.decode()
    assert "第3批第2项 科技创新券跨区域" in text
    assert all(w in text for w in ("未加载该地区文件", "已加载文件，无该批方案", "已加载该批方案，未采纳"))
    png = client.get("/api/charts/map.png", params={"batch": 3})
    assert png.status_code == 200 and png.content[:8] == b"\x89PNG\r\n\x1a\n"


def test_curve_svg_says_when_nothing_is_dated(client) -> None:
    r = client.get("/api/charts/adoption.svg", params={"batch": 3})
    assert r.status_code == 200
    text = r.content.decode()
    assert "没有带日期的采纳事件" in text and 'id="curve-total"' not in text


def test_coverage_table_filters_and_states(client) -> None:
    body = client.get("/api/coverage/table", params={"batch": 3}).json()
    cells = {row["region"]["id"]: row["cells"][0] for row in body["rows"]}
    assert cells["440000"]["status"] == "adopted" and cells["440000"]["adopted"] == 16
    assert cells["220000"]["status"] == "no-plan"  # Jilin's batch-2 plan is loaded, none for batch 3
    assert "110000" not in cells  # not listed unless all=true
    everything = client.get("/api/coverage/table", params={"batch": 3, "all": "true"}).json()
    assert {r["region"]["id"]: r["cells"][0]["status"] for r in everything["rows"]}["110000"] == "no-document"
    provinces = client.get("/api/coverage/table", params={"level": "province"}).json()
    assert {r["region"]["level"] for r in provinces["rows"]} == {"province"}
    hebei = client.get("/api/coverage/table", params={"region": "河北", "batch": 3}).json()
    assert {r["region"]["id"] for r in hebei["rows"]} == {"130100"}
    pilot = client.get("/api/coverage/table", params={"batch": 3, "scope": "pilot"}).json()
    assert pilot["batches"][0]["size"] < 20  # only the measures promoted in the 8 pilot regions
    line = client.get("/api/coverage/table", params={"batch": 3, "line": "科技"}).json()
    gd = {r["region"]["id"]: r["cells"][0] for r in line["rows"]}["440000"]
    assert 0 < gd["adopted"] < 16  # only those whose local lead is on the 科技 line
    assert client.get("/api/coverage/table", params={"scope": "x"}).status_code == 422
    # a misspelt line is an error naming the lines, not a table of zeros
    wrong = client.get("/api/coverage/table", params={"batch": 3, "line": "科枝"})
    assert wrong.status_code == 422 and wrong.json()["error"] == "bad_input", wrong.text
    assert "科枝" in wrong.json()["message"] and "科技" in wrong.json()["message"]


def test_diffusion_tree(client) -> None:
    body = client.get("/api/tree", params={"measure": "通用通兑"}).json()
    root = body["tree"]
    assert root["region"]["id"] == "100000"
    kids = {k["region"]["id"]: k for k in root["children"]}
    assert set(kids) == {"440000", "130000"}
    assert kids["130000"]["adopted"] is False  # 河北省 itself did not; its city did
    assert [c["region"]["id"] for c in kids["130000"]["children"]] == ["130100"]
