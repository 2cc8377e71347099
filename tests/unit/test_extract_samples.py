"""Acceptance tests of extraction on the five sample texts (no database).

Every expected value below was read off the sample texts by hand (see samples/*.txt),
not copied from the parser's output.
"""

from __future__ import annotations

import pytest

from base.config import SAMPLES_DIR
from loaders.extract import extract_file, extract_text
from loaders.layouts.table import join_cells
from loaders.normalize import normalize
from loaders.records import Extraction
from loaders.responsibility import parse_clause

NATIONAL = SAMPLES_DIR / "national-2020-3-third-batch.txt"
HEBEI = SAMPLES_DIR / "hebei-city-third-batch-tasks.txt"
GUANGDONG = SAMPLES_DIR / "guangdong-third-batch-plan.txt"
JILIN = SAMPLES_DIR / "jilin-second-batch-plan.txt"
GANSU = SAMPLES_DIR / "gansu-2018-innovation-plan.txt"
ALL = [NATIONAL, HEBEI, GUANGDONG, JILIN, GANSU]


@pytest.fixture(scope="module")
def extracted() -> dict[str, Extraction]:
    return {p.name: extract_file(p) for p in ALL}


def by_key(x: Extraction) -> dict:
    return {m.key: m for m in x.measures}


def printed_departments(x: Extraction, key: str) -> list[str]:
    mid = f"{x.document.id}/{key}"
    return [ld.as_printed for ld in sorted((ld for ld in x.leads if ld.measure_id == mid), key=lambda ld: ld.rank)]


def roles(x: Extraction, key: str) -> list[tuple[str, str, str]]:
    mid = f"{x.document.id}/{key}"
    leads = sorted((ld for ld in x.leads if ld.measure_id == mid), key=lambda ld: ld.rank)
    return [(ld.as_printed, ld.role, ld.rule) for ld in leads]


# ------------------------------------------------------------------ national


NATIONAL_GUIDES = {
    "1": "银保监会、人民银行、科技部",
    "2": "财政部、科技部、发展改革委",
    "3": "财政部、科技部、人民银行、银保监会",
    "4": "人民银行、银保监会、财政部",
    "5": "人民银行、发展改革委、银保监会",
    "6": "银保监会、人民银行、科技部",
    "7": "科技部、银保监会",
    "8": "发展改革委、科技部",
    "9": "科技部、财政部",
    "10": "发展改革委、科技部、知识产权局",
    "11": "国资委、财政部、人民银行",
    "12": "海关总署",
    "13": "科技部、发展改革委",
    "14": "最高人民法院、知识产权局",
    "15": "司法部、知识产权局",
    "16": "教育部、发展改革委、工业和信息化部、财政部、人力资源社会保障部",
}
NATIONAL_SCOPES = {
    "1": "全国", "2": "全国", "3": "8个改革试验区", "4": "8个改革试验区", "5": "全国", "6": "全国",
    "7": "8个改革试验区域", "8": "全国", "9": "全国", "10": "全国", "11": "全国", "12": "全国",
    "13": "全国", "14": "8个改革试验区域", "15": "8个改革试验区域", "16": "全国",
}  # fmt: skip


def test_national_measures(extracted):
    x = extracted[NATIONAL.name]
    assert x.document.layout == "table"
    assert [m.key for m in x.measures] == [str(n) for n in range(1, 21)]
    assert [m.seq for m in x.measures] == list(range(1, 21))
    m = by_key(x)
    assert all(m[str(n)].title and not m[str(n)].untitled for n in range(1, 17))
    for n in range(17, 21):
        assert m[str(n)].untitled and m[str(n)].title is None and m[str(n)].category == "军民深度融合"
    assert m["3"].id == "国办发〔2020〕3号/3"


