"""Issue 10's table at one scale, before and after, as a user meets it.

    python -m bench.issue10 --docs 1000                      # both variants, one run
    python -m bench.issue10 --docs 10000 --variants before   # one variant; JSON kept in --work
    python -m bench.issue10 --render --work DIR [--record]   # the table from the kept JSON

Each variant is a code tree: ``before`` is a ``git worktree`` of ``--baseline`` (default
271d02a, the commit the issue measured), ``after`` this tree. For each it

1. loads the generated corpus with ``policygraph load`` into a fresh data dir (output to
   files, not a terminal, as a scheduled job sees it): wall time, peak RSS of the CLI and of
   the FalkorDB server it starts, seconds until the first line of output;
2. serves that data dir with ``policygraph serve`` (one process; ``after`` also with
   ``--workers 2``) and asks the issue's questions: body size, the first (uncached) request,
   the median of 5 more, wrk at 1 and 64 connections for who-leads by wording, search and
   trace; ``analysis?batch=3`` once; ``/api/export/graphml`` read to the end (time to first
   byte, total time, bytes); peak RSS of the API process(es) and the store while it runs.

Figures go to ``<work>/issue10-<variant>-<docs>.json``; ``--render`` prints the issue's
table (before, after, target) and the wrk detail. The machine is shared: the load average at
the start and end of each variant is printed beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil

from bench.load import _cpu_s, _server_pid
from bench.national_questions import QUESTIONS, get, start, stop, url, wrk
from bench.run import ROOT, _drain, baseline_tree, machine_info, publish

STORE_NAMES = ("redis-server", "falkordb")


class PeakRSS:
    """Polls a process tree's resident memory; keeps the peak of the root, of the store
    server (redis-server) and of the other processes (API workers) separately."""

    def __init__(self, pid: int, every: float = 0.2) -> None:
        self.pid, self.every = pid, every
        self.peak: dict[str, float] = {"main": 0.0, "store": 0.0, "workers": 0.0}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakRSS:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                root = psutil.Process(self.pid)
                now = {"main": root.memory_info().rss, "store": 0, "workers": 0}
                store_pids: set[int] = set()
                for child in root.children(recursive=True):  # parents come before their children
                    try:
                        # The store's own forks (AOF rewrite: "redis-server", FalkorDB's module
                        # fork: "thread-pool-0") are the store's, not the loader's: counted as
                        # workers they made a 251 MB loader look like 820 MB at 10,000 documents.
                        is_store = child.name().startswith(STORE_NAMES) or child.ppid() in store_pids
                        if is_store:
                            store_pids.add(child.pid)
                        now["store" if is_store else "workers"] += child.memory_info().rss
                    except psutil.Error:
                        pass
                for k, v in now.items():
                    self.peak[k] = max(self.peak[k], v / 2**20)
            except psutil.Error:
                pass
            self._stop.wait(self.every)

    def figures(self) -> dict[str, float]:
        return {k: round(v, 1) for k, v in self.peak.items()}


def tree(variant: str, baseline: str, work: Path) -> Path:
    if variant.startswith("after"):
        return ROOT
    return baseline_tree(baseline, work)


def measure_load(code: Path, corpus: Path, data: Path, work: Path, tag: str) -> dict[str, Any]:
    out_path, err_path = work / f"load-{tag}.out", work / f"load-{tag}.err"
    first_output: list[float] = []
    t0 = time.perf_counter()
    with out_path.open("wb") as out, err_path.open("wb") as err:
        proc = subprocess.Popen([sys.executable, "-m", "policygraph.cli", "--data", str(data), "load",
                                 str(corpus / "docs")], cwd=code, stdout=out, stderr=err,
                                env={**os.environ, "PYTHONPATH": str(code)})
        server_cpu = 0.0
        link_start: float | None = None
        with PeakRSS(proc.pid) as peak:
            while True:
                # wait4: the CLI's CPU with its workers'; the store's is sampled (bench.load)
                pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    proc.returncode = os.waitstatus_to_exitcode(status)
                    break
                if not first_output and (out_path.stat().st_size or err_path.stat().st_size):
                    first_output.append(time.perf_counter() - t0)
                if (server := _server_pid(data)) is not None:
                    server_cpu = max(server_cpu, _cpu_s(server))
                if link_start is None and b"linking (ADAPTS)" in err_path.read_bytes():
                    link_start = time.perf_counter() - t0
                time.sleep(0.2)
    seconds = time.perf_counter() - t0
    lines = out_path.read_text(errors="replace").count("\n") + err_path.read_text(errors="replace").count("\n")
    return {"rc": proc.returncode, "seconds": round(seconds, 1),
            "write_s": round(link_start, 1) if link_start is not None else None,
            "link_s": round(seconds - link_start, 1) if link_start is not None else None,
            "cli_cpu_s": round(usage.ru_utime + usage.ru_stime - server_cpu, 1),
            "store_cpu_s": round(server_cpu, 1),
            "first_output_s": round(first_output[0], 1) if first_output else None,
            "output_lines": lines, "rss_mb": peak.figures()}


def export_graphml(base: str, pid: int) -> dict[str, Any]:
    t0 = time.perf_counter()
    first = None
    size = 0
    # The API's RSS before the export: the peak alone mixes in what earlier answers left
    # behind; constant memory shows as a small growth over this.
    rss_start = round(psutil.Process(pid).memory_info().rss / 2**20, 1)
    with PeakRSS(pid) as peak:
        with urllib.request.urlopen(base + "/api/export/graphml", timeout=1800) as r:
            status = r.status
            while chunk := r.read(1 << 16):
                if first is None:
                    first = time.perf_counter() - t0
                size += len(chunk)
    return {"status": status, "seconds": round(time.perf_counter() - t0, 1),
            "first_byte_s": round(first or 0, 2), "mb": round(size / 2**20, 1), "rss_mb": peak.figures(),
            "api_rss_start_mb": rss_start}


def measure_serve(code: Path, data: Path, work: Path, tag: str, *, workers: int, seconds: int,
                  env: dict[str, str] | None = None) -> dict[str, Any]:
    proc, base = start(code, data, work / f"serve-{tag}.log", workers=workers, env=env or {})
    out: dict[str, Any] = {"questions": {}}
    try:
        with PeakRSS(proc.pid) as peak:
            for q, path, params, with_wrk in QUESTIONS:
                u = url(base, path, params)
                status, size, cold = get(u, timeout=1800)
                warm = [get(u, timeout=1800)[2] for _ in range(5 if with_wrk else 1)]
                row: dict[str, Any] = {"status": status, "bytes": size, "cold_ms": round(cold, 1),
                                       "single_ms": round(statistics.median(warm), 1)}
                if with_wrk:
                    for c in (1, 64):
                        row[f"c{c}"] = wrk(u, c, seconds)
                        _drain(base)
                out["questions"][q] = row
                print(f"  {tag:>16} {q:<10} {json.dumps(row, ensure_ascii=False)}", flush=True)
            out["serve_rss_mb"] = peak.figures()
        out["graphml"] = export_graphml(base, proc.pid)
        print(f"  {tag:>16} graphml    {json.dumps(out['graphml'])}", flush=True)
    finally:
        stop(proc)
    return out


def measure_uncached(code: Path, data: Path, work: Path, tag: str, reps: int = 5) -> dict[str, Any]:
    """Every question with the answer cache off (POLICYGRAPH_CACHE=0): what a question costs
    the first time after a load, which the cached "single" figures do not show. The first
    request after the server started is "cold"; the median of ``reps`` more is "uncached"."""
    proc, base = start(code, data, work / f"serve-{tag}.log", workers=1, env={"POLICYGRAPH_CACHE": "0"})
    out: dict[str, Any] = {}
    try:
        for q, path, params, with_wrk in QUESTIONS:
            u = url(base, path, params)
            status, size, cold = get(u, timeout=1800)
            times = [get(u, timeout=1800)[2] for _ in range(reps if with_wrk else 1)]
            out[q] = {"status": status, "bytes": size, "cold_ms": round(cold, 1),
                      "uncached_ms": round(statistics.median(times), 1), "max_ms": round(max(times), 1)}
            print(f"  {tag:>16} {q:<10} {json.dumps(out[q], ensure_ascii=False)}", flush=True)
    finally:
        stop(proc)
    return out


def run_variant(variant: str, a: argparse.Namespace, work: Path, corpus: Path) -> dict[str, Any]:
    code = tree(variant, a.baseline, work)
    data = work / f"data-{variant}-{a.docs}"
    if data.exists():
        subprocess.run(["rm", "-rf", str(data)], check=True)
    res: dict[str, Any] = {"variant": variant, "docs": a.docs, "code": str(code), "load_avg_start": os.getloadavg()[0],
                           "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
                           "commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=code,
                                                    capture_output=True, text=True).stdout.strip()}
    print(f"== {variant}: load {a.docs} documents", flush=True)
    res["load"] = measure_load(code, corpus, data, work, f"{variant}-{a.docs}")
    print(f"  load {json.dumps(res['load'])}", flush=True)
    if variant == "after":
        res["uncached"] = measure_uncached(code, data, work, f"{variant}-nocache")
    res["serve"] = measure_serve(code, data, work, f"{variant}-1", workers=1, seconds=a.seconds)
    if variant == "after" and a.workers > 1:
        res["serve_workers"] = measure_serve(code, data, work, f"{variant}-{a.workers}w", workers=a.workers,
                                             seconds=a.seconds)
    res["load_avg_end"] = os.getloadavg()[0]
    (work / f"issue10-{variant}-{a.docs}.json").write_text(json.dumps(res, ensure_ascii=False, indent=1))
    return res


# ------------------------------------------------------------------------------ the table


def _q(v: dict[str, Any] | None, q: str) -> dict[str, Any]:
    return ((v or {}).get("serve") or {}).get("questions", {}).get(q) or {}


def _c64(r: dict[str, Any]) -> str:
    c = r.get("c64") or {}
    if not c:
        return "–"
    return f"{c.get('rps')} req/s, p99 {c.get('p99_ms')} ms, {c.get('timeouts')} timeouts"


def _load(v: dict[str, Any] | None) -> str:
    if not v:
        return "–"
    ld = v["load"]
    rss = ld["rss_mb"]
    parsers = f" + parse workers {rss['workers']:.0f} MB" if rss.get("workers") else ""
    cpu = ""
    if ld.get("cli_cpu_s") is not None:
        total, cores = ld["cli_cpu_s"] + ld["store_cpu_s"], os.cpu_count() or 1
        cpu = (f"; write {ld['write_s']} s + linking {ld['link_s']} s; CPU {ld['cli_cpu_s']} s loader + "
               f"{ld['store_cpu_s']} s store = {total:.0f} s (on {cores} cores at least {total / cores:.0f} s)")
    return (f"{ld['seconds']} s, CLI {rss['main']:.0f} MB{parsers} + store {rss['store']:.0f} MB{cpu}; "
            f"first output after {ld['first_output_s']} s, {ld['output_lines']} lines")


def _graphml(v: dict[str, Any] | None) -> str:
    g = ((v or {}).get("serve") or {}).get("graphml")
    if not g:
        return "–"
    start = f" (from {g['api_rss_start_mb']:.0f} MB at its start)" if g.get("api_rss_start_mb") else ""
    return (f"{g['seconds']} s, {g['mb']} MB, first byte {g['first_byte_s']} s, "
            f"API peak {g['rss_mb']['main']:.0f} MB{start}")


def render(runs: dict[str, dict[str, Any]], docs: int) -> str:
    b, a = runs.get("before"), runs.get("after")
    w = (a or {}).get("serve_workers")
    lines = [f"## Issue 10's table at {docs:,} documents", "",
             "`python -m bench.issue10` — " + "; ".join(
                 f"{k}: commit {v['commit']}, {v['date']}, load average {v['load_avg_start']:.1f} → "
                 f"{v['load_avg_end']:.1f}" for k, v in runs.items()) + ". Shared 2-core machine: noisy.", "",
             "| question | before | after (1 process) | target |", "|---|---|---|---|"]

    def cell(v: dict[str, Any] | None, q: str, what: str) -> str:
        r = _q(v, q)
        if not r:
            return "–"
        if what == "single":
            return f"{r['single_ms']} ms (first {r['cold_ms']} ms), {r['bytes'] / 1024:.1f} KB"
        return _c64(r)

    lines += [
        f"| who-leads 通用通兑/广东, single | {cell(b, 'who-leads', 'single')} | {cell(a, 'who-leads', 'single')} "
        "| body ≤ 20 KB |",
        f"| who-leads, 64 connections | {cell(b, 'who-leads', 'c64')} | {cell(a, 'who-leads', 'c64')} | p99 < 20 ms |",
        f"| search 知识产权, single | {cell(b, 'search', 'single')} | {cell(a, 'search', 'single')} | |",
        f"| search, 64 connections | {cell(b, 'search', 'c64')} | {cell(a, 'search', 'c64')} | p99 < 50 ms |",
        f"| trace 通用通兑 limit 20, single | {cell(b, 'trace', 'single')} | {cell(a, 'trace', 'single')} "
        "| < 100 ms |",
        f"| analysis?batch=3 | {cell(b, 'analysis', 'single')} | {cell(a, 'analysis', 'single')} | < 5 s |",
        f"| export/graphml | {_graphml(b)} | {_graphml(a)} | streamed, constant memory, < 30 s |",
        f"| load | {_load(b)} | {_load(a)} | ≤ 100 s, RSS ≤ 250 MB, progress, summary |",
    ]
    if a and a.get("uncached"):
        lines += ["", "Uncached (after, `POLICYGRAPH_CACHE=0`: the answer cache off; the \"single\" cells above are "
                  "cache hits): first request after the server started, then the median and the worst of 5 more "
                  "(1 for analysis).", "", "| question | first ms | uncached median ms | worst ms | body KB |",
                  "|---|---:|---:|---:|---:|"]
        for q, r in a["uncached"].items():
            lines.append(f"| {q} | {r['cold_ms']} | {r['uncached_ms']} | {r['max_ms']} | {r['bytes'] / 1024:.1f} |")
    for name, v in (("before", b), ("after", a)):
        if v:
            s = v["serve"].get("serve_rss_mb", {})
            lines.append(f"\nPeak RSS while serving ({name}, 1 process): API {s.get('main')} MB, "
                         f"store {s.get('store')} MB.")
    if w:
        s = w.get("serve_rss_mb", {})
        lines += [f"\nWith `serve --workers 2` (after): API parent {s.get('main')} MB, workers {s.get('workers')} MB, "
                  f"store {s.get('store')} MB.", "", "| question | c1 req/s, p50 / p99 ms | c64 req/s, p50 / p99 ms |",
                  "|---|---|---|"]
        for q in ("who-leads", "search", "trace"):
            r = w["questions"].get(q) or {}
            c1, c64 = r.get("c1") or {}, r.get("c64") or {}
            lines.append(f"| {q} | {c1.get('rps')}, {c1.get('p50_ms')} / {c1.get('p99_ms')} | "
                         f"{c64.get('rps')}, {c64.get('p50_ms')} / {c64.get('p99_ms')} |")
    lines += ["", "wrk detail (1 process):", ""]
    lines += ["| variant | question | c1 req/s | c1 p50 / p99 ms | c64 req/s | c64 p50 / p99 ms | c64 timeouts |",
              "|---|---|---:|---|---:|---|---:|"]
    for name, v in (("before", b), ("after", a)):
        for q in ("who-leads", "search", "trace"):
            r = _q(v, q)
            c1, c64 = r.get("c1") or {}, r.get("c64") or {}
            if r:
                lines.append(f"| {name} | {q} | {c1.get('rps')} | {c1.get('p50_ms')} / {c1.get('p99_ms')} | "
                             f"{c64.get('rps')} | {c64.get('p50_ms')} / {c64.get('p99_ms')} | {c64.get('timeouts')} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--corpus", type=Path, help="a generated corpus of --docs documents (default: generate one)")
    ap.add_argument("--variants", default="before,after")
    ap.add_argument("--baseline", default="271d02a")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seconds", type=int, default=10, help="length of each wrk run")
    ap.add_argument("--work", type=Path, default=Path("/tmp/pg-issue10"))
    ap.add_argument("--render", action="store_true", help="only print the table from the JSON in --work")
    ap.add_argument("--record", action="store_true", help="append the table to bench/RESULTS.md")
    a = ap.parse_args(argv)
    a.work.mkdir(parents=True, exist_ok=True)
    if not a.render:
        corpus = a.corpus or a.work / f"corpus-{a.docs}"
        if not (corpus / "docs").exists():
            subprocess.run([sys.executable, "-m", "bench.generate", "--docs", str(a.docs), "--out", str(corpus)],
                           cwd=ROOT, check=True)
        print(json.dumps(machine_info()), flush=True)
        for variant in a.variants.split(","):
            run_variant(variant, a, a.work, corpus)
    runs = {}
    for variant in ("before", "after"):
        p = a.work / f"issue10-{variant}-{a.docs}.json"
        if p.exists():
            runs[variant] = json.loads(p.read_text())
    text = render(runs, a.docs)
    publish(text, a.record)
    return 0


if __name__ == "__main__":
    sys.exit(main())
