"""ADAPTS linking, localisation diffs and DERIVED_FROM chains on the real embedded store.

The five samples are loaded through PolicyGraph.load with policygraph.linking.relink as
its hook (as the API and CLI wire it). The expected Guangdong mapping was written by
reading the two texts side by side (see the comments); nothing in linking knows it.
Texts a test needs beyond the samples (a batch-1 and a batch-2 national list, a dated
plan) are written by the test in the samples' layouts and go through the real loaders.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from base.errors import NotFoundError, UnknownMeasureError
from graph.falkor import FalkorStore
from policygraph import linking, similarity
from policygraph.core import PolicyGraph
from policygraph.diff import diff_texts

pytestmark = pytest.mark.store

NOTICE = "国办发〔2020〕3号"
GD = "file:guangdong-third-batch-plan"
HB = "file:hebei-city-third-batch-tasks"
GS = "file:gansu-2018-innovation-plan"
JL = "吉政办发〔2019〕19号"

# Guangdong's plan restates batch 3 in its own order and words (read from the texts):
GUANGDONG_EXPECTED = {
    "一.1": 2,   # 建立科技创新券跨区域“通用通兑”政策协同机制
    "一.2": 3,   # 建立政银保联动授信担保…长期集合信贷机制
    "一.3": 4,   # 设立银行跟贷…风险缓释资金池
    "一.4": 5,   # 建立基于大数据分析的“银行＋征信＋担保”…信用贷款新模式
    "一.5": 7,   # 开展银行与企业风险共担的仪器设备信用贷
    "一.6": 8,   # 集中科技骨干力量打造前沿技术产业链股份制联盟
    "一.7": 9,   # 实施战略性科研项目滚动支持制度 (national: 对…实施滚动支持制度)
    "一.8": 11,  # 推动国有企业创新创业增量型业务混合所有制改革 (drops 老工业基地的)
    "一.9": 12,  # 推行生物医药领域特殊物品出入境检验检疫“一站式”监管服务 (drops 机制)
    "一.10": 13,  # 建立地方深度参与国家基础研究和应用基础研究的投入机制
    "二.1": 1,   # 银行与专业投资机构…支持科技型中小企业 (national: 科技创新型企业)
    "二.2": 6,   # 健全以企业创新能力为核心指标的…融资评价体系
    "二.3": 10,  # 实施以产业数据、专利数据为基础的新兴产业专利导航决策机制
    "二.4": 14,  # 建立跨区域的知识产权远程诉讼平台
    "二.5": 15,  # 完善公证服务知识产权保护工作机制: renamed; content is about 公证 for IP
    "二.6": 16,  # 推动“五业联动”的职业教育发展新机制
}

BATCH1_LIST = """国务院办公厅关于推广支持创新相关改革举措的通知

国办发〔2017〕80号

经国务院同意，现将第一批支持创新相关改革举措推广清单印发给你们。

国务院办公厅
2017年9月7日

附件

第一批支持创新相关改革举措推广清单

序号\t改革举措\t主要内容\t指导部门\t推广范围
一、科技金融创新方面（共2项）
1\t以知识产权质押为核心的科技型企业融资服务机制\t银行与知识产权评估机构合作，对科技型企业的专利权、商标权开展质押融资，政府设立风险补偿资金，分担质押贷款损失。\t银保监会、知识产权局\t全国
2\t面向中小企业的一站式投融资信息服务平台\t整合银行、创投机构和政府部门信息，建设一站式投融资信息服务平台，为中小企业提供融资对接服务。\t人民银行、科技部\t全国
"""

# A 2019 plan that names no batch: item 1 rewords a 2017 measure (may link), item 2 is
# batch 3's measure 2 word for word (promoted 2020: must not link), item 3 is local.
DATED_PLAN = """浙江省关于深化科技金融改革的实施方案

浙政办发〔2019〕30号

