"""The responsibility grammar against real clauses, and every example of its pattern table.

tests/data/responsibility_clauses.yaml holds 150+ clauses printed in published plans, each with
what it says (read by hand). Each clause is one test case, so a failure names the clause; the
summary test prints the exactness reached.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from loaders.responsibility import GRAMMAR, Pattern, parse_clause

DATA = Path(__file__).resolve().parents[1] / "data" / "responsibility_clauses.yaml"
ROOT = Path(__file__).resolve().parents[2]


def in_repo(file: str) -> Path:
    """The repository's own copy of a shared text: shared/samples/X is samples/X, and
    shared/real/X.txt is tests/corpus/X/source.txt (copied there, not changed)."""
    name = Path(file).name
    if file.startswith("shared/samples/"):
        return ROOT / "samples" / name
    if file.startswith("shared/real/"):
        return ROOT / "tests" / "corpus" / Path(name).stem / "source.txt"
    return ROOT / file
_TABLE = yaml.safe_load(DATA.read_text(encoding="utf-8"))
SOURCES: dict[str, dict[str, str]] = _TABLE["sources"]
CLAUSES: list[dict[str, Any]] = _TABLE["clauses"]


def expected(entry: dict[str, Any]) -> dict[str, Any]:
    """The expected reading of an entry, in the shape :func:`reading` returns."""
    depts: list[tuple[str, str]] = []
    if "first" in entry:
        names = entry["first"].split("、")
        depts = [(n, "lead" if i == 0 else "co") for i, n in enumerate(names)]
    elif "shared" in entry:
        depts = [(n, "shared") for n in entry["shared"].split("、")]
    elif "lead" in entry:
        depts = [(n, "lead") for n in entry["lead"].split("、")]
    elif "depts" in entry:
        depts = [tuple(d.split("/")) for d in entry["depts"].split("、")]  # type: ignore[misc]
    return {
        "depts": depts,
        "rule": entry["rule"],
        "parties": entry.get("parties", []),
        "deadline": entry.get("deadline"),
        "persons": bool(entry.get("persons")),
        "sticky": bool(entry.get("sticky")),
    }


def reading(entry: dict[str, Any]) -> dict[str, Any]:
    inherited = "stated-first-leads" if entry.get("doc_rule") == "first-leads" else None
    r = parse_clause(entry["clause"], inherited_rule=inherited)
    return {
        "depts": list(zip(r.names, r.roles, strict=True)),
        "rule": r.rule,
        "parties": r.parties,
        "deadline": r.deadline,
        "persons": any("names a person" in w for w in r.warnings),
        "sticky": r.sticky_rule == "stated-first-leads",
    }


def test_the_table_holds_at_least_150_real_clauses():
    assert len(CLAUSES) >= 150
    assert all(e["source"] in SOURCES for e in CLAUSES)


@pytest.mark.parametrize("entry", CLAUSES, ids=lambda e: f"{e['source']}-{e['item']}")
def test_clause(entry):
    assert reading(entry) == expected(entry), entry["clause"]


def test_exactness_summary(capsys):
    wrong = [e for e in CLAUSES if reading(e) != expected(e)]
    with capsys.disabled():
        print(f"\nresponsibility clauses fully right: {len(CLAUSES) - len(wrong)}/{len(CLAUSES)}")
        for e in wrong:
            print(f"  wrong: {e['source']} {e['item']}: {e['clause']} -> {reading(e)}")
    assert not wrong


@pytest.mark.parametrize("entry", [e for e in CLAUSES if "file" in SOURCES[e["source"]]],
                         ids=lambda e: f"{e['source']}-{e['item']}")
def test_local_clauses_are_printed_verbatim(entry):
    path = in_repo(SOURCES[entry["source"]]["file"])
    assert entry["clause"] in path.read_text(encoding="utf-8")


# ------------------------------------------------------------------ the pattern table


def _examples() -> list[tuple[Pattern, str, bool]]:
    return [(p, ex, True) for p in GRAMMAR for ex in p.examples] + [
        (p, ex, False) for p in GRAMMAR for ex in p.counter
    ]


@pytest.mark.parametrize(("row", "example", "matches"), _examples(),
                         ids=lambda v: v.name if isinstance(v, Pattern) else str(v))
def test_grammar_examples(row: Pattern, example: str, matches: bool):
    assert bool(row.rx.search(example)) is matches, f"{row.name}: {example}"


def test_every_row_has_examples_and_a_meaning():
    names = [p.name for p in GRAMMAR]
    assert len(names) == len(set(names))
    assert all(p.examples and p.means for p in GRAMMAR)


# ------------------------------------------------------------------ the required readings


@pytest.mark.parametrize(
    ("clause", "depts", "rule"),
    [
        ("A厅牵头，B局、C局按职责分工负责", [("A厅", "lead"), ("B局", "co"), ("C局", "co")], "stated-lead"),
        ("A厅牵头，B局、C局配合", [("A厅", "lead"), ("B局", "co"), ("C局", "co")], "stated-lead"),
        ("A厅牵头，B局参与", [("A厅", "lead"), ("B局", "co")], "stated-lead"),
        ("A厅会同B局负责", [("A厅", "lead"), ("B局", "co")], "stated-lead"),
        ("A厅会同B局、C局等部门负责", [("A厅", "lead"), ("B局", "co"), ("C局", "co")], "stated-lead"),
        ("A厅为牵头单位", [("A厅", "lead")], "stated-lead"),
        ("A厅（牵头）", [("A厅", "lead")], "stated-lead"),
        ("牵头单位：A厅；配合单位：B局、C局", [("A厅", "lead"), ("B局", "co"), ("C局", "co")], "stated-lead"),
        ("牵头单位：A厅，配合单位：B局、C局", [("A厅", "lead"), ("B局", "co"), ("C局", "co")], "stated-lead"),
        ("A厅、B局、C局负责", [("A厅", "lead"), ("B局", "co"), ("C局", "co")], "presumed-first-listed"),
        ("A厅、B局、C局", [("A厅", "lead"), ("B局", "co"), ("C局", "co")], "presumed-first-listed"),
        ("A厅、B局按职责分工负责", [("A厅", "shared"), ("B局", "shared")], "stated-shared"),
        ("A厅负责，B局配合", [("A厅", "lead"), ("B局", "co")], "stated-lead"),
        ("A厅、B局牵头，C局配合", [("A厅", "lead"), ("B局", "lead"), ("C局", "co")], "stated-lead"),
        ("由A厅负责", [("A厅", "lead")], "stated-lead"),
        ("A厅主办", [("A厅", "lead")], "stated-lead"),
        ("A厅主责，B局配合", [("A厅", "lead"), ("B局", "co")], "stated-lead"),
        ("责任单位：A厅（牵头）、B局", [("A厅", "lead"), ("B局", "co")], "stated-lead"),
        ("A厅为责任单位", [("A厅", "lead")], "stated-lead"),
        ("教育部等有关部门和单位", [("教育部", "lead")], "presumed-first-listed"),
    ],
)
def test_required_readings(clause, depts, rule):
    r = parse_clause(clause)
    assert (list(zip(r.names, r.roles, strict=True)), r.rule) == (depts, rule)


@pytest.mark.parametrize(
    "statement",
    ["排在首位的部门为牵头单位", "列第一位者为牵头单位，下同", "排在第一位的部门为牵头部门，下同", "排名第一的为牵头单位",
     "排名第一的为牵头单位，下同"],
)
def test_first_leads_statements_in_any_wording(statement):
    r = parse_clause(f"A厅、B局，{statement}")
    assert (r.names, r.roles, r.rule) == (["A厅", "B局"], ["lead", "co"], "stated-first-leads")
    assert (r.sticky_rule == "stated-first-leads") is ("下同" in statement)
    # a later item's own wording does not cancel it
    later = parse_clause("C厅、D局按职责分工负责", inherited_rule="stated-first-leads")
    assert (later.roles, later.rule) == (["lead", "co"], "stated-first-leads")


@pytest.mark.parametrize(
    ("clause", "parties"),
    [
        ("各省级人民政府负责", ["各省级人民政府"]),
        ("各地级以上市人民政府负责", ["各地级以上市人民政府"]),
        ("各有关部门按职责分工负责", ["各有关部门"]),
        ("各区、县级市人民政府负责", ["各区、县级市人民政府"]),
        ("各市（州）人民政府", ["各市（州）人民政府"]),
        ("各县（市、区）政府", ["各县（市、区）政府"]),
        ("A厅、B局和各区、县级市", ["各区、县级市"]),
        ("区住建委、区规资局、各管委会、区属各重点国企等", ["各管委会", "区属各重点国企"]),
    ],
)
def test_placeholders_are_parties_never_departments(clause, parties):
    r = parse_clause(clause)
    assert r.parties == parties
    assert not any(n in p for n in r.names for p in parties)


@pytest.mark.parametrize(
    ("clause", "deadline", "names"),
    [
        ("A厅负责，2020年底前完成", "2020年底前完成", ["A厅"]),
        ("A厅牵头，2020年12月底前完成", "2020年12月底前完成", ["A厅"]),
        ("A厅、B局，长期坚持", "长期坚持", ["A厅", "B局"]),
        ("A厅负责，持续推进", "持续推进", ["A厅"]),
        ("A厅，2021年6月底前", "2021年6月底前", ["A厅"]),
    ],
)
def test_deadlines_are_never_departments(clause, deadline, names):
    r = parse_clause(clause)
    assert (r.deadline, r.names) == (deadline, names)


def test_a_person_is_dropped_with_a_warning():
    r = parse_clause("牵头领导：张三；牵头单位：A厅")
    assert r.names == ["A厅"] and any("person" in w for w in r.warnings)


@pytest.mark.parametrize(
    "text",
    ["支持企业开展研发（含各类企业）。", "建立工作机制（各地可结合实际制定细则）。", "落实税收政策（免税进口的设备按有关政策规定执行）。"],
)
def test_closing_remarks_are_not_clauses(text):
    from loaders.responsibility import department_clause

    assert department_clause(text) is None


def test_a_parties_only_clause_closes_an_item():
    from loaders.responsibility import department_clause

    hit = department_clause("做好政策宣传。（各有关部门和单位，各省级人民政府按职责分工负责）")
    assert hit is not None and hit[0].names == [] and hit[0].parties == ["各有关部门和单位", "各省级人民政府"]


# ------------------------------------------------------------------ document-wide rules, whole texts


def _roles(x, key):
    mid = next(m.id for m in x.measures if m.key == key)
    return [(ld.as_printed, ld.role, ld.rule) for ld in sorted(x.leads, key=lambda ld: ld.rank) if ld.measure_id == mid]


def test_a_note_before_the_items_holds_for_them():
    from loaders.extract import extract_text

    text = (
        "关于印发2020年重点工作责任分解的通知\n\n"
        "责任分解中，列第一位的责任单位为牵头单位或汇总单位。\n\n"
        "一是建立甲机制。扩大范围。（市科技局、市财政局按职责分工负责）\n"
        "二是推行乙制度。提高效率。（市法院牵头，市司法局配合）\n"
        "三是开展丙试点。总结经验。（各区县市负责）\n"
    )
    x = extract_text(text, "notes.txt")
    assert _roles(x, "1") == [("市科技局", "lead", "stated-first-leads"), ("市财政局", "co", "stated-first-leads")]
    assert _roles(x, "2") == [("市法院", "lead", "stated-lead"), ("市司法局", "co", "stated-lead")]
    assert _roles(x, "3") == [] and x.measures[2].responsible_parties == ["各区县市"]


@pytest.mark.parametrize(
    ("file", "first_item"),
    [("shared/real/national-2019-3-bonded-zones.txt", "1"), ("shared/real/national-2018-39-employment.txt", "1")],
)
def test_a_rule_stated_with_xiatong_in_an_item_holds_for_every_later_item(file, first_item):
    from loaders.extract import extract_file

    x = extract_file(in_repo(file))
    assert x.measures[0].key == first_item
    with_depts = [m.key for m in x.measures if _roles(x, m.key)]
    assert len(with_depts) >= 11
    for key in with_depts:
        r = _roles(x, key)
        assert [role for _, role, _ in r] == ["lead"] + ["co"] * (len(r) - 1), key
        assert {rule for _, _, rule in r} == {"stated-first-leads"}, key
    assert not any("第一位" in ld.as_printed or "下同" in ld.as_printed for ld in x.leads)


def test_comma_list_under_a_document_rule():
    r = parse_clause("A厅，B局、C局", inherited_rule="stated-first-leads")
    assert (r.names, r.roles, r.rule) == (["A厅", "B局", "C局"], ["lead", "co", "co"], "stated-first-leads")


def test_a_table_cell_with_a_placeholder_keeps_it_on_the_measure():
    from loaders.extract import extract_text

    table = (
        "序号\t改革举措\t主要内容\t责任单位\t推广范围\n"
        "1\t建立甲机制\t做甲。\t市科技局、市财政局、各县（市、区）政府\t全市\n"
        "2\t建立乙机制\t做乙。\t各县（市、区）政府\t全市\n"
    )
    x = extract_text(table, "cells.txt")
    assert x.document.layout == "table"
    assert _roles(x, "1") == [("市科技局", "lead", "presumed-first-listed"), ("市财政局", "co", "presumed-first-listed")]
    assert [m.responsible_parties for m in x.measures] == [["各县（市、区）政府"], ["各县（市、区）政府"]]
    assert _roles(x, "2") == []
    assert any("各县（市、区）政府" in w for w in x.warnings)
