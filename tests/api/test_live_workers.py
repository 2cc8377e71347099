"""`policygraph serve --workers 2`: two uvicorn processes sharing the one FalkorDB server,
a load from another process seen by both (the answer cache is keyed by the graph's
version), and the server stopped when serve stops (no orphan)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from api.cache import VERSION_CHECK_S
from base.config import PROJECT_ROOT, SAMPLES_DIR
from tests.api.test_live import _free_port

pytestmark = [pytest.mark.api, pytest.mark.store]

N = "国办发〔2020〕3号"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return "Z" not in Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]


def test_serve_with_two_workers(tmp_path: Path) -> None:
    pytest.importorskip("loaders.extract")
    from base.config import Settings
    from policygraph.core import PolicyGraph

    data = tmp_path / "data"
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("NEO4J_URI", "POLICYGRAPH_TOKEN")}
    env["POLICYGRAPH_TOKEN"] = "workers-test-token"  # /api/health shows the server's pid to a token holder only
    proc = subprocess.Popen([sys.executable, "-m", "policygraph.cli", "serve", "--host", "127.0.0.1",
                             "--port", str(port), "--data", str(data), "--workers", "2"],
                            cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert proc.poll() is None and time.monotonic() < deadline, "serve --workers 2 did not come up"
            time.sleep(0.3)
        params = {"measure": f"{N}/2", "region": "广东"}
        server_pid = httpx.get(f"{url}/api/health",
                               headers={"Authorization": "Bearer workers-test-token"}).json()["store"]["pid"]

        def load(name: str) -> None:  # from another process, as the CLI does
            pg = PolicyGraph.open(Settings.from_env(data))
            try:
                assert pg.load([SAMPLES_DIR / name]).failed == 0
            finally:
                pg.close()
            time.sleep(VERSION_CHECK_S + 0.2)  # the documented bound for a load by another process

        def ask() -> list[httpx.Response]:
            # new connections each time, so both workers answer (and cache) it
            return [httpx.get(f"{url}/api/who-leads", params=params) for _ in range(8)]

        load("national-2020-3-third-batch.txt")
        before = ask()
        assert {a.status_code for a in before} == {200}
        assert all(a.json()["counts"]["own"] == 0 for a in before)  # not localised in 广东 yet
        load("guangdong-third-batch-plan.txt")
        after = ask()  # every worker's cached answer is stale now
        assert {a.status_code for a in after} == {200}
        assert all(a.json()["counts"]["own"] >= 1 for a in after)
        assert httpx.get(f"{url}/api/health", headers={"Authorization": "Bearer workers-test-token"}
                         ).json()["store"]["pid"] == server_pid  # one server
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(60)
    deadline = time.monotonic() + 20
    while _alive(server_pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(server_pid), "the FalkorDB server outlived serve --workers"