　　为深化科技金融改革，结合我省实际，制定本方案。
　　一、重点任务
　　1.推行知识产权质押融资服务机制。鼓励银行与知识产权评估机构合作，对科技型企业的专利权、商标权开展质押融资，省财政设立风险补偿资金，分担质押贷款损失，扩大质押融资规模。（责任单位：省市场监管局、浙江银保监局）
　　2.建立科技创新券跨区域“通用通兑”政策协同机制。推动财政支持创新的跨行政区域联动机制，通过统一服务机构登记标准、放宽服务机构注册地限制，实现企业异地采购科技服务。（责任单位：省科技厅、省财政厅）
　　3.开展海岛渔业数字化养殖试点。在舟山等地建设深远海智能养殖平台，推广养殖网箱物联网监测。（责任单位：省农业农村厅）

浙江省人民政府办公厅
2019年5月10日
"""

# A small batch-2 list (the real one is not among the samples): three measures Jilin's
# plan restates, in the national wording, and two count-only 军民深度融合 measures.
BATCH2_LIST = """国务院办公厅关于推广第二批支持创新相关改革举措的通知

国办发〔2018〕126号

经国务院同意，现将第二批支持创新相关改革举措推广清单印发给你们。

国务院办公厅
2018年12月23日

附件

第二批支持创新相关改革举措推广清单

序号\t改革举措\t主要内容\t指导部门\t推广范围
一、知识产权保护方面（共2项）
1\t知识产权民事、刑事、行政案件“三合一”审判\t整合知识产权民事、刑事、行政审判资源，由知识产权审判庭统一审理，统一裁判标准。\t最高人民法院、知识产权局\t全国
2\t以降低侵权损失为核心的专利保险机制\t保险机构开发专利执行险、专利被侵权损失险等产品，降低创新主体的侵权损失。\t知识产权局、银保监会\t全国
二、科技成果转化激励方面（共1项）
3\t技术经理人全程参与的科技成果转化服务模式\t技术经理人全程参与成果转化，整合技术供给方、需求方和中介，提高成果转化效率。\t科技部\t全国
三、军民深度融合方面（共2项）
"""


@contextmanager
def _own_graph(store: FalkorStore) -> Iterator[FalkorStore]:
    """A new, empty graph on the test server, deleted afterwards."""
    s = FalkorStore(store.server.data_dir, graph_name=f"t_link_{uuid.uuid4().hex[:10]}")
    s.ensure_schema()
    try:
        yield s
    finally:
        s.delete_graph()
        s.close()


@pytest.fixture(scope="module")
def linked(store, sample_paths) -> Iterator[tuple[FalkorStore, Any]]:
    """The five samples loaded with the relink hook, in a graph of this module's own."""
    pytest.importorskip("loaders.extract")
    with _own_graph(store) as s:
        report = PolicyGraph(s, relink=linking.relink).load(sample_paths)
        assert report.failed == 0, report.errors
        yield s, report.link


@pytest.fixture
def fresh(store) -> Iterator[FalkorStore]:
    """An empty graph of the test's own."""
    with _own_graph(store) as s:
        yield s


def _adapts(s: FalkorStore, local_id: str) -> dict[str, Any]:
    rows = s.read("link_adapts_pair", {"id": local_id})
    assert rows, local_id
    return rows[0]


def _doc_report(link_report: Any, document_id: str) -> linking.DocumentLinks:
    return next(d for d in link_report.documents if d.document_id == document_id)


# -- batch 3: Guangdong and the Hebei city ------------------------------------------------


@pytest.mark.parametrize(("local_key", "national_key"), sorted(GUANGDONG_EXPECTED.items()))
def test_guangdong_adapts_exactly_the_right_national_measure(linked, local_key, national_key):
    s, _ = linked
    row = _adapts(s, f"{GD}/{local_key}")
    assert row["national"] is not None, f"{local_key} unmatched: {row['local']}"
    assert row["national"]["id"] == f"{NOTICE}/{national_key}"
    assert row["local"]["innovation"] is False and row["local"]["link_status"] == "linked"


@pytest.mark.parametrize("i", range(1, 17))
def test_hebei_item_i_adapts_national_item_i(linked, i):
    s, _ = linked
    row = _adapts(s, f"{HB}/{i}")
    assert row["national"]["id"] == f"{NOTICE}/{i}"
    assert row["adapts"]["method"].startswith("ngram-tfidf+title-fuzz")


