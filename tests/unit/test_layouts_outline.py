"""Multi-level plans, labelled lines under items, numbering that restarts, sub-items, inline
enumerations, and a notice followed by its attachment.

Real excerpts are in tests/data/layouts (SOURCES.md says where each came from); expected
values were read off those texts. The constructed texts pin one behaviour each. Roles that
depend on the clause grammar inside a parenthesis (下同 rules, 按职责分工负责, placeholders)
belong to loaders/responsibility.py and are not asserted here; what the layout decides - which
lines are items, their keys, titles, and the clause each one ends with - is.
"""

from __future__ import annotations

from loaders.decode import read_file
from loaders.layouts import parse_best
from loaders.normalize import normalize
from tests.unit.layout_helpers import DATA, parse_fixture, parse_text, roles

# ------------------------------------------------------------------ labelled lines


def test_chuzhou_items_with_leader_lead_and_co_lines():
    r = parse_fixture("chuzhou-2020-labelled.txt")
    assert [it.key for it in r.items] == ["1", "2", "3"]
    one, two, three = r.items
    assert [it.title for it in r.items] == ["地区生产总值增长8%以上", "财政收入增长8%左右", "固定资产投资增长10%以上"]
    # 牵头负责领导：金力 is a person: the leader, never a department.
    assert all(it.leader == "金力" for it in r.items)
    assert all("金力" not in (it.responsibility.names if it.responsibility else []) for it in r.items)
    assert roles(one)["lead"] == ["市发展改革委"]
    assert roles(one)["co"][:6] == ["市经信局", "市商务局", "市交通局", "市农业农村局", "滁州经开区管委会", "中新苏滁高新区管委会"]
    assert roles(two)["lead"] == ["市财政局"] and roles(two)["co"][:3] == ["市税务局", "滁州海关", "市人行"]
    assert roles(three)["lead"] == ["市发展改革委"]
    assert one.responsibility is not None and one.responsibility.rule == "stated-lead"
    assert one.category == "确保完成全年主要预期目标"
    # The item's span covers its labelled lines.
    text = normalize(read_file(DATA / "chuzhou-2020-labelled.txt").text).text
    assert text[one.char_start : one.char_end].rstrip().endswith("各县、市、区政府。")


def test_xuchang_items_with_a_responsible_line_only():
    r = parse_fixture("xuchang-2020-20-labelled.txt")
    assert [it.key for it in r.items] == ["1", "2"]
    one, two = r.items
    assert one.title is not None and one.title.startswith("坚持“外防输入、内防反弹”总体防控策略")
    assert two.title == "坚持必要的人员管控和健康监测措施,引导群众做好自我防护"
    # 责任单位: alone states no lead: the first listed is presumed to lead. The trailing
    # (管委会) of the line is part of a name, not a department clause of its own.
    assert one.responsibility is not None and one.responsibility.rule == "presumed-first-listed"
    assert roles(one)["lead"] == ["市疫情防控指挥部办公室"]
    assert one.departments_printed is not None and one.departments_printed.startswith("责任单位：市疫情防控指挥部办公室")


def test_a_labelled_deadline_and_leader():
    r = parse_text(
        "1.加快科技资源统筹中心建设。\n责任领导:李建雄\n牵头科室(单位):计划科、科技资源统筹中心基建办\n完成时限:2018年12月\n"
        "2.推进科技成果转化。\n责任领导:王五\n牵头科室(单位):成果科\n完成时限:2018年6月\n"
    )
    one, two = r.items
    assert (one.leader, one.deadline) == ("李建雄", "2018年12月")
    assert roles(one) == {"lead": ["计划科", "科技资源统筹中心基建办"]}
    assert (two.leader, two.deadline, roles(two)) == ("王五", "2018年6月", {"lead": ["成果科"]})


# ------------------------------------------------------------------ levels


def test_national_2019_3_departments_on_the_third_level():
    r = parse_fixture("national-2019-3-multilevel.txt")
    assert [it.key for it in r.items] == [str(n) for n in range(1, 10)]
    titles = [it.title for it in r.items]
    assert titles[:3] == ["拓展两个市场", "提前适用政策", "释放企业产能"]
    assert titles[-1] == "支持医疗设备研发"
    assert r.items[0].departments_printed == "税务总局、财政部、海关总署负责，排在第一位的部门为牵头部门，下同"
    assert r.items[4].departments_printed == "海关总署负责"


