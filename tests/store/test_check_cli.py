"""``policygraph check FILE…`` (quality figures, extract only) and the same figures in
``load --json``, run as real processes (issue 9, part 6)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from base.config import SAMPLES_DIR
from tests.store.test_cli import no_traceback, run

pytestmark = pytest.mark.store


@pytest.fixture
def copy_dir(tmp_path: Path) -> Path:
    d = tmp_path / "more"
    d.mkdir()
    text = (SAMPLES_DIR / "guangdong-third-batch-plan.txt").read_text(encoding="utf-8")
    (d / "guangdong-web-copy.txt").write_text(text.replace("\u3000", ""), encoding="utf-8")
    return d


def test_check_json_figures_per_document(copy_dir: Path, tmp_path: Path) -> None:
    p = run("check", str(SAMPLES_DIR), str(copy_dir), "--json", data=tmp_path / "never-created")
    no_traceback(p)
    assert p.returncode == 0, p.stderr
    got = json.loads(p.stdout)
    files = {Path(f["file"]).name: f for f in got["files"]}
    hebei = files["hebei-city-third-batch-tasks.txt"]
    # The Hebei list states no lead rule: 16 texted items presume the first-listed leads;
    # its 4 count-only items (军民深度融合) have no department by nature and are not flagged.
    assert (hebei["items"], hebei["roles_presumed"], hebei["no_department"]) == (20, 16, 0)
    assert hebei["date"] is None and hebei["date_missing"] and hebei["needs_look"]
    jilin = files["jilin-second-batch-plan.txt"]
    assert (jilin["date"], jilin["date_method"], jilin["date_missing"]) == ("2019 (year)", "document-number-year", True)
    assert jilin["issuer"] == "吉林省人民政府办公厅"
    national = files["national-2020-3-third-batch.txt"]
    assert (national["date"], national["date_missing"], national["roles_presumed"]) == ("2020-01-23", False, 0)
    assert national["warnings"] == [] and not national["needs_look"]
    copy = files["guangdong-web-copy.txt"]
    assert copy["duplicate_of"] == "file:guangdong-third-batch-plan"
    assert any("duplicate of file:guangdong-third-batch-plan" in w for w in copy["warnings"])
    t = got["totals"]
    assert (t["files"], t["readable"], t["failed"], t["duplicates"]) == (6, 6, 0, 1)
    assert t["items"] == sum(f["items"] for f in got["files"])
    assert t["date_missing"] == 4  # Guangdong, its copy, Hebei (none printed), Jilin (year only)
    # No store was touched: check extracts only.
    assert not (tmp_path / "never-created").exists()


def test_check_table_and_a_bad_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    p = run("check", str(SAMPLES_DIR / "jilin-second-batch-plan.txt"), str(empty), str(tmp_path / "missing.txt"))
    no_traceback(p)
    assert p.returncode == 2
    assert "policygraph check" in p.stdout and "2019 (year)" in p.stdout and "吉政办发〔2019〕19号" in p.stdout
    assert "3 files: 3 need a look; 2 unreadable" in p.stdout
    assert "empty.txt" in p.stderr and "missing.txt" in p.stderr
    p = run("check", str(tmp_path / "missing.txt"), "--json")
    assert p.returncode == 2 and json.loads(p.stdout)["totals"]["failed"] == 1


def test_load_reports_quality_and_duplicates(copy_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    p = run("load", str(SAMPLES_DIR), str(copy_dir), "--json", data=data)
    no_traceback(p)
    assert p.returncode == 0, p.stderr
    got = json.loads(p.stdout)
    assert got["totals"]["loaded"] == 5 and got["totals"]["duplicates"] == 1
    dup = next(f for f in got["files"] if f["status"] == "duplicate")
    assert dup["duplicate_of"] == "file:guangdong-third-batch-plan" and dup["measures"] == 0
    q = got["quality"]["totals"]
    assert (q["files"], q["duplicates"], q["date_missing"], q["roles_presumed"]) == (6, 1, 4, 18)
    hebei = next(f for f in got["files"] if f["path"].endswith("hebei-city-third-batch-tasks.txt"))
    assert hebei["quality"]["roles_presumed"] == 16
    table = run("load", str(copy_dir), data=data)
    assert table.returncode == 0
    assert "duplicate of file:guangdong-third-batch-plan" in table.stdout and "quality" in table.stdout
