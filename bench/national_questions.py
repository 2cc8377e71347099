"""The national-scale questions of issue 10, over HTTP, before and after, in one run.

    python -m bench.national_questions --docs 1000            # generate + load, then measure
    python -m bench.national_questions --data /tmp/pg1k      # an already loaded data dir
    python -m bench.national_questions --docs 1000 --record  # append the table to bench/RESULTS.md

For each variant it starts ``policygraph serve`` on the same data and measures, per
question: one cold request (the first after start: no cached answer) and its body size,
the median of 5 further single requests, then wrk at 1 and 64 connections (p50 / p99 ms,
requests/s, non-2xx, timeouts). Variants:

- ``before``: the code of ``--baseline`` (default 271d02a, the commit issue 10 measured),
  served from a ``git worktree`` of it, one process;
- ``after, cache off``: this tree with POLICYGRAPH_CACHE=0 (what the engine and the
  questions now cost per request);
- ``after``: this tree, answer cache on, one process;
- ``after, N workers``: the same with ``serve --workers N``.

The questions are the issue's rows: who-leads by wording, wording search, a trace page,
and (single requests only, being minutes long before) analysis?batch=3.

wrk runs the same URL again and again, so with the cache on it measures cached answers;
the ``cache off`` variant and the cold single request show the uncached cost.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.run import (
    ROOT,
    _drain,
    baseline_tree,
    free_port,
    machine_info,
    publish_run,
    remove_tree,
    scratch_dir,
    scratch_options,
)

_PCT = re.compile(r"^\s*(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.M)
_RPS = re.compile(r"Requests/sec:\s+([\d.]+)")
_NON2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
_TIMEOUTS = re.compile(r"Socket errors:.*timeout (\d+)")
_N = re.compile(r"(\d+) requests in")

QUESTIONS: list[tuple[str, str, dict[str, str], bool]] = [
    # (name, path, params, run wrk)
    ("who-leads", "/api/who-leads", {"measure": "通用通兑", "region": "广东"}, True),
    ("search", "/api/measures", {"q": "知识产权"}, True),
    ("trace", "/api/trace", {"measure": "通用通兑", "limit": "20"}, True),
    ("analysis", "/api/analysis", {"batch": "3"}, False),
]


def url(base: str, path: str, params: dict[str, str]) -> str:
    return base + path + "?" + urllib.parse.urlencode(params)


def get(u: str, timeout: float = 900) -> tuple[int, int, float]:
    """(status, body bytes, ms)."""
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(u, timeout=timeout) as r:
            body = r.read()
            status = r.status
    except urllib.error.HTTPError as e:
        body, status = e.read(), e.code
    return status, len(body), (time.perf_counter() - t0) * 1000


def start(code_root: Path, data: Path, log: Path, *, workers: int, env: dict[str, str]) -> tuple[Any, str]:
    port = free_port()
    args = [sys.executable, "-m", "policygraph.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
            "--data", str(data)]
    if workers > 1:
        args += ["--workers", str(workers)]
    fh = log.open("ab")
    # `python -m` from the code's root, with it first on the path: the baseline worktree
    # serves its own code, not the editable install's.
    proc = subprocess.Popen(args, stdout=fh, stderr=fh, cwd=code_root, start_new_session=True,
                            env={**os.environ, "PYTHONPATH": str(code_root), **env})
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"serve exited with {proc.returncode}; see {log}")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(base + "/api/health", timeout=2) as r:
                if r.status == 200:
                    return proc, base
        time.sleep(0.3)
    proc.kill()
    raise RuntimeError(f"serve did not come up; see {log}")


def stop(proc: Any) -> None:
    # SIGTERM to the serve process only (it stops its workers and, if it started it, the
    # store's server); not to the whole group, so the store shuts down cleanly.
    proc.terminate()
    try:
        proc.wait(60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def measure_variant(name: str, code_root: Path, data: Path, work: Path, *, workers: int,
                    env: dict[str, str], seconds: int) -> dict[str, Any]:
    proc, base = start(code_root, data, work / f"serve-{name.replace(' ', '_').replace(',', '')}.log",
                       workers=workers, env=env)
    out: dict[str, Any] = {"variant": name, "questions": {}}
    try:
        for q, path, params, with_wrk in QUESTIONS:
            u = url(base, path, params)
            status, size, cold = get(u)
            warm = [get(u)[2] for _ in range(5 if with_wrk else 1)]
            row: dict[str, Any] = {"status": status, "bytes": size, "cold_ms": round(cold, 1),
                                   "single_ms": round(statistics.median(warm), 1)}
            if with_wrk and shutil.which("wrk"):
                for c in (1, 64):
                    r = wrk(u, c, seconds)
                    row[f"c{c}"] = r
                    _drain(base)
            out["questions"][q] = row
            print(f"  {name:>22} {q:<10} {json.dumps(row, ensure_ascii=False)}", flush=True)
    finally:
        stop(proc)
    return out


def wrk(u: str, conns: int, seconds: int, timeout_s: int = 2) -> dict[str, Any]:
    """wrk's figures: requests, req/s, p50 and p99 (ms, answered requests), timeouts, non-2xx."""
    cp = subprocess.run(["wrk", f"-t{min(conns, 2)}", f"-c{conns}", f"-d{seconds}s", "--timeout", f"{timeout_s}s",
                         "--latency", u], capture_output=True, text=True, timeout=seconds + timeout_s + 60)
    t = cp.stdout
    pct = {p: round(float(v) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit], 2) for p, v, unit in _PCT.findall(t)}
    rps, non2xx, tmo, n = _RPS.search(t), _NON2XX.search(t), _TIMEOUTS.search(t), _N.search(t)
    return {"requests": int(n.group(1)) if n else None, "rps": float(rps.group(1)) if rps else None,
            "p50_ms": pct.get("50"), "p99_ms": pct.get("99"),
            "timeouts": int(tmo.group(1)) if tmo else 0, "non_2xx": int(non2xx.group(1)) if non2xx else 0}


