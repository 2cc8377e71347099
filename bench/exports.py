"""Whole-graph exports at national scale, before and after, in one run (issue 10).

    python -m bench.exports --data /tmp/pg1k                 # an already loaded data dir
    python -m bench.exports --docs 1000                      # generate + load first
    python -m bench.exports --data DIR --baseline ''         # this tree only
    python -m bench.exports --data DIR --record              # append the table to bench/RESULTS.md
    python -m bench.exports --data DIR --only graphml,gexf,json   # some exports only

For each variant it starts ``policygraph serve`` on the data (bench.national_questions'
start/stop; ``before`` is ``--baseline``, default 82851a2, served from a ``git worktree``
of it) and downloads every whole-graph export once, one after the other: GraphML, GEXF,
JSON, the events CSV and the panel CSV. Per export: HTTP status, bytes, time to the first
byte and to the last, and the peak RSS of the API process and of the FalkorDB server while
that download ran (each process's peak is reset through /proc/<pid>/clear_refs before the
download where the kernel allows it, else RSS is sampled every 20 ms). Then ``policygraph
export -o FILE`` per format, against the same running store: time, bytes, the CLI
process's peak RSS (wait4's ru_maxrss). Every row carries the 1-minute load average when it
ended (the machine is shared: compare before and after within one run, and the CPU
seconds rather than the wall time when the load is high).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.national_questions import load_corpus, start, stop
from bench.run import (
    ROOT,
    baseline_tree,
    machine_info,
    publish_run,
    remove_tree,
    scratch_dir,
    scratch_options,
)

# (name, API path, CLI --format)
EXPORTS: list[tuple[str, str, str]] = [
    ("graphml", "/api/export/graphml", "graphml"),
    ("gexf", "/api/export/gexf", "gexf"),
    ("json", "/api/export/json", "json"),
    ("events.csv", "/api/export/events.csv", "csv"),
    ("panel.csv", "/api/export/panel.csv", "panel"),
]
CHUNK = 1 << 16


def _status_kb(pid: int, field: str) -> int | None:
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return None


class PeakRss:
    """Peak RSS (MB) of some processes over a block: the kernel's VmHWM after resetting it
    (``echo 5 > /proc/pid/clear_refs``), and the max of 20 ms samples as a floor."""

    def __init__(self, pids: dict[str, int | None]) -> None:
        self.pids = {k: v for k, v in pids.items() if v}
        self.sampled: dict[str, int] = dict.fromkeys(self.pids, 0)
        self.reset: dict[str, bool] = {}
        self._stop = threading.Event()

    def __enter__(self) -> PeakRss:
        for name, pid in self.pids.items():
            try:
                Path(f"/proc/{pid}/clear_refs").write_text("5")
                self.reset[name] = True
            except OSError:
                self.reset[name] = False
        self._t = threading.Thread(target=self._sample, daemon=True)
        self._t.start()
        return self

    def _sample(self) -> None:
        while not self._stop.is_set():
            for name, pid in self.pids.items():
                self.sampled[name] = max(self.sampled[name], _status_kb(pid, "VmRSS") or 0)
            self._stop.wait(0.02)

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._t.join()

    def mb(self) -> dict[str, float]:
        out = {}
        for name, pid in self.pids.items():
            kb = self.sampled[name]
            if self.reset.get(name):
                kb = max(kb, _status_kb(pid, "VmHWM") or 0)
            out[name] = round(kb / 1024, 1)
        return out


def cpu_s(pid: int | None) -> float:
    """CPU seconds (user + system) a process has used so far; 0 when it is gone."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return 0.0


def download(u: str, timeout: float = 3600) -> dict[str, Any]:
    """Status, bytes, ms to the first byte and to the last, and the body's SHA-256 (the body
    is counted and hashed, not kept: before and after must give the same file)."""
    t0 = time.perf_counter()
    first = None
    size = 0
    digest = hashlib.sha256()
    try:
        with urllib.request.urlopen(u, timeout=timeout) as r:
            status = r.status
            while part := r.read1(CHUNK) if hasattr(r, "read1") else r.read(CHUNK):
                if first is None:
                    first = time.perf_counter()
                size += len(part)
                digest.update(part)
    except urllib.error.HTTPError as e:
        status, size = e.code, len(e.read())
    end = time.perf_counter()
    return {"status": status, "bytes": size, "first_byte_s": round(((first or end) - t0), 2),
            "total_s": round(end - t0, 2), "sha256": digest.hexdigest()}