def test_hebei_item_12_links_although_its_title_says_mode_not_mechanism(linked):
    s, _ = linked
    row = _adapts(s, f"{HB}/12")
    assert "模式" in row["local"]["title"] and "机制" in row["national"]["title"]
    assert row["adapts"]["title_score"] > 0.9 and row["adapts"]["basis"] == "accept"


def test_count_only_items_pair_by_category_and_position(linked):
    s, report = linked
    for i in range(17, 21):
        row = _adapts(s, f"{HB}/{i}")
        assert row["national"]["id"] == f"{NOTICE}/{i}"
        assert row["adapts"]["method"] == linking.METHOD_POSITION
        assert row["adapts"]["score"] < similarity.ACCEPT  # unverified by text, and says so
    assert _doc_report(report, HB).by_position == 4


def test_renamed_item_links_only_through_the_one_to_one_assignment(linked):
    s, _ = linked
    a = _adapts(s, f"{GD}/二.5")["adapts"]
    # Weak on its own (no shared title), but its parent is unambiguous within the plan.
    assert similarity.FLOOR <= a["score"] < similarity.ACCEPT
    assert a["basis"] == "mutual-best"
    others = [_adapts(s, f"{GD}/{k}")["adapts"] for k in GUANGDONG_EXPECTED if k != "二.5"]
    assert all(o["basis"] == "accept" and o["score"] >= similarity.ACCEPT for o in others)


def test_every_link_carries_scores_method_diff_figures_and_department_line(linked):
    s, _ = linked
    for local_id in [f"{GD}/{k}" for k in GUANGDONG_EXPECTED] + [f"{HB}/{i}" for i in range(1, 17)]:
        row = _adapts(s, local_id)
        a = row["adapts"]
        assert 0.0 <= a["score"] <= 1.0
        assert a["method"] == "ngram-tfidf+title-fuzz/hungarian"
        assert 0.0 <= a["title_score"] <= 1.0 and 0.0 <= a["content_score"] <= 1.0
        assert 0.0 < a["reuse_ratio"] <= 1.0
        nat = row["national"]
        nat_chars = diff_texts("", similarity.measure_text(nat["title"], nat["content"])).national_chars
        assert a["kept"] + a["dropped"] == nat_chars
        assert a["dept_relation"] in ("counterpart", "shift")


def test_department_lines_counterpart_and_shift(linked):
    s, _ = linked
    # 海关总署 guides 12; 海关总署广东分署 / 正定海关 lead it: the same line.
    assert _adapts(s, f"{GD}/一.9")["adapts"]["dept_relation"] == "counterpart"
    assert _adapts(s, f"{HB}/12")["adapts"]["dept_relation"] == "counterpart"
    # 2 is guided by 财政部、科技部、发展改革委; the science departments lead it locally:
    # they continue a guiding department's line (科技部), so it is no shift (issue 11.7).
    for local in (f"{GD}/一.1", f"{HB}/2"):
        a = _adapts(s, local)["adapts"]
        assert a["dept_relation"] == "counterpart"
        assert a["national_line"] == "科技" and a["local_line"] == "科技"
        assert a["lead_in_guides"] is True
    # A shift is a lead on a line different from EVERY guide's line.
    guides = {r["national"]["id"]: {g["line"] for g in r["guides"]}
              for r in s.read("timeline_national", {"ids": [f"{NOTICE}/{k}" for k in range(1, 17)]})}
    rows = s.read("timeline_adoptions", {"ids": list(guides)})
    for r in rows:
        if r["adapts"]["dept_relation"] == "shift":
            assert r["adapts"]["local_line"] not in guides[r["national_id"]]
    assert any(r["adapts"]["dept_relation"] == "shift" for r in rows)  # the samples still hold shifts


# -- the time rule -----------------------------------------------------------------------


