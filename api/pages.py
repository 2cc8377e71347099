"""HTML pages: server-rendered shells whose data comes from the JSON API in the browser.

Each page is a Jinja2 template (viz/templates) plus a small vanilla-JS file (viz/static/js); there
is no build step and nothing is loaded from outside this server (vis-network is vendored under
viz/static/vendor). The app mounts ``viz/static`` at ``/static`` and includes ``router``.

Why shells + fetch rather than rendering data on the server: the pages then use exactly the
public API a script would, each page names that API URL (the "JSON" link, as datasette does), and
the API owns all querying and error mapping. The one exception is ``/browse/export.html``: a
downloadable single-file graph needs its data in-lined, so it asks ``/api/graph`` in-process (a
plain ASGI sub-request, so it still goes through the API's own validation and error handling).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any
from urllib.parse import quote, unquote, urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates

from viz.graph import STATIC_DIR, TEMPLATES_DIR, style_config, to_pyvis_html

router = APIRouter(include_in_schema=False)  # HTML pages stay out of the OpenAPI (JSON) contract
templates = Jinja2Templates(directory=str(TEMPLATES_DIR))

KIND_ZH = {"measure": "举措", "region": "地区", "department": "部门", "document": "文件"}
API_COLLECTION = {"measure": "measures", "region": "regions", "department": "departments",
                  "document": "documents"}


def _asset_version() -> str:
    """Cache-buster for /static URLs: changes whenever a static file changes (size or mtime)."""
    h = hashlib.sha1()
    for p in sorted(STATIC_DIR.rglob("*")):
        if p.is_file():
            st = p.stat()
            h.update(f"{p.relative_to(STATIC_DIR)}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()[:10]


ASSET_VERSION = _asset_version()


def _api_url(kind: str, ident: str) -> str:
    return f"/api/{API_COLLECTION[kind]}/{quote(ident, safe='')}"


def _render(request: Request, template: str, page: str, title: str, status_code: int = 200,
            **context: Any) -> HTMLResponse:
    ctx = {"page": page, "title": title, "asset_version": ASSET_VERSION, "json_links": [], **context}
    return templates.TemplateResponse(request, template, ctx, status_code=status_code)


def _missing_id(request: Request, kind: str) -> HTMLResponse:
    """A readable page (not a blank one, not raw JSON) when the required ?id= is absent."""
    return _render(request, "error.html", kind, "缺少参数", status_code=400,
                   error={"error": "bad_input", "message": f"请在地址中给出{KIND_ZH[kind]}的 id。",
                          "hint": f"例如 /{kind}?id=…；可以先在首页搜索。"})


@router.get("/", response_class=HTMLResponse)
def search_page(request: Request, q: str = "", level: str = "") -> HTMLResponse:
    api = "/api/measures?" + urlencode({k: v for k, v in {"q": q, "level": level}.items() if v} | {"limit": 30})
    return _render(request, "index.html", "search", "搜索举措", q=q, level=level,
                   json_links=[(unquote(api), api), ("/api/batches", "/api/batches"),
                               ("/api/documents", "/api/documents?limit=8")])


@router.get("/coverage", response_class=HTMLResponse)
def coverage_page(request: Request) -> HTMLResponse:
    # The filters live in the query string and are read by the page's script, which calls the API
    # with the same parameters (so the JSON link always matches what is shown).
    api = "/api/coverage/table?" + str(request.url.query) if request.url.query else "/api/coverage/table"
    return _render(request, "coverage.html", "coverage", "覆盖情况", json_links=[(unquote(api), api)])


@router.get("/documents", response_class=HTMLResponse)
def documents_page(request: Request) -> HTMLResponse:
    return _render(request, "documents.html", "documents", "文件列表",
                   json_links=[("/api/documents", "/api/documents?limit=100")])


@router.get("/who-leads", response_class=HTMLResponse)
def who_leads_page(request: Request, measure: str = "", region: str = "") -> HTMLResponse:
    links = []
    if measure and region:
        api = "/api/who-leads?" + urlencode({"measure": measure, "region": region})
        links = [(unquote(api), api)]
    return _render(request, "who_leads.html", "who-leads", "谁牵头", measure=measure, region=region,
                   json_links=links)


@router.get("/measure", response_class=HTMLResponse)
def measure_page(request: Request, id: str = Query("", description="measure id")) -> HTMLResponse:
    if not id.strip():
        return _missing_id(request, "measure")
    m = quote(id, safe="")
    return _render(request, "measure.html", "measure", id, id=id, style=style_config(),
                   json_links=[("measure", _api_url("measure", id)), ("trace", f"/api/trace?measure={m}"),
                               ("graph", f"/api/graph?focus={m}&depth=2")])


def _profile(request: Request, kind: str, ident: str) -> HTMLResponse:
    if not ident.strip():
        return _missing_id(request, kind)
    return _render(request, "profile.html", kind, f"{KIND_ZH[kind]} {ident}", kind=kind,
                   kind_zh=KIND_ZH[kind], id=ident, json_links=[(kind, _api_url(kind, ident))])


@router.get("/region", response_class=HTMLResponse)
def region_page(request: Request, id: str = "") -> HTMLResponse:
    return _profile(request, "region", id)


@router.get("/department", response_class=HTMLResponse)
def department_page(request: Request, id: str = "") -> HTMLResponse:
    return _profile(request, "department", id)


@router.get("/document", response_class=HTMLResponse)
def document_page(request: Request, id: str = "") -> HTMLResponse:
    return _profile(request, "document", id)


# /api/graph's own bounds (api/routes.py); the form offers the same so it never builds a 422.
MAX_DEPTH = 3
MAX_LIMIT = 500
WHOLE_GRAPH = "/api/export/json"  # {nodes, edges} of everything, same node/edge shape as /api/graph


def _graph_source(focus: str, depth: int, limit: int | None) -> tuple[str, str]:
    """(API path, query string) the browse view draws: a focus's neighbourhood, else everything."""
    if not focus:
        return WHOLE_GRAPH, ""
    params: dict[str, Any] = {"focus": focus, "depth": depth}
    if limit:
        params["limit"] = limit
    return "/api/graph", urlencode(params)