def test_national_split_rows_are_joined(extracted):
    m = by_key(extracted[NATIONAL.name])
    assert m["3"].title == "政银保联动授信担保提供科技型中小企业长期集合信贷机制"
    assert m["3"].content.startswith("政府集中遴选科技型中小企业并建立银行贷款风险分担机制，担保公司集中提供担保")
    assert m["6"].title == "建立以企业创新能力为核心指标的科技型中小企业融资评价体系"
    assert m["6"].content == (
        "建立科技型企业信贷审批授权专属流程、信用评价模型和“技术流”专属评价体系，"
        "将科技创新企业创新能力作为核心指标，拓展科技型中小企业的融资渠道。"
    )
    assert m["9"].title == "对战略性科研项目实施滚动支持制度"
    assert m["9"].content == (
        "针对战略性科研项目一次性申报、一次性资助、实施周期长等特点，建立跨年度、覆盖项目全周期的管理制度，"
        "统筹各年度科研计划和预算资金安排，进行滚动支持。"
    )
    assert m["12"].title == "生物医药领域特殊物品出入境检验检疫“一站式”监管服务机制"
    assert m["12"].content.endswith("推广中，需要对特殊物品应用制定针对性监管措施。")
    assert m["15"].title == "建立提供全方位证据服务的知识产权公证服务平台"
    assert m["15"].content.endswith("证据保全公证等各类型知识产权公证业务，为企业及个人解决知识产权纠纷提供高效的公证法律服务。")
    # the split rows span both physical lines of the file
    assert (m["3"].span.line_start, m["3"].span.line_end) == (53, 55)
    assert (m["12"].span.line_start, m["12"].span.line_end) == (69, 71)


def test_national_guiding_departments_in_printed_order(extracted):
    x = extracted[NATIONAL.name]
    for key, printed in NATIONAL_GUIDES.items():
        assert printed_departments(x, key) == printed.split("、"), key
        assert {(role, rule) for _, role, rule in roles(x, key)} == {("guide", "guiding-department")}
    for n in range(17, 21):
        assert printed_departments(x, str(n)) == []


def test_national_scopes_and_categories(extracted):
    m = by_key(extracted[NATIONAL.name])
    assert {k: m[k].scope for k in NATIONAL_SCOPES} == NATIONAL_SCOPES
    categories = {
        "科技金融创新": range(1, 8),
        "科技管理体制创新": range(8, 14),
        "知识产权保护": range(14, 16),
        "人才培养和激励": range(16, 17),
        "军民深度融合": range(17, 21),
    }
    for cat, keys in categories.items():
        assert [m[str(k)].category for k in keys] == [cat] * len(keys)


def test_national_document(extracted):
    x = extracted[NATIONAL.name]
    d = x.document
    assert d.id == d.number == "国办发〔2020〕3号"
    assert d.title == "国务院办公厅关于推广第三批支持创新相关改革举措的通知"
    assert d.date == "2020-01-23"
    assert d.issuer == "国务院办公厅"
    assert d.level == "national"
    assert d.region_id == "100000"
    assert (d.batch, d.batch_role) == (3, "announces")
    assert x.batch.number == 3 and x.batch.year == 2020 and x.batch.date == "2020-01-23"
    assert x.batch.notice_number == "国办发〔2020〕3号" and x.batch.measure_count == 20
    assert x.batch.evidence.evidence
    assert [r.id for r in x.regions] == ["100000"]
    for field in ("title", "number", "issuer", "date", "level", "region", "batch"):
        assert d.provenance[field].method and d.provenance[field].evidence, field
    assert all(m.level == "national" and m.region_id == "100000" and m.date == "2020-01-23" for m in x.measures)


# ------------------------------------------------------------------ hebei


def test_hebei(extracted):
    x = extracted[HEBEI.name]
    d = x.document
    assert d.layout == "table"
    assert [m.key for m in x.measures] == [str(n) for n in range(1, 21)]
    m = by_key(x)
    assert all(m[str(n)].title for n in range(1, 17))
    assert all(m[str(n)].untitled and m[str(n)].title is None for n in range(17, 21))
    assert m["12"].title == "生物医药领域特殊物品出入境检验检疫“一站式”监管服务模式"
    assert "模式" in m["12"].title
    assert printed_departments(x, "5") == ["市金融监管局", "市行政审批局", "市数据资源管理局"]
    assert roles(x, "12") == [("正定海关", "lead", "presumed-first-listed")]
    assert roles(x, "16") == [
        ("市教育局", "lead", "presumed-first-listed"),
        ("市发展改革委", "co", "presumed-first-listed"),
        ("市工信局", "co", "presumed-first-listed"),
        ("市财政局", "co", "presumed-first-listed"),
        ("市人社局", "co", "presumed-first-listed"),
    ]
    assert {m[str(n)].scope for n in range(1, 17)} == {"全市"}
    assert [m[str(n)].category for n in range(8, 14)] == ["科技管理体制创新"] * 6  # （6项） without 共
    assert d.number is None and d.date is None and d.issuer is None
    assert d.id == "file:hebei-city-third-batch-tasks"
    assert d.title == "第三批支持创新相关改革举措推广任务清单"
    assert d.level == "municipal" and d.provenance["level"].evidence
    assert (d.batch, d.batch_role) == (3, "implements")
    assert d.region_id == "130100"


