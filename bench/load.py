"""`policygraph load` of a generated corpus, before and after, in one run (issue 10's last row).

    python -m bench.load --docs 1000                  # generate, load with the baseline and this tree
    python -m bench.load --docs 1000 2000             # several sizes, one table
    python -m bench.load --docs 10000 --record        # append the table to bench/RESULTS.md
    python -m bench.load --docs 1000 --baseline ''    # this tree only

Each variant is the real CLI as a user runs it, output not a terminal
(``python -m policygraph.cli --data DIR load DIR/docs > file``), on a fresh data dir:

- ``before``: the code of ``--baseline`` (default 82851a2: main after session 4, with the
  parallel loader; 271d02a is the commit issue 10 measured), run from a ``git worktree`` of it;
- ``after``: this tree (default workers: one per CPU);
- ``after, 1 worker``: this tree with ``--workers 1`` (``--sequential``), to tell the
  pipeline's gain from the rest.

Per variant: wall time; CPU seconds of the CLI with its workers and of the store's server
(on a shared machine the wall time follows the other load; the CPU time much less); peak RSS (VmHWM) of the CLI process, of the CLI with its worker
processes (the largest sum seen while sampling every 0.2 s), and of the FalkorDB server
process the load started; the graph's node and relationship counts (they must agree);
and the lines of output (stdout), which the issue found to be one per file. The wall time is
split into the write phase and the linking phase (from the first ``linking (ADAPTS)``
progress line in the log: they grow differently with the corpus), and each row carries the
load average at its start and end (the machine is shared: wall times follow it).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.run import (
    ROOT,
    baseline_tree,
    machine_info,
    publish_run,
    remove_tree,
    scratch_dir,
    scratch_options,
    vm_hwm_mb,
)


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _cpu_s(pid: int) -> float:
    """user + system CPU seconds of a live process (/proc/PID/stat)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _server_pid(data: Path) -> int | None:
    try:
        return int((data / "falkordb.pid").read_text().strip())
    except (OSError, ValueError):
        return None


