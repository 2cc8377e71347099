"""Files of the same name from different folders are different files (附件1.pdf, index.html,
source.txt: real collections are full of them), and a reload of one is that file's new
version. Until session 7 the graph knew a file only by its name: a second `source.txt`
replaced the first document, and a plan without 文号 took the id of another folder's plan
(found by bench.link_score: loading 国发〔2018〕39号 deleted all of batch 2)."""

from __future__ import annotations

import shutil
from pathlib import Path

from graph.writer import write_extraction
from policygraph.core import PolicyGraph, source_key
from tests.conftest import SAMPLES_DIR

GUANGDONG = SAMPLES_DIR / "guangdong-third-batch-plan.txt"  # no 文号: id file:<stem>
HEBEI = SAMPLES_DIR / "hebei-city-third-batch-tasks.txt"  # no 文号 either
JILIN = SAMPLES_DIR / "jilin-second-batch-plan.txt"  # 吉政办发〔2019〕19号
NATIONAL = SAMPLES_DIR / "national-2020-3-third-batch.txt"  # 国办发〔2020〕3号


def _put(folder: Path, src: Path, name: str = "plan.txt") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copyfile(src, folder / name))


def _documents(store) -> dict[str, dict]:
    rows = store.read("document_list", {"offset": 0, "limit": 100})
    return {r["id"]: r for r in rows if not r.get("stub")}


def test_two_plans_named_alike_in_two_folders_are_two_documents(fresh_store, tmp_path: Path) -> None:
    a = _put(tmp_path / "guangdong", GUANGDONG)
    b = _put(tmp_path / "hebei", HEBEI)
    pg = PolicyGraph(fresh_store)
    assert [f.status for f in pg.load([a]).files] == ["loaded"]
    second = pg.load([b]).files
    assert [f.status for f in second] == ["loaded"], second[0].to_dict()
    docs = _documents(fresh_store)
    assert set(docs) == {"file:plan", f"file:plan@{source_key(b)[:6]}"}
    assert {d["region_id"] for d in docs.values()} == {"440000", "130100"}
    measures = {d["id"]: d["measures"] for d in docs.values()}
    assert measures == {"file:plan": 16, f"file:plan@{source_key(b)[:6]}": 20}

    # Each file finds its own document again: unchanged, then its own new version.
    assert [f.status for f in pg.load([a, b]).files] == ["unchanged", "unchanged"]
    b.write_text(b.read_text(encoding="utf-8").replace("科技", "科创", 1), encoding="utf-8")
    again = pg.load([b]).files
    assert [(f.status, f.document_id) for f in again] == [("replaced", f"file:plan@{source_key(b)[:6]}")]
    assert len(_documents(fresh_store)) == 2


def test_one_folder_load_of_same_named_files_keeps_both(fresh_store, tmp_path: Path) -> None:
    files = [_put(tmp_path / "x", GUANGDONG, "source.txt"), _put(tmp_path / "y", HEBEI, "source.txt"),
             _put(tmp_path / "z", NATIONAL, "source.txt")]
    report = PolicyGraph(fresh_store).load([tmp_path])
    assert sorted(f.status for f in report.files) == ["loaded"] * 3, [f.to_dict() for f in report.files]
    assert len(_documents(fresh_store)) == 3
    assert len({source_key(p) for p in files}) == 3


def test_the_same_document_under_its_name_from_another_folder_is_that_document(fresh_store, tmp_path: Path) -> None:
    """Same 文号, same name, another folder (a collection moved or copied, then edited): the
    document's own file, so it replaces the document - one document, not a duplicate."""
    a = _put(tmp_path / "a", JILIN)
    b = _put(tmp_path / "b", JILIN)
    pg = PolicyGraph(fresh_store)
    pg.load([a])
    assert [f.status for f in pg.load([b]).files] == ["unchanged"]
    b.write_text(b.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # other bytes, same document
    files = pg.load([b]).files
    assert [(f.status, f.document_id, f.duplicate_of) for f in files] == [("replaced", "吉政办发〔2019〕19号", None)]
    assert list(_documents(fresh_store)) == ["吉政办发〔2019〕19号"]


def test_the_same_text_under_its_name_from_another_folder_is_that_document(fresh_store, tmp_path: Path) -> None:
    """No 文号, near-identical text, same name, another folder: the same document (no second
    id); another text of that name would be another document (first test)."""
    a = _put(tmp_path / "site1", GUANGDONG)
    b = _put(tmp_path / "site2", GUANGDONG)
    b.write_text(b.read_text(encoding="utf-8").replace("科技", "科创", 1), encoding="utf-8")
    pg = PolicyGraph(fresh_store)
    pg.load([a])
    files = pg.load([b]).files
    assert [(f.status, f.document_id) for f in files] == [("replaced", "file:plan")]
    assert list(_documents(fresh_store)) == ["file:plan"]
    # ...and under ANOTHER name it is a duplicate, counted once, as before
    c = _put(tmp_path / "site3", b, "plan-copy.txt")
    assert [(f.status, f.duplicate_of) for f in pg.load([c]).files] == [("duplicate", "file:plan")]


def test_a_document_written_before_source_keys_is_still_its_files(fresh_store, tmp_path: Path) -> None:
    """A data dir from before session 7 holds documents without source_key: a reload of the
    same file (by name, as then) is unchanged, not a second document."""
    a = _put(tmp_path / "old", GUANGDONG)
    legacy = PolicyGraph.extract(a)
    assert legacy.document.source_key is None
    assert write_extraction(fresh_store, legacy).status == "loaded"
    assert [f.status for f in PolicyGraph(fresh_store).load([a]).files] == ["unchanged"]
    assert list(_documents(fresh_store)) == ["file:plan"]


def test_upload_keys_are_names_under_the_upload_folder(tmp_path: Path) -> None:
    one, two = tmp_path / "t1", tmp_path / "t2"
    p1, p2 = _put(one, GUANGDONG), _put(two, HEBEI)
    assert source_key(p1, one) == source_key(p2, two)  # a re-upload of plan.txt is plan.txt
    assert source_key(p1) != source_key(p2)  # from disk, two folders are two files
    assert len(source_key(p1)) == 12 and str(tmp_path) not in source_key(p1)


def test_check_tells_same_named_files_apart(tmp_path: Path) -> None:
    """check lists files side by side: the same plan under one name in two folders is shown as
    a duplicate (load would count it once too, as the document's file)."""
    from policygraph.quality import check

    _put(tmp_path / "a", GUANGDONG)
    _put(tmp_path / "b", HEBEI)  # another plan of the same name: not a duplicate
    _put(tmp_path / "c", GUANGDONG)  # the same plan again: a duplicate
    dups = {Path(f.file).parent.name: f.duplicate_of for f in check([tmp_path]).files}
    assert dups == {"a": None, "b": None, "c": "file:plan"}
