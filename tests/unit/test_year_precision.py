"""A year-only date stays a year where lags and the time rule are computed (issue 9, part 4)."""

from __future__ import annotations

from policygraph.dates import dating, lag_days_range
from policygraph.linking import _candidates, _National, time_bound


def test_time_bound_never_makes_a_day_of_a_year() -> None:
    assert time_bound({"date": "2019-03-05", "year": 2019}) == ("2019-03-05", "date")
    assert time_bound({"date": None, "year": 2019, "date_precision": "year"}) == ("2019-12-31", "year")
    assert time_bound({"published": "2019-01-08"}) == ("2019-01-08", "published")
    assert time_bound({"id": "file:x"}) == (None, None)


class _Rows(_National):
    def __init__(self, rows):  # type: ignore[no-untyped-def]
        self._rows, self.sets = rows, {}


def _row(mid: str, date: str, batch: int) -> dict:
    return {"measure": {"id": mid, "date": date}, "batch": batch, "batch_date": date}


def test_year_only_plan_keeps_its_year_and_drops_later_years() -> None:
    nat = _Rows([_row("n1", "2017-09-14", 1), _row("n2", "2018-12-23", 2), _row("n3", "2020-01-23", 3)])
    cand = _candidates({"id": "甘政办发〔2019〕1号", "year": 2019, "date_precision": "year"}, nat)
    assert [r["measure"]["id"] for r in cand.measures] == ["n1", "n2"]
    assert cand.time_basis == "year" and cand.excluded_later == 1
    # The same year as a national measure: allowed (the order within the year is unknown).
    same = _candidates({"id": "x", "year": 2020, "date_precision": "year"}, nat)
    assert [r["measure"]["id"] for r in same.measures] == ["n1", "n2", "n3"]
    # Neither date nor year: no time basis, not linked.
    assert _candidates({"id": "y"}, nat).empty_status == "no-time-basis"


def test_lags_of_a_year_only_document_are_a_range_not_a_day() -> None:
    got = dating("2018-12-23", None, {"year": 2019, "date_precision": "year"})
    assert got == {"date_precision": "year", "year": 2019, "lag_days": None, "lag_days_range": [9, 373]}
    day = dating("2018-12-23", "2019-03-05", {"date": "2019-03-05", "year": 2019})
    assert day == {"date_precision": "day", "year": 2019, "lag_days": 72, "lag_days_range": None}
    assert dating("2018-12-23", None, {})["date_precision"] is None
    assert lag_days_range("2020-01-23", 2020) == [0, 343]  # never negative: the time rule
    assert lag_days_range("2020-01-23", 2019) is None
