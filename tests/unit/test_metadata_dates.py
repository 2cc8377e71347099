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
