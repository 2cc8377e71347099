"""Dates and issuers: what each sample and real text prints is used, nothing is invented,
and a year-only date stays a year (issue 9, part 4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.extract import extract_file
from loaders.metadata import Metadata, extract_metadata, find_dates_and_issuer, issuer_from_number

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
# shared/real's four gov.cn texts, as copied into the corpus (tests/corpus/<stem>/source.txt)
CORPUS = Path(__file__).resolve().parents[1] / "corpus"

# file -> (date, year, precision, date method, issuer, issuer method); every value printed in the text.
EXPECTED = {
    "national-2020-3-third-batch.txt": ("2020-01-23", 2020, "day", "signature", "国务院办公厅", "signature"),
    "gansu-2018-innovation-plan.txt": ("2018-03-01", 2018, "day", "signature", "甘肃省人民政府", "signature"),
    # Jilin prints no day: the 文号 gives the year only, and its prefix the issuer.
    "jilin-second-batch-plan.txt": (None, 2019, "year", "document-number-year",
                                    "吉林省人民政府办公厅", "document-number-prefix"),
    # Guangdong and the Hebei city print no date, number or signature: nothing is made up.
    "guangdong-third-batch-plan.txt": (None, None, None, None, None, None),
    "hebei-city-third-batch-tasks.txt": (None, None, None, None, None, None),
}
REAL_EXPECTED = {
    "national-2018-126-second-batch.txt": ("2018-12-23", "国务院办公厅"),
    "national-2018-129-consumption-poverty.txt": ("2018-12-30", "国务院办公厅"),
    "national-2018-39-employment.txt": ("2018-11-16", "国务院"),
    "national-2019-3-bonded-zones.txt": ("2019-01-12", "国务院"),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_dates_and_issuers(name: str) -> None:
    ex = extract_file(SAMPLES / name)
    d = ex.document
    date, year, precision, date_method, issuer, issuer_method = EXPECTED[name]
    assert (d.date, d.year, d.date_precision, d.issuer) == (date, year, precision, issuer)
    assert (d.provenance["date"].method if "date" in d.provenance else None) == date_method
    assert (d.provenance["issuer"].method if "issuer" in d.provenance else None) == issuer_method
    if date is None:
        assert any("give a sidecar date:" in w for w in ex.warnings)
    else:
        assert not any("sidecar date" in w for w in ex.warnings)


@pytest.mark.parametrize("name", sorted(REAL_EXPECTED))
def test_real_signature_dates(name: str) -> None:
    d = extract_file(CORPUS / Path(name).stem / "source.txt").document
    assert (d.date, d.issuer) == REAL_EXPECTED[name]
    assert d.provenance["date"].method == "signature" and d.date_precision == "day"


def _meta(text: str, **kw) -> Metadata:
    return extract_metadata(text, department_names=[], scopes=[], **kw)


def test_signature_in_chinese_numerals_before_the_annex() -> None:
    text = ("关于印发某某工作方案的通知\n\n各市人民政府：\n现将方案印发给你们，请认真贯彻执行。\n\n"
            "河北省人民政府办公厅\n\n二〇一九年三月五日\n\n附件\n\n某某工作方案\n一、总体要求\n"
            "（一）工作部署阶段（2019年6月-12月）。\n2019年12月31日\n")
    md = _meta(text)
    assert (md.date, md.year, md.date_precision, md.issuer) == ("2019-03-05", 2019, "day", "河北省人民政府办公厅")
    assert md.provenance["date"].method == md.provenance["issuer"].method == "signature"
    assert "二〇一九年三月五日" in (md.provenance["date"].evidence or "")


def test_joint_signature_joins_the_issuers() -> None:
    text = "某某通知\n正文内容，请贯彻执行。\n\n科学技术部\n财政部\n2019年3月5日\n"
    md = _meta(text)
    assert md.issuer == "科学技术部、财政部" and md.date == "2019-03-05"


def test_date_under_the_title_bare_or_bracketed() -> None:
    for line in ("2019年3月5日", "（2019年3月5日印发）", "(2019年3月5日)"):
        md = _meta(f"某省关于推广改革举措的工作方案\n{line}\n一、总体要求\n内容。\n")
        assert md.date == "2019-03-05" and md.provenance["date"].method == "date-under-title", line
        assert md.issuer is None  # a date with no body above it names no issuer


def test_body_dates_are_never_the_document_date() -> None:
    md = _meta("某省工作方案\n一、实施步骤\n（一）工作部署阶段(2019年2月-3月)。\n2020年底前完成。\n")
    assert md.date is None and md.year is None and md.date_precision is None
    assert "date" not in md.provenance
    assert any("give a sidecar date:" in w for w in md.warnings)


def test_number_year_is_a_year_only() -> None:
    md = _meta("某省工作方案\n甘政办发〔2017〕180号\n一、总体要求\n内容。\n")
    assert md.date is None and md.year == 2017 and md.date_precision == "year"
    assert md.provenance["date"].method == "document-number-year"
    assert md.issuer == "甘肃省人民政府办公厅" and md.provenance["issuer"].method == "document-number-prefix"


def test_imprint_line_gives_issuer_and_date_last() -> None:
    text = "某省工作方案\n吉政办发〔2019〕19号\n一、总体要求\n内容。\n抄送：省委各部门。\n吉林省人民政府办公厅    2019年3月6日印发\n"
    md = _meta(text)
    assert md.date == "2019-03-06" and md.provenance["date"].method == "imprint-date"
    assert md.issuer == "吉林省人民政府办公厅" and md.provenance["issuer"].method == "imprint-date"


def test_published_is_kept_apart_from_the_date() -> None:
    md = Metadata()
    text = "发布日期：2019-01-08\n成文日期：2018年12月23日\n"
    find_dates_and_issuer(md, text.split("\n"), text, sidecar={}, side=lambda key: False)
    assert md.date == "2018-12-23" and md.published == "2019-01-08"
    assert md.provenance["date"].method == "labelled-date"
    only_published = Metadata()
    text = "发布日期：2019-01-08\n"
    find_dates_and_issuer(only_published, text.split("\n"), text, sidecar={}, side=lambda key: False)
    assert only_published.date is None and only_published.published == "2019-01-08"
    assert any("published online 2019-01-08" in w for w in only_published.warnings)


def test_sidecar_date_wins_and_sets_the_precision() -> None:
    md = _meta("某省工作方案\n吉政办发〔2019〕19号\n一、总体要求\n内容。\n", sidecar={"date": "2019-03-01"})
    assert (md.date, md.year, md.date_precision) == ("2019-03-01", 2019, "day")
    assert md.provenance["date"].method == "sidecar"


@pytest.mark.parametrize(("number", "issuer"), [
    ("国办发〔2020〕3号", "国务院办公厅"),
    ("国发〔2017〕37号", "国务院"),
    ("吉政办发〔2019〕19号", "吉林省人民政府办公厅"),
    ("粤府办〔2019〕1号", "广东省人民政府办公厅"),
    ("京政办发〔2019〕2号", "北京市人民政府办公厅"),
    ("甘政发〔2018〕5号", "甘肃省人民政府"),
    ("石家庄市政办〔2019〕3号", "石家庄市人民政府办公室"),
    ("粤科〔2019〕3号", None),  # a body code not in the table: no issuer guessed
    ("国科发〔2019〕3号", None),
])
def test_issuer_from_number_prefix(number: str, issuer: str | None) -> None:
    assert issuer_from_number(number)[0] == issuer


# ------------------------------------------------------------------ heads of real web pages (REAL-TEXTS-7)

from loaders.metadata import (  # noqa: E402
    find_labelled_issuer,
    find_published,
    find_title,
    issuer_from_title,
)


@pytest.mark.parametrize(
    ("head", "title"),
    [
        # a page's column tag before the title (滁州 2020)
        (["【市政府重点工作及责任分解】滁州市人民政府关于2020年市政府重点工作及责任分解的通知", "    发布时间:2020-02-03 17:29"],
         "滁州市人民政府关于2020年市政府重点工作及责任分解的通知"),
        # the 红头 masthead and the 文号 are not part of the title (鞍立政发〔2023〕2号)
        (["鞍山市立山区人民政府文件", "鞍立政发〔2023〕2号", "立山区人民政府关于印发 《立山区政府2023年重点工作任务分解 和责任分工方案》的通知"],
         "立山区人民政府关于印发《立山区政府2023年重点工作任务分解和责任分工方案》的通知"),
        # a task split's own name, and a bracketed year after it (丽水 2023)
        (["当前位置:首页", ">> 专题专栏 >> 归档专题 >> 2023市政府重点工作(已归档)", "市政府工作报告重点工作责任分解(2023年)"],
         "市政府工作报告重点工作责任分解(2023年)"),
        # a line that is a whole title by itself is not the tail of the line above (渝中 2023)
        (["小编带你了解", "2023年区政府工作报告重点工作目标任务分解", "一、主要预期指标"],
         "2023年区政府工作报告重点工作目标任务分解"),
        # ... but a title broken after 关于 is joined (国办发〔2018〕126号)
        (["国务院办公厅关于推广第二批", "支持创新相关改革举措的通知"], "国务院办公厅关于推广第二批支持创新相关改革举措的通知"),
        # a bracketed note and a date line do not open a title (青岛 2025)
        (["2025年4月10日", "(此件公开发布)", "关于强化财政支持培育发展新质生产力", "实施方案(2025-2027年)"],
         "关于强化财政支持培育发展新质生产力实施方案(2025-2027年)"),
    ],
)  # fmt: skip
def test_titles_of_real_page_heads(head, title):
    assert find_title(head, "\n".join(head))[0] == title


def test_issuer_from_a_title_and_from_labelled_fields():
    assert issuer_from_title("滁州市人民政府关于2020年市政府重点工作及责任分解的通知")[0] == "滁州市人民政府"
    assert issuer_from_title("关于强化财政支持培育发展新质生产力实施方案")[0] is None
    assert find_labelled_issuer("发布机构: 谯城区科学技术局 主题分类: 科技、教育")[0] == "谯城区科学技术局"
    assert find_labelled_issuer("•【制定机关】延安市科学技术局\n")[0] == "延安市科学技术局"
    # 来源 names where the page got the text, not who issued it (芜湖 2019)
    assert find_labelled_issuer("日期:2019-05-16 00:00来源:芜湖经济技术开发区阅读:")[0] is None


def test_published_labels_are_never_the_document_date():
    assert find_published("    发布时间:2020-02-03 17:29")[0] == "2020-02-03"
    assert find_published("•【公布日期】2018.03.23")[0] == "2018-03-23"
    md = extract_metadata("滁州市人民政府关于2020年市政府重点工作及责任分解的通知\n发布时间:2020-02-03 17:29\n", department_names=[], scopes=[])
    assert md.issuer == "滁州市人民政府"
    assert md.date is None and md.published == "2020-02-03"