def test_national_2018_39_numbers_run_straight_through_the_sections():
    r = parse_fixture("national-2018-39-straight.txt")
    # （一）…（五） under 一、 and 二、, （十二）… under 五、: the numbers do not restart, so the
    # keys stay bare.
    assert [it.key for it in r.items] == ["1", "2", "3", "4", "5", "12", "13", "14", "15"]
    assert [it.title for it in r.items][:2] == ["加大稳岗支持力度", "发挥政府性融资担保机构作用支持小微企业"]
    # Item 5 and section 五's items end with a clause naming only 等有关部门和单位 / placeholders
    # (各省级人民政府负责): it still closes the item.
    by = {it.key: it for it in r.items}
    assert by["5"].departments_printed == "人力资源社会保障部等有关部门和单位负责"
    assert by["12"].title == "落实地方政府主体责任" and by["12"].departments_printed == "各省级人民政府负责"
    assert by["15"].departments_printed == "各有关部门和单位，各省级人民政府按职责分工负责"


def test_numbering_that_restarts_per_section_gets_section_keys():
    r = parse_text(
        "一、大力推广\n"
        "1.推行科技成果转化收益分配改革。加大激励。（省科技厅牵头负责）\n"
        "2.建立知识产权质押融资风险补偿机制。设立资金池。（省知识产权局、省财政厅）\n"
        "二、深化实施\n"
        "1.完善科技创新券制度。扩大范围。（省科技厅、省财政厅）\n"
        "2.推广专利快速审查机制。加快审查。（省市场监管局牵头负责）\n"
    )
    assert [it.key for it in r.items] == ["一.1", "一.2", "二.1", "二.2"]
    assert r.items[2].title == "完善科技创新券制度"


def test_sub_items_stay_in_the_text_of_the_item_that_names_departments():
    r = parse_text(
        "一、重点任务\n"
        "（一）完善科技成果转化机制。\n"
        "1.建立成果登记制度。\n"
        "2.开展赋权改革试点。\n"
        "（市科技局牵头，市财政局配合）\n"
        "（二）健全科技金融体系。一是设立引导基金；二是推广知识产权质押融资。（市金融局、市财政局）\n"
        "二、保障措施\n"
        "（一）加强组织领导。各单位要高度重视。\n"
    )
    assert r.layout == "outline"
    assert [it.key for it in r.items] == ["1", "2"]
    one, two = r.items
    assert one.title == "完善科技成果转化机制"
    assert one.content is not None and "1.建立成果登记制度。" in one.content and "2.开展赋权改革试点。" in one.content
    assert roles(one) == {"lead": ["市科技局"], "co": ["市财政局"]}
    # 一是…二是… inside an item are not measures of their own.
    assert two.title == "健全科技金融体系"
    assert two.content is not None and "一是设立引导基金" in two.content
    assert two.departments_printed == "市金融局、市财政局"


def test_fourth_level_items_restarting_under_each_parent():
    r = parse_text(
        "一、主要任务\n"
        "1.推进创新平台建设\n"
        "（1）建设省级重点实验室。（省科技厅牵头，省财政厅配合）\n"
        "（2）建设新型研发机构。（省科技厅、省教育厅）\n"
        "2.培育创新主体\n"
        "（1）实施高新技术企业倍增计划。（省科技厅牵头，省税务局配合）\n"
        "（2）支持企业建设研发中心。（省工业和信息化厅）\n"
    )
    assert [it.key for it in r.items] == ["一.1.1", "一.1.2", "一.2.1", "一.2.2"]
    assert [it.category for it in r.items] == ["推进创新平台建设"] * 2 + ["培育创新主体"] * 2
    assert r.items[2].title == "实施高新技术企业倍增计划"


def test_circled_numbers():
    r = parse_text(
        "（一）推进创新平台建设\n"
        "①建设省级重点实验室。（省科技厅牵头，省财政厅配合）\n"
        "②建设新型研发机构。（省科技厅、省教育厅）\n"
    )
    assert [it.title for it in r.items] == ["建设省级重点实验室", "建设新型研发机构"]
    assert [it.key for it in r.items] == ["1", "2"]


# ------------------------------------------------------------------ notices and attachments


def test_a_notice_followed_by_its_attachment_gives_the_attachment_items():
    r = parse_text(
        "某市人民政府办公室关于印发重点任务分工方案的通知\n"
        "各县区人民政府，市政府各部门：\n"
        "现将《重点任务分工方案》印发给你们，并就有关事项通知如下：\n"
        "1.明确任务，压实责任。各牵头单位要细化工作举措。\n"
        "2.加强督考，狠抓落实。市政府督考办要加大督查力度。\n"
        "附件：重点任务分工方案\n"
        "某市人民政府办公室\n"
        "2021年1月25日\n"
        "附件\n"
        "重点任务分工方案\n"
        "1.推进科技成果转化。建立成果转化平台。（市科技局牵头，市财政局配合）\n"
        "2.培育高新技术企业。实施倍增计划。（市科技局、市税务局）\n"
        "3.建设人才公寓。解决住房问题。（市住建局牵头负责）\n"
    )
    assert [it.title for it in r.items] == ["推进科技成果转化", "培育高新技术企业", "建设人才公寓"]
    assert [it.key for it in r.items] == ["1", "2", "3"]
    assert any("not measures" in n for n in r.notes)


