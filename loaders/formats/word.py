"""Word .docx -> lines: paragraphs (with their automatic numbering), tables as TAB rows.

Read with python-docx. The body is walked in document order (paragraphs and tables
interleave). A table row is read from its own ``w:tc`` cells, not python-docx's
``row.cells`` (which repeats a merged cell once per grid column): a cell spanning columns
(gridSpan) is one cell, and a vertically merged continuation (``w:vMerge`` without
``restart``) is left out, as a web page leaves out a rowspan cell. A category row merged
across the table is therefore a one-cell row. Nested tables are read into their cell.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from typing import Any

from base.errors import BadInputError
from loaders.formats.base import Document, Line, clean_line, drop_blank, table_row
from loaders.formats.numbering import Numbering, W

_HINT = "Open the file in Word or WPS and save it again as .docx, or export it as PDF or text."


def read(data: bytes, source: str) -> Document:
    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError

    if not zipfile.is_zipfile(io.BytesIO(data)):
        if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            raise BadInputError(f"{source}: this is an encrypted (password-protected) or legacy Word file, "
                                "not a .docx package.",
                                hint="Remove the password in Word (File > Info > Protect Document) and save as .docx.")
        raise BadInputError(f"{source}: not a .docx file (it is not a ZIP package; the file is damaged or misnamed).",
                            hint=_HINT)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise BadInputError(f"{source}: the .docx package is damaged ({exc}).", hint=_HINT) from exc
    except Exception as exc:  # lxml XMLSyntaxError and friends from a corrupt part
        raise BadInputError(f"{source}: the .docx cannot be read ({type(exc).__name__}: {exc}).", hint=_HINT) from exc
    reader = _Reader(document)
    lines = drop_blank(reader.read())
    if not lines:
        raise BadInputError(f"{source}: the document holds no text.",
                            hint="If the pages are scanned images, save them as a PDF and load that.")
    return Document(lines=lines, format="docx", sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                    encoding="docx", metadata=_core_metadata(document))


def _core_metadata(document: Any) -> dict[str, str]:
    # Word's own title/author fields are usually a template's leftovers; only the title is kept,
    # and only as page-style metadata the text can confirm (metadata.page_metadata checks it).
    title = (document.core_properties.title or "").strip()
    # A title with no Chinese character is the template's ("Word Document", "Document1"),
    # never a Chinese government document's.
    return {"标题": title} if title and re.search(r"[\u4e00-\u9fff]", title) else {}


class _Reader:
    def __init__(self, document: Any) -> None:
        self.document = document
        self.numbering = Numbering.from_document(document)
        self.styles = {s.style_id: s for s in document.styles} if document.styles is not None else {}
        self.paragraph = 0
        self.table = 0

    def read(self) -> list[Line]:
        out: list[Line] = []
        for child in self.document.element.body.iterchildren():
            if child.tag == f"{W}p":
                self.paragraph += 1
                out.append(Line(self._paragraph(child), f"paragraph {self.paragraph}"))
            elif child.tag == f"{W}tbl":
                self.table += 1
                for n, row in enumerate(self._rows(child), start=1):
                    out.append(Line(row, f"table {self.table} row {n}"))
        return out

    def _paragraph(self, p: Any) -> str:
        text = "".join(_run_text(p))
        label = self._label(p)
        return clean_line(label + text)

    def _label(self, p: Any) -> str:
        num_id, ilvl = _num_pr(p.find(f"{W}pPr"))
        if num_id is None:
            style_id = _style_id(p)
            seen = set()
            while style_id and style_id not in seen and num_id is None:
                seen.add(style_id)
                style = self.styles.get(style_id)
                if style is None:
                    break
                num_id, style_ilvl = _num_pr(style.element.find(f"{W}pPr"))
                ilvl = ilvl if ilvl is not None else style_ilvl
                based = style.element.find(f"{W}basedOn")
                style_id = based.get(f"{W}val") if based is not None else None
        if num_id is None:
            return ""
        return self.numbering.label(num_id, ilvl or 0)

    def _rows(self, tbl: Any) -> list[str]:
        rows = []
        for tr in tbl.iterchildren(f"{W}tr"):
            cells = []
            for tc in tr.iterchildren(f"{W}tc"):
                pr = tc.find(f"{W}tcPr")
                vmerge = pr.find(f"{W}vMerge") if pr is not None else None
                if vmerge is not None and vmerge.get(f"{W}val", "continue") != "restart":
                    continue  # the merged cell was printed in the row where it starts
                parts = []
                for block in tc.iterchildren():
                    if block.tag == f"{W}p":
                        parts.append(self._paragraph(block))
                    elif block.tag == f"{W}tbl":
                        parts.extend(self._rows(block))
                cells.append("".join(parts))
            row = table_row(cells)
            if row:
                rows.append(row)
        return rows


def _run_text(p: Any) -> list[str]:
    """Text of a paragraph's runs (hyperlinks and smart tags included), tabs/breaks as spaces."""
    out = []
    for el in p.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}sym", f"{W}noBreakHyphen"):
        if el.tag == f"{W}t":
            out.append(el.text or "")
        elif el.tag in (f"{W}tab", f"{W}br", f"{W}cr"):
            out.append(" ")
        elif el.tag == f"{W}noBreakHyphen":
            out.append("-")
    return out


def _style_id(p: Any) -> str | None:
    ppr = p.find(f"{W}pPr")
    style = ppr.find(f"{W}pStyle") if ppr is not None else None
    return style.get(f"{W}val") if style is not None else None


def _num_pr(ppr: Any) -> tuple[str | None, int | None]:
    if ppr is None:
        return None, None
    num_pr = ppr.find(f"{W}numPr")
    if num_pr is None:
        return None, None
    num = num_pr.find(f"{W}numId")
    lvl = num_pr.find(f"{W}ilvl")
    return (num.get(f"{W}val") if num is not None else None,
            int(lvl.get(f"{W}val", "0")) if lvl is not None else None)