def run_load(code_root: Path, docs: Path, data: Path, log: Path, extra: list[str]) -> dict[str, Any]:
    """One CLI load, sampled; returns the figures."""
    args = [sys.executable, "-m", "policygraph.cli", "--data", str(data), "load", str(docs), *extra]
    out = log.with_suffix(".out")
    t0 = time.perf_counter()
    with out.open("wb") as fo, log.open("wb") as fe:
        # `python -m` from the code's root, first on the path: the baseline worktree runs its own code.
        proc = subprocess.Popen(args, stdout=fo, stderr=fe, cwd=code_root,
                                env={**os.environ, "PYTHONPATH": str(code_root)})
        cli_peak = tree_peak = server_peak = server_cpu = 0.0
        link_start: float | None = None
        load_start = os.getloadavg()[0]
        while True:
            # wait4: the CLI's CPU time with that of the children it waited for (its workers
            # and, when it stops it, the store's server, whose share is sampled and taken off).
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                proc.returncode = os.waitstatus_to_exitcode(status)
                break
            server = _server_pid(data)
            kids = [k for k in _children(proc.pid) if k != server]
            cli_peak = max(cli_peak, vm_hwm_mb(proc.pid) or 0.0)
            tree_peak = max(tree_peak, _rss_mb(proc.pid) + sum(_rss_mb(k) for k in kids))
            if server:
                server_peak = max(server_peak, vm_hwm_mb(server) or 0.0)
                server_cpu = max(server_cpu, _cpu_s(server))
            if link_start is None and b"linking (ADAPTS)" in log.read_bytes():
                link_start = time.perf_counter() - t0
            time.sleep(0.2)
    seconds = time.perf_counter() - t0
    cli_cpu = usage.ru_utime + usage.ru_stime - server_cpu
    stats = subprocess.run([sys.executable, "-m", "policygraph.cli", "--data", str(data), "stats", "--json"],
                           cwd=ROOT, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    counts: dict[str, Any] = {}
    if stats.returncode == 0:
        s = json.loads(stats.stdout)
        counts = {"nodes": s["total_nodes"], "relationships": s["total_relationships"],
                  "adapts": s["relationships"].get("ADAPTS")}
    write_s = round(link_start, 1) if link_start is not None else None
    link_s = round(seconds - link_start, 1) if link_start is not None else None
    return {"seconds": round(seconds, 1), "write_s": write_s, "link_s": link_s,
            "load_avg": f"{load_start:.1f}–{os.getloadavg()[0]:.1f}", "exit": proc.returncode, "cli_cpu_s": round(cli_cpu, 1),
            "store_cpu_s": round(server_cpu, 1), "cli_mb": round(cli_peak),
            "cli_workers_mb": round(max(tree_peak, cli_peak)), "store_mb": round(server_peak),
            "stdout_lines": len(out.read_bytes().splitlines()), **counts}


def render(run: dict[str, Any]) -> str:
    m = run["machine"]
    lines = [f"### policygraph load, {run['date']} (bench/load.py)", "",
             f"{m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB; commit {m['commit']}, baseline {run['baseline']}; "
             f"load average {m['load_avg']:.1f} at start, {run['load_end']:.1f} at end.", "",
             "| docs | variant | load avg | time s | write / link s | speed-up | CLI+workers CPU s | store CPU s | "
             "CLI peak MB | CLI+workers MB | store peak MB | nodes | rels | ADAPTS | stdout lines | exit |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in run["rows"]:
        ratio = f"{r['ratio']:.2f}x" if r.get("ratio") else "–"
        lines.append(f"| {r['docs']} | {r['variant']} | {r.get('load_avg', '?')} | {r['seconds']} | "
                     f"{r.get('write_s')} / {r.get('link_s')} | {ratio} | {r['cli_cpu_s']} | "
                     f"{r['store_cpu_s']} | {r['cli_mb']} | "
                     f"{r['cli_workers_mb']} | {r['store_mb']} | {r.get('nodes', '?')} | "
                     f"{r.get('relationships', '?')} | {r.get('adapts', '?')} | {r['stdout_lines']} | {r['exit']} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, nargs="+", default=[1000], help="corpus sizes to generate and load")
    ap.add_argument("--baseline", default="82851a2", help="git commit run as 'before' ('' to skip)")
    ap.add_argument("--sequential", action="store_true", help="also run this tree with --workers 1")
    scratch_options(ap)
    a = ap.parse_args(argv)
    work = scratch_dir(a.work, "pg-load-")
    machine = machine_info()
    variants: list[tuple[str, Path, list[str]]] = []
    base_tree = None
    if a.baseline:
        base_tree = baseline_tree(a.baseline, work)
        variants.append(("before", base_tree, []))
    variants.append(("after", ROOT, []))
    if a.sequential:
        variants.append(("after, 1 worker", ROOT, ["--workers", "1"]))
    rows: list[dict[str, Any]] = []
    try:
        for n in a.docs:
            corpus = work / f"corpus-{n}"
            if not (corpus / "docs").exists():
                subprocess.run([sys.executable, "-m", "bench.generate", "--docs", str(n), "--out", str(corpus)],
                               cwd=ROOT, check=True, capture_output=True)
            before: float | None = None
            for name, code, extra in variants:
                data = work / f"data-{n}-{name.replace(' ', '').replace(',', '-')}"
                print(f"== {n} documents: {name}", flush=True)
                r = {"docs": n, "variant": name,
                     **run_load(code, corpus / "docs", data, work / f"load-{n}-{name.replace(' ', '')}.log", extra)}
                if name == "before":
                    before = r["seconds"]
                elif before:
                    r["ratio"] = round(before / r["seconds"], 2)
                print(json.dumps(r), flush=True)
                rows.append(r)
    finally:
        if not a.work:
            remove_tree(base_tree)
    run = {"date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "machine": machine,
           "baseline": a.baseline or "none", "load_end": os.getloadavg()[0], "rows": rows}
    return publish_run(run, work / "load.json", render, a.record)


if __name__ == "__main__":
    sys.exit(main())