def test_guizhou_numbered_items_with_responsible_parentheses():
    r = parse_fixture("guizhou-2026-shuzhi-numbered.txt")
    assert [it.key for it in r.items] == ["1", "2"]
    assert [it.title for it in r.items] == ["发展以智算为重点的算力产业", "发展以建设高质量数据集为重点的数据产业"]
    assert r.items[1].departments_printed == "责任单位:省大数据局、贵州大数据集团"
    assert roles(r.items[1]) == {"lead": ["省大数据局"], "co": ["贵州大数据集团"]}


def test_a_bracketed_clause_on_its_own_line_is_the_item_clause():
    r = parse_text(
        "1.推行科技成果转化收益分配改革。加大激励。\n（牵头单位：省科技厅；配合单位：省财政厅）\n"
        "2.建立知识产权质押融资风险补偿机制。设立资金池。\n（责任单位：省知识产权局、省财政厅）\n"
    )
    assert [it.departments_printed for it in r.items] == ["牵头单位：省科技厅；配合单位：省财政厅", "责任单位：省知识产权局、省财政厅"]
    assert roles(r.items[0]) == {"lead": ["省科技厅"], "co": ["省财政厅"]}


def _cn(n: int) -> str:
    """1..999 as Chinese numerals (十二, 一百零五) for constructed （一）-numbered items."""
    d = "零一二三四五六七八九"
    s = ""
    if n >= 100:
        s, n = s + d[n // 100] + "百", n % 100
        if 0 < n < 10:
            s += "零"
    if n >= 10:
        s, n = s + ("" if not s and n // 10 == 1 else d[n // 10]) + "十", n % 10
    return s + (d[n] if n else "")


def test_many_items_each_with_sub_items_give_one_measure_each():
    # Every （n） item has sub-items 1. and 2. and its clause after them: 299 measures, not the
    # 598 sub-items (the numbered parser leaves them to the outline parser).
    text = "一、任务\n" + "\n".join(
        f"（{_cn(n)}）推进第{n}项改革。\n1.子项一。\n2.子项二。\n（市科技局牵头）" for n in range(1, 300)
    )
    r = parse_text(text)
    assert r.layout == "outline"
    assert [it.key for it in r.items] == [str(n) for n in range(1, 300)]
    assert r.items[104].title == "推进第105项改革"


def test_inline_enumerations_on_their_own_lines_stay_inside_the_item():
    r = parse_text(
        "一、重点任务\n"
        "（一）健全科技金融体系。\n"
        "一是设立科技成果转化引导基金；\n"
        "二是推广知识产权质押融资。\n"
        "（市金融局牵头，市财政局配合）\n"
        "（二）完善人才评价机制。\n"
        "一是开展职称评审改革；二是下放评审权限。（市人社局牵头，市教育局配合）\n"
    )
    assert [it.title for it in r.items] == ["健全科技金融体系", "完善人才评价机制"]
    assert r.items[0].content == "一是设立科技成果转化引导基金；二是推广知识产权质押融资。"
    assert roles(r.items[0]) == {"lead": ["市金融局"], "co": ["市财政局"]}


def test_labels_closing_the_item_text_without_brackets():
    r = parse_text(
        "一、重点任务\n"
        "1.推进科技成果转化。建立转化平台。牵头单位：市科技局；配合单位：市财政局、市教育局。\n"
        "2.健全应急指挥体系。责任单位：市卫生健康委、市应急局\n"
    )
    one, two = r.items
    assert (one.title, one.content) == ("推进科技成果转化", "建立转化平台。")
    assert one.departments_printed == "牵头单位：市科技局；配合单位：市财政局、市教育局"
    assert roles(one) == {"lead": ["市科技局"], "co": ["市财政局", "市教育局"]}
    assert two.title == "健全应急指挥体系"
    assert roles(two)["lead"] == ["市卫生健康委"]


def test_a_clause_title_ending_in_deng_is_the_action_not_framing():
    # Gansu sample, item 二.6: its first clause lists who is to be guided and ends in 等; it
    # names the action (引导…), so it is the title (read off samples/gansu-2018-innovation-plan.txt).
    from base.config import SAMPLES_DIR

    r = parse_best(normalize(read_file(SAMPLES_DIR / "gansu-2018-innovation-plan.txt").text))
    by = {it.key: it for it in r.items}
    assert by["二.6"].title == "引导高校、科研院所、大型企业、技术转移机构、创业投资机构、国家及省级科研平台（基地）等"
