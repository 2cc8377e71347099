"""The event-history panel over the samples (issue 11.1): never-adopters, censoring,
the observed/unloaded distinction, pilot regions, status, position-only links."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from base.errors import BadInputError, NotFoundError
from loaders import pilot_regions
from policygraph import exports, panel

pytestmark = pytest.mark.store

N = "国办发〔2020〕3号"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "PANEL.md"


@pytest.fixture(scope="module")
def default(loaded_store):
    return panel.build(loaded_store)


def _row(p, region: str, key: str) -> dict:
    return next(r for r in p["rows"] if r["region_id"] == region and r["measure_key"] == key)


def test_one_row_per_observed_region_and_measure_never_adopters_included(default):
    # regions with a loaded document: 广东, 石家庄 (batch 3 plans), 吉林 (batch 2), 甘肃 (2018)
    assert default["regions"] == 4 and default["measures"] == 20
    assert len(default["rows"]) == 80
    assert {r["region_id"] for r in default["rows"]} == {"440000", "130100", "220000", "620000"}
    assert all(tuple(r) == panel.COLUMN_NAMES for r in default["rows"])
    gd17 = _row(default, "440000", "17")  # Guangdong lists no 军民深度融合 item
    assert gd17["observation"] == "not-adopted" and gd17["event"] is False and gd17["batch_plan"] is True
    gs = _row(default, "620000", "2")  # Gansu's 2018 plan implements no batch
    assert gs["observation"] == "no-batch-plan" and gs["event"] is False and gs["observed"] is True


def test_censor_default_is_latest_document_date_and_stated(default, loaded_store):
    dates = [r["date"] for r in loaded_store.read("panel_documents") if r["date"]]
    assert default["censor_method"] == "latest-document-date" and default["censor_date"] == max(dates)
    assert {r["censor_date"] for r in default["rows"]} == {max(dates)}
    ng = _row(default, "620000", "2")
    assert ng["end_date"] == max(dates) and ng["duration_days"] == 0 and ng["time_known"] is True


def test_user_censor_and_not_yet_at_risk(loaded_store):
    p = panel.build(loaded_store, censor="2021-06-30")
    r = _row(p, "620000", "5")
    assert r["censor_method"] == "user" and r["end_date"] == "2021-06-30"
    assert r["duration_days"] == 524  # 2020-01-23 -> 2021-06-30
    early = panel.build(loaded_store, censor="2019-12-31")
    assert early["rows"] == [] and len(early["not_at_risk"]) == 20
    with pytest.raises(BadInputError):
        panel.build(loaded_store, censor="2021-02-30")
    with pytest.raises(BadInputError):
        panel.build(loaded_store, unloaded="everyone")
    with pytest.raises(NotFoundError):
        panel.build(loaded_store, batch=9)


def test_undated_adoption_is_an_event_with_unknown_time(default):
    gd = _row(default, "440000", "2")
    assert gd["observation"] == "adopted" and gd["event"] is True
    assert gd["adoption_date"] is None and gd["end_date"] is None and gd["time_known"] is False
    assert gd["duration_days"] is None
    assert gd["local_measure_id"] == "file:guangdong-third-batch-plan/一.1"
    assert gd["lead_departments"] == "广东省科学技术厅" and gd["lead_lines"] == "科技"
    assert gd["guide_lines"] == "财政|科技|发展改革" and gd["dept_relation"] == "counterpart"
    assert gd["region_method"] and gd["region_score"] is not None


def test_status_new_and_deepened(default):
    deep = [r for r in default["rows"] if r["status"] == "deepened"]
    assert len(deep) == 6 and all(r["region_id"] == "440000" and r["new_adoption"] is False for r in deep)
    hb = _row(default, "130100", "1")
    assert hb["status"] == "new" and hb["status_stated"] is False and hb["new_adoption"] is True


def test_position_only_links_flagged(default):
    pos = [r for r in default["rows"] if r["position_only"]]
    assert {(r["region_id"], r["measure_key"]) for r in pos} == {("130100", k) for k in ("17", "18", "19", "20")}
    assert all(r["link_score"] == 0.4 and r["untitled"] for r in pos)


def test_pilot_regions_and_scope(default):
    hb = _row(default, "130100", "14")  # 14 is for the 8 pilot regions; 河北 is in 京津冀
    assert hb["scope_class"] == "pilot" and hb["pilot"] == "pilot" and hb["pilot_area"] == "京津冀"
    assert hb["in_scope"] is True and hb["parent_id"] == "130000" and hb["parent"] == "河北省"
    assert _row(default, "440000", "14")["pilot"] == "contains-pilot"
    assert _row(default, "620000", "14")["in_scope"] is False
    assert _row(default, "620000", "2")["in_scope"] is True
    assert len(pilot_regions.areas()) == 8


def test_unloaded_regions_are_flagged_not_zero(loaded_store):
    p = panel.build(loaded_store, unloaded="provinces")
    assert p["regions"] == 31 + 1  # every province, and the loaded city
    bj = _row(p, "110000", "2")
    assert bj["observed"] is False and bj["observation"] == "no-document" and bj["event"] is False
    # a city under an adopting province gets the province's adoption
    hb = _row(p, "130100", "2")
    assert hb["parent_event"] is False  # 河北省 itself has no loaded plan


def test_csv_booleans_bom_and_dictionary(loaded_store):
    text = "".join(panel.csv_chunks(loaded_store, bom=True))
    assert text.startswith(exports.BOM)
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert tuple(rows[0]) == panel.COLUMN_NAMES and len(rows) == 80
    assert {r["event"] for r in rows} == {"0", "1"}
    assert exports.render(loaded_store, "panel", censor="2021-06-30").count("2021-06-30") >= 80
    # docs/PANEL.md carries the dictionary verbatim
    assert panel.dictionary_markdown() in DOCS.read_text(encoding="utf-8")
    assert [c["name"] for c in panel.dictionary()["columns"]] == list(panel.COLUMN_NAMES)
