"""What every question shares: orders, region helpers, paging, and the read-side rules
decided once (which department comes first, who leads a department list, when a plan
for a batch counts as loaded, when a national measure started, which batches exist).

A leaf module: it imports only the store, the region reference table and the errors, so
analysis, the panel, the exports and the adoption pictures can use the same rules as the
questions without importing the questions themselves.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from base.errors import NotFoundError
from graph.store import Store
from loaders import regions as region_ref

LEVEL_ORDER = {"national": 0, "provincial": 1, "municipal": 2}
REGION_LEVEL_ORDER = {"country": 0, "province": 1, "city": 2}
COUNTRY_ID = region_ref.COUNTRY_ID


def read(store: Store, name: str, **params: Any) -> list[dict[str, Any]]:
    return store.read(name, params)



# -- departments ---------------------------------------------------------------------


def department_order(d: Mapping[str, Any]) -> tuple[int, str]:
    """The printed order of a department list: rank, then id (a row from a query names
    it ``id``, a who-leads department ``department_id``)."""
    return (d.get("rank") or 0, d.get("id") or d.get("department_id") or "")


def split_roles(departments: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """One department list (any order) split by role, in printed order:
    ``{lead, co, guides, shared}`` where ``lead`` names every sharing department when the
    text says they share the work (按职责分工负责: no single lead), and ``shared`` says so."""
    deps = sorted(departments, key=department_order)
    shared = [d for d in deps if d.get("role") == "shared"]
    return {"lead": shared or [d for d in deps if d.get("role") == "lead"],
            "co": [d for d in deps if d.get("role") == "co"],
            "guides": [d for d in deps if d.get("role") == "guide"],
            "shared": bool(shared)}


# -- regions -------------------------------------------------------------------------


def region_summary(region_id: str | None) -> dict[str, Any] | None:
    """Name and level of a region from the reference table (no query needed)."""
    if not region_id:
        return None
    rec = region_ref.get(region_id)
    if rec is None:
        return {"id": region_id, "name": None, "short": None, "level": None}
    return {"id": rec.id, "name": rec.name, "short": rec.short, "level": rec.level}


def region_and_below(region: Mapping[str, Any]) -> list[str]:
    """The ids a question about a resolved region covers: it and the regions below it."""
    return [region["id"], *[b["id"] for b in region["below"]]]


def region_order(region: Mapping[str, Any]) -> tuple[int, str]:
    """Country, provinces, cities; by code within a level."""
    return (REGION_LEVEL_ORDER.get(region.get("level") or "", 3), region["id"])


# -- batches and plans ---------------------------------------------------------------


def batches(store: Store) -> list[dict[str, Any]]:
    """Every batch known to the graph (``batch_list``): from a loaded notice or a plan's citation."""
    return read(store, "batch_list")


def require_batch(store: Store, number: int, *, national_list: bool = True) -> dict[str, Any]:
    """The batch row (``batch_list``), or NotFoundError (exit 3 / 404).

    ``national_list``: the batch's national measures must be loaded (what any question
    counting or following them needs); a batch known only from a plan's citation would
    give a page of zeros that reads like a finding. ``False`` for the batch's own view,
    which shows what little is known of it."""
    have = [b for b in batches(store) if b["measures_loaded"] or not national_list]
    for b in have:
        if b["number"] == number:
            return b
    what = "batches with a loaded national list" if national_list else "loaded batches"
    raise NotFoundError(f"未找到第{number}批 (batch {number} not found).",
                        hint=f"{what.capitalize()}: {', '.join(str(b['number']) for b in have) or 'none'}.")


def plans_loaded(documents: Iterable[Mapping[str, Any]]) -> tuple[dict[str, int], dict[str, set[int]]]:
    """From the loaded documents (query ``panel_documents``): how many each region issued,
    and for which batches it has a plan loaded.

    The one rule for "is a plan of region R for batch N loaded": a loaded (non-stub)
    document issued in R implements batch N (``batch``) and is not the notice announcing
    the batch (``batch_role = 'announces'``). Only there is a 0 a "not adopted"; elsewhere
    it is "no plan for this batch loaded". The country's own documents count for neither."""
    docs: dict[str, int] = defaultdict(int)
    plans: dict[str, set[int]] = defaultdict(set)
    for d in documents:
        rid = d.get("region_id")
        if not rid or rid == COUNTRY_ID:
            continue
        docs[rid] += 1
        if d.get("batch") is not None and d.get("batch_role") != "announces":
            plans[rid].add(int(d["batch"]))
    return dict(docs), dict(plans)


def national_start(measure: Mapping[str, Any] | None, notice: Mapping[str, Any] | None,
                   batch: Mapping[str, Any] | None) -> str | None:
    """When a national measure started: its own date, else its notice's, else its batch's.
    The one fallback order for lags (trace, path, timeline, analysis) and the panel's start."""
    for part in (measure, notice, batch):
        if part and part.get("date"):
            return str(part["date"])
    return None


def adoption_date(local: Mapping[str, Any] | None, document: Mapping[str, Any] | None) -> str | None:
    """When a region adopted a measure: its document's date (the plan's 成文日期), else the
    local measure's own. The one order for trace, path, timelines and the panel."""
    for part in (document, local):
        if part and part.get("date"):
            return str(part["date"])
    return None


# -- paging --------------------------------------------------------------------------


def snippet(text: str | None, n: int = 120) -> str | None:
    if not text:
        return None
    return text if len(text) <= n else text[:n] + "…"


def page(items: list[Any], limit: int, offset: int) -> dict[str, Any]:
    return {"total": len(items), "limit": limit, "offset": offset, "items": items[offset:offset + limit]}


def page_info(total: int, limit: int | None, offset: int) -> dict[str, Any]:
    """The ``page`` of a sized answer (as who-leads'): what was asked and where the next
    page starts (``None`` at the end), so a page offers "more" without counting itself.
    ``limit`` None: the rest of the list, sent whole."""
    limit = total if limit is None else limit
    return {"limit": limit, "offset": offset, "next_offset": offset + limit if offset + limit < total else None}


def paged(items: list[Any], limit: int | None, offset: int) -> tuple[list[Any], dict[str, Any]]:
    """One page of ``items`` (``limit`` None: from ``offset`` to the end) and its ``page_info``."""
    shown = items[offset:] if limit is None else items[offset:offset + limit]
    return shown, page_info(len(items), limit, offset)


def document_dating(row: Mapping[str, Any]) -> dict[str, Any]:
    """The document fields ``adoption_date`` and ``dating`` read, from a row that carries
    them as ``document_date``, ``document_year``, ``document_date_precision``."""
    return {"date": row["document_date"], "year": row["document_year"],
            "date_precision": row["document_date_precision"]}


# How many rows of a long list a profile or diffusion answer sends by default: at 10,000
# documents a national measure has ~3,000 localisations and a province ~2,000 measures,
# megabytes when sent whole. The summaries (counts) always describe them all.
ANSWER_PAGE = 20
