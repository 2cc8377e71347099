"""The layering contracts of pyproject.toml ``[tool.importlinter]`` hold: layers import
only downward (api > policygraph | viz > graph > loaders | queries > base), loaders/ never
imports the stores or a driver, only graph/ imports a driver.

``lint-imports`` (import-linter, in the ``test`` extra) is run from the venv this test
runs in, so CI (`make test` -> pytest) fails on an upward import with the linter's own
report: which contract, which import, on which line.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("base", "queries", "loaders", "graph", "policygraph", "viz", "api")


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).parent / "lint-imports"
    if not exe.exists():
        pytest.fail(f"{exe} is missing: install the test extra (pip install -e '.[test]'), "
                    "which holds import-linter")
    # --no-cache: nothing written into the checkout; cwd: lint-imports reads
    # pyproject.toml there and imports the packages from there.
    return subprocess.run([str(exe), "--no-cache", "--no-logo"], cwd=cwd, capture_output=True,
                          text=True, timeout=300)


def test_layers_flow_one_way() -> None:
    res = _lint_imports(ROOT)
    assert res.returncode == 0, f"an import breaks a layering contract:\n{res.stdout}\n{res.stderr}"
    assert "0 broken" in res.stdout, res.stdout


def test_an_upward_import_breaks_the_contract(tmp_path: Path) -> None:
    """The check can fail: the same packages and contracts with one upward import
    added (graph/ importing policygraph/) are refused, naming the import."""
    for pkg in PACKAGES:
        shutil.copytree(ROOT / pkg, tmp_path / pkg, ignore=shutil.ignore_patterns("__pycache__", "static",
                                                                                    "data", "templates"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    store = tmp_path / "graph" / "store.py"
    store.write_text(store.read_text(encoding="utf-8") + "\nfrom policygraph import linking  # noqa\n",
                     encoding="utf-8")
    res = _lint_imports(tmp_path)
    assert res.returncode != 0, res.stdout
    assert "BROKEN" in res.stdout and "graph.store -> policygraph.linking" in res.stdout, res.stdout
