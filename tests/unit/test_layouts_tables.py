"""Task-division tables beyond the samples: columns in any order, 牵头/配合 columns, 完成时限,
责任领导, category rows, rows and cells broken over lines, one-cell-per-line exports.

Real excerpts are in tests/data/layouts (SOURCES.md says where each came from); the expected
values below were read off those texts. The short constructed tables pin one behaviour each.
Names that depend on the clause grammar (list tails such as 等区政府有关部门, placeholders such
as 各县区政府) are loaders/responsibility.py's business and are not asserted here.
"""

from __future__ import annotations

import pytest

from base.errors import BadInputError
from tests.unit.layout_helpers import parse_fixture, parse_text, roles

# ------------------------------------------------------------------ constructed tables


def test_the_header_that_used_to_be_refused():
    # 序号 重点任务 牵头单位 配合单位 完成时限 - refused before as "no recognisable measures".
    r = parse_text(
        "序号\t重点任务\t牵头单位\t配合单位\t完成时限\n"
        "1\t设立科技成果转化引导基金。\t市财政局\t市科技局、市金融局\t2021年底前\n"
        "2\t开展知识产权质押融资。\t市市场监管局、市金融局\t人民银行某市中心支行\t2021年6月\n"
    )
    assert r.layout == "table"
    one, two = r.items
    assert (one.key, one.title, one.deadline) == ("1", "设立科技成果转化引导基金。", "2021年底前")
    assert roles(one) == {"lead": ["市财政局"], "co": ["市科技局", "市金融局"]}
    assert one.responsibility is not None and one.responsibility.rule == "stated-lead"
    # Every name in the 牵头 cell leads.
    assert roles(two) == {"lead": ["市市场监管局", "市金融局"], "co": ["人民银行某市中心支行"]}
    assert two.deadline == "2021年6月"
    assert one.departments_printed == "牵头单位：市财政局；配合单位：市科技局、市金融局"


def test_columns_in_another_order_with_a_leader_column():
    r = parse_text(
        "序号\t完成时间\t责任单位\t主要任务\t责任领导\n"
        "1\t2022年12月\t市发展改革委、市科技局\t推进创新平台建设。\t张三\n"
        "2\t2022年6月\t市科技局\t培育高新技术企业。\t李四\n"
    )
    one, two = r.items
    assert (one.title, one.deadline, one.leader) == ("推进创新平台建设。", "2022年12月", "张三")
    # A 责任单位 column alone is a clause: first listed presumed to lead; the leader is a person.
    assert one.responsibility is not None and one.responsibility.rule == "presumed-first-listed"
    assert roles(one) == {"lead": ["市发展改革委"], "co": ["市科技局"]}
    assert "张三" not in one.responsibility.names and "2022年12月" not in one.responsibility.names
    assert (two.title, two.leader, roles(two)) == ("培育高新技术企业。", "李四", {"lead": ["市科技局"]})


@pytest.mark.parametrize(
    "title_header,lead_header,co_header,deadline_header",
    [
        ("主要任务", "牵头部门", "配合部门", "时间节点"),
        ("工作任务", "主要责任单位", "协同配合单位", "完成期限"),
        ("改革举措", "牵头责任单位", "协同责任单位", "完成时间"),
        ("任务内容", "牵头单位", "参与单位", "时限"),
        ("具体措施", "牵头单位", "配合单位", "完成时限"),
    ],
)
def test_usual_header_names(title_header, lead_header, co_header, deadline_header):
    r = parse_text(
        f"序号\t{title_header}\t{lead_header}\t{co_header}\t{deadline_header}\n"
        "1\t推进创新平台建设。\t市科技局\t市财政局\t2022年底\n"
    )
    (it,) = r.items
    assert (it.title, it.deadline, roles(it)) == ("推进创新平台建设。", "2022年底", {"lead": ["市科技局"], "co": ["市财政局"]})


def test_title_and_content_columns_together():
    r = parse_text(
        "序号\t重点任务\t具体措施\t责任单位\n"
        "1\t推进创新平台建设\t建设省级重点实验室和新型研发机构。\t省科技厅、省财政厅\n"
    )
    (it,) = r.items
    assert (it.title, it.content) == ("推进创新平台建设", "建设省级重点实验室和新型研发机构。")


def test_category_rows_and_a_row_split_over_lines():
    r = parse_text(
        "序号\t重点任务\t牵头单位\t配合单位\t完成时限\n"
        "一、科技金融\n"
        "1\t设立科技成果转化引导基金。\t市财政局\t市科技局\t2021年底前\n"
        "二、人才\n"
        "2\t建立科研人员双向流动机制，\n允许科研人员离岗创业。\t市人社局\t市科技局\t长期坚持\n"
        "抄送：市委办公室。\n"
    )
    one, two = r.items
    assert (one.category, two.category) == ("科技金融", "人才")
    assert two.title == "建立科研人员双向流动机制，允许科研人员离岗创业。"
    assert (roles(two), two.deadline) == ({"lead": ["市人社局"], "co": ["市科技局"]}, "长期坚持")
    assert len(r.items) == 2  # the 抄送 line after the table is not a row


