"""Department canonicalisation, lines and counterparts (no DB).

The expected table below was written by reading the five sample texts: every department
name they print as responsible or guiding body, in its document's region.
"""

from __future__ import annotations

import pytest

from loaders import departments as D
from loaders import regions
from tests.unit.test_regions import sample_departments

NATIONAL = "national-2020-3-third-batch"
GUANGDONG = "guangdong-third-batch-plan"
HEBEI = "hebei-city-third-batch-tasks"
JILIN = "jilin-second-batch-plan"
GANSU = "gansu-2018-innovation-plan"

# document -> (region id, document level)
DOCS = {
    NATIONAL: ("100000", "national"),
    GUANGDONG: ("440000", "provincial"),
    HEBEI: ("130100", "municipal"),
    JILIN: ("220000", "provincial"),
    GANSU: ("620000", "provincial"),
}

# (document, printed) -> (canonical name, region id, level, line)
EXPECTED: dict[tuple[str, str], tuple[str, str, str, str | None]] = {
    # national guiding departments (指导部门)
    (NATIONAL, "银保监会"): ("中国银行保险监督管理委员会", "100000", "national", "银保监"),
    (NATIONAL, "人民银行"): ("中国人民银行", "100000", "national", "人民银行"),
    (NATIONAL, "科技部"): ("科学技术部", "100000", "national", "科技"),
    (NATIONAL, "财政部"): ("财政部", "100000", "national", "财政"),
    (NATIONAL, "发展改革委"): ("国家发展和改革委员会", "100000", "national", "发展改革"),
    (NATIONAL, "知识产权局"): ("国家知识产权局", "100000", "national", "知识产权"),
    (NATIONAL, "国资委"): ("国务院国有资产监督管理委员会", "100000", "national", "国资"),
    (NATIONAL, "海关总署"): ("海关总署", "100000", "national", "海关"),
    (NATIONAL, "最高人民法院"): ("最高人民法院", "100000", "national", "法院"),
    (NATIONAL, "司法部"): ("司法部", "100000", "national", "司法"),
    (NATIONAL, "教育部"): ("教育部", "100000", "national", "教育"),
    (NATIONAL, "工业和信息化部"): ("工业和信息化部", "100000", "national", "工信"),
    (NATIONAL, "人力资源社会保障部"): ("人力资源和社会保障部", "100000", "national", "人社"),
    (NATIONAL, "国家发展改革委"): ("国家发展和改革委员会", "100000", "national", "发展改革"),
    (NATIONAL, "国务院办公厅"): ("国务院办公厅", "100000", "national", "政府"),
    # Guangdong, provincial plan
    (GUANGDONG, "省科技厅"): ("广东省科学技术厅", "440000", "provincial", "科技"),
    (GUANGDONG, "省财政厅"): ("广东省财政厅", "440000", "provincial", "财政"),
    (GUANGDONG, "省发展改革委"): ("广东省发展和改革委员会", "440000", "provincial", "发展改革"),
    (GUANGDONG, "省地方金融监管局"): ("广东省地方金融监督管理局", "440000", "provincial", "金融监管"),
    (GUANGDONG, "人民银行广州分行"): ("中国人民银行广州分行", "440000", "provincial", "人民银行"),
    (GUANGDONG, "广东银保监局"): ("中国银行保险监督管理委员会广东监管局", "440000", "provincial", "银保监"),
    (GUANGDONG, "省工业和信息化厅"): ("广东省工业和信息化厅", "440000", "provincial", "工信"),
    (GUANGDONG, "省国资委"): ("广东省人民政府国有资产监督管理委员会", "440000", "provincial", "国资"),
    (GUANGDONG, "海关总署广东分署"): ("海关总署广东分署", "440000", "provincial", "海关"),
    (GUANGDONG, "省市场监管局"): ("广东省市场监督管理局", "440000", "provincial", "市场监管"),
    (GUANGDONG, "省法院"): ("广东省高级人民法院", "440000", "provincial", "法院"),
    (GUANGDONG, "省司法厅"): ("广东省司法厅", "440000", "provincial", "司法"),
    (GUANGDONG, "省教育厅"): ("广东省教育厅", "440000", "provincial", "教育"),
    (GUANGDONG, "省人力资源社会保障厅"): ("广东省人力资源和社会保障厅", "440000", "provincial", "人社"),
    (GUANGDONG, "广州知识产权法院"): ("广州知识产权法院", "440100", "municipal", "法院"),
    # Hebei city list: 石家庄
    (HEBEI, "市金融监管局"): ("石家庄市金融监督管理局", "130100", "municipal", "金融监管"),
    (HEBEI, "市科技局"): ("石家庄市科学技术局", "130100", "municipal", "科技"),
    (HEBEI, "市财政局"): ("石家庄市财政局", "130100", "municipal", "财政"),
    (HEBEI, "市发展改革委"): ("石家庄市发展和改革委员会", "130100", "municipal", "发展改革"),
    (HEBEI, "市行政审批局"): ("石家庄市行政审批局", "130100", "municipal", "行政审批"),
    (HEBEI, "市数据资源管理局"): ("石家庄市数据资源管理局", "130100", "municipal", "数据资源"),
    (HEBEI, "市市场监管局"): ("石家庄市市场监督管理局", "130100", "municipal", "市场监管"),
    (HEBEI, "市国资委"): ("石家庄市人民政府国有资产监督管理委员会", "130100", "municipal", "国资"),
    (HEBEI, "正定海关"): ("正定海关", "130100", "municipal", "海关"),
    (HEBEI, "市法院"): ("石家庄市中级人民法院", "130100", "municipal", "法院"),
    (HEBEI, "市司法局"): ("石家庄市司法局", "130100", "municipal", "司法"),
    (HEBEI, "市教育局"): ("石家庄市教育局", "130100", "municipal", "教育"),
    (HEBEI, "市工信局"): ("石家庄市工业和信息化局", "130100", "municipal", "工信"),
    (HEBEI, "市人社局"): ("石家庄市人力资源和社会保障局", "130100", "municipal", "人社"),
    # Jilin, provincial plan with full names
    (JILIN, "吉林省高级人民法院"): ("吉林省高级人民法院", "220000", "provincial", "法院"),
    (JILIN, "吉林省人民检察院"): ("吉林省人民检察院", "220000", "provincial", "检察院"),
    (JILIN, "吉林省市场监管厅"): ("吉林省市场监督管理厅", "220000", "provincial", "市场监管"),
    (JILIN, "吉林银保监局"): ("中国银行保险监督管理委员会吉林监管局", "220000", "provincial", "银保监"),
    (JILIN, "吉林省科技厅"): ("吉林省科学技术厅", "220000", "provincial", "科技"),
    (JILIN, "吉林省国资委"): ("吉林省人民政府国有资产监督管理委员会", "220000", "provincial", "国资"),
    (JILIN, "中国人民银行长春中心支行"): ("中国人民银行长春中心支行", "220000", "provincial", "人民银行"),
    (JILIN, "吉林省发展改革委"): ("吉林省发展和改革委员会", "220000", "provincial", "发展改革"),
    (JILIN, "吉林省财政厅"): ("吉林省财政厅", "220000", "provincial", "财政"),
    (JILIN, "吉林省地方金融监督管理局"): ("吉林省地方金融监督管理局", "220000", "provincial", "金融监管"),
    (JILIN, "吉林省审计厅"): ("吉林省审计厅", "220000", "provincial", "审计"),
    (JILIN, "省发改委"): ("吉林省发展和改革委员会", "220000", "provincial", "发展改革"),
    # Gansu, provincial plan of 2018 (pre-reform names)
    (GANSU, "省知识产权局"): ("甘肃省知识产权局", "620000", "provincial", "知识产权"),
    (GANSU, "省财政厅"): ("甘肃省财政厅", "620000", "provincial", "财政"),
    (GANSU, "省科技厅"): ("甘肃省科学技术厅", "620000", "provincial", "科技"),
    (GANSU, "省科协"): ("甘肃省科学技术协会", "620000", "provincial", "科协"),
    (GANSU, "省发展改革委"): ("甘肃省发展和改革委员会", "620000", "provincial", "发展改革"),
    (GANSU, "省人社厅"): ("甘肃省人力资源和社会保障厅", "620000", "provincial", "人社"),
    (GANSU, "省教育厅"): ("甘肃省教育厅", "620000", "provincial", "教育"),
    (GANSU, "中科院兰州分院"): ("中国科学院兰州分院", "620000", "provincial", "科学院"),
    (GANSU, "甘肃银监局"): ("中国银行业监督管理委员会甘肃监管局", "620000", "provincial", "银保监"),
    (GANSU, "人行兰州中心支行"): ("中国人民银行兰州中心支行", "620000", "provincial", "人民银行"),
    (GANSU, "甘肃保监局"): ("中国保险监督管理委员会甘肃监管局", "620000", "provincial", "银保监"),
    (GANSU, "甘肃证监局"): ("中国证券监督管理委员会甘肃监管局", "620000", "provincial", "证监"),
    (GANSU, "省政府国资委"): ("甘肃省人民政府国有资产监督管理委员会", "620000", "provincial", "国资"),
    (GANSU, "省国税局"): ("甘肃省国家税务局", "620000", "provincial", "税务"),
    (GANSU, "省地税局"): ("甘肃省地方税务局", "620000", "provincial", "税务"),
    (GANSU, "省工信委"): ("甘肃省工业和信息化委员会", "620000", "provincial", "工信"),
    (GANSU, "省委网信办"): ("中共甘肃省委网络安全和信息化委员会办公室", "620000", "provincial", "网信"),
    (GANSU, "省工商联"): ("甘肃省工商业联合会", "620000", "provincial", "工商联"),
    (GANSU, "省工商局"): ("甘肃省工商行政管理局", "620000", "provincial", "市场监管"),
    (GANSU, "省统计局"): ("甘肃省统计局", "620000", "provincial", "统计"),
    (GANSU, "省国土资源厅"): ("甘肃省国土资源厅", "620000", "provincial", "自然资源"),
    (GANSU, "省外专局"): ("甘肃省外国专家局", "620000", "provincial", "外专"),
    (GANSU, "省公安厅"): ("甘肃省公安厅", "620000", "provincial", "公安"),
    (GANSU, "省政府外事办"): ("甘肃省人民政府外事办公室", "620000", "provincial", "外事"),
    (GANSU, "省农牧厅"): ("甘肃省农牧厅", "620000", "provincial", "农业农村"),
    (GANSU, "各市州政府"): ("甘肃省各市（州）人民政府", "620000", "municipal", "政府"),
    (GANSU, "省商务厅"): ("甘肃省商务厅", "620000", "provincial", "商务"),
    (GANSU, "省编办"): ("甘肃省机构编制委员会办公室", "620000", "provincial", "编办"),
    (GANSU, "省政府法制办"): ("甘肃省人民政府法制办公室", "620000", "provincial", "法制"),
    (GANSU, "有关部门"): ("有关部门", "620000", "provincial", None),
    (GANSU, "公安部"): ("公安部", "100000", "national", "公安"),
    (GANSU, "人社部"): ("人力资源和社会保障部", "100000", "national", "人社"),
    (GANSU, "国土资源部"): ("国土资源部", "100000", "national", "自然资源"),
}


