"""Search and resolution: a measure or a region from the user's wording.

* :func:`search_measures` / :func:`list_measures`: measures by id or approximate wording,
  ranked (national first on ties), or filtered;
* :func:`resolve_measure`: ONE measure for an id, a printed number (:data:`NUMBER_RULE`) or
  wording, with how it was resolved; :func:`national_measure` follows a local measure to
  the national measure it adapts (what trace, path, timeline and the adoption pictures
  start from);
* :func:`resolve_region`: a region by name or code, with the regions below it.

How candidates are found cheaply at national scale: docs/QUESTIONS-AT-SCALE.md.
"""

from __future__ import annotations

import math
import re
from typing import Any

from rapidfuzz import fuzz

from base.errors import BadInputError, NotFoundError, QueryError, UnknownMeasureError
from graph.store import Store
from loaders import regions as region_ref
from policygraph.questions.common import LEVEL_ORDER, page, read, region_and_below, region_summary, snippet
from policygraph.similarity import normalise, title_score

# Search tuning. A hit must reach MIN_SCORE (0..1) to be shown; resolving wording to ONE
# measure (who-leads, trace) needs RESOLVE_SCORE so a vague query is refused, not guessed.
MIN_SCORE = 0.45
RESOLVE_SCORE = 0.6
RESOLVE_ALTERNATIVES = 5  # runners-up shown with a resolution
CANDIDATES = 300  # rows the CONTAINS query may return before Python re-ranks them
FULLTEXT_CANDIDATES = 50
MAX_QUERY_CHARS = 500
MAX_GRAMS = 80


_KEY = re.compile(r"[一二三四五六七八九十]{0,3}[.．、]?\d{1,3}|[一二三四五六七八九十]{1,3}")
_SPLIT = re.compile(r"[\s,，、;；:：。.!！?？/|“”\"'‘’《》〈〉()（）\[\]【】<>]+")


def _query_terms(q: str) -> tuple[str, list[str], list[str]]:
    """(normalised query, parts, character n-grams). Parts are what the user separated
    (科技创新券 通用通兑 -> two parts); n-grams (bigrams) catch approximate wording that
    no part matches exactly. Unigrams only for a one-character part."""
    parts = [normalise(p) for p in _SPLIT.split(q)]
    parts = [p for p in dict.fromkeys(parts) if p]
    grams: list[str] = []
    for p in parts:
        if len(p) == 1:
            grams.append(p)
        grams.extend(p[i:i + 2] for i in range(len(p) - 1))
    grams = list(dict.fromkeys(grams))[:MAX_GRAMS]
    return "".join(parts), parts, grams


def _score(parts: list[str], whole: str, title: str | None, content: str | None) -> tuple[float, str]:
    """How well a measure matches the query, 0..1, and whether title or content matched.

    Title first: the mean over parts of the best partial match in the title, or the
    verb-stripping title similarity for a whole restated title (建立… vs …). Content only
    counts when it beats the title, scaled down, so a measure named by the query ranks
    above one that merely mentions it; equal titles tie and national-first decides."""
    t = normalise(title)
    c = normalise(content)
    if not parts:
        return 0.0, "none"
    t_parts = sum(1.0 if p in t else fuzz.partial_ratio(p, t) / 100 for p in parts) / len(parts) if t else 0.0
    t_whole = title_score(whole, title) if t else 0.0
    title_part = max(t_parts, t_whole)
    content_part = 0.0
    if c:
        content_part = sum(1.0 if p in c else fuzz.partial_ratio(p, c) / 100 * 0.8 for p in parts) / len(parts)
    if title_part >= 0.9 * content_part:
        return round(title_part, 2), "title"
    return round(0.9 * content_part, 2), "content"


def _hit(row: dict[str, Any], score: float, matched: str) -> dict[str, Any]:
    return {
        "id": row["id"],
        "key": row.get("key"),
        "title": row.get("title"),
        "level": row.get("level"),
        "region": region_summary(row.get("region_id")),
        "document_id": row.get("document_id"),
        "batch": row.get("batch"),
        "category": row.get("category"),
        "status": row.get("status"),
        "scope": row.get("scope"),
        "date": row.get("date"),
        "untitled": bool(row.get("untitled")),
        "localisations": row.get("localisations"),
        "score": score,
        "matched": matched,
    }


