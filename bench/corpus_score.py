"""Score the loaders against the hand-read gold corpus in tests/corpus, item by item.

    python -m bench.corpus_score                 # per-document table and the total
    python -m bench.corpus_score --items         # also every item that is missing, extra or wrong
    python -m bench.corpus_score --json          # the same as JSON
    python -m bench.corpus_score --doc wuhu      # only documents whose name contains 'wuhu'

Each ``tests/corpus/<name>/gold.yaml`` names its text (``source:``, relative to the gold file)
and lists every item with its key, title and roles; tests/corpus/README.md gives the schema.
The text goes through ``loaders.extract.extract_file`` exactly as a user's file would.

How an extracted item is paired with a gold item, in this order:
1. the same key ('一.4' with '一.4');
2. the same number once the section is set aside ('4' with '二.4'), when only one unpaired
   item on the other side has it (documents number straight through their sections, or not);
3. the same title.
Unpaired gold items are *missing*, unpaired extracted items *extra*.

How names and titles are compared: gold records names as printed, minus list tails such as
等部门 / 等有关部门和单位 (the brief's "printed minus tails"); the extraction's names are
``LeadRecord.as_printed``. Both sides are folded the same way before comparing: NFKC (so
full-width ＋（：and half-width + ( : are equal, as the loaders' own normalisation makes them),
whitespace removed, and - for a traditional-character text, which the loaders convert with
OpenCC t2s - the gold strings converted with t2s too. Nothing else is forgiven: a name with a
pinyin annotation left in, a placeholder (各省级人民政府) kept as a department, or a lead
marked co is wrong. A title's trailing 。 is ignored.

An item's roles are exact when lead, co, shared and guide all equal gold as sets; ``presumed``
(the lead was only presumed from the printed order) is scored separately, on items where both
sides name a lead.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
ROLES = ("lead", "co", "shared", "guide")
# Gold entries for the project's five samples are named sample-*; the test holds them to 100 %.
SAMPLE_PREFIX = "sample-"
_GOLD_ITEM_FIELDS = {
    "key", "title", "lead", "co", "shared", "guide", "presumed", "parties", "untitled", "deadline", "leader",
}  # fmt: skip


# ------------------------------------------------------------------ gold


@dataclass
class GoldItem:
    key: str
    title: str | None = None
    lead: list[str] = field(default_factory=list)
    co: list[str] = field(default_factory=list)
    shared: list[str] = field(default_factory=list)
    guide: list[str] = field(default_factory=list)
    presumed: bool = False
    parties: list[str] = field(default_factory=list)
    untitled: bool = False
    deadline: str | None = None
    leader: str | None = None


@dataclass
class Gold:
    name: str
    source: Path
    document: dict[str, Any]
    lead_rule: str | None
    items: list[GoldItem]


class GoldError(ValueError):
    """A gold file that does not follow the schema in tests/corpus/README.md."""


def gold_dirs(corpus: Path = CORPUS) -> list[Path]:
    return sorted(p.parent for p in corpus.glob("*/gold.yaml"))


def load_gold(directory: Path) -> Gold:
    path = directory / "gold.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("items"), list) or not data["items"]:
        raise GoldError(f"{path}: needs a non-empty 'items' list")
    source = (directory / str(data.get("source", ""))).resolve()
    if not source.is_file():
        raise GoldError(f"{path}: source {data.get('source')!r} is not a file")
    items = []
    for raw in data["items"]:
        unknown = set(raw) - _GOLD_ITEM_FIELDS
        if unknown:
            raise GoldError(f"{path}: item {raw.get('key')!r} has unknown fields {sorted(unknown)}")
        item = GoldItem(**{k: v for k, v in raw.items()})
        item.key = str(item.key)
        for role in (*ROLES, "parties"):
            names = getattr(item, role)
            if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
                raise GoldError(f"{path}: item {item.key}: {role} must be a list of names")
        if not item.untitled and not item.title:
            raise GoldError(f"{path}: item {item.key} has no title and is not marked untitled")
        if item.presumed and not item.lead:
            raise GoldError(f"{path}: item {item.key} is presumed but names no lead")
        items.append(item)
    keys = [it.key for it in items]
    if len(set(keys)) != len(keys):
        raise GoldError(f"{path}: duplicate keys {sorted({k for k in keys if keys.count(k) > 1})}")
    return Gold(directory.name, source, data.get("document") or {}, data.get("lead_rule"), items)


# ------------------------------------------------------------------ extraction


@dataclass
class FoundItem:
    key: str
    title: str | None
    untitled: bool
    lead: list[str] = field(default_factory=list)
    co: list[str] = field(default_factory=list)
    shared: list[str] = field(default_factory=list)
    guide: list[str] = field(default_factory=list)
    presumed: bool = False


def found_items(extraction) -> list[FoundItem]:
    """The extraction's measures with their printed names grouped by role, in printed order."""
    by_measure: dict[str, list] = {}
    for ld in extraction.leads:
        by_measure.setdefault(ld.measure_id, []).append(ld)
    out = []
    for m in extraction.measures:
        leads = sorted(by_measure.get(m.id, []), key=lambda ld: ld.rank)
        item = FoundItem(key=m.key, title=m.title, untitled=m.untitled)
        for ld in leads:
            getattr(item, ld.role).append(ld.as_printed)
        item.presumed = bool(item.lead) and all(
            ld.rule == "presumed-first-listed" for ld in leads if ld.role == "lead"
        )
        out.append(item)
    return out