# ------------------------------------------------------------------ guangdong


GUANGDONG_ITEMS = {
    "一.1": ("建立科技创新券跨区域“通用通兑”政策协同机制", "省科技厅、省财政厅、省发展改革委"),
    "一.2": ("建立政银保联动授信担保提供科技型中小企业长期集合信贷机制",
             "省科技厅、省地方金融监管局、省财政厅、人民银行广州分行、广东银保监局"),
    "一.3": ("设立银行跟贷支持科技型中小企业的风险缓释资金池",
             "省科技厅、省地方金融监管局、省财政厅、广东银保监局、人民银行广州分行"),
    "一.4": ("建立基于大数据分析的“银行+征信+担保”的中小企业信用贷款新模式",
             "人民银行广州分行、省财政厅、广东银保监局、省发展改革委"),
    "一.5": ("开展银行与企业风险共担的仪器设备信用贷", "省科技厅、广东银保监局、人民银行广州分行"),
    "一.6": ("集中科技骨干力量打造前沿技术产业链股份制联盟", "省科技厅、省工业和信息化厅、省发展改革委"),
    "一.7": ("实施战略性科研项目滚动支持制度", "省科技厅、省财政厅"),
    "一.8": ("推动国有企业创新创业增量型业务混合所有制改革", "省国资委、省财政厅、人民银行广州分行"),
    "一.9": ("推行生物医药领域特殊物品出入境检验检疫“一站式”监管服务", "海关总署广东分署"),
    "一.10": ("建立地方深度参与国家基础研究和应用基础研究的投入机制", "省科技厅、省财政厅"),
    "二.1": ("银行与专业投资机构建立市场化长期性合作机制支持科技型中小企业",
             "广东银保监局、人民银行广州分行、省科技厅"),
    "二.2": ("健全以企业创新能力为核心指标的科技型中小企业融资评价体系",
             "省科技厅、广东银保监局、人民银行广州分行"),
    "二.3": ("实施以产业数据、专利数据为基础的新兴产业专利导航决策机制", "省市场监管局、省科技厅"),
    "二.4": ("建立跨区域的知识产权远程诉讼平台", "省法院、省市场监管局"),
    "二.5": ("完善公证服务知识产权保护工作机制", "省司法厅、省市场监管局"),
    "二.6": ("推动“五业联动”的职业教育发展新机制",
             "省教育厅、省人力资源社会保障厅、省财政厅、省工业和信息化厅、省发展改革委"),
}  # fmt: skip


def test_guangdong_measures(extracted):
    x = extracted[GUANGDONG.name]
    assert x.document.layout == "prose"
    assert [m.key for m in x.measures] == list(GUANGDONG_ITEMS)
    m = by_key(x)
    assert [m[k].status for k in GUANGDONG_ITEMS] == ["newly-promoted"] * 10 + ["deepened"] * 6
    for key, (title, depts) in GUANGDONG_ITEMS.items():
        assert m[key].title == title, key
        assert printed_departments(x, key) == depts.split("、"), key
        # 排在首位的部门为牵头单位，下同 - stated in item 一.1, applies to every later item
        r = roles(x, key)
        assert [role for _, role, _ in r] == ["lead"] + ["co"] * (len(r) - 1), key
        assert {rule for _, _, rule in r} == {"stated-first-leads"}, key
    assert not any("排在首位" in ld.as_printed or "下同" in ld.as_printed for ld in x.leads)
    assert m["一.1"].content.startswith("推动建立跨区域创新资源共享和财政支持的联动机制")
    assert "省科技厅、省财政厅" not in m["一.1"].content
    assert not any("工作要求" in (mm.section or "") for mm in x.measures)


