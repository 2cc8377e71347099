"""Headless Chromium against the REAL app (api.app.create_app) on a live uvicorn.

- Chromium: Debian's ``/usr/bin/chromium`` (override with POLICYGRAPH_CHROMIUM), driven by
  Playwright's Python package through ``executable_path``. ``playwright install`` is never run:
  it downloads its own browser, which an offline machine cannot do.
- The app: ``create_app(store=loaded_store)``, the session's embedded FalkorDB store with the five
  samples loaded (tests/conftest.py), served by uvicorn in a thread on a free 127.0.0.1 port.
- Every request the browser makes is recorded; tests assert none leaves 127.0.0.1.
- Screenshots go to tests/artifacts/ (gitignored).
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"

# No background traffic (updates, sync, QUIC probes), no first-run UI, no GPU (none in CI).
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--no-default-browser-check",
]


def chromium_path() -> str | None:
    for cand in (os.environ.get("POLICYGRAPH_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser",
                 shutil.which("chromium"), shutil.which("chromium-browser")):
        if cand and Path(cand).is_file() and os.access(cand, os.X_OK):
            return cand
    return None


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    exe = chromium_path()
    if exe is None:
        pytest.skip("Chromium is not installed (apt-get install chromium chromium-driver)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (test extra)")
    profile = tmp_path_factory.mktemp("chromium-profile")  # a fresh user-data-dir every session
    with sync_api.sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(
            str(profile), executable_path=exe, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1300, "height": 900}, locale="zh-CN", accept_downloads=True,
        )
        ctx.set_default_timeout(20_000)
        yield ctx
        ctx.close()


class RequestLog:
    """Every URL the browser asked for, to prove nothing left the machine."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def __call__(self, request: Any) -> None:
        self.urls.append(request.url)

    def offsite(self) -> list[str]:
        out = []
        for u in self.urls:
            parts = urlsplit(u)
            if parts.scheme in ("data", "blob", "about"):
                continue  # in-page resources, never a network request
            if parts.scheme == "file" or parts.hostname == "127.0.0.1":
                continue
            out.append(u)
        return out


@pytest.fixture
def page(browser_context: Any) -> Iterator[Any]:
    """A fresh tab; .requests holds every URL, .errors every uncaught JS error."""
    pg = browser_context.new_page()
    log = RequestLog()
    pg.on("request", log)
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.requests = log  # type: ignore[attr-defined]
    pg.js_errors = errors  # type: ignore[attr-defined]
    yield pg
    pg.close()


def shot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


class LiveServer:
    """uvicorn in a background thread, bound to 127.0.0.1 on a port the OS picks."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="live-uvicorn", daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)


@pytest.fixture(scope="session")
def live_url(loaded_store: Any) -> Iterator[str]:
    """The real policygraph app over the embedded store with the five samples loaded."""
    app_mod = pytest.importorskip("api.app", reason="api/app.py (create_app) is not written yet")
    app = app_mod.create_app(store=loaded_store)
    with LiveServer(app) as url:
        yield url