def test_a_responsible_column_beside_a_lead_column_names_the_co_operating_units():
    r = parse_text("序号\t目标与任务\t牵头责任单位\t责任单位\n1\t增林地、增绿地。\t市林业局\t市水利局、市农业农村局\n")
    assert roles(r.items[0]) == {"lead": ["市林业局"], "co": ["市水利局", "市农业农村局"]}


def test_markdown_pipe_table():
    r = parse_text(
        "| 序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限 |\n"
        "| --- | --- | --- | --- | --- |\n"
        "| 1 | 推进创新平台建设。 | 市科技局 | 市财政局 | 2022年底 |\n"
    )
    (it,) = r.items
    assert (it.title, it.deadline, roles(it)) == ("推进创新平台建设。", "2022年底", {"lead": ["市科技局"], "co": ["市财政局"]})


def test_a_header_without_a_task_column_is_still_refused():
    with pytest.raises(BadInputError):
        parse_text("序号\t牵头单位\t配合单位\n1\t市科技局\t市财政局\n")


# ------------------------------------------------------------------ real tables


def test_qiaocheng_table_with_a_cell_over_four_lines():
    r = parse_fixture("qiaocheng-2023-table.txt")
    assert r.layout == "table"
    assert [it.key for it in r.items] == ["33", "34", "35"]
    by = {it.key: it for it in r.items}
    assert by["33"].title == "新培育科技型中小企业50家以上、高新技术企业30家以上。"
    assert all(it.deadline == "2023年12月底" for it in r.items)
    # Row 34: four units in the 主要责任单位 cell, one per line; the cell ran straight into the
    # 协同配合单位 cell without its TAB.
    r34 = roles(by["34"])
    assert r34["lead"] == ["区科技局", "区商务局(区药发中心)", "谯城经开区管委会", "区药投公司"]
    assert r34["co"][:3] == ["区发改委", "区经信局", "区农业农村局"] and r34["co"][-1] == "区农投公司"
    assert roles(by["35"])["lead"] == ["区科技局"]
    assert by["35"].title is not None and by["35"].title.endswith("全社会研发支出增长15%以上。")


def test_wuhu_notice_with_its_attachment_table_one_cell_per_line():
    r = parse_fixture("wuhu-2019-cell-per-line.txt")
    assert r.layout == "table"
    assert [it.key for it in r.items] == ["1", "2"]
    one, two = r.items
    assert one.title is not None and one.title.startswith("扎实推进蓝天、碧水、净土三大保卫战。")
    assert two.title == "增林地、增绿地、增湿地。"
    assert roles(one)["lead"] == ["市生态环境局"]
    assert roles(two)["lead"] == ["市自然资源和规划局"]
    assert one.responsibility is not None and one.responsibility.rule == "stated-lead"


def test_sichuan_table_one_cell_per_line_with_blank_separated_cells():
    r = parse_fixture("sichuan-2017-cell-groups.txt")
    (it,) = r.items
    assert it.key == "24"
    assert it.category == "扎实推进全面创新改革"
    assert it.title == "抓好9张清单的实施,重点推进国家授权的30项先行先试举措,确保取得阶段性成效。"
    got = roles(it)
    assert got["lead"] == ["省发展改革委(全创办)", "科技厅", "省国防科工办", "省金融工作局"]
    assert got["co"][:6] == ["省经济和信息化委", "教育厅", "公安厅", "财政厅", "人力资源社会保障厅", "商务厅"]
    # 进度安排: 全年完成。其中：一季度… - the deadline is its first sentence.
    assert it.deadline == "全年完成"


# ------------------------------------------------------------------ 1,000+ items


def test_a_numbered_plan_with_1005_items_gives_1005_measures():
    text = "某市工作方案\n" + "\n".join(
        f"{n}.推进第{n}项改革。具体内容。（责任单位：市科技局、市财政局）" for n in range(1, 1006)
    )
    r = parse_text(text)
    assert len(r.items) == 1005
    assert [it.key for it in r.items] == [str(n) for n in range(1, 1006)]
    assert r.items[999].title == "推进第1000项改革" and r.items[-1].title == "推进第1005项改革"


def test_a_table_with_1005_rows():
    rows = "\n".join(f"{n}\t推进第{n}项改革。\t市科技局\t市财政局\t2022年底" for n in range(1, 1006))
    r = parse_text("序号\t重点任务\t牵头单位\t配合单位\t完成时限\n" + rows)
    assert [it.key for it in r.items] == [str(n) for n in range(1, 1006)]