def falkordb_pid(data: Path) -> int | None:
    with contextlib.suppress(OSError, ValueError):
        return int((data / "falkordb.pid").read_text().strip())
    return None


def cli_export(code_root: Path, data: Path, fmt: str, out: Path) -> dict[str, Any]:
    args = [sys.executable, "-m", "policygraph.cli", "--data", str(data), "export", "--format", fmt, "-o", str(out)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(args, cwd=code_root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": str(code_root)})
    _pid, status, usage = os.wait4(proc.pid, 0)
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    return {"exit": os.waitstatus_to_exitcode(status), "bytes": out.stat().st_size if out.exists() else 0,
            "total_s": round(time.perf_counter() - t0, 2), "rss_mb": round(usage.ru_maxrss / 1024, 1),
            **({"stderr": err[-300:]} if os.waitstatus_to_exitcode(status) else {})}


def measure_variant(name: str, code_root: Path, data: Path, work: Path, *, cli: bool,
                    only: set[str] | None = None) -> dict[str, Any]:
    proc, base = start(code_root, data, work / f"serve-{name}.log", workers=1, env={"POLICYGRAPH_CACHE": "0"})
    out: dict[str, Any] = {"variant": name, "api": {}, "cli": {}}
    try:
        pids = {"api": proc.pid, "falkordb": falkordb_pid(data)}
        out["api_idle_rss_mb"] = round((_status_kb(proc.pid, "VmRSS") or 0) / 1024, 1)
        for fmt, path, _cli in EXPORTS:
            if only and fmt not in only:
                continue
            cpu0 = {k: cpu_s(p) for k, p in pids.items()}
            with PeakRss(pids) as peak:
                row = download(base + path)
            row["rss_mb"] = peak.mb()
            # CPU seconds say what an export costs whatever else the machine is doing
            row["cpu_s"] = {k: round(cpu_s(p) - cpu0[k], 1) for k, p in pids.items()}
            row["load"] = round(os.getloadavg()[0], 2)
            out["api"][fmt] = row
            print(f"  {name:>7} api {fmt:<11} {json.dumps(row)}", flush=True)
        if cli:
            for fmt, _path, cli_fmt in EXPORTS:
                if only and fmt not in only:
                    continue
                target = work / f"{name}.{cli_fmt}"
                with PeakRss({"falkordb": pids["falkordb"]}) as peak:
                    row = cli_export(code_root, data, cli_fmt, target)
                row["falkordb_rss_mb"] = peak.mb().get("falkordb")
                row["load"] = round(os.getloadavg()[0], 2)
                target.unlink(missing_ok=True)
                out["cli"][fmt] = row
                print(f"  {name:>7} cli {fmt:<11} {json.dumps(row)}", flush=True)
    finally:
        stop(proc)
    return out


def _ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}x" if a and b else "-"


def _same(row: dict[str, Any], before: dict[str, Any]) -> str:
    """Whether a download is byte for byte the baseline's (SHA-256 of both bodies)."""
    if not row.get("sha256") or not before.get("sha256"):
        return "-"
    return "yes" if row["sha256"] == before["sha256"] else "NO"


def render(run: dict[str, Any]) -> str:
    lines = [f"### exports at {run['docs']} documents ({run['date']}; baseline {run['baseline']}; "
             f"{run['machine'].get('cpu', '?')}, {run['machine'].get('cores', '?')} cores)", "",
             "| export | variant | status | bytes | first byte s | total s | API CPU s | FalkorDB CPU s | "
             "API peak RSS MB | FalkorDB peak RSS MB | load avg | time vs before | API CPU vs before | "
             "FalkorDB CPU vs before | API RSS vs before | same bytes as before |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    # each variant against the last baseline measured before it (--rounds alternates them)
    baseline_of: dict[int, dict[str, Any] | None] = {}
    last: dict[str, Any] | None = None
    for v in run["variants"]:
        if v["variant"].startswith("before"):
            last = v
        baseline_of[id(v)] = last
    for fmt, _p, _c in EXPORTS:
        for v in run["variants"]:
            r = v["api"].get(fmt)
            if not r:
                continue
            before = baseline_of[id(v)]
            b = (before or {}).get("api", {}).get(fmt) or {}
            rss = r.get("rss_mb") or {}
            cpu = r.get("cpu_s") or {}
            bcpu = b.get("cpu_s") or {}
            after = v is not before
            lines.append(f"| {fmt} | {v['variant']} | {r.get('status')} | {r.get('bytes', 0):,} | "
                         f"{r.get('first_byte_s')} | {r.get('total_s')} | {cpu.get('api')} | {cpu.get('falkordb')} | "
                         f"{rss.get('api')} | {rss.get('falkordb')} | {r.get('load')} | "
                         f"{_ratio(r.get('total_s'), b.get('total_s')) if after else ''} | "
                         f"{_ratio(cpu.get('api'), bcpu.get('api')) if after else ''} | "
                         f"{_ratio(cpu.get('falkordb'), bcpu.get('falkordb')) if after else ''} | "
                         f"{_ratio(rss.get('api'), (b.get('rss_mb') or {}).get('api')) if after else ''} | "
                         f"{_same(r, b) if after else ''} |")
    lines += ["", "API process RSS when idle after start (MB): "
              + ", ".join(f"{v['variant']} {v.get('api_idle_rss_mb')}" for v in run["variants"])]
    if any(v["cli"] for v in run["variants"]):
        lines += ["", "| CLI export | variant | exit | bytes | total s | CLI peak RSS MB | FalkorDB peak RSS MB | "
                  "load avg | time vs before |", "|---|---|---|---|---|---|---|---|---|"]
        for fmt, _p, _c in EXPORTS:
            for v in run["variants"]:
                r = v["cli"].get(fmt)
                if not r:
                    continue
                before = baseline_of[id(v)]
                b = (before or {}).get("cli", {}).get(fmt) or {}
                lines.append(f"| {fmt} | {v['variant']} | {r.get('exit')} | {r.get('bytes', 0):,} | "
                             f"{r.get('total_s')} | {r.get('rss_mb')} | {r.get('falkordb_rss_mb')} | {r.get('load')} | "
                             f"{_ratio(r.get('total_s'), b.get('total_s')) if v is not before else ''} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=1000, help="generate and load this many documents")
    ap.add_argument("--data", type=Path, help="an already loaded data dir (skips generating and loading)")
    ap.add_argument("--baseline", default="82851a2", help="git commit served as 'before' ('' to skip)")
    ap.add_argument("--only", default="", help="comma-separated exports to measure (default: all), e.g. graphml,gexf")
    ap.add_argument("--no-cli", action="store_true", help="skip `policygraph export`")
    ap.add_argument("--before-only", action="store_true", help="measure the baseline alone")
    scratch_options(ap)
    ap.add_argument("--rounds", type=int, default=1,
                    help="measure before and after this many times, alternating (the machine is shared)")
    a = ap.parse_args(argv)
    work = scratch_dir(a.work, "pg-exports-")
    data = a.data.resolve() if a.data else load_corpus(a.docs, work)
    variants: list[tuple[str, Path]] = []
    base_tree = None
    if a.baseline:
        base_tree = baseline_tree(a.baseline, work)
    for k in range(1, a.rounds + 1):
        tag = f" {k}" if a.rounds > 1 else ""
        if base_tree:
            variants.append((f"before{tag}", base_tree))
        if not a.before_only:
            variants.append((f"after{tag}", ROOT))
    results = []
    try:
        for name, code in variants:
            print(f"== {name}", flush=True)
            results.append(measure_variant(name, code, data, work, cli=not a.no_cli,
                                           only={x.strip() for x in a.only.split(",") if x.strip()} or None))
    finally:
        if not a.work:
            remove_tree(base_tree)
    run = {"docs": a.docs,  # with --data: say how many documents it holds
           "data": str(data), "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "machine": machine_info(),
           "baseline": a.baseline or "none", "variants": results}
    return publish_run(run, work / "exports.json", render, a.record)


if __name__ == "__main__":
    sys.exit(main())
