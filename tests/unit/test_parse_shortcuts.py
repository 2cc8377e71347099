"""The parse's speed-ups give what the plain code gave (session 6, bench/parse.py).

Each shortcut is checked against the straightforward form it replaced: shared (cached)
parses are never handed out, the trie pattern matches what the longest-first alternation
matched, the normaliser's run-wise steps equal str.translate and the per-character counts,
and the table's prefilter cannot skip a 序号 header.
"""

from __future__ import annotations

import random
import re

from loaders import regions
from loaders.extract import extract_text
from loaders.layouts import patterns
from loaders.layouts.base import Lines, item_block
from loaders.normalize import (
    _CJK,
    _SPACES_AND_FULLWIDTH,
    _SPACES_AND_FULLWIDTH_RUNS,
    _Builder,
    _cjk_count,
    normalize,
    traditional_ratio,
)
from loaders.responsibility import department_clause, parse_clause

PLAN = """关于印发某市推广改革举措工作方案的通知

一、大力推广
（一）建立科技成果转化机制。完善评价体系。（市科技局、市财政局负责，排在首位的部门为牵头单位，下同）
（二）推行知识产权质押融资。扩大融资规模。（市市场监管局、人民银行某市中心支行负责）
"""


def test_parse_clause_hands_out_its_own_object_each_time():
    a = parse_clause("省科技厅、省财政厅按职责分工负责")
    a.roles.append("lead")
    a.names.clear()
    a.apply_document_rule("stated-first-leads")
    b = parse_clause("省科技厅、省财政厅按职责分工负责")
    assert b.names == ["省科技厅", "省财政厅"]
    assert b.roles == ["shared", "shared"]
    assert b.rule == "stated-shared"
    assert b is not a and b.names is not a.names


def test_department_clause_copies_too():
    text = "做好宣传。（省科技厅、省财政厅负责）"
    first = department_clause(text)
    assert first is not None
    first[0].roles[:] = ["co", "co"]
    again = department_clause(text)
    assert again is not None and again[0].roles == ["lead", "co"]


def test_item_blocks_do_not_share_clauses():
    lines = Lines(normalize(PLAN))
    one = item_block(lines, 3, 4, patterns.PAREN_NUM_RE)
    two = item_block(lines, 3, 4, patterns.PAREN_NUM_RE)  # the same item end, from the memo
    assert one.clause is not None and two.clause is not None
    assert one.clause is not two.clause
    one.clause.apply_document_rule("stated-first-leads")
    one.clause.roles.append("x")
    assert two.clause.roles == ["lead", "co"]


def test_extracting_twice_gives_the_same_records():
    first = extract_text(PLAN, "plan.txt").model_dump(mode="json")
    second = extract_text(PLAN, "plan.txt").model_dump(mode="json")
    assert first == second
    assert [lead["role"] for lead in first["leads"]] == ["lead", "co", "lead", "co"]


def test_longest_of_matches_the_longest_first_alternation():
    rnd = random.Random(3)
    words = {"".join(rnd.choice("广东州省市吉林长春") for _ in range(rnd.randint(1, 4))) for _ in range(60)}
    plain = re.compile("|".join(sorted(words, key=len, reverse=True)))
    trie = re.compile(regions.longest_of(words))
    for _ in range(500):
        text = "".join(rnd.choice("广东州省市吉林长春的") for _ in range(rnd.randint(0, 30)))
        assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]
        assert [(m and m.span()) for m in (trie.match(text),)] == [(m and m.span()) for m in (plain.match(text),)]


def test_region_names_in_a_text_are_the_longest_names():
    found = [(r.name, printed) for r, printed, _ in regions._find_regions("吉林省长春市和广东省广州市")]
    assert found == [("吉林省", "吉林省"), ("长春市", "长春市"), ("广东省", "广东省"), ("广州市", "广州市")]


def test_translate_by_runs_equals_str_translate():
    rnd = random.Random(5)
    alphabet = "ａＢ１２　\u00a0＋－（）中文 abc\t"
    for _ in range(300):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 40)))
        b = _Builder(text)
        b.translate(_SPACES_AND_FULLWIDTH, _SPACES_AND_FULLWIDTH_RUNS)
        assert b.text == text.translate(_SPACES_AND_FULLWIDTH)


def test_counts_by_run_and_chunk_equal_per_character_counts():
    rnd = random.Random(9)
    for _ in range(50):
        text = "".join(rnd.choice("覆復國们的ab，\n") for _ in range(rnd.randint(0, 900)))
        assert _cjk_count(text) == sum(1 for ch in text if _CJK.match(ch))
        from loaders.normalize import _t2s

        conv = _t2s().convert(text)
        if len(conv) == len(text):
            cjk = sum(1 for ch in text if _CJK.match(ch))
            changed = sum(1 for a, b in zip(text, conv, strict=True) if a != b and _CJK.match(a))
            assert traditional_ratio(text) == ((changed / cjk if cjk else 0.0) if conv != text else 0.0)


def test_seq_header_words_hold_a_character_the_table_prefilter_looks_for():
    # table._cell_per_line_table calls header_kind only on lines holding 序 or 编.
    seq = dict(patterns.COLUMNS)["seq"]
    words = re.fullmatch(r"\^\(\?:(.*)\)\$", seq.pattern)
    assert words is not None
    for word in words.group(1).split("|"):
        assert "序" in word or "编" in word, word
