"""The ``policygraph`` command line.

    policygraph load samples/            # extract and write, one transaction per document
    policygraph extract FILE --json      # the records, nothing written
    policygraph check FILE…              # what needs a look (quality figures), nothing written
    policygraph stats | export --format json -o graph.json | reset --yes
    policygraph serve --load-samples     # the API (api.app), loading samples/ first

``--data DIR`` (or POLICYGRAPH_DATA) chooses the data directory of the embedded store,
before the command or after it; NEO4J_URI switches to Neo4j. Expected errors print
their message and hint on stderr and exit with the error's code (2 bad input,
3 not found, 4 store unavailable, 5 query refused); no tracebacks.

Other modules add commands with ``@app.command()`` on :data:`app`; ``serve`` imports
the API lazily so the CLI works without it.
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from base.errors import BadInputError, PolicyGraphError

app = typer.Typer(
    name="policygraph",
    help="A knowledge graph of how China's innovation-reform measures spread.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# Tables must not be cut to 80 columns when output is piped (rich's default without a tty).
out = Console(width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, width=None if sys.stderr.isatty() else 160)

DataOpt = Annotated[
    Path | None,
    typer.Option("--data", help="Data directory of the embedded store (env POLICYGRAPH_DATA; default ./data).",
                 show_default=False),
]

F = TypeVar("F", bound=Callable[..., Any])


# The questions' hints name API URLs (they serve both); at the terminal the same look-up is a
# command. pattern -> the command that does it, e.g. "/api/measures?q=通用" -> policygraph search 通用
CLI_HINTS = (
    (re.compile(r"/api/measures\?q=([^\s,;]+)"), r"`policygraph search \1`"),
    (re.compile(r"/api/documents(?![/\w])"), "`policygraph documents`"),
)


def cli_hint(hint: str) -> str:
    for pattern, command in CLI_HINTS:
        hint = pattern.sub(command, hint)
    return hint


def _fail(e: PolicyGraphError) -> typer.Exit:
    err.print(f"[bold red]error:[/] {escape(e.message)}", highlight=False)  # echoes input: no markup
    if e.hint:
        err.print(f"[dim]hint:[/] {escape(cli_hint(e.hint))}", highlight=False)
    return typer.Exit(e.exit_code)


def handle_errors(fn: F) -> F:
    """Expected errors -> message + hint on stderr, exit with the error's code."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except PolicyGraphError as e:
            raise _fail(e) from None

    return wrapper  # type: ignore[return-value]


@app.callback()
def main(ctx: typer.Context, data: DataOpt = None) -> None:
    """policygraph: load plan texts into a graph and ask how measures spread."""
    ctx.obj = {"data": data}


def _data_dir(ctx: typer.Context, data: Path | None) -> Path | None:
    return data or (ctx.obj or {}).get("data")


def open_graph(ctx: typer.Context, data: Path | None = None):  # type: ignore[no-untyped-def]
    """The core object for a command; ``--data`` on the command wins over the global one.
    Loads are relinked (ADAPTS) by the core object's default hook, as the API's are."""
    from base.config import Settings
    from policygraph.core import PolicyGraph

    return PolicyGraph.open(Settings.from_env(_data_dir(ctx, data)))


