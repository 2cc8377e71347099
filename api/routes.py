"""The JSON API under /api: thin handlers.

Each handler validates its parameters (FastAPI + the models in api/models.py), makes one
call into the read facade (:class:`policygraph.core.PolicyGraph`, over the app's single
store; exports call policygraph.exports), and returns what it gets, cached or rendered.
Errors are raised as PolicyGraphError subclasses and turned into
``{"error", "message", "hint"}`` by the handlers in api/app.py.

Handlers are plain ``def``: store calls block (redis / bolt sockets), so FastAPI runs
them in its thread pool instead of stalling the event loop.
"""

from __future__ import annotations

import hmac
import json
import tempfile
import threading
import time
import weakref
from collections.abc import AsyncIterator, Callable, Generator, Iterable
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response, StreamingResponse
from starlette.background import BackgroundTask

import queries
from api import fastpath, import_dir
from api import models as m
from api.cache import AnswerCache, to_json_bytes
from api.jobs import Job, JobRunner
from api.limits import Gate, check_text, parse_params
from api.uploads import save_parts, spool
from base.config import MAX_FILE_BYTES, Settings
from base.errors import (
    AuthError,
    BadInputError,
    NotFoundError,
    PolicyGraphError,
    StoreUnavailableError,
)
from graph.store import Store
from policygraph import __version__, exports, linking
from policygraph.core import PolicyGraph
from policygraph.questions.common import ANSWER_PAGE
from policygraph.questions.diffusion import PATH_BRANCHES
from policygraph.questions.leads import WHO_LEADS_PAGE
from viz.graph import vis_subgraph

router = APIRouter(prefix="/api")

Limit = Annotated[int, Query(ge=1, le=500, description="page size (1-500)")]
Offset = Annotated[int, Query(ge=0, description="rows to skip")]
# The page of a long list inside a profile or diffusion answer (summaries count them all).
AnswerLimit = Annotated[int, Query(ge=1, le=500, description="rows of the answer's long list per page (1-500)")]
MeasureParam = Annotated[str, Query(min_length=1, max_length=500,
                                    description="a measure id (国办发〔2020〕3号/2), a printed number "
                                                "(12, 二.1) or approximate wording (科技创新券 通用通兑)")]
# Store details only a token holder sees in /api/health (where the data lives, pids, logs).
INTERNAL_STORE_KEYS = ("data_dir", "socket", "pid", "log", "started_here", "uri", "database")
STREAM_CHUNK = 64 * 1024
MAX_JSON_BODY = 64 * 1024  # a {"path": …} body
BatchParam = Annotated[int | None, Query(ge=1, le=99, description="for a bare number (12): the batch whose "
                                        "national measure it names (default: the latest loaded batch)")]


class ConsoleDisabledError(PolicyGraphError):
    http_status = 403
    code = "console_disabled"


class LoadDisabledError(PolicyGraphError):
    http_status = 403
    code = "load_disabled"


def get_store(request: Request) -> Store:
    store = request.app.state.store
    if store is None:
        err = request.app.state.store_error
        raise err if isinstance(err, StoreUnavailableError) else StoreUnavailableError(
            "The graph store is not open.", hint="Check POLICYGRAPH_DATA / NEO4J_URI and restart the server.")
    return store


def cached(request: Request, store: Store, key: tuple[Any, ...], compute: Callable[[], Any],
           model: Any = None) -> Response:
    """The answer as JSON bytes from the app's cache (api/cache.py: keyed by the graph's
    version, so any load makes it stale), else computed, serialised once and kept.

    Bytes, not the dict: validating and serialising a 44 KB who-leads answer through the
    response model took ~4 ms a request, most of a cached request's time. ``model`` is the
    route's response model; the bytes are what FastAPI itself would send for it
    (validated, by alias)."""
    def body() -> bytes:
        return to_json_bytes(compute(), model)

    return cached_response(request, store, key, lambda: Response(body(), media_type="application/json"))


