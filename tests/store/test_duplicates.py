"""The same plan from two files is recognised, reported and counted once (issue 9, part 5).

Second files are written by the test from the samples: a copy with layout damage changed
(no 文号, so near-identical text decides) and a copy with a page footer added (the same
文号 from another file). Both go through the real loaders, duplicate check, writer and
linking on the embedded FalkorDB.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from base.config import SAMPLES_DIR
from policygraph.core import PolicyGraph
from policygraph.questions import diffusion

pytestmark = pytest.mark.store

NOTICE = SAMPLES_DIR / "national-2020-3-third-batch.txt"
GD = SAMPLES_DIR / "guangdong-third-batch-plan.txt"
JL = SAMPLES_DIR / "jilin-second-batch-plan.txt"
GD_ID = "file:guangdong-third-batch-plan"


def _copies(tmp: Path) -> tuple[Path, Path]:
    # The same Guangdong plan as another export: no full-width indents, a blank line per paragraph.
    gd = tmp / "guangdong-plan-from-web.txt"
    gd.write_text("\n\n".join(GD.read_text(encoding="utf-8").replace("\u3000", "").split("\n")), encoding="utf-8")
    # The same Jilin plan with the portal's footer: different bytes, same 文号.
    jl = tmp / "jilin-plan-portal.txt"
    jl.write_text(JL.read_text(encoding="utf-8") + "\n\n（此件公开发布）\n", encoding="utf-8")
    return gd, jl


def _localisations_from(store, document_ids: set[str]) -> int:  # type: ignore[no-untyped-def]
    trace = diffusion.trace(store, "国办发〔2020〕3号/2", with_diff=False)
    return sum(1 for loc in trace["localisations"] if (loc["document"] or {}).get("id") in document_ids)


def test_same_plan_from_two_files_counts_once(fresh_store, tmp_path: Path) -> None:
    gd_copy, jl_copy = _copies(tmp_path)
    # The original from a folder of the test's own, so that it can be changed where it is.
    original = tmp_path / "collected" / GD.name
    original.parent.mkdir()
    original.write_bytes(GD.read_bytes())
    pg = PolicyGraph(fresh_store)
    first = pg.load([NOTICE, original, JL])
    assert first.failed == 0 and first.duplicates == 0
    before = pg.stats()
    once = _localisations_from(fresh_store, {GD_ID, "file:guangdong-plan-from-web"})
    assert once == 1  # Guangdong localises national measure 2 once

    report = pg.load([gd_copy, jl_copy])
    by_file = {Path(f.path).name: f for f in report.files}
    gd_rep, jl_rep = by_file[gd_copy.name], by_file[jl_copy.name]
    assert (gd_rep.status, gd_rep.duplicate_of) == ("duplicate", GD_ID)
    assert (jl_rep.status, jl_rep.duplicate_of) == ("duplicate", "吉政办发〔2019〕19号")
    assert "near-identical-text" in gd_rep.warnings[0] and f"duplicate of {GD_ID}" in gd_rep.warnings[0]
    assert "same-number" in jl_rep.warnings[0]
    assert report.duplicates == 2 and report.measures == 0 and report.exit_code == 0
    d = report.to_dict()
    assert d["totals"]["duplicates"] == 2 and d["quality"]["totals"]["duplicates"] == 2
    assert all(f["quality"]["duplicate_of"] for f in d["files"])

    # Nothing of the second files was written: same counts, and the trace counts Guangdong once.
    assert pg.stats() == before
    assert _localisations_from(fresh_store, {GD_ID, "file:guangdong-plan-from-web"}) == 1
    # The kept documents name the other files.
    rows = fresh_store.run_readonly_cypher(
        "MATCH (d:Document) WHERE d.alternate_sources IS NOT NULL RETURN d.id, d.alternate_sources",
        {}, timeout_ms=5000, limit=10)[1]
    alt = {doc_id: sources for doc_id, sources in rows}
    assert alt == {GD_ID: [gd_copy.name], "吉政办发〔2019〕19号": [jl_copy.name]}

    # Loading the duplicates again changes nothing and names each file once.
    again = pg.load([gd_copy, jl_copy])
    assert again.duplicates == 2 and pg.stats() == before
    rows = fresh_store.run_readonly_cypher("MATCH (d:Document {id: $id}) RETURN d.alternate_sources",
                                           {"id": GD_ID}, timeout_ms=5000, limit=1)[1]
    assert rows == [[[gd_copy.name]]]

    # A changed original replaces its document and keeps the alternate source.
    changed = original  # the same file, changed where it is
    changed.write_text(GD.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    rep = pg.load([changed])
    assert rep.files[0].status == "replaced"
    rows = fresh_store.run_readonly_cypher("MATCH (d:Document {id: $id}) RETURN d.alternate_sources",
                                           {"id": GD_ID}, timeout_ms=5000, limit=1)[1]
    assert rows == [[[gd_copy.name]]]


def test_different_plans_are_not_duplicates(fresh_store) -> None:
    # Guangdong and the Hebei city restate the same batch: alike, but other regions and texts.
    report = PolicyGraph(fresh_store, relink=None).load(sorted(SAMPLES_DIR.glob("*.txt")))
    assert report.duplicates == 0 and report.loaded == 5