@router.get("/browse", response_class=HTMLResponse)
def browse_page(request: Request, focus: str = "", depth: int = Query(2, ge=1, le=MAX_DEPTH),
                limit: int | None = Query(None, ge=1, le=MAX_LIMIT)) -> HTMLResponse:
    focus = focus.strip()
    path, qs = _graph_source(focus, depth, limit)
    graph_url = path + (f"?{qs}" if qs else "")
    export_qs = urlencode({k: v for k, v in {"focus": focus, "depth": depth if focus else None,
                                               "limit": limit if focus else None}.items() if v})
    return _render(request, "browse.html", "browse", "浏览图谱", focus=focus, depth=depth, limit=limit,
                   max_depth=MAX_DEPTH, max_limit=MAX_LIMIT, style=style_config(), graph_url=graph_url,
                   export_url="/browse/export.html" + (f"?{export_qs}" if export_qs else ""),
                   json_links=[(unquote(graph_url), graph_url)])


async def _internal_get(request: Request, path: str, query: str) -> tuple[int, bytes]:
    """GET an endpoint of this same app in-process (no socket, no extra dependency)."""
    status = 500
    chunks: list[bytes] = []
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
        "scheme": request.url.scheme, "path": path, "raw_path": path.encode(), "root_path": "",
        "query_string": query.encode(), "headers": [(b"host", b"127.0.0.1"), (b"accept", b"application/json")],
        "client": ("127.0.0.1", 0), "server": ("127.0.0.1", 0),
        # lifespan state (e.g. the store) must be visible to the sub-request as to any request
        "state": dict(request.scope.get("state") or {}),
    }

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await request.app(scope, receive, send)
    return status, b"".join(chunks)


@router.get("/browse/export.html")
async def browse_export(request: Request, focus: str = "", depth: int = Query(2, ge=1, le=MAX_DEPTH),
                        limit: int | None = Query(None, ge=1, le=MAX_LIMIT)) -> Response:
    """The current /browse view as ONE self-contained HTML file (vis-network in-lined; opens offline)."""
    status, body = await _internal_get(request, *_graph_source(focus.strip(), depth, limit))
    try:
        data = json.loads(body)
    except ValueError:
        data = {"error": "error", "message": body[:300].decode("utf-8", "replace"), "hint": None}
    if status != 200:
        return JSONResponse(data, status_code=status)  # same readable error the API gives
    title = f"policygraph 导出：{focus.strip() or '全图'}"
    html_text = to_pyvis_html(data, title=title)
    stem = "policygraph-" + (focus.strip() or "graph")
    ascii_stem = "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "_" for c in stem)
    disposition = f"attachment; filename=\"{ascii_stem}.html\"; filename*=UTF-8''{quote(stem + '.html', safe='')}"
    return HTMLResponse(html_text, headers={"Content-Disposition": disposition})