# ------------------------------------------------------------------ comparison


@lru_cache(maxsize=1)
def _t2s():
    from opencc import OpenCC

    return OpenCC("t2s")


def is_traditional(text: str) -> bool:
    from loaders.normalize import TRADITIONAL_THRESHOLD, traditional_ratio

    return traditional_ratio(text) > TRADITIONAL_THRESHOLD


def fold(s: str | None, traditional: bool) -> str:
    """The one folding applied to both sides before comparing (see the module docstring)."""
    if s is None:
        return ""
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))
    return _t2s().convert(s) if traditional else s


def _fold_title(s: str | None, traditional: bool) -> str:
    return fold(s, traditional).rstrip("。.")


def _number(key: str) -> str:
    return key.rsplit(".", 1)[-1]


def pair(gold: list[GoldItem], found: list[FoundItem], traditional: bool) -> tuple[list, list, list]:
    """(gold, found) pairs in gold order, the unpaired gold items, the unpaired found items."""
    pairs: dict[int, int] = {}
    free = set(range(len(found)))

    def claim(gi: int, candidates: list[int]) -> None:
        if len(candidates) == 1:
            pairs[gi] = candidates[0]
            free.discard(candidates[0])

    for gi, g in enumerate(gold):
        claim(gi, [fi for fi in free if found[fi].key == g.key][:1])
    for gi, g in enumerate(gold):
        if gi not in pairs:
            same = [fi for fi in free if _number(found[fi].key) == _number(g.key)]
            rivals = [gj for gj, h in enumerate(gold) if gj not in pairs and _number(h.key) == _number(g.key)]
            if len(rivals) == 1:
                claim(gi, same)
    for gi, g in enumerate(gold):
        if gi not in pairs and g.title:
            t = _fold_title(g.title, traditional)
            claim(gi, [fi for fi in free if _fold_title(found[fi].title, traditional) == t][:1])
    matched = [(gold[gi], found[fi]) for gi, fi in sorted(pairs.items())]
    missing = [g for gi, g in enumerate(gold) if gi not in pairs]
    extra = [found[fi] for fi in sorted(free)]
    return matched, missing, extra


@dataclass
class ItemDiff:
    key: str
    found_key: str
    title_ok: bool
    roles_ok: bool
    presumed_ok: bool | None  # None unless both sides name a lead
    wrong: dict[str, dict[str, Any]] = field(default_factory=dict)