class Stopped(BaseException):
    """SIGINT or SIGTERM during a load: unwinds it (BaseException, so no handler on the
    way mistakes it for a failed file) to report what is unfinished and exit non-zero."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def _stoppable() -> Iterator[None]:
    """Turn SIGINT/SIGTERM into :class:`Stopped` while a load or repair runs. Whatever
    the moment, the graph stays consistent (each document and each document's linking is
    one atomic statement); the handler only makes the stop visible. A second signal
    while the first is being reported gets the default behaviour."""

    def stop(signum: int, _frame: Any) -> None:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        raise Stopped(signum)

    old = {s: signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h)


def _report_stop(pg: Any, e: Stopped, what: str) -> typer.Exit:
    name = signal.Signals(e.signum).name
    err.print(f"[bold red]stopped[/] by {name}: {what}", highlight=False)
    try:
        unfinished = pg.unfinished_links()
    except Exception as x:  # the store may be the reason we were stopped
        err.print(f"  could not read what is unfinished ({type(x).__name__}: {x})", highlight=False)
    else:
        if unfinished:
            shown = ", ".join(unfinished[:5]) + (f" and {len(unfinished) - 5} more" if len(unfinished) > 5 else "")
            err.print(f"  linking (ADAPTS) is unfinished for {len(unfinished)} document(s): {shown}",
                      highlight=False)
    err.print("  [dim]hint:[/] run the same `policygraph load` again, or `policygraph repair`: documents "
              "already written are kept whole and their linking is finished.", highlight=False)
    return typer.Exit(128 + e.signum)


def _json(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2, default=str)


# -- load -------------------------------------------------------------------------


# A load of more files than this prints a summary, not a row per file (unless --table), and
# writes the per-file report to a file; smaller loads print the table as before.
TABLE_MAX = 50
# Below this many files the load parses in this process: starting workers costs more.
PARALLEL_MIN = 100
# Progress lines when stderr is not a terminal (logs): at most this often.
LOG_EVERY_S = 5.0


class _ProgressLog:
    """Progress for logs (stderr not a terminal): a line every LOG_EVERY_S seconds with files
    done / total, rate, failures and duplicates so far, and the time left at that rate."""

    def __init__(self, total: int) -> None:
        import time

        self.total = total
        self.started = self.last = time.monotonic()
        self.failed = self.duplicates = 0

    def file(self, status: str, done: int) -> None:
        import time

        self.failed += status == "failed"
        self.duplicates += status == "duplicate"
        now = time.monotonic()
        if now - self.last < LOG_EVERY_S and done != self.total:
            return
        self.last = now
        rate = done / max(now - self.started, 1e-6)
        left = (self.total - done) / rate if rate else 0
        err.print(f"load: {done}/{self.total} files ({100 * done // max(self.total, 1)}%), {rate:.1f} files/s, "
                  f"{self.failed} failed, {self.duplicates} duplicate, ~{left:.0f} s left", highlight=False)

    def linking(self, done: int, total: int) -> None:
        import time

        now = time.monotonic()
        if now - self.last < LOG_EVERY_S and done not in (0, total):
            return
        self.last = now
        err.print(f"load: linking (ADAPTS) {done}/{total} documents", highlight=False)


def _default_report_path(ctx: typer.Context, data: Path | None) -> Path:
    from datetime import UTC, datetime

    from base.config import Settings

    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return Settings.from_env(_data_dir(ctx, data)).data_dir / "reports" / f"load-{stamp}.jsonl"


@app.command()
@handle_errors
def load(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Files or folders: .txt, .html, .docx, .pdf, .xlsx, .doc/.wps.", show_default=False)],
    data: DataOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the load report as JSON.")] = False,
    report_path: Annotated[Path | None, typer.Option(
        "--report", help="Write the per-file report here, one JSON object per line (default for loads of more "
                         f"than {TABLE_MAX} files: <data>/reports/load-<time>.jsonl).", show_default=False)] = None,
    table: Annotated[bool, typer.Option("--table", help=f"Print a row per file even for more than {TABLE_MAX} files.")] = False,
    workers: Annotated[int | None, typer.Option(
        "--workers", min=1, help=f"Processes parsing files (default: one per CPU for {PARALLEL_MIN} files or more, "
                                 "else 1).", show_default=False)] = None,
) -> None:
    """Extract plan texts and write them to the graph (reloading an unchanged file does nothing)."""
    import time
    from dataclasses import asdict

    from loaders.formats import supported_list
    from policygraph import workpool
    from policygraph.core import discover_inputs

    files, skipped = discover_inputs(paths)
    for path, why in skipped:
        err.print(f"[dim]skipped:[/] {path}: {why}", highlight=False)
    total = len(files)
    if total == 0:
        raise BadInputError(f"No documents to load in {', '.join(map(str, paths))}.",
                            hint=f"Give files or folders of a supported format: {supported_list()}.")
    if workers is None:
        workers = workpool.default_workers() if total >= PARALLEL_MIN else 1
    large = total > TABLE_MAX and not table
    if report_path is None and large and not as_json:
        report_path = _default_report_path(ctx, data)
    sink = None
    if report_path is not None:
        try:
            report_path.parent.mkdir(parents=True, exist_ok=True)
            sink = report_path.open("w", encoding="utf-8")
        except OSError as e:
            raise BadInputError(f"Cannot write the load report to {report_path} ({e.strerror or e}).",
                                hint="Give --report a path in a writable folder.") from None
    sink_error: OSError | None = None
    pg = open_graph(ctx, data)
    files_done = 0
    log = None if err.is_terminal else _ProgressLog(total)
    started = time.monotonic()
    try:
        with _stoppable(), Progress(TextColumn("[progress.description]{task.description}"), BarColumn(),
                                    MofNCompleteColumn(), TimeElapsedColumn(), console=err, transient=True,
                                    disable=as_json or log is not None) as bar:
            task = bar.add_task("loading", total=total)

            def progress(path: Path, done: int, total: int) -> None:
                nonlocal files_done
                files_done = done
                bar.update(task, completed=done, description=f"linking (ADAPTS) after {path.name}"
                           if done == total else f"loading {path.name}")

            def on_file(f: Any) -> None:
                nonlocal sink_error
                if sink is not None and sink_error is None:
                    try:
                        sink.write(json.dumps(asdict(f), ensure_ascii=False, default=str) + "\n")
                    except OSError as e:  # e.g. the disk filled: the report stops, the load goes on
                        sink_error = e
                if log is not None:
                    log.file(f.status, files_done + 1)

            report = pg.load(paths, progress=progress, workers=workers, on_file=on_file,
                             keep_files=as_json or not large,
                             link_progress=log.linking if log is not None else None)
    except Stopped as stop:
        phase = "during linking" if files_done == total else "while writing documents"
        raise _report_stop(pg, stop, f"the load stopped {phase} ({files_done} of {total} files "
                                  f"processed).") from None
    finally:
        pg.close()
        if sink is not None:
            try:
                sink.close()
            except OSError as e:  # never hides why the load itself stopped (a full disk fails both)
                sink_error = sink_error or e
    seconds = time.monotonic() - started
    if sink_error is not None:
        err.print(f"[bold yellow]warning:[/] the per-file report {report_path} is incomplete "
                  f"({sink_error.strerror or sink_error}); the load itself finished as summarised below.",
                  highlight=False)

    if large:
        _print_failures(report, limit=20, report_path=report_path)
    else:
        _print_failures(report)
    if as_json:
        out.print_json(_json(report.to_dict()))
    elif large:
        _print_summary(report, seconds, report_path)
    else:
        _print_report(report)
        if report_path is not None:
            out.print(f"per-file report: {report_path}", highlight=False)
    if report.exit_code:
        raise typer.Exit(report.exit_code)


def _print_failures(report: Any, *, limit: int | None = None, report_path: Path | None = None) -> None:
    shown = report.errors if limit is None else report.errors[:limit]
    for f in shown:
        e = f.error or {}
        msg = str(e.get("message"))
        err.print(f"[bold red]failed:[/] {msg if f.path in msg else f'{f.path}: {msg}'}", highlight=False)
        if e.get("hint"):
            err.print(f"  [dim]hint:[/] {e['hint']}", highlight=False)
    if report.failed > len(shown):
        err.print(f"[bold red]failed:[/] {report.failed - len(shown)} more file(s): see {report_path}",
                  highlight=False)


def _print_summary(report: Any, seconds: float, report_path: Path | None) -> None:
    """A large load's outcome in a few lines (the per-file rows are in the report file)."""
    dups = f", {report.duplicates} duplicate" if report.duplicates else ""
    out.print(f"{report.total} files: {report.loaded} loaded ({report.replaced} replaced), "
              f"{report.unchanged} unchanged{dups}, {report.failed} failed", highlight=False)
    if report.failed:
        reasons = ", ".join(f"{n} {why}" for why, n in report.failed_by_reason.items())
        out.print(f"failed by reason: {reasons}", highlight=False)
    out.print(f"written: {report.measures} measures, {report.departments} department mentions, "
              f"{report.leads} LEADS", highlight=False)
    link = report.link
    if link is not None and hasattr(link, "linked"):
        out.print(f"linking (ADAPTS): {link.relinked} documents relinked, {link.linked} ADAPTS links, "
                  f"{link.innovations} unmatched local measures (innovations)", highlight=False)
    if report.resumed:
        out.print(f"finished the linking a stopped load left undone for {len(report.resumed)} document(s)")
    q = report.quality_totals()
    out.print(f"quality: {q['needs_look']} file(s) need a look: {q['no_department']} items without a department, "
              f"{q['roles_presumed']} roles presumed, {q['not_canonical']} departments not canonical, "
              f"{q['date_missing']} files without a date, {q['warnings']} warnings", highlight=False)
    out.print(f"time: {seconds:.1f} s ({report.total / max(seconds, 1e-6):.1f} files/s)", highlight=False)
    if report_path is not None:
        out.print(f"per-file report (JSON lines): {report_path}", highlight=False)


