"""Adoption over space and time: JSON, and the same data drawn as SVG/PNG.

    GET /api/adoption?measure=|batch=                   regions, curve, lags (JSON)
    GET /api/charts/adoption.{svg,png}?measure=|batch=  the adoption curve and lag histogram
    GET /api/charts/map.{svg,png}?measure=|batch=&level=province|city&shade=adoption|lag
    GET /api/tree?measure=                              national -> province -> city, adopted only

Every picture has its data one URL away (the JSON endpoints), as every page does.
Drawing takes matplotlib tens to hundreds of milliseconds, so the handlers are plain ``def``
and run in the thread pool.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api import models as m
from api.routes import MeasureParam, StoreDep, cached, cached_response, cached_value
from graph.store import Store
from policygraph.core import PolicyGraph
from viz import charts

router = APIRouter(prefix="/api")

OptMeasure = Annotated[str | None, Query(min_length=1, max_length=500,
                                         description="a national measure: id, printed number or wording")]
OptBatch = Annotated[int | None, Query(ge=1, le=99, description="a batch number (1, 2, 3)")]
Fmt = Literal["svg", "png"]


def _data(request: Request, store: Store, measure: str | None, batch: int | None) -> dict[str, Any]:
    """The adoption data, computed once per graph version for the JSON and every picture
    (api/cache.py); shared between requests, so never mutated."""
    return cached_value(request, store, ("adoption", measure, batch),  # type: ignore[no-any-return]
                        lambda: PolicyGraph(store).adoption(measure=measure, batch=batch))


def _image(body: bytes, fmt: str, stem: str) -> Response:
    return Response(body, media_type=charts.FORMATS[fmt],
                    headers={"Content-Disposition": f'inline; filename="{stem}.{fmt}"',
                             "Cache-Control": "no-cache"})


@router.get("/adoption", tags=["diffusion"], responses={404: {"model": m.ErrorOut}})
def adoption_data(request: Request, store: StoreDep, measure: OptMeasure = None, batch: OptBatch = None) -> Response:
    """Per region (every province and prefecture city): status (adopted, partly, not-adopted: a
    plan for the batch is loaded and skips it, no-plan: documents loaded but none for the batch,
    no-document: nothing of the region is loaded), measures adopted, first date, lag; the
    cumulative adoption curve by level; every lag."""
    return cached(request, store, ("adoption.json", measure, batch), lambda: _data(request, store, measure, batch))


@router.get("/charts/adoption.{fmt}", tags=["diffusion"], response_class=Response,
            responses={200: {"content": {"image/svg+xml": {}, "image/png": {}}}, 404: {"model": m.ErrorOut}})
def adoption_chart(request: Request, store: StoreDep, fmt: Fmt, measure: OptMeasure = None,
                   batch: OptBatch = None) -> Response:
    """The adoption curve (cumulative adopters over time, by level) and the lag distribution."""
    return cached_response(request, store, ("adoption-curve", fmt, measure, batch), lambda: _image(
        charts.curve_image(_data(request, store, measure, batch), fmt=fmt), fmt, "adoption-curve"))


@router.get("/charts/map.{fmt}", tags=["diffusion"], response_class=Response,
            responses={200: {"content": {"image/svg+xml": {}, "image/png": {}}}, 404: {"model": m.ErrorOut}})
def adoption_map(request: Request, store: StoreDep, fmt: Fmt, measure: OptMeasure = None, batch: OptBatch = None,
                 level: Literal["province", "city"] = "province",
                 shade: Literal["adoption", "lag"] = "adoption") -> Response:
    """China shaded by adoption (or lag in days), by province or prefecture city. Regions with
    no loaded document are hatched grey: unknown, not 'not adopted'."""
    return cached_response(request, store, ("adoption-map", fmt, measure, batch, level, shade), lambda: _image(
        charts.map_image(_data(request, store, measure, batch), level=level, shade=shade, fmt=fmt),
        fmt, f"adoption-map-{level}-{shade}"))


@router.get("/tree", tags=["diffusion"], responses={404: {"model": m.ErrorOut}})
def diffusion_tree(store: StoreDep, measure: MeasureParam) -> dict[str, Any]:
    """The measure's diffusion as a tree, national -> province -> city, with dates and lags;
    only regions that adopted it (and provinces whose cities did)."""
    return PolicyGraph(store).tree(measure)


@router.get("/coverage/table", tags=["batches"], responses={404: {"model": m.ErrorOut}})
def coverage_table(store: StoreDep, batch: OptBatch = None,
                   level: Literal["province", "city"] | None = None,
                   region: Annotated[str | None, Query(min_length=1, max_length=50,
                                                       description="广东 / 440000: the region and those below it")] = None,
                   line: Annotated[str | None, Query(min_length=1, max_length=20,
                                                     description="functional line of the local lead: 科技, 财政 …")] = None,
                   scope: Literal["national", "pilot"] | None = None,
                   all: Annotated[bool, Query(description="also list regions with no loaded document")] = False,
                   ) -> dict[str, Any]:
    """Batch x region coverage with filters; every cell says whether nothing of the region is
    loaded (no-document), no plan for the batch is loaded (no-plan), the plan adopts none
    (not-adopted), or how many measures were adopted."""
    return PolicyGraph(store).coverage_table(batch=batch, level=level, region=region, line=line, scope=scope,
                                             include_unloaded=all)