def render(run: dict[str, Any]) -> str:
    m = run["machine"]
    lines = [f"## National questions over HTTP, {run['docs']:,} documents ({run['date']})", "",
             f"`python -m bench.national_questions` — commit {m['commit']}, baseline {run['baseline']}; "
             f"{m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB; load average {m['load_avg']:.2f} at the start, "
             f"{run['load_end']:.2f} at the end (the machine is shared: figures are noisy). wrk {run['seconds']} s "
             "per run, 2 s request timeout (a timed-out request counts as a timeout, not in p99).", "",
             "| variant | question | status | body KB | cold ms | single ms | c1 req/s | c1 p50 / p99 ms | "
             "c64 req/s | c64 p50 / p99 ms | c64 timeouts / non-2xx |",
             "|---|---|---:|---:|---:|---:|---:|---|---:|---|---|"]
    for v in run["variants"]:
        for q, r in v["questions"].items():
            c1, c64 = r.get("c1") or {}, r.get("c64") or {}
            lines.append(
                f"| {v['variant']} | {q} | {r['status']} | {r['bytes'] / 1024:.1f} | {r['cold_ms']} | "
                f"{r['single_ms']} | {c1.get('rps', '–')} | {c1.get('p50_ms', '–')} / {c1.get('p99_ms', '–')} | "
                f"{c64.get('rps', '–')} | {c64.get('p50_ms', '–')} / {c64.get('p99_ms', '–')} | "
                f"{c64.get('timeouts', '–')} / {c64.get('non_2xx', '–')} |")
    before = next((v for v in run["variants"] if v["variant"] == "before"), None)
    if before:
        lines += ["", "Ratios before / after (higher is better):", "",
                  "| variant | question | cold | single | c1 req/s | c64 req/s |", "|---|---|---:|---:|---:|---:|"]
        for v in run["variants"]:
            if v is before:
                continue
            for q, r in v["questions"].items():
                b = before["questions"].get(q)
                if not b:
                    continue

                def ratio(x: Any, y: Any) -> str:
                    return f"{x / y:.1f}x" if x and y else "–"
                lines.append(f"| {v['variant']} | {q} | {ratio(b['cold_ms'], r['cold_ms'])} | "
                             f"{ratio(b['single_ms'], r['single_ms'])} | "
                             f"{ratio((r.get('c1') or {}).get('rps'), (b.get('c1') or {}).get('rps'))} | "
                             f"{ratio((r.get('c64') or {}).get('rps'), (b.get('c64') or {}).get('rps'))} |")
    return "\n".join(lines) + "\n"


def load_corpus(docs: int, work: Path) -> Path:
    corpus, data = work / "corpus", work / "data"
    subprocess.run([sys.executable, "-m", "bench.generate", "--docs", str(docs), "--out", str(corpus)],
                   cwd=ROOT, check=True)
    subprocess.run([sys.executable, "-m", "policygraph.cli", "--data", str(data), "load", str(corpus / "docs")],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return data


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=1000, help="generate and load this many documents")
    ap.add_argument("--data", type=Path, help="an already loaded data dir (skips generating and loading)")
    ap.add_argument("--baseline", default="271d02a", help="git commit served as 'before' ('' to skip)")
    ap.add_argument("--workers", type=int, default=2, help="workers of the multi-process variant (1 = skip)")
    ap.add_argument("--seconds", type=int, default=10, help="length of each wrk run")
    scratch_options(ap)
    a = ap.parse_args(argv)
    work = scratch_dir(a.work, "pg-natq-")
    machine = machine_info()
    data = a.data.resolve() if a.data else load_corpus(a.docs, work)
    docs = a.docs  # with --data: say how many documents it holds
    variants: list[tuple[str, Path, int, dict[str, str]]] = []
    base_tree = None
    if a.baseline:
        base_tree = baseline_tree(a.baseline, work)
        variants.append(("before", base_tree, 1, {}))
    variants += [("after, cache off", ROOT, 1, {"POLICYGRAPH_CACHE": "0"}), ("after", ROOT, 1, {})]
    if a.workers > 1:
        variants.append((f"after, {a.workers} workers", ROOT, a.workers, {}))
    results = []
    try:
        for name, code, workers, env in variants:
            print(f"== {name}", flush=True)
            results.append(measure_variant(name, code, data, work, workers=workers, env=env, seconds=a.seconds))
    finally:
        if not a.work:
            remove_tree(base_tree)
    run = {"docs": docs, "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "machine": machine,
           "baseline": a.baseline or "none", "seconds": a.seconds, "load_end": os.getloadavg()[0],
           "variants": results}
    return publish_run(run, work / "national_questions.json", render, a.record)


if __name__ == "__main__":
    sys.exit(main())
