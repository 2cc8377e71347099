"""analysis?batch=3 uncached, before and after, in one run (issue 10's analysis row).

    python -m bench.analysis --docs 1000 2000               # generate, load, measure both variants
    python -m bench.analysis --docs 1000 --data 1000=DIR    # measure on a data dir already loaded
    python -m bench.analysis --docs 1000 2000 --record      # append the table to bench/RESULTS.md

For each corpus size the generated corpus is loaded once (this tree's CLI); both variants
then read that same graph:

- ``before``: the code of ``--baseline`` (default 82851a2: the diffusion figures built on the
  networkx graph from timeline rows), run from a ``git worktree`` of it;
- ``after``: this tree.

Per variant and repetition (the variants alternate, so drift in the machine's load falls on
both): a fresh ``policygraph serve`` on the data, and the time of its FIRST
``GET /api/analysis?batch=3`` (nothing cached: the first request after a restart), then a
second one (the cache); and, in a fresh process, the time of ``PolicyGraph.analysis(batch=3)``
itself (what ``policygraph analyse --batch 3`` computes, without the interpreter's start).
The store's server is started once per data dir and held, so no figure includes its start.
The bench checks that both variants answer the same JSON. Load averages are printed with
every figure: the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.national_questions import start, stop
from bench.run import ROOT, baseline_tree, machine_info, publish, remove_tree, scratch_dir, scratch_options

URL = "/api/analysis?batch=3"
FIGURES = ("api_first_s", "api_cached_s", "facade_s", "facade_cpu_s", "store_cpu_s")
# Runs in the variant's own tree (first on the path): the facade's time, nothing else.
FACADE = """
import json, sys, time
from policygraph.core import PolicyGraph
pg = PolicyGraph.open(data_dir=sys.argv[1])
t, c = time.perf_counter(), time.process_time()
pg.analysis(batch=3)
print(json.dumps({"seconds": time.perf_counter() - t, "cpu": time.process_time() - c}))
pg.close()
"""


def _get(u: str) -> tuple[bytes, float]:
    t0 = time.perf_counter()
    with urllib.request.urlopen(u, timeout=1800) as r:
        body = r.read()
    return body, time.perf_counter() - t0


def _server_cpu(data: Path) -> float:
    """CPU seconds the store's server has used so far (all its threads)."""
    try:
        pid = int((data / "falkordb.pid").read_text().strip())
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return float("nan")


def _facade(code: Path, data: Path) -> dict[str, float]:
    """The facade's wall time, its process's CPU time and the store server's CPU time
    during the call (on a shared machine the CPU times move much less than the wall time)."""
    before = _server_cpu(data)
    out = subprocess.run([sys.executable, "-c", FACADE, str(data)], cwd=code, check=True, capture_output=True,
                         text=True, env={**os.environ, "PYTHONPATH": str(code)})
    got = json.loads(out.stdout.strip().splitlines()[-1])
    return {"facade_s": got["seconds"], "facade_cpu_s": got["cpu"], "store_cpu_s": _server_cpu(data) - before}


def measure(name: str, code: Path, data: Path, work: Path) -> dict[str, Any]:
    """One repetition of one variant: API first and second request, then the facade."""
    load_before = os.getloadavg()[0]
    proc, base = start(code, data, work / f"serve-{name}.log", workers=1, env={})
    try:
        body, first = _get(base + URL)
        _, second = _get(base + URL)
    finally:
        stop(proc)
    facade = _facade(code, data)
    return {"variant": name, "api_first_s": first, "api_cached_s": second, **facade,
            "bytes": len(body), "answer": json.loads(body), "load": [load_before, os.getloadavg()[0]]}


