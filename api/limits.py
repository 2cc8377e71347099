"""The API's boundary: what input is accepted, and how much work runs at once.

**Input** (every check raises a 4xx in the one error shape; nothing reaches a store or
the file system that could turn into a 500 there):

- JSON parameters (``params`` of /api/export/json and of the console): integers within
  64 bits (both engines' integer; Python refuses to even parse a 5,000-digit one),
  finite floats (no NaN / Infinity), at most :data:`MAX_DEPTH` levels of nesting (2,000
  levels overflowed Python's recursion), strings that are valid Unicode (a lone
  surrogate such as ``\\ud800`` cannot be encoded for the database) and hold no NUL
  (FalkorDB reads parameters from a text header that a NUL cuts short).
- Upload file names: no NUL or control characters, at most :data:`MAX_FILENAME_BYTES`
  bytes of UTF-8 (300 Chinese characters are 900 bytes, past the file system's 255).

**Concurrency**: a :class:`Gate` admits a bounded number of callers and refuses the
rest at once with 503 ``busy`` and ``Retry-After`` (refuse rather than queue: a queued
request still holds a worker thread and its client's connection, and the client can
retry when told to). Console queries pass one gate (POLICYGRAPH_CONSOLE_CONCURRENCY,
default 1, so they can never occupy every FalkorDB worker thread and stall other
readers); whole-graph exports and analyses another (POLICYGRAPH_HEAVY_CONCURRENCY,
default 2: eight concurrent GraphML exports took the API to 2.5 GB before).
"""

from __future__ import annotations

import json
import math
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from base.errors import BadInputError, PolicyGraphError

MAX_DEPTH = 20
MAX_INT = 2**63 - 1
MAX_INT_DIGITS = 20
MAX_FILENAME_BYTES = 200


class BusyError(PolicyGraphError):
    """Too many of this kind of request are running; retry after ``retry_after`` s."""

    http_status = 503
    code = "busy"

    def __init__(self, message: str, *, hint: str | None = None, retry_after: int = 5) -> None:
        super().__init__(message, hint=hint)
        self.retry_after = retry_after


class TooLargeError(PolicyGraphError):
    http_status = 413
    code = "too_large"
    exit_code = 2


class Gate:
    """At most ``size`` holders at once; the next caller is refused with BusyError."""

    def __init__(self, name: str, size: int, retry_after: int) -> None:
        self.name = name
        self.size = size
        self.retry_after = retry_after
        self._sem = threading.BoundedSemaphore(size)

    def acquire(self) -> None:
        if not self._sem.acquire(blocking=False):
            raise BusyError(
                f"Too many {self.name} are running ({self.size} at a time); try again shortly.",
                hint=f"Retry after {self.retry_after} s (the Retry-After header says the same).",
                retry_after=self.retry_after)

    def release(self) -> None:
        self._sem.release()

    @contextmanager
    def held(self) -> Iterator[None]:
        self.acquire()
        try:
            yield
        finally:
            self.release()


def _bad(message: str) -> BadInputError:
    return BadInputError(message, hint='Example: params={"id": "国办发〔2020〕3号/2", "limit": 10}')


def check_text(value: str, what: str) -> str:
    """A string that can be sent to a database: valid Unicode, no NUL."""
    if "\x00" in value:
        raise _bad(f"{what} holds a NUL character.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise _bad(f"{what} holds a lone surrogate (invalid Unicode such as \\ud800).") from None
    return value


def check_value(value: Any, what: str = "params", depth: int = 0) -> Any:
    """A JSON value safe to pass as query parameters (see the module docstring)."""
    if depth > MAX_DEPTH:
        raise _bad(f"{what} is nested more than {MAX_DEPTH} levels deep.")
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        if not -MAX_INT - 1 <= value <= MAX_INT:
            raise _bad(f"{what} holds an integer outside 64 bits.")
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _bad(f"{what} holds NaN or Infinity.")
        return value
    if isinstance(value, str):
        return check_text(value, what)
    if isinstance(value, list):
        return [check_value(v, what, depth + 1) for v in value]
    if isinstance(value, dict):
        for k in value:
            check_text(str(k), f"a key in {what}")
        return {k: check_value(v, f"{what}.{k}", depth + 1) for k, v in value.items()}
    raise _bad(f"{what} holds a value of type {type(value).__name__}.")


def _parse_int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_INT_DIGITS:
        raise _bad("params holds an integer outside 64 bits.")
    return int(digits)


def _no_constant(name: str) -> Any:
    raise _bad(f"params holds {name}, which is not a number a query can use.")


def parse_params(text: str) -> dict[str, Any]:
    """``params`` (a JSON object in the query string) parsed and checked."""
    check_text(text, "params")
    try:
        parsed = json.loads(text, parse_int=_parse_int, parse_constant=_no_constant)
    except json.JSONDecodeError as e:
        raise _bad(f"params is not valid JSON ({e.msg}).") from None
    except RecursionError:
        raise _bad(f"params is nested more than {MAX_DEPTH} levels deep.") from None
    if not isinstance(parsed, dict):
        raise _bad("params must be a JSON object.")
    return check_value(parsed)


def safe_filename(raw: str) -> str:
    """The base name of an uploaded file, or BadInputError if it cannot be a file name."""
    name = raw.replace("\\", "/").rsplit("/", 1)[-1]
    if "\x00" in name or any(unicodedata.category(c) in ("Cc", "Cf", "Cs") for c in name):
        raise BadInputError("The upload's file name holds control characters.",
                            hint="Rename the file (letters, digits, Chinese, - _ . only) and upload it again.")
    try:
        size = len(name.encode("utf-8"))
    except UnicodeEncodeError:
        raise BadInputError("The upload's file name is not valid Unicode.", hint="Rename the file.") from None
    if size > MAX_FILENAME_BYTES:
        raise BadInputError(f"The upload's file name is {size} bytes long; at most {MAX_FILENAME_BYTES} are accepted.",
                            hint="Shorten the file name; a plan without a 文号 is named after its file stem.")
    if name.strip(". ") == "":
        raise BadInputError("The upload has no usable file name.", hint="Send the file with its name.")
    return name


MAX_BODY = 1024 * 1024  # every request body but an upload's (the console's is at most ~40 KB)


class BodyLimit:
    """ASGI middleware: a request body over ``limit`` bytes is answered 413 while it
    arrives, before the app parses it (FastAPI would read a body of any size into memory
    to parse the console's JSON). ``/api/load`` is left to api/uploads.py, which streams
    to disk under its own, larger limit."""

    def __init__(self, app: Any, limit: int = MAX_BODY, exempt: tuple[str, ...] = ("/api/load",)) -> None:
        self.app = app
        self.limit = limit
        self.exempt = exempt

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope.get("path") in self.exempt:
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body = message.get("body", b"")
            size += len(body)
            if size > self.limit:
                await self._refuse(send)
                return
            chunks.append(body)
            if not message.get("more_body", False):
                break
        replay = [{"type": "http.request", "body": b"".join(chunks), "more_body": False}]

        async def replayed() -> Any:
            return replay.pop() if replay else await receive()

        await self.app(scope, replayed, send)

    async def _refuse(self, send: Any) -> None:
        body = json.dumps({"error": "too_large",
                           "message": f"The request body is over {self.limit:,} bytes, the most accepted here.",
                           "hint": "Console queries are at most 20,000 characters; upload files with POST /api/load."
                           }).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})
