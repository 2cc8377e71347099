"""viz/: graph data shape, stable styling, the offline export, and the page shells.

No database: the page shells are rendered through the pages router alone (their data comes from
the JSON API in the browser, which tests/browser covers against the real app).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.testclient import TestClient

from graph.schema import LABELS, RELATIONSHIP_TYPES
from tests.viz_helpers import assert_offline, synthetic_graph
from viz import graph as vg

# An asset reference to anything not served by policygraph itself.
REMOTE_ASSET = re.compile(
    r"""(?:\b(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//)|(?:url\(\s*["']?\s*(?:https?:)?//)|(?:@import\s+["']?(?:https?:)?//)""",
    re.IGNORECASE,
)

SAMPLE_GRAPH = {
    "focus": "国办发〔2020〕3号/2",
    "nodes": [
        {"id": "国办发〔2020〕3号/2", "label": "Measure", "title": "以企业为主体的产学研合作通用通兑机制",
         "group": "Measure", "properties": {"level": "national", "title": "以企业为主体的产学研合作通用通兑机制"}},
        {"id": "file:guangdong-third-batch-plan/一.2", "label": "Measure", "title": "建立通用通兑机制",
         "group": "Measure", "properties": {"level": "provincial", "region_id": "440000"}},
        {"id": "440000/广东省科学技术厅", "label": "Department", "title": "广东省科学技术厅",
         "group": "Department", "properties": {"name": "广东省科学技术厅"}},
        {"id": "440000", "label": "Region", "title": "广东省", "group": "Region",
         "properties": {"name": "广东省", "short": "广东", "level": "province"}},
        {"id": "batch-3", "label": "Batch", "title": "第3批", "group": "Batch", "properties": {"number": 3}},
        # duplicate node: must be dropped, not drawn twice
        {"id": "440000", "label": "Region", "title": "广东省", "group": "Region", "properties": {}},
    ],
    "edges": [
        {"from": "file:guangdong-third-batch-plan/一.2", "to": "国办发〔2020〕3号/2", "type": "ADAPTS",
         "properties": {"score": 0.93, "method": "title+content"}},
        {"from": "440000/广东省科学技术厅", "to": "file:guangdong-third-batch-plan/一.2", "type": "LEADS",
         "properties": {"role": "lead", "as_printed": "省科技厅"}},
        {"from": "batch-3", "to": "国办发〔2020〕3号/2", "type": "PROMOTES", "properties": {}},
        # dangling edge (other end cut by the API's limit): must be dropped
        {"from": "440000", "to": "not-in-this-subgraph", "type": "PART_OF", "properties": {}},
    ],
}


# ----------------------------------------------------------------------------- vis data shape

def test_vis_data_shape() -> None:
    data = vg.vis_data(SAMPLE_GRAPH)
    assert [n["id"] for n in data["nodes"]] == [
        "国办发〔2020〕3号/2", "file:guangdong-third-batch-plan/一.2", "440000/广东省科学技术厅", "440000", "batch-3"]
    for n in data["nodes"]:
        assert set(n) >= {"id", "label", "title", "group"}
        assert n["group"] in LABELS
        assert isinstance(n["title"], str) and n["id"] in n["title"]  # tooltip names the node
    by_id = {n["id"]: n for n in data["nodes"]}
    # caption is the display name, never the bare schema label
    assert by_id["440000"]["label"] == "广东"
    assert by_id["440000/广东省科学技术厅"]["label"] == "广东省科学技术厅"
    assert by_id["国办发〔2020〕3号/2"]["label"].endswith("…")  # long titles are shortened
    assert len(by_id["国办发〔2020〕3号/2"]["label"]) == vg.CAPTION_MAX_CHARS
    assert by_id["国办发〔2020〕3号/2"]["size"] > vg.vis_options(5, 3)["nodes"]["size"]  # national stands out
    assert [(e["from"], e["to"], e["type"]) for e in data["edges"]] == [
        ("file:guangdong-third-batch-plan/一.2", "国办发〔2020〕3号/2", "ADAPTS"),
        ("440000/广东省科学技术厅", "file:guangdong-third-batch-plan/一.2", "LEADS"),
        ("batch-3", "国办发〔2020〕3号/2", "PROMOTES"),
    ]
    ids = [e["id"] for e in data["edges"]]
    assert len(set(ids)) == len(ids)
    assert "as_printed: 省科技厅" in data["edges"][1]["title"]
    json.dumps(data, ensure_ascii=False)  # everything is JSON-serialisable


def test_node_kind_accepts_label_or_group() -> None:
    assert vg.node_kind({"id": "x", "label": "Region", "group": "something"}) == "Region"
    assert vg.node_kind({"id": "x", "label": "广东省", "group": "Region"}) == "Region"
    assert vg.node_kind({"id": "x", "properties": {"_label": "Batch"}}) == "Batch"
    # display label in `label`, schema label in `group`: the caption is the display label
    assert vg.node_caption({"id": "440000", "label": "广东省", "group": "Region"}) == "广东省"


def test_empty_and_unknown_labels() -> None:
    assert vg.vis_data({"nodes": [], "edges": []}) == {"nodes": [], "edges": []}
    data = vg.vis_data({"nodes": [{"id": "n1", "label": "Committee", "group": "Committee"}], "edges": []})
    node = data["nodes"][0]
    assert node["color"] == vg.label_colour("Committee") and node["shape"] == "ellipse"


# ----------------------------------------------------------------------------- styling

PINNED_COLOURS = {"Measure": "#D55E00", "Document": "#0072B2", "Batch": "#E69F00", "Region": "#009E73",
                  "Department": "#CC79A7"}


def test_colours_per_label_are_stable_and_distinct() -> None:
    # Pinned: a researcher's legend in a saved screenshot must still match next release.
    assert {lab: vg.label_colour(lab) for lab in LABELS} == PINNED_COLOURS
    assert len(set(PINNED_COLOURS.values())) == len(PINNED_COLOURS)
    shapes = {vg.label_shape(lab) for lab in LABELS}
    assert len(shapes) == len(LABELS)  # colour is never the only cue


def test_fallback_colour_does_not_depend_on_hash_seed() -> None:
    code = "from viz.graph import label_colour; print(label_colour('Committee'), label_colour('Law'))"
    outs = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        outs.add(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                                check=True, cwd=Path(__file__).resolve().parents[2]).stdout)
    assert len(outs) == 1


