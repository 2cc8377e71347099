"""The loaders against the hand-read gold corpus (tests/corpus), document by document.

Every gold item must be found, and lead, co, shared and guide must be exact on at least 98 %
of a document's items (100 % on the project's five samples). The scorer and the comparison
rules are bench/corpus_score.py; the gold schema is tests/corpus/README.md. A document the
loaders cannot read yet fails here with the loader's own message: the corpus records what
real texts look like, and the parsers are measured against it, not the other way round.
"""

from __future__ import annotations

import copy

import pytest

from bench.corpus_score import (
    CORPUS,
    ROLES,
    GoldError,
    compare_item,
    found_items,
    gold_dirs,
    load_gold,
    pair,
    score_document,
)

DIRS = gold_dirs()
MIN_ROLES_RATE = 0.98
# Documents the loaders do not read right yet, each with why. Strict: the day one passes, the
# xfail turns red and must be removed from here (docs/STATUS.md lists the same gaps).
KNOWN_GAPS: dict[str, str] = {}


def _ocr_missing() -> bool:
    from loaders.formats import ocr

    return ocr.engine_name() is None


def _marked(dirs):
    out = []
    for d in dirs:
        marks = []
        if d.name in KNOWN_GAPS:
            marks.append(pytest.mark.xfail(reason=KNOWN_GAPS[d.name], strict=True))
        if d.name.startswith("format-scan-"):
            # the scan must be OCRed: `make test` installs the engine (the `ocr` extra)
            marks.append(pytest.mark.skipif(_ocr_missing(), reason="no OCR engine installed (pip install '.[ocr]')"))
        out.append(pytest.param(d, id=d.name, marks=marks))
    return out


def test_corpus_has_the_documents():
    names = [d.name for d in DIRS]
    samples = [n for n in names if n.startswith("sample-")]
    assert len(samples) == 5
    assert len(names) - len(samples) >= 14  # 10 stored public pages + the 4 texts of shared/real
    for d in DIRS:
        assert (d / "SOURCE.md").is_file(), d.name


@pytest.mark.parametrize("directory", DIRS, ids=[d.name for d in DIRS])
def test_gold_file_is_well_formed(directory):
    gold = load_gold(directory)  # raises GoldError on a schema fault
    assert gold.source.stat().st_size > 0
    for item in gold.items:
        named = [n for role in ROLES for n in getattr(item, role)]
        assert len(named) == len(set(named)), f"{item.key}: a name holds two roles"
        assert not any(n.endswith(("等", "等部门", "等单位")) for n in named), f"{item.key}: list tail kept"
        assert not set(named) & set(item.parties), f"{item.key}: a placeholder is also a department"


@pytest.mark.parametrize("directory", _marked(DIRS))
def test_extraction_matches_gold(directory):
    gold = load_gold(directory)
    s = score_document(gold)
    assert s.error is None, f"{gold.source.name} not read: {s.error}"
    assert not s.missing, f"gold items not found: {s.missing}; extracted but not in gold: {s.extra}"
    need = 1.0 if s.is_sample else MIN_ROLES_RATE
    wrong = [w for w in s.wrong if set(w) & set(ROLES)]
    assert s.roles_rate >= need, f"lead+co exact on {s.roles_exact}/{s.gold} items; wrong: {wrong}"


# ------------------------------------------------------------------ the scorer itself


def _guangdong():
    gold = load_gold(CORPUS / "sample-guangdong-third-batch-plan")
    from loaders.extract import extract_file

    return gold, extract_file(gold.source)


def test_scorer_sees_a_swapped_lead():
    gold, x = _guangdong()
    bad = copy.deepcopy(x)
    first = [ld for ld in bad.leads if ld.measure_id.endswith("/一.1")]
    first[0].role, first[1].role = "co", "lead"
    s = score_document(gold, bad)
    assert s.roles_exact == s.gold - 1
    assert [w["key"] for w in s.wrong if "lead" in w] == ["一.1"]


def test_scorer_sees_a_missing_and_an_extra_item():
    gold, x = _guangdong()
    bad = copy.deepcopy(x)
    dropped = bad.measures.pop(3)
    bad.leads = [ld for ld in bad.leads if ld.measure_id != dropped.id]
    bad.measures[0].key, bad.measures[0].title = "九.9", "不存在的举措"
    s = score_document(gold, bad)
    assert s.missing == ["一.1", "一.4"]
    assert s.extra == ["九.9 不存在的举措"]


def test_pairing_falls_back_to_the_number_then_the_title():
    gold, x = _guangdong()
    found = found_items(x)
    for f in found:
        f.key = f.key.replace("一.", "甲.")  # same numbers, other section label: paired by title
    matched, missing, extra = pair(gold.items, found, traditional=False)
    assert not missing and not extra and len(matched) == 16


def test_names_compare_after_folding_only():
    gold, x = _guangdong()
    g = copy.deepcopy(gold.items[0])
    f = next(it for it in found_items(x) if it.key == "一.1")
    assert compare_item(g, f, traditional=False).roles_ok
    f.co = [n + "等部门" for n in f.co]  # a kept list tail is a wrong name
    assert not compare_item(g, f, traditional=False).roles_ok


def test_bad_gold_is_refused(tmp_path):
    (tmp_path / "source.txt").write_text("（一）某项工作。（A牵头）\n", encoding="utf-8")
    (tmp_path / "gold.yaml").write_text(
        "source: source.txt\nitems:\n  - {key: '1', title: 某项工作, lead: A}\n", encoding="utf-8"
    )
    with pytest.raises(GoldError, match="lead must be a list"):
        load_gold(tmp_path)
