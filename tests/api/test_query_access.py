"""Only queries whose file says ``// access: public`` can be named through the API
(queries/__init__.py): GET /api/queries lists exactly those, and /api/export/json?query=
refuses every other one with a 404 that says why, before anything runs."""

from __future__ import annotations

import pytest

import queries

pytestmark = pytest.mark.api

INTERNAL = [n for n in queries.names() if n not in queries.public_names()]


def test_the_registry_is_the_public_queries(client) -> None:
    listed = {q["name"] for q in client.get("/api/queries").json()}
    assert listed == set(queries.public_names())
    assert not listed & set(INTERNAL)


@pytest.mark.parametrize("name", ["link_done", "link_chain_up", "load_document_state", "write_regions",
                                  "delete_all", "graph_version_bump", "graph_version", "bench_transport",
                                  "duplicate_candidates", "document_add_alternate",
                                  "export_nodes", "export_edges"])  # the whole graph: streamed by /api/export/json
def test_an_internal_query_is_refused_with_a_reason(client, name: str) -> None:
    assert name in INTERNAL
    r = client.get("/api/export/json", params={"query": name, "params": '{"id": "x", "rows": []}'})
    assert r.status_code == 404, r.text
    body = r.json()
    assert body["error"] == "not_found"
    assert "is internal to policygraph" in body["message"] and name in body["message"]
    assert "GET /api/queries" in body["hint"]


def test_an_unknown_query_is_not_called_internal(client) -> None:
    r = client.get("/api/export/json", params={"query": "no_such_query"})
    assert r.status_code == 404 and "No public query named" in r.json()["message"]


def test_the_core_function_refuses_internal_queries_too(api_store) -> None:
    """policygraph.exports.query_json (the CLI's path as well) checks access itself."""
    from base.errors import NotFoundError
    from policygraph import exports

    with pytest.raises(NotFoundError, match="is internal to policygraph"):
        exports.query_json(api_store, "link_done", {"id": "x"})
    rows = exports.query_json(api_store, "stats_labels", {})
    assert rows["count"] >= 1