def load_corpus(n: int, work: Path) -> Path:
    corpus, data = work / f"corpus-{n}", work / f"data-{n}"
    if not (corpus / "docs").exists():
        subprocess.run([sys.executable, "-m", "bench.generate", "--docs", str(n), "--out", str(corpus)],
                       cwd=ROOT, check=True, capture_output=True)
    if not data.exists():
        subprocess.run([sys.executable, "-m", "policygraph.cli", "--data", str(data), "load", str(corpus / "docs")],
                       cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return data


def summarise(n: int, reps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for name in ("before", "after"):
        mine = [r for r in reps if r["variant"] == name]
        if not mine:
            continue
        rows.append({"docs": n, "variant": name, "reps": len(mine), "bytes": mine[0]["bytes"],
                     **{k: statistics.median(r[k] for r in mine) for k in FIGURES},
                     "api_first_all": [round(r["api_first_s"], 2) for r in mine],
                     "load": [round(x, 1) for r in mine for x in r["load"]]})
    if len(rows) == 2:
        b, a = rows
        a["ratio_api"] = b["api_first_s"] / a["api_first_s"]
        a["ratio_facade"] = b["facade_s"] / a["facade_s"]
        answers = {json.dumps(r["answer"], ensure_ascii=False) for r in reps}
        a["same_answer"] = b["same_answer"] = len(answers) == 1
    return rows


def render(run: dict[str, Any]) -> str:
    m = run["machine"]
    lines = [f"### analysis?batch=3 uncached, {run['date']} (bench/analysis.py)", "",
             f"{m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB; commit {m['commit']}, before = {run['baseline']}; "
             f"load average {m['load_avg']:.1f} at start, {run['load_end']:.1f} at end. Medians of "
             f"{run['repeat']} repetitions, variants alternating.", "",
             "| docs | variant | API first request s | ratio | API cached s | PolicyGraph.analysis s | ratio | "
             "its CPU s | store CPU s | body KB | same answer | API first, every rep | load averages seen |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in run["rows"]:
        ra = f"{r['ratio_api']:.1f}x" if "ratio_api" in r else "–"
        rf = f"{r['ratio_facade']:.1f}x" if "ratio_facade" in r else "–"
        same = {True: "yes", False: "**no**"}.get(r.get("same_answer"), "–")
        lines.append(f"| {r['docs']} | {r['variant']} | {r['api_first_s']:.2f} | {ra} | {r['api_cached_s']:.3f} | "
                     f"{r['facade_s']:.2f} | {rf} | {r['facade_cpu_s']:.2f} | {r['store_cpu_s']:.2f} | "
                     f"{r['bytes'] / 1024:.1f} | {same} | "
                     f"{', '.join(map(str, r['api_first_all']))} | {min(r['load'])}–{max(r['load'])} |")
    ext = run.get("extrapolation")
    if ext:
        lines += ["", ext]
    return "\n".join(lines) + "\n"


def extrapolate(rows: list[dict[str, Any]]) -> str | None:
    """Each variant's first request at 10,000 documents, from the two largest sizes measured:
    the straight line through them (the work grows with the adoptions read, which grow
    linearly with the documents), and the power law through them (t ~ n^k, k measured), which
    is the larger when the growth is more than linear."""
    parts = []
    for name in ("before", "after"):
        mine = sorted((r for r in rows if r["variant"] == name), key=lambda r: r["docs"])
        if len(mine) < 2:
            continue
        (n1, t1), (n2, t2) = [(r["docs"], r["api_first_s"]) for r in mine[-2:]]
        linear = t2 + (t2 - t1) / (n2 - n1) * (10_000 - n2)
        k = math.log(t2 / t1) / math.log(n2 / n1) if t1 > 0 and t2 > 0 else float("nan")
        power = t2 * (10_000 / n2) ** k
        (c1, c2) = [r["facade_cpu_s"] + r["store_cpu_s"] for r in mine[-2:]]
        cpu = c2 + (c2 - c1) / (n2 - n1) * (10_000 - n2)
        parts.append(f"{name}: {linear:.1f} s on the line, {power:.1f} s on the power law (k = {k:.2f}); "
                     f"CPU (PolicyGraph.analysis + store) {cpu:.1f} s on the line")
    if not parts:
        return None
    return "Extrapolated to 10,000 documents (API first request, from the two largest sizes): " + "; ".join(parts) + "."


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, nargs="+", default=[1000, 2000], help="corpus sizes")
    ap.add_argument("--data", action="append", default=[], metavar="N=DIR",
                    help="a data dir already holding the N-document corpus (skips generating and loading)")
    ap.add_argument("--baseline", default="82851a2", help="git commit run as 'before' ('' to skip)")
    ap.add_argument("--repeat", type=int, default=3, help="repetitions of each variant")
    scratch_options(ap)
    a = ap.parse_args(argv)
    work = scratch_dir(a.work, "pg-analysis-")
    given = {int(k): Path(v) for k, v in (x.split("=", 1) for x in a.data)}
    machine = machine_info()
    base_tree = baseline_tree(a.baseline, work) if a.baseline else None
    variants = ([("before", base_tree)] if base_tree else []) + [("after", ROOT)]
    rows: list[dict[str, Any]] = []
    from base.config import Settings
    from graph import open_store  # holds the store's server for the variants (only graph/ opens stores)

    try:
        for n in a.docs:
            data = given.get(n) or load_corpus(n, work)
            keeper = open_store(Settings.from_env(data))
            reps = []
            try:
                for rep in range(a.repeat):
                    order = variants if rep % 2 == 0 else variants[::-1]
                    for name, code in order:
                        r = measure(name, code, data, work)
                        print(f"{n} docs, {name}, rep {rep + 1}: API first {r['api_first_s']:.2f} s, cached "
                              f"{r['api_cached_s']:.3f} s, facade {r['facade_s']:.2f} s (CPU {r['facade_cpu_s']:.2f} + store "
                              f"{r['store_cpu_s']:.2f}), load {[round(x, 1) for x in r['load']]}", flush=True)
                        reps.append(r)
            finally:
                keeper.close()
            rows += summarise(n, reps)
    finally:
        if not a.work:
            remove_tree(base_tree)
    run = {"date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "machine": machine, "repeat": a.repeat,
           "baseline": a.baseline or "none", "load_end": os.getloadavg()[0], "rows": rows,
           "extrapolation": extrapolate(rows)}
    (work / "analysis.json").write_text(json.dumps(run, ensure_ascii=False, indent=1))
    publish(render(run), a.record)
    return 0 if all(r.get("same_answer", True) for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
