"""The layout pattern table (loaders/layouts/patterns.py): every example its comments give."""

from __future__ import annotations

import pytest

from loaders.layouts.patterns import (
    ARABIC_NUM_RE,
    ATTACHMENT_RE,
    CIRCLED_RE,
    INLINE_ENUM_RE,
    LABEL_LINE_RE,
    PAREN_ARABIC_RE,
    PAREN_NUM_RE,
    SECTION_RE,
    header_kind,
    label_kind,
)


@pytest.mark.parametrize(
    "line,number",
    [("1.推行…", "1"), ("12、建立…", "12"), ("3.完善…", "3"), ("1﹒全省生产总值增长7%以上", "1"), ("1005.推进…", "1005"),
     ("    1. 地区生产总值增长8%以上。", "1")],
)  # fmt: skip
def test_arabic_item_numbers(line, number):
    m = ARABIC_NUM_RE.match(line)
    assert m and m.group(1) == number


@pytest.mark.parametrize("line", ["1.5亿元用于…", "2019.12", "2.2018年民生十件实事任务分解表", "10000.x"])
def test_not_item_numbers(line):
    assert ARABIC_NUM_RE.match(line) is None


def test_the_other_numbering_levels():
    assert SECTION_RE.match("一、大力推广相关改革举措").group(1) == "一"  # type: ignore[union-attr]
    assert SECTION_RE.match("一、坚持深化改革，简政放权。进一步健全…") is None  # a sentence, not a heading
    assert PAREN_NUM_RE.match("（十二）落实地方政府主体责任。").group(1) == "十二"  # type: ignore[union-attr]
    assert PAREN_NUM_RE.match("(三)推进…").group(1) == "三"  # type: ignore[union-attr]
    assert PAREN_ARABIC_RE.match("（2）建设新型研发机构。").group(1) == "2"  # type: ignore[union-attr]
    assert CIRCLED_RE.match("⑫完善…").group(1) == "⑫"  # type: ignore[union-attr]
    assert [m.group(1) for m in INLINE_ENUM_RE.finditer("一是设立引导基金；二是推广质押融资。")] == ["一", "二"]


@pytest.mark.parametrize("line", ["附件", "附件1", "附件：2019年度市政府重点工作任务分解表", "附件2：任务分工表", "附  件"])
def test_attachment_lines(line):
    assert ATTACHMENT_RE.match(line)


def test_a_sentence_about_an_attachment_is_not_an_attachment_line():
    assert ATTACHMENT_RE.match("现将2019年度市政府重点工作任务分解下达给你们(见附件),请认真组织实施。") is None


@pytest.mark.parametrize(
    "cell,kind",
    [("序号", "seq"), ("重点任务", "title"), ("主要任务", "title"), ("工作任务", "title"), ("改革举措", "title"),
     ("任务内容", "title"), ("目   标   与   任   务", "title"), ("重点工作任务", "title"), ("主要内容", "content"),
     ("具体措施", "content"), ("牵头单位", "lead"), ("主要责任单位", "lead"), ("牵头责任单位", "lead"),
     ("牵头科室(单位)", "lead"), ("配合单位", "co"), ("协同配合单位", "co"), ("责任单位", "departments"),
     ("责任部门（排在首位的为牵头单位）", "departments"), ("指导部门", "departments"), ("完成时限", "deadline"),
     ("时间节点", "deadline"), ("完成时间", "deadline"), ("完成期限", "deadline"), ("进度安排", "deadline"),
     ("责任领导", "leader"), ("推广范围", "scope"), ("  • 序号", "seq"), ("备注", "note"), ("附件", None),
     ("分 管 县领导 |", "leader"), ("序号 |", "seq"), ("牵头责任单位 |", "lead")],
)  # fmt: skip
def test_header_cells(cell, kind):
    assert header_kind(cell) == kind


@pytest.mark.parametrize(
    "line,kind,value",
    [("牵头负责领导:刘惠。", "leader", "刘惠"), ("责任领导:李建雄", "leader", "李建雄"),
     ("牵头责任单位:省发展改革委。", "lead", "省发展改革委"), ("牵头单位:区发改局", "lead", "区发改局"),
     ("牵头科室(单位):计划科、科技资源统筹中心基建办", "lead", "计划科、科技资源统筹中心基建办"),
     ("协同责任单位:省政府各部门、各直属机构。", "co", "省政府各部门、各直属机构"),
     ("责任单位:立山经济开发区,全区经济运行各专班", "departments", "立山经济开发区,全区经济运行各专班"),
     ("完成时限:2018年12月", "deadline", "2018年12月"), ("（责任单位：省科技厅、省财政厅）", "departments", "省科技厅、省财政厅"),
     ("责任单位:市卫生健康委等,各县(市、区)政府(管委会)", "departments", "市卫生健康委等,各县(市、区)政府(管委会)")],
)  # fmt: skip
def test_labelled_lines(line, kind, value):
    m = LABEL_LINE_RE.match(line)
    assert m is not None
    assert label_kind(m.group("label")) == kind
    assert m.group("value") == value


def test_heading_and_fallback_patterns():
    from loaders.layouts.patterns import (
        FRAMING_END_RE,
        FRAMING_START_RE,
        GENERIC_LABELLED_RE,
        GENERIC_MARKER_RE,
        RANGE_RE,
        STATUS_HEADINGS,
    )

    assert RANGE_RE.search("（四）军民深度融合方面（13-18）").groups() == ("13", "18")  # type: ignore[union-attr]
    assert RANGE_RE.search("（第13至18项）").groups() == ("13", "18")  # type: ignore[union-attr]
    status = {s for p, s in STATUS_HEADINGS if p.search("二、深化实施相关改革举措")}
    assert status == {"deepened"}
    assert {s for p, s in STATUS_HEADINGS if p.search("一、大力推广相关改革举措")} == {"newly-promoted"}
    assert FRAMING_START_RE.match("在有效防控风险的前提下") and FRAMING_END_RE.search("在有效防控风险的前提下")
    assert FRAMING_END_RE.search("引导高校、科研院所等") is None  # a list ending in 等 names the action
    assert [GENERIC_MARKER_RE.match(x) is not None for x in ("一是加强…", "第三条 …", "(3)推进…", "1﹒全省…")] == [True] * 4
    assert GENERIC_LABELLED_RE.search("…落实到位。责任单位：市科技局、市财政局").group(1) == "市科技局、市财政局"  # type: ignore[union-attr]
