"""Question answering over a Store: the shaping behind every API answer and CLI report.

Each public function takes a :class:`graph.store.Store` (never opens one), runs named
read queries from queries/cypher/ with ``$params`` only, and returns plain dicts and lists
ready for JSON. Handlers in api/ stay thin: parse parameters, call one function here.

Why the shaping lives in Python and not in Cypher: FalkorDB and Neo4j differ in what
they can compute (no date functions on FalkorDB, map projections of a missing node
give a map of nulls on FalkorDB but null on Neo4j), so queries return raw facts and
this module computes lags, groups rows and ranks search hits the same way for both.

Errors: unknown things raise :class:`NotFoundError` / :class:`UnknownMeasureError`
(404), unusable parameters :class:`BadInputError` (422), each with a message that says
what to try next.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from typing import Any

from rapidfuzz import fuzz

from base.errors import BadInputError, NotFoundError, QueryError, UnknownMeasureError
from graph.store import Store
from loaders import regions as region_ref
from policygraph.dates import (
    dating,
    lag_days,  # the one lag: days between two full ISO days
)
from policygraph.diff import diff_texts
from policygraph.linking import diff_for_measure
from policygraph.similarity import measure_text, normalise, title_score

# Search tuning. A hit must reach MIN_SCORE (0..1) to be shown; resolving wording to ONE
# measure (who-leads, trace) needs RESOLVE_SCORE so a vague query is refused, not guessed.
MIN_SCORE = 0.45
RESOLVE_SCORE = 0.6
RESOLVE_ALTERNATIVES = 5  # runners-up shown with a resolution
CANDIDATES = 300  # rows the CONTAINS query may return before Python re-ranks them
FULLTEXT_CANDIDATES = 50
MAX_QUERY_CHARS = 500
MAX_GRAMS = 80

LEVEL_ORDER = {"national": 0, "provincial": 1, "municipal": 2}
REGION_LEVEL_ORDER = {"country": 0, "province": 1, "city": 2}
COUNTRY_ID = region_ref.COUNTRY_ID

RULE_EXPLAINED = {
    "stated-first-leads": "the text says the first-listed department leads (排在首位的部门为牵头单位)",
    "stated-lead": "the text names the lead (…牵头负责)",
    "stated-shared": "the text says the departments share the work (按职责分工负责); there is no single lead",
    "presumed-first-listed": "the text states no rule; by convention the first-listed department "
                             "is presumed to lead",
    "guiding-department": "national guiding department (指导部门); it guides, it does not lead locally",
}


# ---------------------------------------------------------------------------------------
# small helpers


def _read(store: Store, name: str, **params: Any) -> list[dict[str, Any]]:
    return store.read(name, params)


def _obj(value: Any) -> dict[str, Any] | None:
    """A map projection of an OPTIONAL MATCH that found nothing: None on Neo4j, a map of
    nulls on FalkorDB. Both become None here."""
    if not value or not isinstance(value, dict):
        return None
    if all(v is None for v in value.values()):
        return None
    return value


def _int(value: Any) -> int:
    # FalkorDB returns sum() as a float.
    return int(value or 0)


def _region_summary(region_id: str | None) -> dict[str, Any] | None:
    """Name and level of a region from the reference table (no query needed)."""
    if not region_id:
        return None
    rec = region_ref.get(region_id)
    if rec is None:
        return {"id": region_id, "name": None, "short": None, "level": None}
    return {"id": rec.id, "name": rec.name, "short": rec.short, "level": rec.level}


def _snippet(text: str | None, n: int = 120) -> str | None:
    if not text:
        return None
    return text if len(text) <= n else text[:n] + "…"


def page(items: list[Any], limit: int, offset: int) -> dict[str, Any]:
    return {"total": len(items), "limit": limit, "offset": offset, "items": items[offset:offset + limit]}


# ---------------------------------------------------------------------------------------
# search: id or approximate Chinese wording


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
        "region": _region_summary(row.get("region_id")),
        "document_id": row.get("document_id"),
        "batch": row.get("batch"),
        "category": row.get("category"),
        "status": row.get("status"),
        "scope": row.get("scope"),
        "date": row.get("date"),
        "untitled": bool(row.get("untitled")),
        "localisations": _int(row.get("localisations")),
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
    exact = [(r, "id") for r in _read(store, "find_measure_by_id", id=q)]
    if _KEY.fullmatch(q):
        # A printed number (12, 二.1) names a measure in many documents: all are exact hits.
        exact += [(r, "key") for r in _read(store, "find_measures_by_key", key=re.sub(r"[．、]", ".", q))]
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
            add(_read(store, "find_measures_national_text", grams=grams, parts=parts, min_hits=min_hits))
            sources.append("national")
        # 2. Measures whose title holds every part: perfect hits, found by a title-only scan
        # that stops once the page is full.
        need = offset + limit
        add(_read(store, "find_measures_title_text", parts=parts, level=level, region_ids=region_ids,
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
                add(_read(store, "find_measures_fulltext", grams=grams, parts=parts, limit=FULLTEXT_CANDIDATES))
                sources.append("fulltext")
            except QueryError:
                # No full-text index (e.g. a Neo4j database set up by hand): the scan
                # finds every measure sharing the query's n-grams, only less cheaply.
                pass
            add(_read(store, "find_measures_text", grams=grams, parts=parts, min_hits=min_hits,
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
        r = resolve_region(store, region)
        region_ids = [r["id"], *[b["id"] for b in r["below"]]]
    params = {"level": level, "batch": batch, "region_ids": region_ids}
    total = _int(_read(store, "find_measures_count", **params)[0]["total"])
    rows = _read(store, "find_measures_list", offset=offset, limit=limit, **params)
    items = [_hit(r, 1.0, "filter") | {"snippet": _snippet(r.get("content"))} for r in rows]
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
    rows = [r for r in _read(store, "find_measures_by_key", key=key) if r["level"] == "national"]
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
    for row in _read(store, "find_measure_by_id", id=text):
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


def _adapts(detail_row: dict[str, Any]) -> list[dict[str, Any]]:
    """The national measures a measure adapts, best first: each with every property
    linking put on the ADAPTS edge (score, method, diff figures, dept_relation, …)."""
    out = [{**(a.get("link") or {}), **{k: v for k, v in a.items() if k != "link"}}
           for a in detail_row["adapts"] or []]
    return sorted(out, key=lambda a: (-(a.get("score") or 0), a["id"]))


def measure_detail(store: Store, measure: str, *, batch: int | None = None) -> dict[str, Any]:
    """One measure with its document, region, batch, departments, ADAPTS links and (for a
    local measure) the localisation diff against the national measure it adapts.

    Flat: the measure's own fields at the top level (as /api/measures items), related
    things as nested objects, so a page reads ``title`` and ``document.title`` alike."""
    m, resolution = resolve_measure(store, measure, batch=batch)
    row = _read(store, "find_measure_detail", id=m["id"])[0]
    deps = _departments_by_measure(store, [m["id"]]).get(m["id"], [])
    adapts = _adapts(row)
    diff = None
    if adapts:
        try:
            diff = diff_for_measure(store, m["id"])["diff"]
        except NotFoundError:
            diff = None  # linked a moment ago and unlinked since: no diff rather than an error
    batch_row = _obj(row["batch"])
    resp = _responsibility(deps)
    return {
        **row["measure"],
        "untitled": bool(row["measure"].get("untitled")),
        "batch": (batch_row or {}).get("number") or m.get("batch"),
        "batch_info": batch_row,
        "document": _obj(row["document"]),
        "region": _obj(row["region"]) or _region_summary(row["measure"].get("region_id")),
        "departments": resp["departments"],
        "responsibility": resp,
        "localisations": m["localisations"],
        "adapts": adapts,
        "adapted_by": sorted(row["adapted_by"] or [], key=lambda a: (LEVEL_ORDER.get(a.get("level") or "", 3),
                                                                    a.get("region_id") or "", a["id"])),
        "diff": diff,
        "resolution": resolution,
        "resolved": resolution["resolved"],
    }


# ---------------------------------------------------------------------------------------
# regions


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
        region = {"id": rec.id, "name": rec.name, "short": rec.short, "level": rec.level}
    else:
        # A region the reference table lacks but a loaded document created.
        rows = _read(store, "region_find", q=t)
        if rows:
            r = rows[0]
            region = {"id": r["id"], "name": r["name"], "short": r["short"], "level": r["level"]}
    if region is None:
        raise NotFoundError(
            f"未找到地区 '{t}' (region not found).",
            hint="Use a province or city name (广东, 广东省, 石家庄市) or a 6-digit code (440000); "
                 "/api/coverage lists the regions with loaded documents.",
        )
    rows = _read(store, "region_get", id=region["id"])
    region["in_graph"] = bool(rows)
    below = rows[0]["below"] if rows else []
    region["below"] = sorted({b["id"]: b for b in below}.values(), key=lambda b: b["id"])
    parent = _obj(rows[0]["parent"]) if rows else None
    if parent is None and rec is not None and rec.parent_id:
        parent = _region_summary(rec.parent_id)
    region["parent"] = parent
    return region


# ---------------------------------------------------------------------------------------
# responsibility (who leads)


def _departments_by_measure(store: Store, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    if not ids:
        return out
    for r in _read(store, "find_measure_departments", ids=ids):
        out[r["measure_id"]].append({
            "as_printed": r["as_printed"],
            "canonical": r["canonical"],
            "department_id": r["department_id"],
            "role": r["role"],
            "rank": r["rank"],
            "rule": r["rule"],
            "line": r["line"],
            "method": r["method"],
            "score": r["score"],
        })
    return out


def _responsibility(deps: list[dict[str, Any]]) -> dict[str, Any]:
    """Who leads one measure, in the document's own terms.

    shared -> every sharing department is named (no single lead); a lead presumed from
    the printed order says so; guides (national 指导部门) are kept apart."""
    deps = sorted(deps, key=lambda d: (d["rank"] or 0, d["department_id"]))
    shared = [d for d in deps if d["role"] == "shared"]
    leads = [d for d in deps if d["role"] == "lead"]
    co = [d for d in deps if d["role"] == "co"]
    guides = [d for d in deps if d["role"] == "guide"]
    rules = [d["rule"] for d in deps if d.get("rule")]
    rule = rules[0] if rules else None
    if shared:
        names = "、".join(d["as_printed"] for d in shared)
        statement = f"shared by {names} (no single lead)"
    elif leads:
        names = "、".join(f"{d['as_printed']} ({d['canonical']})" if d["canonical"] != d["as_printed"]
                         else d["as_printed"] for d in leads)
        statement = f"{names} leads" + ("; presumed from the printed order" if rule == "presumed-first-listed" else "")
    elif guides:
        statement = "guided by " + "、".join(d["as_printed"] for d in guides)
    else:
        statement = "no responsible department is printed"
    return {
        "lead": shared or leads,
        "co": co,
        "guides": guides,
        "shared_lead": bool(shared),
        "presumed_lead": rule == "presumed-first-listed",
        "rule": rule,
        "rule_explained": RULE_EXPLAINED.get(rule or ""),
        "statement": statement,
        "departments": deps,
    }


WHO_LEADS_PAGE = 20  # answers from the regions below a province, per page


def who_leads(store: Store, measure: str, region: str, *, limit: int = WHO_LEADS_PAGE,
              offset: int = 0, batch: int | None = None) -> dict[str, Any]:
    """Who leads measure X in region Y (a province includes its cities).

    X national: its localisations (ADAPTS) in Y. X local and in Y: X itself. X local
    elsewhere: the localisations in Y of the national measure(s) X adapts.

    The answer is sized to the question: Y's own answers always come first and whole; the
    answers from the regions below Y (a province's cities) are summarised (how many, in how
    many regions) and paged with `limit`/`offset`. At national scale a province holds hundreds
    of city answers; sending them all made each answer ~430 KB and ~300 ms."""
    reg = resolve_region(store, region)
    region_ids = [reg["id"], *[b["id"] for b in reg["below"]]]
    x, resolution = resolve_measure(store, measure, prefer_region_ids=region_ids, batch=batch)
    answers: list[dict[str, Any]] = []
    note = None
    if x["level"] != "national" and x["region"] and x["region"]["id"] in region_ids:
        for row in _read(store, "who_leads_measures", ids=[x["id"]]):
            adapts = sorted(row["adapts"] or [], key=lambda a: -(a.get("score") or 0))
            answers.append(_answer(row, adapts[0] if adapts else None, "self"))
    else:
        nationals = [x["id"]] if x["level"] == "national" else [
            a["id"] for a in _adapts(_read(store, "find_measure_detail", id=x["id"])[0])]
        if not nationals:
            note = (f"{x['id']} is a local measure of another region and is linked (ADAPTS) to no "
                    "national measure, so it has no counterpart in this region.")
        for nid in nationals:
            for row in _read(store, "who_leads_localisations", id=nid, region_ids=region_ids):
                link = _obj(row["adapts"]) or {}
                answers.append(_answer(row, {"id": nid, **link}, "adapts" if nid == x["id"] else "via-national"))
    own = [a for a in answers if (a["region"] or {}).get("id") == reg["id"]]
    below = [a for a in answers if (a["region"] or {}).get("id") != reg["id"]]
    shown = own + below[offset: offset + limit]
    # Departments only for the answers sent: the lookup was most of the time at scale.
    deps = _departments_by_measure(store, [a["measure"]["id"] for a in shown])
    for a in shown:
        a.update(_responsibility(deps.get(a["measure"]["id"], [])))
    if not answers and note is None:
        note = (f"No measure of {reg['name']} (or the regions below it) is linked to {x['id']}: "
                "it was not localised there, or its plan is not loaded.")
    below_regions = sorted({(a["region"] or {}).get("id") or "" for a in below})
    return {
        "query": {"measure": measure, "region": region},
        "measure": {k: x[k] for k in ("id", "key", "title", "level", "region", "document_id", "batch")},
        "resolution": resolution,
        "resolved": resolution["resolved"],
        "region": {k: reg[k] for k in ("id", "name", "short", "level")} | {"includes": region_ids},
        "answers": shown,
        "counts": {"own": len(own), "below": len(below), "below_regions": len(below_regions),
                   "shown": len(shown)},
        "below_page": {"limit": limit, "offset": offset,
                       "next_offset": offset + limit if offset + limit < len(below) else None},
        "note": note,
    }


def _answer(row: dict[str, Any], adapts: dict[str, Any] | None, via: str) -> dict[str, Any]:
    m = row["measure"]
    return {
        "via": via,
        "region": _obj(row.get("region")) or _region_summary(m.get("region_id")),
        "measure": {k: m.get(k) for k in ("id", "key", "title", "level", "status", "document_id")},
        "document": _obj(row.get("document")),
        "adapts": {"national_id": adapts["id"], "score": adapts.get("score"), "method": adapts.get("method")}
        if adapts else None,
    }


# ---------------------------------------------------------------------------------------
# trace and path


def _national(store: Store, measure: str,
              batch: int | None = None) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Resolve to a national measure; a local one is followed to the national measure it
    adapts (when exactly one). Returns (summary, resolution, detail row)."""
    x, resolution = resolve_measure(store, measure, batch=batch)
    row = _read(store, "find_measure_detail", id=x["id"])[0]
    if x["level"] == "national":
        return x, resolution, row
    parents = _adapts(row)
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
    return x2, resolution, _read(store, "find_measure_detail", id=x2["id"])[0]


