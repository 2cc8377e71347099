"""Department canonicalisation: printed name -> canonical full name, region, level, line (条条).

All tables (aliases per line and level, branch patterns of vertical systems, collective
bodies, keyword fallback, cross-line counterparts) live in ``loaders/data/departments.yaml``
so they can be extended without touching code.

The printed name is always kept (``printed_names``); the canonical name is derived only
as far as the text and the document's region support it, and the ``canonical`` Evidence
says how (``alias-table``, ``region-in-name``, ``region-prefix-expansion``, ``collective``,
``as-printed``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from loaders import regions
from loaders.records import DepartmentRecord, Evidence, Level, RegionRecord

DATA = Path(__file__).resolve().parent / "data" / "departments.yaml"
NATIONAL_ID = regions.COUNTRY_ID
# Region id used when neither the name nor the document tells the region. No region has
# this code, so a writer can skip BELONGS_TO for it.
UNKNOWN_REGION_ID = "000000"

_LOCAL_LEVELS = ("provincial", "municipal")


@dataclass(frozen=True)
class _Entry:
    line: str
    level: str  # national / provincial / municipal
    core: str  # canonical (national: full name; local: without region, may hold {region})


@dataclass(frozen=True)
class _Branch:
    rx: re.Pattern[str]
    canonical: str
    line: str
    capital_is_province: bool


@dataclass(frozen=True)
class _Tables:
    aliases: dict[str, dict[str, list[_Entry]]]  # level -> alias -> entries
    branches: list[_Branch]
    collectives: list[tuple[re.Pattern[str], str, str, str]]
    keywords: list[tuple[str, str]]
    cross: dict[frozenset[str], str]
    generalist: frozenset[str]


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    raw: dict[str, Any] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    aliases: dict[str, dict[str, list[_Entry]]] = {"national": {}, "provincial": {}, "municipal": {}}
    for line, levels in raw["lines"].items():
        for level, cores in (levels or {}).items():
            for core, alts in (cores or {}).items():
                entry = _Entry(str(line), level, core)
                for alias in {core, *(alts or [])}:
                    aliases[level].setdefault(alias, []).append(entry)
    branches = [
        _Branch(re.compile(b["pattern"]), b["canonical"], b["line"], bool(b.get("capital_is_province")))
        for b in raw.get("branches", [])
    ]
    collectives = [
        (re.compile(c["pattern"]), c["canonical"], c["line"], c["level"]) for c in raw.get("collectives", [])
    ]
    keywords = [(k, v) for k, v in raw.get("keywords", [])]
    cross = {frozenset(c["lines"]): " ".join(str(c["reason"]).split()) for c in raw.get("cross_line", [])}
    return _Tables(
        aliases, branches, collectives, keywords, cross, frozenset(raw.get("generalist_lines", []))
    )


@lru_cache(maxsize=1)
def known_lines() -> frozenset[str]:
    """Every functional line (条条) a department can be given: the tables' lines, branches,
    collectives and keywords. What a ``line=`` filter may name."""
    t = _tables()
    return frozenset(
        {e.line for entries in t.aliases.values() for es in entries.values() for e in es}
        | {b.line for b in t.branches} | {c[2] for c in t.collectives} | {line for _, line in t.keywords}
    )


_SPACES = re.compile(r"\s+")
_LIST_TAIL = re.compile(r"等(?:单位|部门)?$")


def _clean(printed: str) -> str:
    s = _SPACES.sub("", printed or "").replace("\u3000", "")
    s = s.replace("(", "（").replace(")", "）")
    # "省科协等单位" -> "省科协": the collective tail is list wording, not part of the name.
    s = _LIST_TAIL.sub("", s)
    return s


def _local_name(region: RegionRecord, core: str) -> str:
    return core.replace("{region}", region.name) if "{region}" in core else region.name + core


def _level_of_region(region: RegionRecord) -> Level:
    if region.level == "country":
        return "national"
    return "provincial" if region.level == "province" else "municipal"


def _as_level(value: str) -> Level:
    if value not in ("national", "provincial", "municipal"):
        raise ValueError(f"unknown level {value!r} in departments.yaml")
    return value  # type: ignore[return-value]


def _keyword_line(name: str) -> str | None:
    for kw, line in _tables().keywords:
        if kw in name:
            return line
    return None


def _province(region: RegionRecord | None) -> RegionRecord | None:
    if region is None or region.level == "country":
        return None
    return regions.province_of(region)


def _record(
    printed: str,
    name: str,
    region_id: str,
    level: Level,
    line: str | None,
    method: str,
    score: float,
    evidence: str,
) -> DepartmentRecord:
    return DepartmentRecord(
        id=f"{region_id}/{name}",
        name=name,
        region_id=region_id,
        level=level,
        line=line,
        printed_names=[printed],
        canonical=Evidence(method=method, score=score, evidence=evidence),
    )


def region_of_name(printed: str, *, within: str | None = None) -> tuple[RegionRecord, str] | None:
    """The region a department's own name carries, with the reason (for region resolution).

    广东银保监局 -> 广东省; 人民银行广州分行 -> 广东省 (capital branch); 正定海关 -> 石家庄市;
    吉林省高级人民法院 -> 吉林省. Short forms (省科技厅) carry no region: None.
    """
    name = _clean(printed)
    hit = _branch(name, within)
    if hit is not None:
        return hit[1], hit[3]
    pre = _region_prefix(name)
    if pre is not None:
        return pre[0], f"{pre[1]} -> {pre[0].name}"
    return None


# Kept per process: every printed name is looked up twice per document (its region, then its
# department) against every branch pattern, and a province's plans print the same names. The
# answer holds only the static tables' own objects (the region is the registry's record).
@lru_cache(maxsize=4096)
def _branch(name: str, within: str | None) -> tuple[_Branch, RegionRecord, str, str] | None:
    """(pattern, region, canonical, why) for a branch of a vertical system named after a place."""
    for b in _tables().branches:
        m = b.rx.match(name)
        if not m:
            continue
        frag = m.group("r")
        hit = regions.region_in_name(frag, within=within)
        if hit is None and len(frag) > 2 and frag.endswith(("省", "市")):
            hit = regions.region_in_name(frag[:-1], within=within)
        if hit is None:
            continue
        rec, why = hit
        is_county = regions.lookup_county(frag, within=within) is not None and regions.lookup(frag) is None
        if b.capital_is_province and rec.level == "city" and regions.is_capital(rec.id) and not is_county:
            prov = regions.get(rec.parent_id or "")
            if prov is not None:
                why = f"{why}, capital of {prov.name}: branch serving the province"
                rec = prov
        groups = {k: v or "" for k, v in m.groupdict().items()}
        canonical = b.canonical.format(short=rec.short, name=rec.name, **groups)
        return b, rec, canonical, why
    return None


@lru_cache(maxsize=1)
def _full_name_regex() -> re.Pattern[str]:
    names = {r.name for r in regions.all_regions() if r.level != "country"}
    return re.compile(regions.longest_of(names))  # the longest name first, as a trie


def _region_prefix(name: str) -> tuple[RegionRecord, str, str] | None:
    """A full region name opening the name: 吉林省高级人民法院 -> (吉林省, '吉林省', '高级人民法院')."""
    m = _full_name_regex().match(name)
    if not m or len(m.group(0)) == len(name):
        return None
    rec = regions.by_full_name(m.group(0))  # exact: 吉林市 is the city, 吉林省 the province
    return (rec, m.group(0), name[len(m.group(0)) :]) if rec is not None else None


def _local_entry(rest: str, level: str) -> _Entry | None:
    entries = _tables().aliases[level].get(rest)
    return entries[0] if entries else None


def canonicalize(
    printed: str, *, region: RegionRecord | None = None, level: str | None = None
) -> DepartmentRecord:
    """Canonical department for a printed name in a document of ``region`` and ``level``.

    ``region`` is the document's region (expands 省…/市… short forms); ``level`` the
    document's level (national/provincial/municipal), used for names without a prefix.
    """
    t = _tables()
    name = _clean(printed)
    doc_region_id = region.id if region is not None else UNKNOWN_REGION_ID
    province = _province(region)

    def rec(name_: str, rid: str, lv: Level, line: str | None, method: str, score: float, why: str):
        return _record(printed, name_, rid, lv, line, method, score, why)

    def national(e: _Entry, score: float, why: str):
        return rec(e.core, NATIONAL_ID, "national", e.line, "alias-table", score, why)

    # 1. Collective bodies: 各市州政府.
    for rx, canon, cline, clevel in t.collectives:
        if rx.match(name):
            lv = _as_level(clevel)
            if province is not None:
                why = f"collective body of {province.name}"
                return rec(province.name + canon, province.id, lv, cline, "collective", 0.8, why)
            return rec(
                name, doc_region_id, lv, cline, "as-printed", 0.4, "collective; document region unknown"
            )

    # 2. Branches of vertical systems named after a place: 广东银保监局, 正定海关.
    br = _branch(name, province.id if province is not None else None)
    if br is not None:
        b, place, canon, why = br
        return rec(canon, place.id, _level_of_region(place), b.line, "region-in-name", 0.9, f"{name}: {why}")

    # 3. National names: 科技部, 发展改革委, 人民银行. A name that is also a local short form
    #    (知识产权局) is read as the local body in a local document (step 6).
    nat = t.aliases["national"].get(name)
    local_same = any(name in t.aliases[lv] for lv in _LOCAL_LEVELS)
    local_doc = level in _LOCAL_LEVELS and region is not None and region.level != "country"
    if nat and not (local_same and local_doc):
        e = nat[0]
        ambiguous = local_same and level != "national"
        note = " (also a local short form; read as national)" if ambiguous else ""
        return national(e, 0.8 if ambiguous else 0.95, f"{name} -> {e.core}{note}")

    # 4. Full region name in front: 吉林省科技厅, 石家庄市人民政府.
    pre = _region_prefix(name)
    if pre is not None:
        place, matched, rest = pre
        lv = _level_of_region(place)
        entry = _local_entry(rest, "provincial" if lv == "provincial" else "municipal")
        if entry is not None:
            canon = _local_name(place, entry.core)
            method = "alias-table" if canon == name else "region-in-name"
            return rec(
                canon,
                place.id,
                lv,
                entry.line,
                method,
                0.95,
                f"{matched} -> {place.name}; {rest} -> {entry.core}",
            )
        why = f"{matched} -> {place.name}; '{rest}' not in the alias table, kept as printed"
        return rec(name, place.id, lv, _keyword_line(rest), "region-in-name", 0.7, why)

    # 5. Level prefix short forms: 省科技厅, 市人社局 (市场监管局 alone is not 市 + 场监管局).
    if name.startswith("省") or (name.startswith("市") and not name.startswith("市场")):
        prefix, rest = name[0], name[1:]
        table_level = "provincial" if prefix == "省" else "municipal"
        target: RegionRecord | None = None
        if prefix == "省":
            target = province
        elif region is not None and region.level == "city":
            target = region
        elif regions.is_municipality(region):
            # 北京/天津/上海/重庆: 市… bodies are the province-level ones.
            target, table_level = region, "provincial"
        entry = _local_entry(rest, table_level) or _local_entry(
            rest, "municipal" if prefix == "市" else "provincial"
        )
        own_level = _as_level(table_level)
        line = entry.line if entry is not None else _keyword_line(rest)
        if target is not None and entry is not None:
            why = f"{prefix} -> {target.name} (document region); {rest} -> {entry.core}"
            return rec(
                _local_name(target, entry.core),
                target.id,
                own_level,
                line,
                "region-prefix-expansion",
                0.9,
                why,
            )
        if target is not None:
            why = f"{prefix} -> {target.name} (document region); '{rest}' not in the alias table"
            return rec(target.name + rest, target.id, own_level, line, "region-prefix-expansion", 0.6, why)
        why = (
            "document region unknown"
            if region is None
            else f"document region {region.name} is not a {prefix}"
        )
        return rec(
            name, doc_region_id, own_level, line, "as-printed", 0.4, f"short form {name} not expanded: {why}"
        )

    # 6. Unprefixed local names (科技厅, 知识产权局 in a local document): the document's body.
    if region is not None and region.level != "country":
        want = "municipal" if (level == "municipal" or region.level == "city") else "provincial"
        target = region if want == "municipal" and region.level == "city" else province
        if regions.is_municipality(region):
            want, target = "provincial", region
        entry = _local_entry(name, want)
        if entry is not None and target is not None:
            why = f"unprefixed {name} read as {target.name}'s body (document region)"
            canon = _local_name(target, entry.core)
            return rec(
                canon, target.id, _level_of_region(target), entry.line, "region-prefix-expansion", 0.6, why
            )
    if nat:
        e = nat[0]
        return national(e, 0.7, f"{name} -> {e.core}; also a local short form")

    # 7. Nothing known: keep the printed name.
    line = _keyword_line(name)
    if name.startswith(("国家", "国务院", "中国", "中央", "全国", "中华全国")):
        own: Level = "national"
        rid = NATIONAL_ID
    else:
        if level in ("national", "provincial", "municipal"):
            own = _as_level(level or "")
        else:
            own = _level_of_region(region) if region is not None else "national"
        rid = doc_region_id
    why = f"{name}: no table entry; level {own} assumed from the document"
    return rec(name, rid, own, line, "as-printed", 0.3 if line is None else 0.5, why)


def line_of(name: str) -> str | None:
    """Functional line (条条) of a printed or canonical name; None when unknown."""
    return canonicalize(name, region=None, level=None).line


def counterparts(line: str) -> dict[str, str]:
    """Lines that continue ``line`` across levels, each with the reason (itself included)."""
    out = {line: "same functional line"}
    for pair, reason in _tables().cross.items():
        if line in pair:
            for other in pair - {line}:
                out[other] = reason
    return out


def is_counterpart(national: DepartmentRecord | str, local: DepartmentRecord) -> tuple[bool, str]:
    """Does ``local`` continue the line of the national guiding department ``national``?

    (True, reason) for the same line (科技部 -> 省科技厅) or a table cross-line equivalence
    (知识产权局 -> 省市场监管局) or a people's government (块块, takes any line); otherwise
    (False, reason) — a "shift", e.g. a finance measure given to the science department.
    """
    nat = canonicalize(national, region=None, level="national") if isinstance(national, str) else national
    if nat.line is None:
        return False, f"line of {nat.name} unknown"
    if local.line is None:
        return False, f"line of {local.name} unknown"
    if local.line in _tables().generalist:
        return True, f"{local.name} is a people's government (块块): takes any line"
    cps = counterparts(nat.line)
    if local.line in cps:
        if local.line == nat.line:
            return True, f"same line {nat.line}: {nat.name} -> {local.name}"
        return True, f"cross-line {nat.line} -> {local.line}: {cps[local.line]}"
    return False, f"shift: {nat.name} ({nat.line}) guides, {local.name} ({local.line}) is responsible"
