"""One text -> one :class:`Extraction`: the loaders' single entry point.

    formats (file -> lines in the plain-text convention) -> normalize -> layouts.parse_best (items) -> metadata
    -> departments.canonicalize (with the document's region and level) -> records

``extract_file(path)`` reads a file of any supported format (loaders.formats: .txt, web
page, .docx, PDF, .xlsx, .doc/.wps) (and a sidecar ``<stem>.yaml``/``.json`` beside it);
``extract_text(text, source_file)`` does the same for text already in memory. Both raise
:class:`BadInputError` for anything that is not a readable plan with recognisable items.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from loaders import departments, formats, metadata, regions
from loaders.formats.base import Line
from loaders.layouts import LayoutResult, parse_best
from loaders.normalize import Normalized, normalize
from loaders.records import (
    DepartmentRecord,
    DocumentRecord,
    Extraction,
    LeadRecord,
    MeasureRecord,
    Span,
)

# How sure a role is: stated in the text, or presumed from the printed order.
_ROLE_SCORE = {
    "stated-first-leads": 1.0,
    "stated-lead": 1.0,
    "stated-shared": 1.0,
    "guiding-department": 1.0,
    "presumed-first-listed": 0.7,
}


def extract_file(path: str | Path) -> Extraction:
    """Extract one file. A sidecar ``<stem>.yaml``/``.yml``/``.json`` beside it overrides metadata."""
    path = Path(path)
    doc = formats.read_document(path)
    sidecar_path = metadata.find_sidecar(path)
    sidecar = metadata.load_sidecar(sidecar_path) if sidecar_path else None
    return extract_text(
        doc.text,
        path.name,
        encoding=doc.encoding,
        sidecar=sidecar,
        sha256=doc.sha256,
        sidecar_name=sidecar_path.name if sidecar_path else "sidecar",
        decode_note=doc.note,
        page_metadata=doc.metadata,
        lines=None if doc.format == "text" else doc.lines,
        file_format=doc.format,
    )


def extract_json(path: str | Path) -> dict[str, Any]:
    """``extract_file`` as plain JSON-ready data (what ``policygraph extract FILE --json`` prints)."""
    return extract_file(path).model_dump(mode="json")


def extract_text(
    text: str,
    source_file: str,
    *,
    encoding: str = "utf-8",
    sidecar: dict[str, Any] | str | Path | None = None,
    sha256: str | None = None,
    sidecar_name: str = "sidecar",
    decode_note: str | None = None,
    page_metadata: dict[str, str] | None = None,
    lines: Sequence[Line] | None = None,
    file_format: str = "text",
) -> Extraction:
    """Extract a decoded text. `source_file` names it (its stem is the id when no 文号 is printed).

    `sidecar` is a mapping of overrides (title, date, region, number, issuer, level) or the
    path of a sidecar file; `sha256` is the hash of the raw bytes (computed from the text
    encoded with `encoding` when not given); `decode_note` reports a repair the decoder made.
    `page_metadata` is a web page's labelled metadata (标题, 发文机关, 成文日期, 发布日期 ...);
    `lines` are the lines of `text` as read from a non-text file, with their locators and
    OCR confidence, copied into each measure's span.
    """
    name = Path(source_file).name
    if isinstance(sidecar, str | Path):
        sidecar_name = Path(sidecar).name
        sidecar = metadata.load_sidecar(Path(sidecar))
    elif sidecar is not None:
        sidecar = metadata.validate_sidecar(sidecar, source=sidecar_name)
    if sha256 is None:
        try:
            raw = text.encode(encoding, errors="surrogatepass")
        except LookupError:  # a descriptive name such as utf-8+gb18030, not a codec
            raw = text.encode("utf-8", errors="surrogatepass")
        sha256 = hashlib.sha256(raw).hexdigest()

    doc = normalize(text)
    layout = parse_best(doc, source=name)
    printed_names = [n for it in layout.items if it.responsibility for n in it.responsibility.names]
    scopes = [it.scope for it in layout.items if it.scope]
    md = metadata.extract_metadata(
        doc.text, department_names=printed_names, scopes=scopes, sidecar=sidecar, sidecar_name=sidecar_name
    )
    published = metadata.page_metadata(md, page_metadata, sidecar=sidecar, source=name)

    doc_id = md.number or f"file:{Path(name).stem}"
    document = DocumentRecord(
        id=doc_id,
        source_file=name,
        sha256=sha256,
        encoding=encoding,
        converted_from_traditional=doc.converted_from_traditional,
        layout=layout.layout,
        title=md.title,
        number=md.number,
        issuer=md.issuer,
        date=md.date,
        year=md.year,
        date_precision=md.date_precision,  # type: ignore[arg-type]
        # 发布日期: the web page's metadata table first, else what the text itself says
        published=published or md.published,
        file_format=file_format,
        level=md.level,  # type: ignore[arg-type]
        region_id=md.region.id if md.region else None,
        region_name=md.region.name if md.region else None,
        batch=md.batch.number if md.batch else None,
        batch_role=md.batch_role,  # type: ignore[arg-type]
        cites=md.cites,
        provenance=md.provenance,
    )
    if doc.converted_from_traditional:
        document.provenance["converted_from_traditional"] = _traditional_evidence(doc)

    measures = _measures(layout, doc, document)
    if lines is not None:
        _locate(measures, lines)
    depts, leads, warnings = _departments_and_leads(layout, measures, document, md.region)
    return Extraction(
        document=document,
        measures=measures,
        departments=depts,
        leads=leads,
        regions=regions.chain(md.region.id) if md.region else [],
        batch=md.batch,
        warnings=[*([decode_note] if decode_note else []), *layout.warnings, *md.warnings, *warnings],
    )


def _locate(measures: list[MeasureRecord], lines: Sequence[Line]) -> None:
    """Copy where each measure's lines sit in the original file (and their OCR confidence) into its span.
    Normalising keeps the lines one for one, so span line n is the file's line n."""
    for m in measures:
        first = lines[m.span.line_start - 1] if 0 < m.span.line_start <= len(lines) else None
        last = lines[m.span.line_end - 1] if 0 < m.span.line_end <= len(lines) else None
        if first is None or last is None:
            continue
        if first.locator and last.locator and first.locator != last.locator:
            m.span.locator = f"{first.locator} - {last.locator}"
        else:
            m.span.locator = first.locator
        scores = [ln.confidence for ln in lines[m.span.line_start - 1 : m.span.line_end] if ln.confidence is not None]
        m.span.ocr_confidence = round(min(scores), 4) if scores else None