def _print_report(report: Any) -> None:
    table = Table(title="policygraph load", show_lines=False)
    for col, justify in (("file", "left"), ("status", "left"), ("document", "left"), ("measures", "right"),
                         ("departments", "right"), ("leads", "right")):
        table.add_column(col, justify=justify)  # type: ignore[arg-type]
    colour = {"loaded": "green", "replaced": "yellow", "unchanged": "dim", "duplicate": "magenta", "failed": "red"}
    for f in report.files:
        table.add_row(Path(f.path).name, f"[{colour.get(f.status, '')}]{f.status}[/]", f.document_id or "-",
                      str(f.measures), str(f.departments), str(f.leads))
    table.add_section()
    table.add_row("total written", "", "", str(report.measures), str(report.departments), str(report.leads))
    out.print(table)
    dups = f", {report.duplicates} duplicate" if report.duplicates else ""
    out.print(f"{len(report.files)} files: {report.loaded} loaded ({report.replaced} replaced), "
              f"{report.unchanged} unchanged{dups}, {report.failed} failed")
    for f in report.files:
        if f.duplicate_of:
            out.print(f"[magenta]{Path(f.path).name}: duplicate of {f.duplicate_of}[/] (counted once)", highlight=False)
    _print_quality(report.quality_rows(), title="quality: the files that need a look", only_flagged=True)
    if report.resumed:
        out.print(f"finished the linking a stopped load left undone for {len(report.resumed)} document(s)")
    for f in report.files:
        for w in f.warnings:
            err.print(f"[yellow]warning:[/] {Path(f.path).name}: {w}", highlight=False)


