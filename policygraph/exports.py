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
from collections.abc import Iterable
from typing import Any

import networkx as nx

import queries
from graph.store import Store
from policygraph import service
from policygraph.errors import BadInputError, NotFoundError

EVENT_COLUMNS: tuple[str, ...] = (
    "region", "region_id", "region_level", "measure", "national_id", "national_title", "batch",
    "national_date", "adoption_date", "lag_days", "lead_department", "lead_department_as_printed",
    "lead_line", "lead_rule", "counterpart_or_shift", "local_measure_id", "local_title", "document",
    "document_id", "source_file", "adapts_score", "adapts_method",
)


def _scalar(value: Any) -> Any:
    """GraphML/GEXF attributes are scalars: lists become '|'-joined text, maps JSON."""
    if isinstance(value, list | tuple):
        return "|".join("" if v is None else str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def to_networkx(store: Store) -> nx.MultiDiGraph:
    """The whole graph as a networkx MultiDiGraph: node key = natural id, ``label`` =
    node label, edges keyed by relationship type (two nodes can be linked by several)."""
    g = nx.MultiDiGraph(name="policygraph")
    for row in store.read("export_nodes"):
        props = {k: _scalar(v) for k, v in (row["properties"] or {}).items() if v is not None and k != "id"}
        g.add_node(row["id"], label=row["label"], **props)
    for row in store.read("export_edges"):
        props = {k: _scalar(v) for k, v in (row["properties"] or {}).items() if v is not None}
        g.add_edge(row["from_id"], row["to_id"], key=row["type"], type=row["type"], **props)
    return g


def _xml_safe(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """networkx writes a type per attribute name from the first value it meets; a key
    holding an int on one node and a str on another (e.g. ``batch``) would then write
    invalid GraphML. Mixed-type attributes are written as text."""
    def fix(items: Iterable[dict[str, Any]]) -> None:
        items = list(items)
        kinds: dict[str, set[type]] = {}
        for attrs in items:
            for k, v in attrs.items():
                kinds.setdefault(k, set()).add(bool if isinstance(v, bool) else type(v))
        mixed = {k for k, t in kinds.items() if len(t) > 1}
        for attrs in items:
            for k in mixed & attrs.keys():
                attrs[k] = str(attrs[k])

    fix(d for _, d in g.nodes(data=True))
    fix(d for _, _, d in g.edges(data=True))
    return g


def graphml(store: Store) -> str:
    buf = io.BytesIO()
    nx.write_graphml(_xml_safe(to_networkx(store)), buf, encoding="utf-8", named_key_ids=True)
    return buf.getvalue().decode("utf-8")


def gexf(store: Store) -> str:
    buf = io.BytesIO()
    nx.write_gexf(_xml_safe(to_networkx(store)), buf, encoding="utf-8")
    return buf.getvalue().decode("utf-8")


def events(store: Store) -> list[dict[str, Any]]:
    """The event-history table: one row per (region, national measure) localisation.

    lag_days: local document date minus the national promotion date (blank when either
    is unknown: never invented). counterpart_or_shift: whether the local lead continues
    the national guiding department's line (from the ADAPTS link), with the reason."""
    out = []
    for r in store.read("export_adoption_events"):
        a = r.get("adapts") or {}
        deps = sorted(r.get("departments") or [], key=lambda d: (d.get("rank") or 0, d.get("id") or ""))
        leads = [d for d in deps if d.get("role") == "lead"] or [d for d in deps if d.get("role") == "shared"]
        relation = a.get("dept_relation")
        if relation is None and leads and r.get("guides"):
            guide_lines = {g.get("line") for g in r["guides"] if g.get("line")}
            lead_line = leads[0].get("line")
            if guide_lines and lead_line:
                relation = "counterpart" if lead_line in guide_lines else "shift"
        reason = a.get("dept_reason")
        out.append({
            "region": r.get("region"),
            "region_id": r.get("region_id"),
            "region_level": r.get("region_level"),
            "measure": f"{r['national_id']} {r.get('national_title') or ''}".strip(),
            "national_id": r["national_id"],
            "national_title": r.get("national_title"),
            "batch": r.get("batch"),
            "national_date": r.get("national_date"),
            "adoption_date": r.get("adoption_date"),
            "lag_days": service.lag_days(r.get("national_date"), r.get("adoption_date")),
            "lead_department": "、".join(d.get("name") or "" for d in leads) or None,
            "lead_department_as_printed": "、".join(d.get("as_printed") or "" for d in leads) or None,
            "lead_line": leads[0].get("line") if leads else None,
            "lead_rule": leads[0].get("rule") if leads else None,
            "counterpart_or_shift": f"{relation}: {reason}" if relation and reason else relation,
            "local_measure_id": r["local_id"],
            "local_title": r.get("local_title"),
            "document": r.get("document_title") or r.get("document_id"),
            "document_id": r.get("document_id"),
            "source_file": r.get("source_file"),
            "adapts_score": a.get("score"),
            "adapts_method": a.get("method"),
        })
    return out


def events_csv(store: Store) -> str:
    """The event-history table as CSV (UTF-8, header row, one row per localisation)."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(EVENT_COLUMNS), lineterminator="\n")
    w.writeheader()
    for row in events(store):
        w.writerow({k: "" if row.get(k) is None else row[k] for k in EVENT_COLUMNS})
    return buf.getvalue()


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


FORMATS = ("graphml", "gexf", "csv", "json")


def render(store: Store, fmt: str) -> str:
    """One export as text, for the CLI (``policygraph export --format …``): graphml, gexf,
    csv (the event-history table) or json (the whole graph: nodes and relationships)."""
    if fmt == "graphml":
        return graphml(store)
    if fmt == "gexf":
        return gexf(store)
    if fmt == "csv":
        return events_csv(store)
    if fmt == "json":
        return json.dumps(whole_graph(store), ensure_ascii=False, indent=1)
    raise BadInputError(f"Unknown export format {fmt!r}.", hint=f"Use one of {', '.join(FORMATS)}.")
