"""Plain text files (.txt): decoded as before (loaders.decode), one line per line."""

from __future__ import annotations

from loaders.decode import decode_bytes
from loaders.formats.base import Document, Line


def read(data: bytes, source: str) -> Document:
    decoded = decode_bytes(data, source=source)
    # No locator: the span's line numbers are the file's own lines.
    lines = [Line(t) for t in decoded.text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return Document(lines=lines, format="text", sha256=decoded.sha256, size=decoded.size,
                    encoding=decoded.encoding, note=decoded.note, verbatim=decoded.text)