def test_guangdong_document(extracted):
    x = extracted[GUANGDONG.name]
    d = x.document
    assert d.title is None and d.date is None and d.number is None
    assert d.id == "file:guangdong-third-batch-plan"
    assert d.level == "provincial"
    assert d.region_id == "440000"
    assert (d.batch, d.batch_role) == (3, "implements")
    assert x.batch.notice_number == "国办发〔2020〕3号"
    cite = next(c for c in d.cites if c.number == "国办发〔2020〕3号")
    assert cite.title == "国务院办公厅关于推广第三批支持创新相关改革举措的通知"
    assert cite.as_printed == "《国务院办公厅关于推广第三批支持创新相关改革举措的通知》（国办发〔2020〕3号）"
    ids = {dep.printed_names[0]: dep.id for dep in x.departments}
    assert ids["海关总署广东分署"].endswith("海关总署广东分署")


# ------------------------------------------------------------------ jilin


JILIN_SHARED = [1, 2, 3, 4, 5, 7, 9, 10, 11, 12, 19, 20]


def test_jilin_measures(extracted):
    x = extracted[JILIN.name]
    assert x.document.layout == "numbered"
    assert [m.key for m in x.measures] == [str(n) for n in range(1, 21)]
    m = by_key(x)
    titled = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 19, 20]
    assert all(m[str(n)].title and not m[str(n)].untitled for n in titled)
    assert all(m[str(n)].untitled and m[str(n)].title is None for n in range(13, 19))
    assert {m[str(n)].category for n in range(13, 19)} == {"军民深度融合"}
    assert m["1"].title == "推行知识产权民事、刑事、行政案件“三合一”审判"
    assert m["8"].title == "建立“定向研发、定向转化、定向服务”的订单式研发和成果转化机制"
    assert m["19"].title == "推进建立以授权为基础、市场化方式运营为核心的科研仪器设备开放共享机制"
    assert m["20"].title == "建立推动改革创新的决策容错机制"
    assert [m[k].category for k in ("1", "6", "9", "19")] == ["知识产权保护", "科技成果转化激励", "科技金融创新", "管理体制创新"]
    # 实施步骤 phases and 保障措施 are not measures
    assert not any("阶段" in (mm.title or "") or "推进机制" in (mm.title or "") for mm in x.measures)


def test_jilin_roles(extracted):
    x = extracted[JILIN.name]
    for n in JILIN_SHARED:
        r = roles(x, str(n))
        assert r and {(role, rule) for _, role, rule in r} == {("shared", "stated-shared")}, n
    assert roles(x, "6") == [("吉林省科技厅", "lead", "presumed-first-listed")]
    assert roles(x, "8") == [("吉林省科技厅", "lead", "presumed-first-listed")]
    assert printed_departments(x, "11") == [
        "中国人民银行长春中心支行", "吉林银保监局", "吉林省市场监管厅", "吉林省地方金融监督管理局",
    ]  # fmt: skip
    assert printed_departments(x, "1") == ["吉林省高级人民法院", "吉林省人民检察院", "吉林省市场监管厅"]
    assert not any("各单位" in ld.as_printed for ld in x.leads)


def test_jilin_document(extracted):
    x = extracted[JILIN.name]
    d = x.document
    assert d.id == d.number == "吉政办发〔2019〕19号"
    assert d.title == "吉林省关于推广第二批支持创新相关改革举措的工作方案"
    assert d.date is None  # the number gives the year only; the 实施步骤 dates are not the document's
    assert (d.batch, d.batch_role) == (2, "implements")
    assert "国办发〔2018〕126号" in [c.number for c in d.cites]
    assert d.level == "provincial"
    assert d.region_id == "220000"


# ------------------------------------------------------------------ gansu


GANSU_LEADS = {
    "二.1": ["省知识产权局"], "二.4": ["省科技厅"], "二.6": ["省科技厅"], "三.1": ["甘肃银监局"],
    "三.6": ["省科技厅"], "四.5": ["省工信委"], "四.6": ["省统计局"], "四.7": ["省国土资源厅"],
    "四.8": ["省发展改革委"], "六.2": ["省工商局"], "六.5": ["省国税局", "省地税局"],
}  # fmt: skip


