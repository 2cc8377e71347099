"""Issue 12: nobody reaches beyond the graph through the API, and no input gives a 5xx.

Each test is one case of the issue, through the same doors a user has: the app
in-process over a real FalkorDB store holding the five samples (console on, a token,
an import folder), and for SIGTERM and the orphaned server, real processes.
docs/SECURITY.md has the measured figures; nothing here asserts on wall time.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.faults.conftest import ROOT, cli, cli_popen, kill9, server_pid

pytestmark = [pytest.mark.store, pytest.mark.api]
pytest.importorskip("loaders.extract", reason="loaders.extract is not written yet")

from fastapi.testclient import TestClient  # noqa: E402

TOKEN = "boundary-token-91c2"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
SAMPLES = ROOT / "samples"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from graph.falkor import FalkorStore
    from policygraph.core import PolicyGraph

    s = FalkorStore(tmp_path_factory.mktemp("api-boundary"), graph_name="faults_boundary")
    s.ensure_schema()
    report = PolicyGraph(s).load([SAMPLES])
    assert report.failed == 0, report.to_dict()
    yield s
    s.close()


@pytest.fixture(scope="module")
def import_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An import folder holding one sample, a symlink pointing out, and a sub-folder
    whose symlinked file points out too."""
    root = tmp_path_factory.mktemp("imports")
    outside = tmp_path_factory.mktemp("outside")
    (outside / "secret.txt").write_text("序号\t改革举措\n1\t不应被读取\n", encoding="utf-8")
    (root / "plans").mkdir()
    (root / "plans" / "guangdong-third-batch-plan.txt").write_bytes(
        (SAMPLES / "guangdong-third-batch-plan.txt").read_bytes())
    (root / "plans" / "leak.txt").symlink_to(outside / "secret.txt")
    (root / "out").symlink_to(outside, target_is_directory=True)
    return root