def test_every_schema_label_and_relationship_is_styled() -> None:
    cfg = vg.style_config()
    assert set(cfg["labels"]) == set(LABELS)
    assert set(cfg["edges"]) == set(RELATIONSHIP_TYPES)
    assert all(v["color"] != vg.DEFAULT_EDGE["color"] for v in cfg["edges"].values())


def test_layout_is_bounded_and_settles() -> None:
    small, big = vg.vis_options(40, 60), vg.vis_options(2000, 4000)
    for o in (small, big):
        st = o["physics"]["stabilization"]
        assert st["enabled"] and 0 < st["iterations"] <= 1000  # bounded, so stabilisation ends
    assert small["layout"]["improvedLayout"] is True
    assert big["layout"]["improvedLayout"] is False  # O(n^2) seeding would take minutes
    assert big["edges"]["smooth"] is False
    assert big["physics"]["stabilization"]["iterations"] < small["physics"]["stabilization"]["iterations"]


# ----------------------------------------------------------------------------- offline export

def test_export_html_has_no_remote_assets() -> None:
    html = vg.to_pyvis_html(SAMPLE_GRAPH, title="通用通兑")
    assert not REMOTE_ASSET.search(html), REMOTE_ASSET.search(html)
    assert_offline(html)
    assert not re.search(r"<(script|link)[^>]+(src|href)=", html, re.IGNORECASE)
    assert "vis-network" in html and vg.VIS_NETWORK_VERSION in html  # the vendored build, in-lined
    assert "stabilizationIterationsDone" in html and "physics: {enabled: false}" in html
    assert "广东省科学技术厅" in html  # Chinese kept as text, not mangled
    assert html.lower().count("<script") == html.lower().count("</script>") == 2


def test_pyvis_own_template_would_use_a_cdn() -> None:
    """Documents why we render pyvis through our own template: its own pulls CDN assets."""
    from pyvis.network import Network

    net = Network(cdn_resources="in_line")
    net.add_node(1, label="a")
    assert re.search(r"https://cdn\.jsdelivr\.net", net.generate_html())


def test_export_cannot_be_broken_out_of_by_data() -> None:
    evil = "</script><script>window.pwned=1</script><!--"
    g = {"nodes": [{"id": "m1", "label": "Measure", "title": evil, "group": "Measure", "properties": {"title": evil}}],
         "edges": []}
    html = vg.to_pyvis_html(g, title=evil)
    assert "<script>window.pwned" not in html
    assert html.lower().count("</script>") == 2
    assert "&lt;/script&gt;" in html  # the title, escaped


def test_export_of_a_large_graph() -> None:
    g = synthetic_graph(2000, seed=3)
    assert len(g["nodes"]) == 2000
    ids = {n["id"] for n in g["nodes"]}
    assert len(ids) == 2000 and all(e["from"] in ids and e["to"] in ids for e in g["edges"])
    html = vg.to_pyvis_html(g)
    assert_offline(html)
    assert '"improvedLayout": false' in html


def test_vendored_vis_network_is_pinned_and_licensed() -> None:
    assert hashlib.sha256(vg.VIS_NETWORK_JS.read_bytes()).hexdigest() == vg.VIS_NETWORK_SHA256
    vendor = vg.VIS_NETWORK_JS.parent
    assert (vendor / "LICENSE-MIT").is_file() and (vendor / "LICENSE-APACHE-2.0").is_file()
    assert f"@version {vg.VIS_NETWORK_VERSION}" in vg.VIS_NETWORK_JS.read_text(encoding="utf-8")[:1000]


def test_assert_offline_catches_remote_references() -> None:
    for bad in ('<script src="https://cdn.example/x.js"></script>', '<link href="//cdn.example/x.css">',
                "<style>@import 'https://x/y.css'</style>", "<div style=\"background:url(http://x/y.png)\">"):
        with pytest.raises(AssertionError):
            assert_offline(bad)
    assert_offline('<a>https://example.org is only text</a><script src="/static/x.js"></script>')


