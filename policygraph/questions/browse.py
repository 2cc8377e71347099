"""Browsing: the neighbourhood of one node, as plain nodes ``{id, label, properties}`` and
edges ``{from, to, type, properties}``. How it is drawn (captions, groups, what is hidden)
is viz/graph.py's job (:func:`viz.graph.vis_subgraph`)."""

from __future__ import annotations

from typing import Any

from base.errors import NotFoundError
from graph.store import Store
from policygraph.questions.common import read

# Meaningful relationships first when a hub has more neighbours than the limit allows.
EDGE_PRIORITY = {"ADAPTS": 0, "LEADS": 1, "DERIVED_FROM": 2, "PROMOTES": 3, "ISSUED_IN": 4,
                 "PART_OF": 5, "BELONGS_TO": 6}


def subgraph(store: Store, focus: str, *, depth: int = 1, limit: int = 100) -> dict[str, Any]:
    """The neighbourhood of one node for the browser, breadth-first up to ``depth`` hops
    and ``limit`` nodes. Hop by hop in Python (one query per hop) rather than one
    variable-length match, so a hub cannot make the database enumerate every path."""
    focus = (focus or "").strip()
    start = read(store, "graph_nodes", ids=[focus])
    if not start:
        raise NotFoundError(f"未找到节点 '{focus}' (no node with this id).",
                            hint="Use a measure, document, region, department or batch id, "
                                 "e.g. 国办发〔2020〕3号/2 or 440000.")
    nodes = {focus: {"id": focus, "label": start[0]["label"], "properties": start[0]["properties"] or {}}}
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}
    frontier = [focus]
    truncated = False
    for _ in range(depth):
        if not frontier or len(nodes) >= limit:
            # Full: a further hop could only add edges among nodes already shown, at the
            # price of expanding a hub's whole neighbourhood again.
            truncated = truncated or bool(frontier)
            break
        rows = read(store, "graph_expand", ids=frontier, limit=max(limit * 5, 50))
        rows.sort(key=lambda r: (EDGE_PRIORITY.get(r["type"], 9), r["near_id"], r["other_id"]))
        nxt: list[str] = []
        for r in rows:
            other = r["other_id"]
            if other not in nodes and other not in nxt:
                if len(nodes) + len(nxt) >= limit:
                    truncated = True
                    continue
                nxt.append(other)
            key = (r["from_id"], r["to_id"], r["type"])
            edges.setdefault(key, {"from": r["from_id"], "to": r["to_id"], "type": r["type"],
                                   "properties": r["properties"] or {}})
        # Properties only for the nodes kept: parsing every neighbour's full text is
        # what made hub expansion slow.
        for n in read(store, "graph_nodes", ids=nxt) if nxt else []:
            nodes[n["id"]] = {"id": n["id"], "label": n["label"], "properties": n["properties"] or {}}
        frontier = nxt
    return {"focus": focus, "depth": depth, "limit": limit, "truncated": truncated,
            "nodes": list(nodes.values()), "edges": list(edges.values())}
