"""Legacy Word .doc and WPS .wps: converted to .docx by LibreOffice, then read as .docx.

LibreOffice (``soffice --headless --convert-to docx``) is the one dependable converter for
these binary formats; it is large (hundreds of MB), so it is not a dependency: when it is
not installed, the file is refused with the command that converts it.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from base.errors import BadInputError
from loaders.formats import word
from loaders.formats.base import Document

CONVERT_TIMEOUT = 120  # seconds; a plan converts in a few


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def read(data: bytes, source: str) -> Document:
    exe = soffice()
    suffix = Path(source).suffix.lower()
    if exe is None:
        raise BadInputError(
            f"{source}: {suffix} files are read by converting them with LibreOffice, which is not installed.",
            hint=f"Install LibreOffice (apt-get install libreoffice-writer), or convert the file yourself: "
                 f"`soffice --headless --convert-to docx {Path(source).name}` (or File > Save as .docx in Word/WPS), "
                 "then load the .docx.")
    with tempfile.TemporaryDirectory(prefix="policygraph-convert-") as tmp:
        src = Path(tmp) / f"input{suffix}"
        src.write_bytes(data)
        try:
            subprocess.run([exe, "--headless", "--convert-to", "docx", "--outdir", tmp, str(src)],
                           capture_output=True, timeout=CONVERT_TIMEOUT, check=True,
                           env={"HOME": tmp, "PATH": "/usr/bin:/bin"})
        except (subprocess.SubprocessError, OSError) as exc:
            raise BadInputError(f"{source}: LibreOffice could not convert the file ({exc}).",
                                hint="Open it in Word or WPS and save it as .docx.") from exc
        out = Path(tmp) / "input.docx"
        if not out.exists():
            raise BadInputError(f"{source}: LibreOffice produced no .docx (damaged or encrypted file?).",
                                hint="Open it in Word or WPS and save it as .docx.")
        doc = word.read(out.read_bytes(), source)
    import hashlib

    doc.sha256 = hashlib.sha256(data).hexdigest()
    doc.size = len(data)
    doc.format = suffix.lstrip(".")
    doc.note = f"converted from {suffix} with LibreOffice"
    return doc
