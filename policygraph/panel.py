"""The event-history panel: one row per region x national measure at risk.

Built for discrete- and continuous-time event-history models of policy diffusion
(Berry & Berry's adoption models; Cox models on the spell): every region in the risk
set appears for every national measure, adopters and never-adopters alike, from the
national notice's date to its adoption or to the censoring date.

Decisions (docs/PANEL.md says the same, with the data dictionary):

* **Risk set.** By default, regions with at least one loaded document (the country
  excluded). A region with no loaded document is unobserved: "not adopted" could not be
  told from "not loaded". ``unloaded='provinces'`` or ``'all'`` adds the reference
  table's provinces (or provinces and prefectures) with ``observation = no-document``
  and ``observed = 0``, so a user can see and model them explicitly.
* **observation** per row: ``adopted``; ``not-adopted`` (a plan of this region for the
  measure's batch is loaded and no item of the region adapts the measure);
  ``no-batch-plan`` (the region's documents are loaded but none implements this batch:
  a weaker "not adopted"); ``no-document``.
* **Censoring.** ``censor`` (ISO date) or, by default, the latest full ISO document date
  in the graph (``censor_method = latest-document-date``); stated on every row. An
  adoption dated after it is censored (``event = 0``); a measure promoted after it is
  not yet at risk and gives no row.
* **Undated adoptions** (a plan that prints no date) are events with an unknown time:
  ``event = 1``, ``time_known = 0``, no ``end_date``/``duration_days``. Never invented.
* **Deepened** (深化实施) items were in place before the notice: ``status = deepened``.
  They are kept as events but should not be modelled as new adoptions
  (``new_adoption = 0``).
* **Several adoptions** in one region (two plans): the earliest dated one is the event;
  ``adoptions`` counts them and ``other_local_ids`` lists the rest.
* **Scope.** 推广范围 全国 -> ``scope_class = national``; 8个改革试验区域 -> ``pilot``.
  ``in_scope`` = 1 when the measure is national, or the region is in or contains a
  pilot area (loaders/data/pilot_regions.csv, with its source); rows out of scope are
  kept (a region may adopt a pilot measure on its own) and flagged.
* **Links.** ``link_method``/``link_score`` of the ADAPTS link; ``position_only = 1``
  for 军民深度融合 items linked only by their position in the category (score 0.4).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from base.errors import BadInputError
from graph.store import Store
from loaders import pilot_regions
from loaders import regions as region_ref
from policygraph import dates
from policygraph.exports import dept_lines, joined  # one rendering of departments for both tables
from policygraph.linking import METHOD_POSITION
from policygraph.questions.common import (
    adoption_date,
    department_order,
    national_start,
    plans_loaded,
    require_batch,
    split_roles,
)

Unloaded = Literal["exclude", "provinces", "all"]
UNLOADED: tuple[str, ...] = ("exclude", "provinces", "all")
COUNTRY_ID = region_ref.COUNTRY_ID


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # string, integer, float, date (ISO yyyy-mm-dd), boolean (1/0)
    description: str


COLUMNS: tuple[Column, ...] = (
    Column("region_id", "string", "6-digit administrative code of the region at risk"),
    Column("region", "string", "full name of the region (广东省, 石家庄市)"),
    Column("region_level", "string", "province or city"),
    Column("parent_id", "string", "code of the province a city belongs to (100000 for a province)"),
    Column("parent", "string", "name of that province"),
    Column("pilot", "string", "pilot = in a 全面创新改革试验 area (itself or a province above it listed whole); "
                              "contains-pilot = a province containing one; no"),
    Column("pilot_area", "string", "which of the 8 pilot areas (京津冀, 广东（珠三角）, …)"),
    Column("observed", "boolean", "1 when at least one document of the region is loaded"),
    Column("region_documents", "integer", "loaded documents of the region"),
    Column("batch_plan", "boolean", "1 when a loaded document of the region implements this measure's batch"),
    Column("observation", "string", "adopted | not-adopted (batch plan loaded, measure absent) | no-batch-plan "
                                    "(documents loaded, none for this batch) | no-document"),
    Column("national_id", "string", "id of the national measure (<notice 文号>/<number>)"),
    Column("measure_key", "string", "its number as printed in the national list"),
    Column("measure_title", "string", "its title (empty for measures listed by count only)"),
    Column("untitled", "boolean", "1 for measures listed by count only (军民深度融合)"),
    Column("batch", "integer", "batch number (第N批)"),
    Column("category", "string", "category of the national list (科技金融创新, 知识产权保护, …)"),
    Column("scope", "string", "推广范围 as printed (全国, 8个改革试验区域)"),
    Column("scope_class", "string", "national (全国) or pilot (8个改革试验区域); empty when not printed"),
    Column("in_scope", "boolean", "1 when the measure is promoted to this region: national scope, or pilot "
                                  "scope and the region is pilot or contains-pilot; empty when scope unknown"),
    Column("guide_departments", "string", "national guiding departments (指导部门), canonical, 、-joined"),
    Column("guide_lines", "string", "their functional lines (条条), |-joined"),
    Column("start_date", "date", "start of the spell: the national notice's date"),
    Column("start_date_method", "string", "how the notice's date was read (signature, sidecar, …)"),
    Column("censor_date", "date", "censoring date of the panel (the same on every row)"),
    Column("censor_method", "string", "user (censor=) or latest-document-date (the default)"),
    Column("event", "boolean", "1 when the region adopted the measure on or before the censoring date "
                               "(or undated), else 0"),
    Column("time_known", "boolean", "1 when the spell's end is known (a dated adoption, or censoring)"),
    Column("end_date", "date", "adoption date when event = 1 and dated, else the censoring date"),
    Column("duration_days", "integer", "end_date - start_date in days (empty when either is unknown)"),
    Column("adoption_date", "date", "date of the adopting document (even when after censoring)"),
    Column("date_method", "string", "how the adopting document's date was read (signature, sidecar, …)"),
    Column("date_score", "float", "confidence of that date, 0..1"),
    Column("status", "string", "new (大力推广 or unstated) or deepened (深化实施: already in place)"),
    Column("status_stated", "boolean", "1 when the plan states new/deepened, 0 when new is assumed"),
    Column("new_adoption", "boolean", "1 for an event that is a new adoption (not deepened)"),
    Column("local_measure_id", "string", "the local measure that adapts the national one"),
    Column("local_title", "string", "its title as printed"),
    Column("document_id", "string", "the adopting document (文号, or file:<stem>)"),
    Column("adoptions", "integer", "local measures of this region adapting the measure"),
    Column("other_local_ids", "string", "the others, |-joined"),
    Column("region_method", "string", "how the adopting document's region was read"),
    Column("region_score", "float", "confidence of that region, 0..1"),
    Column("link_method", "string", "method of the ADAPTS link (ngram-tfidf+title-fuzz/hungarian, "
                                    "category-position)"),
    Column("link_score", "float", "score of the ADAPTS link, 0..1"),
    Column("position_only", "boolean", "1 when linked by position in its category only (军民深度融合, score 0.4)"),
    Column("reuse_ratio", "float", "share of the national text reused in the local text (greedy string tiling)"),
    Column("lead_departments", "string", "local lead department(s), canonical, 、-joined; all sharing "
                                         "departments when the plan names no single lead"),
    Column("lead_as_printed", "string", "the same, as printed"),
    Column("lead_lines", "string", "their functional lines, |-joined"),
    Column("lead_rule", "string", "how the lead was decided (stated-lead, stated-first-leads, stated-shared, "
                                  "presumed-first-listed)"),
    Column("shared_lead", "boolean", "1 when the plan says the departments share the work (no single lead)"),
    Column("co_departments", "string", "co-responsible departments (配合/按职责分工), canonical, 、-joined"),
    Column("co_lines", "string", "their functional lines, |-joined"),
    Column("dept_relation", "string", "counterpart (the lead continues a guiding department's line) | shift "
                                      "(on none of them) | unknown"),
    Column("dept_reason", "string", "why, in words"),
    Column("parent_adoption_date", "date", "for a city: its province's adoption date of the same measure"),
    Column("parent_event", "boolean", "for a city: 1 when its province adopted the measure (any date)"),
)
COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)


def _iso(value: Any) -> str | None:
    d = dates.day(value)
    return d.isoformat() if d else None


_days = dates.lag_days  # days from a to b; None when either is not a full ISO day


def check_censor(censor: str | None) -> str | None:
    if censor is None or censor == "":
        return None
    got = _iso(censor)
    if got is None or len(censor) != 10:
        raise BadInputError(f"censor={censor!r} is not a date.", hint="Give an ISO date: censor=2021-12-31.")
    return got


def _region_cols(region_id: str, docs: int) -> dict[str, Any]:
    rec = region_ref.get(region_id)
    parent = region_ref.get(rec.parent_id) if rec and rec.parent_id else None
    p = pilot_regions.pilot(region_id)
    return {
        "region_id": region_id, "region": rec.name if rec else None, "region_level": rec.level if rec else None,
        "parent_id": parent.id if parent else None, "parent": parent.name if parent else None,
        "pilot": p.status, "pilot_area": p.area, "observed": docs > 0, "region_documents": docs,
    }


def _adoption_sort(row: dict[str, Any]) -> tuple[Any, ...]:
    d = _iso(adoption_date(row["local"], row["document"]))
    return (d is None, d or "", row["local"]["id"])


def build(store: Store, *, batch: int | None = None, censor: str | None = None,
          unloaded: str = "exclude") -> dict[str, Any]:
    """The panel with its metadata: ``{censor_date, censor_method, batch, unloaded,
    regions, measures, rows, not_at_risk}``; rows are dicts keyed by COLUMN_NAMES."""
    if unloaded not in UNLOADED:
        raise BadInputError(f"unloaded={unloaded!r} is not one of {', '.join(UNLOADED)}.",
                            hint="exclude (default): only regions with a loaded document are at risk.")
    censor = check_censor(censor)
    if batch is not None:
        require_batch(store, batch)
    documents = store.read("panel_documents")
    nationals = store.read("panel_national", {"batch": batch})
    censor_method = "user"
    if censor is None:
        dates = [d for d in (_iso(r.get("date")) for r in documents) if d]
        censor = max(dates) if dates else None
        censor_method = "latest-document-date"

    docs_of, plans_of = plans_loaded(documents)
    region_ids = set(docs_of)
    if unloaded != "exclude":
        region_ids |= {r.id for r in region_ref.all_regions()
                       if r.level == "province" or (unloaded == "all" and r.level == "city")}
    level_order = {"province": 0, "city": 1}
    regions = sorted(region_ids, key=lambda r: (level_order.get(_level(r), 2), r))

    adoptions: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for a in store.read("panel_adoptions", {"batch": batch}):
        rid = a["local"].get("region_id") or (a["document"] or {}).get("region_id")
        if rid:
            adoptions[(a["national_id"], rid)].append(a)

    rows: list[dict[str, Any]] = []
    not_at_risk: list[str] = []
    for n in nationals:
        nat, b, notice = n["national"], n["batch"] or {}, n["notice"] or {}
        start = _iso(national_start(nat, notice, b))
        if censor is not None and start is not None and start > censor:
            not_at_risk.append(nat["id"])
            continue
        guides = sorted(n["guides"] or [], key=department_order)
        scope_class = pilot_regions.scope_class(nat.get("scope"))
        by_region: dict[str, dict[str, Any]] = {}
        for rid in regions:
            cols = _region_cols(rid, docs_of.get(rid, 0))
            found = sorted(adoptions.get((nat["id"], rid), []), key=_adoption_sort)
            in_scope = None if scope_class is None else (
                scope_class == "national" or cols["pilot"] in ("pilot", "contains-pilot"))
            row: dict[str, Any] = {
                **dict.fromkeys(COLUMN_NAMES),
                **cols,
                "batch_plan": b.get("number") in plans_of.get(rid, set()),
                "national_id": nat["id"], "measure_key": nat.get("key"), "measure_title": nat.get("title"),
                "untitled": bool(nat.get("untitled")), "batch": b.get("number"), "category": nat.get("category"),
                "scope": nat.get("scope"), "scope_class": scope_class, "in_scope": in_scope,
                "guide_departments": joined(guides, "name"), "guide_lines": dept_lines(guides),
                "start_date": start, "start_date_method": notice.get("date_method"),
                "censor_date": censor, "censor_method": censor_method,
            }
            row.update(_spell(found, start, censor, row))
            by_region[rid] = row
        for row in by_region.values():
            parent = by_region.get(row["parent_id"] or "")
            if row["region_level"] == "city" and parent is not None:
                row["parent_event"] = parent["observation"] == "adopted"
                row["parent_adoption_date"] = parent.get("adoption_date")
            rows.append(row)
    return {"censor_date": censor, "censor_method": censor_method, "batch": batch, "unloaded": unloaded,
            "regions": len(regions), "measures": len(nationals) - len(not_at_risk), "rows": rows,
            "not_at_risk": not_at_risk}


def _level(region_id: str) -> str:
    rec = region_ref.get(region_id)
    return rec.level if rec else ""


def _spell(found: list[dict[str, Any]], start: str | None, censor: str | None,
           row: dict[str, Any]) -> dict[str, Any]:
    """The spell's end and the adoption's facts (empty when not adopted)."""
    if not found:
        observation = ("not-adopted" if row["batch_plan"] else
                       "no-batch-plan" if row["observed"] else "no-document")
        return {"observation": observation, "event": False, "time_known": censor is not None,
                "end_date": censor, "duration_days": _days(start, censor), "adoptions": 0}
    first, *rest = found
    local, doc, link = first["local"], first["document"] or {}, first["adapts"] or {}
    adopted = _iso(adoption_date(local, doc))
    event = adopted is None or censor is None or adopted <= censor
    end = (adopted if event else censor)
    roles = split_roles(first["departments"] or [])
    leads, co = roles["lead"], roles["co"]
    status = local.get("status")
    return {
        "observation": "adopted", "event": event, "time_known": end is not None, "end_date": end,
        "duration_days": _days(start, end), "adoption_date": adopted,
        "date_method": doc.get("date_method"), "date_score": doc.get("date_score"),
        "status": "deepened" if status == "deepened" else "new", "status_stated": status is not None,
        "new_adoption": event and status != "deepened",
        "local_measure_id": local["id"], "local_title": local.get("title"), "document_id": doc.get("id"),
        "adoptions": len(found), "other_local_ids": "|".join(r["local"]["id"] for r in rest) or None,
        "region_method": doc.get("region_method"), "region_score": doc.get("region_score"),
        "link_method": link.get("method"), "link_score": link.get("score"),
        "position_only": link.get("method") == METHOD_POSITION, "reuse_ratio": link.get("reuse_ratio"),
        "lead_departments": joined(leads, "name"), "lead_as_printed": joined(leads, "as_printed"),
        "lead_lines": dept_lines(leads), "lead_rule": leads[0].get("rule") if leads else None,
        "shared_lead": roles["shared"], "co_departments": joined(co, "name"), "co_lines": dept_lines(co),
        "dept_relation": link.get("dept_relation"), "dept_reason": link.get("dept_reason"),
    }


def csv_chunks(store: Store, *, batch: int | None = None, censor: str | None = None,
               unloaded: str = "exclude", bom: bool = False) -> Iterator[str]:
    """The panel as CSV text chunks (booleans 1/0, empty for unknown)."""
    from policygraph.exports import csv_chunks as _csv

    got = build(store, batch=batch, censor=censor, unloaded=unloaded)
    return _csv(COLUMN_NAMES, got["rows"], bom=bom)


def dictionary() -> dict[str, Any]:
    """The data dictionary (served at /api/export/panel/dictionary, printed in docs/PANEL.md)."""
    return {"columns": [{"name": c.name, "type": c.type, "description": c.description} for c in COLUMNS],
            "booleans": "1 / 0; empty = unknown or not applicable",
            "dates": "ISO yyyy-mm-dd; empty = unknown (never invented)",
            "unloaded": {"exclude": "only regions with a loaded document (default)",
                         "provinces": "also every province, flagged observation = no-document",
                         "all": "also every province and prefecture-level city"}}


def dictionary_markdown() -> str:
    """The column table of docs/PANEL.md (a test keeps the two identical)."""
    lines = ["| column | type | meaning |", "|---|---|---|"]
    lines += [f"| `{c.name}` | {c.type} | {c.description} |" for c in COLUMNS]
    return "\n".join(lines) + "\n"
