"""Lags when a document's date is known to the day or only to the year.

A local document's date has a precision (``date_precision`` on the Document, set by
loaders.metadata): ``'day'`` - its 成文日期 is printed - or ``'year'`` - only the year is
known, from its 文号 (吉政办发〔2019〕19号). A year is never turned into 1 January: the lag
in days of a year-only document is None, and ``lag_days_range`` gives what the year does
say - the lag lies between the first and the last day of that year, and is never negative
(a localisation cannot precede its national measure: the time rule).
"""

from __future__ import annotations

from datetime import date
from typing import Any


def day(value: Any) -> date | None:
    """The full ISO day at the start of `value` (2020-01-23, 2020-01-23T…); None otherwise."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def lag_days(national_date: Any, local_date: Any) -> int | None:
    """Days from the national date to the local one; None when either is not a full ISO day."""
    a, b = day(national_date), day(local_date)
    return None if a is None or b is None else (b - a).days


def lag_days_range(national_date: Any, year: Any) -> list[int] | None:
    """[fewest, most] days from the national date to a document known only by its year."""
    start = day(national_date)
    if start is None or not isinstance(year, int):
        return None
    first, last = (date(year, 1, 1) - start).days, (date(year, 12, 31) - start).days
    if last < 0:
        return None  # a year before the national date: the data contradict the time rule
    return [max(0, first), last]


def dating(national_date: Any, local_date: Any, document: dict[str, Any] | None) -> dict[str, Any]:
    """The date fields of one adoption: its precision, its year, the lag in days (day
    precision) or the range of lags the year allows (year precision)."""
    doc = document or {}
    year = doc.get("year")
    if local_date:
        precision = "day"
        year = year if isinstance(year, int) else (int(local_date[:4]) if day(local_date) else None)
    elif isinstance(year, int):
        precision = "year"
    else:
        precision = None
    return {
        "date_precision": precision,
        "year": year,
        "lag_days": lag_days(national_date, local_date),
        "lag_days_range": lag_days_range(national_date, year) if precision == "year" else None,
    }
