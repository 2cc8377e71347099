"""Score the ADAPTS links against the hand-read link gold in tests/corpus, link by link.

    python -m bench.link_score                 # per-document table and the total
    python -m bench.link_score --items         # also every wrong and every missing link
    python -m bench.link_score --json          # the same as JSON

A local plan's ``tests/corpus/<name>/links.yaml`` says, for every item of its gold.yaml,
which national measure(s) it localises, by the national list's gold keys (schema:
tests/corpus/README.md, "links.yaml"). It was written by reading the two texts side by side,
never by running the linker.

What is scored is the real pipeline: every local plan with link gold and every national list
its gold names go through ``PolicyGraph.load`` with ``linking.relink`` as the hook, into a
scratch embedded FalkorDB graph (as tests/store/test_linking.py loads the samples), and the
ADAPTS edges are read back with the named queries ``document_measures`` (a document's
measures and what each adapts) and ``link_adapts_pair`` (one link's method, basis and
scores, or why a measure is not linked). Local and national measures are paired with their
gold items by bench.corpus_score's pairing (key, then bare number, then title).

Per document: gold links, links found, correct, precision (correct / found) and recall
(correct / gold). A found link not in the gold is *wrong*, a gold link not found *missing*;
each is listed with the linker's method, basis and score, and a missing link also with what
the linker did with the item instead and the score the gold pair gets against its national
list (``similarity.NationalIndex`` fitted on that list: the pair's own score as the linker's
primary pass sees it when the list is the plan's batch).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bench.corpus_score import CORPUS, FoundItem, Gold, _source_text, aligned, is_traditional, load_gold, pair

_LINK_FIELDS = {"national", "links", "notes"}


# ------------------------------------------------------------------ gold


@dataclass
class LinkGold:
    name: str
    gold: Gold  # the local document's item gold
    national: str  # the corpus entry of the national list it localises (bare keys point there)
    links: dict[str, list[str]]  # local key -> national refs 'entry/key', in gold order
    notes: dict[str, str] = field(default_factory=dict)
    compared: list[str] = field(default_factory=list)  # every national list loaded with it


class LinkGoldError(ValueError):
    """A links.yaml that does not follow the schema in tests/corpus/README.md."""


def link_dirs(corpus: Path = CORPUS) -> list[Path]:
    return sorted(p.parent for p in corpus.glob("*/links.yaml"))


def national_ref(default: str, key: Any) -> str:
    """'entry/key' for a national key as written: bare ('2') means the file's own national
    list, 'entry/key' names another corpus entry."""
    k = str(key)
    return k if "/" in k else f"{default}/{k}"


def load_links(directory: Path, corpus: Path = CORPUS) -> LinkGold:
    path = directory / "links.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or set(data) - _LINK_FIELDS or not data.get("national"):
        raise LinkGoldError(f"{path}: needs 'national' (an entry or a list of entries) and 'links' "
                            "(and optional 'notes') only")
    gold = load_gold(directory)
    raw = data.get("links")
    if not isinstance(raw, dict):
        raise LinkGoldError(f"{path}: 'links' must map every local key to a list of national keys")
    raw = {str(k): v for k, v in raw.items()}
    keys = [it.key for it in gold.items]
    if set(raw) != set(keys):
        raise LinkGoldError(f"{path}: keys differ from gold.yaml's items: missing {sorted(set(keys) - set(raw))}, "
                            f"unknown {sorted(set(raw) - set(keys))}")
    compared = [str(e) for e in data["national"]] if isinstance(data["national"], list) else [str(data["national"])]
    national = compared[0]
    known: dict[str, set[str]] = {}
    for entry in compared:
        if not (corpus / entry / "gold.yaml").is_file():
            raise LinkGoldError(f"{path}: no corpus entry {entry!r}")
    links: dict[str, list[str]] = {}
    for k in keys:
        v = raw[k]
        if not isinstance(v, list):
            raise LinkGoldError(f"{path}: {k}: must be a list of national keys ([] for none)")
        refs = [national_ref(national, x) for x in v]
        for ref in refs:
            entry, nkey = ref.split("/", 1)
            if entry not in known:
                if not (corpus / entry / "gold.yaml").is_file():
                    raise LinkGoldError(f"{path}: {k}: no corpus entry {entry!r}")
                known[entry] = {it.key for it in load_gold(corpus / entry).items}
            if nkey not in known[entry]:
                raise LinkGoldError(f"{path}: {k}: {entry} has no item {nkey!r}")
        links[k] = refs
    notes = {str(k): str(v) for k, v in (data.get("notes") or {}).items()}
    if set(notes) - set(keys):
        raise LinkGoldError(f"{path}: notes for unknown keys {sorted(set(notes) - set(keys))}")
    return LinkGold(directory.name, gold, national, links, notes, compared)


def national_entries(golds: list[LinkGold]) -> list[str]:
    """Every national list the gold files name, in first-named order."""
    out: list[str] = []
    for g in golds:
        for e in [*g.compared, *(r.split("/", 1)[0] for refs in g.links.values() for r in refs)]:
            if e not in out:
                out.append(e)
    return out


# ------------------------------------------------------------------ the pipeline


@dataclass
class Loaded:
    """What the load wrote: each corpus entry's document id and its measures' gold keys."""

    documents: dict[str, str]  # entry -> document id
    keys: dict[str, str]  # measure id -> 'entry/gold key'
    local_keys: dict[str, dict[str, str]]  # entry -> measure id -> gold key (local entries)


def _measure_keys(store: Any, entry: str, gold: Gold, document_id: str) -> dict[str, str]:
    """measure id -> gold key, paired as bench.corpus_score pairs items."""
    rows = store.read("document_measures", {"id": document_id})
    found = [FoundItem(key=r["key"], title=r.get("title"), untitled=bool(r.get("untitled"))) for r in rows]
    by_found = {id(f): r["id"] for f, r in zip(found, rows, strict=True)}
    matched, _missing, _extra = pair(gold.items, found, is_traditional(_source_text(gold.source)))
    return {by_found[id(f)]: g.key for g, f in matched}


def load_corpus(store: Any, golds: list[LinkGold], corpus: Path = CORPUS) -> Loaded:
    """Load the national lists and the local plans through PolicyGraph.load with the real
    relink hook (national lists first, as a user would; the relink order does not depend on
    it) and map every measure back to its gold key."""
    from policygraph.core import PolicyGraph
    from policygraph.linking import relink

    nationals = {e: load_gold(corpus / e) for e in national_entries(golds)}
    entries: dict[str, Gold] = {**nationals, **{g.name: g.gold for g in golds}}
    # Corpus texts are all called source.txt: they load as the files they are (until session 7
    # the store took files of one name for one file; docs/LINK-GOLD.md, "Found").
    paths = {e: g.source for e, g in entries.items()}
    by_path = {str(p): e for e, p in paths.items()}
    report = PolicyGraph(store, relink=relink).load(list(paths.values()))
    documents: dict[str, str] = {}
    for f in report.files:
        if f.status == "failed" or not f.document_id:
            raise RuntimeError(f"{f.path} did not load: {f.error}")
        if f.status == "duplicate":  # its measures are another entry's: nothing of its own to score
            raise RuntimeError(f"{f.path} was taken as a duplicate of {f.duplicate_of}: {f.warnings[:1]}")
        documents[by_path[f.path]] = f.document_id
    keys: dict[str, str] = {}
    local_keys: dict[str, dict[str, str]] = {}
    for e, g in entries.items():
        mk = _measure_keys(store, e, g, documents[e])
        keys.update({mid: f"{e}/{k}" for mid, k in mk.items()})
        if e not in nationals:
            local_keys[e] = mk
    return Loaded(documents, keys, local_keys)


# ------------------------------------------------------------------ scoring


@dataclass
class LinkScore:
    name: str
    national: str
    items: int
    gold: int  # gold links
    found: int  # ADAPTS links written
    correct: int
    wrong: list[dict[str, Any]]
    missing: list[dict[str, Any]]
    by_position: int  # of the found links, made by category-position (count-only items)
    compared: int  # national lists loaded for it (its own first)
    mutual_best: int  # of the correct links, taken under ACCEPT as an unambiguous mutual best
    weakest: dict[str, Any] | None  # the correct text link with the lowest score: how close to a miss
    closest_none: dict[str, Any] | None = None  # an item linked to nothing, nearest to a national measure

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 1.0


def _national_index(store: Any, document_id: str) -> tuple[Any, list[str]]:
    from policygraph import similarity

    rows = [r for r in store.read("link_document_measures", {"id": document_id})
            if not r["measure"].get("untitled") and r["measure"].get("title")]
    index = similarity.NationalIndex([(r["measure"].get("title"), r["measure"].get("content")) for r in rows])
    return index, [r["measure"]["id"] for r in rows]


def score_document(store: Any, lg: LinkGold, loaded: Loaded) -> LinkScore:
    """Compare the ADAPTS edges of one loaded local document with its link gold."""
    local = loaded.local_keys[lg.name]
    gold_pairs = {(k, ref) for k, refs in lg.links.items() for ref in refs}
    found: dict[tuple[str, str], dict[str, Any]] = {}
    status: dict[str, dict[str, Any]] = {}  # local gold key -> what the linker did
    for mid, key in local.items():
        for row in store.read("link_adapts_pair", {"id": mid}):
            status[key] = row["local"]
            if row.get("national"):
                ref = loaded.keys.get(row["national"]["id"], f"?/{row['national']['id']}")
                found[(key, ref)] = {**(row.get("adapts") or {}), "national_title": row["national"].get("title")}
    correct = gold_pairs & set(found)
    indexes: dict[str, Any] = {}

    def gold_pair_score(key: str, ref: str) -> dict[str, Any] | None:
        entry = ref.split("/", 1)[0]
        mid = next((m for m, k in local.items() if k == key), None)
        nid = next((m for m, r in loaded.keys.items() if r == ref), None)
        if mid is None or nid is None:
            return None
        if entry not in indexes:
            indexes[entry] = _national_index(store, loaded.documents[entry])
        index, ids = indexes[entry]
        if nid not in ids:
            return None  # a count-only national measure: no text to score
        m = store.read("link_adapts_pair", {"id": mid})[0]["local"]
        s = index.scores(m.get("title"), m.get("content"))[ids.index(nid)]
        return {"score": s.score, "title_score": s.title_score, "content_score": s.content_score}

    def closest(key: str) -> dict[str, Any] | None:
        """The best-scoring national measure of the compared lists for an item the gold links
        to nothing: how near it came to a false link (each list's own TF-IDF fit, so only
        indicative of the linker's score, which fits the whole candidate set)."""
        mid = next((m for m, k in local.items() if k == key), None)
        if mid is None or lg.gold.items[[it.key for it in lg.gold.items].index(key)].untitled:
            return None
        m = store.read("link_adapts_pair", {"id": mid})[0]["local"]
        best: dict[str, Any] | None = None
        for entry in lg.compared:
            if entry not in indexes:
                indexes[entry] = _national_index(store, loaded.documents[entry])
            index, ids = indexes[entry]
            for nid, sc in zip(ids, index.scores(m.get("title"), m.get("content")), strict=True):
                if best is None or sc.score > best["score"]:
                    best = {"local": key, "national": loaded.keys.get(nid, nid), "score": sc.score,
                            "title_score": sc.title_score, "content_score": sc.content_score}
        return best

    wrong = []
    for (key, ref), a in sorted(found.items()):
        if (key, ref) in correct:
            continue
        wrong.append({"local": key, "national": ref, "gold": lg.links.get(key, []),
                      "national_title": a.get("national_title"), "method": a.get("method"),
                      "basis": a.get("basis"), "score": a.get("score"), "title_score": a.get("title_score"),
                      "content_score": a.get("content_score"), "runner_up": a.get("runner_up")})
    missing = []
    for key, ref in sorted(gold_pairs - correct):
        instead = [r for (k, r) in found if k == key]
        st = status.get(key) or {}
        missing.append({"local": key, "national": ref, "linked_instead": instead,
                        "link_status": st.get("link_status") if not instead else "linked",
                        "link_note": st.get("link_note") if not instead else None,
                        "gold_pair": gold_pair_score(key, ref), "note": lg.notes.get(key)})
    nones = [c for c in (closest(k) for k, refs in lg.links.items() if not refs
                         and not any(fk == k for fk, _ in found)) if c is not None]
    closest_none = max(nones, key=lambda c: c["score"]) if nones else None
    texted = sorted(((found[p].get("score") or 0.0, p) for p in correct
                     if found[p].get("method") != "category-position"), key=lambda t: t[0])
    weakest = None
    if texted:
        score, (key, ref) = texted[0]
        a = found[(key, ref)]
        weakest = {"local": key, "national": ref, "score": score, "basis": a.get("basis"),
                   "title_score": a.get("title_score"), "content_score": a.get("content_score"),
                   "runner_up": a.get("runner_up")}
    return LinkScore(
        name=lg.name, national=lg.national, items=len(lg.gold.items), gold=len(gold_pairs), found=len(found),
        correct=len(correct), wrong=wrong, missing=missing,
        by_position=sum(1 for a in found.values() if a.get("method") == "category-position"),
        compared=len(lg.compared),
        mutual_best=sum(1 for p in correct if found[p].get("basis") == "mutual-best"),
        weakest=weakest,
        closest_none=closest_none,
    )


def score_all(store: Any, corpus: Path = CORPUS, only: str | None = None) -> list[LinkScore]:
    """Load every plan with link gold (and its national lists) into ``store`` (an empty
    graph) and score each; ``only`` keeps the documents whose name contains it (all are
    loaded either way, so the candidates are the same)."""
    golds = [load_links(d, corpus) for d in link_dirs(corpus)]
    loaded = load_corpus(store, golds, corpus)
    return [score_document(store, g, loaded) for g in golds if not only or only in g.name]


def score_scratch(corpus: Path = CORPUS, only: str | None = None) -> list[LinkScore]:
    """score_all into a scratch embedded FalkorDB store, removed afterwards."""
    from graph.falkor import FalkorStore

    with tempfile.TemporaryDirectory(prefix="pg-link-score-") as d:
        store = FalkorStore(Path(d) / "data")
        try:
            store.ensure_schema()
            return score_all(store, corpus, only)
        finally:
            store.close()


# ------------------------------------------------------------------ report


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def table(scores: list[LinkScore]) -> str:
    head = ("document", "national list", "items", "gold", "found", "correct", "precision", "recall",
            "by position", "mutual-best", "weakest correct", "closest of the gold-none")
    rows = [head]
    for s in scores:
        w = s.weakest
        rows.append((s.name, s.national + (f" +{s.compared - 1}" if s.compared > 1 else ""), str(s.items), str(s.gold), str(s.found), str(s.correct),
                     _pct(s.precision), _pct(s.recall), str(s.by_position), str(s.mutual_best),
                     f"{w['local']} {_fig(w['score'])} (runner-up {_fig(w['runner_up'])})" if w else "-",
                     f"{c['local']} {_fig(c['score'])} ({c['national']})" if (c := s.closest_none) else "-"))
    g, f, c = (sum(getattr(s, a) for s in scores) for a in ("gold", "found", "correct"))
    rows.append(("TOTAL", "", str(sum(s.items for s in scores)), str(g), str(f), str(c),
                 _pct(c / f if f else 1.0), _pct(c / g if g else 1.0), str(sum(s.by_position for s in scores)),
                 str(sum(s.mutual_best for s in scores)), "", ""))
    return aligned(rows)


def _fig(x: Any) -> str:
    return "-" if x is None else f"{x:.2f}" if isinstance(x, float) else str(x)


def details(scores: list[LinkScore]) -> str:
    out = []
    for s in scores:
        if not s.wrong and not s.missing:
            continue
        out.append(f"\n{s.name}")
        for w in s.wrong:
            out.append(f"  wrong    {w['local']} -> {w['national']} ({w['national_title'] or 'count-only'}); "
                       f"gold {w['gold'] or 'none'}; {w['method']} {w['basis']} score {_fig(w['score'])} "
                       f"(title {_fig(w['title_score'])}, content {_fig(w['content_score'])}, "
                       f"runner-up {_fig(w['runner_up'])})")
        for m in s.missing:
            gp = m["gold_pair"]
            pair_s = (f"gold pair score {_fig(gp['score'])} (title {_fig(gp['title_score'])}, "
                      f"content {_fig(gp['content_score'])})" if gp else "gold pair not scorable (count-only)")
            did = (f"linked to {', '.join(m['linked_instead'])}" if m["linked_instead"]
                   else f"{m['link_status']}: {m['link_note']}")
            out.append(f"  missing  {m['local']} -> {m['national']}; {did}; {pair_s}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--items", action="store_true", help="list every wrong and missing link")
    ap.add_argument("--json", action="store_true", help="print the scores as JSON")
    ap.add_argument("--doc", help="only documents whose name contains this")
    args = ap.parse_args(argv)
    scores = score_scratch(only=args.doc)
    if args.json:
        print(json.dumps([{**asdict(s), "precision": s.precision, "recall": s.recall} for s in scores],
                         ensure_ascii=False, indent=2))
        return 0
    print(table(scores))
    if args.items:
        print(details(scores))
    return 0


if __name__ == "__main__":
    sys.exit(main())
