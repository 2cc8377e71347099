"""Bad input gets a 422 or 404 with the one error shape, never a 500."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.api, pytest.mark.store]

N = "国办发〔2020〕3号"
ERROR_KEYS = {"error", "message", "hint"}

BAD = [
    # (url, params, status, error code)
    ("/api/who-leads", {"measure": "完全不存在的措施名称xyz", "region": "广东"}, 404, "unknown_measure"),
    ("/api/who-leads", {"measure": f"{N}/2", "region": "火星"}, 404, "not_found"),
    ("/api/who-leads", {"measure": f"{N}/2", "region": "999999"}, 404, "not_found"),
    ("/api/who-leads", {"measure": f"{N}/2"}, 422, "bad_input"),
    ("/api/who-leads", {"region": "广东"}, 422, "bad_input"),
    ("/api/who-leads", {"measure": "", "region": "广东"}, 422, "bad_input"),
    ("/api/who-leads", {"measure": "   ", "region": "广东"}, 422, "bad_input"),
    ("/api/who-leads", {"measure": f"{N}/2", "region": " "}, 422, "bad_input"),
    ("/api/measures", {"limit": -1}, 422, "bad_input"),
    ("/api/measures", {"limit": "abc"}, 422, "bad_input"),
    ("/api/measures", {"limit": 100000}, 422, "bad_input"),
    ("/api/measures", {"offset": -5}, 422, "bad_input"),
    ("/api/measures", {"q": ""}, 422, "bad_input"),
    ("/api/measures", {"q": "  "}, 422, "bad_input"),
    ("/api/measures", {"q": "x" * 600}, 422, "bad_input"),
    ("/api/measures", {"level": "galactic"}, 422, "bad_input"),
    ("/api/measures", {"batch": "three"}, 422, "bad_input"),
    ("/api/measures", {"region": "火星"}, 404, "not_found"),
    ("/api/measures/no-such-measure-id", {}, 404, "unknown_measure"),
    ("/api/trace", {"measure": "完全不存在的措施名称xyz"}, 404, "unknown_measure"),
    ("/api/trace", {}, 422, "bad_input"),
    ("/api/path", {"measure": ""}, 422, "bad_input"),
    ("/api/graph", {"focus": f"{N}/2", "depth": 99}, 422, "bad_input"),
    ("/api/graph", {"focus": f"{N}/2", "depth": 0}, 422, "bad_input"),
    ("/api/graph", {"focus": f"{N}/2", "limit": -1}, 422, "bad_input"),
    ("/api/graph", {"focus": "no-such-node"}, 404, "not_found"),
    ("/api/graph", {}, 422, "bad_input"),
    ("/api/regions/火星", {}, 404, "not_found"),
    ("/api/regions/330000", {}, 404, "not_found"),  # a real province with nothing loaded
    ("/api/departments/440000/不存在的厅", {}, 404, "not_found"),
    ("/api/documents/no-such-document", {}, 404, "not_found"),
    ("/api/documents", {"limit": 0}, 422, "bad_input"),
    ("/api/batches/9", {}, 404, "not_found"),
    ("/api/batches/abc", {}, 422, "bad_input"),
    ("/api/batches/-1", {}, 422, "bad_input"),
    ("/api/export/json", {"query": "no_such_query"}, 404, "not_found"),
    ("/api/export/json", {"query": "find_measure_by_id"}, 422, "bad_input"),
    ("/api/export/json", {"query": "find_measure_by_id", "params": "{not json"}, 422, "bad_input"),
    ("/api/export/json", {"query": "find_measure_by_id", "params": "[1, 2]"}, 422, "bad_input"),
    # names come from the registry of public read queries only (issue 12.6)
    ("/api/export/json", {"query": "write_regions", "params": '{"rows": []}'}, 404, "not_found"),
    ("/api/export/json", {"query": "link_chain_up"}, 404, "not_found"),
    ("/api/export/json", {"query": "load_document_state"}, 404, "not_found"),
    ("/api/export/json", {"query": "../cypher/stats_labels"}, 404, "not_found"),
    ("/api/export/json", {"query": "/work/x/queries/cypher/stats_labels"}, 404, "not_found"),
    # parameters checked at the boundary (issue 12.5)
    ("/api/export/json", {"query": "find_measure_by_id", "params": '{"id": ' + "9" * 5000 + "}"}, 422, "bad_input"),
    ("/api/export/json", {"query": "find_measure_by_id", "params": '{"id": 9223372036854775808}'}, 422, "bad_input"),
    ("/api/export/json", {"query": "find_measure_by_id", "params": '{"id": ' + "[" * 2000 + "]" * 2000 + "}"},
     422, "bad_input"),
    ("/api/export/json", {"query": "find_measure_by_id", "params": '{"id": "\\ud800"}'}, 422, "bad_input"),
    ("/api/export/json", {"query": "find_measure_by_id", "params": '{"id": NaN}'}, 422, "bad_input"),
    ("/api/export/json", {"query": "find_measure_by_id", "id": "a\x00b"}, 422, "bad_input"),
    ("/api/export/json", {"query": "find_measure_by_id", "params": '{"id": {"": 1}}'}, 422, "bad_input"),
    ("/api/no-such-endpoint", {}, 404, "not_found"),
]


@pytest.mark.parametrize(("url", "params", "status", "code"), BAD, ids=[f"{u}?{p}"[:80] for u, p, _, _ in BAD])
def test_bad_input_is_4xx_with_error_shape(client, url, params, status, code):
    r = client.get(url, params=params)
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == ERROR_KEYS
    assert body["error"] == code and body["message"]
    assert body["hint"], "every error says what to try next"


def test_unknown_measure_message_is_chinese_friendly(client):
    body = client.get("/api/who-leads", params={"measure": "不存在的东西", "region": "广东"}).json()
    assert body["message"].startswith("未找到措施 '不存在的东西'") and "measure not found" in body["message"]
    assert "/api/measures?q=" in body["hint"]


def test_validation_message_names_the_field(client):
    body = client.get("/api/measures", params={"limit": "abc"}).json()
    assert "limit" in body["message"] and "abc" in body["message"]


def test_wrong_method_keeps_the_shape(client):
    r = client.delete("/api/measures")
    assert r.status_code == 405 and set(r.json()) == ERROR_KEYS


def test_malformed_json_body_is_422(console_client):
    r = console_client.post("/api/cypher", content=b"{not json", headers={"Content-Type": "application/json"})
    assert r.status_code == 422 and set(r.json()) == ERROR_KEYS
    r = console_client.post("/api/cypher", json={"query": "RETURN 1", "extra": 1})
    assert r.status_code == 422


@pytest.mark.parametrize("params", [{"": 1}, {"a b": 1}, {"x": {"": 1}}, {"x": [{"": 1}]}, {"x": {"a`b": 1}}])
def test_console_params_must_be_sendable(console_client, params):
    r = console_client.post("/api/cypher", json={"query": "RETURN 1 AS one", "params": params})
    assert r.status_code == 422 and set(r.json()) == ERROR_KEYS, r.text
