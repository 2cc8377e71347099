"""The JSON API under /api: thin handlers.

Each handler validates its parameters (FastAPI + the models in api/models.py), calls one
function of policygraph.service / policygraph.exports with the app's single store, and
returns what it gets. Errors are raised as PolicyGraphError subclasses and turned into
``{"error", "message", "hint"}`` by the handlers in api/app.py.

Handlers are plain ``def``: store calls block (redis / bolt sockets), so FastAPI runs
them in its thread pool instead of stalling the event loop.
"""

from __future__ import annotations

import hmac
import json
import tempfile
import time
from collections.abc import Callable
from email.parser import BytesParser
from email.policy import HTTP
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from api import models as m
from api.cache import AnswerCache, to_json_bytes
from graph.store import Store
from policygraph import __version__, analysis, exports, service
from policygraph.config import MAX_FILE_BYTES, Settings
from policygraph.errors import AuthError, BadInputError, PolicyGraphError, StoreUnavailableError

router = APIRouter(prefix="/api")

Limit = Annotated[int, Query(ge=1, le=500, description="page size (1-500)")]
Offset = Annotated[int, Query(ge=0, description="rows to skip")]
MeasureParam = Annotated[str, Query(min_length=1, max_length=500,
                                    description="a measure id (国办发〔2020〕3号/2), a printed number "
                                                "(12, 二.1) or approximate wording (科技创新券 通用通兑)")]
