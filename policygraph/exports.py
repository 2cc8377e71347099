"""Exports for other tools: GraphML and GEXF (Gephi, Cytoscape, networkx), the
event-history CSV (one row per localisation, for diffusion/event-history models), and
JSON of the whole graph or of any named read query.

Everything reads through named queries on a handed-in store (no connections here) and
returns text or plain data, so the CLI writes it to a file and the API streams it.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import networkx as nx

import queries
from graph.store import Store
from loaders import regions as region_ref
from policygraph.dates import lag_days
from policygraph.errors import BadInputError, NotFoundError
from policygraph.linking import METHOD_POSITION as POSITION_METHOD
from policygraph.questions.common import split_roles

EVENT_COLUMNS: tuple[str, ...] = (
    "region", "region_id", "region_level", "parent_id", "measure", "national_id", "national_title", "batch",
    "national_date", "adoption_date", "lag_days", "status", "lead_department", "lead_department_as_printed",
    "lead_line", "lead_rule", "co_departments", "co_lines", "counterpart_or_shift", "dept_reason",
    "local_measure_id", "local_title", "document", "document_id", "source_file", "adapts_score",
    "adapts_method", "position_only", "reuse_ratio",
)

BOM = "\ufeff"  # Excel on Chinese Windows reads UTF-8 CSV as GBK unless it starts with a BOM

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _scalar(value: Any) -> Any:
    """GraphML/GEXF attributes are scalars: lists become '|'-joined text, maps JSON."""
    if isinstance(value, list | tuple):
        return "|".join("" if v is None else str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def node_name(label: str, props: dict[str, Any], node_id: str) -> str:
    """What a person reads on a node in Gephi or yEd: a measure's title (its number when
    listed by count only), a document's title or 文号 (else 未注明标题的文件 and its file), a
    region's or department's name, 第N批 for a batch; the id when nothing else is known."""
    if label == "Batch" and props.get("number") is not None:
        return f"第{props['number']}批"
    if label == "Measure" and not props.get("title"):
        return f"{props.get('key') or node_id}（未列名称）"
    for k in ("title", "name", "number"):
        if props.get(k):
            return str(props[k])
    if label == "Document" and props.get("source_file"):  # as the pages say it, not file:<stem>
        return f"未注明标题的文件（{props['source_file']}）"
    return node_id


def _iso_date(value: Any) -> str | None:
    return value[:10] if isinstance(value, str) and _ISO_DATE.match(value) else None


def to_networkx(store: Store) -> nx.MultiDiGraph:
    """The whole graph as a networkx MultiDiGraph, ready for GraphML and GEXF.

    Node key = natural id; ``label`` = the node's name or title (what Gephi shows);
    ``kind`` = the graph label (Measure, Document, …); ``start`` = its ISO date when
    known (Gephi's timeline). Every edge has a unique key ``e<n>`` (the GraphML/GEXF edge
    id), ``label`` and ``relationship`` = its type (never GEXF's reserved ``type``), and
    ``start`` = its own date, else the later of its ends' dates. A node property named
    property named like one the formats reserve is kept with a ``prop_`` prefix."""
    node_reserved = {"label", "kind", "start", "end", "pid", "viz", "spells"}
    edge_reserved = {"label", "relationship", "start", "end", "id", "type", "key", "weight", "viz", "spells"}
    g = nx.MultiDiGraph(name="policygraph")
    for row in store.read("export_nodes"):
        raw = row["properties"] or {}
        props = {(f"prop_{k}" if k in node_reserved else k): _scalar(v)
                 for k, v in raw.items() if v is not None and k != "id"}
        attrs: dict[str, Any] = {"label": node_name(row["label"], raw, row["id"]), "kind": row["label"], **props}
        if (d := _iso_date(raw.get("date"))) is not None:
            attrs["start"] = d
        g.add_node(row["id"], **attrs)
    for i, row in enumerate(store.read("export_edges")):
        raw = row["properties"] or {}
        props = {(f"prop_{k}" if k in edge_reserved else k): _scalar(v) for k, v in raw.items() if v is not None}
        attrs = {"label": row["type"], "relationship": row["type"], **props}
        ends = [g.nodes[n].get("start") for n in (row["from_id"], row["to_id"]) if n in g]
        start = _iso_date(raw.get("date")) or max((d for d in ends if d), default=None)
        if start is not None:
            attrs["start"] = start
        g.add_edge(row["from_id"], row["to_id"], key=f"e{i}", **attrs)
    return g


def _typed(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """One type per attribute name, over nodes and edges together (GraphML declares a key
    per name and type; GEXF per name): ints and floats mixed become floats, anything
    else mixed becomes text, so a reader never meets 'abc' declared as an integer."""
    items = [d for _, d in g.nodes(data=True)] + [d for _, _, d in g.edges(data=True)]
    kinds: dict[str, set[type]] = {}
    for attrs in items:
        for k, v in attrs.items():
            kinds.setdefault(k, set()).add(type(v))
    to_float = {k for k, t in kinds.items() if len(t) > 1 and t <= {int, float}}
    to_str = {k for k, t in kinds.items() if len(t) > 1 and k not in to_float}
    for attrs in items:
        for k in to_float & attrs.keys():
            attrs[k] = float(attrs[k])
        for k in to_str & attrs.keys():
            attrs[k] = str(attrs[k])
    return g


XML_HEAD = '<?xml version="1.0" encoding="utf-8"?>\n'


def graphml_chunks(store: Store) -> Iterator[str]:
    """GraphML as text chunks (for streaming). Keys get generated ids (d0, d1, …): a
    node key and an edge key may share a name, and GraphML key ids must be unique."""
    g = _typed(to_networkx(store))
    yield XML_HEAD
    for line in nx.generate_graphml(g, encoding="utf-8"):
        yield line + "\n"


def gexf_chunks(store: Store) -> Iterator[str]:
    """GEXF 1.2 as text chunks: readable labels, the relationship type as an attribute,
    node and edge ``start`` dates (mode dynamic, timeformat date) for Gephi's timeline."""
    g = _typed(to_networkx(store))
    for _u, _v, key, attrs in g.edges(keys=True, data=True):
        attrs["id"] = key  # networkx's GEXF writer numbers edges afresh unless given an id
    yield XML_HEAD
    for line in nx.generate_gexf(g, encoding="utf-8"):
        yield line + "\n"


def graphml(store: Store) -> str:
    return "".join(graphml_chunks(store))


def gexf(store: Store) -> str:
    return "".join(gexf_chunks(store))


def joined(deps: list[dict[str, Any]], key: str) -> str | None:
    return "、".join(str(d.get(key) or "") for d in deps) or None


def dept_lines(deps: list[dict[str, Any]]) -> str | None:
    return "|".join(dict.fromkeys(d.get("line") or "?" for d in deps)) or None


def events(store: Store) -> list[dict[str, Any]]:
    """The adoption table: one row per localisation (ADAPTS edge). For event-history
    models with never-adopters and censoring use :mod:`policygraph.panel`.

    lag_days: local document date minus the national promotion date (blank when either
    is unknown: never invented). counterpart_or_shift: the relation linking computed
    (counterpart when the local lead continues ANY guiding department's line, shift when
    it is on none of them), dept_reason: why, in words."""
    out = []
    for r in store.read("export_adoption_events"):
        a = r.get("adapts") or {}
        roles = split_roles(r.get("departments") or [])
        leads, co = roles["lead"], roles["co"]
        rec = region_ref.get(r.get("region_id") or "")
        out.append({
            "region": r.get("region"),
            "region_id": r.get("region_id"),
            "region_level": r.get("region_level"),
            "parent_id": rec.parent_id if rec else None,
            "measure": f"{r['national_id']} {r.get('national_title') or ''}".strip(),
            "national_id": r["national_id"],
            "national_title": r.get("national_title"),
            "batch": r.get("batch"),
            "national_date": r.get("national_date"),
            "adoption_date": r.get("adoption_date"),
            "lag_days": lag_days(r.get("national_date"), r.get("adoption_date")),
            "status": r.get("local_status"),
            "lead_department": joined(leads, "name"),
            "lead_department_as_printed": joined(leads, "as_printed"),
            "lead_line": leads[0].get("line") if leads else None,
            "lead_rule": leads[0].get("rule") if leads else None,
            "co_departments": joined(co, "name"),
            "co_lines": dept_lines(co),
            "counterpart_or_shift": a.get("dept_relation"),
            "dept_reason": a.get("dept_reason"),
            "local_measure_id": r["local_id"],
            "local_title": r.get("local_title"),
            "document": r.get("document_title") or r.get("document_id"),
            "document_id": r.get("document_id"),
            "source_file": r.get("source_file"),
            "adapts_score": a.get("score"),
            "adapts_method": a.get("method"),
            "position_only": a.get("method") == POSITION_METHOD,
            "reuse_ratio": a.get("reuse_ratio"),
        })
    return out


def csv_chunks(columns: Sequence[str], rows: Iterable[dict[str, Any]], *, bom: bool = False,
               every: int = 500) -> Iterator[str]:
    """CSV text in chunks of ``every`` rows: header first, None as empty, booleans as
    1/0 (what R, Stata and Excel read as numbers). ``bom``: start with a UTF-8 BOM."""
    buf = io.StringIO()
    if bom:
        buf.write(BOM)
    w = csv.DictWriter(buf, fieldnames=list(columns), lineterminator="\n", extrasaction="ignore")
    w.writeheader()
    for i, row in enumerate(rows, 1):
        w.writerow({k: "" if row.get(k) is None else int(row[k]) if isinstance(row[k], bool) else row[k]
                    for k in columns})
        if i % every == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def events_csv_chunks(store: Store, *, bom: bool = False) -> Iterator[str]:
    return csv_chunks(EVENT_COLUMNS, events(store), bom=bom)


def events_csv(store: Store, *, bom: bool = False) -> str:
    """The adoption table as CSV (UTF-8, header row, one row per localisation)."""
    return "".join(events_csv_chunks(store, bom=bom))


def whole_graph(store: Store) -> dict[str, Any]:
    """The whole graph as ``{"nodes": [{id, labels, properties}], "relationships": [{type,
    start, end, properties}]}``: what ``policygraph export --format json`` writes."""
    return {
        "nodes": [{"id": r["id"], "labels": [r["label"]], "properties": r["properties"] or {}}
                  for r in store.read("export_nodes")],
        "relationships": [{"type": r["type"], "start": r["from_id"], "end": r["to_id"],
                           "properties": r["properties"] or {}}
                          for r in store.read("export_edges")],
    }


def graph_json(store: Store) -> dict[str, Any]:
    """The whole graph in /api/graph's browser shape, ``{nodes: [{id, label, properties}],
    edges: [{from, to, type, properties}]}``, so the graph page draws it like a subgraph."""
    g = whole_graph(store)
    return {
        "nodes": [{"id": n["id"], "label": n["labels"][0], "properties": n["properties"]} for n in g["nodes"]],
        "edges": [{"from": r["start"], "to": r["end"], "type": r["type"], "properties": r["properties"]}
                  for r in g["relationships"]],
    }


PARAM_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def check_param_names(params: Any, where: str = "params") -> None:
    """Parameter names must be Cypher identifiers and map keys non-empty, at any depth:
    the drivers cannot send anything else (FalkorDB's client raises on an empty name),
    so such input is refused as bad input before it reaches a store."""
    if isinstance(params, dict):
        for k, v in params.items():
            if where == "params" and not PARAM_NAME.fullmatch(str(k)):
                raise ValueError(f"parameter name {k!r} is not a Cypher identifier ([A-Za-z_][A-Za-z0-9_]*)")
            if where != "params" and (not str(k) or "`" in str(k)):
                raise ValueError(f"map key {k!r} inside params is empty or holds a backtick "
                                 "(FalkorDB's client cannot send such keys)")
            check_param_names(v, where=f"{where}.{k}")
    elif isinstance(params, list):
        for v in params:
            check_param_names(v, where=where)



def read_queries() -> list[dict[str, Any]]:
    """Every named read query with its parameters and description (for ?query=)."""
    out = []
    for name in queries.names():
        q = queries.get(name, "neo4j")
        if q.mode == "read":
            out.append({"name": name, "parameters": q.parameters, "description": q.description})
    return out


def query_json(store: Store, name: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
    """Rows of one named READ query with the given parameters. Write statements are
    refused before anything runs; a missing parameter is a 422 naming it."""
    try:
        q = queries.get(name, store.backend)
    except KeyError:
        raise NotFoundError(f"No query named {name!r}.",
                            hint="GET /api/queries lists the named read queries and their parameters.") from None
    if q.mode != "read":
        raise BadInputError(f"Query {name!r} writes to the graph; only read queries can be exported.",
                            hint="GET /api/queries lists the named read queries.")
    params = dict(params or {})
    try:
        check_param_names({k: v for k, v in params.items() if k in q.parameters})
    except ValueError as e:
        raise BadInputError(f"Bad parameters for {name!r}: {e}.",
                            hint="Map keys inside params must be non-empty.") from None
    missing = [p for p in q.parameters if p not in params]
    if missing:
        raise BadInputError(f"Query {name!r} needs the parameter(s) {', '.join(missing)}.",
                            hint='Pass them as params={"' + missing[0] + '": …} (JSON), or as ?'
                                 + missing[0] + '=… for text values.')
    unknown = [p for p in params if p not in q.parameters]
    for p in unknown:
        params.pop(p)
    rows = store.read(name, params)
    return {"query": name, "parameters": params, "ignored": unknown, "count": len(rows), "rows": rows}


FORMATS = ("graphml", "gexf", "csv", "panel", "json")


def render_chunks(store: Store, fmt: str, *, bom: bool = False, **panel_options: Any) -> Iterator[str]:
    """One export as text chunks: graphml, gexf, csv (the adoption table), panel (the
    event-history panel; ``panel_options``: batch, censor, unloaded) or json (the whole
    graph). ``bom`` starts the CSV formats with a UTF-8 BOM (Excel)."""
    if fmt == "graphml":
        return graphml_chunks(store)
    if fmt == "gexf":
        return gexf_chunks(store)
    if fmt == "csv":
        return events_csv_chunks(store, bom=bom)
    if fmt == "panel":
        from policygraph import panel

        return panel.csv_chunks(store, bom=bom, **panel_options)
    if fmt == "json":
        return iter([json.dumps(whole_graph(store), ensure_ascii=False, indent=1)])
    raise BadInputError(f"Unknown export format {fmt!r}.", hint=f"Use one of {', '.join(FORMATS)}.")


def render(store: Store, fmt: str, *, bom: bool = False, **panel_options: Any) -> str:
    """One export as text, for the CLI (``policygraph export --format …``)."""
    return "".join(render_chunks(store, fmt, bom=bom, **panel_options))
