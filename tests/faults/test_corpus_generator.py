"""The scale corpus generator: deterministic, nested across scales, ground truth consistent.

No database needed. The benchmarks' precision/recall figures are only as good as these
properties, so they are pinned here rather than trusted.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.generate import Corpus, cn_ordinal, generate
from bench.national import BATCH3_FILE, _parse_batch3_table, batches


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    generate(60, tmp_path / "a")
    generate(60, tmp_path / "b")
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")


def test_other_seed_other_corpus(tmp_path: Path) -> None:
    generate(30, tmp_path / "a", seed=1)
    generate(30, tmp_path / "b", seed=2)
    assert _tree(tmp_path / "a") != _tree(tmp_path / "b")


def test_smaller_corpus_is_a_prefix_of_larger(tmp_path: Path) -> None:
    small = generate(40, tmp_path / "s")["files"]
    large = generate(120, tmp_path / "l")["files"]
    assert large[:40] == small
    for f in small:
        assert (tmp_path / "s/docs" / f["file"]).read_bytes() == (tmp_path / "l/docs" / f["file"]).read_bytes()


def test_ground_truth_matches_manifest(tmp_path: Path) -> None:
    m = generate(80, tmp_path / "c")
    ids = [f["document_id"] for f in m["files"]]
    assert len(ids) == len(set(ids)), "document ids (文号 or file:stem) must be unique"
    truth = [json.loads(line) for line in (tmp_path / "c/ground_truth.jsonl").read_text("utf-8").splitlines()]
    per_file: dict[str, int] = {}
    for t in truth:
        per_file[t["file"]] = per_file.get(t["file"], 0) + 1
        assert t["measure_id"] == f"{t['document_id']}/{t['key']}"
        if t["reason"] in ("local-only", "not-yet-promoted"):
            assert t["national"] is None
        else:
            assert t["national"] is not None
    for f in m["files"]:
        if f["kind"] != "national":
            assert per_file.get(f["file"], 0) == f["measures"]
    national_ids = {x["id"] for b in m["national"].values() for x in b["measures"]}
    assert {t["national"] for t in truth if t["national"]} <= national_ids
    keys = [(t["document_id"], t["key"]) for t in truth]
    assert len(keys) == len(set(keys)), "measure keys must be unique within a document"


def test_time_rule_in_ground_truth(tmp_path: Path) -> None:
    """A local item may only have a national parent promoted on or before its document's date."""
    m = generate(200, tmp_path / "c")
    dates = {f["document_id"]: f["date"] for f in m["files"]}
    batch_date = {b["notice"]: b["date"] for b in m["national"].values()}
    truth = [json.loads(line) for line in (tmp_path / "c/ground_truth.jsonl").read_text("utf-8").splitlines()]
    reasons = {t["reason"] for t in truth}
    assert {"restates", "local-only", "not-yet-promoted"} <= reasons
    for t in truth:
        if t["national"]:
            notice = t["national"].rsplit("/", 1)[0]
            assert dates[t["document_id"]] >= batch_date[notice]


def test_all_layouts_and_encodings_present(tmp_path: Path) -> None:
    m = generate(300, tmp_path / "c")
    local = [f for f in m["files"] if f["kind"] != "national"]
    assert {f["layout"] for f in local} == {"table", "prose", "numbered", "gansu"}
    assert {"utf-8", "gb18030"} <= {f["encoding"] for f in local}
    for f in local:
        raw = (tmp_path / "c/docs" / f["file"]).read_bytes()
        raw.decode(f["encoding"])  # written in the encoding the manifest claims


def test_synthetic_notices_are_labelled(tmp_path: Path) -> None:
    m = generate(10, tmp_path / "c")
    for f in m["files"][:3]:
        text = (tmp_path / "c/docs" / f["file"]).read_text("utf-8")
        if f["synthetic"]:
            assert "合成" in text.splitlines()[1]
        else:
            assert text == BATCH3_FILE.read_text("utf-8")


def test_batch3_table_reader() -> None:
    ms = _parse_batch3_table(BATCH3_FILE.read_text("utf-8"))
    assert len(ms) == 20
    assert ms[2].title == "政银保联动授信担保提供科技型中小企业长期集合信贷机制"  # split over a page break
    assert ms[2].scope == "8个改革试验区域"
    assert ms[2].departments == ("财政部", "科技部", "人民银行", "银保监会")
    assert [m.untitled for m in ms[16:]] == [True] * 4


def test_batch3_reader_agrees_with_project_loader() -> None:
    """When the project's loader exists, the corpus is built from ITS reading of the real list."""
    pytest.importorskip("loaders.extract")
    mine = batches(prefer_loader=False)[3].measures
    theirs = batches(prefer_loader=True)[3].measures
    assert [m.title for m in theirs] == [m.title for m in mine]


def test_cn_ordinal() -> None:
    assert [cn_ordinal(n) for n in (1, 9, 10, 11, 20, 23)] == ["一", "九", "十", "十一", "二十", "二十三"]


def test_slots_cover_every_region_and_batch() -> None:
    c = Corpus()
    kind0 = c.slots_of_kind(0)
    assert len(kind0) == 3 * len(c.regions)
    assert len({(s.region.id, s.batch) for s in kind0}) == len(kind0)
    assert sum(r.level == "province" for r in c.regions) == 31