ALLOWED_UPLOAD_SUFFIXES = {".txt", ".html", ".htm", ".docx", ".pdf", ".md"}


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
    cache: AnswerCache = request.app.state.cache

    def body() -> bytes:
        return to_json_bytes(compute(), model)

    return Response(cache.get(store, key, body), media_type="application/json")


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def _file(body: str, media_type: str, filename: str) -> Response:
    return Response(body, media_type=media_type,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


# ------------------------------------------------------------------------------ health


@router.get("/health", response_model=m.HealthOut, tags=["meta"],
            responses={503: {"model": m.ErrorOut, "description": "store unavailable"}})
def health(request: Request, settings: SettingsDep) -> dict[str, Any]:
    store = get_store(request)
    info = store.info()  # raises StoreUnavailableError (503) when the server is gone
    return {"status": "ok", "backend": store.backend, "store": info, "version": __version__,
            "console": settings.console, "load": settings.token is not None}


@router.get("/queries", response_model=list[m.QueryInfo], tags=["meta"])
def list_queries() -> list[dict[str, Any]]:
    """The named read queries (usable with /api/export/json?query=…)."""
    return exports.read_queries()


# ------------------------------------------------------------------------------ measures


@router.get("/measures", response_model=m.MeasurePage, tags=["measures"])
def measures(request: Request, store: StoreDep, limit: Limit = 20, offset: Offset = 0,
             q: Annotated[str | None, Query(max_length=500, description="id or approximate wording")] = None,
             level: Annotated[Literal["national", "provincial", "municipal"] | None, Query()] = None,
             batch: Annotated[int | None, Query(ge=1, le=99)] = None,
             region: Annotated[str | None, Query(max_length=50, description="region name or code")] = None,
             ) -> dict[str, Any] | Response:
    """Search by id / wording when ``q`` is given (ranked, national first on ties), else list."""
    if q is not None:
        def search() -> dict[str, Any]:
            region_ids = None
            if region:
                r = service.resolve_region(store, region)
                region_ids = [r["id"], *[b["id"] for b in r["below"]]]
            return service.search_measures(store, q, level=level, region_ids=region_ids, batch=batch,
                                           limit=limit, offset=offset)

        return cached(request, store, ("measures", q, level, batch, region, limit, offset), search,
                      m.MeasurePage)
    return service.list_measures(store, level=level, batch=batch, region=region, limit=limit, offset=offset)


@router.get("/measures/{measure_id:path}", response_model=m.MeasureDetail, tags=["measures"],
            responses={404: {"model": m.ErrorOut}})
def measure(store: StoreDep, measure_id: Annotated[str, PathParam(min_length=1, max_length=500)]) -> dict[str, Any]:
    return service.measure_detail(store, measure_id)


@router.get("/trace", response_model=m.TraceOut, tags=["diffusion"], responses={404: {"model": m.ErrorOut}})
def trace(request: Request, store: StoreDep, measure: MeasureParam,
          diff: Annotated[bool, Query(description="include the localisation diff of each")] = True,
          limit: Annotated[int | None, Query(ge=1, le=1000, description="localisations per page (default: all)")]
          = None,
          offset: Offset = 0,
          ) -> Response:
    """Every localisation of a national measure (a local one is followed to its national measure).
    ``counts`` describe all localisations; ``limit``/``offset`` page the list."""
    def answer() -> dict[str, Any]:
        return service.trace(store, measure, with_diff=diff, limit=limit, offset=offset)

    if limit is None or limit > 100:
        # a whole trace at scale is megabytes: not worth a cache slot
        return Response(to_json_bytes(answer(), m.TraceOut), media_type="application/json")
    return cached(request, store, ("trace", measure, diff, limit, offset), answer, m.TraceOut)


@router.get("/path", response_model=m.PathOut, response_model_by_alias=True, tags=["diffusion"],
            responses={404: {"model": m.ErrorOut}})
def path(request: Request, store: StoreDep, measure: MeasureParam) -> Response:
    """Diffusion path national -> province -> city, with lags in days."""
    return cached(request, store, ("path", measure), lambda: service.path(store, measure), m.PathOut)


@router.get("/timeline", tags=["diffusion"], responses={404: {"model": m.ErrorOut}})
def timeline(request: Request, store: StoreDep, measure: MeasureParam) -> Response:
    """Adoption timeline of a national measure: adopting regions with dates, lag in days from
    the national notice (null where a text gives no date), lead department and whether it
    continues the national guiding department's line (counterpart) or not (shift)."""
    def answer() -> dict[str, Any]:
        found, _ = service.resolve_measure(store, measure, level="national")
        return analysis.timeline(store, found["id"])

    return cached(request, store, ("timeline", measure), answer)


@router.get("/analysis", tags=["diffusion"], responses={404: {"model": m.ErrorOut}})
def diffusion_analysis(request: Request, store: StoreDep,
                       measure: Annotated[str | None, Query(min_length=1, max_length=500,
                                                            description="a national measure (id or wording)")] = None,
                       batch: Annotated[int | None, Query(ge=1, le=99)] = None) -> Response:
    """Diffusion figures (networkx) for a measure, a batch, or everything: reach by level,
    depth national -> province -> city, median lag, department centrality."""
    if measure is not None and batch is not None:
        raise BadInputError("Give measure or batch, not both.", hint="Leave both out for the whole graph.")
    def answer() -> dict[str, Any]:
        measure_id = service.resolve_measure(store, measure, level="national")[0]["id"] if measure else None
        return analysis.diffusion(store, measure_id=measure_id, batch=batch)

    return cached(request, store, ("analysis", measure, batch), answer)


@router.get("/who-leads", response_model=m.WhoLeadsOut, tags=["diffusion"],
            responses={404: {"model": m.ErrorOut}})
def who_leads(request: Request, store: StoreDep, measure: MeasureParam,
              region: Annotated[str, Query(min_length=1, max_length=50,
                                           description="广东 / 广东省 / 石家庄 / 440000; a province includes its cities")],
              limit: Annotated[int, Query(ge=0, le=500, description="answers from the regions below, per page")] = 20,
              offset: Offset = 0) -> Response:
    """Who leads measure X in region Y: the department as printed and canonical, the rule,
    the local measure, its document and the ADAPTS score. The region's own answers come
    first and whole; answers from the regions below it (a province's cities) are counted
    and paged with limit/offset."""
    return cached(request, store, ("who-leads", measure, region, limit, offset),
                  lambda: service.who_leads(store, measure, region, limit=limit, offset=offset), m.WhoLeadsOut)


# ------------------------------------------------------------------------------ profiles


@router.get("/regions/{region}", response_model=m.RegionProfile, tags=["profiles"],
            responses={404: {"model": m.ErrorOut}})
def region(store: StoreDep, region: Annotated[str, PathParam(min_length=1, max_length=50)]) -> dict[str, Any]:
    return service.region_profile(store, region)


@router.get("/departments/{department:path}", response_model=m.DepartmentProfile, tags=["profiles"],
            responses={404: {"model": m.ErrorOut}})
def department(store: StoreDep,
               department: Annotated[str, PathParam(min_length=1, max_length=200)]) -> dict[str, Any]:
    return service.department_profile(store, department)


@router.get("/documents", response_model=m.DocumentPage, tags=["profiles"])
def documents(store: StoreDep, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return service.documents(store, limit=limit, offset=offset)


@router.get("/documents/{document:path}", response_model=m.DocumentView, tags=["profiles"],
            responses={404: {"model": m.ErrorOut}})
def document(store: StoreDep, document: Annotated[str, PathParam(min_length=1, max_length=300)]) -> dict[str, Any]:
    return service.document_view(store, document)


@router.get("/batches", response_model=list[m.BatchSummary], tags=["batches"])
def batches(store: StoreDep) -> list[dict[str, Any]]:
    return service.batches(store)


@router.get("/batches/{number}", response_model=m.BatchView, tags=["batches"],
            responses={404: {"model": m.ErrorOut}})
def batch(store: StoreDep, number: Annotated[int, PathParam(ge=1, le=99)]) -> dict[str, Any]:
    return service.batch_view(store, number)


@router.get("/coverage", response_model=m.CoverageOut, tags=["batches"])
def coverage(request: Request, store: StoreDep) -> Response:
    """Batch x region: adopted national measures / batch size."""
    return cached(request, store, ("coverage",), lambda: service.coverage(store), m.CoverageOut)


@router.get("/graph", response_model=m.GraphOut, response_model_by_alias=True, tags=["browse"],
            responses={404: {"model": m.ErrorOut}})
def graph(store: StoreDep, focus: Annotated[str, Query(min_length=1, max_length=500, description="a node id")],
          depth: Annotated[int, Query(ge=1, le=3)] = 1,
          limit: Annotated[int, Query(ge=1, le=500, description="most nodes returned")] = 100,
          ) -> dict[str, Any]:
    """The neighbourhood of a node, vis-network friendly: {nodes, edges}, group = label."""
    return service.subgraph(store, focus, depth=depth, limit=limit)


# ------------------------------------------------------------------------------ exports


@router.get("/export/graphml", tags=["exports"], response_class=Response,
            responses={200: {"content": {"application/graphml+xml": {}}}})
def export_graphml(store: StoreDep) -> Response:
    return _file(exports.graphml(store), "application/graphml+xml; charset=utf-8", "policygraph.graphml")


@router.get("/export/gexf", tags=["exports"], response_class=Response,
            responses={200: {"content": {"application/gexf+xml": {}}}})
def export_gexf(store: StoreDep) -> Response:
    return _file(exports.gexf(store), "application/gexf+xml; charset=utf-8", "policygraph.gexf")


@router.get("/export/events.csv", tags=["exports"], response_class=Response,
            responses={200: {"content": {"text/csv": {}}}})
def export_events(store: StoreDep) -> Response:
    """One row per localisation: region, level, national measure, batch, dates, lag, lead
    department and line, counterpart or shift, document."""
    return _file(exports.events_csv(store), "text/csv; charset=utf-8", "policygraph-events.csv")


@router.get("/export/json", tags=["exports"])
def export_json(request: Request, store: StoreDep,
                query: Annotated[str | None, Query(max_length=100, description="a named read query")] = None,
                params: Annotated[str | None, Query(max_length=20_000,
                                                    description="JSON object of the query's parameters")] = None,
                ) -> dict[str, Any]:
    """The whole graph as {nodes, edges}; with ``query=<name>`` the rows of that named read
    query. Parameters come from ``params`` (JSON, typed) and from other query-string
    arguments (text)."""
    if query is None:
        return exports.graph_json(store)
    values: dict[str, Any] = {k: v for k, v in request.query_params.items() if k not in ("query", "params")}
    if params:
        try:
            parsed = json.loads(params)
        except json.JSONDecodeError as e:
            raise BadInputError(f"params is not valid JSON ({e.msg}).",
                                hint='Example: params={"id": "国办发〔2020〕3号/2"}') from None
        if not isinstance(parsed, dict):
            raise BadInputError("params must be a JSON object.", hint='Example: params={"id": "…"}')
        values.update(parsed)
    return exports.query_json(store, query, values)


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
def cypher(body: m.CypherIn, store: StoreDep, settings: SettingsDep) -> dict[str, Any]:
    """Read-only Cypher console (off unless POLICYGRAPH_CONSOLE=1). Runs in a read-only
    transaction (GRAPH.RO_QUERY / READ access mode) with the configured time and row limits;
    anything that writes is refused by the database before it runs."""
    if not settings.console:
        raise ConsoleDisabledError("The Cypher console is off (Cypher 控制台未开启).",
                                   hint="Start the server with POLICYGRAPH_CONSOLE=1 to enable the read-only console.")
    limit = settings.console_row_limit
    t0 = time.perf_counter()
    cols, rows = store.run_readonly_cypher(body.query, body.params, timeout_ms=settings.console_timeout_ms,
                                           limit=limit + 1)
    elapsed = (time.perf_counter() - t0) * 1000
    return {"columns": cols, "rows": _jsonable(rows[:limit]), "count": min(len(rows), limit),
            "truncated": len(rows) > limit, "elapsed_ms": round(elapsed, 2)}


# ------------------------------------------------------------------------------ load


def _check_token(settings: Settings, authorization: str | None) -> None:
    if settings.token is None:
        raise LoadDisabledError("Loading over the API is off: no token is configured (未配置令牌).",
                                hint="Set POLICYGRAPH_TOKEN on the server, then send Authorization: Bearer <token>.")
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), settings.token.encode()):
        raise AuthError("Missing or wrong token (令牌缺失或错误).",
                        hint="Send the header Authorization: Bearer <POLICYGRAPH_TOKEN>.")


