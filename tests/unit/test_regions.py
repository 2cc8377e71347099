"""Region reference data and document-region resolution (no DB)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from loaders import regions

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


# --- reference data --------------------------------------------------------------------


def test_counts() -> None:
    levels = Counter(r.level for r in regions.all_regions())
    assert levels == {"country": 1, "province": 31, "city": 333}


def test_prefecture_kinds_match_official_totals() -> None:
    # 293 地级市, 30 自治州, 7 地区, 3 盟 (after 那曲 became a city and 莱芜 merged into 济南)
    cities = [r for r in regions.all_regions() if r.level == "city"]
    kinds = Counter(
        "自治州" if r.name.endswith("自治州") else "地区" if r.name.endswith("地区") else r.name[-1]
        for r in cities
    )
    assert kinds == {"市": 293, "自治州": 30, "地区": 7, "盟": 3}


@pytest.mark.parametrize(
    ("code", "name", "short", "level", "parent"),
    [
        ("100000", "中国", "中国", "country", None),
        ("440000", "广东省", "广东", "province", "100000"),
        ("440100", "广州市", "广州", "city", "440000"),
        ("130100", "石家庄市", "石家庄", "city", "130000"),
        ("220000", "吉林省", "吉林", "province", "100000"),
        ("220200", "吉林市", "吉林", "city", "220000"),
        ("620000", "甘肃省", "甘肃", "province", "100000"),
        ("150000", "内蒙古自治区", "内蒙古", "province", "100000"),
        ("450000", "广西壮族自治区", "广西", "province", "100000"),
        ("640000", "宁夏回族自治区", "宁夏", "province", "100000"),
        ("540000", "西藏自治区", "西藏", "province", "100000"),
        ("650000", "新疆维吾尔自治区", "新疆", "province", "100000"),
        ("222400", "延边朝鲜族自治州", "延边", "city", "220000"),
        ("422800", "恩施土家族苗族自治州", "恩施", "city", "420000"),
        ("654000", "伊犁哈萨克自治州", "伊犁", "city", "650000"),
        ("152900", "阿拉善盟", "阿拉善", "city", "150000"),
        ("653100", "喀什地区", "喀什", "city", "650000"),
        ("540600", "那曲市", "那曲", "city", "540000"),
        ("110000", "北京市", "北京", "province", "100000"),
        ("500000", "重庆市", "重庆", "province", "100000"),
    ],
)
def test_known_codes(code: str, name: str, short: str, level: str, parent: str | None) -> None:
    r = regions.get(code)
    assert r is not None
    assert (r.name, r.short, r.level, r.parent_id) == (name, short, level, parent)


def test_structure() -> None:
    rs = regions.all_regions()
    ids = {r.id for r in rs}
    assert len(ids) == len(rs)
    for r in rs:
        assert re.fullmatch(r"\d{6}", r.id)
        if r.level == "province":
            assert r.parent_id == "100000" and r.id.endswith("0000")
        if r.level == "city":
            assert r.parent_id == r.id[:2] + "0000"
    # nothing below the four municipalities; no HK/Macau/Taiwan; 莱芜 merged away
    assert not [r for r in rs if r.level == "city" and r.id[:2] in ("11", "12", "31", "50")]
    assert not [r for r in rs if r.id[:2] in ("71", "81", "82")]
    assert regions.get("371200") is None


def test_capitals_are_the_xx0100_prefectures() -> None:
    for pid, capital in [
        ("440000", "广州市"),
        ("620000", "兰州市"),
        ("220000", "长春市"),
        ("130000", "石家庄市"),
    ]:
        cap = regions.get(pid[:2] + "0100")
        assert cap is not None and cap.name == capital and regions.is_capital(cap.id)
    assert not regions.is_capital("440300")  # 深圳


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("广东", "440000"),
        ("广东省", "440000"),
        ("石家庄", "130100"),
        ("石家庄市", "130100"),
        ("中国", "100000"),
        ("全国", "100000"),
        ("吉林", "220000"),  # province before city on a shared short name
        ("吉林市", "220200"),
        ("海南", "460000"),  # province before 海南藏族自治州
        ("延边", "222400"),
        ("延边朝鲜族自治州", "222400"),
        ("内蒙古", "150000"),
        ("新疆", "650000"),
        ("莱芜", "370100"),  # historical name -> successor
        (" 甘肃省 ", "620000"),
    ],
)
def test_lookup(name: str, code: str) -> None:
    r = regions.lookup(name)
    assert r is not None and r.id == code


@pytest.mark.parametrize("name", ["", "火星", "珠三角", "省", "正定"])
def test_lookup_unknown(name: str) -> None:
    assert regions.lookup(name) is None


def test_chain() -> None:
    assert [r.id for r in regions.chain("130100")] == ["130100", "130000", "100000"]
    assert [r.id for r in regions.chain("440000")] == ["440000", "100000"]
    assert [r.id for r in regions.chain("100000")] == ["100000"]
    assert regions.chain("999999") == []


def test_counties() -> None:
    hit = regions.lookup_county("正定")
    assert hit is not None and hit[0].name == "正定县" and hit[1].id == "130100"
    assert regions.lookup_county("朝阳区") is None  # 北京 and 长春: ambiguous without context
    hit = regions.lookup_county("朝阳区", within="110000")
    assert hit is not None and hit[1].id == "110000"  # municipal districts hang under the municipality


@pytest.mark.parametrize(
    ("prefix", "code"),
    [
        ("吉政办发", "220000"),
        ("甘政办发", "620000"),
        ("粤府办", "440000"),
        ("冀政办", "130000"),
        ("国办发", "100000"),
        ("国发", "100000"),
        ("黔府发", "520000"),
        ("滇政发", "530000"),
        ("陇政发", "620000"),
        ("内政办发", "150000"),
        ("石家庄市政办", "130100"),
    ],
)
def test_number_prefix(prefix: str, code: str) -> None:
    hit = regions.number_region(prefix)
    assert hit is not None and hit[0].id == code


# --- document resolution on the samples -----------------------------------------------


def _table_departments(text: str) -> list[str]:
    """Department column of a tab table; page breaks continue a cell on the next line."""
    cells: list[str] = []
    for line in text.splitlines():
        row = line.split("\t")
        if len(row) >= 4 and row[0].strip().isdigit():
            cells.append(row[3].strip())
        elif len(row) >= 4 and not row[0].strip() and cells:
            cells[-1] += row[3].strip()
    return [d for c in cells for d in re.split(r"[、，,]", c) if d.strip()]


def _prose_departments(text: str) -> list[str]:
    """The closing parentheses of each item: （责任单位：A、B，…） / （A、B等单位按职责分工负责）."""
    out: list[str] = []
    for line in text.splitlines():
        m = re.search(r"（([^（）]+)）\s*$", line)
        if not m:
            continue
        seg = m.group(1).replace("责任单位：", "").split("，")[0]
        seg = re.sub(r"(牵头负责|按职责分工负责|负责)$", "", seg)
        out += [re.sub(r"等(单位|部门)?$", "", d).strip() for d in seg.split("、") if d.strip()]
    # category headings end in （共7项） / （13-18）: counts, not departments
    return [d for d in out if not re.match(r"^共?\s*\d", d)]


def sample_departments(stem: str) -> list[str]:
    text = (SAMPLES / f"{stem}.txt").read_text(encoding="utf-8")
    return _table_departments(text) + _prose_departments(text)


def _crude_title_issuer(text: str) -> tuple[str | None, str | None]:
    """Title: a markdown heading or the lines before a standalone 文号; issuer: a standalone
    …人民政府/…办公厅 line. Deliberately crude: the parser proper belongs elsewhere."""
    lines = [ln.strip() for ln in text.splitlines()]
    title = next((ln.lstrip("#").strip() for ln in lines if ln.startswith("# ")), None)
    if title is None:
        for i, ln in enumerate(lines[:10]):
            if re.fullmatch(r".+〔\d{4}〕\d+号", ln):
                title = "".join(x for x in lines[:i] if x) or None
                break
    if title is None:
        title = next((ln for ln in lines[:40] if re.fullmatch(r"\S{4,60}(实施方案|工作方案|通知)", ln)), None)
    issuer = next((ln for ln in lines if re.fullmatch(r"\S{2,12}(人民政府|办公厅)", ln)), None)
    return title, issuer


@pytest.mark.parametrize(
    ("stem", "code"),
    [
        ("national-2020-3-third-batch", "100000"),
        ("guangdong-third-batch-plan", "440000"),
        ("hebei-city-third-batch-tasks", "130100"),
        ("jilin-second-batch-plan", "220000"),
        ("gansu-2018-innovation-plan", "620000"),
    ],
)
def test_resolve_samples(stem: str, code: str) -> None:
    text = (SAMPLES / f"{stem}.txt").read_text(encoding="utf-8")
    title, issuer = _crude_title_issuer(text)
    depts = sample_departments(stem)
    assert depts, "crude extraction found departments"
    region, ev = regions.resolve_document_region(text, title=title, issuer=issuer, department_names=depts)
    assert region is not None and region.id == code
    assert ev is not None and 0.5 <= ev.score <= 1.0 and ev.evidence
    # Without title and issuer the body and the departments still decide.
    region2, ev2 = regions.resolve_document_region(text, title=None, issuer=None, department_names=depts)
    assert region2 is not None and region2.id == code and ev2 is not None


def test_resolve_evidence_names_its_spans() -> None:
    text = (SAMPLES / "hebei-city-third-batch-tasks.txt").read_text(encoding="utf-8")
    region, ev = regions.resolve_document_region(
        text, title=None, issuer=None, department_names=sample_departments("hebei-city-third-batch-tasks")
    )
    assert region is not None and region.name == "石家庄市"
    assert ev is not None and "正定海关" in (ev.evidence or "") and "河北省" in (ev.evidence or "")
    assert "department-names" in ev.method

    text = (SAMPLES / "jilin-second-batch-plan.txt").read_text(encoding="utf-8")
    _, ev = regions.resolve_document_region(text, title=None, issuer=None, department_names=[])
    assert ev is not None and "吉政办发〔2019〕19号" in (ev.evidence or "") and ev.score >= 0.9


def test_strong_beats_weak() -> None:
    # A national notice names the pilot provinces in its body; its own number decides.
    text = "国办发〔2020〕3号\n在京津冀、上海、广东（珠三角）、安徽、四川、湖北武汉、陕西西安、辽宁沈阳部署"
    region, ev = regions.resolve_document_region(text, title=None, issuer=None, department_names=[])
    assert region is not None and region.id == "100000" and ev is not None and ev.score >= 0.9


def test_cited_numbers_do_not_decide() -> None:
    # A Gansu plan cites 国发〔2017〕37号 inside the body: that is a parent, not its own number.
    text = "为落实《国务院关于…的意见》（国发〔2017〕37号），结合我省实际，制定本方案。"
    assert regions.resolve_document_region(text, title=None, issuer=None, department_names=[]) == (None, None)


def test_no_evidence_no_guess() -> None:
    assert regions.resolve_document_region("", title=None, issuer=None, department_names=[]) == (None, None)
    text = "各单位要加强组织领导，确保改革举措落地生根。"
    assert regions.resolve_document_region(text, title=None, issuer=None, department_names=["省科技厅"]) == (
        None,
        None,
    )
    # one passing mention is not evidence
    assert regions.resolve_document_region(
        "学习广东经验。", title=None, issuer=None, department_names=[]
    ) == (
        None,
        None,
    )


def test_two_provinces_equally_supported_is_not_resolved() -> None:
    text = "河北省与山西省共同推进。河北省、山西省联合发文。"
    assert regions.resolve_document_region(text, title=None, issuer=None, department_names=[]) == (None, None)


def test_city_named_in_title() -> None:
    region, ev = regions.resolve_document_region(
        "全市各部门：",
        title="石家庄市关于推广第三批改革举措的任务清单",
        issuer=None,
        department_names=["市科技局"],
    )
    assert region is not None and region.id == "130100" and ev is not None and ev.score >= 0.9


def test_municipal_document_without_city_stays_at_province_with_note() -> None:
    text = "河北省第三批任务清单。利用河北省科学仪器共享平台。全市推广。"
    region, ev = regions.resolve_document_region(
        text, title=None, issuer=None, department_names=["市科技局", "市财政局"]
    )
    assert region is not None and region.id == "130000"
    assert ev is not None and "no city identified" in (ev.evidence or "") and ev.score < 0.5


def test_provincial_plan_naming_cities_stays_provincial() -> None:
    text = "广东省工作方案。在广州市、深圳市等市培育示范机构。全省推广，广东省科技厅负责。"
    region, _ = regions.resolve_document_region(
        text, title=None, issuer=None, department_names=["省科技厅", "广东银保监局"]
    )
    assert region is not None and region.id == "440000"


def test_a_district_named_like_a_city_is_not_that_city() -> None:
    """朝阳区 (北京, 长春) is not 朝阳市 (辽宁): a city's short name run into 区/县/旗 is a district's
    name. Ambiguous alone, so no region; with its city printed, that city."""
    assert regions.resolve_document_region("", title="关于印发重点工作任务分解的通知", issuer="朝阳区人民政府",
                                           department_names=[]) == (None, None)
    region, _ = regions.resolve_document_region("", title=None, issuer="长春市朝阳区人民政府办公室",
                                                department_names=[])
    assert region is not None and region.id == "220100"
    region, _ = regions.resolve_document_region("", title=None, issuer="朝阳市人民政府", department_names=[])
    assert region is not None and region.id == "211300"
    region, _ = regions.resolve_document_region("", title=None, issuer="兰州新区管委会", department_names=[])
    assert region is not None and region.id == "620100"  # 新区 is not 区: 兰州 still counts
