"""Bad and hostile input files: a clear error or a correct extraction, the right exit code,
and nothing half-written in the graph.

The files come from bench/hostile.py, built at test time in a temporary directory (the
200 MB ones only under ``-m slow``). Each case is checked twice:

* in-process (``PolicyGraph.extract``): BadInputError with the file's name in the message,
  or an extraction whose titles are real Chinese text without control characters;
* through the CLI (``policygraph load FILE``) against a real store: exit 2 and an
  unchanged graph for a refusal; exit 0 and exactly the extracted measures for a load.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench import hostile
from tests.faults.conftest import assert_clean_cli_failure, cli, cli_with_peak_rss, open_store, stats

pytestmark = pytest.mark.store
pytest.importorskip("loaders.extract", reason="loaders.extract is not written yet")

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return hostile.write_all(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Any]]:
    """One data dir for the module; the store held open here keeps its server up, so
    each CLI run reuses it instead of starting its own."""
    d = tmp_path_factory.mktemp("hostile-data")
    s = open_store(d)
    yield d, s
    s.close()


def _clean_titles(path: Path) -> list[str | None]:
    from policygraph.core import PolicyGraph

    return [m.title for m in PolicyGraph.extract(path).measures]


def _sane(ex: Any) -> None:
    """An extraction that is not garbage: measures, titled ones in Chinese, no control or
    invisible formatting characters in what a reader sees."""
    assert ex.measures, "an accepted file must yield measures"
    for m in ex.measures:
        for field in (m.title, m.content):
            if field:
                bad = [c for c in field if unicodedata.category(c) in ("Cc", "Cf")]
                assert not bad, f"{m.id}: control/format characters {bad[:5]!r} kept in {field[:40]!r}"
        if m.title:
            assert CJK.search(m.title), f"{m.id}: title is not Chinese text: {m.title[:40]!r}"


@pytest.mark.parametrize("case", hostile.CASES, ids=[c.name for c in hostile.CASES])
def test_extract(case: hostile.Case, files: dict[str, Path]) -> None:
    from base.errors import BadInputError
    from policygraph.core import PolicyGraph

    path = files[case.name]
    try:
        ex = PolicyGraph.extract(path)
    except BadInputError as e:
        assert case.expect in ("reject", "either"), f"{case.name}: refused but should load: {e}"
        assert path.name in e.message, f"the message must name the file: {e.message}"
        return
    assert case.expect in ("load", "either"), f"{case.name}: {case.why}: accepted, expected a refusal"
    if case.name == "header-categories-table":
        # Accepting it is only right as count-only measures of the announced category.
        assert all(m.untitled for m in ex.measures)
        return
    _sane(ex)
    if case.name in ("utf16-no-bom", "control-chars", "nul-chars"):
        assert [m.title for m in ex.measures] == _clean_titles(hostile.JILIN)


@pytest.mark.parametrize("kind", ["square", "paren", "fullparen"])
def test_cited_number_in_wrong_brackets_is_recognised(kind: str, files: dict[str, Path]) -> None:
    """国办发[2020]3号 / 国办发(2020)3号 name the batch-3 notice: recognised as that number
    (so the plan links to its parent) rather than crashing or citing nothing."""
    from policygraph.core import PolicyGraph

    ex = PolicyGraph.extract(files[f"cited-{kind}"])
    numbers = {c.number for c in ex.document.cites}
    assert "国办发〔2020〕3号" in numbers, (numbers, ex.warnings)
    assert ex.document.batch == 3
    assert len(ex.measures) == len(_clean_titles(hostile.GUANGDONG))


def test_ten_thousand_departments(files: dict[str, Path]) -> None:
    """One item naming 10,000 departments: extracted (all of them, sharing the work) or
    refused; never a hang or a crash. The other items are unaffected."""
    from base.errors import BadInputError
    from policygraph.core import PolicyGraph

    try:
        ex = PolicyGraph.extract(files["ten-thousand-departments"])
    except BadInputError:
        return
    assert [m.title for m in ex.measures] == _clean_titles(hostile.JILIN)
    big = max(ex.measures, key=lambda m: len(m.departments_printed or ""))
    leads = [lead for lead in ex.leads if lead.measure_id == big.id]
    assert len(leads) in (10_000, len({lead.department_id for lead in leads}))
    assert {lead.role for lead in leads} == {"shared"}


@pytest.mark.parametrize("case", hostile.CASES, ids=[c.name for c in hostile.CASES])
def test_cli_load(case: hostile.Case, files: dict[str, Path], data: tuple[Path, Any]) -> None:
    from policygraph.core import PolicyGraph

    d, store = data
    path = files[case.name]
    before = stats(store)
    cp = cli("load", str(path), data=d)
    assert "Traceback" not in cp.stderr, cp.stderr[-3000:]
    if case.expect == "reject":
        assert_clean_cli_failure(cp, 2)
    else:
        assert cp.returncode in ((0, 2) if case.expect == "either" else (0,)), (cp.returncode, cp.stderr[-2000:])
    if cp.returncode == 2:
        assert stats(store) == before, "a refused file must leave the graph as it was"
        assert path.name in cp.stderr
        return
    ex = PolicyGraph.extract(path)
    if f"{path.name}: duplicate of " in cp.stdout:
        # The same plan as a file loaded before (the cited-* cases differ from each other only
        # in a citation's brackets): counted once, nothing of this file written.
        assert stats(store) == before, "a duplicate must not be written"
        assert store.read("document_measures", {"id": ex.document.id}) == [] or ex.document.number
        return
    rows = store.read("document_measures", {"id": ex.document.id})
    assert sorted(r["id"] for r in rows) == sorted({m.id for m in ex.measures}), "document half-written"


def test_refusals_in_a_folder_do_not_stop_the_others(files: dict[str, Path], data: tuple[Path, Any],
                                                     tmp_path: Path) -> None:
    """A folder with bad files and one good plan: the good one loads, the bad ones are
    reported, and the exit code says that something failed (2)."""
    import shutil

    d, store = data
    folder = tmp_path / "mixed"
    folder.mkdir()
    for name in ("empty", "binary", "header-only-table"):
        shutil.copy(files[name], folder / files[name].name)
    shutil.copy(hostile.GUANGDONG, folder / hostile.GUANGDONG.name)
    cp = cli("load", str(folder), data=d)
    assert_clean_cli_failure(cp, 2)
    for name in ("empty", "binary", "header-only-table"):
        assert files[name].name in cp.stderr
    # The good plan is in the graph: written now, or - when a near-identical copy was loaded
    # earlier in this session (the cited-* cases) - counted once under that copy's id.
    import re

    dup = re.search(rf"{re.escape(hostile.GUANGDONG.name)}: duplicate of (\S+)", cp.stdout)
    kept = dup.group(1) if dup else "file:guangdong-third-batch-plan"
    rows = store.read("document_measures", {"id": kept})
    assert len(rows) == len(_clean_titles(hostile.GUANGDONG))


@pytest.mark.slow
@pytest.mark.parametrize("maker", [hostile.huge_single_line, hostile.huge_sparse],
                         ids=["single-line", "sparse"])
def test_200mb_file_is_refused_without_reading_it(maker: Any, tmp_path: Path, data: tuple[Path, Any]) -> None:
    """200 MB: refused by size (exit 2) before it is read, so the loader's memory stays
    small (its peak RSS is read from a one-child wrapper, see cli_with_peak_rss)."""
    d, store = data
    path = maker(tmp_path)
    assert path.stat().st_size >= 200 * 1024 * 1024
    before = stats(store)
    cp, peak_mb = cli_with_peak_rss("load", str(path), data=d)
    assert_clean_cli_failure(cp, 2)
    assert "MB" in cp.stderr and path.name in cp.stderr
    assert stats(store) == before
    assert peak_mb < 200, f"the loader peaked at {peak_mb:.0f} MB: the file was read"
