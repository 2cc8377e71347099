"""Scoring and assignment used by ADAPTS linking: pure functions, no database."""

from __future__ import annotations

import itertools
import random

import pytest

from policygraph.similarity import (
    ACCEPT,
    FLOOR,
    NationalIndex,
    PairScore,
    TfidfModel,
    assign,
    cosine,
    hungarian,
    measure_text,
    normalise,
    score_matrix,
    strip_leading_verbs,
    title_score,
)


def test_normalise_keeps_only_comparable_characters():
    assert normalise("“银行＋征信＋担保”的 中小企业\n信用贷款") == "银行征信担保的中小企业信用贷款"
    assert normalise(None) == ""


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("建立科技创新券跨区域“通用通兑”政策协同机制", "科技创新券跨区域通用通兑政策协同机制"),
        ("探索建立知识产权金融服务机制", "知识产权金融服务机制"),
        ("进一步完善科技信贷风险准备金", "科技信贷风险准备金"),
        ("对战略性科研项目实施滚动支持制度", "战略性科研项目实施滚动支持制度"),
        ("推进改革", "推进改革"),  # never stripped to nothing
    ],
)
def test_strip_leading_verbs(title, expected):
    assert strip_leading_verbs(title) == expected


def test_title_score_forgives_added_verbs_and_a_swapped_word():
    nat = "科技创新券跨区域“通用通兑”政策协同机制"
    assert title_score("建立" + nat, nat) == 1.0
    nat12 = "生物医药领域特殊物品出入境检验检疫“一站式”监管服务机制"
    assert title_score(nat12.replace("机制", "模式"), nat12) > 0.9
    assert title_score("推行" + nat12[:-2], nat12) > 0.9
    # Two different measures that share boilerplate stay well apart.
    assert title_score("建立跨区域的知识产权远程诉讼平台", "建立提供全方位证据服务的知识产权公证服务平台") < 0.5
    assert title_score(None, nat) == 0.0


def test_tfidf_cosine_bounds_and_idf_weighting():
    corpus = ["科技型中小企业公证服务平台", "科技型中小企业远程诉讼平台", "科技型中小企业仪器设备信用贷"]
    model = TfidfModel(corpus)
    v = [model.vector(t) for t in corpus]
    assert cosine(v[0], v[0]) == pytest.approx(1.0)
    assert cosine(v[0], model.vector("完全无关的文字")) == 0.0
    # Shared boilerplate (科技型中小企业) weighs less than the rare term (公证).
    assert model.idf("公证") > model.idf("企业")
    q = model.vector("开展公证业务")
    assert cosine(q, v[0]) > cosine(q, v[1])


def test_score_matrix_prefers_the_restated_measure():
    national = [
        ("科技创新券跨区域“通用通兑”政策协同机制", "推动财政支持创新的跨行政区域联动机制，实现企业异地采购科技服务。"),
        ("建立跨区域的知识产权远程诉讼平台", "知识产权法院设立远程诉讼服务处，建立诉讼咨询服务平台。"),
    ]
    local = [
        ("建立科技创新券跨区域“通用通兑”政策协同机制", "推动建立跨区域财政支持的联动机制，实现省科技创新券通用通兑。"),
        ("完善远程诉讼工作机制", "鼓励各地市设立远程诉讼服务处，完善诉讼咨询服务平台建设。"),
    ]
    m = score_matrix(local, national)
    assert m[0][0].score > m[0][1].score
    assert m[1][1].score > m[1][0].score
    assert all(0.0 <= s.score <= 1.0 for row in m for s in row)


def _brute_force(w):
    rows, cols = len(w), len(w[0])
    best = -1.0
    if rows <= cols:
        for perm in itertools.permutations(range(cols), rows):
            best = max(best, sum(w[i][perm[i]] for i in range(rows)))
    else:
        for perm in itertools.permutations(range(rows), cols):
            best = max(best, sum(w[perm[j]][j] for j in range(cols)))
    return best


@pytest.mark.parametrize("shape", [(1, 1), (3, 3), (4, 6), (6, 4), (5, 5)])
def test_hungarian_is_optimal(shape):
    rng = random.Random(sum(shape))
    for _ in range(20):
        w = [[round(rng.random(), 3) for _ in range(shape[1])] for _ in range(shape[0])]
        pairs = hungarian(w)
        assert len(pairs) == min(shape)
        assert len({i for i, _ in pairs}) == len({j for _, j in pairs}) == len(pairs)
        assert sum(w[i][j] for i, j in pairs) == pytest.approx(_brute_force(w))


def _ps(x: float) -> PairScore:
    return PairScore(x, x, x)


def test_assign_one_to_one_resolves_a_double_claim():
    # Both local items like national 0 best, but item 1 fits national 1 nearly as well:
    # the global assignment gives each its own parent.
    m = [[_ps(0.90), _ps(0.20)], [_ps(0.85), _ps(0.80)]]
    got = [(a.local, a.national) for a in assign(m)]
    assert got == [(0, 0), (1, 1)]
    # Without one-to-one each takes its best.
    assert [(a.local, a.national) for a in assign(m, one_to_one=False)] == [(0, 0), (1, 0)]


def test_assign_weak_pair_needs_to_be_mutual_best_with_a_margin():
    weak = (FLOOR + ACCEPT) / 2
    # Renamed item: weak, but clearly its own best and its parent's best -> linked.
    m = [[_ps(0.9), _ps(0.1)], [_ps(0.1), _ps(weak)]]
    got = assign(m)
    assert [(a.local, a.national, a.basis) for a in got] == [(0, 0, "accept"), (1, 1, "mutual-best")]
    # Same weak score but ambiguous (runner-up within the margin) -> unmatched.
    m = [[_ps(0.9), _ps(0.1), _ps(0.1)], [_ps(0.1), _ps(weak), _ps(weak - 0.02)]]
    assert [(a.local, a.national) for a in assign(m)] == [(0, 0)]
    # Under the floor nothing links, even if it is the only candidate.
    assert assign([[_ps(FLOOR - 0.01)]]) == []
    assert assign([]) == []


def test_index_scores_equal_the_cosine_of_the_model_vectors():
    # NationalIndex.scores computes the local vector inline (one lookup per n-gram); its
    # content score must be the cosine TfidfModel.vector gives, to the last bit.
    national = [("科技创新券通用通兑", "实现科技创新券在全国范围内通用通兑，企业异地购买科技服务。"),
                ("知识产权质押融资", "建立知识产权质押融资风险补偿机制。"),
                ("仪器设备开放共享", "大型科研仪器设备向社会开放共享，开放共享。开放共享。")]
    index = NationalIndex(national)
    local = ("推行科技创新券“全国使用、广东兑付”", "推动科技创新券全国通用通兑，开放共享大型仪器设备。" * 3)
    lv = index.model.vector(measure_text(*local))
    for j, s in enumerate(index.scores(*local)):
        nv = index.model.vector(measure_text(*national[j]))
        assert s.content_score == round(max(0.0, min(1.0, sum(v * nv.get(g, 0.0) for g, v in lv.items()))), 4)