def test_gansu_measures(extracted):
    x = extracted[GANSU.name]
    # counted by hand: 二 7 items, 三 6, 四 9, 五 7, 六 7; section 一 总体要求 has none
    expected = [f"{s}.{n}" for s, count in (("二", 7), ("三", 6), ("四", 9), ("五", 7), ("六", 7))
                for n in range(1, count + 1)]  # fmt: skip
    assert [m.key for m in x.measures] == expected
    assert len(x.measures) == 36
    m = by_key(x)
    assert m["二.1"].category == "加快科技成果转化"
    assert m["三.1"].category == "拓展企业融资渠道"
    assert m["六.7"].category == "创新政府管理方式"
    assert m["二.1"].title == "建立完善知识产权快速协同保护体系"
    assert m["二.1"].content.startswith("建立完善知识产权快速协同保护体系，在重点市州设立")
    assert all(mm.content for mm in x.measures)


def test_gansu_roles(extracted):
    x = extracted[GANSU.name]
    for key, names in GANSU_LEADS.items():
        assert roles(x, key) == [(n, "lead", "stated-lead") for n in names], key
    assert roles(x, "二.2") == [
        (n, "shared", "stated-shared") for n in ("省知识产权局", "省财政厅", "省科技厅", "省科协")
    ]
    # 五.7 (各市州政府负责) and 六.4 (各市州政府、有关部门按职责分工负责) name only generic
    # parties: no Department leads them, the measure keeps the parties as printed
    parties_only = {"五.7": ["各市州政府"], "六.4": ["各市州政府", "有关部门"]}
    shared = [mm.key for mm in x.measures if mm.key not in GANSU_LEADS and mm.key not in parties_only]
    assert len(shared) == 23
    for key in shared:
        assert {(role, rule) for _, role, rule in roles(x, key)} == {("shared", "stated-shared")}, key
    # 等部门/等单位 are list endings, 有关部门 names nobody
    assert not any(ld.as_printed.endswith(("等", "部门", "单位")) for ld in x.leads)
    m = by_key(x)
    for key, parties in parties_only.items():
        assert roles(x, key) == [] and m[key].responsible_parties == parties, key
    assert all(not mm.responsible_parties for mm in x.measures if mm.key not in parties_only)


def test_gansu_document(extracted):
    x = extracted[GANSU.name]
    d = x.document
    assert d.date == "2018-03-01"
    assert d.issuer == "甘肃省人民政府"
    assert d.title == "甘肃省关于强化实施创新驱动发展战略进一步推进大众创业万众创新深入发展的实施方案"
    numbers = [c.number for c in d.cites]
    assert "国发〔2017〕37号" in numbers and "甘政办发〔2017〕180号" in numbers
    assert d.title not in [c.title for c in d.cites]  # 现将《…》印发给你们 is the plan itself
    assert d.batch is None and d.batch_role is None and x.batch is None
    assert d.region_id == "620000"
    assert d.level == "provincial"


# ------------------------------------------------------------------ every sample


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_spans_and_integrity(path, extracted):
    x = extracted[path.name]
    text = normalize(path.read_text(encoding="utf-8")).text
    for m in x.measures:
        assert m.text == text[m.span.char_start : m.span.char_end]
        assert m.span.line_start == text.count("\n", 0, m.span.char_start) + 1
        assert m.span.line_end >= m.span.line_start
        assert m.span.source_file == path.name
        assert m.id == f"{x.document.id}/{m.key}" and m.document_id == x.document.id
        assert (m.level, m.region_id, m.date) == (x.document.level, x.document.region_id, x.document.date)
    dept_ids = [d.id for d in x.departments]
    assert len(dept_ids) == len(set(dept_ids))
    measure_ids = {m.id for m in x.measures}
    for ld in x.leads:
        assert ld.department_id in dept_ids and ld.measure_id in measure_ids
    assert x.regions and x.regions[-1].id == "100000"


def test_same_input_same_output():
    assert extract_file(GUANGDONG).model_dump() == extract_file(GUANGDONG).model_dump()


# ------------------------------------------------------------------ encodings


