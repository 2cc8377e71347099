"""Who leads measure X in region Y, and the responsibility of any measure in the
document's own terms (lead, co, shared, guides; the rule the text states or the convention
presumed).

Each responsible department is sent once, in the list of its role, with its provenance:
as printed, canonical, id, role, its rank in the printed list, rule, functional line, and
how the canonical name was found (method, score).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from graph.store import Store
from policygraph.questions.common import (
    page_info,
    read,
    region_and_below,
    region_summary,
    split_roles,
)
from policygraph.questions.search import adapts_of, resolve_measure, resolve_region

RULE_EXPLAINED = {
    "stated-first-leads": "the text says the first-listed department leads (排在首位的部门为牵头单位)",
    "stated-lead": "the text names the lead (…牵头负责)",
    "stated-shared": "the text says the departments share the work (按职责分工负责); there is no single lead",
    "presumed-first-listed": "the text states no rule; by convention the first-listed department "
                             "is presumed to lead",
    "guiding-department": "national guiding department (指导部门); it guides, it does not lead locally",
}


def departments_by_measure(store: Store, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Each measure's responsible departments in printed order, each once, with its
    provenance (as printed, canonical, id, role, rank in the printed list, rule, line,
    method, score)."""
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    if not ids:
        return out
    for r in read(store, "find_measure_departments", ids=ids):
        out[r["measure_id"]].append({
            "as_printed": r["as_printed"],
            "canonical": r["canonical"],
            "id": r["department_id"],
            "role": r["role"],
            "rank": r["rank"],
            "rule": r["rule"],
            "line": r["line"],
            "method": r["method"],
            "score": r["score"],
        })
    return out


def responsibility(deps: list[dict[str, Any]]) -> dict[str, Any]:
    """Who leads one measure, in the document's own terms, from its departments
    (:func:`departments_by_measure`), in printed order.

    shared -> every sharing department is named in ``lead`` (no single lead); a lead
    presumed from the printed order says so; guides (national 指导部门) are kept apart.
    Each department appears once, in the list of its role."""
    roles = split_roles(deps)
    rules = [d["rule"] for d in deps if d.get("rule")]
    rule = rules[0] if rules else None
    lead, guides = roles["lead"], roles["guides"]
    if roles["shared"]:
        statement = f"shared by {'、'.join(d['as_printed'] for d in lead)} (no single lead)"
    elif lead:
        names = "、".join(f"{d['as_printed']} ({d['canonical']})" if d["canonical"] != d["as_printed"]
                         else d["as_printed"] for d in lead)
        statement = f"{names} leads" + ("; presumed from the printed order" if rule == "presumed-first-listed" else "")
    elif guides:
        statement = "guided by " + "、".join(d["as_printed"] for d in guides)
    else:
        statement = "no responsible department is printed"
    return {
        "lead": lead,
        "co": roles["co"],
        "guides": guides,
        "shared_lead": roles["shared"],
        "presumed_lead": rule == "presumed-first-listed",
        "rule": rule,
        "rule_explained": RULE_EXPLAINED.get(rule or ""),
        "statement": statement,
    }


# Answers per page (more with offset=): the region's own come first, then its cities'. An
# answer with its departments is ~1.7 KB and the answer's head ~2 KB, so a page stays under
# the 20 KB of issue 10 whatever the region: at 10,000 generated documents 广东 alone has 8
# plans of its own restating 通用通兑 and 171 city answers (sending every own answer plus 8
# cities' was 28 KB).
WHO_LEADS_PAGE = 8


def who_leads(store: Store, measure: str, region: str, *, limit: int = WHO_LEADS_PAGE,
              offset: int = 0, batch: int | None = None) -> dict[str, Any]:
    """Who leads measure X in region Y (a province includes its cities).

    X national: its localisations (ADAPTS) in Y. X local and in Y: X itself. X local
    elsewhere: the localisations in Y of the national measure(s) X adapts.

    The answer is sized to the question: Y's own answers come first, newest document
    first (the plan in force before the ones it replaced), then the answers from the
    regions below Y (a province's cities); `counts` describe them all and `limit`/`offset`
    page the list. At national scale a province holds hundreds of city answers; sending them
    all made each answer ~430 KB and ~300 ms."""
    reg = resolve_region(store, region)
    region_ids = region_and_below(reg)
    x, resolution = resolve_measure(store, measure, prefer_region_ids=region_ids, batch=batch)
    answers: list[dict[str, Any]] = []
    note = None
    if x["level"] != "national" and x["region"] and x["region"]["id"] in region_ids:
        for row in read(store, "who_leads_measures", ids=[x["id"]]):
            adapts = sorted(row["adapts"] or [], key=lambda a: -(a.get("score") or 0))
            answers.append(_answer(row, adapts[0] if adapts else None, "self"))
    else:
        nationals = [x["id"]] if x["level"] == "national" else [
            a["id"] for a in adapts_of(read(store, "find_measure_detail", id=x["id"])[0])]
        if not nationals:
            note = (f"{x['id']} is a local measure of another region and is linked (ADAPTS) to no "
                    "national measure, so it has no counterpart in this region.")
        for nid in nationals:
            for row in read(store, "who_leads_localisations", id=nid, region_ids=region_ids):
                link = row["adapts"] or {}
                answers.append(_answer(row, {"id": nid, **link}, "adapts" if nid == x["id"] else "via-national"))
    own, below = order_answers(answers, reg["id"])
    ordered = own + below
    shown = ordered[offset: offset + limit]
    # Departments only for the answers sent: the lookup was most of the time at scale.
    deps = departments_by_measure(store, [a["measure"]["id"] for a in shown])
    for a in shown:
        a.update(responsibility(deps.get(a["measure"]["id"], [])))
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
                   "total": len(ordered), "shown": len(shown)},
        "page": page_info(len(ordered), limit, offset),
        "note": note,
    }


def order_answers(answers: list[dict[str, Any]], region_id: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The region's own answers, newest document first (undated last), and the answers from
    the regions below it, in the query's order."""
    own = [a for a in answers if (a["region"] or {}).get("id") == region_id]
    own.sort(key=lambda a: (a["document"] or {}).get("date") or "", reverse=True)
    return own, [a for a in answers if (a["region"] or {}).get("id") != region_id]


def _answer(row: dict[str, Any], adapts: dict[str, Any] | None, via: str) -> dict[str, Any]:
    m = row["measure"]
    return {
        "via": via,
        "region": row.get("region") or region_summary(m.get("region_id")),
        "measure": {k: m.get(k) for k in ("id", "key", "title", "level", "status", "document_id")},
        "document": row.get("document"),
        "adapts": {"national_id": adapts["id"], "score": adapts.get("score"), "method": adapts.get("method")}
        if adapts else None,
    }