def _print_quality(rows: list[Any], *, title: str, only_flagged: bool = False) -> None:
    """The compact table of policygraph.quality figures: a non-zero cell needs a look.
    `only_flagged` lists only the files that need one (the totals cover all)."""
    from policygraph.quality import totals

    table = Table(title=title)
    for col, justify in (("file", "left"), ("document", "left"), ("items", "right"), ("no dept", "right"),
                         ("presumed", "right"), ("not canon.", "right"), ("date", "left"), ("duplicate of", "left"),
                         ("warnings", "right")):
        table.add_column(col, justify=justify)  # type: ignore[arg-type]

    def flag(n: int) -> str:
        return f"[yellow]{n}[/]" if n else "0"

    for q in rows:
        if only_flagged and not q.needs_look:
            continue
        name = Path(q.file).name
        if q.error:
            table.add_row(name, f"[red]unreadable: {q.error.get('message', '')}[/]", "", "", "", "", "", "", "")
            continue
        date = q.date if q.date and not q.date_missing else f"[yellow]{q.date or 'missing'}[/]"
        table.add_row(name, q.document_id or "-", str(q.items), flag(q.no_department), flag(q.roles_presumed),
                      flag(q.not_canonical), date, f"[magenta]{q.duplicate_of}[/]" if q.duplicate_of else "",
                      flag(len(q.warnings)))
    t = totals(rows)
    table.add_section()
    table.add_row(f"total ({t['files']} files, {t['failed']} unreadable)", "", str(t["items"]), str(t["no_department"]),
                  str(t["roles_presumed"]), str(t["not_canonical"]), f"{t['date_missing']} missing",
                  str(t["duplicates"]), str(t["warnings"]))
    out.print(table)


# -- check ------------------------------------------------------------------------


