"""Graph data for the browser: vis-network styling, options, and the offline HTML export.

Why vis-network directly, and pyvis only for the export
-------------------------------------------------------
We checked what pyvis 0.3.2 writes (``Network.generate_html()``):

* every ``cdn_resources`` mode ('local', 'in_line', 'remote') still emits ``<link>``/``<script>``
  tags for Bootstrap on cdn.jsdelivr.net and for ``../node_modules/vis/dist/vis.js``; 'local' and
  'remote' also point vis-network itself at cdnjs. On an offline machine those pages hang or
  break, and on a researcher's machine they leak what is being browsed to third parties;
* its template keeps physics running after stabilisation, so a 1,500-node graph jitters forever
  and burns a core;
* it ships vis-network 9.1.2 inside the wheel, not as a file we can serve and pin.

So the interactive pages use our own vendored copy of vis-network's *standalone* build
(``viz/static/vendor/vis-network/``, from npm, licences beside it) and a small vanilla-JS driver
(``viz/static/js/graph.js``) that stabilises once with a bounded iteration count and then turns
physics off. pyvis still earns its place where it helps: its ``Network`` is a convenient
Python-side model (add_node/add_edge with validation, options as a dict) for the *offline export*
of a subgraph, which we render through our own template (``viz/templates/export.html``) with the
vendored script in-lined, so the exported file opens from a USB stick with no network at all.

Everything about how the graph looks (colours, shapes, edge styles, physics budget) lives here,
once; the pages receive it as JSON (``style_config()``) so Python and JS cannot drift apart.

The input everywhere is the ``/api/graph`` shape from docs/ARCHITECTURE.md::

    {"nodes": [{"id", "label", "title", "group", "properties"}],
     "edges": [{"from", "to", "type", "properties"}]}
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from graph.schema import LABELS, RELATIONSHIP_TYPES

VIZ_DIR = Path(__file__).resolve().parent
STATIC_DIR = VIZ_DIR / "static"
TEMPLATES_DIR = VIZ_DIR / "templates"
VIS_NETWORK_JS = STATIC_DIR / "vendor" / "vis-network" / "vis-network.min.js"
VIS_NETWORK_VERSION = "9.1.13"
VIS_NETWORK_SHA256 = "beb41e4d2f0a4119fb3b96112c57fab570002a8cdb5c9eb5993202d28d4ae736"

# Okabe-Ito palette: distinguishable with the common colour-vision deficiencies. Each label also
# gets its own *shape*, so colour is never the only cue (WCAG 1.4.1).
LABEL_STYLE: dict[str, dict[str, str]] = {
    "Measure": {"color": "#D55E00", "shape": "dot", "zh": "举措"},
    "Document": {"color": "#0072B2", "shape": "square", "zh": "文件"},
    "Batch": {"color": "#E69F00", "shape": "diamond", "zh": "批次"},
    "Region": {"color": "#009E73", "shape": "triangle", "zh": "地区"},
    "Department": {"color": "#CC79A7", "shape": "hexagon", "zh": "部门"},
}
# Labels the schema may grow later still get a stable colour: a deterministic pick (sum of code
# points, identical in graph.js) -- never Python's salted hash(), which changes every run.
FALLBACK_COLOURS: tuple[str, ...] = ("#56B4E9", "#999999", "#7F6000", "#2F4F4F", "#8B008B", "#556B2F")

EDGE_STYLE: dict[str, dict[str, Any]] = {
    "ADAPTS": {"color": "#D55E00", "dashes": False, "width": 2.5, "zh": "改编自"},
    "PROMOTES": {"color": "#E69F00", "dashes": False, "width": 1.5, "zh": "推广"},
    "LEADS": {"color": "#CC79A7", "dashes": False, "width": 1.5, "zh": "牵头/负责"},
    "DERIVED_FROM": {"color": "#0072B2", "dashes": True, "width": 1, "zh": "出自/依据"},
    "PART_OF": {"color": "#009E73", "dashes": True, "width": 1, "zh": "隶属"},
    "BELONGS_TO": {"color": "#999999", "dashes": True, "width": 1, "zh": "属于"},
    "ISSUED_IN": {"color": "#56B4E9", "dashes": True, "width": 1, "zh": "发布于"},
}
DEFAULT_EDGE = {"color": "#888888", "dashes": False, "width": 1, "zh": ""}

# System font stack that reaches a CJK face on every desktop OS without shipping a 20 MB font:
# PingFang (macOS), Microsoft YaHei (Windows), Noto/Source Han and WenQuanYi (Linux).
FONT_STACK = ('system-ui, -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB", '
              '"Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", '
              'sans-serif')

# Above this many nodes vis-network's "improvedLayout" (Kamada-Kawai seeding, O(n^2) and more)
# dominates load time; random seeding + force layout is good enough and finishes in seconds.
IMPROVED_LAYOUT_MAX_NODES = 150
# Curved edges cost a support computation per edge on every frame; drop them on big graphs.
SMOOTH_EDGES_MAX_EDGES = 400
CAPTION_MAX_CHARS = 16
# Above this the browser asks before drawing (the whole graph of a big corpus can be 50k nodes:
# minutes of layout and a frozen tab); a focus + depth is the better way to look at it.
ASK_BEFORE_DRAWING_NODES = 5000
HIDE_EDGES_ON_DRAG_MIN_EDGES = 1000
HIDE_EDGES_ON_ZOOM_MIN_EDGES = 3000
# Layout budget by graph size: (up to this many nodes, stabilisation iterations, Barnes-Hut theta);
# None = everything larger. A coarser theta (0.9: distant clusters approximated sooner) cut the
# 2,000-node layout from ~5.4 s to ~3.7 s in headless Chromium with no visible loss; fewer
# iterations on big graphs trade a little polish for seconds the user would spend waiting.
LAYOUT_BUDGET: tuple[tuple[int | None, int, float], ...] = ((200, 600, 0.5), (1000, 300, 0.5), (None, 120, 0.9))


def label_colour(label: str) -> str:
    """The colour of a node label; the same label always gets the same colour."""
    if label in LABEL_STYLE:
        return LABEL_STYLE[label]["color"]
    return FALLBACK_COLOURS[sum(ord(c) for c in label) % len(FALLBACK_COLOURS)]


def label_shape(label: str) -> str:
    return LABEL_STYLE.get(label, {}).get("shape", "ellipse")


def stabilization_iterations(n_nodes: int) -> int:
    """A bounded iteration budget: small graphs get a careful layout, big ones a quick one.

    Each Barnes-Hut iteration is O(n log n); beyond ~1,000 nodes more iterations buy little visible
    improvement but cost seconds, and the user can still drag nodes afterwards.
    """
    return _budget(n_nodes)[1]


def _budget(n_nodes: int) -> tuple[int | None, int, float]:
    for step in LAYOUT_BUDGET:
        if step[0] is None or n_nodes <= step[0]:
            return step
    return LAYOUT_BUDGET[-1]


def vis_options(n_nodes: int, n_edges: int) -> dict[str, Any]:
    """vis-network options: stabilise once within a fixed budget, then the page turns physics off."""
    groups = {lab: {"color": {"background": s["color"], "border": "#333333",
                              "highlight": {"background": s["color"], "border": "#000000"}},
                    "shape": s["shape"]} for lab, s in LABEL_STYLE.items()}
    return {
        "autoResize": True,
        "groups": groups,
        "nodes": {"size": 14, "borderWidth": 1,
                  "font": {"face": FONT_STACK, "size": 13, "color": "#222222",
                           "strokeWidth": 3, "strokeColor": "#ffffff"}},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "color": {"inherit": False},
            "smooth": {"type": "continuous"} if n_edges <= SMOOTH_EDGES_MAX_EDGES else False,
            "font": {"face": FONT_STACK, "size": 10, "align": "middle"},
        },
        "layout": {"improvedLayout": n_nodes <= IMPROVED_LAYOUT_MAX_NODES, "randomSeed": 7},
        "physics": {
            "enabled": True,
            "solver": "barnesHut",
            "barnesHut": {"theta": _budget(n_nodes)[2], "gravitationalConstant": -4000, "springLength": 120,
                          "springConstant": 0.04, "damping": 0.3, "avoidOverlap": 0.1},
            "minVelocity": 1.0,
            "stabilization": {"enabled": True, "iterations": stabilization_iterations(n_nodes),
                              "updateInterval": 10, "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "keyboard": {"enabled": True},
                        "hideEdgesOnDrag": n_edges > HIDE_EDGES_ON_DRAG_MIN_EDGES,
                        "hideEdgesOnZoom": n_edges > HIDE_EDGES_ON_ZOOM_MIN_EDGES,
                        "navigationButtons": False, "multiselect": False},
    }


def style_config() -> dict[str, Any]:
    """What graph.js needs to draw exactly what Python would: injected into pages as JSON.

    ``options`` are the base vis-network options; ``sizeRules`` let graph.js apply the same
    size-dependent choices as ``vis_options`` once it knows how big the fetched graph is.
    """
    return {
        "labels": {lab: dict(LABEL_STYLE[lab]) for lab in LABELS if lab in LABEL_STYLE},
        "edges": {t: dict(EDGE_STYLE.get(t, DEFAULT_EDGE)) for t in RELATIONSHIP_TYPES},
        "fallbackColours": list(FALLBACK_COLOURS),
        "font": FONT_STACK,
        "captionMaxChars": CAPTION_MAX_CHARS,
        "askBeforeDrawingNodes": ASK_BEFORE_DRAWING_NODES,
        "options": vis_options(0, 0),
        "sizeRules": {
            "improvedLayoutMaxNodes": IMPROVED_LAYOUT_MAX_NODES,
            "smoothEdgesMaxEdges": SMOOTH_EDGES_MAX_EDGES,
            "budget": [list(step) for step in LAYOUT_BUDGET],  # [maxNodes|null, iterations, theta]
            "hideEdgesOnDragMinEdges": HIDE_EDGES_ON_DRAG_MIN_EDGES,
            "hideEdgesOnZoomMinEdges": HIDE_EDGES_ON_ZOOM_MIN_EDGES,
        },
    }


# ----------------------------------------------------------------------------- node semantics

def node_kind(node: Mapping[str, Any]) -> str:
    """The node's schema label. The contract names both ``label`` and ``group``; vis-network uses
    ``group`` for styling and ``label`` for the caption, but accept either holding the schema label."""
    group = node.get("group")
    label = node.get("label")
    if group in LABELS:
        return str(group)
    if label in LABELS:
        return str(label)
    props = node.get("properties") or {}
    for key in ("_label", "label", "kind"):
        if props.get(key) in LABELS:
            return str(props[key])
    return str(group or label or "Node")


def node_caption(node: Mapping[str, Any]) -> str:
    """Short text drawn under a node: the display name, never the bare schema label."""
    props = node.get("properties") or {}
    label = node.get("label")
    candidates = [] if label in LABELS else [label]
    candidates += [props.get("short"), props.get("name"), props.get("title"), node.get("title"),
                   props.get("number"), node.get("id")]
    text = next((str(c) for c in candidates if c not in (None, "")), "")
    return text if len(text) <= CAPTION_MAX_CHARS else text[: CAPTION_MAX_CHARS - 1] + "…"


def node_tooltip(node: Mapping[str, Any]) -> str:
    """Plain-text tooltip (vis-network 9 renders string titles as text, so no HTML injection)."""
    props = node.get("properties") or {}
    lines = [f"{node_kind(node)}  {node.get('id')}"]
    title = node.get("title") or props.get("title") or props.get("name")
    if title and title not in lines[0]:
        lines.append(str(title))
    for key in ("level", "date", "number", "region_name", "batch", "category"):
        if props.get(key) not in (None, "", []):
            lines.append(f"{key}: {props[key]}")
    return "\n".join(lines)


HIDDEN_PROPERTIES = ("text",)  # raw item text: long, and the page shows title/content already
# A measure's content is cut to its opening in the browser's side panel (the node's page,
# one click away, has it whole): a national measure's neighbourhood is 100 measures.
CONTENT_CHARS = 80


def vis_node(node: Mapping[str, Any]) -> dict[str, Any]:
    """A plain node ``{id, label, properties}`` as the browser draws it (the /api/graph
    shape): a caption (``title``), its ``group`` (the label), long text left out."""
    props = {k: v for k, v in (node.get("properties") or {}).items() if k not in HIDDEN_PROPERTIES}
    content = props.get("content")
    if isinstance(content, str) and len(content) > CONTENT_CHARS:
        props["content"] = content[:CONTENT_CHARS] + "…"
    label = node["label"]
    title = props.get("title") or props.get("name") or props.get("number") or node["id"]
    if label == "Batch":
        title = f"第{props.get('number')}批"
    return {"id": node["id"], "label": label, "title": title, "group": label, "properties": props}


def vis_subgraph(subgraph: Mapping[str, Any]) -> dict[str, Any]:
    """A subgraph from :func:`policygraph.questions.browse.subgraph` in the /api/graph shape."""
    return {**subgraph, "nodes": [vis_node(n) for n in subgraph["nodes"]]}


def vis_data(graph: Mapping[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Turn ``/api/graph`` JSON into vis-network DataSet items (graph.js ``toVis`` does the same).

    Node ids stay the natural keys; edges get a deterministic id so re-rendering is stable.
    Edges whose ends are missing are dropped (a ``limit`` on the API can cut a neighbourhood).
    """
    nodes: list[dict[str, Any]] = []
    seen: set[str] = set()
    for n in graph.get("nodes") or []:
        nid = str(n["id"])
        if nid in seen:
            continue
        seen.add(nid)
        kind = node_kind(n)
        item: dict[str, Any] = {"id": nid, "label": node_caption(n), "title": node_tooltip(n),
                                "group": kind}
        if kind not in LABEL_STYLE:
            item["color"] = label_colour(kind)
            item["shape"] = label_shape(kind)
        props = n.get("properties") or {}
        if kind == "Measure" and str(props.get("level", "")).lower() in ("national", "country", "国家"):
            item["size"] = 22  # national measures are the roots of every trace: make them stand out
        nodes.append(item)
    edges: list[dict[str, Any]] = []
    for i, e in enumerate(graph.get("edges") or []):
        src, dst = str(e["from"]), str(e["to"])
        if src not in seen or dst not in seen:
            continue
        etype = str(e.get("type", ""))
        st = EDGE_STYLE.get(etype, DEFAULT_EDGE)
        props = e.get("properties") or {}
        tip = etype + "".join(f"\n{k}: {v}" for k, v in props.items() if v not in (None, "", []))
        edges.append({"id": f"e{i}:{src}->{dst}:{etype}", "from": src, "to": dst, "title": tip,
                      "color": {"color": st["color"]}, "dashes": st["dashes"], "width": st["width"],
                      "type": etype})
    return {"nodes": nodes, "edges": edges}


