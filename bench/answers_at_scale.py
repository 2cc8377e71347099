"""The size and speed of the profile and diffusion answers at national scale, before and
after, in one run (issue 10: answers sized to the question).

    python -m bench.answers_at_scale --data /tmp/pg1k --data /tmp/pg2k [--baseline ee37d74]

For each data dir and each variant (``before``: the code of ``--baseline`` exported with
``git archive``; ``after``: this tree), it starts ``policygraph serve`` with the answer
cache off (POLICYGRAPH_CACHE=0) and measures per question one cold request (the first
after start), the median of 5 further single requests, and the body size. The load
average is read before and after each data dir (the machine is shared).

Extrapolation to 10,000 documents: the cost of these answers grows with the number of
localisations of a national measure and the measures of a region, both linear in the
documents of the corpus; the printed ``x10k`` column is ``t2k + (t2k - t1k) * 8``
(the line through the two measured points), never a measurement.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import tempfile
import urllib.parse
from pathlib import Path
from typing import Any

from bench.national_questions import get, start, stop
from bench.run import ROOT

QUESTIONS: list[tuple[str, str, dict[str, str]]] = [
    ("measure profile", "/api/measures/" + urllib.parse.quote("国办发〔2020〕3号/2", safe=""), {}),
    ("path", "/api/path", {"measure": "通用通兑"}),
    ("timeline", "/api/timeline", {"measure": "通用通兑"}),
    ("region 广东", "/api/regions/" + urllib.parse.quote("广东"), {}),
    ("department", "/api/departments/" + urllib.parse.quote("440000/广东省科学技术厅", safe=""), {}),
    ("document (notice)", "/api/documents/" + urllib.parse.quote("国办发〔2020〕3号", safe=""), {}),
    ("graph focus", "/api/graph", {"focus": "国办发〔2020〕3号/2"}),
    ("trace page (measure page)", "/api/trace", {"measure": "国办发〔2020〕3号/2", "limit": "20"}),
    ("tree (measure page)", "/api/tree", {"measure": "国办发〔2020〕3号/2"}),
]


def export_baseline(commit: str, work: Path) -> Path:
    tree = work / f"baseline-{commit}"
    if not tree.exists():
        tree.mkdir(parents=True)
        archive = subprocess.run(["git", "archive", commit], cwd=ROOT, check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    return tree


def loadavg() -> float:
    return os.getloadavg()[0]


def measure(code: Path, data: Path, log: Path) -> dict[str, Any]:
    proc, base = start(code, data, log, workers=1, env={"POLICYGRAPH_CACHE": "0"})
    out: dict[str, Any] = {}
    try:
        for name, path, params in QUESTIONS:
            u = base + path + ("?" + urllib.parse.urlencode(params) if params else "")
            status, size, cold = get(u)
            warm = [get(u)[2] for _ in range(5)]
            out[name] = {"status": status, "bytes": size, "cold_ms": round(cold, 1),
                         "single_ms": round(statistics.median(warm), 1)}
            print(f"  {code.name:>24} {name:<26} {json.dumps(out[name])}", flush=True)
    finally:
        stop(proc)
    return out


def render(runs: list[dict[str, Any]]) -> str:
    lines = ["| documents | load avg (start–end) | question | before ms | after ms | before KB | after KB |",
             "|---:|---|---|---:|---:|---:|---:|"]
    for r in runs:
        for q, _, _ in QUESTIONS:
            b, a = r["before"].get(q, {}), r["after"].get(q, {})
            lines.append(f"| {r['docs']} | {r['load'][0]:.2f}–{r['load'][1]:.2f} | {q} | {b.get('single_ms', '–')} | "
                         f"{a.get('single_ms', '–')} | {b.get('bytes', 0) / 1024:.1f} | {a.get('bytes', 0) / 1024:.1f} |")
    if len(runs) == 2:
        lo, hi = runs
        lines += ["", "Extrapolated to 10,000 documents (the line through the two points; not measured):", "",
                  "| question | before ms | after ms | before KB | after KB |", "|---|---:|---:|---:|---:|"]

        def x(key: str, variant: str, q: str, scale: float = 1.0) -> str:
            a, b = lo[variant].get(q, {}).get(key), hi[variant].get(q, {}).get(key)
            if a is None or b is None:
                return "–"
            f = (b + (b - a) * (10000 - hi["docs"]) / (hi["docs"] - lo["docs"])) / scale
            return f"{max(f, 0):.0f}"
        for q, _, _ in QUESTIONS:
            lines.append(f"| {q} | {x('single_ms', 'before', q)} | {x('single_ms', 'after', q)} | "
                         f"{x('bytes', 'before', q, 1024)} | {x('bytes', 'after', q, 1024)} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, action="append", required=True, help="a loaded data dir (repeat)")
    ap.add_argument("--docs", type=int, action="append", help="its number of documents (repeat, same order)")
    ap.add_argument("--baseline", default="ee37d74")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    a = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="answers-bench-"))
    before = export_baseline(a.baseline, work)
    runs = []
    for i, data in enumerate(a.data):
        docs = (a.docs or [])[i] if a.docs and i < len(a.docs) else 0
        l0 = loadavg()
        r = {"docs": docs, "before": measure(before, data, work / "before.log"),
             "after": measure(ROOT, data, work / "after.log")}
        r["load"] = (l0, loadavg())
        runs.append(r)
    text = render(runs)
    print(text)
    if a.json:
        a.json.write_text(json.dumps(runs, ensure_ascii=False, indent=1), encoding="utf-8")
    subprocess.run(["rm", "-rf", str(work)], check=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
