"""Adoption timelines and diffusion figures on the real embedded store.

The five samples plus one dated city plan the test writes (Guangzhou, 2020-04-15,
implementing batch 3): Guangdong and the Hebei city print no date, so their lag must be
None (never invented); Guangzhou's lag is counted from the notice date 2020-01-23.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from base.errors import NotFoundError, UnknownMeasureError
from graph.falkor import FalkorStore
from policygraph import analysis, linking
from policygraph.core import PolicyGraph

pytestmark = pytest.mark.store

NOTICE = "国办发〔2020〕3号"
GUANGZHOU_PLAN = """广州市推广第三批支持创新相关改革举措工作方案

穗府办〔2020〕12号

　　为贯彻落实《国务院办公厅关于推广第三批支持创新相关改革举措的通知》（国办发〔2020〕3号），制定本方案。
　　一、重点任务
　　1.建立科技创新券跨区域“通用通兑”政策协同机制。推动财政支持创新的跨行政区域联动机制，统一服务机构登记标准，实现广州市科技创新券在全省通用通兑。（责任单位：市科技局、市财政局）
　　2.推行生物医药领域特殊物品出入境检验检疫“一站式”监管服务。针对生物医药检验检疫，扩大低风险特殊物品智能审批覆盖范围，对试点企业进口同一种科研用样本实施“一次评估、分批进口”。（责任单位：黄埔海关、市科技局）