def test_gansu_2018_plan_adapts_nothing_promoted_later(linked):
    s, report = linked
    rows = s.read("link_document_measures", {"id": GS})
    assert len(rows) > 30
    for r in rows:
        row = _adapts(s, r["measure"]["id"])
        assert row["national"] is None
        assert row["local"]["link_status"] == "pending" and row["local"]["innovation"] is True
    d = _doc_report(report, GS)
    assert d.time_basis == "date" and d.date == "2018-03-01"
    assert d.candidates == 0 and d.excluded_later == 20 and d.linked == 0
    assert "time rule" in d.note


def test_a_verbatim_later_measure_is_blocked_by_date_and_a_reworded_earlier_one_links(fresh, sample_paths, tmp_path):
    (tmp_path / "batch1.txt").write_text(BATCH1_LIST, encoding="utf-8")
    (tmp_path / "zhejiang.txt").write_text(DATED_PLAN, encoding="utf-8")
    national = [p for p in sample_paths if p.name.startswith("national-")]
    rep = PolicyGraph(fresh, relink=linking.relink).load([*national, tmp_path / "batch1.txt", tmp_path / "zhejiang.txt"])
    assert rep.failed == 0, rep.errors
    doc = "浙政办发〔2019〕30号"
    d = _doc_report(rep.link, doc)
    assert d.date == "2019-05-10" and d.batch is None
    assert d.candidates == 2 and d.excluded_later == 20  # batch 1 only; batch 3 is later
    # 1: reworded title (推行…质押融资服务机制) of a 2017 measure -> linked.
    one = _adapts(fresh, f"{doc}/1")
    assert one["national"]["id"] == "国办发〔2017〕80号/1"
    assert one["adapts"]["time_basis"] == "date"
    # 2: batch 3's measure 2 almost word for word, but promoted 2020-01-23 -> no link.
    two = _adapts(fresh, f"{doc}/2")
    assert two["national"] is None and two["local"]["link_status"] == "innovation"
    nat2 = fresh.read("link_adapts_pair", {"id": f"{NOTICE}/2"})[0]["local"]
    text_score = similarity.score_matrix([(two["local"]["title"], two["local"]["content"])],
                                         [(nat2["title"], nat2["content"])])[0][0].score
    assert text_score > similarity.ACCEPT  # the words alone would have linked it
    # 3: a local innovation -> kept, unmatched, flagged.
    three = _adapts(fresh, f"{doc}/3")
    assert three["national"] is None
    assert three["local"]["innovation"] is True and three["local"]["link_status"] == "innovation"


# -- Jilin: batch 2 pending until its list is loaded -------------------------------------


def test_jilin_waits_for_the_batch_2_list_then_relinks(fresh, sample_paths, tmp_path):
    pg = PolicyGraph(fresh, relink=linking.relink)
    rep = pg.load([p for p in sample_paths if p.name.startswith(("jilin", "national"))])
    assert rep.failed == 0
    d = _doc_report(rep.link, JL)
    assert d.batch == 2 and d.status == "pending" and d.linked == 0
    assert "batch 2" in d.note
    for r in fresh.read("link_document_measures", {"id": JL}):
        row = _adapts(fresh, r["measure"]["id"])
        assert row["national"] is None  # batch 3 is not a candidate for a batch-2 plan
        if not r["measure"].get("untitled"):
            assert row["local"]["link_status"] == "pending" and row["local"]["innovation"] is True

    (tmp_path / "batch2.txt").write_text(BATCH2_LIST, encoding="utf-8")
    rep2 = pg.load([tmp_path / "batch2.txt"])
    assert rep2.failed == 0
    # Loading the national list alone relinked the Jilin plan (changed ids -> affected docs).
    assert [x.document_id for x in rep2.link.documents] == [JL]
    expected = {"1": "1", "3": "2", "6": "3"}
    for local_key, nat_key in expected.items():
        row = _adapts(fresh, f"{JL}/{local_key}")
        assert row["national"]["id"] == f"国办发〔2018〕126号/{nat_key}", local_key
        assert row["local"]["link_status"] == "linked"
    for local_key, nat_key in (("13", "4"), ("14", "5")):  # 军民深度融合, count-only
        row = _adapts(fresh, f"{JL}/{local_key}")
        assert row["national"]["id"] == f"国办发〔2018〕126号/{nat_key}"
        assert row["adapts"]["method"] == linking.METHOD_POSITION
    # Now compared with the list: the rest are findings, not pending any more.
    assert _adapts(fresh, f"{JL}/20")["local"]["link_status"] == "innovation"
    assert _adapts(fresh, f"{JL}/15")["local"]["link_status"] == "untitled-unpaired"
    assert _doc_report(rep2.link, JL).status == "linked"