def _canon(doc: str, printed: str):
    rid, level = DOCS[doc]
    return D.canonicalize(printed, region=regions.get(rid), level=level)


@pytest.mark.parametrize(("doc", "printed"), sorted(EXPECTED))
def test_sample_department(doc: str, printed: str) -> None:
    name, rid, level, line = EXPECTED[(doc, printed)]
    rec = _canon(doc, printed)
    assert (rec.name, rec.region_id, rec.level, rec.line) == (name, rid, level, line)
    assert rec.id == f"{rid}/{name}"
    assert rec.printed_names == [printed]  # the text's own spelling is kept
    assert 0 < rec.canonical.score <= 1 and rec.canonical.evidence


@pytest.mark.parametrize("doc", sorted(DOCS))
def test_every_printed_department_is_covered(doc: str) -> None:
    # every name the crude extraction finds in the sample has an expected row above
    printed = set(sample_departments(doc))
    assert printed, doc
    missing = printed - {p for d, p in EXPECTED if d == doc}
    assert not missing, missing


def test_methods_and_scores() -> None:
    assert _canon(GUANGDONG, "省科技厅").canonical.method == "region-prefix-expansion"
    assert _canon(NATIONAL, "科技部").canonical.method == "alias-table"
    assert _canon(HEBEI, "正定海关").canonical.method == "region-in-name"
    assert _canon(GANSU, "各市州政府").canonical.method == "collective"
    assert _canon(GANSU, "有关部门").canonical.method == "as-printed"
    assert _canon(GANSU, "有关部门").canonical.score < _canon(GANSU, "省科技厅").canonical.score