def compare_item(g: GoldItem, f: FoundItem, traditional: bool) -> ItemDiff:
    wrong: dict[str, dict[str, Any]] = {}
    if g.untitled:
        title_ok = f.untitled or not f.title
    else:
        title_ok = _fold_title(g.title, traditional) == _fold_title(f.title, traditional)
    if not title_ok:
        wrong["title"] = {"gold": g.title, "found": f.title}
    for role in ROLES:
        want = {fold(n, traditional) for n in getattr(g, role)}
        got = {fold(n, traditional) for n in getattr(f, role)}
        if want != got:
            wrong[role] = {"gold": getattr(g, role), "found": getattr(f, role)}
    presumed_ok = None  # scored only where both sides name a lead; a missing lead is a roles fault
    if g.lead and f.lead:
        presumed_ok = g.presumed == f.presumed
        if not presumed_ok:
            wrong["presumed"] = {"gold": g.presumed, "found": f.presumed}
    roles_ok = not any(r in wrong for r in ROLES)
    return ItemDiff(g.key, f.key, title_ok, roles_ok, presumed_ok, wrong)


# ------------------------------------------------------------------ one document


@dataclass
class DocScore:
    name: str
    source: str
    layout: str | None
    error: str | None
    gold: int
    found: int
    matched: int
    title_exact: int
    roles_exact: int
    presumed_exact: int
    presumed_scored: int
    metadata: dict[str, dict[str, Any]]
    missing: list[str]
    extra: list[str]
    wrong: list[dict[str, Any]]

    @property
    def is_sample(self) -> bool:
        return self.name.startswith(SAMPLE_PREFIX)

    @property
    def roles_rate(self) -> float:
        """Share of gold items found with lead, co, shared and guide all exact."""
        return self.roles_exact / self.gold if self.gold else 0.0

    @property
    def title_rate(self) -> float:
        return self.title_exact / self.gold if self.gold else 0.0


def _source_text(path: Path) -> str:
    """The text as the loaders decode it (UTF-8, GB18030, ...); '' for a file they refuse (.pdf)."""
    from base.errors import PolicyGraphError
    from loaders.decode import read_file

    try:
        return read_file(path).text
    except PolicyGraphError:
        return ""


def _metadata(gold: Gold, extraction, traditional: bool) -> dict[str, dict[str, Any]]:
    d = extraction.document
    # A gold date of kind 发布日期/公布日期 (when the page put it online) is the loaders'
    # `published`, which they keep apart from the document's own date (成文日期).
    published_kind = gold.document.get("date_kind") in ("发布日期", "公布日期")
    found = {
        "title": d.title,
        "number": d.number,
        "issuer": d.issuer,
        "date": (d.published or d.date) if published_kind else d.date,
        "region": d.region_name,
    }
    out = {}
    for k, got in found.items():
        want = gold.document.get(k)
        if want is None and got is None:
            continue
        ok = fold(str(want), traditional) == fold(str(got), traditional) if want and got else False
        out[k] = {"gold": want, "found": got, "ok": ok}
    return out


def score_document(gold: Gold, extraction=None) -> DocScore:
    """Score one document. `extraction` defaults to ``extract_file(gold.source)``."""
    from loaders.extract import extract_file

    traditional = is_traditional(_source_text(gold.source))
    rel = str(gold.source.relative_to(ROOT)) if gold.source.is_relative_to(ROOT) else str(gold.source)
    if extraction is None:
        try:
            extraction = extract_file(gold.source)
        except Exception as e:  # a refusal is a result to report, not a crash of the scorer
            return DocScore(gold.name, rel, None, f"{type(e).__name__}: {e}", len(gold.items), 0, 0, 0, 0,
                            0, 0, {}, [g.key for g in gold.items], [], [])  # fmt: skip
    found = found_items(extraction)
    matched, missing, extra = pair(gold.items, found, traditional)
    diffs = [compare_item(g, f, traditional) for g, f in matched]
    return DocScore(
        name=gold.name,
        source=rel,
        layout=extraction.document.layout,
        error=None,
        gold=len(gold.items),
        found=len(found),
        matched=len(matched),
        title_exact=sum(d.title_ok for d in diffs),
        roles_exact=sum(d.roles_ok for d in diffs),
        presumed_exact=sum(bool(d.presumed_ok) for d in diffs),
        presumed_scored=sum(d.presumed_ok is not None for d in diffs),
        metadata=_metadata(gold, extraction, traditional),
        missing=[g.key for g in missing],
        extra=[f"{f.key} {f.title or ''}".strip() for f in extra],
        wrong=[{"key": d.key, "found_key": d.found_key, **d.wrong} for d in diffs if d.wrong],
    )


