"""Measure what issue 12 asked about, on a real ``policygraph serve`` (docs/SECURITY.md).

    python -m bench.api_safety [--docs 200]

Starts the API in a subprocess over a fresh data directory holding the five samples,
with the console on, a token and an import folder holding a generated corpus, then:
the console's hostile queries (time, API and FalkorDB peak memory), 3 million rows,
concurrent console queries, a chunked 200 MB upload, concurrent GraphML exports and
analyses, path loads outside the import folder, and SIGTERM during a path load.
Peak memory is each process's own VmHWM (/proc/<pid>/status). Prints one line per figure.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "bench-safety-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def vm(pid: int, key: str = "VmHWM") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_api(data: Path, import_dir: Path, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_URI"} | {
        "POLICYGRAPH_CONSOLE": "1", "POLICYGRAPH_TOKEN": TOKEN, "POLICYGRAPH_IMPORT_DIR": str(import_dir)}
    proc = subprocess.Popen([sys.executable, "-m", "policygraph.cli", "serve", "--host", "127.0.0.1",
                             "--port", str(port), "--data", str(data)], cwd=ROOT, env=env,
                            stdout=log.open("wb"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/api/health", timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit(f"the API did not come up: {log.read_text()[-2000:]}")


def server_pid(data: Path) -> int:
    return int((data / "falkordb.pid").read_text())


def console(url: str, query: str, timeout: float = 120) -> tuple[int, str, float]:
    t = time.perf_counter()
    r = httpx.post(url + "/api/cypher", json={"query": query}, timeout=timeout)
    body = r.json()
    what = body.get("error") or f"{body.get('count')} rows{' (truncated)' if body.get('truncated') else ''}"
    return r.status_code, what, time.perf_counter() - t


def chunked(total: int, chunk: int = 1 << 20) -> Iterator[bytes]:
    head = (b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\n"
            b"Content-Type: text/plain\r\n\r\n")
    yield head
    block = b"x" * chunk
    sent = 0
    while sent < total:
        yield block
        sent += chunk
    yield b"\r\n--b--\r\n"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=200)
    args = ap.parse_args()
    from bench.generate import generate

    with tempfile.TemporaryDirectory(prefix="pg-safety-") as tmp:
        tmpd = Path(tmp)
        data, imports = tmpd / "data", tmpd / "imports"
        generate(args.docs, imports)
        cp = subprocess.run([sys.executable, "-m", "policygraph.cli", "load", str(ROOT / "samples"), "--data", str(data)],
                            cwd=ROOT, capture_output=True, text=True)
        assert cp.returncode == 0, cp.stderr
        api, url = start_api(data, imports, tmpd / "api.log")
        try:
            fpid = server_pid(data)
            print(f"start: API VmHWM {vm(api.pid):.0f} MB, FalkorDB VmHWM {vm(fpid):.0f} MB")
            for q in ["LOAD CSV FROM 'https://127.0.0.1:9/x' AS r RETURN r",
                      "UNWIND range(1, 300000000) AS x RETURN count(x)",
                      "RETURN reduce(s = 0, x IN range(1, 100000000) | s + x)",
                      "MATCH (a), (b), (c) WHERE a.id + b.id + c.id = 'x' RETURN count(*)",
                      "UNWIND range(1, 1000000) AS x UNWIND [1, 2, 3] AS y RETURN x, y"]:
                status, what, dt = console(url, q)
                print(f"console {status} {what} in {dt:.2f} s: {q[:60]} | API VmHWM {vm(api.pid):.0f} MB, "
                      f"FalkorDB VmHWM {vm(fpid):.0f} MB")
            # two slow console queries at once: the second is refused, readers still answer
            with cf.ThreadPoolExecutor(3) as ex:
                slow = [ex.submit(console, url, "MATCH (a), (b), (c) WHERE a.id + b.id + c.id = 'x' RETURN count(*)") for _ in range(2)]
                time.sleep(0.5)
                t = time.perf_counter()
                r = httpx.get(url + "/api/who-leads", params={"measure": "通用通兑", "region": "广东"}, timeout=60)
                reader = time.perf_counter() - t
                results = [f.result() for f in slow]
            print(f"two slow console queries at once: {[(s, w) for s, w, _ in results]}; "
                  f"a who-leads meanwhile: {r.status_code} in {reader * 1000:.0f} ms")
            # chunked 200 MB upload
            before = vm(api.pid, "VmRSS")
            t = time.perf_counter()
            r = httpx.post(url + "/api/load", content=chunked(200 << 20), timeout=120,
                           headers=AUTH | {"Content-Type": "multipart/form-data; boundary=b"})
            print(f"chunked 200 MB upload: {r.status_code} {r.json().get('error')} in {time.perf_counter() - t:.2f} s; "
                  f"API VmRSS before {before:.0f} MB, VmHWM {vm(api.pid):.0f} MB")
            # eight concurrent GraphML exports, four concurrent analyses
            for path, n in (("/api/export/graphml", 8), ("/api/analysis", 4)):
                with cf.ThreadPoolExecutor(n) as ex:
                    rs = list(ex.map(lambda _, p=path: httpx.get(url + p, timeout=300), range(n)))
                codes = sorted(r.status_code for r in rs)
                retry = {r.headers.get("retry-after") for r in rs if r.status_code == 503}
                print(f"{n} concurrent {path}: {codes} (Retry-After {retry}); API VmHWM {vm(api.pid):.0f} MB")
            # path loads outside the import folder
            for p in ("/", "/etc/passwd", "/no/such/file", "../../etc", "docs/../../data"):
                r = httpx.post(url + "/api/load", json={"path": p}, headers=AUTH, timeout=30)
                print(f"path load {p!r}: {r.status_code} {r.json()['message']}")
            # a path load as a job, then SIGTERM in the middle of it
            r = httpx.post(url + "/api/load", json={"path": "docs"}, headers=AUTH, timeout=30)
            job = r.json()
            print(f"path load 'docs': {r.status_code} job {job['id']}")
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                j = httpx.get(url + f"/api/jobs/{job['id']}", headers=AUTH, timeout=30).json()
                if j["progress"]["done"] >= 5 or j["state"] != "running" and j["state"] != "queued":
                    break
                time.sleep(0.05)
            print(f"  job at SIGTERM: {j['state']} {j['progress']}")
            t = time.perf_counter()
            api.send_signal(signal.SIGTERM)
            try:
                rc = api.wait(90)
                print(f"SIGTERM during the load: API exited {rc} after {time.perf_counter() - t:.2f} s")
            except subprocess.TimeoutExpired:
                print("SIGTERM during the load: API still running after 90 s")
            time.sleep(0.5)
            alive = fpid and Path(f"/proc/{fpid}").exists()
            print(f"FalkorDB server after the API stopped: {'still running' if alive else 'stopped'}")
        finally:
            if api.poll() is None:
                api.kill()
            try:
                os.kill(server_pid(data), signal.SIGTERM)
            except (OSError, ValueError):
                pass


if __name__ == "__main__":
    main()