def test_short_form_without_region_is_kept_as_printed() -> None:
    rec = D.canonicalize("省科技厅", region=None, level=None)
    assert rec.name == "省科技厅" and rec.level == "provincial" and rec.line == "科技"
    assert rec.canonical.method == "as-printed" and rec.canonical.score < 0.5
    assert "not expanded" in (rec.canonical.evidence or "")
    assert rec.region_id == D.UNKNOWN_REGION_ID
    # 市… in a document resolved only to a province: which city is unknown
    rec = D.canonicalize("市科技局", region=regions.get("130000"), level="municipal")
    assert rec.name == "市科技局" and rec.canonical.method == "as-printed" and rec.region_id == "130000"


def test_same_short_form_differs_by_region() -> None:
    a = D.canonicalize("市科技局", region=regions.get("130100"), level="municipal")
    b = D.canonicalize("市科技局", region=regions.get("220100"), level="municipal")
    assert a.id == "130100/石家庄市科学技术局" and b.id == "220100/长春市科学技术局"
    # 省… in a city document expands with the city's province
    c = D.canonicalize("省科技厅", region=regions.get("130100"), level="municipal")
    assert c.id == "130000/河北省科学技术厅" and c.level == "provincial"


def test_municipality_short_forms_are_province_level() -> None:
    rec = D.canonicalize("市科委", region=regions.get("110000"), level="provincial")
    assert rec.id == "110000/北京市科学技术委员会" and rec.level == "provincial" and rec.line == "科技"


