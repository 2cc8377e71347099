"""The ``policygraph`` command line.

    policygraph load samples/            # extract and write, one transaction per document
    policygraph extract FILE --json      # the records, nothing written
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

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from policygraph.errors import BadInputError, PolicyGraphError

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


def _fail(e: PolicyGraphError) -> typer.Exit:
    err.print(f"[bold red]error:[/] {e.message}", highlight=False)
    if e.hint:
        err.print(f"[dim]hint:[/] {e.hint}", highlight=False)
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
    from policygraph.config import Settings
    from policygraph.core import PolicyGraph

    return PolicyGraph.open(Settings.from_env(_data_dir(ctx, data)))


def _json(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2, default=str)


# -- load -------------------------------------------------------------------------


@app.command()
@handle_errors
def load(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Text files or folders of .txt files.", show_default=False)],
    data: DataOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the load report as JSON.")] = False,
) -> None:
    """Extract plan texts and write them to the graph (reloading an unchanged file does nothing)."""
    from policygraph.core import expand_inputs

    total = len(expand_inputs(paths))
    if total == 0:
        raise BadInputError(f"No .txt files in {', '.join(map(str, paths))}.",
                            hint="Give text files or folders that contain .txt files.")
    pg = open_graph(ctx, data)
    try:
        with Progress(TextColumn("[progress.description]{task.description}"), BarColumn(),
                      MofNCompleteColumn(), TimeElapsedColumn(), console=err, transient=True,
                      disable=as_json) as bar:
            task = bar.add_task("loading", total=total)

            def progress(path: Path, done: int, total: int) -> None:
                bar.update(task, completed=done, description=f"loading {path.name}")

            report = pg.load(paths, progress=progress)
    finally:
        pg.close()

    for f in report.errors:
        e = f.error or {}
        msg = str(e.get("message"))
        err.print(f"[bold red]failed:[/] {msg if f.path in msg else f'{f.path}: {msg}'}", highlight=False)
        if e.get("hint"):
            err.print(f"  [dim]hint:[/] {e['hint']}", highlight=False)
    if as_json:
        out.print_json(_json(report.to_dict()))
    else:
        _print_report(report)
    if report.exit_code:
        raise typer.Exit(report.exit_code)


def _print_report(report: Any) -> None:
    table = Table(title="policygraph load", show_lines=False)
    for col, justify in (("file", "left"), ("status", "left"), ("document", "left"), ("measures", "right"),
                         ("departments", "right"), ("leads", "right")):
        table.add_column(col, justify=justify)  # type: ignore[arg-type]
    colour = {"loaded": "green", "replaced": "yellow", "unchanged": "dim", "failed": "red"}
    for f in report.files:
        table.add_row(Path(f.path).name, f"[{colour.get(f.status, '')}]{f.status}[/]", f.document_id or "-",
                      str(f.measures), str(f.departments), str(f.leads))
    table.add_section()
    table.add_row("total written", "", "", str(report.measures), str(report.departments), str(report.leads))
    out.print(table)
    out.print(f"{len(report.files)} files: {report.loaded} loaded ({report.replaced} replaced), "
              f"{report.unchanged} unchanged, {report.failed} failed")
    for f in report.files:
        for w in f.warnings:
            err.print(f"[yellow]warning:[/] {Path(f.path).name}: {w}", highlight=False)


# -- extract ----------------------------------------------------------------------


@app.command()
@handle_errors
def extract(
    file: Annotated[Path, typer.Argument(help="One plan text.", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print every record as JSON.")] = False,
) -> None:
    """Show what a text yields, without writing anything."""
    from policygraph.core import PolicyGraph

    ex = PolicyGraph.extract(file)
    if as_json:
        out.print_json(ex.model_dump_json())
        return
    d = ex.document
    out.print(f"[bold]{d.title or '(untitled)'}[/]  {d.id}  {d.date or ''}  {d.region_name or ''}", highlight=False)
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


@app.command()
@handle_errors
def export(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", "-f",
                                     help="json (whole graph), graphml or gexf (Gephi), csv (event history for R/Stata).")] = "json",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
    data: DataOpt = None,
) -> None:
    """Export the graph: JSON, GraphML/GEXF for Gephi, or the CSV event-history table."""
    from policygraph.exports import FORMATS, render

    if fmt not in FORMATS:
        raise BadInputError(f"Unknown export format {fmt!r}.", hint=f"Use one of: {', '.join(FORMATS)}.")
    pg = open_graph(ctx, data)
    try:
        text = render(pg.store, fmt)
    finally:
        pg.close()
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as e:
        raise BadInputError(f"Cannot write {output}: {e.strerror or e}.", hint="Choose a writable path.") from e
    err.print(f"wrote {fmt} export to {output} ({len(text.encode('utf-8')):,} bytes)")


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
    """Diffusion figures for a measure, a batch or everything (JSON): reach, depth, lags,
    department centrality."""
    from policygraph import analysis, service

    if measure is not None and batch is not None:
        raise BadInputError("Give --measure or --batch, not both.", hint="Leave both out for the whole graph.")
    pg = open_graph(ctx, data)
    try:
        measure_id = service.resolve_measure(pg.store, measure, level="national")[0]["id"] if measure else None
        result = analysis.diffusion(pg.store, measure_id=measure_id, batch=batch)
    finally:
        pg.close()
    sys.stdout.write(_json(result) + "\n")


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
    data: DataOpt = None,
) -> None:
    """Run the web API and pages."""
    from policygraph.config import SAMPLES_DIR, Settings

    try:
        import uvicorn

        from api.app import create_app
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
    if workers == 1:
        uvicorn.run(create_app(settings), host=host, port=port)
        return
    # Several workers: uvicorn spawns processes that each build the app from the
    # environment (api.app:create_app as a factory), so the data dir goes there. This
    # process starts (or finds) the store's server first and holds it for the workers'
    # life: each worker then reuses it, and it is stopped, if we started it, only once
    # every worker has gone (graph/falkor_server.py stops a server nobody else uses).
    import os

    from graph import open_store

    os.environ["POLICYGRAPH_DATA"] = str(settings.data_dir)
    keeper = open_store(settings)
    try:
        uvicorn.run("api.app:create_app", factory=True, host=host, port=port, workers=workers,
                    http="api.nodelay:NoDelayHTTPProtocol")
    finally:
        keeper.close()


if __name__ == "__main__":  # pragma: no cover
    app()