def cached_value(request: Request, store: Store, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
    """A computed value (not yet serialised) from the app's cache: for answers sent in
    several forms (the adoption data as JSON and as charts, the network as json, graphml
    and csv). The value is shared: never mutate it."""
    cache: AnswerCache = request.app.state.cache
    return cache.get(store, key, compute)


def cached_response(request: Request, store: Store, key: tuple[Any, ...],
                    compute: Callable[[], Response]) -> Response:
    """A whole response (an image, JSON bytes) from the app's cache, else computed and kept;
    api/fastpath.py may then replay it without calling the handler while the graph's
    version stays the same. Only for responses that depend on nothing but the URL."""
    cache: AnswerCache = request.app.state.cache
    if cache.size <= 0:
        return compute()
    version = cache.clock.current(store)

    def keep() -> tuple[bytes, int, list[tuple[bytes, bytes]]]:
        r = compute()
        return bytes(r.body), r.status_code, list(r.raw_headers)

    body, status, headers = cache.get_at(version, key, keep)
    fastpath.mark(request.scope, version)
    # A new Response each time: the gzip middleware edits a response's header list in place.
    response = Response(body, status_code=status)
    response.raw_headers = list(headers)
    return response


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_graph(request: Request) -> PolicyGraph:
    """The read facade over the app's one store (a thin object: made per request)."""
    return PolicyGraph(get_store(request))


StoreDep = Annotated[Store, Depends(get_store)]
GraphDep = Annotated[PolicyGraph, Depends(get_graph)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def _once(fn: Callable[[], None]) -> Callable[[], None]:
    lock, done = threading.Lock(), [False]

    def run() -> None:
        with lock:
            if done[0]:
                return
            done[0] = True
        fn()
    return run


def _stream_file(gate: Gate, produce: Callable[[], str | bytes | Iterable[str | bytes]],
                 media_type: str, filename: str | None) -> StreamingResponse:
    """An export as a download, produced and sent while holding one of the gate's places.

    ``produce`` may return the whole text or an iterator of chunks (exports written as
    generators stream without ever holding the whole file). The place is given back when
    the last chunk is sent, when the client goes away, or when the response is dropped."""
    gate.acquire()
    release = _once(gate.release)
    try:
        body = produce()
    except BaseException:
        release()
        raise

    def chunks() -> Generator[bytes, None, None]:
        try:
            if isinstance(body, str | bytes):
                # Slice first, encode each slice: never a second full copy of the text.
                for i in range(0, len(body), STREAM_CHUNK):
                    part = body[i:i + STREAM_CHUNK]
                    yield part.encode("utf-8") if isinstance(part, str) else part
            else:
                for part in body:
                    yield part.encode("utf-8") if isinstance(part, str) else part
        finally:
            # A client that went away stops the export here: closing the generator ends
            # its page reads (no further page is asked of the store) before the place is
            # given back.
            close = getattr(body, "close", None)
            if close is not None:
                close()
            release()

    async def stream() -> AsyncIterator[bytes]:
        # Each chunk is made in a worker thread, as StreamingResponse does for a plain iterator,
        # but the iterator is closed HERE when the stream stops (aclose: a client that went away,
        # a dropped response), so its page reads have ended when the stream is closed. Left to
        # StreamingResponse, the export was closed by the garbage collector, whenever that ran.
        parts = chunks()
        try:
            while (part := await run_in_threadpool(next, parts, None)) is not None:
                yield part
        finally:
            await run_in_threadpool(parts.close)

    headers = {"Content-Disposition": f'attachment; filename="{filename}"'} if filename else None
    response = StreamingResponse(stream(), media_type=media_type, background=BackgroundTask(release),
                                 headers=headers)
    weakref.finalize(response, release)
    return response


def heavy_gate(request: Request) -> Gate:
    return request.app.state.heavy_gate  # type: ignore[no-any-return]


def public_queries() -> list[dict[str, Any]]:
    """The registry of public read queries (``// access: public`` in the query file):
    what ?query= may name; writing, linking and load bookkeeping are internal."""
    return exports.read_queries()


# ------------------------------------------------------------------------------ health


@router.get("/health", response_model=m.HealthOut, tags=["meta"],
            responses={503: {"model": m.ErrorOut, "description": "store unavailable"}})
def health(request: Request, settings: SettingsDep,
           authorization: Annotated[str | None, Header(max_length=1000)] = None) -> dict[str, Any]:
    """Whether the store answers. Where it lives (data directory, socket, pid, log, the
    import folder) is shown only with ``Authorization: Bearer <token>``."""
    store = get_store(request)
    info = store.info()  # raises StoreUnavailableError (503) when the server is gone
    insider = _token_ok(settings, authorization)
    if not insider:
        info = {k: v for k, v in info.items() if k not in INTERNAL_STORE_KEYS}
    out = {"status": "ok", "backend": store.backend, "store": info, "version": __version__,
           "console": settings.console, "load": settings.token is not None,
           "path_load": settings.token is not None and settings.import_dir is not None,
           # a stopped load leaves documents link_pending until the next load or `policygraph repair`
           # (the full check, unfinished_documents, scans every Measure: too slow for a health probe)
           "unfinished_links": len(linking.pending_documents(store))}
    if insider:
        out["import_dir"] = str(settings.import_dir) if settings.import_dir else None
    return out


@router.get("/queries", response_model=list[m.QueryInfo], tags=["meta"])
def list_queries() -> list[dict[str, Any]]:
    """The named public read queries (usable with /api/export/json?query=…)."""
    return public_queries()


# ------------------------------------------------------------------------------ measures


@router.get("/measures", response_model=m.MeasurePage, tags=["measures"])
def measures(request: Request, pg: GraphDep, limit: Limit = 20, offset: Offset = 0,
             q: Annotated[str | None, Query(max_length=500, description="id or approximate wording")] = None,
             level: Annotated[Literal["national", "provincial", "municipal"] | None, Query()] = None,
             batch: Annotated[int | None, Query(ge=1, le=99)] = None,
             region: Annotated[str | None, Query(max_length=50, description="region name or code")] = None,
             ) -> dict[str, Any] | Response:
    """Search by id / wording when ``q`` is given (ranked, national first on ties), else list."""
    def search() -> dict[str, Any]:
        return pg.search(q, level=level, batch=batch, region=region, limit=limit, offset=offset)

    if q is not None:
        return cached(request, pg.store, ("measures", q, level, batch, region, limit, offset), search,
                      m.MeasurePage)
    return search()


@router.get("/measures/{measure_id:path}", response_model=m.MeasureDetail, tags=["measures"],
            responses={404: {"model": m.ErrorOut}})
def measure(pg: GraphDep, measure_id: Annotated[str, PathParam(min_length=1, max_length=500)],
            batch: BatchParam = None, limit: AnswerLimit = ANSWER_PAGE, offset: Offset = 0) -> dict[str, Any]:
    """One measure with its document, departments, ADAPTS links and localisation diff.
    ``adapted_by`` is one page of the local measures adapting it (provinces first;
    ``limit``/``offset``, next page at ``adapted_by_page.next_offset``);
    ``adapted_by_counts`` counts them all (by level, regions)."""
    return pg.measure(measure_id, batch=batch, limit=limit, offset=offset)


@router.get("/trace", response_model=m.TraceOut, tags=["diffusion"], responses={404: {"model": m.ErrorOut}})
def trace(request: Request, pg: GraphDep, measure: MeasureParam,
          diff: Annotated[bool, Query(description="include the localisation diff of each")] = True,
          limit: Annotated[int | None, Query(ge=1, le=1000, description="localisations per page (default: all)")]
          = None,
          offset: Offset = 0, batch: BatchParam = None,
          ) -> Response:
    """Every localisation of a national measure (a local one is followed to its national measure).
    ``counts`` describe all localisations; ``limit``/``offset`` page the list."""
    def answer() -> dict[str, Any]:
        return pg.trace(measure, diff=diff, limit=limit, offset=offset, batch=batch)

    if limit is None or limit > 100:
        # a whole trace at scale is megabytes: not worth a cache slot
        return Response(to_json_bytes(answer(), m.TraceOut), media_type="application/json")
    return cached(request, pg.store, ("trace", measure, diff, limit, offset, batch), answer, m.TraceOut)


@router.get("/path", response_model=m.PathOut, response_model_by_alias=True, tags=["diffusion"],
            responses={404: {"model": m.ErrorOut}})
def path(request: Request, pg: GraphDep, measure: MeasureParam, batch: BatchParam = None,
         limit: Annotated[int, Query(ge=1, le=100, description="province branches per page")] = PATH_BRANCHES,
         offset: Offset = 0) -> Response:
    """Diffusion path national -> province -> city, with lags in days. ``counts`` describe
    the whole path; the tree holds one page of province branches (each with its cities;
    ``limit``/``offset``, next at ``page.next_offset``); each region names its first
    local measure and ``measure_count``."""
    return cached(request, pg.store, ("path", measure, batch, limit, offset),
                  lambda: pg.path(measure, batch=batch, limit=limit, offset=offset), m.PathOut)


@router.get("/timeline", tags=["diffusion"], responses={404: {"model": m.ErrorOut}})
def timeline(request: Request, pg: GraphDep, measure: MeasureParam, batch: BatchParam = None,
             limit: AnswerLimit = ANSWER_PAGE, offset: Offset = 0) -> Response:
    """Adoption timeline of a national measure (a local one is followed to its national
    measure): adopting regions with dates, lag in days from the national notice (null where
    a text gives no date), lead department and whether it continues the national guiding
    department's line (counterpart) or not (shift). ``summary`` describes every adoption;
    ``adoptions`` is one page (dated first, in date order; ``limit``/``offset``, next at
    ``page.next_offset``)."""
    return cached(request, pg.store, ("timeline", measure, batch, limit, offset),
                  lambda: pg.timeline(measure, batch=batch, limit=limit, offset=offset), m.TimelineOut)


@router.get("/analysis", tags=["diffusion"], responses={404: {"model": m.ErrorOut}})
def diffusion_analysis(request: Request, pg: GraphDep,
                       measure: Annotated[str | None, Query(min_length=1, max_length=500,
                                                            description="a national measure (id or wording)")] = None,
                       batch: Annotated[int | None, Query(ge=1, le=99)] = None) -> Response:
    """Diffusion figures (networkx) for a measure, a batch, or everything: reach by level,
    depth national -> province -> city, median lag, department centrality."""
    def answer() -> dict[str, Any]:
        with heavy_gate(request).held():  # a cache hit never waits for a place
            return pg.analysis(measure=measure, batch=batch)

    return cached(request, pg.store, ("analysis", measure, batch), answer)


@router.get("/who-leads", response_model=m.WhoLeadsOut, tags=["diffusion"],
            responses={404: {"model": m.ErrorOut}})
def who_leads(request: Request, pg: GraphDep, measure: MeasureParam,
              region: Annotated[str, Query(min_length=1, max_length=50,
                                           description="广东 / 广东省 / 石家庄 / 440000; a province includes its cities")],
              batch: BatchParam = None,
              limit: Annotated[int, Query(ge=0, le=500, description="answers per page (the region's own "
                                          "first, then the regions below it)")] = WHO_LEADS_PAGE,
              offset: Offset = 0) -> Response:
    """Who leads measure X in region Y: the department as printed and canonical, the rule,
    the local measure, its document and the ADAPTS score. The region's own answers come
    first (newest document first), then those from the regions below it (a province's
    cities); `counts` describe them all, limit/offset page them."""
    return cached(request, pg.store, ("who-leads", measure, region, limit, offset, batch),
                  lambda: pg.who_leads(measure, region, limit=limit, offset=offset, batch=batch), m.WhoLeadsOut)


@router.get("/network/diffusion", tags=["diffusion"], responses={404: {"model": m.ErrorOut}})
def diffusion_network(request: Request, pg: GraphDep,
                      batch: Annotated[int | None, Query(ge=1, le=99)] = None,
                      ties: Annotated[int | None, Query(ge=1, le=10_000, description="edges to infer "
                                                        "(default: one per region with a dated adoption)")] = None,
                      format: Annotated[Literal["json", "graphml", "csv"], Query(  # noqa: A002 - the URL's name
                          description="json (default), graphml (Gephi) or csv (edge list)")] = "json",
                      bom: Annotated[bool, Query(description="csv: start with a UTF-8 BOM")] = False,
                      ) -> Any:
    """Who follows whom: diffusion ties between regions inferred from adoption timing
    across measures (NetInf, Gomez-Rodriguez et al. 2010, as Desmarais, Harden & Boehmke
    2015 apply it to policy adoption). Edges point from leader to follower, with their
    log-likelihood gain, supporting cascades and median lag."""
    from policygraph import diffusion_network as dn

    def infer() -> dict[str, Any]:
        with heavy_gate(request).held():  # seconds and ~100 MB at national scale; a cache hit never waits
            return pg.network(batch=batch, ties=ties)

    def inferred() -> dict[str, Any]:  # once per graph version for the three formats
        return cached_value(request, pg.store, ("network/diffusion", batch, ties), infer)  # type: ignore[no-any-return]

    if format == "json":
        return cached(request, pg.store, ("network/diffusion.json", batch, ties), inferred)
    result = inferred()
    if format == "graphml":
        return StreamingResponse(dn.graphml_chunks(result), media_type="application/graphml+xml; charset=utf-8",
                                 headers={"Content-Disposition": 'attachment; filename="diffusion-network.graphml"'})
    return StreamingResponse(dn.csv_chunks(result, bom=bom), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": 'attachment; filename="diffusion-network.csv"'})


# ------------------------------------------------------------------------------ profiles


@router.get("/regions/{region}", response_model=m.RegionProfile, tags=["profiles"],
            responses={404: {"model": m.ErrorOut}})
def region(pg: GraphDep, region: Annotated[str, PathParam(min_length=1, max_length=50)],
           limit: AnswerLimit = ANSWER_PAGE, offset: Offset = 0) -> dict[str, Any]:
    """What a region adopted and did not, and which departments lead its measures.
    ``measures`` is one page of the region's own (``limit``/``offset``, next at
    ``page.next_offset``); ``below`` summarises each city (``measure_count``, ``adopted``:
    its measures adapting a national one; its own profile lists them); ``counts``
    describe them all."""
    return pg.region(region, limit=limit, offset=offset)


@router.get("/departments/{department:path}", response_model=m.DepartmentProfile, tags=["profiles"],
            responses={404: {"model": m.ErrorOut}})
def department(pg: GraphDep,
               department: Annotated[str, PathParam(min_length=1, max_length=200)],
               limit: AnswerLimit = ANSWER_PAGE, offset: Offset = 0) -> dict[str, Any]:
    """What a department is responsible for, and its counterparts on the same functional
    line. ``measures`` and ``counterparts`` are one page each (the same ``limit``/``offset``;
    next at ``page.next_offset`` / ``counterparts_page.next_offset``): the nearest
    counterparts first (above, below, then other regions); ``counts`` /
    ``counterpart_counts`` describe all."""
    return pg.department(department, limit=limit, offset=offset)


@router.get("/documents", response_model=m.DocumentPage, tags=["profiles"])
def documents(pg: GraphDep, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return pg.documents(limit=limit, offset=offset)


@router.get("/documents/{document:path}", response_model=m.DocumentView, tags=["profiles"],
            responses={404: {"model": m.ErrorOut}})
def document(pg: GraphDep, document: Annotated[str, PathParam(min_length=1, max_length=300)],
             limit: AnswerLimit = ANSWER_PAGE, offset: Offset = 0) -> dict[str, Any]:
    """What a document contains and what it cites (every measure, every citation up the
    DERIVED_FROM chain). ``cited_by`` is one page of the documents citing it (a batch's
    notice is cited by thousands of plans at national scale; ``limit``/``offset``, next at
    ``cited_by_page.next_offset``), ``cited_by_count`` counts them all."""
    return pg.document(document, limit=limit, offset=offset)


@router.get("/batches", response_model=list[m.BatchSummary], tags=["batches"])
def batches(pg: GraphDep) -> list[dict[str, Any]]:
    return pg.batches()


@router.get("/batches/{number}", response_model=m.BatchView, tags=["batches"],
            responses={404: {"model": m.ErrorOut}})
def batch(pg: GraphDep, number: Annotated[int, PathParam(ge=1, le=99)]) -> dict[str, Any]:
    return pg.batch(number)


@router.get("/coverage", response_model=m.CoverageOut, tags=["batches"])
def coverage(request: Request, pg: GraphDep) -> Response:
    """Batch x region: adopted national measures / batch size."""
    return cached(request, pg.store, ("coverage",), pg.coverage, m.CoverageOut)


@router.get("/graph", response_model=m.GraphOut, response_model_by_alias=True, tags=["browse"],
            responses={404: {"model": m.ErrorOut}})
def graph(pg: GraphDep, focus: Annotated[str, Query(min_length=1, max_length=500, description="a node id")],
          depth: Annotated[int, Query(ge=1, le=3)] = 1,
          limit: Annotated[int, Query(ge=1, le=500, description="most nodes returned")] = 100,
          ) -> dict[str, Any]:
    """The neighbourhood of a node, vis-network friendly: {nodes, edges}, group = label."""
    return vis_subgraph(pg.subgraph(focus, depth=depth, limit=limit))


# ------------------------------------------------------------------------------ exports


@router.get("/export/graphml", tags=["exports"], response_class=Response,
            responses={200: {"content": {"application/graphml+xml": {}}}})
def export_graphml(request: Request, store: StoreDep) -> Response:
    return _stream_file(heavy_gate(request), lambda: exports.graphml_chunks(store),
                        "application/graphml+xml; charset=utf-8", "policygraph.graphml")


@router.get("/export/gexf", tags=["exports"], response_class=Response,
            responses={200: {"content": {"application/gexf+xml": {}}}})
def export_gexf(request: Request, store: StoreDep) -> Response:
    return _stream_file(heavy_gate(request), lambda: exports.gexf_chunks(store),
                        "application/gexf+xml; charset=utf-8", "policygraph.gexf")


@router.get("/export/events.csv", tags=["exports"], response_class=Response,
            responses={200: {"content": {"text/csv": {}}}})
def export_events(request: Request, store: StoreDep,
                  bom: Annotated[bool, Query(description="start with a UTF-8 BOM (Excel on Chinese Windows)")]
                  = False) -> Response:
    """One row per localisation: region, level, national measure, batch, dates, lag, lead
    department and line, counterpart or shift, document."""
    return _stream_file(heavy_gate(request), lambda: exports.events_csv_chunks(store, bom=bom),
                        "text/csv; charset=utf-8", "policygraph-events.csv")


@router.get("/export/panel.csv", tags=["exports"], response_class=StreamingResponse,
            responses={200: {"content": {"text/csv": {}}}, 404: {"model": m.ErrorOut}, 422: {"model": m.ErrorOut}})
def export_panel(request: Request, store: StoreDep,
                 censor: Annotated[str | None, Query(max_length=10, description="censoring date YYYY-MM-DD "
                                                     "(default: the latest document date in the graph)")] = None,
                 batch: Annotated[int | None, Query(ge=1, le=99)] = None,
                 unloaded: Annotated[Literal["exclude", "provinces", "all"], Query(
                     description="regions with no loaded document: exclude (default), or add every "
                                 "province / province and city, flagged observation=no-document")] = "exclude",
                 bom: Annotated[bool, Query(description="start with a UTF-8 BOM (Excel on Chinese Windows)")]
                 = False,
                 ) -> StreamingResponse:
    """The event-history panel: one row per region x national measure at risk, from the
    notice to adoption or censoring, never-adopters included. Columns: /api/export/panel/dictionary."""
    from policygraph import panel

    return _stream_file(heavy_gate(request),
                        lambda: panel.csv_chunks(store, batch=batch, censor=censor, unloaded=unloaded, bom=bom),
                        "text/csv; charset=utf-8", "policygraph-panel.csv")


@router.get("/export/panel/dictionary", tags=["exports"])
def export_panel_dictionary() -> dict[str, Any]:
    """The panel's data dictionary: every column with its type and meaning."""
    from policygraph import panel

    return panel.dictionary()


@router.get("/export/json", tags=["exports"], response_class=Response,
            responses={200: {"content": {"application/json": {}}},
                       404: {"model": m.ErrorOut}, 422: {"model": m.ErrorOut}, 503: {"model": m.ErrorOut}})
def export_json(request: Request, store: StoreDep,
                query: Annotated[str | None, Query(max_length=100, description="a named read query")] = None,
                params: Annotated[str | None, Query(max_length=20_000,
                                                    description="JSON object of the query's parameters")] = None,
                ) -> Response:
    """The whole graph as {nodes, edges}; with ``query=<name>`` the rows of that named read
    query (one of GET /api/queries). Parameters come from ``params`` (JSON, typed) and from
    other query-string arguments (text)."""
    gate = heavy_gate(request)
    if query is None:
        # The whole graph, the biggest answer the API gives: written page by page while
        # holding the gate's place, never held whole.
        return _stream_file(gate, lambda: exports.graph_json_chunks(store), "application/json", None)
    if query not in queries.public_names():
        # Names come from the registry only: never a path (../cypher/x, /abs/x.cypher),
        # never an internal statement (writes, linking, load bookkeeping).
        raise NotFoundError(exports.internal_query_message(query) if query in queries.names()
                            else f"No public query named {query[:100]!r}.",
                            hint="GET /api/queries lists the named read queries and their parameters.")
    values: dict[str, Any] = {k: check_text(v, k) for k, v in request.query_params.items()
                              if k not in ("query", "params")}
    if params:
        values.update(parse_params(params))
    return _stream_file(gate, lambda: json.dumps(exports.query_json(store, query, values), ensure_ascii=False,
                                                 default=str), "application/json", None)


# ------------------------------------------------------------------------------ console


def _jsonable(v: Any) -> Any:
    if v is None or isinstance(v, bool | int | float | str):
        return v
    if isinstance(v, dict):
        return {str(k): _jsonable(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [_jsonable(x) for x in v]
    return str(v)


@router.post("/cypher", response_model=m.CypherOut, tags=["console"],
             responses={400: {"model": m.ErrorOut}, 403: {"model": m.ErrorOut}})
def cypher(request: Request, body: m.CypherIn, store: StoreDep, settings: SettingsDep) -> dict[str, Any]:
    """Read-only Cypher console (off unless POLICYGRAPH_CONSOLE=1). Runs in a read-only
    transaction (GRAPH.RO_QUERY / READ access mode) with the engine's own per-query timeout
    and the row limit inside the query; anything that writes is refused by the database
    before it runs; LOAD CSV, procedures outside an allow-list and shapes the engine's
    limits cannot stop are refused before (docs/SECURITY.md). At most
    POLICYGRAPH_CONSOLE_CONCURRENCY queries run at once; more get 503 with Retry-After."""
    if not settings.console:
        raise ConsoleDisabledError("The Cypher console is off (Cypher 控制台未开启).",
                                   hint="Start the server with POLICYGRAPH_CONSOLE=1 to enable the read-only console.")
    limit = settings.console_row_limit
    t0 = time.perf_counter()
    with request.app.state.console_gate.held():
        cols, rows = store.run_readonly_cypher(body.query, body.params, timeout_ms=settings.console_timeout_ms,
                                               limit=limit + 1)
    elapsed = (time.perf_counter() - t0) * 1000
    return {"columns": cols, "rows": _jsonable(rows[:limit]), "count": min(len(rows), limit),
            "truncated": len(rows) > limit, "elapsed_ms": round(elapsed, 2)}


# ------------------------------------------------------------------------------ load


def _token_ok(settings: Settings, authorization: str | None) -> bool:
    if settings.token is None or not authorization:
        return False
    scheme, _, given = authorization.partition(" ")
    try:
        given_bytes = given.strip().encode()
    except UnicodeEncodeError:
        return False
    return scheme.lower() == "bearer" and hmac.compare_digest(given_bytes, settings.token.encode())


def _check_token(settings: Settings, authorization: str | None) -> None:
    if settings.token is None:
        raise LoadDisabledError("Loading over the API is off: no token is configured (未配置令牌).",
                                hint="Set POLICYGRAPH_TOKEN on the server, then send Authorization: Bearer <token>.")
    if not _token_ok(settings, authorization):
        raise AuthError("Missing or wrong token (令牌缺失或错误).",
                        hint="Send the header Authorization: Bearer <POLICYGRAPH_TOKEN>.")


def jobs_of(request: Request) -> JobRunner:
    return request.app.state.jobs  # type: ignore[no-any-return]


Authorization = Annotated[str | None, Header(max_length=1000)]


@router.post("/load", response_model=m.LoadOut, tags=["load"], status_code=200,
             responses={202: {"model": m.JobOut, "description": "a path load, started as a job"},
                        401: {"model": m.ErrorOut}, 403: {"model": m.ErrorOut}, 404: {"model": m.ErrorOut},
                        413: {"model": m.ErrorOut}, 422: {"model": m.ErrorOut}, 503: {"model": m.ErrorOut}})
async def load(request: Request, store: StoreDep, settings: SettingsDep,
               authorization: Authorization = None) -> Any:
    """Load documents. Needs ``Authorization: Bearer <token>``.

    - a multipart upload (field ``file``, one or more; at most 20 MB in all, refused with
      413 while it is still arriving) is loaded in the request and answers with the report;
    - JSON ``{"path": "<file or folder>"}`` loads from the server's import folder
      (POLICYGRAPH_IMPORT_DIR; off when unset) as a job: 202 with the job, then
      ``GET /api/jobs/{id}`` for its progress and report, ``DELETE`` to cancel it.

    Changed documents are relinked (ADAPTS) as part of the load."""
    _check_token(settings, authorization)
    ctype = request.headers.get("content-type", "")
    with tempfile.TemporaryDirectory(prefix="policygraph-upload-") as tmp:
        with open(Path(tmp) / ".body", "w+b") as body:
            if ctype.startswith("multipart/form-data"):
                await spool(request, body, MAX_FILE_BYTES)
                folder = Path(tmp) / "files"
                folder.mkdir()
                paths = await run_in_threadpool(save_parts, ctype, body, folder)
            elif ctype.startswith("application/json"):
                await spool(request, body, MAX_JSON_BODY)
                body.seek(0)
                try:
                    req = m.LoadIn.model_validate_json(body.read())
                except ValueError:
                    raise BadInputError('The JSON body must be {"path": "<file or folder in the import folder>"}.',
                                        hint="Or upload the file as multipart/form-data.") from None
                job = _submit_path_load(request, store, settings, req.path)
                return JSONResponse(job.to_dict(), status_code=202,
                                    headers={"Location": f"/api/jobs/{job.id}"})
            else:
                raise BadInputError(f"Unsupported content type {ctype[:100] or '(none)'}.",
                                    hint='Send multipart/form-data with a file, or JSON {"path": …}.')
        return await run_in_threadpool(_load, store, paths, folder)


def _submit_path_load(request: Request, store: Store, settings: Settings, raw: str) -> Job:
    real = import_dir.resolve(settings.import_dir, raw)
    assert settings.import_dir is not None  # resolve() refused otherwise

    def work(job: Job) -> dict[str, Any]:
        files = import_dir.files_under(real, settings.import_dir)  # type: ignore[arg-type]
        job.progress["total"] = len(files)

        def progress(_: Path, i: int, total: int) -> None:
            job.progress["done"] = i

        report = PolicyGraph(store).load(files, progress=progress, should_stop=job.should_stop)
        out = report.to_dict()
        out["totals"]["skipped"] = len(files) - len(report.files)
        return out

    return jobs_of(request).submit("load", f"load {raw[:200]}", work)


def _load(store: Store, paths: list[Path], folder: Path) -> dict[str, Any]:
    # The app's one store; the core relinks the changed documents, keeping ADAPTS current.
    # Uploads are known by their names (a new temporary folder each time).
    return PolicyGraph(store).load(paths, upload_root=folder).to_dict()


# ------------------------------------------------------------------------------ jobs


JobId = Annotated[str, PathParam(min_length=1, max_length=64, pattern=r"^[0-9a-f-]+$")]


@router.get("/jobs", response_model=list[m.JobOut], tags=["load"],
            responses={401: {"model": m.ErrorOut}, 403: {"model": m.ErrorOut}})
def list_jobs(request: Request, settings: SettingsDep, authorization: Authorization = None) -> list[dict[str, Any]]:
    """Load jobs, newest first (token required)."""
    _check_token(settings, authorization)
    return [j.to_dict() for j in jobs_of(request).list()]


@router.get("/jobs/{job_id}", response_model=m.JobOut, tags=["load"],
            responses={401: {"model": m.ErrorOut}, 404: {"model": m.ErrorOut}})
def get_job(request: Request, settings: SettingsDep, job_id: JobId, authorization: Authorization = None) -> dict[str, Any]:
    _check_token(settings, authorization)
    return jobs_of(request).get(job_id).to_dict()


@router.delete("/jobs/{job_id}", response_model=m.JobOut, tags=["load"],
               responses={401: {"model": m.ErrorOut}, 404: {"model": m.ErrorOut}})
def cancel_job(request: Request, settings: SettingsDep, job_id: JobId,
               authorization: Authorization = None) -> dict[str, Any]:
    """Cancel a job: a queued one never starts; a running one stops after the document it
    is writing (the documents written stay, and are relinked)."""
    _check_token(settings, authorization)
    return jobs_of(request).cancel(job_id).to_dict()