def _rank_key(hit: dict[str, Any]) -> tuple[Any, ...]:
    # Best score first; national measures first on ties, then the most localised.
    return (-hit["score"], LEVEL_ORDER.get(hit["level"] or "", 3), -hit["localisations"], hit["id"])


def _check_query(q: str | None) -> str:
    q = (q or "").strip()
    if not q:
        raise BadInputError("The search text is empty (搜索内容为空).",
                            hint="Give a measure id or a few words of its title, e.g. q=科技创新券.")
    if len(q) > MAX_QUERY_CHARS:
        raise BadInputError(f"The search text is {len(q)} characters; at most {MAX_QUERY_CHARS} are used.",
                            hint="Search with the measure's title or a distinctive phrase.")
    return q


def search_measures(store: Store, q: str, *, level: str | None = None, region_ids: list[str] | None = None,
                    batch: int | None = None, limit: int = 20, offset: int = 0,
                    min_score: float = MIN_SCORE) -> dict[str, Any]:
    """Measures matching an id or approximate wording, best first (national first on ties),
    each with its score and how many localisations it has."""
    q = _check_query(q)
    hits: dict[str, dict[str, Any]] = {}
    exact = [(r, "id") for r in read(store, "find_measure_by_id", id=q)]
    if _KEY.fullmatch(q):
        # A printed number (12, 二.1) names a measure in many documents: all are exact hits.
        exact += [(r, "key") for r in read(store, "find_measures_by_key", key=re.sub(r"[．、]", ".", q))]
    for row, how in exact:
        if (level is None or row["level"] == level) and (region_ids is None or row["region_id"] in region_ids):
            hits.setdefault(row["id"], _hit(row, 1.0, how))
    whole, parts, grams = _query_terms(q)
    sources = ["id"]

    def add(rows: list[dict[str, Any]]) -> None:
        for row in rows:
            if row["id"] in hits:
                continue
            if level is not None and row.get("level") != level:
                continue
            if region_ids is not None and row.get("region_id") not in region_ids:
                continue
            score, matched = _score(parts, whole, row.get("title"), row.get("content"))
            if score >= min_score:
                hits[row["id"]] = _hit(row, score, matched)

    if grams:
        min_hits = max(1, math.ceil(len(grams) * 0.4))
        # 1. Every national measure that shares the wording: few, through the level index,
        # never cut by a candidate cap, so national-first on ties always has them to rank.
        if level in (None, "national"):
            add(read(store, "find_measures_national_text", grams=grams, parts=parts, min_hits=min_hits))
            sources.append("national")
        # 2. Measures whose title holds every part: perfect hits, found by a title-only scan
        # that stops once the page is full.
        need = offset + limit
        add(read(store, "find_measures_title_text", parts=parts, level=level, region_ids=region_ids,
                  limit=need))
        sources.append("title")
        # 3. Only when 1 and 2 do not fill the page with perfect (1.0) hits: the full-text
        # index (approximate wording in titles) and the CONTAINS scan of every Measure's title
        # and content (~85 % of a wording search at 1,000 documents). Nothing they find
        # could rank above a page of perfect hits (content-only matches score at most 0.9,
        # every national measure is already in from 1): they could only add more equally
        # perfect local hits, which tie on score and level.
        perfect = sum(1 for h in hits.values() if h["score"] >= 1.0 and (batch is None or h["batch"] == batch))
        if perfect < need:
            try:
                add(read(store, "find_measures_fulltext", grams=grams, parts=parts, limit=FULLTEXT_CANDIDATES))
                sources.append("fulltext")
            except QueryError:
                # No full-text index (e.g. a Neo4j database set up by hand): the scan
                # finds every measure sharing the query's n-grams, only less cheaply.
                pass
            add(read(store, "find_measures_text", grams=grams, parts=parts, min_hits=min_hits,
                      level=level, region_ids=region_ids, limit=CANDIDATES))
            sources.append("contains")
    ranked = sorted((h for h in hits.values() if batch is None or h["batch"] == batch), key=_rank_key)
    out = page(ranked, limit, offset)
    out["query"] = q
    out["sources"] = sources
    # Without the scan the perfect hits beyond the page were not all counted: the total
    # is then what was found, at least a page more than shown (a later page asks again).
    out["total_is_lower_bound"] = bool(grams) and "contains" not in sources
    return out


