"""PolicyGraph: the one core object behind the CLI and the API.

It is handed a store (graph.open_store() builds one from the settings; tests hand in a
store on a temporary data directory) and never opens connections itself.

    pg = PolicyGraph.open()            # settings from the environment
    report = pg.load(["samples/"])     # extract + write, one transaction per document
    pg.who_leads("通用通兑", "广东")     # every question: one method, the user's wording
    pg.stats(); pg.export_json(); pg.close()

Reads: one method per question (search, measure, who_leads, trace, path, timeline,
analysis, adoption, region, department, document, batch, coverage, subgraph, ...). Each
takes the user's wording (an id, a printed number or approximate Chinese for a measure; a
name or code for a region), resolves it itself and returns the JSON-ready answer of
policygraph.questions. The API handlers and the CLI commands are one call each.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from base.errors import BadInputError, NotFoundError, PolicyGraphError, StoreUnavailableError
from graph import schema
from graph.store import Statement, Store
from graph.writer import bump_graph_version, write_extraction
from graph.writer import delete_document as _delete_document
from policygraph import duplicates, linking, quality, workpool

if TYPE_CHECKING:
    from base.config import Settings
    from loaders.records import Extraction

# Which files in a folder are inputs is loaders.formats.SUPPORTED (.txt, web pages, .docx,
# PDF, .xlsx, .doc/.wps); loaders.formats.discover says why the others were skipped.

# progress(path, done, total): called after each file, for progress bars.
Progress = Callable[[Path, int, int], None]
# relink(store, document_ids): recomputes ADAPTS for changed documents (policygraph.linking).
Relink = Callable[[Store, Sequence[str]], Any]


@dataclass
class FileReport:
    path: str
    status: str  # loaded | replaced | unchanged | duplicate | failed
    document_id: str | None = None  # for a duplicate: the document kept (duplicate_of)
    measures: int = 0
    departments: int = 0
    leads: int = 0
    warnings: list[str] = field(default_factory=list)
    error: dict[str, Any] | None = None  # PolicyGraphError.to_dict() (+ exit_code)
    duplicate_of: str | None = None  # another file of this document is loaded (policygraph.duplicates)
    quality: dict[str, Any] | None = None  # policygraph.quality figures of the extraction


# Failed files a report without keep_files still holds (for the CLI's summary).
FAILURES_KEPT = 100


@dataclass
class LoadReport:
    """What a load did. Totals are tallied as files are added (:meth:`add`), so a load of
    many files need not keep every file's report: with ``keep_files=False`` (the CLI's
    large loads, which stream each file's record to a report file instead) ``files``
    stays empty and the totals, failures by reason and exit code are still whole."""

    files: list[FileReport] = field(default_factory=list)
    link: Any = None  # what the relink hook returned, if it ran
    skipped: list[dict[str, str]] = field(default_factory=list)  # {"path", "reason"}: folder files not loaded
    resumed: list[str] = field(default_factory=list)  # unchanged documents relinked: a stopped load's
    keep_files: bool = True
    _status: Counter[str] = field(default_factory=Counter, repr=False)
    _written: Counter[str] = field(default_factory=Counter, repr=False)  # measures/departments/leads written
    _quality: Counter[str] = field(default_factory=Counter, repr=False)
    _failed_by: Counter[str] = field(default_factory=Counter, repr=False)  # error code -> files
    _exit_codes: list[int] = field(default_factory=list, repr=False)
    _first_failures: list[FileReport] = field(default_factory=list, repr=False)

    def add(self, f: FileReport) -> None:
        self._status[f.status] += 1
        if f.status in ("loaded", "replaced"):
            self._written.update(measures=f.measures, departments=f.departments, leads=f.leads)
        q = (quality.Quality(**{k: v for k, v in f.quality.items() if k != "needs_look"}) if f.quality
             else quality.failed(f.path, f.error or {}))
        self._quality.update(quality.totals([q]))
        if f.status == "failed":
            e = f.error or {}
            self._failed_by[str(e.get("code") or e.get("error") or "failed")] += 1
            code = int(e.get("exit_code", 1))
            if code not in self._exit_codes:
                self._exit_codes.append(code)
            if len(self._first_failures) < FAILURES_KEPT:
                self._first_failures.append(f)
        if self.keep_files:
            self.files.append(f)

    def _count(self, *statuses: str) -> int:
        return sum(self._status[s] for s in statuses)

    @property
    def total(self) -> int:
        """Files this load processed (kept in ``files`` or not)."""
        return sum(self._status.values())

    @property
    def loaded(self) -> int:
        """Documents written by this load (new or replaced)."""
        return self._count("loaded", "replaced")

    @property
    def replaced(self) -> int:
        return self._count("replaced")

    @property
    def unchanged(self) -> int:
        return self._count("unchanged")

    @property
    def failed(self) -> int:
        return self._count("failed")

    @property
    def duplicates(self) -> int:
        return self._count("duplicate")

    @property
    def failed_by_reason(self) -> dict[str, int]:
        """Failed files per error code (base.errors), most frequent first."""
        return dict(self._failed_by.most_common())

    def quality_rows(self) -> list[quality.Quality]:
        """Every file's quality figures (policygraph.quality), failed files included."""
        return [quality.Quality(**{k: v for k, v in f.quality.items() if k != "needs_look"}) if f.quality
                else quality.failed(f.path, f.error or {}) for f in self.files]

    def quality_totals(self) -> dict[str, int]:
        return {k: self._quality[k] for k in quality.totals([])}

    @property
    def measures(self) -> int:
        return self._written["measures"]

    @property
    def departments(self) -> int:
        return self._written["departments"]

    @property
    def leads(self) -> int:
        return self._written["leads"]

    @property
    def errors(self) -> list[FileReport]:
        """The failed files (without ``keep_files``: the first FAILURES_KEPT of them)."""
        if self.keep_files:
            return [f for f in self.files if f.status == "failed"]
        return list(self._first_failures)

    @property
    def exit_code(self) -> int:
        """0 when every file loaded; 2 when any input was bad; else the first error's code."""
        codes = self._exit_codes
        if not codes:
            return 0
        return BadInputError.exit_code if BadInputError.exit_code in codes else codes[0]

    def totals(self) -> dict[str, int]:
        return {"files": self.total, "loaded": self.loaded, "replaced": self.replaced,
                "unchanged": self.unchanged, "duplicates": self.duplicates, "failed": self.failed,
                "measures": self.measures, "departments": self.departments, "leads": self.leads}

    def to_dict(self) -> dict[str, Any]:
        link = self.link.to_dict() if hasattr(self.link, "to_dict") else self.link
        return {
            "totals": self.totals(),
            "files": [asdict(f) for f in self.files],
            "skipped": self.skipped,
            "quality": {"totals": self.quality_totals()},
            "link": link,
            "resumed_links": self.resumed,
        }