# ----------------------------------------------------------------------------- offline export

@lru_cache(maxsize=1)
def vis_network_js() -> str:
    """The vendored script, read once; its hash is pinned so a silent swap shows up in tests."""
    return VIS_NETWORK_JS.read_text(encoding="utf-8")


def _script_safe(text: str) -> str:
    """Make text safe inside <script>…</script>.

    Only ``</script`` (and ``<!--``, which switches the HTML tokenizer into a legacy escape mode)
    can end the element early. A blanket ``</`` -> ``<\\/`` would corrupt code such as the regex
    ``/</.test(x)`` in vis-network, so touch nothing else. In JSON both escapes are harmless.
    """
    import re

    text = re.sub(r"</(script)", r"<\\/\1", text, flags=re.IGNORECASE)
    return text.replace("<!--", "<\\!--")


def to_pyvis(graph: Mapping[str, Any], *, heading: str = ""):
    """A pyvis Network of the subgraph, styled like the pages (options given as a plain dict)."""
    from pyvis.network import Network  # imported lazily: only the export needs it

    data = vis_data(graph)
    net = Network(height="100%", width="100%", directed=True, heading=heading, cdn_resources="local")
    for n in data["nodes"]:
        extra = {k: v for k, v in n.items() if k not in ("id", "label")}
        shape = extra.pop("shape", None) or label_shape(n["group"])
        net.add_node(n["id"], label=n["label"], shape=shape, **extra)
    for e in data["edges"]:
        extra = {k: v for k, v in e.items() if k not in ("from", "to")}
        net.add_edge(e["from"], e["to"], **extra)
    net.options = vis_options(len(data["nodes"]), len(data["edges"]))
    return net


def to_pyvis_html(graph: Mapping[str, Any], *, title: str = "policygraph 导出") -> str:
    """A single self-contained HTML file of the subgraph: vis-network, data, legend, all in-lined.

    Rendered by pyvis through our template (pyvis's own pulls Bootstrap from a CDN). The result has
    no http(s) asset reference at all; tests/unit/test_viz.py checks that.
    """
    net = to_pyvis(graph, heading=title)
    net.set_template_dir(str(TEMPLATES_DIR) + "/", "export.html")
    # pyvis renders with a bare jinja Environment; extra context goes through template globals.
    # tojson stays HTML-safe (<, >, &, ' escaped) but keeps Chinese readable in the saved file.
    net.templateEnv.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    net.templateEnv.globals.update(
        page_title=title,
        vis_js=_script_safe(vis_network_js()),
        style_json=_script_safe(json.dumps(style_config(), ensure_ascii=False)),
        legend=[(lab, s["zh"], s["color"], s["shape"]) for lab, s in LABEL_STYLE.items()],
        esc=html.escape,
    )
    out = net.generate_html()
    return out
