"""Every file format a plan arrives in -> one :class:`Document` in the plain-text convention.

    read_document(path) -> Document (lines with locators, page metadata)
    discover(paths)     -> (files to load, [(path, why skipped)])

One small module per format; ``SUPPORTED`` is the registry of suffixes. The CLI, the core
object and the upload endpoint all accept exactly these suffixes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from base.errors import BadInputError
from loaders.formats import excel, html, legacy, pdf, text, word
from loaders.formats.base import Document, Line

Reader = Callable[[bytes, str], Document]

# suffix -> (reader, what it is). Order is the order they are listed to users.
SUPPORTED: dict[str, tuple[Reader, str]] = {
    ".txt": (text.read, "plain text"),
    ".html": (html.read, "web page"),
    ".htm": (html.read, "web page"),
    ".shtml": (html.read, "web page"),
    ".docx": (word.read, "Word document"),
    ".pdf": (pdf.read, "PDF (text layer, or OCR for scans)"),
    ".xlsx": (excel.read, "Excel workbook"),
    ".doc": (legacy.read, "legacy Word document (converted with LibreOffice)"),
    ".wps": (legacy.read, "WPS document (converted with LibreOffice)"),
}
# Files that sit beside inputs but are not inputs themselves, and why.
_NOT_INPUTS = {
    ".yaml": "sidecar metadata, read with its document",
    ".yml": "sidecar metadata, read with its document",
    ".json": "sidecar metadata, read with its document",
}

__all__ = ["SUPPORTED", "Document", "Line", "discover", "read_bytes", "read_document", "supported_list"]


def supported_list() -> str:
    return ", ".join(SUPPORTED)


def read_document(path: str | Path) -> Document:
    """Read one file of any supported format, checking its size before reading it."""
    path = Path(path)
    from loaders.decode import read_limited  # decode imports this package lazily: no cycle at import

    return read_bytes(read_limited(path), path.name)


def read_bytes(data: bytes, source: str) -> Document:
    """Read a file's bytes by its name's suffix."""
    suffix = Path(source).suffix.lower()
    entry = SUPPORTED.get(suffix)
    if entry is None:
        raise BadInputError(f"{source}: {suffix or 'files without a suffix'} cannot be read.",
                            hint=f"Supported: {supported_list()}.")
    if not data:
        raise BadInputError(f"{source}: the file is empty.",
                            hint="Export the document again; an empty file has nothing to extract.")
    return entry[0](data, source)


def discover(paths: Iterable[str | Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Files to load from files and folders, and the files left out with the reason.

    A file named directly is always an input (a wrong suffix fails with a clear error when
    read); in a folder, only supported suffixes are inputs and everything else is reported.
    """
    files: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    for raw in paths:
        p = Path(raw)
        if not p.is_dir():
            files.append(p)
            continue
        for f in sorted(x for x in p.rglob("*") if x.is_file()):
            if any(part.startswith(".") for part in f.relative_to(p).parts):
                skipped.append((f, "hidden file"))
                continue
            suffix = f.suffix.lower()
            if suffix in SUPPORTED:
                files.append(f)
            elif suffix in _NOT_INPUTS and any((f.with_suffix(s)).exists() for s in SUPPORTED):
                skipped.append((f, _NOT_INPUTS[suffix]))
            else:
                skipped.append((f, f"{suffix or 'no suffix'} is not a supported format ({supported_list()})"))
    return files, skipped