@pytest.mark.parametrize(
    "first_row,second_row",
    [("序号\t重点任务\t责任单位\t完成时限", "牵头单位\t配合单位"),
     ("序号\t重点任务\t责任单位\t\t完成时限", "\t\t牵头单位\t配合单位\t")],
)  # fmt: skip
def test_a_two_row_header_with_a_merged_responsible_cell(first_row, second_row):
    # 责任单位 printed once over 牵头单位 | 配合单位 (a merged Word cell), the second row either
    # with only its own cells or at their column positions.
    r = parse_text(f"{first_row}\n{second_row}\n1\t推进创新平台建设。\t市科技局\t市财政局\t2022年底\n")
    (it,) = r.items
    assert (it.title, it.deadline, roles(it)) == ("推进创新平台建设。", "2022年底", {"lead": ["市科技局"], "co": ["市财政局"]})


def test_a_category_row_repeated_in_every_column_of_a_merged_cell():
    r = parse_text(
        "序号\t重点任务\t牵头单位\t配合单位\n"
        "一、科技金融创新方面（共1项）\t一、科技金融创新方面（共1项）\t一、科技金融创新方面（共1项）\t一、科技金融创新方面（共1项）\n"
        "1\t推进创新平台建设。\t市科技局\t市财政局\n"
    )
    (it,) = r.items
    assert (it.category, it.section) == ("科技金融创新", "一、科技金融创新方面（共1项）")


def test_one_cell_per_line_with_a_remarks_column():
    r = parse_text(
        "附件\n序号\n重点任务\n牵头单位\n配合单位\n完成时限\n备注\n"
        "1\n推进创新平台建设。\n市科技局\n市财政局、市教育局\n2022年底\n新增\n"
        "2\n培育高新技术企业。\n市科技局\n市税务局\n2022年6月\n\n"
    )
    one, two = r.items
    assert (one.title, one.deadline, roles(one)) == ("推进创新平台建设。", "2022年底", {"lead": ["市科技局"], "co": ["市财政局", "市教育局"]})
    assert (two.title, two.deadline, roles(two)) == ("培育高新技术企业。", "2022年6月", {"lead": ["市科技局"], "co": ["市税务局"]})


def test_one_cell_per_line_a_bare_year_cell_is_not_a_row():
    r = parse_text(
        "序号\n重点任务\n牵头单位\n完成时限\n"
        "1\n推进创新平台建设。\n市科技局\n2023\n"
        "2\n培育高新技术企业。\n市科技局\n2024\n"
    )
    assert [(it.key, it.deadline) for it in r.items] == [("1", "2023"), ("2", "2024")]


def test_category_line_after_a_row_with_an_empty_last_cell():
    # Exports drop empty trailing cells: item 2 has no 完成时限. The category line after it is a
    # category, not the rest of item 2's row (it became item 2's deadline before).
    r = parse_text("序号\t重点任务\t牵头单位\t完成时限\n"
                   "一、第一方面\n"
                   "1\t推进甲事项。\t市科技局\t2020年底前\n"
                   "2\t推进乙事项。\t市财政局\n"
                   "二、科技金融创新方面\n"
                   "3\t推进丙事项。\t市教育局\t长期坚持\n")
    assert [it.key for it in r.items] == ["1", "2", "3"]
    two, three = r.items[1], r.items[2]
    assert two.deadline is None and roles(two) == {"lead": ["市财政局"]}
    assert three.category == "科技金融创新" and three.deadline == "长期坚持"


def test_one_cell_per_line_every_cell_closed_by_a_pipe():
    # 南陵 2024 (tests/corpus/nanling-2024-gov-report-table): "cell |" per line; a cell may
    # run over lines and ends at the line carrying the pipe; 分管县领导 is a person.
    r = parse_text(
        "序号 |\n目标与任务 |\n分 管 县领导 |\n牵头责任单位 |\n责任单位 |\n"
        "80 |\n加大普惠性托育供给,\n新增托位数400个以上。 |\n俞 悦 |\n县教育局 |\n县财政局 |\n"
        "81 |\n保障秋季开学。 |\n陆 明俞 悦 |\n县教育局 |\n县各有关单位 |\n"
    )
    assert r.layout == "table"
    assert [it.key for it in r.items] == ["80", "81"]
    one, two = r.items
    assert one.title == "加大普惠性托育供给,新增托位数400个以上。"
    assert roles(one)["lead"] == ["县教育局"] and roles(one)["co"] == ["县财政局"]
    assert one.leader == "俞 悦"
    assert roles(two)["lead"] == ["县教育局"]
