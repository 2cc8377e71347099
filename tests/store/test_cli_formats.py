"""``policygraph load`` / ``extract`` on a folder of mixed formats: what loads, what is skipped and why."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.store.test_cli import no_traceback, run

pytestmark = pytest.mark.store
DATA = Path(__file__).resolve().parents[1] / "data" / "formats"


def test_mixed_folder_loads_every_format_and_reports_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(DATA / "national-2018-126-second-batch.docx", folder)
    shutil.copy(DATA / "govcn-2018-123.html", folder)
    (folder / "govcn-2018-123.yaml").write_text("issuer: 国务院办公厅\n", encoding="utf-8")
    (folder / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    p = run("load", str(folder), "--json", data=tmp_path / "data")
    no_traceback(p)
    assert p.returncode == 2, p.stderr  # the corrupt .docx is a bad input; the others still load
    report = json.loads(p.stdout)
    status = {Path(f["path"]).name: f["status"] for f in report["files"]}
    assert status == {"broken.docx": "failed", "govcn-2018-123.html": "loaded",
                      "national-2018-126-second-batch.docx": "loaded"}
    skipped = {Path(s["path"]).name: s["reason"] for s in report["skipped"]}
    assert skipped["govcn-2018-123.yaml"].startswith("sidecar")
    assert "not a supported format" in skipped["scan.png"]
    assert "skipped:" in p.stderr and "scan.png" in p.stderr
    assert "broken.docx" in p.stderr and "docx" in p.stderr


def test_extract_reads_a_web_page(tmp_path: Path) -> None:
    p = run("extract", str(DATA / "govcn-2018-123.html"), "--json")
    no_traceback(p)
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)["document"]
    assert doc["number"] == "国办发〔2018〕123号" and doc["published"] == "2018-12-27"
    assert not (tmp_path / "data").exists()


def test_folder_with_nothing_loadable_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / "a.png").write_bytes(b"\x89PNG")
    p = run("load", str(tmp_path), data=tmp_path / "data")
    no_traceback(p)
    assert p.returncode == 2
    assert "No documents to load" in p.stderr and "a.png" in p.stderr