def _comparable(x: Extraction) -> dict:
    data = x.model_dump()
    data["document"].pop("sha256")
    data["document"].pop("encoding")
    data["document"].pop("converted_from_traditional")
    data["document"]["provenance"].pop("converted_from_traditional", None)
    return data


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_gbk_copy_extracts_identically(path, tmp_path):
    copy = tmp_path / path.name
    copy.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))
    x = extract_file(copy)
    assert x.document.encoding == "gb18030"
    assert _comparable(x) == _comparable(extract_file(path))


def test_traditional_copy_is_converted(tmp_path):
    import opencc

    s2t = opencc.OpenCC("s2t")
    copy = tmp_path / JILIN.name
    copy.write_text(s2t.convert(JILIN.read_text(encoding="utf-8")), encoding="utf-8")
    assert "吉政辦發〔2019〕19號" in copy.read_text(encoding="utf-8")
    x = extract_file(copy)
    assert x.document.converted_from_traditional is True
    assert x.document.provenance["converted_from_traditional"].method == "opencc-t2s"
    original = extract_file(JILIN)
    assert original.document.converted_from_traditional is False
    # Jilin's text survives s2t -> t2s unchanged, so the whole extraction is the same
    assert _comparable(x) == _comparable(original)


def test_traditional_guangdong_keeps_measures(tmp_path):
    import opencc

    text = opencc.OpenCC("s2t").convert(GUANGDONG.read_text(encoding="utf-8"))
    x = extract_text(text, GUANGDONG.name)
    assert x.document.converted_from_traditional
    original = extract_file(GUANGDONG)
    assert [(m.key, m.title, m.status) for m in x.measures] == [(m.key, m.title, m.status) for m in original.measures]
    assert [(ld.measure_id, ld.department_id, ld.role) for ld in x.leads] == [
        (ld.measure_id, ld.department_id, ld.role) for ld in original.leads
    ]


# ------------------------------------------------------------------ building blocks


def test_join_cells_drops_a_doubled_character_only_with_support():
    corpus = "推广范围 8个改革试验区 ... 8个改革试验区域"
    assert join_cells("8个改", "改革试验区", corpus) == "8个改革试验区"
    assert join_cells("财政部、", "科技部、人民银行", corpus) == "财政部、科技部、人民银行"
    assert join_cells("银保监会、人民", "银行、科技部", corpus) == "银保监会、人民银行、科技部"
    # a genuinely doubled character (人人) is kept when the text never reads it once
    assert join_cells("实现人", "人参与", "实现人人参与、人人尽力") == "实现人人参与"


@pytest.mark.parametrize(
    ("clause", "names", "roles_", "rule"),
    [
        ("省科技厅、省财政厅，排在首位的部门为牵头单位，下同", ["省科技厅", "省财政厅"], ["lead", "co"], "stated-first-leads"),
        ("责任单位：A厅、B局，各单位按职责分工落实", ["A厅", "B局"], ["shared", "shared"], "stated-shared"),
        ("责任单位：吉林省科技厅", ["吉林省科技厅"], ["lead"], "presumed-first-listed"),
        ("省知识产权局牵头负责", ["省知识产权局"], ["lead"], "stated-lead"),
        ("省国税局、省地税局牵头负责", ["省国税局", "省地税局"], ["lead", "lead"], "stated-lead"),
        ("省财政厅、省政府国资委等部门按职责分工负责", ["省财政厅", "省政府国资委"], ["shared", "shared"], "stated-shared"),
        ("省科技厅牵头，省财政厅配合", ["省科技厅", "省财政厅"], ["lead", "co"], "stated-lead"),
        ("各市州政府、有关部门按职责分工负责", [], [], None),
    ],
)
def test_responsibility_clauses(clause, names, roles_, rule):
    r = parse_clause(clause)
    assert (r.names, r.roles, r.rule) == (names, roles_, rule)


def test_first_leads_rule_is_sticky_only_with_xiatong():
    assert parse_clause("A厅、B局，排在首位的部门为牵头单位，下同").sticky_rule == "stated-first-leads"
    assert parse_clause("A厅、B局，排在首位的部门为牵头单位").sticky_rule is None
    inherited = parse_clause("C厅、D局", inherited_rule="stated-first-leads")
    assert (inherited.roles, inherited.rule) == (["lead", "co"], "stated-first-leads")


# ------------------------------------------------------------------ layouts beyond the samples


