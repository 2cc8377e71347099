"""A FalkorDB server that runs without the engine's query limits (started by an older
policygraph) gets them when policygraph attaches to it."""

from __future__ import annotations

from pathlib import Path

import pytest
import redis

from base.config import query_timeout_max_ms
from graph.falkor_server import FalkorServer

pytestmark = pytest.mark.store


def test_a_server_without_limits_gets_them(tmp_path: Path) -> None:
    server = FalkorServer(tmp_path / "data").ensure_running()
    conn = redis.Redis(unix_socket_path=str(server.socket_path), decode_responses=True)
    try:
        conn.execute_command("GRAPH.CONFIG", "SET", "TIMEOUT_MAX", 0)  # as an older start left it
        assert int(conn.execute_command("GRAPH.CONFIG", "GET", "TIMEOUT_MAX")[1]) == 0
        server._apply_limits()
        assert int(conn.execute_command("GRAPH.CONFIG", "GET", "TIMEOUT_MAX")[1]) == query_timeout_max_ms()
    finally:
        conn.close()
        server.stop()
