"""A real server: uvicorn in a subprocess on a free port, queried with httpx.

This is the production path: the app's lifespan opens the ONE store of the process from
POLICYGRAPH_DATA (graph.open_store) and closes it at shutdown.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx
import pytest

from base.config import PROJECT_ROOT

pytestmark = [pytest.mark.api, pytest.mark.store]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def live_url(tmp_path_factory, sample_paths):
    pytest.importorskip("loaders.extract")
    from base.config import Settings
    from policygraph.core import PolicyGraph
    from policygraph.linking import relink

    data = tmp_path_factory.mktemp("live")
    pg = PolicyGraph.open(Settings.from_env(data), relink=relink)
    assert pg.load(sample_paths).failed == 0
    pg.store.close()  # the data stays in the append-only file; the server process reopens it

    port = _free_port()
    env = {**os.environ, "POLICYGRAPH_DATA": str(data), "POLICYGRAPH_CONSOLE": "0"}
    env.pop("POLICYGRAPH_TOKEN", None)
    env.pop("NEO4J_URI", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "api.app:create_app", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning"],
        cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
            pytest.fail(f"uvicorn did not come up:\n{out}")
        time.sleep(0.1)
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_live_server_answers(live_url):
    with httpx.Client(base_url=live_url, timeout=30) as c:
        h = c.get("/api/health").json()
        assert h["status"] == "ok" and h["backend"] == "falkordb" and h["console"] is False
        r = c.get("/api/who-leads", params={"measure": "科技创新券 通用通兑", "region": "广东"})
        assert r.status_code == 200
        lead = r.json()["answers"][0]["lead"][0]
        assert (lead["as_printed"], lead["canonical"]) == ("省科技厅", "广东省科学技术厅")
        r = c.get("/api/who-leads", params={"measure": "国办发〔2020〕3号/12", "region": "河北"})
        assert r.json()["answers"][0]["lead"][0]["as_printed"] == "正定海关"
        assert c.get("/api/measures", params={"limit": "abc"}).status_code == 422
        assert c.post("/api/cypher", json={"query": "RETURN 1"}).status_code == 403
        assert c.post("/api/load", json={"path": "x"}).status_code == 403
        assert c.get("/docs").status_code == 200
        assert c.get("/openapi.json").json()["info"]["title"] == "policygraph"
        assert c.get("/").status_code == 200  # the pages router is mounted
