"""Typed records: the boundary between loaders/ (text -> records) and graph/ (records -> graph).

Loaders never import a database driver; graph/ never parses text. Everything that
crosses between them is one of these models, validated with ``extra="forbid"`` so a
typo in a field name fails loudly instead of silently dropping a fact.

Provenance rules (see README "Provenance"):
- every Measure carries its source span (file, lines, characters) and the raw text;
- every fact that was *inferred* rather than read off the text carries an
  :class:`Evidence` (method, score, the text that supports it);
- a fact the text does not support is left ``None``. Never invent.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Level = Literal["national", "provincial", "municipal"]
Role = Literal["lead", "co", "shared", "guide"]
# How the role was decided, in the document's own terms:
#   stated-first-leads  : the text says 排在首位的部门为牵头单位 (or similar)
#   stated-lead         : X牵头(负责) / A会同B / 牵头单位：A / A为牵头单位 / A（牵头） / A负责，B配合 /
#                         a single body with 负责
#   stated-shared       : 按职责分工负责 / 各单位按职责分工落实 -> no single lead
#   presumed-first-listed: no rule in the text (a bare list, A、B、C负责); convention says the
#                         first listed leads
# (docs/RESPONSIBILITY.md gives the grammar behind them)
#   guiding-department  : a national list's 指导部门 column (guides, does not lead locally)
RoleRule = Literal[
    "stated-first-leads",
    "stated-lead",
    "stated-shared",
    "presumed-first-listed",
    "guiding-department",
]
Status = Literal["newly-promoted", "deepened"]
DatePrecision = Literal["day", "year"]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class Evidence(Model):
    """Why an inferred fact holds: how it was inferred, how sure, and the text behind it."""

    method: str
    score: float = Field(ge=0.0, le=1.0)
    evidence: str | None = None  # the span of text (or sidecar file) that supports it


class Span(Model):
    """Where in the source file a fact was read. Lines are 1-based, characters 0-based
    offsets into the *normalised* text (the normalised text is reproducible from the file)."""

    source_file: str
    line_start: int
    line_end: int
    char_start: int
    char_end: int
    # Where in a non-text file the fact was read: "paragraph 17", "table 1 row 4",
    # "page 3 line 12" (first and last line joined by " - " when they differ). None for .txt.
    locator: str | None = None
    # Lowest OCR confidence (0-1) over the lines of the span; None when read from a text layer.
    ocr_confidence: float | None = Field(default=None, ge=0.0, le=1.0)


class Citation(Model):
    """A parent document cited by number (文号) and/or 《title》."""

    number: str | None = None
    title: str | None = None
    as_printed: str  # the exact citing text, for provenance


class RegionRecord(Model):
    id: str  # 6-digit administrative division code, '100000' for the country
    name: str  # full name: 广东省, 石家庄市, 中国
    short: str  # 广东, 石家庄
    level: Literal["country", "province", "city"]
    parent_id: str | None = None


class DepartmentRecord(Model):
    id: str  # f"{region_id}/{name}"
    name: str  # canonical full name, e.g. 广东省科学技术厅
    region_id: str
    level: Level
    line: str | None  # functional line (条条): 科技, 财政, 人民银行, 海关, ...
    printed_names: list[str] = Field(default_factory=list)  # every spelling seen in texts
    canonical: Evidence  # how the canonical name was derived


class LeadRecord(Model):
    department_id: str
    measure_id: str
    role: Role
    rank: int  # 1-based position in the printed list
    as_printed: str  # the department name exactly as printed in this item
    rule: RoleRule
    method: str = "printed-order"
    score: float = 1.0


class MeasureRecord(Model):
    id: str  # f"{document_id}/{key}"
    document_id: str
    key: str  # number as printed; section first where numbering restarts: '二.4'
    seq: int  # 1-based order in the document
    section: str | None = None  # e.g. '一、大力推广相关改革举措'
    category: str | None = None  # 科技金融创新, 知识产权保护, ...
    title: str | None = None  # None for measures listed only by count
    content: str | None = None
    scope: str | None = None  # 推广范围 as printed: 全国, 8个改革试验区域, 全市
    status: Status | None = None
    untitled: bool = False
    departments_printed: str | None = None  # the responsible-department text as printed
    # generic parties the clause names, as printed (各省级人民政府, 各有关部门): responsible,
    # but no particular Department
    responsible_parties: list[str] = Field(default_factory=list)
    deadline: str | None = None  # when the item is due, as printed in its clause: 2020年底前完成
    leader: str | None = None  # 责任领导 as printed: a person, never a Department
    text: str  # the item's raw (normalised) text, for provenance
    span: Span
    level: Level | None = None  # level of the promoting document
    region_id: str | None = None
    date: str | None = None  # ISO date of the promoting document, when known


class BatchRecord(Model):
    id: str  # 'batch-3'
    number: int
    year: int | None = None
    notice_number: str | None = None  # 国办发〔2020〕3号
    date: str | None = None
    measure_count: int | None = None
    evidence: Evidence


class DocumentRecord(Model):
    id: str  # the 文号 when printed, else 'file:<stem>' ('file:<stem>@<key>' when another file has that stem)
    source_file: str  # the file's name, as shown to users
    # Which file this is, for telling a new version of the same file from another file of the
    # same name (附件1.pdf, index.html in many folders): a hash of the file's resolved path, or of
    # its name for an upload. Set by the loading core (policygraph.core), not by extraction.
    source_key: str | None = None
    sha256: str
    encoding: str  # detected encoding of the file
    converted_from_traditional: bool = False
    layout: str  # which parser recognised it: table, prose, numbered, generic
    title: str | None = None
    number: str | None = None  # 文号
    issuer: str | None = None
    date: str | None = None  # 成文日期, ISO yyyy-mm-dd; only when the day is printed
    # The year is always set when any date is known. date_precision says how much is known:
    # 'day' (date set) or 'year' (only the 文号's year: date stays None, never a fake 1 January).
    year: int | None = None
    date_precision: DatePrecision | None = None
    published: str | None = None  # 发布日期 (put online), ISO; not the document's date
    file_format: str = "text"  # text, html, docx, pdf, pdf-ocr, xlsx, doc, wps (loaders.formats)
    level: Level | None = None
    region_id: str | None = None
    region_name: str | None = None
    batch: int | None = None  # the batch it announces or implements
    batch_role: Literal["announces", "implements"] | None = None
    cites: list[Citation] = Field(default_factory=list)
    stub: bool = False  # True for a cited document not loaded yet
    # field name -> how it was inferred, for every field not printed verbatim
    provenance: dict[str, Evidence] = Field(default_factory=dict)


class Extraction(Model):
    """Everything one text yields. Written to the graph in one transaction."""

    document: DocumentRecord
    measures: list[MeasureRecord]
    departments: list[DepartmentRecord]
    leads: list[LeadRecord]
    regions: list[RegionRecord]
    batch: BatchRecord | None = None
    warnings: list[str] = Field(default_factory=list)

    def with_document_id(self, new_id: str) -> Extraction:
        """The same extraction under another document id: the document's, its measures' (whose
        ids are '<document id>/<key>') and the leads' references to them."""
        old = self.document.id
        ex = self.model_copy(deep=True)
        ex.document.id = new_id
        for m in ex.measures:
            m.id = new_id + m.id[len(old):]
            m.document_id = new_id
        for lead in ex.leads:
            lead.measure_id = new_id + lead.measure_id[len(old):]
        return ex