@pytest.mark.parametrize(
    ("printed", "region", "name", "rid"),
    [
        (
            "人民银行石家庄中心支行",
            None,
            "中国人民银行石家庄中心支行",
            "130000",
        ),  # capital branch -> province
        ("人民银行唐山市中心支行", None, "中国人民银行唐山市中心支行", "130200"),  # other city -> city
        ("石家庄海关", None, "石家庄海关", "130000"),
        ("黄埔海关", "440000", "黄埔海关", "440100"),  # 黄埔区 is a district of 广州
        ("石家庄银保监分局", None, "中国银行保险监督管理委员会石家庄监管分局", "130100"),
        ("国家税务总局广东省税务局", None, "国家税务总局广东省税务局", "440000"),
    ],
)
def test_branches(printed: str, region: str | None, name: str, rid: str) -> None:
    rec = D.canonicalize(printed, region=regions.get(region) if region else None, level=None)
    assert (rec.name, rec.region_id) == (name, rid)


@pytest.mark.parametrize(
    ("name", "line"),
    [
        ("科技部", "科技"),
        ("省科技厅", "科技"),
        ("市科技局", "科技"),
        ("广东银保监局", "银保监"),
        ("甘肃保监局", "银保监"),
        ("海关总署广东分署", "海关"),
        ("知识产权法院", "法院"),
        ("省市场监管局", "市场监管"),
        ("国家知识产权局", "知识产权"),
        ("市金融监管局", "金融监管"),
        ("省工信委", "工信"),
        ("某某研究会", None),
    ],
)
def test_line_of(name: str, line: str | None) -> None:
    assert D.line_of(name) == line


def _local(printed: str, rid: str = "440000", level: str = "provincial"):
    return D.canonicalize(printed, region=regions.get(rid), level=level)


@pytest.mark.parametrize(
    ("national", "local", "rid", "ok", "fragment"),
    [
        ("科技部", "省科技厅", "440000", True, "same line 科技"),
        ("科技部", "市科技局", "130100", True, "same line 科技"),
        ("海关总署", "海关总署广东分署", "440000", True, "same line 海关"),
        ("海关总署", "正定海关", "130100", True, "same line 海关"),
        ("银保监会", "广东银保监局", "440000", True, "same line 银保监"),
        ("人民银行", "人民银行广州分行", "440000", True, "same line 人民银行"),
        ("最高人民法院", "省法院", "440000", True, "same line 法院"),
        ("知识产权局", "省市场监管局", "440000", True, "2018"),
        ("知识产权局", "市市场监管局", "130100", True, "2018"),
        ("银保监会", "市金融监管局", "130100", True, "地方金融监督管理局"),
        ("银保监会", "省科技厅", "440000", False, "shift"),
        ("人民银行", "市科技局", "130100", False, "shift"),
        ("财政部", "各市州政府", "620000", True, "块块"),
    ],
)
def test_counterparts(national: str, local: str, rid: str, ok: bool, fragment: str) -> None:
    level = "municipal" if regions.get(rid).level == "city" else "provincial"  # type: ignore[union-attr]
    result, reason = D.is_counterpart(national, _local(local, rid, level))
    assert result is ok
    assert fragment in reason


