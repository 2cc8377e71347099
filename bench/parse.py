"""Parsing CPU per document (what the load's worker processes spend), before and after, one run.

    python -m bench.parse --files 300                    # baseline 9111836 vs this tree, 3 rounds
    python -m bench.parse --files 300 --rounds 5 --baseline <commit>
    python -m bench.parse --files 300 --baseline-tree /tmp/base   # an existing checkout as "before"
    python -m bench.parse --files 300 --baseline ''      # this tree only

Each measurement is one fresh process that imports the loader from its code tree, parses
the sample texts once untimed (imports, regex compilation; the timed files are not among
them), then runs ``loaders.extract.extract_file`` on each of the ``--files`` documents of a
generated corpus (``bench.generate --docs N``, or ``--corpus DIR``) and reports the CPU time
of that loop (``time.process_time``): read, decode, normalise, layouts, metadata,
departments and records, as a worker does per file. What a process learns from one file
and keeps for the next (caches) counts, as it does in a load, where each worker parses a
few thousand files.

The variants alternate (before, after, before, after, ...) so both see the same machine;
each row carries the load average (1 min) at its start. The summary gives the median ms
CPU per document of each variant and the ratio after / before.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.run import ROOT, baseline_tree, remove_tree

DEFAULT_BASELINE = "9111836"  # the start of session 6 (parse CPU ~9.6-10 ms per document in session 5)


def measure(tree: Path, docs: Path, files: int) -> dict[str, float]:
    """In this process: parse the first `files` documents of `docs` with the loader of `tree`."""
    sys.path.insert(0, str(tree.resolve()))
    from base.errors import PolicyGraphError
    from loaders.extract import extract_file

    shared = Path("/work/shared/samples")
    for p in sorted((shared if shared.is_dir() else tree / "samples").glob("*.txt")):
        extract_file(p)
    paths = sorted(p for p in docs.iterdir() if p.is_file())[:files]
    refused = 0
    load = os.getloadavg()[0]
    t0, w0 = time.process_time(), time.perf_counter()
    for p in paths:
        try:
            extract_file(p)
        except PolicyGraphError:
            refused += 1
    cpu, wall = time.process_time() - t0, time.perf_counter() - w0
    return {"docs": len(paths), "refused": refused, "cpu_s": cpu, "wall_s": wall,
            "ms_cpu_per_doc": 1000 * cpu / max(1, len(paths)), "load_avg": load}


def run_variant(tree: Path, docs: Path, files: int) -> dict[str, float]:
    proc = subprocess.run(
        [sys.executable, "-m", "bench.parse", "--measure", str(tree), "--corpus", str(docs), "--files", str(files)],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=300, help="documents parsed per measurement")
    ap.add_argument("--rounds", type=int, default=3, help="measurements per variant, alternating")
    ap.add_argument("--corpus", type=Path, help="a generated corpus (DIR or DIR/docs); default: generate --docs FILES")
    ap.add_argument("--baseline", default=DEFAULT_BASELINE, help="commit for 'before' ('' for this tree only)")
    ap.add_argument("--baseline-tree", type=Path, help="an existing checkout to use as 'before'")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "bench-parse")
    ap.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # internal: one measurement
    a = ap.parse_args(argv)

    if a.measure is not None:
        docs = a.corpus / "docs" if (a.corpus / "docs").is_dir() else a.corpus
        print(json.dumps(measure(a.measure, docs, a.files)))
        return 0

    a.work.mkdir(parents=True, exist_ok=True)
    corpus = a.corpus
    if corpus is None:
        corpus = a.work / f"gen{a.files}"
        if not (corpus / "docs").is_dir():
            subprocess.run([sys.executable, "-m", "bench.generate", "--docs", str(a.files), "--out", str(corpus)],
                           cwd=ROOT, check=True, capture_output=True)
    docs = corpus / "docs" if (corpus / "docs").is_dir() else corpus

    made: Path | None = None
    variants: list[tuple[str, Path]] = []
    if a.baseline_tree is not None:
        variants.append((f"before ({a.baseline_tree})", a.baseline_tree))
    elif a.baseline:
        made = baseline_tree(a.baseline, a.work)
        variants.append((f"before ({a.baseline})", made))
    variants.append(("after (this tree)", ROOT))

    rows: dict[str, list[dict[str, float]]] = {name: [] for name, _ in variants}
    try:
        print(f"{a.files} documents from {docs}; ms CPU per document (process_time), load average at start")
        for rnd in range(1, a.rounds + 1):
            for name, tree in variants:
                r = run_variant(tree, docs, a.files)
                rows[name].append(r)
                print(f"round {rnd}  {name:<40} {r['ms_cpu_per_doc']:6.2f} ms CPU/doc  "
                      f"wall {1000 * r['wall_s'] / max(1, r['docs']):6.2f} ms/doc  load {r['load_avg']:.2f}  "
                      f"refused {int(r['refused'])}", flush=True)
    finally:
        if made is not None and a.baseline_tree is None:
            remove_tree(made)

    medians = {name: statistics.median(r["ms_cpu_per_doc"] for r in rs) for name, rs in rows.items()}
    print()
    for name, med in medians.items():
        print(f"median {name:<40} {med:6.2f} ms CPU/doc")
    if len(variants) == 2:
        (b, _), (af, _) = variants
        ratios = [x["ms_cpu_per_doc"] / y["ms_cpu_per_doc"] for x, y in zip(rows[af], rows[b], strict=True)]
        print(f"after / before: median {medians[af] / medians[b]:.3f} "
              f"(per round {', '.join(f'{r:.3f}' for r in ratios)}); load average now {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