def national_measure(store: Store, measure: str, *, batch: int | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """The national measure a wording, number or id names (a local one followed to the national
    measure it adapts), and how it was resolved: what trace, path and the adoption pictures start from."""
    x, resolution, _ = _national(store, measure, batch)
    return x, resolution


def _national_date(row: dict[str, Any]) -> str | None:
    m, d, b = row["measure"], _obj(row["document"]) or {}, _obj(row["batch"]) or {}
    return m.get("date") or d.get("date") or b.get("date")


def trace(store: Store, measure: str, *, with_diff: bool = True, limit: int | None = None,
          offset: int = 0, batch: int | None = None) -> dict[str, Any]:
    """Every localisation of a national measure: region and level, document, date, lag,
    responsible departments (as printed and canonical), ADAPTS score/method and the diff.

    ``limit``/``offset`` page the localisations (in the query's order: provinces first);
    ``counts`` always describe all of them. Departments and diffs are computed for the
    page only: at 10,000 documents a measure has thousands of localisations."""
    x, resolution, detail = _national(store, measure, batch)
    ndate = _national_date(detail)
    national_text = measure_text(detail["measure"].get("title"), detail["measure"].get("content"))
    if limit is None:
        all_rows = _read(store, "trace_localisations", id=x["id"])
        everyone = [{"level": r["measure"].get("level"), "region_id": r["measure"].get("region_id")}
                    for r in all_rows]
        rows = all_rows[offset:]
    else:
        # A page: count every localisation from ids only, fetch full rows for the page only.
        everyone = _read(store, "trace_localisation_ids", id=x["id"])
        page_ids = [r["id"] for r in everyone[offset:offset + limit]]
        found = {r["measure"]["id"]: r for r in _read(store, "trace_localisations_page", id=x["id"],
                                                      ids=page_ids)} if page_ids else {}
        rows = [found[i] for i in page_ids if i in found]
    by_level: dict[str, int] = defaultdict(int)
    for r in everyone:
        by_level[r["level"] or "unknown"] += 1
    counts = {"total": len(everyone), "by_level": dict(by_level),
              "regions": len({r["region_id"] for r in everyone}),
              "limit": limit, "offset": offset}
    ids = [r["measure"]["id"] for r in rows]
    deps = _departments_by_measure(store, [x["id"], *ids])
    items = []
    for r in rows:
        m = r["measure"]
        doc = _obj(r["document"])
        adopted = m.get("date") or (doc or {}).get("date")
        d = None
        if with_diff:
            # Same basis as linking (title + content), so the figures match those on ADAPTS.
            full = diff_texts(measure_text(m.get("title"), m.get("content")), national_text)
            d = full.summary() | {
                "local_text": full.local_text,
                "national_text": full.national_text,
                "kept": [{"text": k.text, "local_start": k.local_start, "local_end": k.local_end,
                          "national_start": k.national_start, "national_end": k.national_end} for k in full.kept],
                "added": [{"text": s.text, "start": s.start, "end": s.end} for s in full.added],
                "dropped": [{"text": s.text, "start": s.start, "end": s.end} for s in full.dropped],
            }
        items.append({
            "region": _obj(r["region"]) or _region_summary(m.get("region_id")),
            "parent_region": _obj(r["parent_region"]),
            "level": m.get("level"),
            "measure": m,
            "document": doc,
            "date": adopted,
            # year-only documents: lag_days None, lag_days_range from the year (policygraph.dates)
            **dating(ndate, adopted, doc),
            "adapts": _obj(r["adapts"]),
            **_responsibility(deps.get(m["id"], [])),
            "diff": d,
        })
    return {
        "measure": _national_summary(x, detail),
        "resolution": resolution,
        "resolved": resolution["resolved"],
        "guides": _responsibility(deps.get(x["id"], []))["guides"],
        "localisations": items,
        "counts": counts,
    }


def _national_summary(x: dict[str, Any], detail: dict[str, Any]) -> dict[str, Any]:
    b = _obj(detail["batch"]) or {}
    return {
        "id": x["id"], "key": x["key"], "title": x["title"], "level": x["level"],
        "document_id": x["document_id"], "batch": b.get("number") or x.get("batch"),
        "scope": x.get("scope"), "category": x.get("category"), "date": _national_date(detail),
    }


def path(store: Store, measure: str, *, batch: int | None = None) -> dict[str, Any]:
    """The diffusion path national -> province -> city with lags: a tree of regions, each
    with the measures that localise X there; a city whose province did not localise X
    hangs under its province marked ``adopted: false``."""
    x, resolution, detail = _national(store, measure, batch)
    ndate = _national_date(detail)
    rows = _read(store, "trace_localisations", id=x["id"])
    nodes: dict[str, dict[str, Any]] = {}

    def node(region: dict[str, Any]) -> dict[str, Any]:
        if region["id"] not in nodes:
            nodes[region["id"]] = {"region": region, "adopted": False, "measures": [], "date": None,
                                   "lag_days": None, "lag_from_parent_days": None, "children": []}
        return nodes[region["id"]]

    root = node(_region_summary(COUNTRY_ID) or {"id": COUNTRY_ID})
    root.update(adopted=True, date=ndate, lag_days=0,
                measures=[{"id": x["id"], "title": x["title"], "date": ndate}])
    parents: dict[str, str] = {}
    for r in rows:
        m = r["measure"]
        region = _obj(r["region"]) or _region_summary(m.get("region_id"))
        if region is None:
            continue
        n = node(region)
        adopted = m.get("date") or (_obj(r["document"]) or {}).get("date")
        n["adopted"] = True
        n["measures"].append({"id": m["id"], "key": m.get("key"), "title": m.get("title"), "date": adopted,
                              **dating(ndate, adopted, _obj(r["document"])),
                              "adapts": _obj(r["adapts"])})
        parent = _obj(r["parent_region"])
        if parent is None:
            rec = region_ref.get(region["id"])
            parent = _region_summary(rec.parent_id) if rec and rec.parent_id else None
        if parent and region.get("level") == "city":
            node(parent)
            parents[region["id"]] = parent["id"]
            if parent["id"] != COUNTRY_ID:
                parents.setdefault(parent["id"], COUNTRY_ID)
        else:
            parents[region["id"]] = COUNTRY_ID
    for n in nodes.values():
        dates = sorted(d for d in (mm.get("date") for mm in n["measures"]) if d)
        if n is not root:
            n["date"] = dates[0] if dates else None
            n["lag_days"] = lag_days(ndate, n["date"])
    steps = []
    for rid, pid in sorted(parents.items(), key=lambda kv: (REGION_LEVEL_ORDER.get(
            nodes[kv[0]]["region"].get("level") or "", 3), kv[0])):
        child, par = nodes[rid], nodes[pid]
        # Lag from the nearest region above that adopted it (the country when the
        # province did not): the step the measure actually took.
        above = pid
        while not nodes[above]["adopted"] and above in parents:
            above = parents[above]
        child["lag_from_parent_days"] = lag_days(nodes[above]["date"], child["date"])
        par["children"].append(child)
        steps.append({"from": pid, "to": rid, "to_level": child["region"].get("level"),
                      "adopted": child["adopted"], "lag_days": child["lag_days"],
                      "lag_from_parent_days": child["lag_from_parent_days"]})
    return {
        "measure": _national_summary(x, detail),
        "resolution": resolution,
        "resolved": resolution["resolved"],
        "tree": root,
        "steps": steps,
        "regions": len([n for n in nodes.values() if n is not root and n["adopted"]]),
    }


# ---------------------------------------------------------------------------------------
# region, department, batch, coverage, document


def region_profile(store: Store, region: str) -> dict[str, Any]:
    """What a region adopted, which national measures of its batches it did not adopt,
    and which departments lead its measures. Cities below a province are listed apart."""
    reg = resolve_region(store, region)
    if not reg["in_graph"]:
        raise NotFoundError(f"{reg['name']} ({reg['id']}) has no loaded documents.",
                            hint="Load its plans first (policygraph load …); /api/coverage lists loaded regions.")
    below_ids = [b["id"] for b in reg["below"]]
    rows = _read(store, "region_measures", region_ids=[reg["id"], *below_ids])
    own, below = [], defaultdict(list)
    for r in rows:
        item = {k: r[k] for k in ("id", "key", "title", "level", "document_id", "status", "date", "batch")}
        item["adapts"] = sorted(r["adapts"] or [], key=lambda a: -(a.get("score") or 0))
        (own.append(item) if r["region_id"] == reg["id"] else below[r["region_id"]].append(item))
    batches: dict[int, dict[str, Any]] = {}
    for r in _read(store, "region_batches", region_ids=[reg["id"]]):
        b = batches.setdefault(r["batch"], {"batch": r["batch"], "adopted": [], "not_adopted": []})
        entry = {"id": r["id"], "key": r["key"], "title": r["title"], "scope": r["scope"],
                 "untitled": bool(r["untitled"])}
        if r["adopted_by"]:
            b["adopted"].append(entry | {"adopted_by": r["adopted_by"]})
        else:
            b["not_adopted"].append(entry)
    deps = [{**d, "leads": _int(d["leads"]), "co": _int(d["co"]), "shared": _int(d["shared"]),
             "total": _int(d["total"])} for d in _read(store, "region_departments", region_ids=[reg["id"]])]
    return {
        "region": {k: reg[k] for k in ("id", "name", "short", "level", "parent")},
        "below": [{**b, "measures": below.get(b["id"], [])} for b in reg["below"]],
        "measures": own,
        "batches": [batches[k] for k in sorted(batches)],
        "departments": deps,
        "counts": {"measures": len(own), "adopted": sum(1 for m in own if m["adapts"]),
                   "below": sum(len(v) for v in below.values())},
    }


def department_profile(store: Store, department: str) -> dict[str, Any]:
    """What a department is responsible for, across regions, and its counterparts on the
    same functional line (条条) at other levels."""
    dep_text = (department or "").strip()
    rows = _read(store, "department_get", id=dep_text)
    if not rows:
        raise NotFoundError(f"未找到部门 '{dep_text}' (department not found).",
                            hint="Use a department id such as 440000/广东省科学技术厅, or its full name.")
    exact = [r for r in rows if r["id"] == dep_text or r["name"] == dep_text]
    if not exact and len(rows) > 1:
        raise BadInputError(f"'{dep_text}' is printed for {len(rows)} departments.",
                            hint="Use one id: " + ", ".join(r["id"] for r in rows[:8]))
    dep = (exact or rows)[0]
    chain_ids = [r.id for r in region_ref.chain(dep["region_id"])] if dep.get("region_id") else []
    measures = _read(store, "department_measures", id=dep["id"])
    by_role: dict[str, int] = defaultdict(int)
    for m in measures:
        by_role[m["role"] or "unknown"] += 1
    counterparts = []
    for c in _read(store, "department_counterparts", id=dep["id"]):
        rel = "other-region"
        if c["region_id"] in chain_ids:
            rel = "above"
        elif dep["region_id"] in [r.id for r in region_ref.chain(c["region_id"] or "")]:
            rel = "below"
        counterparts.append({**c, "leads": _int(c["leads"]), "total": _int(c["total"]), "relation": rel,
                             "region": _region_summary(c["region_id"])})
    return {
        "department": {**{k: dep[k] for k in ("id", "name", "line", "level", "region_id", "printed_names")},
                       "region": _obj(dep["region"]) or _region_summary(dep["region_id"])},
        "measures": measures,
        "counts": {"total": len(measures), "by_role": dict(by_role),
                   "regions": len({m["region_id"] for m in measures})},
        "counterparts": counterparts,
    }


def require_batch(store: Store, number: int) -> None:
    """NotFoundError (exit 3 / 404) for a batch the graph does not hold."""
    have = sorted(b["number"] for b in _read(store, "batch_list"))
    if number not in have:
        raise NotFoundError(f"未找到第{number}批 (batch {number} not found).",
                            hint=f"Loaded batches: {', '.join(map(str, have)) or 'none'}.")


def batches(store: Store) -> list[dict[str, Any]]:
    return [{**b, "measures_loaded": _int(b["measures_loaded"])} for b in _read(store, "batch_list")]


def batch_view(store: Store, number: int) -> dict[str, Any]:
    """One batch: its notice and national measures, each with the regions that adopted it."""
    rows = _read(store, "batch_get", number=number)
    if not rows:
        have = ", ".join(str(b["number"]) for b in batches(store)) or "none"
        raise NotFoundError(f"未找到第{number}批 (batch {number} not found).", hint=f"Loaded batches: {have}.")
    row = rows[0]
    measures = []
    for m in _read(store, "batch_measures", number=number):
        regions = sorted(set(filter(None, m.pop("adopted_in") or [])))
        measures.append({**m, "untitled": bool(m.get("untitled")),
                         "adopted_in": [_region_summary(r) for r in regions]})
    batch = row["batch"]
    size = batch.get("measure_count") or len(measures)
    return {"batch": batch, "document": _obj(row["document"]), "size": size, "measures": measures,
            "regions": len({r["id"] for m in measures for r in m["adopted_in"]})}


def coverage(store: Store) -> dict[str, Any]:
    """Batch x region: how many of a batch's national measures each region adopted,
    over the batch size (the notice's count when known, else the measures loaded).
    Each cell says whether a plan of that region for that batch is loaded
    (``plan_loaded``) and so what a 0 means (``observation``: adopted, not-adopted,
    no-batch-plan)."""
    blist = batches(store)
    size = {b["number"]: b["measure_count"] or b["measures_loaded"] for b in blist}
    adopted: dict[tuple[int, str], set[str]] = defaultdict(set)
    region_ids: set[str] = set()
    for r in _read(store, "coverage_adoptions"):
        for rid in r["region_ids"] or []:
            if rid:
                adopted[(r["batch"], rid)].add(r["measure_id"])
                region_ids.add(rid)
    regions = {r["id"]: r for r in _read(store, "coverage_regions")}
    for rid in region_ids - set(regions):
        regions[rid] = _region_summary(rid) or {"id": rid}
    regions.pop(COUNTRY_ID, None)
    ordered = sorted(regions.values(), key=lambda r: (REGION_LEVEL_ORDER.get(r.get("level") or "", 3), r["id"]))
    # Which regions have a loaded plan for which batch: a 0 is "not adopted" only there;
    # elsewhere it is "no plan of this batch loaded" (issue 11: the two looked the same).
    plans: set[tuple[int, str]] = {(int(d["batch"]), d["region_id"]) for d in _read(store, "panel_documents")
                                   if d.get("batch") is not None and d.get("region_id")
                                   and d.get("batch_role") != "announces"}
    cells = []
    for r in ordered:
        for b in blist:
            n = len(adopted.get((b["number"], r["id"]), ()))
            s = size[b["number"]] or 0
            plan = (b["number"], r["id"]) in plans
            cells.append({"batch": b["number"], "region_id": r["id"], "adopted": n, "size": s,
                          "ratio": round(n / s, 4) if s else None, "plan_loaded": plan,
                          "observation": "adopted" if n else "not-adopted" if plan else "no-batch-plan"})
    return {"batches": [{"number": b["number"], "size": size[b["number"]], "loaded": b["measures_loaded"]}
                        for b in blist],
            "regions": ordered, "cells": cells}


def documents(store: Store, *, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    total = _int(_read(store, "document_count")[0]["total"])
    items = [{**d, "measures": _int(d["measures"]), "stub": bool(d.get("stub"))}
             for d in _read(store, "document_list", offset=offset, limit=limit)]
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def document_view(store: Store, document: str) -> dict[str, Any]:
    """What a document contains and what it cites (the DERIVED_FROM chain, up to 5 steps)."""
    doc_id = (document or "").strip()
    rows = _read(store, "document_get", id=doc_id)
    if not rows:
        raise NotFoundError(f"未找到文件 '{doc_id}' (document not found).",
                            hint="Use a document number such as 国办发〔2020〕3号 or file:<file stem>; "
                                 "/api/documents lists them.")
    row = rows[0]
    measures = [{**m, "untitled": bool(m.get("untitled")),
                 "adapts": sorted(m["adapts"] or [], key=lambda a: -(a.get("score") or 0))}
                for m in _read(store, "document_measures", id=doc_id)]
    cites = [{**c, "stub": bool(c.get("stub"))} for c in _read(store, "document_citations", id=doc_id)]
    return {
        "document": row["document"] | {"stub": bool(row["document"].get("stub"))},
        "region": _obj(row["region"]),
        "announces_batch": _obj(row["announces_batch"]),
        "measures": measures,
        "cites": cites,
        "cited_by": row["cited_by"] or [],
    }


# ---------------------------------------------------------------------------------------
# subgraph for browsing

# Meaningful relationships first when a hub has more neighbours than the limit allows.
EDGE_PRIORITY = {"ADAPTS": 0, "LEADS": 1, "DERIVED_FROM": 2, "PROMOTES": 3, "ISSUED_IN": 4,
                 "PART_OF": 5, "BELONGS_TO": 6}
_HIDDEN = ("text",)  # raw item text: long, and the page shows title/content already


def _vis_node(node_id: str, label: str, props: dict[str, Any]) -> dict[str, Any]:
    props = {k: v for k, v in props.items() if k not in _HIDDEN}
    title = props.get("title") or props.get("name") or props.get("number") or node_id
    if label == "Batch":
        title = f"第{props.get('number')}批"
    return {"id": node_id, "label": label, "title": title, "group": label, "properties": props}


def subgraph(store: Store, focus: str, *, depth: int = 1, limit: int = 100) -> dict[str, Any]:
    """The neighbourhood of one node for the browser, breadth-first up to ``depth`` hops
    and ``limit`` nodes. Hop by hop in Python (one query per hop) rather than one
    variable-length match, so a hub cannot make the database enumerate every path."""
    focus = (focus or "").strip()
    start = _read(store, "graph_nodes", ids=[focus])
    if not start:
        raise NotFoundError(f"未找到节点 '{focus}' (no node with this id).",
                            hint="Use a measure, document, region, department or batch id, "
                                 "e.g. 国办发〔2020〕3号/2 or 440000.")
    nodes = {focus: _vis_node(focus, start[0]["label"], start[0]["properties"])}
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}
    frontier = [focus]
    truncated = False
    for _ in range(depth):
        if not frontier or len(nodes) >= limit:
            # Full: a further hop could only add edges among nodes already shown, at the
            # price of expanding a hub's whole neighbourhood again.
            truncated = truncated or bool(frontier)
            break
        rows = _read(store, "graph_expand", ids=frontier, limit=max(limit * 5, 50))
        rows.sort(key=lambda r: (EDGE_PRIORITY.get(r["type"], 9), r["near_id"], r["other_id"]))
        nxt: list[str] = []
        for r in rows:
            other = r["other_id"]
            if other not in nodes and other not in nxt:
                if len(nodes) + len(nxt) >= limit:
                    truncated = True
                    continue
                nxt.append(other)
            key = (r["from_id"], r["to_id"], r["type"])
            edges.setdefault(key, {"from": r["from_id"], "to": r["to_id"], "type": r["type"],
                                   "properties": r["properties"] or {}})
        # Properties only for the nodes kept: parsing every neighbour's full text is
        # what made hub expansion slow.
        for n in _read(store, "graph_nodes", ids=nxt) if nxt else []:
            nodes[n["id"]] = _vis_node(n["id"], n["label"], n["properties"] or {})
        frontier = nxt
    return {"focus": focus, "depth": depth, "limit": limit, "truncated": truncated,
            "nodes": list(nodes.values()), "edges": list(edges.values())}