def client_for(store: Any, **changes: Any) -> TestClient:
    from api.app import create_app
    from base.config import Settings

    base = dataclasses.replace(Settings.from_env(store.server.data_dir), token=TOKEN, console=True,
                               console_row_limit=50, console_timeout_ms=2000, import_dir=None)
    return TestClient(create_app(dataclasses.replace(base, **changes), store=store), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def client(store: Any, import_dir: Path) -> TestClient:
    return client_for(store, import_dir=import_dir.resolve())


# --- 3. the console -------------------------------------------------------------------------


@pytest.fixture
def listener() -> Iterator[tuple[str, list[Any]]]:
    """A TCP port on loopback that records every connection made to it."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    srv.settimeout(0.2)
    seen: list[Any] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, addr = srv.accept()
                seen.append(addr)
                conn.close()
            except OSError:
                continue

    t = threading.Thread(target=accept, daemon=True)
    t.start()
    yield f"127.0.0.1:{srv.getsockname()[1]}", seen
    stop.set()
    t.join()
    srv.close()


@pytest.mark.parametrize("template", [
    "LOAD CSV FROM 'https://{addr}/x' AS r RETURN r",
    "MATCH (d:Document) WITH d LIMIT 1 LOAD CSV FROM 'https://{addr}/' + d.id AS r RETURN r",
    "load  csv  with headers from 'http://{addr}/x' as r return r",
    "MATCH (n) /* x */ LOAD\n CSV FROM 'file:///etc/passwd' AS r RETURN r",
])
def test_console_never_reaches_outside(client: TestClient, listener: tuple[str, list[Any]], template: str) -> None:
    addr, seen = listener
    r = client.post("/api/cypher", json={"query": template.format(addr=addr)})
    assert r.status_code == 400, r.text
    assert r.json()["error"] == "query_refused" and "LOAD CSV" in r.json()["message"]
    time.sleep(0.3)  # give a (wrongly) started connection time to arrive
    assert seen == [], "the database server opened a connection"


@pytest.mark.parametrize("query", [
    "UNWIND range(1, 300000000) AS x RETURN count(x)",
    "RETURN reduce(s = 0, x IN range(1, 100000000) | s + x)",
    "RETURN [x IN range(1, 1000) | [y IN range(1, 1000) | y]]",
    "CALL apoc.load.json('file:///etc/passwd') YIELD value RETURN value",
    "RETURN apoc.util.sleep(1)",
])
def test_console_refuses_what_the_engine_limits_cannot_stop(client: TestClient, query: str) -> None:
    r = client.post("/api/cypher", json={"query": query})
    assert r.status_code == 400 and r.json()["error"] == "query_refused", r.text
    assert r.json()["hint"]


def test_console_time_limit_is_the_engines(store: Any) -> None:
    """A query that streams rows past the limit is stopped by FalkorDB's own timeout."""
    c = client_for(store, console_timeout_ms=200)
    r = c.post("/api/cypher", json={"query": "MATCH (a), (b), (c) WHERE a.id + b.id + c.id = 'x' RETURN count(*)"})
    assert r.status_code == 400, r.text
    assert "longer than allowed" in r.json()["message"]


def test_engine_limits_are_set_on_the_server(store: Any) -> None:
    from base.config import query_mem_bytes, query_timeout_max_ms

    cfg = dict(store._redis.execute_command("GRAPH.CONFIG", "GET", "*"))
    cfg = {(k.decode() if isinstance(k, bytes) else k): v for k, v in cfg.items()}
    assert int(cfg["TIMEOUT_MAX"]) == query_timeout_max_ms()
    assert int(cfg["QUERY_MEM_CAPACITY"]) == query_mem_bytes()
    folder = cfg["IMPORT_FOLDER"]
    folder = folder.decode() if isinstance(folder, bytes) else folder
    assert Path(folder).resolve() == (store.server.data_dir / "no-import").resolve()


def test_console_row_limit_is_inside_the_query(client: TestClient) -> None:
    r = client.post("/api/cypher", json={"query": "UNWIND range(1, 1000000) AS x UNWIND [1, 2, 3] AS y RETURN x, y"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["count"] == 50 and body["truncated"] is True and body["columns"] == ["x", "y"]


def test_console_queries_are_gated(store: Any) -> None:
    c = client_for(store, console_concurrency=1)
    gate = c.app.state.console_gate  # type: ignore[attr-defined]
    gate.acquire()  # one console query is running
    try:
        r = c.post("/api/cypher", json={"query": "RETURN 1 AS x"})
        assert r.status_code == 503 and r.json()["error"] == "busy", r.text
        assert int(r.headers["retry-after"]) >= 1
        # other readers are not behind the console's gate
        assert c.get("/api/measures", params={"q": "科技创新券"}).status_code == 200
    finally:
        gate.release()
    assert c.post("/api/cypher", json={"query": "RETURN 1 AS x"}).status_code == 200


# --- 4. loading by path ----------------------------------------------------------------------


def test_path_loads_are_off_without_an_import_folder(store: Any) -> None:
    c = client_for(store, import_dir=None)
    for path in ("/", "/etc/passwd", "samples"):
        r = c.post("/api/load", json={"path": path}, headers=AUTH)
        assert r.status_code == 403 and r.json()["error"] == "path_load_disabled", r.text
        assert "POLICYGRAPH_IMPORT_DIR" in r.json()["hint"]


@pytest.mark.parametrize("path", ["/", "/etc/passwd", "/etc/no-such-file", "/etc", "..", "../../etc/passwd",
                                  "plans/../../outside", "out", "out/secret.txt", "plans/leak.txt", "/proc/self/environ"])
def test_nothing_outside_the_import_folder_is_revealed(client: TestClient, path: str) -> None:
    r = client.post("/api/load", json={"path": path}, headers=AUTH)
    assert r.status_code == 403, r.text
    # one answer for all of them: nothing about whether it exists, its type or size
    assert r.json() == {"error": "outside_import_dir",
                        "message": "Only files inside the server's import folder can be loaded by path.",
                        "hint": r.json()["hint"]}


def wait_job(c: TestClient, job_id: str, bound: float = 120) -> dict[str, Any]:
    deadline = time.monotonic() + bound  # liveness bound, not a performance figure
    while time.monotonic() < deadline:
        job = c.get(f"/api/jobs/{job_id}", headers=AUTH).json()
        if job["state"] in ("done", "failed", "cancelled"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish")


def test_folder_load_skips_symlinks_that_point_out(client: TestClient) -> None:
    r = client.post("/api/load", json={"path": "plans"}, headers=AUTH)
    assert r.status_code == 202, r.text
    job = wait_job(client, r.json()["id"])
    assert job["state"] == "done", job
    files = [Path(f["path"]).name for f in job["report"]["files"]]
    assert files == ["guangdong-third-batch-plan.txt"], files  # leak.txt (-> outside) never read
    assert client.get("/api/jobs", headers=AUTH).json()[0]["id"] == job["id"]
    assert client.get("/api/jobs").status_code in (401, 403)


def test_missing_path_inside_is_404(client: TestClient) -> None:
    r = client.post("/api/load", json={"path": "plans/nope.txt"}, headers=AUTH)
    assert r.status_code == 404, r.text
    assert client.get("/api/jobs/1-deadbeef", headers=AUTH).status_code == 404
    assert client.delete("/api/jobs/1-deadbeef", headers=AUTH).status_code == 404


def test_a_queued_job_can_be_cancelled() -> None:
    from api.jobs import JobRunner

    runner = JobRunner()
    started, release = threading.Event(), threading.Event()

    def blocking(job: Any) -> dict[str, Any]:
        started.set()
        release.wait(30)
        return {"stopped": job.should_stop()}

    first = runner.submit("load", "first", blocking)
    started.wait(30)
    second = runner.submit("load", "second", lambda job: {"ran": True})
    assert runner.cancel(second.id).state == "cancelled"
    assert runner.cancel(first.id).cancel_requested
    release.set()
    assert runner.shutdown(30)
    assert first.state == "cancelled" and first.report == {"stopped": True}
    assert second.report is None  # never ran


# --- 5. malformed input: 4xx, never 5xx -----------------------------------------------------


@pytest.mark.parametrize("params", [
    {"x": 10 ** 30},
    {"x": -(2 ** 63) - 1},
    {"x": "\ud800"},
    {"x": ["a", {"b": "\udfff"}]},
    {"x": "a\x00b"},
])
def test_console_params_are_checked(client: TestClient, params: dict[str, Any]) -> None:
    import json

    body = json.dumps({"query": "RETURN $x AS x", "params": params})  # ensure_ascii keeps \ud800 escaped
    r = client.post("/api/cypher", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 422, r.text
    assert r.json()["error"] == "bad_input"


@pytest.mark.parametrize("raw", [
    '{"query": "RETURN $x AS x", "params": {"x": ' + "9" * 5000 + "}}",
    '{"query": "RETURN $x AS x", "params": {"x": ' + "[" * 2000 + "]" * 2000 + "}}",
    '{"query": "RETURN $x AS x", "params": {"x": ' + "[" * 30 + "]" * 30 + "}}",
    '{"query": "RETURN \\ud800 AS x"}',
    '{"query": "RETURN 1\\u0000 AS x"}',
])
def test_console_body_is_checked(client: TestClient, raw: str) -> None:
    r = client.post("/api/cypher", content=raw, headers={"Content-Type": "application/json"})
    assert 400 <= r.status_code < 500, r.text
    assert {"error", "message"} <= set(r.json())


@pytest.mark.parametrize("filename", ["a\x00b.txt", "a\x01.txt", "计" * 300 + ".txt", "x" * 250 + ".txt", "..",
                                      "\u202etxt.exe"])
def test_upload_filenames_are_checked(client: TestClient, filename: str) -> None:
    # A raw body: httpx would percent-encode the NUL, a hostile client need not.
    body = (b'--b\r\nContent-Disposition: form-data; name="file"; filename="' + filename.encode("utf-8")
            + b'"\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--\r\n')
    r = client.post("/api/load", content=body, headers=AUTH | {"Content-Type": "multipart/form-data; boundary=b"})
    assert r.status_code == 422, r.text
    assert r.json()["error"] == "bad_input"


# --- 7. size and concurrency -----------------------------------------------------------------


def test_declared_oversize_upload_is_refused_before_reading(client: TestClient) -> None:
    from base.config import MAX_FILE_BYTES

    r = client.post("/api/load", content=b"x" * 10,
                    headers=AUTH | {"Content-Type": "multipart/form-data; boundary=b",
                                    "Content-Length": str(MAX_FILE_BYTES + 1)})
    assert r.status_code == 413 and r.json()["error"] == "too_large", r.text


def test_chunked_oversize_upload_is_refused_while_reading(client: TestClient) -> None:
    from base.config import MAX_FILE_BYTES

    sent = [0]

    def body() -> Iterator[bytes]:
        yield b'--b\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n\r\n'
        block = b"x" * (1 << 20)
        while sent[0] < 3 * MAX_FILE_BYTES:
            sent[0] += len(block)
            yield block
        yield b"\r\n--b--\r\n"

    r = client.post("/api/load", content=body(), headers=AUTH | {"Content-Type": "multipart/form-data; boundary=b"})
    assert r.status_code == 413 and r.json()["error"] == "too_large", r.text


@pytest.mark.parametrize("path", ["/api/export/graphml", "/api/export/gexf", "/api/export/events.csv",
                                  "/api/export/json", "/api/analysis"])
def test_heavy_endpoints_are_gated(store: Any, path: str) -> None:
    c = client_for(store, heavy_concurrency=1)
    gate = c.app.state.heavy_gate  # type: ignore[attr-defined]
    gate.acquire()
    try:
        r = c.get(path)
        assert r.status_code == 503 and r.json()["error"] == "busy", r.text
        assert r.headers["retry-after"]
    finally:
        gate.release()
    r = c.get(path)
    assert r.status_code == 200, r.text[:300]
    # the place was given back after streaming: a second request gets in too
    assert c.get(path).status_code == 200


# --- 8. health -------------------------------------------------------------------------------


def test_health_shows_internals_only_to_a_token_holder(client: TestClient) -> None:
    internals = {"data_dir", "socket", "pid", "log"}
    anon = client.get("/api/health").json()
    assert anon["status"] == "ok" and not internals & set(anon["store"]) and anon["import_dir"] is None
    assert "falkordb_version" in anon["store"]
    wrong = client.get("/api/health", headers={"Authorization": "Bearer nope"}).json()
    assert not internals & set(wrong["store"])
    insider = client.get("/api/health", headers=AUTH).json()
    assert internals <= set(insider["store"]) and insider["import_dir"]


# --- 4 and 8 with real processes: SIGTERM during a load, a server left without its owner -------


def test_sigterm_during_a_path_load_stops_the_server_cleanly(tmp_path: Path, corpus_factory: Any,
                                                               api_factory: Any) -> None:
    """SIGTERM while a path load runs as a job: the API exits (the job stops at a document
    boundary), and the graph it leaves is one a later load completes without failures:
    nothing half-written."""
    import httpx

    corpus = corpus_factory(30)
    data = tmp_path / "data"
    api = api_factory(data, env={"POLICYGRAPH_TOKEN": TOKEN, "POLICYGRAPH_IMPORT_DIR": str(corpus)})
    r = httpx.post(api.base + "/api/load", json={"path": "docs"}, headers=AUTH, timeout=30)
    assert r.status_code == 202, r.text
    job_id = r.json()["id"]
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        job = httpx.get(f"{api.base}/api/jobs/{job_id}", headers=AUTH, timeout=30).json()
        if job["progress"]["done"] >= 2 or job["state"] not in ("queued", "running"):
            break
        time.sleep(0.02)
    api.proc.send_signal(signal.SIGTERM)
    api.proc.wait(120)  # liveness bound: before, SIGTERM could not stop it at all
    assert "Application shutdown complete" in api.log.read_text()
    cp = cli("load", str(corpus / "docs"), data=data)
    assert cp.returncode == 0, cp.stderr[-2000:]
    assert " 0 failed" in cp.stderr + cp.stdout


def test_a_server_whose_owner_was_killed_is_adopted_and_stopped(tmp_path: Path, corpus_factory: Any) -> None:
    """A CLI killed mid-load leaves its FalkorDB server running with no owner; the next
    process that uses the data directory adopts it and stops it when it leaves."""
    # 300 files: long enough that the load is still running when it is killed. With 30 files and
    # a one-second wait, a fast machine finished the load first and stopped the server itself.
    corpus = corpus_factory(300)
    data = tmp_path / "data"
    proc = cli_popen("load", str(corpus / "docs"), data=data, log=tmp_path / "load.log")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and server_pid(data) is None:
        time.sleep(0.05)
    pid = server_pid(data)
    assert pid, (tmp_path / "load.log").read_text()[-2000:]
    time.sleep(0.2)
    assert proc.poll() is None, "the load ended before it could be killed mid-way; give it more files"
    kill9(proc.pid)
    proc.wait(30)
    assert Path(f"/proc/{pid}").exists(), "the orphan should still run after kill -9 of its owner"
    cp = cli("stats", data=data)
    assert cp.returncode == 0, cp.stderr[-2000:]
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and _alive(pid):
        time.sleep(0.05)
    assert not _alive(pid), "the next user should stop the server it adopted"


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


# --- 8. disk full ----------------------------------------------------------------------------


def test_disk_full_is_named(tmp_path: Path, corpus_factory: Any) -> None:
    mnt = tmp_path / "small"
    mnt.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mnt)],
                                           capture_output=True).returncode != 0:
        pytest.skip("needs root and mount to make a small file system")
    try:
        cp = cli("load", str(corpus_factory(150) / "docs"), data=mnt / "data")
        assert cp.returncode == 4, cp.stderr[-2000:]
        assert "No space left on device" in cp.stderr and "not reachable" not in cp.stderr, cp.stderr[-2000:]
    finally:
        pid = server_pid(mnt / "data")
        if pid:
            kill9(pid)
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def test_console_body_size_is_bounded_while_reading(client: TestClient) -> None:
    big = b'{"query": "RETURN 1 AS x", "params": {"x": "' + b"a" * (2 << 20) + b'"}}'
    r = client.post("/api/cypher", content=big, headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and r.json()["error"] == "too_large", r.text[:300]

    def chunks() -> Iterator[bytes]:
        for i in range(0, len(big), 1 << 16):
            yield big[i:i + (1 << 16)]

    r = client.post("/api/cypher", content=chunks(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and r.json()["error"] == "too_large", r.text[:300]
    assert client.post("/api/cypher", json={"query": "RETURN 1 AS x"}).status_code == 200
