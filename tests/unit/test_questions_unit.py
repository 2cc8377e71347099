"""The questions' shaping with no database: a fake store answers the named queries with rows
shaped like the real ones. Covers what the undated samples cannot: lags."""

from __future__ import annotations

from typing import Any

from policygraph.dates import lag_days
from policygraph.questions import diffusion, leads
from policygraph.questions.common import national_start, plans_loaded, split_roles

N = "国办发〔2020〕3号/2"


def _m(mid: str, level: str, region_id: str, date: str | None) -> dict[str, Any]:
    return {"id": mid, "key": mid[-1], "title": "t", "content": "c", "level": level, "region_id": region_id,
            "document_id": mid.rsplit("/", 1)[0], "status": None, "scope": None, "date": date}


def _region(rid: str, name: str, level: str) -> dict[str, Any]:
    return {"id": rid, "name": name, "short": name[:2], "level": level}


CN = _region("100000", "中国", "country")
GD = _region("440000", "广东省", "province")
GZ = _region("440100", "广州市", "city")
HB = _region("130000", "河北省", "province")
SJZ = _region("130100", "石家庄市", "city")


class FakeStore:
    backend = "falkordb"

    def read(self, name: str, params: dict[str, Any] | None = None, **_: Any) -> list[dict[str, Any]]:
        nothing = {"id": None, "title": None}
        if name == "find_measure_by_id" and params and params["id"] == N:
            return [{"id": N, "key": "2", "title": "科技创新券", "level": "national", "region_id": "100000",
                     "document_id": "国办发〔2020〕3号", "category": None, "status": None, "scope": "全国",
                     "untitled": False, "date": "2020-01-23", "batch": 3, "content": "", "localisations": 3}]
        if name == "find_measure_detail":
            return [{"measure": _m(N, "national", "100000", "2020-01-23"), "document": nothing, "region": CN,
                     "batch": {"id": "batch-3", "number": 3, "year": 2020, "notice_number": None,
                               "date": "2020-01-23"}, "adapts": [], "adapted_by": []}]
        if name == "path_localisations":
            return [{**{k: r["measure"][k] for k in ("id", "key", "title", "level", "region_id", "date")},
                     "document_date": None, "document_year": None, "document_date_precision": None,
                     "score": r["adapts"]["score"], "method": None}
                    for r in self.read("trace_localisations")]
        if name == "trace_localisations":
            doc = {"id": None, "title": None, "number": None, "date": None, "source_file": None, "level": None}
            return [
                {"measure": _m("gd/1", "provincial", "440000", "2020-05-01"), "adapts": {"score": 0.9},
                 "document": doc, "region": GD, "parent_region": CN},
                {"measure": _m("gz/1", "municipal", "440100", "2020-06-10"), "adapts": {"score": 0.8},
                 "document": doc, "region": GZ, "parent_region": GD},
                {"measure": _m("sjz/1", "municipal", "130100", "2020-03-01"), "adapts": {"score": 0.8},
                 "document": doc, "region": SJZ, "parent_region": HB},
            ]
        if name in ("find_measures_by_key", "find_measures_text", "find_measures_fulltext",
                    "find_measure_departments"):
            return []
        raise AssertionError(f"unexpected query {name}")


def test_path_lags_from_national_and_from_the_nearest_adopting_region():
    out = diffusion.path(FakeStore(), N)  # type: ignore[arg-type]
    root = out["tree"]
    kids = {c["region"]["id"]: c for c in root["children"]}
    gd, hb = kids["440000"], kids["130000"]
    assert gd["adopted"] and gd["lag_days"] == 99 and gd["lag_from_parent_days"] == 99
    gz = gd["children"][0]
    assert gz["lag_days"] == 139 and gz["lag_from_parent_days"] == 40  # 2020-05-01 -> 2020-06-10
    assert not hb["adopted"] and hb["lag_days"] is None
    sjz = hb["children"][0]
    assert sjz["lag_days"] == 38 and sjz["lag_from_parent_days"] == 38  # province did not adopt: from national
    assert out["regions"] == 3
    assert out["counts"] == {"regions": 3, "by_level": {"province": 1, "city": 2}, "measures": 3, "branches": 2}
    paged = diffusion.path(FakeStore(), N, limit=1, offset=1)  # type: ignore[arg-type]
    assert [c["region"]["id"] for c in paged["tree"]["children"]] == ["440000"]  # branches in code order
    assert paged["page"] == {"limit": 1, "offset": 1, "next_offset": None}
    assert {s["to"] for s in paged["steps"]} == {"440000", "440100"}