def score_corpus(corpus: Path = CORPUS, only: str | None = None) -> list[DocScore]:
    return [score_document(load_gold(d)) for d in gold_dirs(corpus) if not only or only in d.name]


# ------------------------------------------------------------------ report


def _pct(n: int, d: int) -> str:
    return f"{100 * n / d:.0f}%" if d else "-"


def table(scores: list[DocScore]) -> str:
    head = (
        "document",
        "layout",
        "gold",
        "found",
        "match",
        "title",
        "lead+co",
        "presumed",
        "meta",
        "missing",
        "extra",
    )
    rows = [head]
    for s in scores:
        meta_ok = sum(v["ok"] for v in s.metadata.values())
        rows.append((
            s.name, s.layout or "ERROR", str(s.gold), str(s.found), str(s.matched),
            _pct(s.title_exact, s.gold), _pct(s.roles_exact, s.gold), _pct(s.presumed_exact, s.presumed_scored),
            f"{meta_ok}/{len(s.metadata)}", str(len(s.missing)), str(len(s.extra)),
        ))  # fmt: skip
    g = sum(s.gold for s in scores)
    rows.append((
        "TOTAL", f"{sum(s.error is None for s in scores)}/{len(scores)} read", str(g), str(sum(s.found for s in scores)),
        str(sum(s.matched for s in scores)), _pct(sum(s.title_exact for s in scores), g),
        _pct(sum(s.roles_exact for s in scores), g),
        _pct(sum(s.presumed_exact for s in scores), sum(s.presumed_scored for s in scores)),
        f"{sum(sum(v['ok'] for v in s.metadata.values()) for s in scores)}/{sum(len(s.metadata) for s in scores)}",
        str(sum(len(s.missing) for s in scores)), str(sum(len(s.extra) for s in scores)),
    ))  # fmt: skip
    return aligned(rows)


def aligned(rows: list[tuple[str, ...]]) -> str:
    """A head row, body rows and a total row as columns padded to their display width (a CJK
    character is two wide), with a rule under the head and above the total."""
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c + " " * (w - _width(c)) for c, w in zip(r, widths, strict=True)) for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.insert(len(lines) - 1, lines[1])
    return "\n".join(lines)


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def details(scores: list[DocScore]) -> str:
    out = []
    for s in scores:
        if s.error:
            out.append(f"\n## {s.name}: not read: {s.error}")
            continue
        if not (s.missing or s.extra or s.wrong):
            continue
        out.append(f"\n## {s.name} ({s.layout})")
        if s.missing:
            out.append(f"  missing: {', '.join(s.missing)}")
        for e in s.extra:
            out.append(f"  extra:   {e[:80]}")
        for w in s.wrong:
            key = w["key"] if w["key"] == w["found_key"] else f"{w['key']} (found as {w['found_key']})"
            for what, v in w.items():
                if what not in ("key", "found_key"):
                    out.append(f"  {key} {what}: gold {v['gold']} | found {v['found']}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.corpus_score", description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", action="store_true", help="print JSON instead of the table")
    ap.add_argument("--items", action="store_true", help="also list missing, extra and wrong items")
    ap.add_argument("--doc", help="only documents whose directory name contains this")
    ap.add_argument("--corpus", type=Path, default=CORPUS, help="the corpus directory (default tests/corpus)")
    args = ap.parse_args(argv)
    scores = score_corpus(args.corpus, args.doc)
    if not scores:
        print(
            f"no gold.yaml under {args.corpus}" + (f" matching {args.doc!r}" if args.doc else ""),
            file=sys.stderr,
        )
        return 3
    if args.json:
        print(
            json.dumps(
                [{**asdict(s), "roles_rate": s.roles_rate} for s in scores], ensure_ascii=False, indent=1
            )
        )
    else:
        print(table(scores))
        if args.items:
            print(details(scores))
    return 0


if __name__ == "__main__":
    sys.exit(main())
