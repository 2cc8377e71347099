"""Response models: the JSON contract of /api, as typed pydantic models.

They document the shapes in OpenAPI (/docs) and pin them: a field a question adds by
accident is not sent, a field it forgets fails loudly in tests. Nested parts whose keys
follow the graph (node properties, ADAPTS figures) are plain dicts on purpose: the graph
model may grow a property without breaking the API.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.limits import check_text, check_value
from queries.params import check_param_names

Level = Literal["national", "provincial", "municipal"]


class Out(BaseModel):
    model_config = ConfigDict(extra="ignore")


class ErrorOut(Out):
    error: str = Field(description="machine-readable code: not_found, unknown_measure, bad_input, …")
    message: str = Field(description="what is wrong, for a person (Chinese and English)")
    hint: str | None = Field(None, description="what to try next")


class RegionRef(Out):
    id: str
    name: str | None = None
    short: str | None = None
    level: str | None = None


class DocumentRef(Out):
    id: str
    title: str | None = None
    number: str | None = None
    date: str | None = None
    source_file: str | None = None


class Department(Out):
    as_printed: str | None = Field(None, description="the name exactly as the text prints it")
    canonical: str | None = Field(None, description="canonical full name in the document's region")
    id: str = Field(description="the department's id: <region id>/<canonical name>")
    role: str | None = Field(None, description="lead | co | shared | guide")
    rank: int | None = Field(None, description="1-based position in the printed list")
    rule: str | None = None
    line: str | None = Field(None, description="functional line (条条): 科技, 财政, 海关, …")
    method: str | None = None
    score: float | None = None


class Responsibility(Out):
    lead: list[Department] = Field(description="the lead; when shared, every sharing department")
    co: list[Department]
    guides: list[Department]
    shared_lead: bool = Field(description="the text says the departments share the work: no single lead")
    presumed_lead: bool = Field(description="no rule in the text; the first-listed is presumed to lead")
    rule: str | None
    rule_explained: str | None
    statement: str


class Alternative(Out):
    id: str
    title: str | None = None
    level: str | None = None
    score: float


class Resolved(Out):
    id: str
    title: str | None = None
    how: str = Field(description="how the question's measure was resolved, in words")


class Resolution(Out):
    query: str
    method: str = Field(description="id | number (a bare number: national measure of the latest batch, or "
                                    "of batch=) | key (a local printed number) | wording")
    resolved: Resolved | None = None
    rule: str | None = Field(None, description="the bare-number rule, when it applied")
    score: float
    alternatives: list[Alternative]
    followed_from: str | None = Field(None, description="the local measure given, when a national one was traced")


class MeasureRef(Out):
    # The fields every measure summary starts with; subclasses add theirs after them.
    id: str
    key: str | None = None
    title: str | None = None
    level: str | None = None


class MeasureInBatch(MeasureRef):
    region: RegionRef | None = None
    document_id: str | None = None
    batch: int | None = None


class MeasureHit(MeasureInBatch):
    category: str | None = None
    status: str | None = None
    scope: str | None = None
    date: str | None = None
    untitled: bool = False
    localisations: int = Field(description="how many local measures adapt this one")
    score: float | None = Field(None, description="search score 0..1 (search only)")
    matched: str | None = Field(None, description="id | key | title | content (search only)")
    snippet: str | None = Field(None, description="start of the content (listing only)")


class Paged(Out):
    total: int
    limit: int
    offset: int


class MeasurePage(Paged):
    items: list[MeasureHit]
    query: str | None = None
    sources: list[str] = Field(default_factory=list, description="how candidates were found")
    total_is_lower_bound: bool = Field(False, description="true when the page was filled with perfect "
                                       "title hits without scanning every measure: more may exist")


class Page(Out):
    limit: int
    offset: int
    next_offset: int | None = Field(description="offset of the next page of answers; null at the end")


class ListCounts(Out):
    """A long list counted whole when only a page of it is sent."""
    total: int
    by_level: dict[str, int] = Field(default_factory=dict)
    regions: int = 0


class MeasureDetail(Out):
    id: str
    key: str | None = None
    seq: int | None = None
    title: str | None = None
    content: str | None = None
    level: str | None = None
    region_id: str | None = None
    document_id: str | None = None
    category: str | None = None
    section: str | None = None
    status: str | None = None
    scope: str | None = None
    untitled: bool = False
    departments_printed: str | None = None
    responsible_parties: list[str] = Field(
        default_factory=list, description="generic parties the clause names, as printed (各省级人民政府)")
    deadline: str | None = Field(default=None, description="when the item is due, as printed (2020年底前完成)")
    leader: str | None = Field(default=None, description="责任领导 as printed: a person, not a department")
    date: str | None = None
    line_start: int | None = None
    line_end: int | None = None
    char_start: int | None = None
    char_end: int | None = None
    batch: int | None = None
    batch_info: dict[str, Any] | None = None
    document: dict[str, Any] | None = None
    region: RegionRef | None = None
    departments: list[Department] = Field(description="all responsible departments in printed order")
    responsibility: Responsibility
    localisations: int
    adapts: list[dict[str, Any]] = Field(description="national measures this one localises, best first")
    adapted_by: list[dict[str, Any]] = Field(
        description="one page (limit/offset) of the local measures that localise this one, provinces first")
    adapted_by_counts: ListCounts = Field(description="all the measures that localise this one, counted")
    adapted_by_page: Page = Field(description="the page of adapted_by sent, and where the next starts")
    diff: dict[str, Any] | None = Field(None, description="localisation diff against the best national parent")
    resolution: Resolution
    resolved: Resolved | None = None


class WhoLeadsMeasure(MeasureInBatch):
    pass


class WhoLeadsRegion(RegionRef):
    includes: list[str] = Field(description="the region and the regions below it that were searched")


class LocalMeasure(MeasureRef):
    status: str | None = None
    document_id: str | None = None


class AdaptsRef(Out):
    national_id: str
    score: float | None = None
    method: str | None = None


class WhoLeadsAnswer(Responsibility):
    via: str = Field(description="adapts: a localisation of X; self: X itself; via-national: through X's "
                                 "national measure")
    region: RegionRef | None = None
    measure: LocalMeasure
    document: DocumentRef | None = None
    adapts: AdaptsRef | None = None


class WhoLeadsCounts(Out):
    own: int = Field(description="answers in the region itself (they come first, newest document first)")
    below: int = Field(description="answers in the regions below it (a province's cities)")
    below_regions: int = Field(description="how many regions below it have an answer")
    total: int = Field(description="own + below: every answer, over all pages")
    shown: int = Field(description="answers on this page")


class WhoLeadsOut(Out):
    query: dict[str, str]
    measure: WhoLeadsMeasure
    resolution: Resolution
    resolved: Resolved | None = None
    region: WhoLeadsRegion
    answers: list[WhoLeadsAnswer]
    counts: WhoLeadsCounts
    page: Page
    note: str | None = None


class NationalMeasure(MeasureRef):
    document_id: str | None = None
    batch: int | None = None
    scope: str | None = None
    category: str | None = None
    date: str | None = None


class Localisation(Responsibility):
    region: RegionRef | None = None
    parent_region: RegionRef | None = None
    level: str | None = None
    measure: dict[str, Any]
    document: dict[str, Any] | None = None
    date: str | None = None
    lag_days: int | None = Field(None, description="local date minus national date; null when unknown")
    adapts: dict[str, Any] | None = None
    diff: dict[str, Any] | None = None


class TraceOut(Out):
    measure: NationalMeasure
    resolution: Resolution
    resolved: Resolved | None = None
    guides: list[Department]
    localisations: list[Localisation]
    counts: dict[str, Any]
    page: Page | None = Field(None, description="with limit=: this page and where the next one starts")


class PathNode(Out):
    region: RegionRef
    adopted: bool
    measures: list[dict[str, Any]] = Field(description="the region's first local measures localising X "
                                           "(the first one in a page; measure_count counts them all)")
    measure_count: int | None = None
    date: str | None = None
    lag_days: int | None = None
    lag_from_parent_days: int | None = None
    children: list[PathNode]


class FromTo(Out):
    # "from" is a Python keyword: the field is from_, sent and read as "from".
    from_: str = Field(alias="from", serialization_alias="from")
    to: str

    model_config = ConfigDict(populate_by_name=True, extra="ignore")


class PathStep(FromTo):
    to_level: str | None = None
    adopted: bool
    lag_days: int | None = None
    lag_from_parent_days: int | None = None


class PathCounts(Out):
    regions: int = Field(description="adopting regions (every branch)")
    by_level: dict[str, int] = Field(description="adopting regions by level (province, city)")
    measures: int = Field(description="local measures localising X")
    branches: int = Field(description="province branches of the tree (what limit/offset page)")


class PathOut(Out):
    measure: NationalMeasure
    resolution: Resolution
    resolved: Resolved | None = None
    tree: PathNode = Field(description="country -> the page's province branches -> their cities")
    steps: list[PathStep] = Field(description="the steps into the regions of this page")
    regions: int = Field(description="adopting regions in the whole path")
    counts: PathCounts
    page: Page = Field(description="province branches: limit/offset, next_offset")


class TimelineSummary(Out):
    regions: int
    adoptions: int
    by_level: dict[str, int]
    dated: int
    year_only: int
    median_lag_days: float | None = None
    counterpart: int
    shift: int


class TimelineOut(Out):
    """/api/timeline: the national measure, its notice and guiding departments, a summary
    of every adoption and one page of them (dated first, in date order)."""
    national: dict[str, Any]
    batch: dict[str, Any] | None = None
    notice: dict[str, Any] | None = None
    notice_date: str | None = None
    guides: list[dict[str, Any]]
    adoptions: list[dict[str, Any]] = Field(description="one page (limit/offset) of the adoptions")
    summary: TimelineSummary = Field(description="every adoption, counted")
    page: Page
    resolved: Resolved | None = None


class RegionProfile(Out):
    region: dict[str, Any]
    below: list[dict[str, Any]] = Field(description="the regions below (a province's cities), each summarised: "
                                        "measure_count, adopted (its measures adapting a national one)")
    measures: list[dict[str, Any]] = Field(description="one page (limit/offset) of the region's own measures")
    batches: list[dict[str, Any]]
    departments: list[dict[str, Any]]
    counts: dict[str, int] = Field(description="measures (own, all), adopted, below (the cities' measures), "
                                   "below_regions (cities with measures)")
    page: Page = Field(description="the page of measures sent")


class DepartmentProfile(Out):
    department: dict[str, Any]
    measures: list[dict[str, Any]] = Field(description="one page (limit/offset) of what it is responsible for")
    counts: dict[str, Any] = Field(description="all of its measures: total, by_role, regions")
    page: Page = Field(description="the page of measures sent")
    counterparts: list[dict[str, Any]] = Field(description="one page (limit/offset) of the departments on its "
                                               "line: above, below, then other regions")
    counterpart_counts: dict[str, Any] = Field(description="all counterparts: total, by_relation")
    counterparts_page: Page


class BatchSummary(Out):
    id: str
    number: int
    year: int | None = None
    notice_number: str | None = None
    date: str | None = None
    measure_count: int | None = None
    measures_loaded: int


class BatchView(Out):
    batch: dict[str, Any]
    document: dict[str, Any] | None = None
    size: int
    measures: list[dict[str, Any]]
    regions: int


class CoverageCell(Out):
    batch: int
    region_id: str
    adopted: int
    size: int
    ratio: float | None = None
    plan_loaded: bool | None = Field(None, description="a loaded plan of this region implements this batch")
    observation: str | None = Field(None, description="adopted | not-adopted (plan loaded) | no-batch-plan "
                                                      "(a 0 that only means nothing of this batch is loaded)")


class CoverageOut(Out):
    batches: list[dict[str, Any]]
    regions: list[dict[str, Any]]
    cells: list[CoverageCell]


class DocumentPage(Paged):
    items: list[dict[str, Any]]


class DocumentView(Out):
    document: dict[str, Any]
    region: RegionRef | None = None
    announces_batch: dict[str, Any] | None = None
    measures: list[dict[str, Any]]
    cites: list[dict[str, Any]]
    cited_by: list[dict[str, Any]] = Field(description="one page (limit/offset) of the documents citing it")
    cited_by_count: int = Field(description="every document citing it")
    cited_by_page: Page


class GraphNode(Out):
    id: str
    label: str
    title: str | None = None
    group: str
    properties: dict[str, Any]


class GraphEdge(FromTo):
    type: str
    properties: dict[str, Any]


class GraphOut(Out):
    focus: str
    depth: int
    limit: int
    truncated: bool
    nodes: list[GraphNode]
    edges: list[GraphEdge]


class HealthOut(Out):
    status: Literal["ok", "unavailable"]
    backend: str | None = None
    store: dict[str, Any] | None = None
    version: str
    console: bool
    load: bool = Field(description="POST /api/load is enabled (a token is configured)")
    path_load: bool = Field(False, description="POST /api/load {\"path\": …} is enabled (POLICYGRAPH_IMPORT_DIR)")
    import_dir: str | None = Field(None, description="the import folder (shown to token holders only)")
    unfinished_links: int = Field(0, description="documents whose linking (ADAPTS) did not finish: a load was "
                                                 "stopped; the next load or `policygraph repair` finishes it")


class QueryInfo(Out):
    name: str
    parameters: list[str]
    description: str


class CypherIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    query: str = Field(min_length=1, max_length=20_000)
    params: dict[str, Any] = Field(default_factory=dict)

    @field_validator("query")
    @classmethod
    def _text(cls, v: str) -> str:
        try:
            return check_text(v, "query")
        except Exception as e:  # pydantic reports ValueError as a 422 naming the field
            raise ValueError(getattr(e, "message", str(e))) from None

    @field_validator("params")
    @classmethod
    def _names(cls, v: dict[str, Any]) -> dict[str, Any]:
        check_param_names(v)
        try:
            return check_value(v)  # type: ignore[no-any-return]
        except Exception as e:
            raise ValueError(getattr(e, "message", str(e))) from None


class CypherOut(Out):
    columns: list[str]
    rows: list[list[Any]]
    count: int
    truncated: bool = Field(description="more rows than the console's row limit existed")
    elapsed_ms: float


class LoadIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    path: str = Field(min_length=1, max_length=1000,
                      description="a file or folder inside the server's import folder (POLICYGRAPH_IMPORT_DIR); "
                                  "relative paths are taken from there")


class JobOut(Out):
    id: str
    kind: str
    description: str
    state: Literal["queued", "running", "done", "failed", "cancelled"]
    created: float
    started: float | None = None
    finished: float | None = None
    progress: dict[str, int] = Field(description="documents done / total")
    cancel_requested: bool
    report: dict[str, Any] | None = Field(None, description="the load report (as POST /api/load with an upload)")
    error: dict[str, Any] | None = None


class LoadOut(Out):
    totals: dict[str, int] = Field(description="files, loaded, replaced, unchanged, failed, measures, …")
    files: list[dict[str, Any]]
    link: dict[str, Any] | None = Field(None, description="the ADAPTS relink report, when linking ran")
    quality: dict[str, Any] | None = Field(None, description="quality totals (policygraph.quality): items with no "
                                           "department, roles presumed, dates missing, duplicates, …")