def test_counterparts_table() -> None:
    cps = D.counterparts("知识产权")
    assert cps["知识产权"] == "same functional line" and "市场监管" in cps
    assert "知识产权" in D.counterparts("市场监管")  # symmetric
    assert D.counterparts("科技").keys() >= {"科技", "外专"}


def test_unknown_line_is_not_a_counterpart() -> None:
    ok, reason = D.is_counterpart("科技部", _local("有关部门"))
    assert not ok and "unknown" in reason


# Short forms of task-division texts (国发〔2018〕39号, 国发〔2019〕3号, 国办发〔2018〕129号 and
# provincial 重点工作 lists), national and provincial/municipal: printed -> canonical, line.
SHORT_FORMS = [
    ("100000", "national", "医保局", "国家医疗保障局", "医保"),
    ("100000", "national", "人力资源社会保障部", "人力资源和社会保障部", "人社"),
    ("100000", "national", "银保监会", "中国银行保险监督管理委员会", "银保监"),
    ("100000", "national", "市场监管总局", "国家市场监督管理总局", "市场监管"),
    ("100000", "national", "网信办", "中央网络安全和信息化委员会办公室", "网信"),
    ("100000", "national", "人民银行", "中国人民银行", "人民银行"),
    ("100000", "national", "卫生健康委", "国家卫生健康委员会", "卫生健康"),
    ("100000", "national", "住房城乡建设部", "住房和城乡建设部", "住房城乡建设"),
    ("100000", "national", "药监局", "国家药品监督管理局", "药监"),
    ("100000", "national", "扶贫办", "国务院扶贫开发领导小组办公室", "乡村振兴"),
    ("100000", "national", "中央宣传部", "中共中央宣传部", "宣传"),
    ("100000", "national", "粮食和储备局", "国家粮食和物资储备局", "粮食储备"),
    ("100000", "national", "供销合作总社", "中华全国供销合作总社", "供销"),
    ("100000", "national", "全国总工会", "中华全国总工会", "工会"),
    ("100000", "national", "国管局", "国家机关事务管理局", "机关事务"),
    ("100000", "national", "广电总局", "国家广播电视总局", "广电"),
    ("100000", "national", "中央农办", "中央农村工作领导小组办公室", "农村工作"),
    ("440000", "provincial", "省医保局", "广东省医疗保障局", "医保"),
    ("440000", "provincial", "省人力资源社会保障厅", "广东省人力资源和社会保障厅", "人社"),
    ("440000", "provincial", "省卫生健康委", "广东省卫生健康委员会", "卫生健康"),
    ("440000", "provincial", "省住房城乡建设厅", "广东省住房和城乡建设厅", "住房城乡建设"),
    ("440000", "provincial", "省委宣传部", "中共广东省委宣传部", "宣传"),
    ("440000", "provincial", "省委网信办", "中共广东省委网络安全和信息化委员会办公室", "网信"),
    ("440000", "provincial", "省市场监管局", "广东省市场监督管理局", "市场监管"),
    ("340000", "provincial", "省外汇管理局", "国家外汇管理局安徽省分局", "外汇"),
    ("340000", "provincial", "省林业局", "安徽省林业局", "林草"),
    ("130100", "municipal", "市医保局", "石家庄市医疗保障局", "医保"),
    ("130100", "municipal", "市卫健委", "石家庄市卫生健康委员会", "卫生健康"),
    ("130100", "municipal", "市文广旅局", "石家庄市文化广电旅游局", "文化和旅游"),
]


@pytest.mark.parametrize(("rid", "level", "printed", "name", "line"), SHORT_FORMS)
def test_short_forms(rid: str, level: str, printed: str, name: str, line: str) -> None:
    rec = D.canonicalize(printed, region=regions.get(rid), level=level)
    assert (rec.name, rec.line) == (name, line)
    assert rec.printed_names == [printed]
    assert rec.canonical.method in ("alias-table", "region-prefix-expansion")
