"""The ``policygraph`` command, run as a real process on a temporary data directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from base.config import SAMPLES_DIR

pytestmark = pytest.mark.store
ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, data: Path | None = None, env: dict[str, str] | None = None,
        stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k not in ("POLICYGRAPH_DATA", "NEO4J_URI")}
    full_env.update(env or {})
    cmd = [sys.executable, "-m", "policygraph.cli", *(["--data", str(data)] if data else []), *args]
    return subprocess.run(cmd, cwd=ROOT, env=full_env, capture_output=True, text=True, input=stdin, timeout=120)


def no_traceback(p: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in p.stderr and "Traceback" not in p.stdout, p.stderr


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("cli") / "data"
    p = run("load", str(SAMPLES_DIR), data=d)
    assert p.returncode == 0, p.stderr
    assert "5 files: 5 loaded (0 replaced), 0 unchanged, 0 failed" in p.stdout
    assert "国办发〔2020〕3号" in p.stdout and "national-2020-3-third-batch.txt" in p.stdout
    return d


def test_reload_is_unchanged_and_server_was_stopped(data: Path) -> None:
    # The CLI started the server and shut it down on exit (nobody else attached).
    assert not (data / "falkordb.pid").exists()
    p = run("load", str(SAMPLES_DIR), "--data", str(data))  # --data after the command works too
    assert p.returncode == 0, p.stderr
    assert "0 loaded (0 replaced), 5 unchanged" in p.stdout


def test_stats_json(data: Path) -> None:
    p = run("stats", "--json", data=data)
    assert p.returncode == 0, p.stderr
    s = json.loads(p.stdout)
    assert s["nodes"]["Measure"] > 100 and s["relationships"]["LEADS"] > 200
    assert set(s["nodes"]) == {"Document", "Measure", "Batch", "Region", "Department"}
    table = run("stats", env={"POLICYGRAPH_DATA": str(data)})  # the environment variable works
    assert table.returncode == 0 and "Measure" in table.stdout and str(s["nodes"]["Measure"]) in table.stdout
    assert s["unfinished_links"] == 0 and "unfinished" not in table.stderr  # the load finished its linking


def test_repair_after_a_finished_load_has_nothing_to_do(data: Path) -> None:
    p = run("repair", data=data)
    assert p.returncode == 0, p.stderr
    assert "nothing to repair" in p.stdout
    j = run("repair", "--json", data=data)
    assert j.returncode == 0 and json.loads(j.stdout) == {"relinked": [], "link": None}


def test_export_json(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "graph.json"
    p = run("export", "--format", "json", "-o", str(out), data=data)
    assert p.returncode == 0, p.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert set(doc) == {"nodes", "relationships"}
    node = doc["nodes"][0]
    assert set(node) == {"id", "labels", "properties"}
    assert set(doc["relationships"][0]) == {"type", "start", "end", "properties"}
    stdout = run("export", data=data)
    assert json.loads(stdout.stdout) == doc
    bad = run("export", "--format", "xml", data=data)
    assert bad.returncode == 2 and "Unknown export format" in bad.stderr
    no_traceback(bad)


def test_export_for_gephi_and_stata(data: Path, tmp_path: Path) -> None:
    import csv

    import networkx as nx

    doc = json.loads(run("export", data=data).stdout)
    for fmt in ("graphml", "gexf"):
        out = tmp_path / f"graph.{fmt}"
        p = run("export", "--format", fmt, "-o", str(out), data=data)
        assert p.returncode == 0, p.stderr
        g = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
        assert g.number_of_nodes() == len(doc["nodes"])
        assert g.number_of_edges() == len(doc["relationships"])
    p = run("export", "--format", "csv", data=data)
    assert p.returncode == 0, p.stderr
    rows = list(csv.DictReader(p.stdout.splitlines()))
    adapts = [r for r in doc["relationships"] if r["type"] == "ADAPTS"]
    assert rows and len(rows) == len(adapts)
    assert {"region", "batch", "adoption_date", "lag_days"} <= set(rows[0])


@pytest.mark.parametrize("args", [
    ("--format", "csv", "--censor", "2020-01-01"),
    ("--format", "graphml", "--batch", "3"),
    ("--format", "json", "--unloaded", "all"),
    ("--format", "gexf", "--bom"),
])
def test_export_refuses_options_that_do_not_apply(data: Path, args: tuple[str, ...]) -> None:
    """A csv asked for with --censor is not censored: say so (exit 2) instead of ignoring it."""
    p = run("export", *args, data=data)
    assert p.returncode == 2, (p.stdout[:200], p.stderr)
    assert f"does not apply to --format {args[1]}" in p.stderr and "hint:" in p.stderr and not p.stdout


def test_empty_panel_and_network_say_why(data: Path) -> None:
    """A header-only csv alone does not tell a researcher what happened."""
    p = run("export", "--format", "panel", "--censor", "2010-01-01", data=data)
    assert p.returncode == 0 and p.stdout.count("\n") == 1 and "panel has no rows" in p.stderr
    p = run("network", "--format", "csv", data=data)  # the samples print no local dates
    assert p.returncode == 0 and "no tie inferred" in p.stderr and "undated" in p.stderr


def test_bad_file_exit_2_others_still_load(tmp_path: Path) -> None:
    d = tmp_path / "data"
    bad = tmp_path / "empty.txt"
    bad.write_text("   \n")
    p = run("load", str(SAMPLES_DIR / "national-2020-3-third-batch.txt"), str(bad),
            str(SAMPLES_DIR / "jilin-second-batch-plan.txt"), data=d)
    assert p.returncode == 2
    assert "failed:" in p.stderr and "empty.txt" in p.stderr
    assert "2 loaded" in p.stdout and "1 failed" in p.stdout
    no_traceback(p)
    s = json.loads(run("stats", "--json", data=d).stdout)
    assert s["nodes"]["Measure"] == 40


def test_extract_json_writes_nothing(tmp_path: Path) -> None:
    d = tmp_path / "never-created"
    p = run("extract", str(SAMPLES_DIR / "guangdong-third-batch-plan.txt"), "--json", data=d)
    assert p.returncode == 0, p.stderr
    ex = json.loads(p.stdout)
    assert ex["document"]["source_file"].endswith("guangdong-third-batch-plan.txt")
    assert len(ex["measures"]) > 10 and ex["leads"]
    assert not d.exists()
    plain = run("extract", str(SAMPLES_DIR / "guangdong-third-batch-plan.txt"))
    assert plain.returncode == 0 and "measures" in plain.stdout
    missing = run("extract", str(tmp_path / "nope.txt"))
    assert missing.returncode == 2 and "error:" in missing.stderr and "hint:" in missing.stderr
    no_traceback(missing)


def test_reset(tmp_path: Path) -> None:
    d = tmp_path / "data"
    assert run("load", str(SAMPLES_DIR), data=d).returncode == 0
    refused = run("reset", data=d, stdin="n\n")
    assert refused.returncode == 1 and "nothing deleted" in refused.stderr
    one = run("reset", "--document", "国办发〔2020〕3号", "--yes", data=d)
    assert one.returncode == 0, one.stderr
    missing = run("reset", "--document", "国办发〔2020〕3号", "--yes", data=d)
    assert missing.returncode == 3 and "No loaded document" in missing.stderr
    p = run("reset", "--yes", data=d)
    assert p.returncode == 0, p.stderr
    s = json.loads(run("stats", "--json", data=d).stdout)
    assert s["total_nodes"] == 0 and s["total_relationships"] == 0


def test_unusable_data_dir_is_a_clear_error(tmp_path: Path) -> None:
    f = tmp_path / "file"
    f.write_text("x")
    p = run("stats", data=f)
    assert p.returncode == 4
    assert "error:" in p.stderr and "not a directory" in p.stderr and "hint:" in p.stderr
    no_traceback(p)


def test_help_lists_the_commands() -> None:
    p = run("--help")
    assert p.returncode == 0
    for cmd in ("load", "extract", "export", "stats", "reset", "serve"):
        assert cmd in p.stdout


def test_unreachable_neo4j_is_a_clear_error(tmp_path: Path) -> None:
    p = run("stats", data=tmp_path / "unused", env={"NEO4J_URI": "bolt://127.0.0.1:1"})
    assert p.returncode == 4
    assert "Neo4j at bolt://127.0.0.1:1 is not reachable" in p.stderr and "hint:" in p.stderr
    no_traceback(p)


def test_analyse_batch_and_bad_arguments(data: Path) -> None:
    p = run("analyse", "--batch", "3", data=data)
    assert p.returncode == 0, p.stderr
    body = json.loads(p.stdout)
    assert body["scope"] == {"batch": 3} and body["national_measures"] == 20
    assert body["regions_by_level"] == {"city": 1, "province": 1}
    both = run("analyse", "--batch", "3", "--measure", "通用通兑", data=data)
    assert both.returncode == 2 and "not both" in both.stderr
    no_traceback(both)
