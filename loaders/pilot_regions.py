"""The 8 全面创新改革试验 pilot areas (loaders/data/pilot_regions.csv, with its source).

A national measure whose 推广范围 is 8个改革试验区域 is promoted only there. ``pilot(id)``
says whether a region is inside a pilot area (a city of 河北 is, as 京津冀 takes whole
provinces), only contains one (广东省 contains 珠三角), or neither.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from loaders import regions as region_ref

DATA = Path(__file__).parent / "data" / "pilot_regions.csv"

PilotStatus = Literal["pilot", "contains-pilot", "no"]


@dataclass(frozen=True)
class Pilot:
    status: PilotStatus
    area: str | None  # 京津冀, 广东（珠三角）, …


@cache
def _table() -> dict[str, tuple[str, str]]:
    with DATA.open(encoding="utf-8") as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        return {r["region_id"]: (r["area"], r["role"]) for r in rows}


def areas() -> list[str]:
    return sorted({a for a, _ in _table().values()})


def pilot(region_id: str | None) -> Pilot:
    """Whether a region is in a pilot area: itself or any region above it listed whole."""
    if not region_id:
        return Pilot("no", None)
    table = _table()
    own = table.get(region_id)
    if own and own[1] == "whole":
        return Pilot("pilot", own[0])
    for above in region_ref.chain(region_id)[1:]:
        got = table.get(above.id)
        if got and got[1] == "whole":
            return Pilot("pilot", got[0])
    if own and own[1] == "province-of":
        return Pilot("contains-pilot", own[0])
    return Pilot("no", None)


def scope_class(scope: str | None) -> Literal["national", "pilot"] | None:
    """推广范围 as printed -> national (全国) or pilot (8个改革试验区域, split cells too)."""
    if not scope:
        return None
    if "全国" in scope:
        return "national"
    if "试验" in scope or "8个" in scope or "八个" in scope:
        return "pilot"
    return None
