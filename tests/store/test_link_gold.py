"""ADAPTS links of the real pipeline against the hand-read link gold (tests/corpus/*/links.yaml).

The plans with link gold and the national lists they localise are loaded through
PolicyGraph.load with linking.relink, into a graph of this module's own, and scored by
bench.link_score (docs/LINK-GOLD.md). MEASURED holds the figures measured on the real texts;
a document below them fails, and a new links.yaml fails until its figures are added here.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from bench import link_score

pytestmark = pytest.mark.store

# (gold links, links found, correct), measured with `python -m bench.link_score`.
MEASURED: dict[str, tuple[int, int, int]] = {
    "sample-guangdong-third-batch-plan": (16, 16, 16),
    "sample-hebei-city-third-batch-tasks": (20, 20, 20),
    "sample-jilin-second-batch-plan": (20, 20, 20),
    # Negative controls: real local task lists dated after batches 2 and 3 that localise none
    # of the corpus's national measures (compared with all five national texts).
    "anshan-lishan-2023-tasks": (0, 0, 0),
    "chuzhou-2020-tasks": (0, 0, 0),
    "qiaocheng-kjj-2023-tasks": (0, 0, 0),
    "qingdao-2023-green-tasks": (0, 0, 0),
    "qingdao-2025-finance-npf": (0, 0, 0),
    "wuhu-2019-tasks": (0, 0, 0),
}


@pytest.fixture(scope="module")
def scored(store) -> Iterator[tuple[Any, list[link_score.LinkGold], link_score.Loaded, dict[str, link_score.LinkScore]]]:
    from graph.falkor import FalkorStore

    g = FalkorStore(store.server.data_dir, graph_name=f"t_linkgold_{uuid.uuid4().hex[:10]}")
    g.ensure_schema()
    try:
        golds = [link_score.load_links(d) for d in link_score.link_dirs()]
        loaded = link_score.load_corpus(g, golds)
        scores = {lg.name: link_score.score_document(g, lg, loaded) for lg in golds}
        yield g, golds, loaded, scores
    finally:
        g.delete_graph()
        g.close()


def test_every_document_with_link_gold_is_held(scored):
    assert set(scored[3]) == set(MEASURED)


@pytest.mark.parametrize("name", sorted(MEASURED))
def test_links_match_the_gold(scored, name):
    s = scored[3][name]
    gold, found, correct = MEASURED[name]
    assert s.gold == gold, "the link gold changed: re-measure and update MEASURED"
    floor_p, floor_r = (correct / found if found else 1.0), (correct / gold if gold else 1.0)
    assert s.precision >= floor_p and s.recall >= floor_r, (
        f"precision {s.correct}/{s.found}, recall {s.correct}/{s.gold}; wrong {s.wrong}; missing {s.missing}")


def test_scorer_sees_a_wrong_and_a_missing_link(scored):
    g, golds, loaded, scores = scored
    hebei = next(lg for lg in golds if lg.name == "sample-hebei-city-third-batch-tasks")
    links = dict(hebei.links)
    national = hebei.national
    links["1"] = [f"{national}/2"]  # the gold now says row 1 localises national 2
    s = link_score.score_document(g, dataclasses.replace(hebei, links=links), loaded)
    assert (s.gold, s.found, s.correct) == (20, 20, 19)
    assert [(w["local"], w["national"]) for w in s.wrong] == [("1", f"{national}/1")]
    assert [(m["local"], m["national"], m["linked_instead"]) for m in s.missing] == [
        ("1", f"{national}/2", [f"{national}/1"])]
    assert s.missing[0]["gold_pair"]["score"] < s.wrong[0]["score"]


def test_a_gold_of_none_counts_a_found_link_as_wrong(scored):
    g, golds, loaded, _ = scored
    jilin = next(lg for lg in golds if lg.name == "sample-jilin-second-batch-plan")
    s = link_score.score_document(g, dataclasses.replace(jilin, links={**jilin.links, "3": []}), loaded)
    assert (s.gold, s.found, s.correct) == (19, 20, 19)
    assert s.precision == 19 / 20 and s.recall == 1.0


def test_link_gold_must_cover_every_item(tmp_path):
    (tmp_path / "source.txt").write_text("（一）某项工作。（A牵头）\n（二）另一项工作。（B牵头）\n", encoding="utf-8")
    (tmp_path / "gold.yaml").write_text(
        "source: source.txt\nitems:\n  - {key: '1', title: 某项工作, lead: [A]}\n"
        "  - {key: '2', title: 另一项工作, lead: [B]}\n", encoding="utf-8")
    (tmp_path / "links.yaml").write_text(
        "national: sample-national-2020-3-third-batch\nlinks:\n  '1': ['2']\n", encoding="utf-8")
    with pytest.raises(link_score.LinkGoldError, match="missing \\['2'\\]"):
        link_score.load_links(tmp_path)
    (tmp_path / "links.yaml").write_text(
        "national: sample-national-2020-3-third-batch\nlinks:\n  '1': ['2']\n  '2': ['99']\n", encoding="utf-8")
    with pytest.raises(link_score.LinkGoldError, match="has no item '99'"):
        link_score.load_links(tmp_path)


def test_two_texts_with_the_same_file_name_stay_two_documents(fresh_store, tmp_path):
    """Found by bench.link_score (docs/LINK-GOLD.md): until session 7 the store took two files of
    the same base name as one file; 国发〔2018〕39号 from another folder's source.txt replaced
    国办发〔2018〕126号 and its batch. tests/store/test_same_file_name.py has the cases."""
    from policygraph.core import PolicyGraph
    from policygraph.linking import relink

    paths = []
    for entry in ("national-2018-126-second-batch", "national-2018-39-employment",
                  "chuzhou-2020-tasks", "wuhu-2019-tasks"):
        (tmp_path / entry).mkdir()
        paths.append(tmp_path / entry / "source.txt")
        paths[-1].write_bytes((link_score.CORPUS / entry / "source.txt").read_bytes())
    pg = PolicyGraph(fresh_store, relink=relink)
    for p in paths:  # one load per file, as a researcher adds folders one by one
        pg.load([p])
    ids = {r["id"] for r in fresh_store.read("document_list", {"offset": 0, "limit": 50}) if not r.get("stub")}
    assert len(ids) == 4, ids
    assert [b["measures_loaded"] for b in fresh_store.read("batch_list", {})] == [23]