def _uploaded_files(content_type: str, body: bytes, into: Path) -> list[Path]:
    """Files of a multipart/form-data body, saved under their own names (a plan without a
    文号 is identified by its file stem, so the name must survive). Parsed with the
    standard library's MIME parser: no extra dependency for one endpoint."""
    msg = BytesParser(policy=HTTP).parsebytes(b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body)
    if not msg.is_multipart():
        raise BadInputError("The multipart body could not be read.", hint="Send the file as form field 'file'.")
    out: list[Path] = []
    for part in msg.iter_parts():
        filename = part.get_filename()
        if not filename:
            continue
        name = Path(filename.replace("\\", "/")).name
        if Path(name).suffix.lower() not in ALLOWED_UPLOAD_SUFFIXES:
            raise BadInputError(f"{name}: only {', '.join(sorted(ALLOWED_UPLOAD_SUFFIXES))} files can be loaded.",
                                hint="Export the plan as text, HTML, DOCX or PDF.")
        data = part.get_payload(decode=True)
        target = into / name
        target.write_bytes(data if isinstance(data, bytes) else b"")
        out.append(target)
    if not out:
        raise BadInputError("The upload holds no file.", hint="Send the file as a multipart form field with a filename.")
    return out


@router.post("/load", response_model=m.LoadOut, tags=["load"],
             responses={401: {"model": m.ErrorOut}, 403: {"model": m.ErrorOut}, 422: {"model": m.ErrorOut}})
