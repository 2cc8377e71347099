"""Request bodies of POST /api/load, read with their size limit enforced while reading.

``await request.body()`` held a whole chunked 200 MB upload in memory before the size
check could refuse it (API 82 -> 492 MB). Here the body streams to a temporary file
and the read stops with 413 as soon as it passes the limit: a declared Content-Length
above the limit is refused before a byte is read, a chunked body after at most
limit + one chunk. Only then is the (bounded) file parsed.
"""

from __future__ import annotations

from email.parser import BytesParser
from email.policy import HTTP
from pathlib import Path
from typing import IO

from starlette.requests import ClientDisconnect, Request

from api.limits import TooLargeError, safe_filename
from base.errors import BadInputError
from loaders.formats import SUPPORTED, supported_list


def _too_large(limit: int) -> TooLargeError:
    return TooLargeError(f"The upload is over {limit:,} bytes, the most accepted.",
                         hint="Plans are tens of KB; split or convert large files.")


async def spool(request: Request, into: IO[bytes], limit: int) -> int:
    """Copy the request body to ``into``; TooLargeError as soon as it passes ``limit``."""
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            if int(declared) > limit:
                raise _too_large(limit)
        except ValueError:
            raise BadInputError("Content-Length is not a number.", hint="Send a valid request.") from None
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise _too_large(limit)
            into.write(chunk)
    except ClientDisconnect:
        raise BadInputError("The client went away before the upload was complete.",
                            hint="Send the file again.") from None
    into.flush()
    return size


def save_parts(content_type: str, body: IO[bytes], into: Path) -> list[Path]:
    """Files of a multipart/form-data body (already spooled and size-checked), saved
    under their own base names (a plan without a 文号 is identified by its file stem, so
    the name must survive). Parsed with the standard library's MIME parser."""
    try:
        header = b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n"
    except UnicodeEncodeError:
        raise BadInputError("The Content-Type header is not ASCII.", hint="Send multipart/form-data.") from None
    body.seek(0)
    msg = BytesParser(policy=HTTP).parsebytes(header + body.read())
    if not msg.is_multipart():
        raise BadInputError("The multipart body could not be read.", hint="Send the file as form field 'file'.")
    out: list[Path] = []
    for part in msg.iter_parts():
        raw = part.get_filename()
        if not raw:
            continue
        name = safe_filename(raw)
        if Path(name).suffix.lower() not in SUPPORTED:  # exactly what the loader reads
            raise BadInputError(f"{name}: only {supported_list()} files can be loaded.",
                                hint="Export the plan as text, HTML, DOCX or PDF.")
        data = part.get_payload(decode=True)
        target = into / name
        target.write_bytes(data if isinstance(data, bytes) else b"")
        out.append(target)
    if not out:
        raise BadInputError("The upload holds no file.", hint="Send the file as a multipart form field with a filename.")
    return out
