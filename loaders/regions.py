"""Region hierarchy (country -> province -> prefecture) and document-region resolution.

Reference data lives in ``loaders/data/regions.csv`` (country, 31 provinces, 333
prefecture-level divisions) and ``loaders/data/counties.csv`` (county-level divisions,
used only to place bodies such as 正定海关 in their prefecture; counties are not graph
regions). Both files are generated once by ``loaders/data/make_regions.py``; the runtime
reads the CSVs only.

``resolve_document_region`` weighs textual signals and returns the region with an
:class:`Evidence` naming every span that supports it, or ``(None, None)`` when the text
gives no evidence. It never guesses.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from loaders.records import Evidence, RegionRecord

DATA = Path(__file__).resolve().parent / "data"
COUNTRY_ID = "100000"

# Provincial abbreviations (简称) as they open document numbers (吉政办发, 粤府办, 冀政办).
# Alternative abbreviations (黔/滇/陇/秦/蜀) are in the table too; 内 opens Inner Mongolia's
# numbers (内政发, 内政办发) although its 简称 is 蒙.
PROVINCE_ABBREVIATIONS: dict[str, str] = {
    "京": "110000", "津": "120000", "冀": "130000", "晋": "140000", "蒙": "150000", "内": "150000",
    "辽": "210000", "吉": "220000", "黑": "230000", "沪": "310000", "苏": "320000", "浙": "330000",
    "皖": "340000", "闽": "350000", "赣": "360000", "鲁": "370000", "豫": "410000", "鄂": "420000",
    "湘": "430000", "粤": "440000", "桂": "450000", "琼": "460000", "渝": "500000", "川": "510000",
    "蜀": "510000", "贵": "520000", "黔": "520000", "云": "530000", "滇": "530000", "藏": "540000",
    "陕": "610000", "秦": "610000", "甘": "620000", "陇": "620000", "青": "630000", "宁": "640000",
    "新": "650000",
}  # fmt: skip

# A 文号: issuer prefix, 〔year〕 (also [] 【】 () variants from bad extraction), serial, 号.
DOC_NUMBER_RE = re.compile(r"([\u4e00-\u9fff]{1,10})\s*[〔\[【（(]\s*(\d{4})\s*[〕\]】）)]\s*(\d+)\s*号")

_ISSUER_NATIONAL = ("国务院", "国家", "中共中央", "全国")


@dataclass(frozen=True)
class County:
    id: str
    name: str
    short: str
    parent_id: str  # prefecture, or province for municipal districts and 省直辖 county cities


@dataclass(frozen=True)
class _Data:
    by_id: dict[str, RegionRecord]
    by_name: dict[str, list[RegionRecord]]  # full, short and historical names
    capitals: frozenset[str]


@lru_cache(maxsize=1)
def _load() -> _Data:
    by_id: dict[str, RegionRecord] = {}
    by_name: dict[str, list[RegionRecord]] = defaultdict(list)
    capitals: set[str] = set()
    with open(DATA / "regions.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            rec = RegionRecord(
                id=row["id"],
                name=row["name"],
                short=row["short"],
                level=row["level"],  # type: ignore[arg-type]
                parent_id=row["parent_id"] or None,
            )
            by_id[rec.id] = rec
            for n in {rec.name, rec.short, *filter(None, row["aliases"].split("|"))}:
                by_name[n].append(rec)
            if row["capital"]:
                capitals.add(rec.id)
    # Higher level first: 吉林 is 吉林省 before 吉林市, 海南 is 海南省 before 海南藏族自治州.
    order = {"country": 0, "province": 1, "city": 2}
    for recs in by_name.values():
        recs.sort(key=lambda r: (order[r.level], r.id))
    return _Data(by_id, dict(by_name), frozenset(capitals))


@lru_cache(maxsize=1)
def _counties() -> dict[str, list[County]]:
    by_name: dict[str, list[County]] = defaultdict(list)
    with open(DATA / "counties.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            c = County(row["id"], row["name"], row["short"], row["parent_id"])
            by_name[c.name].append(c)
            if c.short != c.name:
                by_name[c.short].append(c)
    return dict(by_name)


def all_regions() -> list[RegionRecord]:
    """Country, 31 provinces and 333 prefecture-level divisions, ordered by code."""
    return sorted(_load().by_id.values(), key=lambda r: r.id)


def get(id: str) -> RegionRecord | None:  # noqa: A002 - the contract names it id
    return _load().by_id.get(id)


def by_full_name(name: str) -> RegionRecord | None:
    """Exact full name only (吉林市 is the city, 吉林省 the province)."""
    return next((r for r in _load().by_name.get(name.strip(), []) if r.name == name.strip()), None)


def lookup(name: str) -> RegionRecord | None:
    """Full or short name (广东 / 广东省 / 石家庄 / 石家庄市 / 中国 / 全国); None if unknown.

    Where a short name is shared (吉林 province and city), the higher level wins; the full
    name (吉林市) reaches the lower one.
    """
    name = (name or "").strip()
    recs = _load().by_name.get(name)
    return recs[0] if recs else None


def chain(id: str) -> list[RegionRecord]:  # noqa: A002
    """The region, then its parents up to 100000."""
    out: list[RegionRecord] = []
    seen: set[str] = set()  # ids, not records: comparing pydantic records field by field cost ~3% of a parse
    cur = get(id)
    while cur is not None and cur.id not in seen:
        seen.add(cur.id)
        out.append(cur)
        cur = get(cur.parent_id) if cur.parent_id else None
    return out


def is_capital(region_id: str) -> bool:
    return region_id in _load().capitals


def province_of(region: RegionRecord) -> RegionRecord | None:
    for r in chain(region.id):
        if r.level == "province":
            return r
    return None


def is_municipality(region: RegionRecord | None) -> bool:
    """北京/天津/上海/重庆: province-level, but their bodies print as 市….."""
    return region is not None and region.level == "province" and region.name.endswith("市")


def lookup_county(name: str, *, within: str | None = None) -> tuple[County, RegionRecord] | None:
    """A county-level name (正定 / 正定县) -> (county, its prefecture or province).

    County names repeat across China (朝阳区 in 北京 and 长春); an ambiguous name is only
    accepted when ``within`` (a province or city id) leaves exactly one candidate.
    """
    cands = _counties().get(name.strip(), [])
    if within and within != COUNTRY_ID:
        prefix = within[:2] if within.endswith("0000") else within[:4]
        cands = [c for c in cands if c.id.startswith(prefix)]
    if len(cands) != 1:
        return None
    parent = get(cands[0].parent_id)
    return (cands[0], parent) if parent else None


# ---------------------------------------------------------------------------------------
# Region names inside other names and texts


def longest_of(words: set[str]) -> str:
    """A pattern matching, at a position, the longest of `words` that starts there.

    What ``"|".join(longest first)`` matches, written as a trie (广(?:东(?:省)?|州(?:市)?)|…):
    the engine follows one branch per character instead of trying every word at every
    position of a text (region names: ~1,000 words, searched in every document).
    At each node the branches start with different characters, so at most one can go on;
    a word ending at a node is the optional group's empty choice, taken only when no longer
    word matches.
    """
    trie: dict[str, dict] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def branch(node: dict[str, dict]) -> str:
        alts = [re.escape(ch) + branch(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return branch(trie)


@lru_cache(maxsize=1)
def _name_regex() -> re.Pattern[str]:
    """Every region full name and every short name of >= 2 characters, longest first."""
    names = {n for n in _load().by_name if len(n) >= 2 and n not in ("中国", "全国", "中华人民共和国")}
    return re.compile(longest_of(names))


def region_in_name(fragment: str, *, within: str | None = None) -> tuple[RegionRecord, str] | None:
    """Interpret a place fragment cut from a body's name (广东, 兰州, 正定, 吉林省, 长春市).

    Returns the region and a short explanation. Counties resolve to their prefecture.
    """
    frag = fragment.strip()
    if not frag:
        return None
    rec = lookup(frag)
    if rec is not None and rec.level != "country":
        return rec, f"{frag} -> {rec.name}"
    hit = lookup_county(frag, within=within)
    if hit is not None:
        county, parent = hit
        return parent, f"{frag} -> {county.name} (county of {parent.name})"
    return None


@dataclass
class _Signal:
    region: RegionRecord
    weight: float
    method: str
    evidence: str


def _find_regions(text: str) -> list[tuple[RegionRecord, str, int]]:
    """Region names in a text with their positions (no country)."""
    out = []
    for m in _name_regex().finditer(text):
        rec = lookup(m.group(0))
        # A city's short name run into 区/县/旗 names a district or county of that name, not the
        # city: 朝阳区 (in 北京 and 长春) is not 朝阳市 (辽宁). A full name (广州市天河区) still counts,
        # and so does a province's short name (广西区, for 广西壮族自治区).
        if (rec is not None and rec.level != "province" and m.group(0) != rec.name
                and text[m.end():m.end() + 1] in ("区", "县", "旗")):
            continue
        if rec is not None:
            out.append((rec, m.group(0), m.start()))
    return out


def _own_document_number(text: str) -> tuple[str, str] | None:
    """The document's own 文号: one that stands alone on a line near the top.

    Numbers inside the body are citations of parents (国发〔2017〕37号 in a Gansu plan) and
    say nothing about the citing document's region, so only a standalone line counts.
    """
    for line in text.splitlines()[:40]:
        s = line.strip().strip("#").strip()
        m = DOC_NUMBER_RE.fullmatch(s)
        if m:
            return m.group(0), m.group(1)
    return None


def number_region(prefix: str) -> tuple[RegionRecord, str] | None:
    """国办发 -> 中国; 吉政办发 -> 吉林省; 粤府办 -> 广东省."""
    if prefix.startswith("国") or prefix.startswith("中发") or prefix.startswith("中办"):
        country = get(COUNTRY_ID)
        assert country is not None
        return country, f"{prefix}: 国 -> national"
    # A full or short region name opening the prefix (石政办发 is too ambiguous, 石家庄市政办 is not).
    m = _name_regex().match(prefix)
    if m and len(m.group(0)) >= 2:
        rec = lookup(m.group(0))
        if rec is not None:
            return rec, f"{prefix}: {m.group(0)} -> {rec.name}"
    rid = PROVINCE_ABBREVIATIONS.get(prefix[0])
    if rid and len(prefix) >= 2:
        rec = get(rid)
        if rec is not None:
            return rec, f"{prefix}: {prefix[0]} -> {rec.name}"
    return None


_COUNTY_OPENING = re.compile(r"^([\u4e00-\u9fff]{1,6}?(?:区|县|旗))")


def _title_signals(label: str, text: str | None, weight: float) -> list[_Signal]:
    if not text:
        return []
    t = text.strip()
    if t.startswith(_ISSUER_NATIONAL):
        country = get(COUNTRY_ID)
        assert country is not None
        return [_Signal(country, weight, label, f"{label}: {t[:40]}")]
    found = _find_regions(t)
    if not found:
        # A district or county opening it (立山区人民政府, 谯城区科学技术局): its prefecture,
        # when the county name is unique in China (lookup_county refuses 朝阳区).
        m = _COUNTY_OPENING.match(t)
        hit = lookup_county(m.group(1)) if m else None
        if hit is None:
            return []
        county, parent = hit
        return [_Signal(parent, weight, label, f"{label}: {county.name} (county of {parent.name}) in '{t[:40]}'")]
    # The region that opens the title/issuer is its subject (吉林省关于…, 甘肃省人民政府);
    # further names are topics (…支持广州市…) and count less.
    out = []
    for i, (rec, matched, pos) in enumerate(found):
        w = weight if (i == 0 and pos <= 2) else weight * 0.6
        out.append(_Signal(rec, w, label, f"{label}: {matched} in '{t[:40]}'"))
    return out


def department_region(name: str, *, within: str | None = None) -> tuple[RegionRecord, str] | None:
    """The region a department name carries (广东银保监局 -> 广东省; 正定海关 -> 石家庄市).

    Delegates to the department tables (one place for branch patterns); imported lazily
    because departments.py imports this module.
    """
    from loaders import departments

    return departments.region_of_name(name, within=within)


def _document_level(text: str, department_names: list[str]) -> tuple[str | None, str]:
    """provincial / municipal from departments (省…/市…) and scope words (全省/全市, 我省/我市)."""
    prov = sum(1 for d in department_names if d.startswith("省"))
    city = sum(1 for d in department_names if d.startswith("市") and not d.startswith("市场"))
    prov += len(re.findall(r"全省|我省|本省", text))
    city += len(re.findall(r"全市|我市|本市", text))
    if city > prov:
        return "municipal", f"市-level wording x{city} vs 省 x{prov}"
    if prov > city:
        return "provincial", f"省-level wording x{prov} vs 市 x{city}"
    return None, ""


def resolve_document_region(
    text: str,
    *,
    title: str | None = None,
    issuer: str | None = None,
    department_names: list[str] | None = None,
) -> tuple[RegionRecord | None, Evidence | None]:
    """Which region a document belongs to, with evidence; (None, None) without evidence.

    Signals, strongest first: region in title / issuer, the document's own number prefix,
    department names carrying a region, repeated province mentions in the body. Signals
    are summed per province (a city's signal also supports its province); the province
    must clearly beat any rival. A municipal document (市… departments, 全市) is narrowed
    to a city when a city signal inside the province exists, else kept at the province
    with a lower score and a note.
    """
    text = text or ""
    departments = [d.strip() for d in (department_names or []) if d and d.strip()]
    signals: list[_Signal] = []
    signals += _title_signals("title", title, 0.95)
    signals += _title_signals("issuer", issuer, 0.95)

    num = _own_document_number(text)
    if num is not None:
        hit = number_region(num[1])
        if hit is not None:
            signals.append(_Signal(hit[0], 0.9, "document-number", f"number {num[0]} ({hit[1]})"))

    # Departments carrying a region: one signal per region, stronger with more distinct
    # bodies (广东银保监局 + 人民银行广州分行 + 海关总署广东分署 -> 广东省).
    by_region: dict[str, list[str]] = defaultdict(list)
    for d in dict.fromkeys(departments):
        hit = department_region(d)
        if hit is not None:
            by_region[hit[0].id].append(f"{d}: {hit[1]}")
    for rid, whys in by_region.items():
        rec = get(rid)
        assert rec is not None
        w = min(0.8, 0.6 + 0.1 * (len(whys) - 1))
        signals.append(_Signal(rec, w, "department-names", "departments " + "; ".join(whys)))

    # Body mentions: full names anywhere, and province short names (2+ chars). City short
    # names are not counted in the body: too many are ordinary words (白银, 阿里, 中山, 长治).
    mentions: dict[str, list[str]] = defaultdict(list)
    for rec, matched, _pos in _find_regions(text):
        if matched == rec.name or rec.level == "province":
            mentions[rec.id].append(matched)
    for rid, hits in mentions.items():
        rec = get(rid)
        assert rec is not None
        w = min(0.2 + 0.1 * len(hits), 0.5) if len(hits) >= 2 else 0.15
        signals.append(_Signal(rec, w, "body-mentions", f"body: {hits[0]} x{len(hits)}"))

    if not signals:
        return None, None

    # Sum support per top-level unit (province, or the country).
    def top(rec: RegionRecord) -> RegionRecord:
        if rec.level == "country":
            return rec
        p = province_of(rec)
        return p if p is not None else rec

    support: dict[str, float] = defaultdict(float)
    strongest: dict[str, float] = defaultdict(float)
    for s in signals:
        t = top(s.region)
        support[t.id] += s.weight
        strongest[t.id] = max(strongest[t.id], s.weight)
    ranked = sorted(support.items(), key=lambda kv: kv[1], reverse=True)
    best_id, best = ranked[0]
    runner = ranked[1][1] if len(ranked) > 1 else 0.0
    # National documents name many provinces (the 8 pilot regions); a national title,
    # issuer or number decides by itself.
    if best_id != COUNTRY_ID and runner and best < runner * 1.5 and strongest[best_id] < 0.9:
        return None, None  # two provinces with comparable support: no guess
    if strongest[best_id] < 0.3:
        return None, None  # a single passing mention is not evidence
    chosen = get(best_id)
    assert chosen is not None
    used = [s for s in signals if top(s.region).id == best_id]
    notes: list[str] = []

    level, level_why = _document_level(text, departments)
    if chosen.level == "province":
        city_support: dict[str, float] = defaultdict(float)
        for s in used:
            if s.region.level == "city":
                city_support[s.region.id] += s.weight
        if city_support:
            city_id, _ = max(city_support.items(), key=lambda kv: kv[1])
            city = get(city_id)
            assert city is not None
            # A city-named body in a provincial plan (广州知识产权法院) does not make it a
            # city document; title/issuer/number naming the city, or municipal wording does.
            direct = any(
                s.region.id == city_id and s.method in ("title", "issuer", "document-number") for s in used
            )
            if direct or level == "municipal":
                chosen = city
                notes.append(
                    f"municipal document ({level_why})" if level == "municipal" else "city named directly"
                )
        elif level == "municipal" and not is_municipality(chosen):
            notes.append(f"municipal document ({level_why}) but no city identified; province given")

    score = max(s.weight for s in used)
    # Corroboration from independent methods raises confidence a little.
    # Ties broken by name: set order follows PYTHONHASHSEED, and the method string is stored.
    methods = sorted({s.method for s in used}, key=lambda m: (-max(s.weight for s in used if s.method == m), m))
    score = min(0.99, score + 0.03 * (len(methods) - 1))
    if runner:
        score *= best / (best + runner) if best_id != COUNTRY_ID else 1.0
        notes.append(f"competing region support {runner:.2f} vs {best:.2f}")
    if chosen.level == "province" and level == "municipal" and not is_municipality(chosen):
        score *= 0.6
    if chosen.level == "city" and not any(s.region.id == chosen.id and s.weight >= 0.6 for s in used):
        score *= 0.8
    parts = [s.evidence for s in sorted(used, key=lambda s: -s.weight)]
    evidence = "; ".join(parts + notes)
    return chosen, Evidence(
        method="+".join(methods), score=round(max(0.0, min(score, 1.0)), 3), evidence=evidence
    )