def test_generic_items_with_labelled_roles():
    text = (
        "关于做好某项工作的通知\n\n"
        "一是建立科技创新券通用通兑机制。扩大适用范围。（牵头单位：市科技局；配合单位：市财政局）\n"
        "二是推行知识产权快速审判。提高效率。（市法院牵头，市司法局配合）\n"
        "三是开展专利保险。责任单位：市市场监管局、市金融监管局\n"
    )
    x = extract_text(text, "notice.txt")
    assert x.document.layout == "generic"
    assert x.document.title == "关于做好某项工作的通知"
    assert [(m.key, m.title) for m in x.measures] == [
        ("1", "建立科技创新券通用通兑机制"), ("2", "推行知识产权快速审判"), ("3", "开展专利保险"),
    ]  # fmt: skip
    assert roles(x, "1") == [("市科技局", "lead", "stated-lead"), ("市财政局", "co", "stated-lead")]
    assert roles(x, "2") == [("市法院", "lead", "stated-lead"), ("市司法局", "co", "stated-lead")]
    assert roles(x, "3") == [("市市场监管局", "lead", "presumed-first-listed"), ("市金融监管局", "co", "presumed-first-listed")]


def test_markdown_pipe_table_and_table_without_number_column():
    pipe = (
        "| 序号 | 改革举措 | 主要内容 | 责任单位 | 推广范围 |\n|---|---|---|---|---|\n"
        "| 1 | 建立甲机制 | 做甲。 | 市科技局、市财政局 | 全市 |\n"
        "| 2 | 建立乙机制 | 做乙。 | 市发展改革委 | 全市 |\n"
    )
    x = extract_text(pipe, "pipe.txt")
    assert x.document.layout == "table"
    assert [(m.key, m.title, m.scope) for m in x.measures] == [("1", "建立甲机制", "全市"), ("2", "建立乙机制", "全市")]
    assert printed_departments(x, "1") == ["市科技局", "市财政局"]

    no_seq = "改革举措\t主要内容\t责任单位\n建立甲机制\t做甲。\t省科技厅\n建立乙机制\t做乙。\t省财政厅、省教育厅\n"
    x = extract_text(no_seq, "noseq.txt")
    assert [(m.key, m.title) for m in x.measures] == [("1", "建立甲机制"), ("2", "建立乙机制")]
    assert x.document.level == "provincial"


def test_numbered_items_restarting_per_section_get_section_keys():
    text = (
        "一、重点任务\n1.建立甲机制。内容。（责任单位：省科技厅）\n2.建立乙机制。内容。（责任单位：省财政厅）\n"
        "二、深化任务\n1.建立丙机制。内容。（责任单位：省教育厅）\n"
    )
    x = extract_text(text, "restart.txt")
    assert x.document.layout == "numbered"
    assert [m.key for m in x.measures] == ["一.1", "一.2", "二.1"]


# ------------------------------------------------------------------ metadata readers


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("根据国办发〔2020〕3号文件", "国办发〔2020〕3号"),
        ("工作的国办发〔2020〕3号", "国办发〔2020〕3号"),
        ("重新印发国办发[2020]3号", "国办发〔2020〕3号"),
        ("（甘政办发〔2017〕180号）", "甘政办发〔2017〕180号"),
        ("晋中政办发〔2017〕1号", "晋中政办发〔2017〕1号"),
        ("内蒙古政办发（2019）4号", "内蒙古政办发〔2019〕4号"),
    ],
)
def test_document_numbers_are_read_without_surrounding_words(text, number):
    from loaders.metadata import find_numbers

    assert [n for n, _, _ in find_numbers(text)] == [number]


def test_dates():
    from loaders.metadata import find_labelled_date, parse_date

    assert parse_date("2020年1月23日") == parse_date("二〇二〇年一月二十三日") == "2020-01-23"
    assert parse_date("2020年2月30日") is None
    assert find_labelled_date("发布日期：2020-01-25\n成文日期：2020年01月23日")[0] == "2020-01-23"


def test_jilin_cites_documents_not_forms_or_abbreviations(extracted):
    titles = [c.title for c in extracted[JILIN.name].document.cites]
    assert "关于推进知识产权审判领域改革创新的实施意见" in titles
    assert "诉讼要素表" not in titles and "通知" not in titles
