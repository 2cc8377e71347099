"""Time-to-interactive of a 2,000-node graph, through the same code the pages use.

The page is a file written to a temp dir that loads the vendored vis-network and our graph.js
by file:// URL, with a synthetic policygraph-shaped graph (viz.graph.synthetic_graph) in-lined.
No server is involved, so the figure is the browser's own: layout + first interactive frame.
The time is printed, never asserted (it depends on the machine); what is asserted is that the
layout finishes, physics is off, and the view then answers a zoom within a frame or two.
The offline export (pyvis route) of the same graph is measured too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import shot
from tests.viz_helpers import synthetic_graph
from viz import graph as vg

pytestmark = pytest.mark.browser

N_NODES = 2000


def scale_page(tmp: Path, graph: dict[str, Any]) -> Path:
    static = vg.STATIC_DIR
    html = f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<link rel="stylesheet" href="{(static / 'css' / 'app.css').as_uri()}">
<title>scale test</title></head><body class="page-browse"><main>
<div id="root">
  <div class="graph-progress" id="graph-progress"><progress id="graph-progress-bar" max="100" value="0"></progress>
  <span id="graph-progress-text"></span></div>
  <div id="graph" class="graph-canvas" style="height: 800px"></div>
  <div id="legend"></div><div id="node-panel"></div>
</div></main>
<script>window.T0 = performance.now();</script>
<script src="{vg.VIS_NETWORK_JS.as_uri()}"></script>
<script src="{(static / 'js' / 'app.js').as_uri()}"></script>
<script src="{(static / 'js' / 'graph.js').as_uri()}"></script>
<script>
window.PG_STYLE = {json.dumps(vg.style_config(), ensure_ascii=False)};
const GRAPH = {json.dumps(graph, ensure_ascii=False)};
const t1 = performance.now();
const data = PG.toVis(GRAPH, PG_STYLE);
const options = PG.optionsFor(data.nodes.length, data.edges.length, PG_STYLE);
const view = PG.renderGraph(document.getElementById('graph'), data, options, {{
  progress(done, total) {{ document.getElementById('graph-progress-bar').value = 100 * done / total; }},
  ready(state) {{ state.sinceNavigationMs = Math.round(performance.now()); state.scriptsMs = Math.round(t1 - window.T0); }},
}});
PG.legend(document.getElementById('legend'), PG_STYLE, Array.from(new Set(data.nodes.map(n => n.group))), view.setHidden);
window.pgView = view;
</script></body></html>"""
    path = tmp / "scale.html"
    path.write_text(html, encoding="utf-8")
    return path


FRAME_PROBE = """() => new Promise((resolve) => {
  // after layout: how long from a zoom request to the redrawn frame (the "is it usable" number)
  const net = window.pgNetwork;
  const t = performance.now();
  net.once('afterDrawing', () => resolve(Math.round(performance.now() - t)));
  net.moveTo({scale: net.getScale() * 1.5});
})"""


def test_2000_node_graph_becomes_interactive(page: Any, tmp_path: Path) -> None:
    graph = synthetic_graph(N_NODES, seed=11)
    path = scale_page(tmp_path, graph)
    page.goto(path.as_uri())
    page.wait_for_function("window.pgGraphState && window.pgGraphState.phase === 'ready'", timeout=300_000)
    st = page.evaluate("window.pgGraphState")
    frame_ms = page.evaluate(FRAME_PROBE)
    print(f"\n2,000-node graph ({st['nodes']} nodes, {st['edges']} edges, {st['iterations']} stabilisation "
          f"iterations): network constructed in {st['constructMs']} ms; time-to-interactive {st['ttiMs']} ms "
          f"after construction began ({st['sinceNavigationMs']} ms since navigation); "
          f"zoom -> redrawn frame {frame_ms} ms")
    assert st["nodes"] == N_NODES and st["physics"] is False
    assert page.evaluate("() => window.pgNetwork.physics.options.enabled") is False
    assert not page.evaluate("() => !!window.pgNetwork.physics.viewFunction")
    shot(page, "scale-2000")
    assert page.requests.offsite() == []
    assert page.js_errors == []


def test_2000_node_offline_export(page: Any, tmp_path: Path) -> None:
    html = vg.to_pyvis_html(synthetic_graph(N_NODES, seed=11), title="2,000 nodes")
    path = tmp_path / "export-2000.html"
    path.write_text(html, encoding="utf-8")
    page.goto(path.as_uri())
    page.wait_for_function("window.pgGraphState && window.pgGraphState.phase === 'ready'", timeout=300_000)
    nav_ms = page.evaluate("Math.round(performance.now())")
    print(f"\n2,000-node offline export ({len(html) // 1024} KiB): interactive ~{nav_ms} ms after navigation")
    assert page.evaluate("() => window.pgNetwork.physics.options.enabled") is False
    assert page.requests.offsite() == []