def list_measures(store: Store, *, level: str | None = None, batch: int | None = None,
                  region: str | None = None, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    region_ids = None
    if region:
        region_ids = region_and_below(resolve_region(store, region))
    params = {"level": level, "batch": batch, "region_ids": region_ids}
    total = read(store, "find_measures_count", **params)[0]["total"]
    rows = read(store, "find_measures_list", offset=offset, limit=limit, **params)
    items = [_hit(r, 1.0, "filter") | {"snippet": snippet(r.get("content"))} for r in rows]
    for it in items:
        it.pop("score")
        it.pop("matched")
    return {"total": total, "limit": limit, "offset": offset, "items": items}


NUMBER_RULE = ("A bare number (14, 二.1) names the national measure with that number in the latest batch "
               "whose list is loaded, unless a batch is given (batch=3 / --batch 3); a number that no "
               "national list uses falls back to the local measures printed with it.")


def resolved(measure: dict[str, Any], how: str) -> dict[str, Any]:
    """What a question was resolved to, for every answer: ``{id, title, how}``."""
    return {"id": measure["id"], "title": measure.get("title"), "how": how}


def _resolve_number(store: Store, text: str, batch: int | None,
                    level: str | None) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The bare-number rule (:data:`NUMBER_RULE`): one national measure, or None when no
    national list uses this number (and no batch was asked for)."""
    key = re.sub(r"[．、]", ".", text)
    rows = [r for r in read(store, "find_measures_by_key", key=key) if r["level"] == "national"]
    in_batches = sorted({r["batch"] for r in rows if r.get("batch") is not None})
    if batch is not None:
        rows = [r for r in rows if r.get("batch") == batch]
        if not rows:
            raise UnknownMeasureError(
                f"Batch {batch} has no national measure numbered {text} (第{batch}批没有第{text}项).",
                hint=(f"Measure {text} exists in batch(es) {', '.join(map(str, in_batches))}."
                      if in_batches else "Loaded batches: see /api/batches or `policygraph stats`."))
        how = f"bare number {text} with batch {batch}: national measure {text} of batch {batch}"
    elif rows:
        latest = max((r.get("batch") or 0) for r in rows)
        rows = [r for r in rows if (r.get("batch") or 0) == latest]
        others = [b for b in in_batches if b != latest]
        how = (f"bare number {text}: national measure {text} of batch {latest}, the latest batch loaded"
               + (f" (batch {', '.join(map(str, others))} also has a measure {text}; give batch= to choose)"
                  if others else ""))
    else:
        return None
    if level is not None and level != "national":
        return None
    best = _hit(sorted(rows, key=lambda r: r["id"])[0], 1.0, "number")
    return best, {"query": text, "method": "number", "score": 1.0, "alternatives": [],
                  "rule": NUMBER_RULE, "resolved": resolved(best, how)}


def resolve_measure(store: Store, text: str | None, *, level: str | None = None,
                    prefer_region_ids: list[str] | None = None,
                    batch: int | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """One measure for an id, a printed number or approximate wording: (measure summary,
    how it was resolved). The resolution always holds ``resolved: {id, title, how}``.

    A bare printed number follows :data:`NUMBER_RULE` everywhere (who-leads, trace, path,
    timeline, the CLI): the national measure of that number in the latest loaded batch, or
    of ``batch``. Wording resolves to the best-ranked hit (national first on ties) when it
    scores at least RESOLVE_SCORE; the runners-up are returned so a person can see the
    choice. ``prefer_region_ids`` only orders local measures printed with a number that no
    national list uses (二.1)."""
    text = _check_query(text)
    # An exact id names one measure: no wording search (a scan of every Measure, the
    # slowest part of trace / who-leads / path at 10,000 documents) and no alternatives.
    for row in read(store, "find_measure_by_id", id=text):
        if level is None or row["level"] == level:
            hit = _hit(row, 1.0, "id")
            return hit, {"query": text, "method": "id", "score": 1.0, "alternatives": [],
                         "resolved": resolved(hit, "id")}
    if _KEY.fullmatch(text):
        got = _resolve_number(store, text, batch, level)
        if got is not None:
            return got
    # The best hit and five runners-up are all that is used, except for a bare number,
    # whose key hits are re-sorted by region below: asking for only what is shown lets the
    # search skip its scan of every Measure when the index finds enough perfect hits.
    wanted = 50 if _KEY.fullmatch(text) else 1 + RESOLVE_ALTERNATIVES
    res = search_measures(store, text, level=level, limit=wanted, min_score=RESOLVE_SCORE, batch=batch)
    if prefer_region_ids and res["items"] and res["items"][0]["matched"] == "key":
        res["items"].sort(key=lambda h: (h["matched"] != "key",
                                         (h["region"] or {}).get("id") not in prefer_region_ids, _rank_key(h)))
    if not res["items"]:
        raise UnknownMeasureError(
            f"未找到措施 '{text}' (measure not found)" + (f" in batch {batch}." if batch is not None else "."),
            hint=f"Try /api/measures?q={text[:40]} to see close matches, or give a measure id "
                 "such as 国办发〔2020〕3号/2.",
        )
    best, *rest = res["items"]
    method = best["matched"] if best["matched"] in ("id", "key") else "wording"
    how = (f"printed number {text}: no national list uses it; the local measure "
           + ("of the region asked about" if prefer_region_ids else "ranked first") if method == "key"
           else f"wording, best match (score {best['score']})" if method == "wording" else "id")
    resolution = {
        "query": text,
        "method": method,
        "score": best["score"],
        "alternatives": [{k: h[k] for k in ("id", "title", "level", "score")}
                         for h in rest[:RESOLVE_ALTERNATIVES]],
        "resolved": resolved(best, how),
    }
    return best, resolution


def adapts_of(detail_row: dict[str, Any]) -> list[dict[str, Any]]:
    """The national measures a measure adapts, best first: each with every property
    linking put on the ADAPTS edge (score, method, diff figures, dept_relation, …)."""
    out = [{**(a.get("link") or {}), **{k: v for k, v in a.items() if k != "link"}}
           for a in detail_row["adapts"] or []]
    return sorted(out, key=lambda a: (-(a.get("score") or 0), a["id"]))



def national(store: Store, measure: str,
              batch: int | None = None) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Resolve to a national measure; a local one is followed to the national measure it
    adapts (when exactly one). Returns (summary, resolution, detail row)."""
    x, resolution = resolve_measure(store, measure, batch=batch)
    row = read(store, "find_measure_detail", id=x["id"])[0]
    if x["level"] == "national":
        return x, resolution, row
    parents = adapts_of(row)
    if not parents:
        raise BadInputError(
            f"{x['id']} is a local measure linked to no national measure; trace and path start "
            "from a national measure.",
            hint="Search national measures with /api/measures?level=national&q=…",
        )
    resolution["followed_from"] = x["id"]
    x2, _ = resolve_measure(store, parents[0]["id"])
    resolution["resolved"] = resolved(
        x2, f"{resolution['resolved']['how']}; {x['id']} is local, followed to the national measure it adapts")
    return x2, resolution, read(store, "find_measure_detail", id=x2["id"])[0]


def national_measure(store: Store, measure: str, *, batch: int | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """The national measure a wording, number or id names (a local one followed to the national
    measure it adapts), and how it was resolved: what trace, path and the adoption pictures start from."""
    x, resolution, _ = national(store, measure, batch)
    return x, resolution



def resolve_region(store: Store, text: str | None) -> dict[str, Any]:
    """A region by name (广东 / 广东省 / 石家庄), or 6-digit code, with the regions below it
    that the graph holds (a province includes its cities through PART_OF)."""
    t = (text or "").strip()
    if not t:
        raise BadInputError("The region is empty (地区为空).",
                            hint="Give a province or city name (广东, 广东省, 石家庄) or a code (440000).")
    rec = region_ref.get(t) if t.isdigit() else region_ref.lookup(t)
    region: dict[str, Any] | None = None
    if rec is not None:
        region = region_summary(rec.id)
    else:
        # A region the reference table lacks but a loaded document created.
        rows = read(store, "region_find", q=t)
        if rows:
            r = rows[0]
            region = {"id": r["id"], "name": r["name"], "short": r["short"], "level": r["level"]}
    if region is None:
        raise NotFoundError(
            f"未找到地区 '{t}' (region not found).",
            hint="Use a province or city name (广东, 广东省, 石家庄市) or a 6-digit code (440000); "
                 "/api/coverage lists the regions with loaded documents.",
        )
    rows = read(store, "region_get", id=region["id"])
    region["in_graph"] = bool(rows)
    below = rows[0]["below"] if rows else []
    region["below"] = sorted({b["id"]: b for b in below}.values(), key=lambda b: b["id"])
    parent = rows[0]["parent"] if rows else None
    if parent is None and rec is not None and rec.parent_id:
        parent = region_summary(rec.parent_id)
    region["parent"] = parent
    return region
