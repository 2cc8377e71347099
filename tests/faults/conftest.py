"""Helpers for fault and hostile-input tests: the real CLI in a subprocess, a real
embedded store in a temporary data directory, and graph comparison by export.

Every test here goes through the same doors a user does (``policygraph`` as a process,
the API over HTTP or in-process), because what is under test is what a user sees after a
crash: exit codes, messages, and the graph left behind.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Properties that legitimately differ between two loads of the same files.
VOLATILE = {"loaded_at"}


def cli(*args: str, data: Path | None, env: dict[str, str] | None = None, timeout: float = 900,
        ) -> subprocess.CompletedProcess[str]:
    """Run ``policygraph`` exactly as a user would (its own process, no TTY)."""
    # A developer's NEO4J_URI must not leak in: the embedded store is the default under test.
    e = {k: v for k, v in os.environ.items() if k != "NEO4J_URI"} | (env or {})
    cmd = [sys.executable, "-m", "policygraph.cli", *args]
    if data is not None:
        cmd += ["--data", str(data)]
    return subprocess.run(cmd, cwd=ROOT, env=e, capture_output=True, text=True, timeout=timeout)


_PEAK_WRAPPER = (
    "import resource, subprocess, sys\n"
    "rc = subprocess.call(sys.argv[1:])\n"
    "sys.stderr.write('\\nPEAK_RSS_KB=%d\\n' % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    "sys.exit(rc)\n"
)


def cli_with_peak_rss(*args: str, data: Path, timeout: float = 900) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run the CLI under a one-child wrapper that reports that child's peak RSS (MB).

    getrusage(RUSAGE_CHILDREN) in the test process would be the peak over every child
    the session ever ran; the wrapper has exactly one."""
    e = {k: v for k, v in os.environ.items() if k != "NEO4J_URI"}
    cmd = [sys.executable, "-c", _PEAK_WRAPPER, sys.executable, "-m", "policygraph.cli", *args, "--data", str(data)]
    cp = subprocess.run(cmd, cwd=ROOT, env=e, capture_output=True, text=True, timeout=timeout)
    marker = cp.stderr.rsplit("PEAK_RSS_KB=", 1)
    peak = int(marker[1].split()[0]) / 1024 if len(marker) == 2 else float("nan")
    cp.stderr = marker[0].rstrip("\n") + "\n" if len(marker) == 2 else cp.stderr
    return cp, peak


def cli_popen(*args: str, data: Path, log: Path, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_URI"} | (env or {})
    fh = log.open("wb")
    return subprocess.Popen([sys.executable, "-m", "policygraph.cli", *args, "--data", str(data)], cwd=ROOT,
                            env=env, stdout=fh, stderr=subprocess.STDOUT)


def open_store(data: Path) -> Any:
    from graph.falkor import FalkorStore

    s = FalkorStore(data)
    s.ensure_schema()
    return s


def stats(store: Any) -> dict[str, Any]:
    from policygraph.core import PolicyGraph

    return PolicyGraph(store).stats()


def normalised_export(store: Any) -> tuple[list[str], list[str]]:
    """The whole graph as two sorted lists of canonical JSON lines (nodes, relationships),
    without properties that differ between two loads of the same files."""
    from policygraph.core import PolicyGraph

    doc = PolicyGraph(store).export_json()

    def clean(props: dict[str, Any] | None) -> dict[str, Any]:
        return {k: v for k, v in sorted((props or {}).items()) if k not in VOLATILE}

    nodes = sorted(json.dumps({"id": n["id"], "labels": n["labels"], "p": clean(n["properties"])},
                              ensure_ascii=False, sort_keys=True) for n in doc["nodes"])
    rels = sorted(json.dumps({"t": r["type"], "s": r["start"], "e": r["end"], "p": clean(r["properties"])},
                             ensure_ascii=False, sort_keys=True) for r in doc["relationships"])
    return nodes, rels


def diff_summary(a: list[str], b: list[str], limit: int = 5) -> str:
    """What differs between two normalised exports, property by property where the same
    node or relationship is in both with different properties."""
    sa, sb = set(a), set(b)
    only_a, only_b = sa - sb, sb - sa

    def key(line: str) -> str:
        d = json.loads(line)
        return d.get("id") or f"{d['t']} {d['s']} -> {d['e']}"

    by_key_b = {key(x): json.loads(x) for x in only_b}
    lines = [f"{len(only_a)} only in first, {len(only_b)} only in second, duplicates "
             f"{len(a) - len(sa)}/{len(b) - len(sb)}"]
    for x in sorted(only_a)[:limit]:
        k = key(x)
        da = json.loads(x)
        db = by_key_b.get(k)
        if db is None:
            lines.append(f"  only first: {k}")
            continue
        pa, pb = da.get("p", {}), db.get("p", {})
        diffs = {p: (pa.get(p), pb.get(p)) for p in sorted(set(pa) | set(pb)) if pa.get(p) != pb.get(p)}
        lines.append(f"  {k}: {diffs}")
    for x in sorted(only_b)[:limit]:
        if key(x) not in {key(y) for y in only_a}:
            lines.append(f"  only second: {key(x)}")
    return "\n".join(lines)


def server_pid(data: Path) -> int | None:
    try:
        return int((data / "falkordb.pid").read_text().strip())
    except (OSError, ValueError):
        return None


def kill9(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(url: str, timeout: float = 30) -> tuple[int, dict[str, Any] | None]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            body = r.read()
            status = r.status
    except urllib.error.HTTPError as e:
        body, status = e.read(), e.code
    try:
        return status, json.loads(body)
    except ValueError:
        return status, None


class Api:
    """``policygraph serve`` in a subprocess on a free loopback port."""

    def __init__(self, data: Path, log: Path, env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        e = {k: v for k, v in os.environ.items() if k != "NEO4J_URI"} | (env or {})
        self.log = log
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "policygraph.cli", "serve", "--host", "127.0.0.1", "--port", str(self.port),
             "--data", str(data)], cwd=ROOT, env=e, stdout=log.open("wb"), stderr=subprocess.STDOUT)

    def wait_up(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, f"serve exited {self.proc.returncode}: {self.log.read_text()[-2000:]}"
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise AssertionError(f"serve did not listen within {timeout}s: {self.log.read_text()[-2000:]}")

    def get(self, path: str, timeout: float = 60) -> tuple[int, dict[str, Any] | None]:
        return http_get(self.base + path, timeout)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture
def api_factory(tmp_path: Path) -> Iterator[Any]:
    started: list[Api] = []

    def make(data: Path, env: dict[str, str] | None = None) -> Api:
        api = Api(data, tmp_path / f"api-{len(started)}.log", env)
        started.append(api)
        api.wait_up()
        return api

    yield make
    for api in started:
        api.stop()


@pytest.fixture(scope="session")
def corpus_factory(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Generated corpora, one per size per session (deterministic, so shared)."""
    from bench.generate import generate

    made: dict[int, Path] = {}

    def make(n: int) -> Path:
        if n not in made:
            out = tmp_path_factory.mktemp(f"corpus{n}")
            generate(n, out)
            made[n] = out
        return made[n]

    return make


def assert_clean_cli_failure(cp: subprocess.CompletedProcess[str], code: int) -> None:
    """The CLI failed the way a user should see: the right code, a message, no traceback."""
    assert cp.returncode == code, f"exit {cp.returncode}, expected {code}\nstdout:{cp.stdout[-1500:]}\nstderr:{cp.stderr[-1500:]}"
    assert "Traceback" not in cp.stderr, cp.stderr[-3000:]
    assert cp.stderr.strip(), "a failure must say why on stderr"
