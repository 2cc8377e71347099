"""The baseline the project writer is measured against: one row per transaction.

A hand-written loader typically walks the records and sends one ``MERGE`` per node or
relationship, each as its own auto-committed query. To compare *only* that habit with
the project's batching, the baseline sends the project's own statements (same Cypher,
same indexes, same server settings) with a single row each, one transaction per row.
What differs is exactly what the claim is about: rows per round trip and per commit.

Row counting is shared by both sides (:func:`rows_in`), so rows/s figures compare the
same work: a node or relationship upsert is one row; a whole-document delete or a
single-node write counts as one; clean-up statements that carry no rows count zero.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from graph.store import Statement, Store
from graph.writer import statements_for, write_extraction
from loaders.records import Extraction

# Parameters that hold one entry per written row. ``keep`` (delete_stale_measures) is a
# list too, but it is a filter, never split.
ROW_PARAMS = ("rows", "measure_ids")


def row_list(st: Statement) -> tuple[str, list[object]] | None:
    """(parameter, its rows) of a write statement that carries one entry per row."""
    if st.name.startswith("write_"):
        for p in ROW_PARAMS:
            if isinstance(st.params.get(p), list):
                return p, st.params[p]
    return None


def rows_in(st: Statement) -> int:
    if not st.name.startswith("write_"):
        return 0
    found = row_list(st)
    return len(found[1]) if found else 1


def split(st: Statement) -> list[Statement]:
    """One statement per row (the hand-written way)."""
    found = row_list(st)
    if found and len(found[1]) > 1:
        p, rows = found
        return [Statement(st.name, {**st.params, p: [r]}) for r in rows]
    return [st]


@dataclass
class WriteRun:
    rows: int
    transactions: int
    seconds: float

    @property
    def rows_per_s(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def count_rows(extractions: Iterable[Extraction]) -> int:
    return sum(rows_in(st) for ex in extractions for st in statements_for(ex, loaded_at="bench"))


def rows_of(extractions: Iterable[Extraction]) -> list[object]:
    """Every row payload the writer sends for these documents, in order."""
    return [r for ex in extractions for st in statements_for(ex, loaded_at="bench")
            for r in (row_list(st) or ("", []))[1]]


def project_load(store: Store, extractions: Sequence[Extraction]) -> WriteRun:
    """The project's path: graph.writer.write_extraction, one transaction per document."""
    rows = count_rows(extractions)
    t0 = time.perf_counter()
    for ex in extractions:
        write_extraction(store, ex)
    return WriteRun(rows, len(extractions), time.perf_counter() - t0)


def naive_load(store: Store, extractions: Sequence[Extraction], per_statement: dict[str, list[float]] | None = None
               ) -> WriteRun:
    """Same statements, one row per statement, one transaction per statement.

    ``per_statement`` (name -> [seconds, rows]) collects where the time goes."""
    plans = [[part for st in statements_for(ex, loaded_at="bench") for part in split(st)] for ex in extractions]
    rows = count_rows(extractions)
    tx = 0
    t0 = time.perf_counter()
    for stmts in plans:
        for st in stmts:
            t = time.perf_counter()
            store.write([st])
            if per_statement is not None:
                acc = per_statement.setdefault(st.name, [0.0, 0])
                acc[0] += time.perf_counter() - t
                acc[1] += rows_in(st)
            tx += 1
    return WriteRun(rows, tx, time.perf_counter() - t0)


def batched_by_statement(store: Store, extractions: Sequence[Extraction]) -> dict[str, list[float]]:
    """The project's batched statements, each timed alone (its own transaction), to show
    which statements gain from batching and which are bound by per-row engine work
    (index and full-text maintenance) that no batching removes. Diagnostic only: the
    headline figure is :func:`project_load` (one transaction per document)."""
    out: dict[str, list[float]] = {}
    for ex in extractions:
        for st in statements_for(ex, loaded_at="bench"):
            t = time.perf_counter()
            store.write([st])
            acc = out.setdefault(st.name, [0.0, 0])
            acc[0] += time.perf_counter() - t
            acc[1] += rows_in(st)
    return out