def test_trace_lags_and_null_placeholders():
    out = diffusion.trace(FakeStore(), N, with_diff=False)  # type: ignore[arg-type]
    lags = {loc["measure"]["id"]: loc["lag_days"] for loc in out["localisations"]}
    assert lags == {"gd/1": 99, "gz/1": 139, "sjz/1": 38}
    assert out["counts"]["by_level"] == {"provincial": 1, "municipal": 2}


def test_lag_days_never_invents():
    assert lag_days("2020-01-23", None) is None
    assert lag_days("2020-01-23", "2020年") is None
    assert lag_days("2020-01-23", "2020-02-01") == 9


def test_responsibility_rules():
    def d(name: str, role: str, rank: int, rule: str) -> dict[str, Any]:
        return {"as_printed": name, "canonical": name + "(full)", "id": "x/" + name, "role": role,
                "rank": rank, "rule": rule, "line": None, "method": None, "score": None}

    shared = leads.responsibility([d("B", "shared", 2, "stated-shared"), d("A", "shared", 1, "stated-shared")])
    assert shared["shared_lead"] and [x["as_printed"] for x in shared["lead"]] == ["A", "B"]
    assert shared["statement"] == "shared by A、B (no single lead)"
    presumed = leads.responsibility([d("A", "lead", 1, "presumed-first-listed"),
                                      d("B", "co", 2, "presumed-first-listed")])
    assert presumed["presumed_lead"] and "presumed" in presumed["statement"]
    assert [x["as_printed"] for x in presumed["co"]] == ["B"]
    # each department once: in the list of its role, nowhere else
    assert "departments" not in presumed


def test_split_roles_is_the_one_lead_co_split():
    """exports.events, the panel and the timelines all split a department list here."""
    deps = [{"id": "x/C", "role": "co", "rank": 3}, {"id": "x/A", "role": "lead", "rank": 1},
            {"id": "x/G", "role": "guide", "rank": 1}, {"id": "x/B", "role": "co", "rank": 2}]
    roles = split_roles(deps)
    assert [d["id"] for d in roles["lead"]] == ["x/A"] and not roles["shared"]
    assert [d["id"] for d in roles["co"]] == ["x/B", "x/C"] and [d["id"] for d in roles["guides"]] == ["x/G"]
    shared = split_roles([{"id": "x/B", "role": "shared", "rank": 2}, {"id": "x/A", "role": "shared", "rank": 1}])
    assert shared["shared"] and [d["id"] for d in shared["lead"]] == ["x/A", "x/B"]


def test_national_start_order():
    """The measure's own date, else its notice's, else its batch's (trace, path, timeline,
    analysis and the panel all start lags here)."""
    assert national_start({"date": "2020-01-23"}, {"date": "2020-02-01"}, {"date": "2020-03-01"}) == "2020-01-23"
    assert national_start({"date": None}, {"date": "2020-02-01"}, {"date": "2020-03-01"}) == "2020-02-01"
    assert national_start({}, None, {"date": "2020-03-01"}) == "2020-03-01"
    assert national_start(None, None, None) is None


def test_plan_loaded_rule():
    """A plan of region R for batch N is loaded when a document of R implements N and is
    not the notice announcing N; the country's documents count for neither."""
    docs, plans = plans_loaded([
        {"region_id": "100000", "batch": 3, "batch_role": "announces"},
        {"region_id": "440000", "batch": 3, "batch_role": "implements"},
        {"region_id": "440000", "batch": None, "batch_role": None},
        {"region_id": "130000", "batch": 2, "batch_role": "announces"},  # a province re-issuing the notice
        {"region_id": "620000", "batch": None, "batch_role": None},
    ])
    assert docs == {"440000": 2, "130000": 1, "620000": 1}
    assert plans == {"440000": {3}}
