"""kill -9 during a large load, of the loader and of the database server.

The property under test: after the crash, every document the graph marks complete (its
sha256, written last) has all its measures, and running the same load again gives exactly
the graph a clean load gives (compared by full export, minus load timestamps): no partial
documents, nothing missing, nothing duplicated, ADAPTS links included.

The kill moment is taken from the clean load's own duration (40 % of it), because the
load prints no machine-readable progress; the test checks that the process was still
running when killed, so a too-late kill fails loudly instead of passing vacuously.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.faults.conftest import (
    assert_clean_cli_failure,
    cli,
    cli_popen,
    diff_summary,
    kill9,
    normalised_export,
    open_store,
    server_pid,
)

pytestmark = pytest.mark.store
pytest.importorskip("loaders.extract", reason="loaders.extract is not written yet")

# Fixed hash seed for every loader process in these tests: loaders/regions.py orders tied
# region methods by set iteration order, so two loads of one file in two processes can
# differ in Document.region_method ('title+issuer' vs 'issuer+title') — a determinism bug
# reported separately (test_two_processes_load_identical_graphs). Crash consistency is
# what these tests are about, so that unrelated difference is taken out here.
SEED = {"PYTHONHASHSEED": "0"}
SIZES = [pytest.param(120, id="120docs"), pytest.param(1000, id="1000docs", marks=pytest.mark.slow)]


@pytest.fixture
def data_dirs(tmp_path: Path) -> Iterator[Any]:
    """Data dirs for one test; any server left running in them (a crashed loader's
    orphan) is stopped at the end, by its pid file, and only those."""
    made: list[Path] = []

    def make(name: str) -> Path:
        d = tmp_path / name
        made.append(d)
        return d

    yield make
    for d in made:
        pid = server_pid(d)
        if pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)


def _reference(corpus: Path, data: Path) -> tuple[tuple[list[str], list[str]], float]:
    """A clean load's export and duration. The store is held open while the CLI loads, so
    the CLI reuses this server and nothing has to be restarted from its append-only file
    (restarts are what test_kill9_database_server exercises)."""
    s = open_store(data)
    try:
        t0 = time.perf_counter()
        cp = cli("load", str(corpus / "docs"), data=data, env=SEED)
        took = time.perf_counter() - t0
        assert cp.returncode == 0, cp.stderr[-3000:]
        return normalised_export(s), took
    finally:
        s.close()


def _expected_measures(corpus: Path) -> dict[str, set[str]]:
    from policygraph.core import PolicyGraph

    out: dict[str, set[str]] = {}
    for f in sorted((corpus / "docs").glob("*.txt")):
        ex = PolicyGraph.extract(f)
        out[ex.document.id] = {m.id for m in ex.measures}
    return out


def _assert_whole_documents(store: Any, expected: dict[str, set[str]]) -> int:
    """Every document the graph marks complete has exactly its measures; returns how many.

    The writer sends a document as ONE statement (write_document_whole), which FalkorDB
    applies whole or not at all, the sha256 included; so every document that carries its
    sha256 must be whole (a document without it can only be a cited stub)."""
    complete = 0
    docs = {r["id"]: r for r in store.read("export_nodes") if r["label"] == "Document"}
    for doc_id, want in expected.items():
        node = docs.get(doc_id)
        got = {r["id"] for r in store.read("document_measures", {"id": doc_id})}
        if node is None or node["properties"].get("stub") or not node["properties"].get("sha256"):
            assert got <= want, f"{doc_id}: measures that are not the document's: {sorted(got - want)[:3]}"
            continue
        complete += 1
        assert got == want, f"{doc_id}: marked complete but {len(got)} of {len(want)} measures"
    return complete


def _kill_while_writing(proc: Any, store: Any, documents: int) -> None:
    """SIGKILL the loader once ``documents`` Document nodes are in the graph: mid-write
    whatever the machine's speed (a kill at a fixed share of a clean load's time landed in
    the link phase, after every document was written, once the writes got faster)."""
    while store.read("document_count")[0]["total"] < documents:
        assert proc.poll() is None, "the load finished before the kill: nothing was tested"
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)


def _kill_during(proc: Any, after: float) -> None:
    deadline = time.monotonic() + after
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the load finished before the kill: nothing was tested"
        time.sleep(0.05)


@pytest.mark.parametrize("docs", SIZES)
def test_kill9_loader_then_reload_equals_clean_load(docs: int, corpus_factory: Any, data_dirs: Any,
                                                    tmp_path: Path) -> None:
    corpus = corpus_factory(docs)
    ref, took = _reference(corpus, data_dirs("clean"))
    crash = data_dirs("crash")
    # The test holds the server (as a running API would); the loader attaches to it.
    store = open_store(crash)
    try:
        proc = cli_popen("load", str(corpus / "docs"), data=crash, log=tmp_path / "load.log", env=SEED)
        _kill_while_writing(proc, store, docs // 4)
        proc.wait()
        loaded = _assert_whole_documents(store, _expected_measures(corpus))
        assert 0 < loaded < docs, f"kill landed outside the load ({loaded} of {docs} documents)"
        cp = cli("load", str(corpus / "docs"), data=crash, env=SEED)
        assert cp.returncode == 0, cp.stderr[-3000:]
        got = normalised_export(store)
    finally:
        store.close()
    assert got[0] == ref[0], "nodes differ from a clean load:\n" + diff_summary(got[0], ref[0])
    assert got[1] == ref[1], "relationships differ from a clean load:\n" + diff_summary(got[1], ref[1])


@pytest.mark.parametrize("docs", SIZES)
def test_kill9_database_server_then_reload_equals_clean_load(docs: int, corpus_factory: Any, data_dirs: Any,
                                                             tmp_path: Path) -> None:
    """The redis-server dies under a running load. The loader either recovers by itself
    (FalkorStore restarts the server, which replays its append-only file, and retries) and
    finishes, or stops with the store-unavailable code (4); in both cases a second load
    completes the graph exactly."""
    corpus = corpus_factory(docs)
    ref, took = _reference(corpus, data_dirs("clean"))
    crash = data_dirs("crash")
    log = tmp_path / "load.log"
    proc = cli_popen("load", str(corpus / "docs"), data=crash, log=log, env=SEED)
    _kill_during(proc, 0.4 * took)
    pid = server_pid(crash)
    assert pid, "no server pid file while loading"
    kill9(pid)
    rc = proc.wait(timeout=900)
    out = log.read_text(errors="replace")
    assert "Traceback" not in out, out[-3000:]
    assert rc in (0, 4), f"exit {rc}: {out[-3000:]}"
    print(f"loader exit code after the server was killed: {rc}")  # shown with -s; 0 = recovered by itself
    if rc == 4:
        assert "FalkorDB" in out or "store" in out.lower(), out[-2000:]

    store = open_store(crash)
    try:
        _assert_whole_documents(store, _expected_measures(corpus))
        cp = cli("load", str(corpus / "docs"), data=crash, env=SEED)
        assert cp.returncode == 0, cp.stderr[-3000:]
        got = normalised_export(store)
    finally:
        store.close()
    assert got[0] == ref[0], "nodes differ from a clean load:\n" + diff_summary(got[0], ref[0])
    assert got[1] == ref[1], "relationships differ from a clean load:\n" + diff_summary(got[1], ref[1])


def test_reload_of_a_complete_load_changes_nothing(corpus_factory: Any, data_dirs: Any) -> None:
    """Control for the two tests above: loading twice equals loading once."""
    corpus = corpus_factory(40)
    d = data_dirs("twice")
    s = open_store(d)
    try:
        for _ in range(2):
            cp = cli("load", str(corpus / "docs"), data=d, env=SEED)
            assert cp.returncode == 0, cp.stderr[-2000:]
            if _ == 0:
                once = normalised_export(s)
        twice = normalised_export(s)
    finally:
        s.close()
    assert twice == once


def test_two_processes_load_identical_graphs(corpus_factory: Any, data_dirs: Any) -> None:
    """The same files loaded by two processes (different hash seeds) give the same graph."""
    corpus = corpus_factory(40)
    exports = []
    for seed in ("1", "2"):
        d = data_dirs(f"seed{seed}")
        cp = cli("load", str(corpus / "docs"), data=d, env={"PYTHONHASHSEED": seed})
        assert cp.returncode == 0, cp.stderr[-2000:]
        s = open_store(d)
        try:
            exports.append(normalised_export(s))
        finally:
            s.close()
    assert exports[0][0] == exports[1][0], diff_summary(exports[0][0], exports[1][0])
    assert exports[0][1] == exports[1][1], diff_summary(exports[0][1], exports[1][1])


def test_cli_reports_store_unavailable_after_server_dies_for_good(tmp_path: Path) -> None:
    """Control: when the server cannot come back (its data dir replaced by a file), the CLI
    says so with code 4 instead of hanging or dumping a traceback."""
    d = tmp_path / "gone"
    cp = cli("stats", data=d)
    assert cp.returncode == 0, cp.stderr
    pid = server_pid(d)
    if pid:  # stats started and stopped its own server; nothing should be left
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    import shutil

    shutil.rmtree(d)
    d.write_text("not a directory")
    assert_clean_cli_failure(cli("stats", data=d), 4)
