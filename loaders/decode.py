"""Bytes -> text: refuse what is not a readable plan text, detect the encoding, never assume it.

Plans arrive as UTF-8 (with or without a BOM) or as GB18030/GBK exports from Windows
tools, occasionally as UTF-16 or Big5. The order of attempts matters:

1. a UTF-16 BOM (a UTF-16 file is full of NUL bytes, so this comes before the binary check);
2. strict UTF-8 - valid UTF-8 Chinese text is almost never valid by accident, and the
   reverse (GBK bytes that happen to decode as UTF-8) does not happen for real texts;
3. charset-normalizer's guess, mapped onto GB18030 when it names any GB-family codec
   (GB18030 is a superset of GB2312 and GBK, so decoding with it never loses a character);
4. strict GB18030 as the last resort.

Every refusal is a :class:`BadInputError` that says what is wrong and what to do.
"""

from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from policygraph.config import MAX_FILE_BYTES
from policygraph.errors import BadInputError

# Control bytes that real text files contain; everything else below 0x20 suggests binary data.
_TEXT_CONTROL_BYTES = frozenset(b"\t\n\r\f\v\x1b")
# A text with more than this share of other control bytes is treated as binary.
MAX_CONTROL_RATIO = 0.01
# charset-normalizer names for which we decode with GB18030 (their common superset).
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "cp936", "hz", "euc_cn"}
# Only the first bytes are sniffed for the binary check: enough to see a file's nature,
# cheap on a large file.
_SNIFF_BYTES = 64 * 1024
# Whitespace that makes a file "empty" although it has bytes (BOM and full-width space included).
_BLANK = " \t\r\n\f\v\u3000\u00a0\ufeff\u200b"


@dataclass(frozen=True)
class Decoded:
    """A decoded file: its text, the encoding that decoded it, and the hash of its bytes."""

    text: str
    encoding: str
    sha256: str
    size: int


def read_file(path: str | Path) -> Decoded:
    """Read and decode one file, checking its size *before* reading it."""
    path = Path(path)
    if not path.exists():
        raise BadInputError(f"{path}: no such file.", hint="Check the path and try again.")
    if not path.is_file():
        raise BadInputError(f"{path}: not a regular file.", hint="Give the path of one text file.")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise BadInputError(
            f"{path.name}: file is {size / 1024 / 1024:.1f} MB, larger than the "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB limit for one plan text.",
            hint="Policy plans are tens of KB; check that this is the right file, "
            "or split a collection into one file per document.",
        )
    with path.open("rb") as fh:
        # Read at most one byte past the limit: the file may have grown since stat().
        data = fh.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise BadInputError(
            f"{path.name}: file grew past the {MAX_FILE_BYTES // 1024 // 1024} MB limit while reading.",
            hint="Load a finished copy of the file.",
        )
    return decode_bytes(data, source=path.name)


def decode_bytes(data: bytes, *, source: str = "<bytes>") -> Decoded:
    """Decode raw bytes of a plan text. Raises BadInputError for empty, binary or undecodable data."""
    if not data:
        raise BadInputError(
            f"{source}: the file is empty.",
            hint="Export the document's text again; an empty file has nothing to extract.",
        )
    digest = hashlib.sha256(data).hexdigest()

    text, encoding = _decode_utf16(data)
    if text is None:
        _reject_binary(data, source)
        text, encoding = _decode_text(data, source)

    if not text.strip(_BLANK):
        raise BadInputError(
            f"{source}: the file holds only whitespace.",
            hint="Export the document's text again; there is nothing to extract.",
        )
    return Decoded(text=text, encoding=encoding, sha256=digest, size=len(data))


def _decode_utf16(data: bytes) -> tuple[str | None, str]:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            return None, ""
    return None, ""


def _reject_binary(data: bytes, source: str) -> None:
    head = data[:_SNIFF_BYTES]
    if b"\x00" in head:
        raise BadInputError(
            f"{source}: looks like a binary file (it contains NUL bytes), not a text.",
            hint="Convert .pdf/.docx/.xls files to plain text (UTF-8 or GB18030) first.",
        )
    controls = sum(1 for b in head if b < 0x20 and b not in _TEXT_CONTROL_BYTES)
    if controls / len(head) > MAX_CONTROL_RATIO:
        raise BadInputError(
            f"{source}: looks like a binary file ({controls} control bytes in the first "
            f"{len(head)} bytes), not a text.",
            hint="Convert .pdf/.docx/.xls files to plain text (UTF-8 or GB18030) first.",
        )


def _decode_text(data: bytes, source: str) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data.decode("utf-8-sig"), "utf-8-sig"
        except UnicodeDecodeError:
            pass  # a BOM followed by non-UTF-8 bytes: let the detector judge
    else:
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass

    guess = from_bytes(data).best()
    if guess is not None:
        name = guess.encoding.lower().replace("-", "_")
        if name in _GB_FAMILY:
            name = "gb18030"
        try:
            return data.decode(name), name.replace("_", "-")
        except (UnicodeDecodeError, LookupError):
            pass

    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise BadInputError(
            f"{source}: cannot decode the text (not UTF-8, GB18030/GBK or another encoding "
            f"that could be detected; first bad byte at offset {exc.start}).",
            hint="Save the file as UTF-8 and load it again.",
        ) from exc
