"""Every JSON answer has a stable shape: these tests pin the top-level keys (and the keys
of the items a client iterates), so a change to the contract is a deliberate one."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.api, pytest.mark.store]

N = "国办发〔2020〕3号"
# each department once, in the list of its role (issue 10: who-leads answers carried them twice)
RESP = {"lead", "co", "guides", "shared_lead", "presumed_lead", "rule", "rule_explained", "statement"}
DEPT = {"as_printed", "canonical", "id", "role", "rank", "rule", "line", "method", "score"}
HIT = {"id", "key", "title", "level", "region", "document_id", "batch", "category", "status", "scope", "date",
       "untitled", "localisations", "score", "matched", "snippet"}

SHAPES = [
    ("/api/health", {}, {"status", "backend", "store", "version", "console", "load", "path_load", "import_dir", "unfinished_links"}),
    ("/api/measures", {"q": "科技创新券"}, {"total", "limit", "offset", "items", "query", "sources", "total_is_lower_bound"}),
    ("/api/measures", {}, {"total", "limit", "offset", "items", "query", "sources", "total_is_lower_bound"}),
    ("/api/who-leads", {"measure": f"{N}/2", "region": "广东"},
     {"query", "measure", "resolution", "resolved", "region", "answers", "note", "counts", "page"}),
    ("/api/trace", {"measure": f"{N}/2"}, {"measure", "resolution", "resolved", "guides", "localisations", "counts", "page"}),
    ("/api/path", {"measure": f"{N}/2"}, {"measure", "resolution", "resolved", "tree", "steps", "regions",
                                                  "counts", "page"}),
    ("/api/regions/440000", {}, {"region", "below", "measures", "batches", "departments", "counts",
                                     "page"}),
    ("/api/departments/440000/广东省科学技术厅", {}, {"department", "measures", "counts", "page",
                                                       "counterparts", "counterpart_counts", "counterparts_page"}),
    ("/api/documents", {}, {"total", "limit", "offset", "items"}),
    (f"/api/documents/{N}", {}, {"document", "region", "announces_batch", "measures", "cites", "cited_by",
                                      "cited_by_count", "cited_by_page"}),
    ("/api/batches/3", {}, {"batch", "document", "size", "measures", "regions"}),
    ("/api/coverage", {}, {"batches", "regions", "cells"}),
    ("/api/graph", {"focus": "440000"}, {"focus", "depth", "limit", "truncated", "nodes", "edges"}),
]


@pytest.mark.parametrize(("url", "params", "keys"), SHAPES, ids=[f"{u}{sorted(p)}" for u, p, _ in SHAPES])
def test_top_level_shape(client, url, params, keys):
    r = client.get(url, params=params)
    assert r.status_code == 200, r.text
    assert set(r.json()) == keys


def test_item_shapes(client):
    hit = client.get("/api/measures", params={"q": "科技创新券"}).json()["items"][0]
    assert set(hit) == HIT
    answer = client.get("/api/who-leads", params={"measure": f"{N}/2", "region": "广东"}).json()["answers"][0]
    assert set(answer) == RESP | {"via", "region", "measure", "document", "adapts"}
    assert set(answer["lead"][0]) == DEPT
    assert set(answer["measure"]) == {"id", "key", "title", "level", "status", "document_id"}
    assert set(answer["document"]) == {"id", "title", "number", "date", "source_file"}
    assert set(answer["adapts"]) == {"national_id", "score", "method"}
    loc = client.get("/api/trace", params={"measure": f"{N}/2"}).json()["localisations"][0]
    assert set(loc) == RESP | {"region", "parent_region", "level", "measure", "document", "date", "lag_days",
                               "adapts", "diff"}
    g = client.get("/api/graph", params={"focus": f"{N}/2"}).json()
    assert set(g["nodes"][0]) == {"id", "label", "title", "group", "properties"}
    assert set(g["edges"][0]) == {"from", "to", "type", "properties"}
    step = client.get("/api/path", params={"measure": f"{N}/2"}).json()["steps"][0]
    assert set(step) == {"from", "to", "to_level", "adopted", "lag_days", "lag_from_parent_days"}
    detail = client.get("/api/measures/file:guangdong-third-batch-plan/一.1").json()
    assert {"id", "title", "content", "document", "region", "departments", "responsibility", "adapts",
            "adapted_by", "diff", "resolution", "batch", "localisations"} <= set(detail)
    assert {"local_text", "national_text", "kept", "added", "dropped", "reuse_ratio"} <= set(detail["diff"])
    assert detail["responsible_parties"] == [] and detail["deadline"] is None
    # 各市州政府负责: a generic party, kept on the measure, no department leads it
    parties = client.get("/api/measures/file:gansu-2018-innovation-plan/五.7").json()
    assert parties["responsible_parties"] == ["各市州政府"] and parties["departments"] == []
