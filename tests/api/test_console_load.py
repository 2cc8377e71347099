"""The read-only Cypher console and the token-protected load endpoint."""

from __future__ import annotations

import pytest

from tests.api.conftest import TOKEN

pytestmark = [pytest.mark.api, pytest.mark.store]

WRITES = [
    "CREATE (:Measure {id: 'console-wrote-this'})",
    "MERGE (:Measure {id: 'console-wrote-this'})",
    "MATCH (m:Measure) SET m.hacked = true",
    "MATCH (m:Measure) REMOVE m.title",
    "MATCH (m:Measure) DETACH DELETE m",
    "MATCH (m:Measure) DELETE m",
    "CREATE INDEX FOR (n:Measure) ON (n.hacked)",
]


def _counts(store) -> tuple[int, int, int]:
    n = store.read("document_count")[0]["total"]
    m = store.read("find_measures_count", {"level": None, "batch": None, "region_ids": None})[0]["total"]
    e = len(store.read("export_edges"))
    return n, m, e


def test_console_off_by_default(client):
    r = client.post("/api/cypher", json={"query": "MATCH (n) RETURN count(n)"})
    assert r.status_code == 403
    body = r.json()
    assert body["error"] == "console_disabled" and "POLICYGRAPH_CONSOLE=1" in body["hint"]


def test_console_reads_with_row_limit(console_client):
    r = console_client.post("/api/cypher", json={"query": "MATCH (m:Measure) RETURN m.id AS id ORDER BY id"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["columns"] == ["id"] and body["count"] == 5 and body["truncated"] is True
    r = console_client.post("/api/cypher", json={"query": "MATCH (m:Measure {id: $id}) RETURN m.title AS t",
                                                 "params": {"id": "国办发〔2020〕3号/2"}})
    assert r.json()["rows"] == [["科技创新券跨区域“通用通兑”政策协同机制"]]


def test_console_returns_nodes_as_json(console_client):
    r = console_client.post("/api/cypher", json={"query": "MATCH (r:Region {id: '440000'}) RETURN r"})
    assert r.status_code == 200 and r.json()["rows"][0][0]["name"] == "广东省"


@pytest.mark.parametrize("query", WRITES)
def test_console_refuses_writes_and_changes_nothing(console_client, api_store, query):
    before = _counts(api_store)
    r = console_client.post("/api/cypher", json={"query": query})
    assert r.status_code == 400, r.text
    assert r.json()["error"] == "query_error"
    assert _counts(api_store) == before
    assert not api_store.read("find_measure_by_id", {"id": "console-wrote-this"})


def test_console_syntax_error_is_400(console_client):
    r = console_client.post("/api/cypher", json={"query": "MATCH (n RETRUN n"})
    assert r.status_code == 400 and r.json()["error"] == "query_error"


def test_load_disabled_without_configured_token(client):
    r = client.post("/api/load", json={"path": "samples"})
    assert r.status_code == 403
    assert r.json()["error"] == "load_disabled" and "POLICYGRAPH_TOKEN" in r.json()["hint"]


@pytest.mark.parametrize("header", [None, "Bearer wrong", "Basic " + TOKEN, TOKEN, "Bearer"])
def test_load_refuses_without_the_token(token_client, api_store, header):
    before = _counts(api_store)
    headers = {"Authorization": header} if header else {}
    r = token_client.post("/api/load", json={"path": "samples"}, headers=headers)
    assert r.status_code == 401
    assert r.json()["error"] == "unauthorized"
    assert _counts(api_store) == before


def _wait_job(c, job_id, auth, bound=120.0):
    import time

    deadline = time.monotonic() + bound  # liveness bound, not a performance figure
    while time.monotonic() < deadline:
        job = c.get(f"/api/jobs/{job_id}", headers=auth).json()
        if job["state"] in ("done", "failed", "cancelled"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish: {job}")


def test_load_with_token_path_and_upload(api_store, sample_paths):
    from tests.api.conftest import make_client

    auth = {"Authorization": f"Bearer {TOKEN}"}
    gd = next(p for p in sample_paths if p.name.startswith("guangdong"))
    c = make_client(api_store, token=TOKEN, import_dir=gd.parent.resolve())
    before = _counts(api_store)
    # same bytes as already loaded: recognised, nothing duplicated; a path load is a job
    r = c.post("/api/load", json={"path": gd.name}, headers=auth)
    assert r.status_code == 202, r.text
    assert r.headers["location"] == f"/api/jobs/{r.json()['id']}"
    job = _wait_job(c, r.json()["id"], auth)
    assert job["state"] == "done", job
    assert job["report"]["totals"]["failed"] == 0 and job["report"]["files"][0]["status"] == "unchanged"
    assert job["progress"] == {"done": 1, "total": 1}
    assert any(j["id"] == job["id"] for j in c.get("/api/jobs", headers=auth).json())
    r = c.post("/api/load", files={"file": (gd.name, gd.read_bytes(), "text/plain")}, headers=auth)
    assert r.status_code == 200, r.text
    assert r.json()["files"][0]["document_id"] == "file:guangdong-third-batch-plan"
    assert _counts(api_store) == before


def test_load_bad_requests(token_client):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    r = token_client.post("/api/load", json={"path": "/no/such/file.txt"}, headers=auth)
    assert r.status_code == 403 and r.json()["error"] == "path_load_disabled"  # no import folder set
    r = token_client.post("/api/load", json={"nope": 1}, headers=auth)
    assert r.status_code == 422
    r = token_client.post("/api/load", content=b"hello", headers=auth | {"Content-Type": "text/plain"})
    assert r.status_code == 422
    r = token_client.post("/api/load", files={"file": ("x.exe", b"MZ", "application/octet-stream")}, headers=auth)
    assert r.status_code == 422 and "only" in r.json()["message"]
    r = token_client.post("/api/load", files={"file": ("empty.txt", b"", "text/plain")}, headers=auth)
    assert r.status_code == 200 and r.json()["totals"]["failed"] == 1  # reported, not a 500


def test_load_response_has_quality_and_counts_a_second_file_once(token_client, api_store, sample_paths):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    before = _counts(api_store)
    gd = next(p for p in sample_paths if p.name.startswith("guangdong"))
    # The same plan under another name, with its indents gone: a second file of one document.
    copy = gd.read_text(encoding="utf-8").replace("\u3000", "").encode("utf-8")
    r = token_client.post("/api/load", files={"file": ("guangdong-from-portal.txt", copy, "text/plain")},
                          headers=auth)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["files"][0]["status"] == "duplicate"
    assert body["files"][0]["duplicate_of"] == "file:guangdong-third-batch-plan"
    assert body["totals"]["duplicates"] == 1
    assert body["quality"]["totals"]["duplicates"] == 1 and body["quality"]["totals"]["date_missing"] == 1
    assert body["files"][0]["quality"]["items"] == 16
    assert _counts(api_store) == before