# -- relinking ---------------------------------------------------------------------------


def test_relink_is_idempotent_and_finds_the_affected_documents(linked):
    s, _ = linked

    def snapshot() -> dict[str, tuple[str, float]]:
        out = {}
        for doc in (GD, HB):
            for r in s.read("link_document_measures", {"id": doc}):
                row = _adapts(s, r["measure"]["id"])
                out[r["measure"]["id"]] = (row["national"]["id"], row["adapts"]["score"])
        return out

    before = snapshot()
    rep = linking.relink(s, [NOTICE])  # the national list changed: its batch's plans
    assert sorted(d.document_id for d in rep.documents) == [GD, HB]  # Gansu (2018) is not
    assert snapshot() == before
    assert [d.document_id for d in linking.relink(s, [GD]).documents] == [GD]
    assert linking.relink(s, []).documents == []
    assert len(linking.relink(s, None).documents) == 4
    assert snapshot() == before


# -- diffs -------------------------------------------------------------------------------


def test_diff_shows_what_guangdong_added(linked):
    s, _ = linked
    out = linking.diff_for_measure(s, f"{GD}/一.1")
    d = out["diff"]
    added = "".join(seg["text"] for seg in d["added"])
    assert "全国使用、广东兑付" in added and "港澳" in added
    kept = "".join(seg["text"] for seg in d["kept"])
    assert "通用通兑" in kept and "服务机构" in kept
    dropped = "".join(seg["text"] for seg in d["dropped"])
    assert "异地采购科技服务" in dropped  # the national clause Guangdong did not repeat
    assert 0.0 < d["reuse_ratio"] < 1.0
    assert d["kept_chars"] + d["dropped_chars"] == d["national_chars"]
    for seg in d["kept"]:
        assert d["local_text"][seg["local_start"]:seg["local_end"]] == seg["text"]
        assert d["national_text"][seg["national_start"]:seg["national_end"]] == seg["text"]
    # The figures stored at link time are the on-demand ones.
    a = out["adapts"]
    assert (a["reuse_ratio"], a["kept"], a["dropped"]) == (d["reuse_ratio"], d["kept_chars"], d["dropped_chars"])


def test_diff_figures_are_sensible_across_both_plans(linked):
    s, _ = linked
    gd = [linking.diff_for_measure(s, f"{GD}/{k}")["diff"] for k in GUANGDONG_EXPECTED]
    hb = [linking.diff_for_measure(s, f"{HB}/{i}")["diff"] for i in range(1, 17)]
    # The city copies the national table nearly verbatim; the province rewrites.
    assert sum(x["reuse_ratio"] for x in hb) / 16 > 0.85
    assert sum(x["reuse_ratio"] for x in gd) / 16 < sum(x["reuse_ratio"] for x in hb) / 16
    assert sum(x["local_novelty"] for x in gd) / 16 > 0.5  # most of a Guangdong item is its own
    assert sum(x["local_novelty"] for x in hb) / 16 < 0.5


def test_diff_is_fast_enough_for_an_api_call(linked):
    s, _ = linked
    pairs = []
    for k in GUANGDONG_EXPECTED:
        out = linking.diff_for_measure(s, f"{GD}/{k}")
        pairs.append((out["diff"]["local_text"], out["diff"]["national_text"]))
    start = time.perf_counter()
    for a, b in pairs * 5:
        diff_texts(a, b)
    per_pair_ms = (time.perf_counter() - start) * 1000 / (len(pairs) * 5)
    assert per_pair_ms < 20, per_pair_ms