@app.command()
@handle_errors
def check(
    paths: Annotated[list[Path], typer.Argument(help="Text files or folders of .txt files.", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    verbose: Annotated[bool, typer.Option("--warnings", "-w", help="Also print every warning.")] = False,
) -> None:
    """What needs a look, per file: items with no department, roles presumed, names not
    canonicalised, dates missing, duplicates, warnings. Extracts only: needs no store.
    Exits 0 when every file was readable, 2 when any was not."""
    from policygraph.core import expand_inputs
    from policygraph.quality import check as run_check

    if not expand_inputs(paths):
        raise BadInputError(f"No .txt files in {', '.join(map(str, paths))}.",
                            hint="Give text files or folders that contain .txt files.")
    report = run_check(paths)
    if as_json:
        out.print_json(_json(report.to_dict()))
    else:
        _print_quality(report.files, title="policygraph check")
        t = report.totals
        out.print(f"{t['files']} files: {t['needs_look']} need a look; {t['failed']} unreadable", highlight=False)
    for q in report.files:
        if q.error:
            e = q.error
            err.print(f"[bold red]unreadable:[/] {e.get('message')}", highlight=False)
            if e.get("hint"):
                err.print(f"  [dim]hint:[/] {e['hint']}", highlight=False)
        elif verbose and not as_json:
            for w in q.warnings:
                err.print(f"[yellow]warning:[/] {Path(q.file).name}: {w}", highlight=False)
    if report.exit_code:
        raise typer.Exit(report.exit_code)


# -- extract ----------------------------------------------------------------------


@app.command()
@handle_errors
def extract(
    file: Annotated[Path, typer.Argument(help="One plan: .txt, .html, .docx, .pdf, .xlsx, .doc/.wps.", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print every record as JSON.")] = False,
) -> None:
    """Show what a text yields, without writing anything."""
    from policygraph.core import PolicyGraph

    ex = PolicyGraph.extract(file)
    if as_json:
        out.print_json(ex.model_dump_json())
        return
    d = ex.document
    when = d.date or (f"{d.year} (year only)" if d.year is not None else "undated")
    out.print(f"[bold]{d.title or '(untitled)'}[/]  {d.id}  {when}  {d.region_name or ''}", highlight=False)
    table = Table()
    for col in ("key", "title", "departments"):
        table.add_column(col)
    leads: dict[str, list[str]] = {}
    for lead in ex.leads:
        leads.setdefault(lead.measure_id, []).append(f"{lead.as_printed}({lead.role})")
    for m in ex.measures:
        table.add_row(m.key, m.title or "(listed by count)", "、".join(leads.get(m.id, [])))
    out.print(table)
    out.print(f"{len(ex.measures)} measures, {len(ex.departments)} departments, {len(ex.leads)} leads")
    for w in ex.warnings:
        err.print(f"[yellow]warning:[/] {w}", highlight=False)


# -- stats / export / reset ---------------------------------------------------------


@app.command()
@handle_errors
def stats(
    ctx: typer.Context,
    data: DataOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Count nodes per label and relationships per type."""
    pg = open_graph(ctx, data)
    try:
        s = pg.stats()
    finally:
        pg.close()
    if as_json:
        out.print_json(_json(s))
        return
    table = Table(title="policygraph stats")
    table.add_column("kind")
    table.add_column("name")
    table.add_column("count", justify="right")
    for label, n in s["nodes"].items():
        table.add_row("node", label, str(n))
    for t, n in s["relationships"].items():
        table.add_row("relationship", t, str(n))
    out.print(table)
    if s.get("unfinished_links"):
        err.print(f"[yellow]warning:[/] an unfinished load: linking (ADAPTS) did not finish for "
                  f"{s['unfinished_links']} document(s); run `policygraph repair` (or the load again).",
                  highlight=False)


@app.command()
@handle_errors
def repair(
    ctx: typer.Context,
    data: DataOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the link report as JSON.")] = False,
) -> None:
    """Finish what a stopped load left undone: relink documents whose linking did not finish."""
    pg = open_graph(ctx, data)
    try:
        with _stoppable():
            todo = pg.unfinished_links()
            report = pg.repair()
    except Stopped as stop:
        raise _report_stop(pg, stop, "the repair stopped before it finished.") from None
    finally:
        pg.close()
    result = {"relinked": todo, "link": report.to_dict() if hasattr(report, "to_dict") else report}
    if as_json:
        out.print_json(_json(result))
        return
    if not todo:
        out.print("nothing to repair: every load finished its linking")
        return
    out.print(f"finished linking for {len(todo)} document(s) a stopped load left unfinished"
              + (f" ({report.linked} ADAPTS links)" if hasattr(report, "linked") else ""))


@app.command()
@handle_errors
def export(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", "-f",
                                     help="json (whole graph), graphml or gexf (Gephi), csv (adoption table), "
                                          "panel (event-history panel for R/Stata).")] = "json",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
    bom: Annotated[bool, typer.Option("--bom", help="csv/panel: start with a UTF-8 BOM (Excel on Windows).")]
    = False,
    censor: Annotated[str | None, typer.Option(help="panel: censoring date YYYY-MM-DD (default: the latest "
                                                    "document date in the graph).")] = None,
    batch: Annotated[int | None, typer.Option(help="panel: one batch only.")] = None,
    unloaded: Annotated[str, typer.Option(help="panel: exclude | provinces | all — regions with no loaded "
                                               "document (default exclude; see docs/PANEL.md).")] = "exclude",
    data: DataOpt = None,
) -> None:
    """Export the graph: JSON, GraphML/GEXF (Gephi), the adoption CSV or the event-history panel.

    The panel has one row per region x national measure at risk (docs/PANEL.md)."""
    from policygraph.exports import FORMATS, render_chunks

    if fmt not in FORMATS:
        raise BadInputError(f"Unknown export format {fmt!r}.", hint=f"Use one of: {', '.join(FORMATS)}.")
    # an option that does not apply is refused, not ignored: a csv asked for with --censor would
    # otherwise look censored and is not
    ignored = [name for name, given in (("--censor", censor is not None), ("--batch", batch is not None),
                                        ("--unloaded", unloaded != "exclude")) if given and fmt != "panel"]
    ignored += ["--bom"] if bom and fmt not in ("csv", "panel") else []
    if ignored:
        verb = "does" if len(ignored) == 1 else "do"
        raise BadInputError(f"{', '.join(ignored)} {verb} not apply to --format {fmt}.",
                            hint="--censor, --batch and --unloaded are for --format panel; --bom for csv and panel.")
    options: dict[str, Any] = {"batch": batch, "censor": censor, "unloaded": unloaded} if fmt == "panel" else {}
    pg = open_graph(ctx, data)
    try:
        size, lines, last = _write_export(render_chunks(pg.store, fmt, bom=bom, **options), output)
    finally:
        pg.close()
    if fmt == "panel" and lines <= 1:  # the header alone
        err.print("note: the panel has no rows: no national list is loaded, or every loaded notice is dated "
                  "after the censoring date (--censor).")
    if output is None:
        if not last.endswith("\n"):
            sys.stdout.write("\n")
        return
    err.print(f"wrote {fmt} export to {output} ({size:,} bytes)")


def _write_export(chunks: Iterable[str], output: Path | None) -> tuple[int, int, str]:
    """Write an export's chunks as they come (to ``output``, else stdout), never holding the
    whole file: (bytes written, newlines, the last chunk). A file is written beside its
    target and renamed at the end, so a failed export leaves no half-written file."""
    size = lines = 0
    last = ""
    if output is None:
        for part in chunks:
            sys.stdout.write(part)
            size, lines, last = size + len(part.encode("utf-8")), lines + part.count("\n"), part or last
        return size, lines, last
    tmp = output.with_name(f".{output.name}.part")
    try:
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            for part in chunks:
                fh.write(part)
                size, lines, last = size + len(part.encode("utf-8")), lines + part.count("\n"), part or last
        tmp.replace(output)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise BadInputError(f"Cannot write {output}: {e.strerror or e}.", hint="Choose a writable path.") from e
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return size, lines, last


@app.command()
@handle_errors
def reset(
    ctx: typer.Context,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    document: Annotated[str | None, typer.Option("--document", help="Delete only this document (its id).")] = None,
    data: DataOpt = None,
) -> None:
    """Delete the whole graph, or one document with --document."""
    what = f"document {document}" if document else "every node and relationship"
    if not yes and not typer.confirm(f"Delete {what}?", err=True):
        err.print("nothing deleted")
        raise typer.Exit(1)
    pg = open_graph(ctx, data)
    try:
        if document:
            pg.delete_document(document)
        else:
            pg.reset()
    finally:
        pg.close()
    err.print(f"deleted {what}")


# -- serve (the API lives in api/, imported only here) --------------------------------


@app.command()
@handle_errors
def analyse(
    ctx: typer.Context,
    measure: Annotated[str | None, typer.Option(help="A national measure: id or approximate wording.")] = None,
    batch: Annotated[int | None, typer.Option(help="A batch number.")] = None,
    data: DataOpt = None,
) -> None:
    """Diffusion figures for a measure, a batch or everything (JSON).

    Reach, depth, lags and department centrality."""
    if measure is not None and batch is not None:
        raise BadInputError("Give --measure or --batch, not both.", hint="Leave both out for the whole graph.")
    sys.stdout.write(_json(_ask(ctx, data, "analysis", measure=measure, batch=batch)) + "\n")


# -- questions: one call each into the read facade (PolicyGraph), as api/routes.py --------

JsonOpt = Annotated[bool, typer.Option("--json", help="Print the answer as JSON (the API's shape).")]
BatchOpt = Annotated[int | None, typer.Option(
    "--batch", help="Batch a bare measure number belongs to (default: the latest loaded batch).")]


def _ask(ctx: typer.Context, data: Path | None, question: str, *args: Any, **kwargs: Any) -> Any:
    """The answer of one question of :class:`policygraph.core.PolicyGraph` (``question`` is
    the method's name), with the graph opened for it and closed after."""
    pg = open_graph(ctx, data)
    try:
        return getattr(pg, question)(*args, **kwargs)
    finally:
        pg.close()


def _print_resolved(answer: dict[str, Any]) -> None:
    r = answer.get("resolved")
    if r:
        out.print(f"[dim]resolved:[/] {r['id']} {r.get('title') or ''} [dim]({r['how']})[/]", highlight=False)


@app.command("who-leads")
@handle_errors
def who_leads_cmd(
    ctx: typer.Context,
    measure: Annotated[str, typer.Argument(help="A measure: id, printed number (12) or approximate wording.",
                                           show_default=False)],
    region: Annotated[str, typer.Argument(help="广东 / 广东省 / 石家庄 / 440000; a province includes its cities.",
                                          show_default=False)],
    batch: BatchOpt = None,
    limit: Annotated[int | None, typer.Option(min=0, max=500, help="Answers per page: the region's own first, "
                                              "then its cities' (default 8).")] = None,
    offset: Annotated[int, typer.Option(min=0, help="Answers to skip (for the next page).")] = 0,
    as_json: JsonOpt = False,
    data: DataOpt = None,
) -> None:
    """Who leads measure X in region Y: the department as printed and canonical, and the rule.

    The region's own answers first (newest document first), then its cities', a page at a time."""
    answer = _ask(ctx, data, "who_leads", measure, region, batch=batch, limit=limit, offset=offset)
    if as_json:
        sys.stdout.write(_json(answer) + "\n")
        return
    _print_resolved(answer)
    table = Table(title=f"who leads in {answer['region']['name']}")
    for col in ("region", "local measure", "lead", "rule", "co", "document"):
        table.add_column(col)
    for a in answer["answers"]:
        table.add_row((a["region"] or {}).get("name") or "", f"{a['measure']['id']}\n{a['measure'].get('title') or ''}",
                      a["statement"], a.get("rule") or "", "、".join(d["as_printed"] for d in a["co"]),
                      (a["document"] or {}).get("title") or a["measure"]["document_id"] or "")
    if answer["answers"]:  # no answer: the note below says why; an empty frame says nothing
        out.print(table)
    if answer.get("note"):
        out.print(answer["note"], highlight=False)
    c, nxt = answer["counts"], answer["page"]["next_offset"]
    if nxt is not None:
        out.print(f"{c['shown']} of {c['total']} answers shown ({c['own']} of {answer['region']['name']}'s own, "
                  f"{c['below']} from {c['below_regions']} regions below); more with --offset {nxt}",
                  highlight=False)


@app.command("trace")
@handle_errors
def trace_cmd(
    ctx: typer.Context,
    measure: Annotated[str, typer.Argument(help="A national measure (or a local one, followed to it).",
                                           show_default=False)],
    batch: BatchOpt = None,
    as_json: JsonOpt = False,
    data: DataOpt = None,
) -> None:
    """Every localisation of a national measure: region, document, date, lag, lead, link score."""
    answer = _ask(ctx, data, "trace", measure, diff=as_json, batch=batch)
    if as_json:
        sys.stdout.write(_json(answer) + "\n")
        return
    _print_resolved(answer)
    table = Table(title=f"{answer['measure']['id']} {answer['measure'].get('title') or ''}")
    for col in ("region", "level", "local measure", "date", "lag", "lead", "score", "method"):
        table.add_column(col)
    for loc in answer["localisations"]:
        a = loc["adapts"] or {}
        table.add_row((loc["region"] or {}).get("name") or "", loc["level"] or "", loc["measure"]["id"],
                      loc["date"] or "", "" if loc["lag_days"] is None else str(loc["lag_days"]), loc["statement"],
                      "" if a.get("score") is None else f"{a['score']:.2f}", a.get("method") or "")
    out.print(table)
    c = answer["counts"]
    out.print(f"{c['total']} localisations in {c['regions']} regions")


@app.command("search")
@handle_errors
def search_cmd(
    ctx: typer.Context,
    q: Annotated[str, typer.Argument(help="An id or a few words of a measure's title.", show_default=False)],
    level: Annotated[str | None, typer.Option(help="national | provincial | municipal")] = None,
    batch: Annotated[int | None, typer.Option(help="Only measures of this batch.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=500)] = 20,
    as_json: JsonOpt = False,
    data: DataOpt = None,
) -> None:
    """Search measures by id or approximate wording, best first (national first on ties)."""
    if level is not None and level not in ("national", "provincial", "municipal"):
        raise BadInputError(f"--level {level!r} is not a level.", hint="Use national, provincial or municipal.")
    answer = _ask(ctx, data, "search", q, level=level, batch=batch, limit=limit)
    if as_json:
        sys.stdout.write(_json(answer) + "\n")
        return
    table = Table(title=f"{answer['total']} measures for {q}")
    for col in ("score", "id", "title", "level", "batch", "localisations"):
        table.add_column(col)
    for h in answer["items"]:
        table.add_row(f"{h['score']:.2f}", h["id"], h.get("title") or "", h.get("level") or "",
                      "" if h.get("batch") is None else str(h["batch"]), str(h["localisations"]))
    out.print(table)


@app.command("documents")
@handle_errors
def documents_cmd(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(min=1, max=500)] = 50,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    as_json: JsonOpt = False,
    data: DataOpt = None,
) -> None:
    """The loaded documents: id, title, region, date, measures."""
    answer = _ask(ctx, data, "documents", limit=limit, offset=offset)
    if as_json:
        sys.stdout.write(_json(answer) + "\n")
        return
    table = Table(title=f"{answer['total']} documents")
    for col in ("id", "title", "region", "date", "measures"):
        table.add_column(col)
    for d in answer["items"]:
        # a document only cited by a loaded plan has no text here: say so rather than list 0 measures
        title = (d.get("title") or "") + (" [cited only, not loaded]" if d.get("stub") else "")
        table.add_row(d["id"], title, d.get("region") or d.get("region_id") or "", d.get("date") or "",
                      "" if d.get("stub") else str(d["measures"]))
    out.print(table)


@app.command("network")
@handle_errors
def network_cmd(
    ctx: typer.Context,
    batch: Annotated[int | None, typer.Option(help="Only the measures of this batch.")] = None,
    ties: Annotated[int | None, typer.Option(min=1, help="Ties to infer (default: one per region with a dated "
                                                          "adoption).")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="json, graphml or csv (edge list).")] = "json",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
    bom: Annotated[bool, typer.Option("--bom", help="csv: start with a UTF-8 BOM.")] = False,
    data: DataOpt = None,
) -> None:
    """Who follows whom: diffusion ties between regions, inferred from adoption timing (NetInf).

    The same answer as GET /api/network/diffusion."""
    from policygraph import diffusion_network as dn

    if fmt not in ("json", "graphml", "csv"):
        raise BadInputError(f"Unknown format {fmt!r}.", hint="Use json, graphml or csv.")
    result = _ask(ctx, data, "network", batch=batch, ties=ties)
    text = (_json(result) + "\n" if fmt == "json" else
            "".join(dn.graphml_chunks(result)) if fmt == "graphml" else "".join(dn.csv_chunks(result, bom=bom)))
    if not result["edges"]:  # an empty csv or graph alone does not say why
        got = result["inputs"]
        err.print(f"note: no tie inferred: {got['adoptions_used']} dated adoptions used, {got['skipped_undated']} "
                  "undated ones left out (a plan that prints no date cannot be ordered; a sidecar file can "
                  "give its date).")
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as e:
        raise BadInputError(f"Cannot write {output}: {e.strerror or e}.", hint="Choose a writable path.") from e
    err.print(f"wrote {len(result['edges'])} ties to {output}")


APP_FACTORY = "api.app:create_app"  # what `serve` runs (uvicorn imports it by name)


@app.command()
@handle_errors
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    load_samples: Annotated[bool, typer.Option("--load-samples", help="Load the sample texts first.")] = False,
    samples: Annotated[Path | None, typer.Option(
        "--samples", envvar="POLICYGRAPH_SAMPLES",
        help="Folder of sample texts for --load-samples (default: the repository's samples/).")] = None,
    workers: Annotated[int, typer.Option(
        min=1, max=32, envvar="POLICYGRAPH_WORKERS",
        help="API worker processes sharing the one store (uvicorn --workers); more than one "
             "answers concurrent requests on several cores.")] = 1,
    access_log: Annotated[bool, typer.Option(
        "--access-log/--no-access-log", envvar="POLICYGRAPH_ACCESS_LOG",
        help="Log every request (uvicorn's access log). Off by default: at 64 connections a log "
             "line per request halved the cached answers per second (errors are logged either way).")] = False,
    data: DataOpt = None,
) -> None:
    """Run the web API and pages (with uvloop and httptools when installed: uvicorn's auto)."""
    from base.config import SAMPLES_DIR, Settings

    try:
        import uvicorn
    except ImportError as e:
        raise PolicyGraphError(f"The web API is not available: {e}.",
                               hint="Install policygraph with its dependencies (pip install .).") from e
    settings = Settings.from_env(_data_dir(ctx, data))
    if load_samples:
        folder = samples or SAMPLES_DIR  # an installed (non-editable) package has no samples/ beside it
        if not folder.is_dir():
            raise BadInputError(f"No samples folder at {folder}.",
                                hint="Pass --samples DIR or set POLICYGRAPH_SAMPLES.")
        pg = open_graph(ctx, data)
        try:
            report = pg.load([folder])
        finally:
            pg.close()
        err.print(f"samples: {report.loaded} loaded, {report.unchanged} unchanged, {report.failed} failed")
        for f in report.errors:
            err.print(f"[bold red]failed:[/] {f.path}: {(f.error or {}).get('message')}", highlight=False)
    # The app is named, not imported: the CLI is a layer below api/ (pyproject.toml
    # [tool.importlinter]), and uvicorn builds the app from the environment
    # (api.app:create_app as a factory), so the data dir goes there.
    # SIGTERM: stop taking requests, give running ones 30 s, then the app's shutdown
    # cancels load jobs at a document boundary (api/jobs.py) and closes the store.
    import os

    os.environ["POLICYGRAPH_DATA"] = str(settings.data_dir)
    if workers == 1:
        uvicorn.run(APP_FACTORY, factory=True, host=host, port=port, timeout_graceful_shutdown=30,
                    access_log=access_log)
        return
    # Several workers: uvicorn spawns processes that each build the app. This process
    # starts (or finds) the store's server first and holds it for the workers' life: each
    # worker then reuses it, and it is stopped, if we started it, only once every worker
    # has gone (graph/falkor_server.py stops a server nobody else uses).
    from graph import open_store

    keeper = open_store(settings)
    try:
        uvicorn.run(APP_FACTORY, factory=True, host=host, port=port, workers=workers,
                    http="api.nodelay:NoDelayHTTPProtocol", timeout_graceful_shutdown=30,
                    access_log=access_log)
    finally:
        keeper.close()


if __name__ == "__main__":  # pragma: no cover
    app()
