"""The writer and the core object on the real embedded store.

Hand-built extractions (tests/store/records.py) pin the write semantics independently of
the loaders; the sample tests then check the same properties on real extraction output.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import redis

from base.errors import NotFoundError
from graph.falkor import FalkorStore, WriteFailedError
from graph.store import Statement
from graph.writer import delete_document, statements_for, write_extraction
from policygraph.core import PolicyGraph
from tests.conftest import load_samples
from tests.store import records as R

pytestmark = pytest.mark.store


def q(store: FalkorStore, text: str, **params: Any) -> list[list[Any]]:
    return store.run_readonly_cypher(text, params, timeout_ms=5000, limit=100_000)[1]


def stats(store: FalkorStore) -> dict[str, Any]:
    return PolicyGraph(store).stats()


def ids(store: FalkorStore, label: str) -> set[str]:
    return {r[0] for r in q(store, f"MATCH (n:{label}) RETURN n.id")}


# -- schema -------------------------------------------------------------------------


def test_schema_is_idempotent_and_chinese_fulltext_works(fresh_store: FalkorStore) -> None:
    before = q(fresh_store, "CALL db.indexes() YIELD label, properties RETURN label, properties ORDER BY label")
    fresh_store.ensure_schema()
    fresh_store.ensure_schema()
    after = q(fresh_store, "CALL db.indexes() YIELD label, properties RETURN label, properties ORDER BY label")
    assert before == after
    constraints = q(fresh_store, "CALL db.constraints() YIELD label, properties, status "
                                 "RETURN label, properties, status")
    assert sorted(r[0] for r in constraints) == sorted(["Batch", "Department", "Document", "Measure", "Region"])
    assert all(r[2] == "OPERATIONAL" and r[1] == ["id"] for r in constraints)

    write_extraction(fresh_store, R.national())
    for word in ("市场化", "合作", "银行", "科技"):
        hits = q(fresh_store, "CALL db.idx.fulltext.queryNodes('Measure', $w) YIELD node RETURN node.id", w=word)
        assert [f"{R.NATIONAL_ID}/1"] == [h[0] for h in hits if h[0].endswith("/1")], word
    # The unique constraint holds: a second node with the same id is refused.
    with pytest.raises(redis.ResponseError, match="unique constraint"):
        fresh_store._graph.query("CREATE (:Measure {id: $id})", {"id": f"{R.NATIONAL_ID}/1"})


# -- write semantics ---------------------------------------------------------------------


def test_a_document_is_one_parameterised_statement() -> None:
    """One statement per document: FalkorDB runs a single query atomically, which is what
    makes a write all or nothing there (it has no multi-statement transactions)."""
    stmts = statements_for(R.local())
    assert [st.name for st in stmts] == ["write_document_whole"]
    for v in stmts[0].params.values():
        assert not isinstance(v, str) or "MATCH" not in v


@pytest.mark.parametrize("name", ["load_document_state", "write_document_whole", "duplicate_candidates",
                                  "link_document_measures", "link_document_apply"])
def test_per_file_statements_look_documents_up_by_index(fresh_store: FalkorStore, name: str) -> None:
    """The statements a load runs once per file reach Documents through an index, never a
    scan of every Document: a scan per file makes a load grow with the square of its size
    (load_document_state's OR, and the write's stub cleanup, did until session 5)."""
    import json
    import re

    from graph.falkor import params_header
    from queries import get

    write_extraction(fresh_store, R.local())
    text = get(name, "falkordb").text
    example = re.search(r"^// example: (.*)$", text, re.M)
    assert example is not None
    plan = fresh_store._redis.execute_command("GRAPH.EXPLAIN", fresh_store.graph_name,
                                              params_header(json.loads(example.group(1))) + text)
    steps = [line.decode() if isinstance(line, bytes) else line for line in plan]
    assert not [s for s in steps if "Label Scan" in s or "All Node Scan" in s], steps


def test_write_then_reload_is_a_no_op(fresh_store: FalkorStore) -> None:
    assert write_extraction(fresh_store, R.local()).status == "loaded"
    assert write_extraction(fresh_store, R.national()).status == "loaded"
    first = stats(fresh_store)
    assert first["nodes"]["Measure"] == 5
    assert first["relationships"]["LEADS"] == 5
    assert first["relationships"]["PROMOTES"] == 5 + 3  # regions' + the batch's

    assert write_extraction(fresh_store, R.national()).status == "unchanged"
    assert write_extraction(fresh_store, R.local()).status == "unchanged"
    # Even a forced rewrite of identical content creates no duplicates.
    assert write_extraction(fresh_store, R.national(), force=True).status == "replaced"
    assert write_extraction(fresh_store, R.local(), force=True).status == "replaced"
    assert stats(fresh_store) == first


def test_cited_stub_is_filled_by_the_real_document(fresh_store: FalkorStore) -> None:
    write_extraction(fresh_store, R.local())
    [[stub, title]] = q(fresh_store, "MATCH (d:Document {id: $id}) RETURN d.stub, d.title", id=R.NATIONAL_ID)
    assert stub is True and title is None
    assert q(fresh_store, "MATCH (d:Document {id: $id}) RETURN d.stub", id="title:广东省深化科技体制改革实施方案") == [[True]]

    write_extraction(fresh_store, R.national())
    [[stub, title, n]] = q(fresh_store, "MATCH (d:Document {id: $id}) RETURN d.stub, d.title, d.number",
                           id=R.NATIONAL_ID)
    assert stub is False and title.startswith("国务院办公厅") and n == R.NATIONAL_ID
    cites = q(fresh_store, "MATCH (:Document {id: $a})-[c:DERIVED_FROM]->(d:Document) RETURN d.id, c.via",
              a=R.LOCAL_ID)
    assert sorted(cites) == sorted([[R.NATIONAL_ID, "number"], ["title:广东省深化科技体制改革实施方案", "title"]])
    assert len(ids(fresh_store, "Document")) == 3


def test_properties_are_flat(fresh_store: FalkorStore) -> None:
    write_extraction(fresh_store, R.national())
    [[doc]] = q(fresh_store, "MATCH (d:Document {id: $id}) RETURN properties(d)", id=R.NATIONAL_ID)
    assert doc["date_method"] == "signature-date" and doc["date_score"] == 0.9
    assert doc["sha256"] and doc["stub"] is False and doc["loaded_at"]
    [[dep]] = q(fresh_store, "MATCH (d:Department {id: '100000/科学技术部'}) RETURN properties(d)")
    assert dep["canonical_method"] == "alias-table" and dep["printed_names"] == ["科技部"]
    [[span]] = q(fresh_store, "MATCH (:Measure {id: $id})-[e:DERIVED_FROM]->(:Document) RETURN properties(e)",
                 id=f"{R.NATIONAL_ID}/2")
    assert span == {"source_file": "national-test.txt", "line_start": 12, "line_end": 12, "char_start": 200,
                    "char_end": 200 + len(R.NATIONAL_TITLES[1])}
    [[batch]] = q(fresh_store, "MATCH (b:Batch)-[:DERIVED_FROM]->(:Document {id: $id}) RETURN properties(b)",
                  id=R.NATIONAL_ID)
    assert batch["number"] == 3 and batch["method"] == "title"
    for row in q(fresh_store, "MATCH (n) RETURN properties(n)") + q(fresh_store, "MATCH ()-[r]->() RETURN properties(r)"):
        for v in row[0].values():
            assert not isinstance(v, dict)


def test_printed_names_merge_without_duplicates(fresh_store: FalkorStore) -> None:
    write_extraction(fresh_store, R.national())
    ex = R.national(sha="other")
    ex.departments[1].printed_names = ["科技部", "国家科技部"]
    write_extraction(fresh_store, ex)
    # Sorted, so the stored list does not depend on which document came first.
    assert q(fresh_store, "MATCH (d:Department {id: '100000/科学技术部'}) RETURN d.printed_names") == [
        [sorted(["科技部", "国家科技部"])]]


def test_changed_file_replaces_its_document_and_keeps_adapts(fresh_store: FalkorStore) -> None:
    write_extraction(fresh_store, R.national())
    write_extraction(fresh_store, R.local())
    # ADAPTS comes from policygraph.linking; here two links are written with its statement.
    fresh_store.write([Statement("link_write_adapts", {"rows": [
        {"local_id": f"{R.LOCAL_ID}/二.1", "national_id": f"{R.NATIONAL_ID}/1", "props": {"score": 0.9}},
        {"local_id": f"{R.LOCAL_ID}/二.2", "national_id": f"{R.NATIONAL_ID}/3", "props": {"score": 0.5}},
    ]})])

    res = write_extraction(fresh_store, R.national(R.NATIONAL_TITLES[:2]))  # measure 3 dropped
    assert res.status == "replaced"
    assert ids(fresh_store, "Measure") == {f"{R.NATIONAL_ID}/1", f"{R.NATIONAL_ID}/2",
                                           f"{R.LOCAL_ID}/二.1", f"{R.LOCAL_ID}/二.2"}
    adapts = q(fresh_store, "MATCH (l)-[a:ADAPTS]->(n) RETURN l.id, n.id, a.score")
    assert adapts == [[f"{R.LOCAL_ID}/二.1", f"{R.NATIONAL_ID}/1", 0.9]]
    s = stats(fresh_store)
    assert s["relationships"]["LEADS"] == 2 + 2
    assert s["relationships"]["PROMOTES"] == 2 + 2 + 2  # country, Guangdong, batch
    assert q(fresh_store, "MATCH (:Batch)-[:PROMOTES]->(m) RETURN count(m)") == [[2]]
    [[count]] = q(fresh_store, "MATCH (b:Batch) RETURN b.measure_count")
    assert count == 2


def test_new_document_id_for_the_same_file_replaces_the_old_one(fresh_store: FalkorStore) -> None:
    write_extraction(fresh_store, R.national())
    ex = R.national(sha="changed")
    new_id = "国办发〔2020〕33号"
    ex.document.id = new_id
    for m in ex.measures:
        m.document_id = new_id
        m.id = m.id.replace(R.NATIONAL_ID, new_id)
    for lead in ex.leads:
        lead.measure_id = lead.measure_id.replace(R.NATIONAL_ID, new_id)
    res = write_extraction(fresh_store, ex)
    assert res.status == "replaced" and res.replaced_ids == [R.NATIONAL_ID]
    assert ids(fresh_store, "Document") == {new_id}
    assert all(i.startswith(new_id) for i in ids(fresh_store, "Measure"))


def test_a_reload_that_drops_a_citation_removes_the_stub_nothing_cites(fresh_store: FalkorStore) -> None:
    # The write deletes only the stubs it can have left uncited (looked up by id, no scan of
    # every Document): those the previous version or a replaced document cited, and the
    # replaced documents themselves. A stub another document still cites stays.
    title_stub = "title:广东省深化科技体制改革实施方案"
    write_extraction(fresh_store, R.local())
    other = R.local(sha="other")
    other.document.id = other.document.number = "粤府办〔2099〕1号"
    other.document.source_file = "other.txt"
    other.document.cites = [c for c in other.document.cites if c.number == R.NATIONAL_ID]
    for m in other.measures:
        m.document_id = other.document.id
        m.id = m.id.replace(R.LOCAL_ID, other.document.id)
    for lead in other.leads:
        lead.measure_id = lead.measure_id.replace(R.LOCAL_ID, other.document.id)
    write_extraction(fresh_store, other)
    assert {R.NATIONAL_ID, title_stub} <= ids(fresh_store, "Document")

    changed = R.local(sha="changed")
    changed.document.cites = []
    assert write_extraction(fresh_store, changed).status == "replaced"
    # The title stub was cited by this document only: gone. The national one is still cited.
    assert ids(fresh_store, "Document") == {R.LOCAL_ID, other.document.id, R.NATIONAL_ID}
    [[stub]] = q(fresh_store, "MATCH (d:Document {id: $id}) RETURN d.stub", id=R.NATIONAL_ID)
    assert stub is True


class BreakingStore(FalkorStore):
    """Makes a document's write fail at run time, late in the statement, as a bad value
    would: a map in the LEADS properties, which FalkorDB refuses while executing (not
    while parsing), after the regions, departments, document and measures were written."""

    def write(self, statements):  # type: ignore[no-untyped-def]
        out = []
        for st in statements:
            if st.name == "write_document_whole" and st.params["leads"]:
                leads = [dict(r, props={**r["props"], "bad": {"nested": 1}}) for r in st.params["leads"]]
                st = Statement(st.name, {**st.params, "leads": leads})
            out.append(st)
        return super().write(out)


@pytest.fixture
def breaking_store(fresh_store: FalkorStore):
    s = BreakingStore(fresh_store.server.data_dir, graph_name=fresh_store.graph_name)
    yield s
    s.close()


def test_failure_mid_document_leaves_nothing_of_it(fresh_store: FalkorStore, breaking_store: BreakingStore) -> None:
    write_extraction(fresh_store, R.national())
    before = normalised(fresh_store)

    with pytest.raises(WriteFailedError) as exc:
        write_extraction(breaking_store, R.local())
    assert exc.value.statement == "write_document_whole"
    # The one statement was rolled back by FalkorDB: not even the region or the
    # departments written before the failing clause remain.
    assert normalised(fresh_store) == before
    assert q(fresh_store, "MATCH (d:Department {id: '440000/广东省科学技术厅'}) RETURN d") == []
    # The same file loads fine afterwards.
    assert write_extraction(fresh_store, R.local()).status == "loaded"


def test_failed_reload_of_a_changed_file_keeps_the_old_version(fresh_store: FalkorStore,
                                                               breaking_store: BreakingStore) -> None:
    """A reload that fails leaves the previous version whole, its LEADS, PROMOTES and
    citations included (issue 12, item 2)."""
    write_extraction(fresh_store, R.national())
    write_extraction(fresh_store, R.local())
    before = normalised(fresh_store)
    with pytest.raises(WriteFailedError):
        write_extraction(breaking_store, R.local(sha="changed"))
    assert normalised(fresh_store) == before
    assert write_extraction(fresh_store, R.local(sha="changed")).status == "replaced"


def normalised(store: FalkorStore) -> tuple[list[str], list[str]]:
    from tests.faults.conftest import normalised_export

    return normalised_export(store)


def test_delete_document_keeps_a_cited_one_as_stub(fresh_store: FalkorStore) -> None:
    write_extraction(fresh_store, R.national())
    write_extraction(fresh_store, R.local())
    delete_document(fresh_store, R.NATIONAL_ID)
    [[doc]] = q(fresh_store, "MATCH (d:Document {id: $id}) RETURN properties(d)", id=R.NATIONAL_ID)
    assert doc == {"id": R.NATIONAL_ID, "title": "国务院办公厅关于推广第三批支持创新相关改革举措的通知",
                   "number": R.NATIONAL_ID, "stub": True}
    assert ids(fresh_store, "Batch") == set()
    assert all(i.startswith(R.LOCAL_ID) for i in ids(fresh_store, "Measure"))

    pg = PolicyGraph(fresh_store)
    pg.delete_document(R.LOCAL_ID)
    assert ids(fresh_store, "Document") == set()  # the stubs only it cited went too
    assert ids(fresh_store, "Department") == set()
    with pytest.raises(NotFoundError):
        pg.delete_document(R.LOCAL_ID)


# -- the samples through PolicyGraph.load ------------------------------------------------


def test_samples_load_reload_and_change(fresh_store: FalkorStore, sample_paths: list[Path], tmp_path: Path) -> None:
    report = load_samples(fresh_store, sample_paths)
    assert report.loaded == 5 and report.measures > 100
    first = stats(fresh_store)
    assert first["nodes"]["Measure"] == report.measures
    assert first["relationships"]["LEADS"] == report.leads
    assert first["relationships"]["ADAPTS"] > 0  # the real linking pass ran through the hook

    again = load_samples(fresh_store, sample_paths)
    assert again.unchanged == 5 and again.loaded == 0
    assert stats(fresh_store) == first

    # A changed copy of one sample replaces its document, without duplicates.
    folder = tmp_path / "texts"
    folder.mkdir()
    for p in sample_paths:
        shutil.copy(p, folder / p.name)
    (folder / "notes.md").write_text("not an input")
    target = folder / "guangdong-third-batch-plan.txt"
    target.write_text(target.read_text(encoding="utf-8").replace("科技", "科创", 1), encoding="utf-8")
    changed = load_samples(fresh_store, [folder])
    assert [f.status for f in changed.files].count("unchanged") == 4
    assert [f.status for f in changed.files if f.path.endswith("guangdong-third-batch-plan.txt")] == ["replaced"]
    assert len(changed.files) == 5  # notes.md is not an input
    assert stats(fresh_store)["nodes"] == first["nodes"]


def test_bad_file_fails_alone(fresh_store: FalkorStore, sample_paths: list[Path], tmp_path: Path) -> None:
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\x00\x01\x02binary\xff\xfe" * 100)
    report = PolicyGraph(fresh_store).load([*sample_paths[:2], bad, tmp_path / "missing.txt"])
    assert report.loaded == 2 and report.failed == 2
    assert {f.error["error"] for f in report.errors} == {"bad_input"}
    assert report.exit_code == 2
    assert len(q(fresh_store, "MATCH (d:Document) WHERE d.stub = false RETURN d.id")) == 2


def test_export_json_is_consistent_with_stats(loaded_store: FalkorStore) -> None:
    pg = PolicyGraph(loaded_store)
    doc = pg.export_json()
    s = pg.stats()
    assert len(doc["nodes"]) == s["total_nodes"]
    assert len(doc["relationships"]) == s["total_relationships"]
    node_ids = {n["id"] for n in doc["nodes"]}
    assert len(node_ids) == len(doc["nodes"])  # ids are unique across labels
    for r in doc["relationships"]:
        assert r["start"] in node_ids and r["end"] in node_ids and r["type"] in s["relationships"]
    assert all(n["labels"] and n["properties"]["id"] == n["id"] for n in doc["nodes"])


def test_a_write_marks_its_document_link_pending(fresh_store: FalkorStore) -> None:
    """The write itself records that linking is still to do: the mark goes only when the
    linking pass has committed (policygraph.linking), so a load stopped in between is
    found and finished by the next one."""
    ex = R.national()
    write_extraction(fresh_store, ex)
    assert q(fresh_store, "MATCH (d:Document {id: $id}) RETURN d.sha256, d.link_pending", id=R.NATIONAL_ID) == [
        [ex.document.sha256, True]]


def test_responsible_parties_and_deadline_are_written(fresh_store: FalkorStore) -> None:
    # A clause naming generic parties and a deadline: both land on the Measure, as printed;
    # the parties are no Department and lead nothing.
    from loaders.extract import extract_text

    text = (
        "关于做好某项工作的通知\n\n"
        "一是建立甲机制。扩大范围。（省科技厅牵头，省财政厅、各地级以上市人民政府按职责分工负责，2020年底前完成）\n"
        "二是推行乙制度。提高效率。（各有关部门和单位，各省级人民政府按职责分工负责）\n"
        "三是开展丙试点。总结经验。（省教育厅负责）\n"
    )
    ex = extract_text(text, "parties.txt")
    write_extraction(fresh_store, ex)
    rows = q(fresh_store, "MATCH (m:Measure {document_id: $d}) RETURN m.key, m.responsible_parties, m.deadline "
             "ORDER BY m.seq", d=ex.document.id)
    assert rows == [
        ["1", ["各地级以上市人民政府"], "2020年底前完成"],
        ["2", ["各有关部门和单位", "各省级人民政府"], None],
        ["3", [], None],
    ]
    leads = q(fresh_store, "MATCH (d:Department)-[l:LEADS]->(m:Measure {document_id: $d}) "
              "RETURN m.key, l.as_printed, l.role ORDER BY m.key, l.rank", d=ex.document.id)
    assert leads == [["1", "省科技厅", "lead"], ["1", "省财政厅", "co"], ["3", "省教育厅", "lead"]]
    assert not q(fresh_store, "MATCH (d:Department) WHERE d.name CONTAINS '各' RETURN d.id")