def source_key(path: Path, upload_root: Path | None = None) -> str:
    """Which file a document was loaded from (DocumentRecord.source_key): a hash of the file's
    resolved path, so that 附件1.pdf in two folders are two files, and a reload of one is that
    file's new version. An upload lands in a new temporary folder each time: it is known by
    its name under ``upload_root``, as a re-upload of a corrected file should replace it. A
    hash, not the path: the graph and its exports do not carry the machine's folders."""
    where = path.resolve().as_posix() if upload_root is None else "upload:" + path.relative_to(upload_root).as_posix()
    return hashlib.sha1(where.encode("utf-8")).hexdigest()[:12]


def discover_inputs(paths: Iterable[str | Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Files as given, folders as their files of a supported format (recursively, sorted),
    and the folder files left out with the reason. A missing path is kept so the load
    reports it as a bad input with the others still loading."""
    from loaders.formats import discover

    files, skipped = discover(paths)
    return list(dict.fromkeys(files)), skipped


def expand_inputs(paths: Iterable[str | Path]) -> list[Path]:
    """The files :func:`discover_inputs` would load."""
    return discover_inputs(paths)[0]


def _error_dict(e: PolicyGraphError) -> dict[str, Any]:
    return {**e.to_dict(), "exit_code": e.exit_code}


def extract_or_report(path: Path) -> Extraction | FileReport:
    """A file's records, or the report of why it could not be read (no store needed: runs
    in the load's worker processes, policygraph.workpool)."""
    try:
        return PolicyGraph.extract(path)
    except PolicyGraphError as e:
        return FileReport(str(path), "failed", error=_error_dict(e))
    except Exception as e:  # a loader bug must not stop the other files
        err = BadInputError(f"{path}: could not be read ({type(e).__name__}: {e}).",
                            hint="Report this with the file; the other files were loaded.")
        return FileReport(str(path), "failed", error=_error_dict(err))


class PolicyGraph:
    def __init__(self, store: Store, *, relink: Relink | None = linking.relink) -> None:
        self.store = store
        # ADAPTS linking runs after every load that changed documents (see _after_write):
        # a graph without it answers no "where did this measure go" question. Pass
        # relink=None only to measure or test the writer on its own.
        self.relink = relink

    @classmethod
    def open(cls, settings: Settings | None = None, *, data_dir: str | Path | None = None,
             relink: Relink | None = linking.relink) -> PolicyGraph:
        from base.config import Settings
        from graph import open_store

        if settings is None:
            settings = Settings.from_env(data_dir)
        return cls(open_store(settings), relink=relink)

    # -- loading ------------------------------------------------------------------

    @staticmethod
    def extract(path: str | Path) -> Extraction:
        """Text file -> records, without writing anything (needs no store)."""
        try:
            from loaders.extract import extract_file
        except ImportError as e:  # pragma: no cover - only while loaders are being written
            raise PolicyGraphError("Extraction is not available in this installation.",
                                   hint=f"loaders.extract could not be imported: {e}") from e
        return extract_file(Path(path))

    def load(self, paths: Iterable[str | Path], progress: Progress | None = None,
             should_stop: Callable[[], bool] | None = None, *, workers: int = 1,
             on_file: Callable[[FileReport], None] | None = None, keep_files: bool = True,
             link_progress: Callable[[int, int], None] | None = None,
             upload_root: Path | None = None) -> LoadReport:
        """Load files and folders. A bad file is reported and skipped; the others load.
        Only an unreachable store stops the whole load. ``should_stop`` is asked before
        each file (the API's job cancel and SIGTERM): when it says stop, the files not
        started are left out and the ones written are still relinked.

        ``workers`` > 1 parses the files in that many processes (policygraph.workpool)
        while this one writes them, in the files' order, and plans the ADAPTS links in
        them too: the graph is the same as a sequential load's. ``on_file`` gets each
        file's report as it is done (the CLI streams them to its report file); with
        ``keep_files=False`` the returned report keeps only the totals, so memory does not
        grow with the number of files. ``link_progress(done, total)`` follows the linking
        (default relink hook only). ``upload_root``: the files are uploads saved under this
        folder, and each is known by its name there (see :func:`source_key`)."""
        files, skipped = discover_inputs(paths)
        report = LoadReport(skipped=[{"path": str(p), "reason": why} for p, why in skipped],
                            keep_files=keep_files)
        changed: list[str] = []

        def wanted() -> Iterator[Path]:
            for path in files:
                if should_stop is not None and should_stop():
                    return
                yield path

        with workpool.ordered_map(extract_or_report, wanted(), workers) as extracted:
            for i, (path, got) in enumerate(zip(files, extracted, strict=False), 1):
                f = got if isinstance(got, FileReport) else self._write_one(path, got, changed, upload_root)
                report.add(f)
                if on_file is not None:
                    on_file(f)
                if progress is not None:
                    progress(path, i, len(files))
        # A load is done only when its linking is done. Documents whose linking did not
        # commit (this load's, and any a stopped earlier load left: their files now read
        # 'unchanged') are relinked here.
        todo = sorted({*changed, *self.unfinished_links()}) if self.relink is not None else changed
        written = set(changed)
        report.resumed = [d for d in todo if d not in written]
        if todo:
            report.link = self._after_write(todo, workers=workers, progress=link_progress, keep_documents=keep_files)
        return report

    def unfinished_links(self) -> list[str]:
        """Documents whose linking did not finish (a load stopped during linking, or still
        running): see policygraph.linking.unfinished_documents."""
        return linking.unfinished_documents(self.store)

    def repair(self) -> Any:
        """Finish what a stopped load left undone: relink the unfinished documents.
        Returns the link report, or None when there was nothing to do."""
        todo = self.unfinished_links()
        if not todo or self.relink is None:
            return None
        return self.relink(self.store, todo)

    def _write_one(self, path: Path, ex: Extraction, changed: list[str], upload_root: Path | None) -> FileReport:
        ex.document.source_key = source_key(path, upload_root)
        try:
            # The same plan from another file (same 文号, or near-identical text) is
            # counted once: the file is named on the kept document, nothing else written.
            dup = duplicates.find_in_store(self.store, ex)
            if dup is not None and not dup.moved:
                duplicates.record_alternate(self.store, dup, ex.document.source_file)
                q = quality.of_extraction(ex, file=str(path), duplicate_of=dup.of, extra_warnings=[dup.message()])
                return FileReport(str(path), "duplicate", dup.of, warnings=[dup.message(), *ex.warnings],
                                  duplicate_of=dup.of, quality=q.to_dict())
            # A moved file of the same name is its document's file: it keeps the document's id.
            res = write_extraction(self.store, ex, keep_id=dup is not None and dup.moved)
        except StoreUnavailableError:
            raise
        except PolicyGraphError as e:
            return FileReport(str(path), "failed", document_id=ex.document.id, error=_error_dict(e))
        if res.status != "unchanged":
            changed.append(res.document_id)
        q = quality.of_extraction(ex, file=str(path), extra_warnings=res.warnings)
        return FileReport(str(path), res.status, res.document_id, len(ex.measures), len(ex.departments),
                          len(ex.leads), [*ex.warnings, *res.warnings], quality=q.to_dict())

    def _after_write(self, document_ids: Sequence[str], *, workers: int = 1,
                     progress: Callable[[int, int], None] | None = None, keep_documents: bool = True) -> Any:
        """Runs once per load with the ids of documents written (new or replaced) and of
        those whose linking an earlier, stopped load left unfinished. The graph's version
        (the API's cache key) is bumped by the relink itself, just before it clears the
        documents' link_pending marks (policygraph.linking): a load stopped before that
        is resumed, and bumps then. Without a relink hook it is bumped here."""
        if self.relink is None:
            bump_graph_version(self.store)
            return None
        if self.relink is linking.relink and (workers > 1 or progress is not None or not keep_documents):
            return linking.relink(self.store, document_ids, workers=workers, progress=progress,
                                  keep_documents=keep_documents)
        return self.relink(self.store, document_ids)

    def delete_document(self, document_id: str) -> None:
        rows = self.store.read("load_document_state", {"id": document_id, "source_file": None, "source_key": None})
        if not any(r["id"] == document_id and not r["stub"] for r in rows):
            raise NotFoundError(f"No loaded document {document_id!r}.",
                                hint="`policygraph export` lists the documents in the graph.")
        _delete_document(self.store, document_id)
        self._after_write([document_id])

    # -- questions (policygraph.questions): the user's wording in, the answer out ----

    def search(self, q: str | None = None, *, level: str | None = None, batch: int | None = None,
               region: str | None = None, limit: int = 20, offset: int = 0) -> dict[str, Any]:
        """Measures by id or approximate wording, ranked (national first on ties); without
        ``q`` the measures filtered by level, batch and region. ``region`` includes the
        regions below it; ``batch`` must be a loaded batch."""
        from policygraph.questions import common, search

        if batch is not None:
            common.require_batch(self.store, batch)
        if q is None:
            return search.list_measures(self.store, level=level, batch=batch, region=region,
                                        limit=limit, offset=offset)
        region_ids = common.region_and_below(search.resolve_region(self.store, region)) if region else None
        return search.search_measures(self.store, q, level=level, region_ids=region_ids, batch=batch,
                                      limit=limit, offset=offset)

    def measure(self, measure: str, *, batch: int | None = None, limit: int | None = 20,
                offset: int = 0) -> dict[str, Any]:
        """One measure with its document, departments, ADAPTS links and localisation diff;
        one page of the measures adapting it (``limit`` None: all), all of them counted."""
        from policygraph.questions import profiles

        return profiles.measure_detail(self.store, measure, batch=batch, limit=limit, offset=offset)

    def who_leads(self, measure: str, region: str, *, batch: int | None = None, limit: int | None = None,
                  offset: int = 0) -> dict[str, Any]:
        """Who leads measure X in region Y: Y's own answers whole, its cities' paged."""
        from policygraph.questions import leads

        return leads.who_leads(self.store, measure, region, batch=batch, offset=offset,
                               limit=leads.WHO_LEADS_PAGE if limit is None else limit)

    def trace(self, measure: str, *, batch: int | None = None, diff: bool = True, limit: int | None = None,
              offset: int = 0) -> dict[str, Any]:
        """Every localisation of the national measure X names (a local X is followed to it)."""
        from policygraph.questions import diffusion

        return diffusion.trace(self.store, measure, with_diff=diff, limit=limit, offset=offset, batch=batch)

    def path(self, measure: str, *, batch: int | None = None, limit: int | None = None,
             offset: int = 0) -> dict[str, Any]:
        """The diffusion path national -> province -> city, with lags; ``limit`` pages it by
        province branch (``None``: the whole tree, every measure)."""
        from policygraph.questions import diffusion

        return diffusion.path(self.store, measure, batch=batch, limit=limit, offset=offset)

    def tree(self, measure: str, *, batch: int | None = None) -> dict[str, Any]:
        """The diffusion path pruned to the regions that adopted (the tree picture's data)."""
        from policygraph import adoption

        return adoption.diffusion_tree(self.path(measure, batch=batch))

    def timeline(self, measure: str, *, batch: int | None = None, limit: int | None = None,
                 offset: int = 0) -> dict[str, Any]:
        """Adoption timeline of the national measure X names (a local X is followed to it);
        ``limit`` pages the adoptions (``None``: all), the summary counts them all."""
        from policygraph.questions import diffusion

        return diffusion.timeline(self.store, measure, batch=batch, limit=limit, offset=offset)

    def analysis(self, *, measure: str | None = None, batch: int | None = None) -> dict[str, Any]:
        """Diffusion figures (networkx) for a national measure, a batch, or everything."""
        from policygraph import analysis
        from policygraph.questions import common, search

        if measure is not None and batch is not None:
            raise BadInputError("Give a measure or a batch, not both.", hint="Leave both out for the whole graph.")
        if measure is None:
            if batch is not None:
                common.require_batch(self.store, batch)
            return analysis.diffusion(self.store, batch=batch)
        found, resolution = search.national_measure(self.store, measure)
        return {**analysis.diffusion(self.store, measure_id=found["id"]), "resolved": resolution["resolved"]}

    def adoption(self, *, measure: str | None = None, batch: int | None = None) -> dict[str, Any]:
        """Per-region adoption, the cumulative curve and the lags of a measure or a batch."""
        from policygraph import adoption

        if (measure is None) == (batch is None):
            raise BadInputError("Give exactly one of measure= or batch=.",
                                hint="For example ?measure=通用通兑 or ?batch=3.")
        return adoption.adoption(self.store, measure=measure, batch=batch)

    def coverage_table(self, *, batch: int | None = None, level: str | None = None, region: str | None = None,
                       line: str | None = None, scope: str | None = None,
                       include_unloaded: bool = False) -> dict[str, Any]:
        """Batch x region coverage with filters and a status per cell."""
        from policygraph import adoption

        return adoption.coverage_table(self.store, batch=batch, level=level, region=region, line=line,
                                       scope=scope, include_unloaded=include_unloaded)

    def region(self, region: str, *, limit: int | None = 20, offset: int = 0) -> dict[str, Any]:
        """What a region adopted and did not, and which departments lead its measures; one
        page of its own measures (``limit`` None: all), its cities summarised."""
        from policygraph.questions import profiles

        return profiles.region_profile(self.store, region, limit=limit, offset=offset)

    def department(self, department: str, *, limit: int | None = 20, offset: int = 0) -> dict[str, Any]:
        """What a department is responsible for, and its counterparts on the same line; one
        page of each (``limit`` None: all), both counted whole."""
        from policygraph.questions import profiles

        return profiles.department_profile(self.store, department, limit=limit, offset=offset)

    def documents(self, *, limit: int = 50, offset: int = 0) -> dict[str, Any]:
        from policygraph.questions import profiles

        return profiles.documents(self.store, limit=limit, offset=offset)

    def document(self, document: str, *, limit: int | None = 20, offset: int = 0) -> dict[str, Any]:
        """What a document contains and what it cites; one page of the documents citing
        it (``limit`` None: all), all of them counted."""
        from policygraph.questions import profiles

        return profiles.document_view(self.store, document, limit=limit, offset=offset)

    def batches(self) -> list[dict[str, Any]]:
        from policygraph.questions import common

        return common.batches(self.store)

    def batch(self, number: int) -> dict[str, Any]:
        """One batch: its notice and national measures, each with the regions that adopted it."""
        from policygraph.questions import profiles

        return profiles.batch_view(self.store, number)

    def coverage(self) -> dict[str, Any]:
        """Batch x region: adopted national measures over the batch size, per cell."""
        from policygraph.questions import profiles

        return profiles.coverage(self.store)

    def subgraph(self, focus: str, *, depth: int = 1, limit: int = 100) -> dict[str, Any]:
        """The neighbourhood of one node: plain nodes and edges (viz/graph.py draws them)."""
        from policygraph.questions import browse

        return browse.subgraph(self.store, focus, depth=depth, limit=limit)

    def network(self, *, batch: int | None = None, ties: int | None = None) -> Any:
        """Who follows whom: diffusion ties between regions inferred from adoption timing."""
        from policygraph import diffusion_network

        return diffusion_network.infer(self.store, batch=batch, ties=ties)

    # -- reading ------------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        nodes = {label: 0 for label in schema.LABELS}
        nodes.update({r["label"]: r["count"] for r in self.store.read("stats_labels")})
        rels = {t: 0 for t in schema.RELATIONSHIP_TYPES}
        rels.update({r["type"]: r["count"] for r in self.store.read("stats_relationships")})
        return {"nodes": nodes, "relationships": rels,
                "total_nodes": sum(nodes.values()), "total_relationships": sum(rels.values()),
                # Documents whose linking did not finish: non-zero after a load was stopped
                # (until the next load or `policygraph repair`) or while one runs.
                "unfinished_links": len(self.unfinished_links())}

    def export_json(self) -> dict[str, Any]:
        from policygraph.exports import whole_graph

        return whole_graph(self.store)

    def info(self) -> dict[str, Any]:
        return self.store.info()

    # -- maintenance ----------------------------------------------------------------

    def reset(self) -> None:
        """Delete every node and relationship; constraints and indexes stay."""
        self.store.write([Statement("delete_all")])
        bump_graph_version(self.store)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> PolicyGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