def _traditional_evidence(doc: Normalized):
    from loaders.records import Evidence

    return Evidence(
        method="opencc-t2s",
        score=1.0,
        evidence=f"{doc.traditional_ratio:.0%} of CJK characters are traditional forms; converted with OpenCC t2s",
    )


def _measures(layout: LayoutResult, doc: Normalized, document: DocumentRecord) -> list[MeasureRecord]:
    out = []
    for seq, it in enumerate(layout.items, start=1):
        span = Span(
            source_file=document.source_file,
            line_start=doc.line_of(it.char_start),
            line_end=doc.line_of(max(it.char_start, it.char_end - 1)),
            char_start=it.char_start,
            char_end=it.char_end,
        )
        out.append(
            MeasureRecord(
                id=f"{document.id}/{it.key}",
                document_id=document.id,
                key=it.key,
                seq=seq,
                section=it.section,
                category=it.category,
                title=it.title,
                content=it.content,
                scope=it.scope,
                status=it.status,  # type: ignore[arg-type]
                untitled=it.untitled,
                departments_printed=it.departments_printed,
                responsible_parties=list(it.responsibility.parties) if it.responsibility else [],
                # a 完成时限 column (layouts) or a deadline inside the clause (responsibility)
                deadline=it.deadline or (it.responsibility.deadline if it.responsibility else None),
                leader=it.leader,
                text=doc.text[it.char_start : it.char_end],
                span=span,
                level=document.level,
                region_id=document.region_id,
                date=document.date,
            )
        )
    return out


def _departments_and_leads(
    layout: LayoutResult, measures: list[MeasureRecord], document: DocumentRecord, region
) -> tuple[list[DepartmentRecord], list[LeadRecord], list[str]]:
    by_id: dict[str, DepartmentRecord] = {}
    leads: list[LeadRecord] = []
    warnings: list[str] = []
    # printed name -> department id: a name printed again in the document is the department
    # already kept (its spelling already among its printed names), so it is canonicalised once.
    known_ids: dict[str, str] = {}
    for it, measure in zip(layout.items, measures, strict=True):
        resp = it.responsibility
        if resp is None:
            continue
        seen: set[str] = set()
        if resp.parties:
            # 各省级人民政府 / 各有关部门: responsible, but no particular Department; the measure keeps them.
            alone = "" if resp.names else "; no department leads it"
            warnings.append(f"item {it.key}: generic parties {'、'.join(resp.parties)} kept as "
                            f"responsible_parties, not departments{alone}")
        if resp.rule is None:
            continue
        rule = resp.rule
        for rank, (name, role) in enumerate(zip(resp.names, resp.roles, strict=True), start=1):
            dept_id = known_ids.get(name)
            if dept_id is None:
                dept = departments.canonicalize(name, region=region, level=document.level)
                dept_id = known_ids[name] = dept.id
                if dept.id in by_id:
                    known = by_id[dept.id]
                    for printed in dept.printed_names:
                        if printed not in known.printed_names:
                            known.printed_names.append(printed)
                else:
                    by_id[dept.id] = dept
            if dept_id in seen:
                warnings.append(f"item {it.key}: {name} is listed twice; first listing kept")
                continue
            seen.add(dept_id)
            leads.append(
                LeadRecord(
                    department_id=dept_id,
                    measure_id=measure.id,
                    role=role,  # type: ignore[arg-type]
                    rank=rank,
                    as_printed=name,
                    rule=rule,  # type: ignore[arg-type]
                    method="printed-order",
                    score=_ROLE_SCORE[rule],
                )
            )
    return list(by_id.values()), leads, warnings