广州市人民政府办公厅
2020年4月15日
"""
GZ = "穗府办〔2020〕12号"


def guangzhou_graph(store, sample_paths, tmp_path_factory, prefix: str) -> Iterator[FalkorStore]:
    """A graph of its own holding the samples plus the dated Guangzhou plan above."""
    pytest.importorskip("loaders.extract")
    s = FalkorStore(store.server.data_dir, graph_name=f"{prefix}_{uuid.uuid4().hex[:10]}")
    s.ensure_schema()
    gz = tmp_path_factory.mktemp("gz") / "guangzhou.txt"
    gz.write_text(GUANGZHOU_PLAN, encoding="utf-8")
    report = PolicyGraph(s, relink=linking.relink).load([*sample_paths, gz])
    assert report.failed == 0, report.errors
    yield s
    s.delete_graph()
    s.close()


@pytest.fixture(scope="module")
def tl_store(store, sample_paths, tmp_path_factory) -> Iterator[FalkorStore]:
    yield from guangzhou_graph(store, sample_paths, tmp_path_factory, "t_tl")


def _by_region(tl: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {a["region"]["id"]: a for a in tl["adoptions"]}


def test_timeline_lags_none_when_undated_and_counted_in_days_when_dated(tl_store):
    tl = analysis.timeline(tl_store, f"{NOTICE}/2")
    assert tl["notice_date"] == "2020-01-23" and tl["batch"]["number"] == 3
    got = _by_region(tl)
    assert set(got) == {"440000", "130100", "440100"}  # 广东省, 石家庄市, 广州市
    assert got["440000"]["date"] is None and got["440000"]["lag_days"] is None
    assert got["130100"]["date"] is None and got["130100"]["lag_days"] is None
    gz = got["440100"]
    assert gz["date"] == "2020-04-15"
    assert gz["lag_days"] == (date(2020, 4, 15) - date(2020, 1, 23)).days == 83
    assert gz["level"] == "municipal" and got["440000"]["level"] == "provincial"
    assert gz["document"]["id"] == GZ and gz["local_measure"]["id"] == f"{GZ}/1"
    # Dated adoptions come first.
    assert tl["adoptions"][0]["region"]["id"] == "440100"
    assert tl["summary"]["median_lag_days"] == 83 and tl["summary"]["dated"] == 1
    assert tl["summary"]["by_level"] == {"municipal": 2, "provincial": 1}


def test_timeline_lead_as_printed_and_canonical_with_line_relation(tl_store):
    tl = analysis.timeline(tl_store, f"{NOTICE}/2")
    got = _by_region(tl)
    assert got["440100"]["lead"]["as_printed"] == "市科技局"
    assert got["440100"]["lead"]["canonical"] == "广州市科学技术局"
    assert got["440000"]["lead"]["as_printed"] == "省科技厅"
    assert got["440000"]["lead"]["canonical"] == "广东省科学技术厅"
    # 财政部 guides measure 2 first, with 科技部: science leading it locally continues a
    # guiding department's line, so it is a counterpart everywhere (issue 11.7).
    assert tl["guides"][0]["canonical"] == "财政部"
    assert {a["dept_relation"] for a in tl["adoptions"]} == {"counterpart"}
    # Measure 12 (海关总署): customs branches lead it, the same line.
    tl12 = analysis.timeline(tl_store, f"{NOTICE}/12")
    rel = {a["region"]["id"]: (a["lead"]["as_printed"], a["dept_relation"]) for a in tl12["adoptions"]}
    assert rel["440000"] == ("海关总署广东分署", "counterpart")
    assert rel["130100"] == ("正定海关", "counterpart")
    assert rel["440100"][1] == "counterpart"


def test_timeline_of_a_measure_nobody_dated(tl_store):
    tl = analysis.timeline(tl_store, f"{NOTICE}/15")
    assert {a["region"]["id"] for a in tl["adoptions"]} == {"440000", "130100"}
    assert tl["summary"]["median_lag_days"] is None
    assert all(a["lag_days"] is None for a in tl["adoptions"])


def test_timeline_errors(tl_store):
    with pytest.raises(UnknownMeasureError):
        analysis.timeline(tl_store, "国办发〔2020〕3号/99")
    with pytest.raises(NotFoundError):
        analysis.timeline(tl_store, "file:guangdong-third-batch-plan/一.1")


def test_batch_timelines_cover_the_list(tl_store):
    tls = analysis.batch_timelines(tl_store, 3)
    assert [t["national"]["key"] for t in tls] == [str(i) for i in range(1, 21)]
    assert all(t["summary"]["regions"] >= 1 for t in tls)  # Hebei answers even the count-only ones


def test_diffusion_of_a_measure_reach_depth_lag(tl_store):
    d = analysis.diffusion(tl_store, measure_id=f"{NOTICE}/2")
    (m,) = d["measures"]
    assert m["reach"] == 3 and m["reach_by_level"] == {"city": 2, "province": 1}
    # national -> 广东省 -> 广州市 (PART_OF 广东省): a chain of two adopting levels.
    assert m["depth"] == 2
    assert m["median_lag_days"] == 83
    assert m["dept_relations"] == {"counterpart": 3}


def test_diffusion_of_batch_3(tl_store):
    d = analysis.diffusion(tl_store, batch=3)
    assert d["national_measures"] == 20 and d["adopted_measures"] == 20
    assert d["regions"] == 3 and d["regions_by_level"] == {"city": 2, "province": 1}
    by_id = {m["id"]: m for m in d["measures"]}
    assert by_id[f"{NOTICE}/2"]["depth"] == 2 and by_id[f"{NOTICE}/12"]["depth"] == 2
    assert by_id[f"{NOTICE}/15"]["depth"] == 1  # Guangzhou did not take it up
    assert d["max_depth"] == 2
    assert d["median_lag_days"] == 83
    deps = d["departments"]
    assert deps and deps[0]["measures"] >= deps[-1]["measures"]
    sci = next(x for x in deps if x["id"] == "440000/广东省科学技术厅")
    assert sci["line"] == "科技" and sci["measures"] >= 10 and sci["betweenness"] >= 0.0
    assert set(d["dept_relations"]) <= {"counterpart", "shift", "unknown"}


def test_diffusion_of_everything_includes_unadopted_measures(tl_store):
    d = analysis.diffusion(tl_store)
    assert d["scope"] == {"all": True}
    assert d["national_measures"] == 20  # only batch 3's list is loaded
    # Gansu (2018) waits for a list promoted by its date; Jilin for batch 2's list.
    assert d["local_unmatched"]["620000"] == {"pending": 36}
    assert d["local_unmatched"]["220000"]["pending"] == 14
    g = analysis.build_graph(tl_store)
    kinds = {k for k, _ in g.nodes}
    assert kinds == {"national", "local", "region", "department"}
    assert {e["type"] for _, _, e in g.edges(data=True)} == {"ADAPTS", "PROMOTES", "LEADS", "PART_OF"}


def test_lag_days_never_invents():
    assert analysis.lag_days("2020-01-23", None) is None
    assert analysis.lag_days(None, "2020-04-15") is None
    assert analysis.lag_days("2020-01-23", "2020") is None  # a year alone is not a date
    assert analysis.lag_days("2020-01-23", "2020-01-23") == 0
