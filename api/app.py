"""The FastAPI application factory.

``create_app(settings=None, store=None)``:

- **One store per process.** Without ``store``, the lifespan opens one with
  :func:`graph.open_store` and closes it at shutdown (as movies-python-bolt does with its
  driver). With ``store`` (tests, the CLI's in-process use), the app borrows it and never
  closes it. If the store cannot be opened the app still starts: /api/health answers
  503 with the reason, every other endpoint too, instead of the process dying silently.
- **One error shape.** PolicyGraphError, FastAPI's validation errors and HTTP errors all
  become ``{"error", "message", "hint"}`` with the right status; bad input is 422 or
  404, never 500.
- JSON under /api (api/routes.py), HTML pages from api/pages.py, static assets from
  viz/static at /static (served locally: no CDN).

Run: ``uvicorn --factory api.app:create_app`` or ``policygraph serve``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.cache import AnswerCache
from api.charts import router as charts_router
from api.fastpath import FastPath
from api.jobs import JobRunner
from api.limits import BodyLimit, BusyError, Gate
from api.pages import router as pages_router
from api.routes import router as api_router
from base.config import Settings
from base.errors import PolicyGraphError, StoreUnavailableError
from graph.store import Store
from policygraph import __version__
from viz.graph import STATIC_DIR

log = logging.getLogger("policygraph.api")

HTTP_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
              405: "method_not_allowed", 413: "too_large", 415: "unsupported_media_type",
              429: "busy", 503: "busy"}
JOB_SHUTDOWN_S = 60.0  # a cancelled load stops after its current document, then relinks


def _error(status: int, code: str, message: str, hint: str | None) -> JSONResponse:
    return JSONResponse({"error": code, "message": message, "hint": hint}, status_code=status)


def _validation_message(exc: RequestValidationError) -> str:
    """'limit: Input should be greater than or equal to 1 (got -1)' for each bad field."""
    parts = []
    for e in exc.errors():
        loc = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body", "header"))
        got = e.get("input")
        shown = f" (got {got!r})" if isinstance(got, str | int | float) and len(repr(got)) <= 60 else ""
        parts.append(f"{loc or 'request'}: {e.get('msg', 'invalid')}{shown}")
    return "Invalid parameters (参数无效): " + "; ".join(parts)


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned: Store | None = None
        if app.state.store is None:
            from graph import open_store

            try:
                owned = await run_in_threadpool(open_store, settings)
                app.state.store = owned
                if os.environ.get("POLICYGRAPH_WARMUP", "1") not in ("0", "false", "no"):
                    from api import warmup
                    from api.pages import templates

                    warmup.start(owned, templates)
            except StoreUnavailableError as e:
                log.error("store unavailable: %s", e)
                app.state.store_error = e
        try:
            yield
        finally:
            # SIGTERM / shutdown: cancel load jobs at a document boundary before the store closes.
            if not await run_in_threadpool(app.state.jobs.shutdown, JOB_SHUTDOWN_S):
                log.error("a load job did not stop within %.0f s", JOB_SHUTDOWN_S)
            if owned is not None:
                app.state.store = None
                owned.close()

    app = FastAPI(
        title="policygraph",
        version=__version__,
        description="How China's innovation-reform measures spread: national batches -> provincial "
                    "and city work plans. Every `measure` parameter takes an id, a printed number "
                    "or approximate Chinese wording.",
        lifespan=lifespan,
        # The default /docs and /redoc pages load their scripts from a CDN; ours are vendored.
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.store = store
    app.state.store_error = None
    app.state.jobs = JobRunner()
    app.state.console_gate = Gate("console queries", settings.console_concurrency,
                                  retry_after=max(1, settings.console_timeout_ms // 1000))
    app.state.heavy_gate = Gate("exports and analyses", settings.heavy_concurrency, retry_after=10)
    app.state.cache = AnswerCache(settings.cache_size)

    @app.exception_handler(PolicyGraphError)
    async def policygraph_error(_: Request, exc: PolicyGraphError) -> JSONResponse:
        response = _error(exc.http_status, exc.code, exc.message, exc.hint)
        if isinstance(exc, BusyError):
            response.headers["Retry-After"] = str(exc.retry_after)
        return response

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        return _error(422, "bad_input", _validation_message(exc),
                      "See /docs for each endpoint's parameters and their allowed values.")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = HTTP_CODES.get(exc.status_code, "http_error")
        hint = "See /docs for the endpoints." if exc.status_code in (404, 405) else None
        message = str(exc.detail) if exc.detail else code
        if exc.status_code == 404 and message == "Not Found":
            message = f"No such endpoint: {request.url.path}"
        return _error(exc.status_code, code, message, hint)

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        # A bug, not bad input: keep the shape, log the traceback, say where to look.
        log.exception("unhandled error")
        return _error(500, "internal_error", f"Internal error ({type(exc).__name__}).",
                      "This is a bug in policygraph; the server log has the details.")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title="policygraph API",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/vendor/swagger-ui/favicon-32x32.png",
        )

    app.add_middleware(BodyLimit)
    # Answers are JSON with much repetition (who-leads at 1,000 documents: 44 KB, 3.7 KB
    # gzipped); clients that accept gzip get it, others (wrk, curl without --compressed) not.
    app.add_middleware(GZipMiddleware, minimum_size=2048)
    # Outermost: a cached answer is replayed as the layers above sent it, before any of them.
    app.add_middleware(FastPath, cache=app.state.cache, store=lambda: app.state.store)
    app.include_router(api_router)
    app.include_router(charts_router)
    app.include_router(pages_router)
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    return app