def test_diff_of_an_unlinked_or_unknown_measure_says_why(linked):
    s, _ = linked
    with pytest.raises(NotFoundError) as e:
        linking.diff_for_measure(s, f"{GS}/二.1")
    assert "pending" in e.value.message
    with pytest.raises(UnknownMeasureError):
        linking.diff_for_measure(s, "no-such-measure")


# -- DERIVED_FROM chains and title-only stubs --------------------------------------------


def test_chain_guangdong_plan_to_the_notice_and_batch(linked):
    s, _ = linked
    up = linking.chain(s, GD)["up"]
    assert any([n["id"] for n in p["documents"]] == [GD, NOTICE] and p["links"][0]["via"] == "number"
               for p in up)
    down = linking.chain(s, NOTICE)["down"]
    starts = {p["documents"][0]["id"] for p in down}
    assert {GD, "batch-3"} <= starts
    # The Hebei list cites no number; its parent is implied by the batch it implements.
    hb = linking.chain(s, HB)
    assert hb["up"] == [] and hb["batch"]["notice"]["id"] == NOTICE


def test_title_only_citation_stub_is_resolved_when_that_document_loads(fresh, sample_paths, tmp_path):
    pg = PolicyGraph(fresh, relink=linking.relink)
    pg.load([p for p in sample_paths if p.name.startswith("jilin")])
    stub = "title:关于进一步激励全省广大干部新时代新担当新作为的实施意见"
    assert any(p["documents"][-1]["id"] == stub for p in linking.chain(fresh, JL)["up"])
    # The cited document, with its issuer in the title as documents print it.
    (tmp_path / "jilin-cadres.txt").write_text(
        "中共吉林省委办公厅关于进一步激励全省广大干部新时代新担当新作为的实施意见\n\n"
        "吉办发〔2018〕40号\n\n"
        "　　一、主要措施\n"
        "　　1.建立容错纠错机制。对干部在改革创新中的失误错误，区分情况予以容错。（责任单位：省委组织部）\n\n"
        "中共吉林省委办公厅\n2018年12月10日\n",
        encoding="utf-8",
    )
    rep = pg.load([tmp_path / "jilin-cadres.txt"])
    assert rep.failed == 0, rep.errors
    assert rep.link.stubs_resolved == [{"stub_id": stub, "document_id": "吉办发〔2018〕40号"}]
    up = linking.chain(fresh, JL)["up"]
    hit = [p for p in up if p["documents"][-1]["id"] == "吉办发〔2018〕40号"]
    assert hit and hit[0]["links"][0]["via"] == "title"
    assert not any(p["documents"][-1]["id"] == stub for p in up)
    assert stub not in {r["id"] for r in fresh.read("link_title_stubs")}


def test_pure_stub_matching_needs_an_unambiguous_title():
    docs = [{"id": "a", "title": "国务院办公厅关于推广第三批 支持创新\n相关改革举措的通知"},
            {"id": "b", "title": "甲省关于某某工作的意见"}, {"id": "c", "title": "乙省关于某某工作的意见"}]
    stubs = [{"id": "title:国务院办公厅关于推广第三批支持创新相关改革举措的通知", "title": None},
             {"id": "title:关于某某工作的意见", "title": "关于某某工作的意见"}]
    assert linking.match_title_stubs(stubs, docs) == [
        {"stub_id": "title:国务院办公厅关于推广第三批支持创新相关改革举措的通知", "document_id": "a"}]


def test_category_key():
    assert linking.category_key("五、军民深度融合方面（共 4 项）") == "军民深度融合"
    assert linking.category_key("（四）军民深度融合方面（13-18）") == "军民深度融合"
    assert linking.category_key(None) == ""



def test_deleting_the_national_list_relinks_its_plans_to_pending(fresh, sample_paths):
    pg = PolicyGraph(fresh, relink=linking.relink)
    pg.load([p for p in sample_paths if p.name.startswith(("national", "guangdong"))])
    assert _adapts(fresh, f"{GD}/一.1")["local"]["link_status"] == "linked"
    pg.delete_document(NOTICE)
    row = _adapts(fresh, f"{GD}/一.1")
    assert row["national"] is None
    assert row["local"]["link_status"] == "pending" and row["local"]["innovation"] is True