async def load(request: Request, store: StoreDep, settings: SettingsDep,
               authorization: Annotated[str | None, Header()] = None) -> dict[str, Any]:
    """Load documents: a multipart upload (field ``file``, one or more) or JSON
    ``{"path": "<file or folder on the server>"}``. Needs ``Authorization: Bearer <token>``.
    Changed documents are relinked (ADAPTS) in the same call."""
    _check_token(settings, authorization)
    ctype = request.headers.get("content-type", "")
    length = int(request.headers.get("content-length") or 0)
    if length > MAX_FILE_BYTES:
        raise BadInputError(f"The upload is {length} bytes; at most {MAX_FILE_BYTES} are accepted.",
                            hint="Plans are tens of KB; split or convert large files.")
    body = await request.body()
    if len(body) > MAX_FILE_BYTES:
        raise BadInputError(f"The upload is over {MAX_FILE_BYTES} bytes.", hint="Split or convert large files.")
    with tempfile.TemporaryDirectory(prefix="policygraph-upload-") as tmp:
        if ctype.startswith("multipart/form-data"):
            paths = _uploaded_files(ctype, body, Path(tmp))
        elif ctype.startswith("application/json"):
            try:
                req = m.LoadIn.model_validate_json(body)
            except ValueError:
                raise BadInputError('The JSON body must be {"path": "<file or folder on the server>"}.',
                                    hint="Or upload the file as multipart/form-data.") from None
            p = Path(req.path).expanduser()
            if not p.exists():
                raise BadInputError(f"{req.path}: no such file or folder on the server.",
                                    hint="Give a path the server can read, or upload the file.")
            paths = [p]
        else:
            raise BadInputError(f"Unsupported content type {ctype or '(none)'}.",
                                hint='Send multipart/form-data with a file, or JSON {"path": …}.')
        report = await run_in_threadpool(_load, store, paths)
    return report


def _load(store: Store, paths: list[Path]) -> dict[str, Any]:
    from policygraph.core import PolicyGraph

    # The app's one store; the core relinks the changed documents, keeping ADAPTS current.
    return PolicyGraph(store).load(paths).to_dict()
