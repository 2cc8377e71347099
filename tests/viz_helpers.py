"""Test helpers for the graph view: a synthetic policygraph-shaped graph (for the browser's
scale tests) and a check that an HTML document references no remote asset. Moved here from
viz/graph.py: only tests use them."""

from __future__ import annotations

import random
import re
from typing import Any


def assert_offline(document: str) -> None:
    """Raise if an HTML document references any remote asset (script/link/img/iframe/url())."""
    pat = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//|@import\s+["']?(?:https?:)?//""",
                     re.IGNORECASE)
    m = pat.search(document)
    if m:
        ctx = document[max(0, m.start() - 60): m.end() + 60]
        raise AssertionError(f"remote asset reference in HTML: …{ctx}…")


def synthetic_graph(n_nodes: int = 2000, *, seed: int = 1) -> dict[str, Any]:
    """A graph shaped like policygraph's (national measures -> provincial/city adaptations, their
    documents, regions and lead departments), for load tests of the browser view.

    Deterministic for a given seed. Roughly: 5% national measures, 60% local measures, the rest
    documents, regions and departments; each local measure ADAPTS one national, DERIVED_FROM one
    document, and is LEd by one or two departments.
    """
    rng = random.Random(seed)
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []

    def add(nid: str, kind: str, title: str, **props: Any) -> str:
        nodes.append({"id": nid, "label": kind, "title": title, "group": kind,
                      "properties": {"id": nid, "title": title, **props}})
        return nid

    n_nat = max(1, n_nodes // 20)
    n_regions = max(2, n_nodes // 40)
    n_docs = max(2, n_nodes // 20)
    n_depts = max(2, n_nodes // 8)
    n_local = max(0, n_nodes - n_nat - n_regions - n_docs - n_depts - 1)
    country = add("100000", "Region", "中国", name="中国", level="country")
    regions = [add(f"{110000 + i * 100}", "Region", f"地区{i}", name=f"地区{i}", level="province")
               for i in range(n_regions)]
    for r in regions:
        edges.append({"from": r, "to": country, "type": "PART_OF", "properties": {}})
    docs = [add(f"synthetic-doc-{i}", "Document", f"实施方案{i}", date=f"2020-{1 + i % 12:02d}-01")
            for i in range(n_docs)]
    for d in docs:
        edges.append({"from": d, "to": rng.choice(regions), "type": "ISSUED_IN", "properties": {}})
    depts = [add(f"synthetic-dept-{i}", "Department", f"科技厅{i}", name=f"科技厅{i}") for i in range(n_depts)]
    for d in depts:
        edges.append({"from": d, "to": rng.choice(regions), "type": "BELONGS_TO", "properties": {}})
    nats = [add(f"国办发〔2020〕3号/{i + 1}", "Measure", f"全国举措{i + 1}", level="national")
            for i in range(n_nat)]
    for i in range(n_local):
        m = add(f"synthetic-doc-{i % n_docs}/{i}", "Measure", f"地方举措{i}", level="province")
        edges.append({"from": m, "to": rng.choice(nats), "type": "ADAPTS",
                      "properties": {"score": round(rng.uniform(0.5, 1), 2), "method": "fuzzy"}})
        edges.append({"from": m, "to": docs[i % n_docs], "type": "DERIVED_FROM", "properties": {}})
        for rank, dept in enumerate(rng.sample(depts, k=min(len(depts), rng.choice((1, 1, 2))))):
            edges.append({"from": dept, "to": m, "type": "LEADS",
                          "properties": {"role": "lead" if rank == 0 else "co", "rank": rank + 1}})
    return {"nodes": nodes, "edges": edges}
