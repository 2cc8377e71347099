"""The CLI asks the questions (issue 11.6): who-leads, trace, search, documents give the
API's answers (the same PolicyGraph call), --json, exit 3 with a hint for unknown batches
and measures, and one rule for bare numbers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from base.config import SAMPLES_DIR

pytestmark = [pytest.mark.api, pytest.mark.store]
ROOT = Path(__file__).resolve().parents[2]
N = "国办发〔2020〕3号"


def run(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("POLICYGRAPH_DATA", "NEO4J_URI")}
    return subprocess.run([sys.executable, "-m", "policygraph.cli", "--data", str(data), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("cliq") / "data"
    p = run(d, "load", str(SAMPLES_DIR))
    assert p.returncode == 0, p.stderr
    return d


def _ids(items: list[dict]) -> list[str]:
    return [i["measure"]["id"] for i in items]


def test_who_leads_json_is_the_api_answer(data, client):
    p = run(data, "who-leads", "12", "石家庄", "--json")
    assert p.returncode == 0, p.stderr
    cli = json.loads(p.stdout)
    api = client.get("/api/who-leads", params={"measure": "12", "region": "石家庄"}).json()
    assert cli["resolved"] == api["resolved"] and cli["resolved"]["id"] == f"{N}/12"
    assert _ids(cli["answers"]) == _ids(api["answers"])
    assert [a["statement"] for a in cli["answers"]] == [a["statement"] for a in api["answers"]]
    table = run(data, "who-leads", "12", "石家庄")
    assert table.returncode == 0 and "正定海关" in table.stdout and "resolved:" in table.stdout


def test_who_leads_pages_the_cities_as_the_api(data, client):
    p = run(data, "who-leads", f"{N}/2", "河北", "--limit", "0", "--json")
    cli = json.loads(p.stdout)
    api = client.get("/api/who-leads", params={"measure": f"{N}/2", "region": "河北", "limit": 0}).json()
    assert cli["answers"] == api["answers"] == [] and cli["counts"] == api["counts"]
    table = run(data, "who-leads", f"{N}/2", "河北", "--limit", "0")
    assert table.returncode == 0 and "more with --offset 0" in table.stdout


def test_trace_search_documents(data, client):
    cli = json.loads(run(data, "trace", "通用通兑", "--json").stdout)
    api = client.get("/api/trace", params={"measure": "通用通兑"}).json()
    assert cli["resolved"]["id"] == api["resolved"]["id"] == f"{N}/2"
    assert _ids(cli["localisations"]) == _ids(api["localisations"]) and cli["counts"] == api["counts"]
    s = json.loads(run(data, "search", "科技创新券", "--json", "--limit", "5").stdout)
    a = client.get("/api/measures", params={"q": "科技创新券", "limit": 5}).json()
    assert [h["id"] for h in s["items"]] == [h["id"] for h in a["items"]]
    d = json.loads(run(data, "documents", "--json").stdout)
    assert d["total"] == client.get("/api/documents").json()["total"]
    assert "国办发〔2020〕3号" in run(data, "documents").stdout


def test_who_leads_with_no_answer_prints_the_note_only(data):
    p = run(data, "who-leads", "通用通兑", "吉林")  # Jilin's batch-2 plan is loaded, none for batch 3
    assert p.returncode == 0 and "No measure of 吉林省" in p.stdout
    assert "local measure" not in p.stdout  # no empty table frame before the note


def test_cli_hints_name_commands_not_urls(data):
    """At the terminal the look-up a hint suggests is a command, and input is echoed verbatim."""
    p = run(data, "trace", "不存在的[措施]")
    assert p.returncode == 3 and "'不存在的[措施]'" in p.stderr
    assert "policygraph search 不存在的[措施]" in p.stderr and "/api/measures" not in p.stderr


def test_documents_name_their_region(data, client):
    """A reader looks for 广东省, not 440000; documents come grouped by level, then region code."""
    items = client.get("/api/documents").json()["items"]
    loaded = [d for d in items if not d["stub"]]
    assert {d["region_id"]: d["region"] for d in loaded} == {
        "100000": "中国", "130100": "石家庄市", "220000": "吉林省", "440000": "广东省", "620000": "甘肃省"}
    order = [(d["level"], d["region_id"]) for d in loaded]
    rank = {"national": 0, "provincial": 1, "municipal": 2}
    assert order == sorted(order, key=lambda x: (rank[x[0]], x[1]))
    table = run(data, "documents")
    assert table.returncode == 0 and "广东省" in table.stdout and "440000" not in table.stdout


@pytest.mark.parametrize("args", [
    ("analyse", "--batch", "9"),
    ("who-leads", "12", "石家庄", "--batch", "9"),
    ("trace", "14", "--batch", "9"),
    ("search", "创新券", "--batch", "9"),
    ("network", "--batch", "9"),
    ("trace", "完全不存在的一项措施名称"),
    ("who-leads", "国办发〔2020〕3号/99", "广东"),
])
def test_unknown_batches_and_measures_exit_3_with_a_hint(data, args):
    p = run(data, *args)
    assert p.returncode == 3, (p.stdout, p.stderr)
    assert "error:" in p.stderr and "hint:" in p.stderr and "Traceback" not in p.stderr


def test_bare_number_with_batch(data):
    body = json.loads(run(data, "trace", "14", "--batch", "3", "--json").stdout)
    assert body["resolved"]["id"] == f"{N}/14" and "batch 3" in body["resolved"]["how"]


def test_network_command_is_the_api_answer(data, client):
    p = run(data, "network")
    assert p.returncode == 0, p.stderr
    cli = json.loads(p.stdout)
    api = client.get("/api/network/diffusion").json()
    assert cli["edges"] == api["edges"] and cli["inputs"] == api["inputs"]
    csv_text = run(data, "network", "--format", "csv").stdout
    assert csv_text.startswith("source,source_name,target")