# ----------------------------------------------------------------------------- page shells

@pytest.fixture(scope="module")
def pages_client() -> TestClient:
    import api.pages

    app = FastAPI()
    app.include_router(api.pages.router)
    app.mount("/static", StaticFiles(directory=str(vg.STATIC_DIR)), name="static")
    return TestClient(app)


PAGES = ["/", "/?q=创新券", "/measure?id=国办发〔2020〕3号/2", "/region?id=440000",
         "/department?id=440000/广东省科学技术厅", "/document?id=国办发〔2020〕3号", "/browse",
         "/browse?focus=440000&depth=1"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_are_offline_and_name_their_json_source(pages_client: TestClient, path: str) -> None:
    r = pages_client.get(path)
    assert r.status_code == 200, r.text[:300]
    assert r.headers["content-type"].startswith("text/html")
    html = r.text
    assert '<html lang="zh-CN">' in html
    assert_offline(html)
    assert not REMOTE_ASSET.search(html)
    assert re.search(r'class="json-link" href="/api/', html)  # datasette habit: the JSON behind the page
    for href in ("/api/export/graphml", "/api/export/gexf", "/api/export/events.csv", "/api/export/json"):
        assert f'href="{href}"' in html
    # every local script/stylesheet the page names is actually served
    for asset in re.findall(r'(?:src|href)="(/static/[^"?]+)', html):
        assert pages_client.get(asset).status_code == 200, asset


def test_measure_page_json_links(pages_client: TestClient) -> None:
    html = pages_client.get("/measure", params={"id": "国办发〔2020〕3号/2"}).text
    assert "/api/measures/%E5%9B%BD%E5%8A%9E%E5%8F%91%E3%80%942020%E3%80%953%E5%8F%B7%2F2" in html
    assert "/api/trace?measure=" in html and "/api/graph?focus=" in html


def test_missing_id_is_a_readable_error(pages_client: TestClient) -> None:
    r = pages_client.get("/measure")
    assert r.status_code == 400
    assert 'role="alert"' in r.text and "id" in r.text


def test_static_assets_reference_nothing_remote() -> None:
    for p in vg.STATIC_DIR.rglob("*"):
        if p.suffix in (".js", ".css", ".html") and "vendor" not in p.parts:
            text = p.read_text(encoding="utf-8")
            assert not REMOTE_ASSET.search(text), p
            assert not re.search(r"https?://", text), p  # our own code never names a remote host
    for p in vg.TEMPLATES_DIR.glob("*.html"):
        assert not re.search(r"https?://", p.read_text(encoding="utf-8")), p


# ----------------------------------------------------------------------------- Python <-> JS parity

NODE = shutil.which("node")


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_graph_js_matches_python() -> None:
    """graph.js must draw what viz/graph.py describes: same items, same size-dependent options."""
    js = (vg.STATIC_DIR / "js" / "graph.js").read_text(encoding="utf-8")
    sizes = [(0, 0), (10, 5), (150, 300), (151, 401), (200, 1000), (201, 1001), (1000, 2999), (1001, 3001), (5000, 9000)]
    script = (
        "globalThis.window = globalThis;\n" + js + "\n"
        f"const style = {json.dumps(vg.style_config(), ensure_ascii=False)};\n"
        f"const graph = {json.dumps(SAMPLE_GRAPH, ensure_ascii=False)};\n"
        f"const sizes = {json.dumps(sizes)};\n"
        "const vis = PG.toVis(graph, style);\n"
        "for (const n of vis.nodes) delete n.raw; for (const e of vis.edges) delete e.raw;\n"
        "console.log(JSON.stringify({vis, options: sizes.map(([n, m]) => PG.optionsFor(n, m, style))}));\n"
    )
    out = subprocess.run([NODE, "-"], input=script, capture_output=True, text=True, check=True, timeout=60)
    got = json.loads(out.stdout)
    assert got["vis"] == vg.vis_data(SAMPLE_GRAPH)
    assert got["options"] == [vg.vis_options(n, m) for n, m in sizes]


def test_vis_subgraph_captions_groups_and_hides_raw_text():
    """The browse question answers plain nodes; how they are drawn is decided here."""
    sub = {"focus": "batch-3", "nodes": [
        {"id": "batch-3", "label": "Batch", "properties": {"number": 3}},
        {"id": "国办发〔2020〕3号/2", "label": "Measure", "properties": {"title": "通用通兑", "text": "long raw text"}},
        {"id": "440000", "label": "Region", "properties": {"name": "广东省"}}], "edges": []}
    nodes = {n["id"]: n for n in vg.vis_subgraph(sub)["nodes"]}
    assert nodes["batch-3"]["title"] == "第3批" and nodes["batch-3"]["group"] == "Batch"
    assert nodes["国办发〔2020〕3号/2"]["title"] == "通用通兑" and "text" not in nodes["国办发〔2020〕3号/2"]["properties"]
    assert nodes["440000"]["title"] == "广东省"
