"""Bytes -> text: refuse what is not a readable plan text, detect the encoding, never assume it.

Plans arrive as UTF-8 (with or without a BOM) or as GB18030/GBK exports from Windows
tools, occasionally as UTF-16 or Big5. The order of attempts matters:

1. UTF-16: by its BOM, or - without one - the byte order whose decoding reads as Chinese
   text (a UTF-16 file is full of NULs, so this comes before the binary check);
2. the binary check: NULs and other control bytes are counted, and only a high share
   (PNG, ZIP, .doc) means binary - a real plan with a few stray control characters is
   still a text (normalisation drops them);
3. strict UTF-8 - valid UTF-8 Chinese text is almost never valid by accident. UTF-8 that
   was once misread as Latin-1 and saved again (吉林 -> å\\x90\\x89æ\\x9e\\x97) is repaired;
4. charset-normalizer's guess, mapped onto GB18030 when it names any GB-family codec
   (GB18030 is a superset of GB2312 and GBK, so decoding with it never loses a character);
5. strict GB18030;
6. line by line, UTF-8 or GB18030: two exports pasted into one file.

Every refusal is a :class:`BadInputError` that says what is wrong and what to do.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from base.config import MAX_FILE_BYTES
from base.errors import BadInputError

# Control bytes that real text files contain; everything else below 0x20 suggests binary data.
_TEXT_CONTROL_BYTES = frozenset(b"\t\n\r\f\v\x1b")
# Every byte that is not such a control byte: deleting them leaves the control bytes to count.
_NOT_CONTROL_BYTES = bytes(b for b in range(256) if not (b < 0x20 and b not in _TEXT_CONTROL_BYTES))
# A text with more than this share of other control bytes (NUL included) is treated as
# binary. Random or compressed bytes score ~12%, an OLE .doc far more; a plan with a few
# hundred stray control characters scores ~1%.
MAX_CONTROL_RATIO = 0.05
# charset-normalizer names for which we decode with GB18030 (their common superset).
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "cp936", "hz", "euc_cn"}
# Only the first bytes are sniffed for the binary check: enough to see a file's nature,
# cheap on a large file.
_SNIFF_BYTES = 64 * 1024
# Whitespace that makes a file "empty" although it has bytes (BOM and full-width space included).
_BLANK = " \t\r\n\f\v\u3000\u00a0\ufeff\u200b"
_CJK = re.compile(r"[\u3400-\u9fff]")
# Share of CJK characters a decoding must show before we believe it (for guesses only).
_MIN_CJK_SHARE = 0.3
_BINARY_HINT = ("A .docx, .pdf, .xlsx or web page is read by its own suffix: give the file its real suffix, "
                "or convert it to plain text (UTF-8 or GB18030).")


@dataclass(frozen=True)
class Decoded:
    """A decoded file: its text, the encoding that decoded it, and the hash of its bytes."""

    text: str
    encoding: str
    sha256: str
    size: int
    note: str | None = None  # a repair that was made (mojibake, mixed encodings), for warnings


def read_file(path: str | Path) -> Decoded:
    """Read and decode one file, checking its size *before* reading it.

    A web page, Word, PDF, Excel or legacy Word file is read by loaders.formats into the
    plain-text convention; its text is returned here as if it had been a .txt."""
    path = Path(path)
    from loaders import formats  # formats.text imports this module

    if path.suffix.lower() in formats.SUPPORTED and path.suffix.lower() != ".txt":
        doc = formats.read_document(path)
        return Decoded(text=doc.text, encoding=doc.encoding, sha256=doc.sha256, size=doc.size, note=doc.note)
    return decode_bytes(read_limited(path), source=path.name)


def read_limited(path: Path) -> bytes:
    """A file's bytes, refused with a clear error when it is missing, not a file, or larger
    than MAX_FILE_BYTES (checked before reading, and again while reading: it may grow)."""
    if not path.exists():
        raise BadInputError(f"{path}: no such file.", hint="Check the path and try again.")
    if not path.is_file():
        raise BadInputError(f"{path}: not a regular file.", hint="Give the path of one document file.")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise BadInputError(
            f"{path.name}: file is {size / 1024 / 1024:.1f} MB, larger than the "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB limit for one plan.",
            hint="Policy plans are tens of KB (a scanned PDF a few MB); check that this is the right file, "
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
    return data



def decode_bytes(data: bytes, *, source: str = "<bytes>") -> Decoded:
    """Decode raw bytes of a plan text. Raises BadInputError for empty, binary or undecodable data."""
    if not data:
        raise BadInputError(
            f"{source}: the file is empty.",
            hint="Export the document's text again; an empty file has nothing to extract.",
        )
    digest = hashlib.sha256(data).hexdigest()

    note = None
    found = _decode_utf16(data)
    if found is None:
        _reject_binary(data, source)
        text, encoding, note = _decode_text(data, source)
    else:
        text, encoding = found

    if not text.strip(_BLANK):
        raise BadInputError(
            f"{source}: the file holds only whitespace.",
            hint="Export the document's text again; there is nothing to extract.",
        )
    return Decoded(text=text, encoding=encoding, sha256=digest, size=len(data), note=note)


def _reads_as_chinese(text: str) -> bool:
    sample = [ch for ch in text[:20000] if not ch.isspace()]
    return bool(sample) and len(_CJK.findall("".join(sample))) / len(sample) >= _MIN_CJK_SHARE


def _decode_utf16(data: bytes) -> tuple[str, str] | None:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            return None
    head = data[:_SNIFF_BYTES]
    if len(data) % 2 or b"\x00" not in head:
        return None
    # Without a BOM, try both byte orders; the right one reads as Chinese text, the wrong
    # one as a scatter of unrelated scripts (newline 0x000A becomes U+0A00, Gurmukhi).
    best: tuple[float, str, str] | None = None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        score = _plain_share(text)
        if score >= 0.9 and _reads_as_chinese(text) and (best is None or score > best[0]):
            best = (score, text, codec)
    return (best[1], best[2]) if best else None


_PLAIN = re.compile(r"[\t\n\r\x20-\x7e\u2000-\u206f\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def _plain_share(text: str) -> float:
    """Share of characters a Chinese plan is made of: CJK, CJK/ASCII punctuation, ASCII."""
    sample = text[:20000]
    return len(_PLAIN.findall(sample)) / len(sample) if sample else 0.0


def _reject_binary(data: bytes, source: str) -> None:
    head = data[:_SNIFF_BYTES]
    controls = len(head.translate(None, _NOT_CONTROL_BYTES))  # the control bytes left (C speed)
    if controls / len(head) > MAX_CONTROL_RATIO:
        nuls = head.count(0)
        raise BadInputError(
            f"{source}: looks like a binary file, not a text ({controls} control bytes, "
            f"{nuls} of them NUL, in the first {len(head)} bytes).",
            hint=_BINARY_HINT,
        )


def _decode_text(data: bytes, source: str) -> tuple[str, str, str | None]:
    """(text, encoding, note) for bytes that are not UTF-16."""
    codec = "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        pass
    else:
        repaired = _repair_mojibake(text)
        if repaired is not None:
            return repaired, codec, "repaired UTF-8 that had been misread as Latin-1 (mojibake)"
        return text, codec, None

    guess = from_bytes(data).best()
    if guess is not None:
        name = guess.encoding.lower().replace("-", "_")
        if name in _GB_FAMILY:
            name = "gb18030"
        try:
            text = data.decode(name)
        except (UnicodeDecodeError, LookupError):
            pass
        else:
            if _reads_as_chinese(text):
                return text, name.replace("_", "-"), None

    try:
        return data.decode("gb18030"), "gb18030", None
    except UnicodeDecodeError as exc:
        first_bad = exc.start

    mixed = _decode_mixed(data)
    if mixed is not None:
        return mixed, "utf-8+gb18030", "parts of the file are UTF-8 and parts GB18030; decoded line by line"
    raise BadInputError(
        f"{source}: cannot decode the text (not UTF-8, GB18030/GBK or another encoding "
        f"that could be detected; first bad byte at offset {first_bad}).",
        hint="Save the file as UTF-8 and load it again.",
    )


def _repair_mojibake(text: str) -> str | None:
    """UTF-8 bytes once decoded as Latin-1/cp1252 and saved again: undo it, if that is what it is.

    Only a text with no Chinese at all and many Latin-1 letters is a candidate, and the
    repair must give valid UTF-8 that reads as Chinese.
    """
    if _CJK.search(text[:20000]):
        return None
    latin = sum(1 for ch in text[:20000] if "\x80" <= ch <= "\xff")
    if latin < 20:
        return None
    for codec in ("latin-1", "cp1252"):
        try:
            repaired = text.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if _reads_as_chinese(repaired):
            return repaired
    return None


def _decode_mixed(data: bytes) -> str | None:
    """Two exports pasted together: each line is UTF-8 or GB18030 (the joint may fall mid-line)."""
    out: list[str] = []
    kinds = set()
    for line in data.splitlines(keepends=True):
        try:
            out.append(line.decode("utf-8"))
            kinds.add("utf-8" if max(line, default=0) >= 0x80 else "ascii")
            continue
        except UnicodeDecodeError as exc:
            head, tail = line[: exc.start], line[exc.start :]
        try:
            # The joint: a UTF-8 start, a GB18030 rest.
            out.append(head.decode("utf-8") + tail.decode("gb18030"))
            kinds.add("gb18030")
        except UnicodeDecodeError:
            return None
    text = "".join(out)
    if {"utf-8", "gb18030"} <= kinds and _reads_as_chinese(text):
        return text
    return None
