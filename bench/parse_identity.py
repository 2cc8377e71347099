"""Is the extraction of every file unchanged? One hash of all records, and one per file.

    python -m bench.parse_identity --out /tmp/ids-after.txt                  # this tree
    python -m bench.parse_identity --tree /tmp/base --out /tmp/ids-before.txt  # another checkout
    diff /tmp/ids-before.txt /tmp/ids-after.txt                               # must print nothing

Extracts (``loaders.extract.extract_file``) every file of a generated corpus
(``--corpus DIR``, default: ``bench.generate --docs 1000`` written to a temporary directory,
the same seed so the same texts every time), every ``source.*`` file under tests/corpus and
every sample in ``--samples`` (default /work/shared/samples, else samples/). Each result is
dumped as JSON (``model_dump(mode="json")``, sorted keys, no ASCII escaping); a file the
loader refuses gives its error's class, message and hint instead, so a changed error shows
too. Each record also carries a hash of the normalised text with its offsets back to the
decoded text (``loaders.normalize``), which no record holds. The output file has one ``<sha256>  <file>`` line per file and a last line
``ALL <sha256>`` over all of them; the total is also printed.

``--tree DIR`` imports the loader from another checkout (a ``git worktree`` of the commit
to compare against), so the two runs differ only in the loader's code.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def corpus_files(corpus: Path | None, samples: Path | None, tmp: Path) -> list[tuple[str, Path]]:
    """(label, path) of every file to extract, in a fixed order."""
    if corpus is None:
        corpus = tmp / "gen1000"
        subprocess.run([sys.executable, "-m", "bench.generate", "--docs", "1000", "--out", str(corpus)],
                       cwd=ROOT, check=True, capture_output=True)
    docs = corpus / "docs" if (corpus / "docs").is_dir() else corpus
    out = [(f"generated/{p.name}", p) for p in sorted(docs.iterdir()) if p.is_file()]
    out += [(f"tests/corpus/{p.parent.name}/{p.name}", p) for p in sorted((ROOT / "tests/corpus").glob("*/source.*"))]
    if samples is None:
        shared = Path("/work/shared/samples")
        samples = shared if shared.is_dir() else ROOT / "samples"
    out += [(f"samples/{p.name}", p) for p in sorted(samples.iterdir()) if p.is_file()]
    return out


def record(path: Path) -> str:
    """One file's extraction (or refusal) as stable JSON, with its normalised text's map."""
    from base.errors import PolicyGraphError
    from loaders import formats
    from loaders.extract import extract_file
    from loaders.normalize import normalize

    try:
        data = extract_file(path).model_dump(mode="json")
    except PolicyGraphError as e:
        data = {"error": type(e).__name__, "message": str(e), "hint": getattr(e, "hint", None)}
    try:
        # The offsets back to the decoded text are in no record: checked on their own.
        n = normalize(formats.read_document(path).text)
        data["normalized"] = hashlib.sha256(repr((n.text, n.original, n.offsets, n.converted_from_traditional,
                                                  n.traditional_ratio, n.line_starts)).encode()).hexdigest()
    except PolicyGraphError as e:
        data["normalized"] = type(e).__name__
    return json.dumps(data, sort_keys=True, ensure_ascii=False)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tree", type=Path, help="import loaders/ from this checkout instead of this tree")
    ap.add_argument("--corpus", type=Path, help="a generated corpus (DIR or DIR/docs); default: 1,000 generated")
    ap.add_argument("--samples", type=Path, help="the sample texts (default /work/shared/samples)")
    ap.add_argument("--out", type=Path, required=True, help="write the per-file hashes here")
    args = ap.parse_args(argv)
    if args.tree is not None:
        sys.path.insert(0, str(args.tree.resolve()))
    import loaders

    print(f"loaders from {Path(loaders.__file__).parent}", file=sys.stderr)
    total = hashlib.sha256()
    lines = []
    with tempfile.TemporaryDirectory(prefix="parse-identity-") as tmp:
        for label, path in corpus_files(args.corpus, args.samples, Path(tmp)):
            digest = hashlib.sha256(record(path).encode("utf-8")).hexdigest()
            total.update(f"{digest}  {label}\n".encode())
            lines.append(f"{digest}  {label}")
    lines.append(f"ALL {total.hexdigest()}")
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines) - 1} files, ALL {total.hexdigest()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
