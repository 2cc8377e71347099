"""Localisation diff (greedy string tiling at character level): pure, no database."""

from __future__ import annotations

import time

import pytest

from policygraph.diff import MIN_KEPT, diff_figures, diff_texts, tiles

NATIONAL = "推动财政支持创新的跨行政区域联动机制，通过统一服务机构登记标准、放宽服务机构注册地限制，实现企业异地采购科技服务。"


def test_identical_texts_are_all_kept():
    d = diff_texts(NATIONAL, NATIONAL)
    assert d.reuse_ratio == 1.0 and d.local_novelty == 0.0
    assert d.added == [] and d.dropped == []
    assert d.kept_chars == d.national_chars == len(NATIONAL)


def test_kept_plus_dropped_is_the_national_length_and_offsets_are_original():
    local = (
        "建立跨区域创新资源共享和财政支持的联动机制，实现省科技创新券在“全国使用、广东兑付”。"
        "通过统一服务机构登记标准，支持企业异地采购科技服务。"
    )
    d = diff_texts(local, NATIONAL)
    assert d.kept_chars + d.dropped_chars == d.national_chars
    assert d.kept_chars + d.added_chars == d.local_chars
    assert 0.0 < d.reuse_ratio < 1.0 and 0.0 < d.local_novelty < 1.0
    for k in d.kept:
        assert local[k.local_start:k.local_end] == k.text
        assert NATIONAL[k.national_start:k.national_end] == k.text
        assert k.chars >= MIN_KEPT
    for s in d.added:
        assert local[s.start:s.end] == s.text
    for s in d.dropped:
        assert NATIONAL[s.start:s.end] == s.text
    added = "".join(s.text for s in d.added)
    assert "全国使用、广东兑付" in added
    assert "通过统一服务机构登记标准" in "".join(k.text for k in d.kept)
    assert "放宽服务机构注册地限制" in "".join(s.text for s in d.dropped)


def test_reordered_clauses_are_still_kept():
    a, b = "甲乙丙丁戊己庚辛", "戊己庚辛甲乙丙丁"
    assert sorted(tiles(a, b)) == [(0, 4, 4), (4, 0, 4)]
    assert diff_texts(a, b).reuse_ratio == 1.0


def test_whitespace_and_full_width_forms_do_not_break_a_kept_segment():
    nat = "建立“银行+征信+担保”的信用贷款新模式"
    local = "建立“银行＋征信＋担保”的信用\n贷款新模式"
    d = diff_texts(local, nat)
    assert d.reuse_ratio == 1.0
    assert len(d.kept) == 1 and d.kept[0].text == local  # offsets span the line break


def test_short_coincidences_are_not_reuse():
    d = diff_texts("科技企业", "企业科技")
    assert d.kept == [] and d.reuse_ratio == 0.0 and d.dropped_chars == 4
    assert diff_texts("", NATIONAL).reuse_ratio == 0.0
    assert diff_texts(NATIONAL, None).local_novelty == 1.0


def test_fast_enough_for_an_api_call():
    # ~500-character texts sharing phrases in different orders (the realistic case).
    base = NATIONAL * 9
    local = (NATIONAL[20:] + "鼓励港澳、京津冀、长三角等地区优质服务机构入库" + NATIONAL[:20]) * 9
    nat, loc = base[:500], local[:500]
    d = diff_texts(loc, nat)  # warm up
    start = time.perf_counter()
    runs = 50
    for _ in range(runs):
        d = diff_texts(loc, nat)
    per_pair_ms = (time.perf_counter() - start) * 1000 / runs
    assert d.national_chars == 500
    assert per_pair_ms < 20, per_pair_ms


@pytest.mark.parametrize("local", [
    NATIONAL,
    "建立跨区域创新资源共享和财政支持的联动机制，实现省科技创新券在“全国使用、广东兑付”。",
    "推动财政支持创新的跨行政区域\n联动机制，\u3000通过统一服务机构登记标准 ＋ ＡＢＣ放宽服务机构注册地限制。",
    "",
    "企业",
])
def test_figures_are_the_diffs_figures(local):
    # Linking stores diff_figures; the trace and diff pages show diff_texts: the same numbers.
    d, f = diff_texts(local, NATIONAL), diff_figures(local, NATIONAL)
    assert (f.kept_chars, f.added_chars, f.dropped_chars, f.reuse_ratio, f.local_novelty) == (
        d.kept_chars, d.added_chars, d.dropped_chars, d.reuse_ratio, d.local_novelty)
    assert diff_figures(NATIONAL, local).dropped_chars == diff_texts(NATIONAL, local).dropped_chars
