"""Named, parameterised Cypher statements, loaded from queries/cypher/.

Each statement is a file ``<name>.cypher``. Where FalkorDB and Neo4j 5 differ, a
variant sits beside it as ``<name>.falkordb.cypher`` or ``<name>.neo4j.cypher``;
:func:`get` picks the variant for the back end, else the main file. The main file
and any ``.neo4j`` variant must pass Neo4j's linter; every file must run on FalkorDB
(tests/store/test_queries_run.py and tests/lint/).

A file starts with comment lines that describe it:

    // Find measures by id or approximate wording.
    // mode: read
    // access: public
    // example: {"id": "国办发〔2020〕3号/1", "limit": 10}

``mode`` is ``read`` or ``write``; reads go through read-only transactions.

``access`` is ``public`` or ``internal`` (the default). Only a public query can be named
by a user: ``GET /api/queries`` lists them and ``/api/export/json?query=`` runs them.
Writes are never public (a write marked public is refused when the file is read); linking,
load bookkeeping, the duplicate check, the cache's graph version and the bench are
internal. A new query stays internal until its file says ``access: public``, and a
back-end variant says the same as its main file (tests/unit/test_queries.py).
Values always arrive as ``$params``; never format values into the text.

``example`` (one line of JSON, optional) gives sample parameters. The store test
(tests/store/test_queries_run.py) runs EVERY query on FalkorDB over the five loaded
samples: each ``$param`` takes its value from the example, else from the test's table of
common parameter names (``id``, ``measure``, ``region``, ``limit``, ...); a parameter with
neither fails the test, so give an example for anything unusual. Keys of maps in the
example (e.g. the fields of ``$rows``) are also given to Neo4j's linter as known property
keys (tests/lint/test_neo4j_lint.py).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

CYPHER_DIR = Path(__file__).parent / "cypher"
BACKENDS = ("falkordb", "neo4j")
ACCESS = ("public", "internal")
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_NAME = re.compile(r"[a-z][a-z0-9_]*")  # a name, never a path (../x, /abs/x)


@dataclass(frozen=True)
class Query:
    name: str
    text: str
    mode: str  # 'read' or 'write'
    description: str
    path: Path
    example: dict[str, Any] | None = field(default=None, compare=False)  # from '// example: {json}'
    access: str = "internal"  # from '// access: public'; see the module docstring

    @property
    def parameters(self) -> list[str]:
        body = "\n".join(ln for ln in self.text.splitlines() if not ln.lstrip().startswith("//"))
        return sorted(set(_PARAM.findall(body)))


def _parse(name: str, path: Path) -> Query:
    text = path.read_text(encoding="utf-8")
    mode, access, desc = "read", "internal", []
    example: dict[str, Any] | None = None
    for line in text.splitlines():
        s = line.strip()
        if not s.startswith("//"):
            break
        body = s[2:].strip()
        if body.startswith("mode:"):
            mode = body.split(":", 1)[1].strip()
        elif body.startswith("access:"):
            access = body.split(":", 1)[1].strip()
        elif body.startswith("example:"):
            try:
                example = json.loads(body.split(":", 1)[1])
            except json.JSONDecodeError as e:
                raise ValueError(f"{path}: the example line is not JSON: {e}") from e
            if not isinstance(example, dict):
                raise ValueError(f"{path}: the example must be a JSON object of parameters")
        else:
            desc.append(body)
    if mode not in ("read", "write"):
        raise ValueError(f"{path}: mode must be read or write, not {mode!r}")
    if access not in ACCESS:
        raise ValueError(f"{path}: access must be public or internal, not {access!r}")
    if access == "public" and mode != "read":
        raise ValueError(f"{path}: a query that writes cannot be public")
    return Query(name=name, text=text.strip(), mode=mode, description=" ".join(desc).strip(), path=path,
                 example=example, access=access)


def names() -> list[str]:
    """Every query name (main files only)."""
    return sorted(p.name[: -len(".cypher")] for p in CYPHER_DIR.glob("*.cypher") if p.name.count(".") == 1)


def public_names() -> list[str]:
    """The queries a user may name (``// access: public``): all reads."""
    return [n for n in names() if get(n).access == "public"]


@cache
def get(name: str, backend: str = "neo4j") -> Query:
    if backend not in BACKENDS:
        raise ValueError(f"unknown back end {backend!r}; expected one of {BACKENDS}")
    if not _NAME.fullmatch(name):
        raise KeyError(f"{name!r} is not a query name")
    variant = CYPHER_DIR / f"{name}.{backend}.cypher"
    main = CYPHER_DIR / f"{name}.cypher"
    if variant.exists():
        return _parse(name, variant)
    if main.exists():
        return _parse(name, main)
    raise KeyError(f"no query named {name!r} in {CYPHER_DIR}")


def all_files() -> list[Path]:
    return sorted(CYPHER_DIR.glob("*.cypher"))


def neo4j_statements() -> list[Query]:
    """What Neo4j would receive: every name, resolved for the neo4j back end."""
    return [get(n, "neo4j") for n in names()]


def falkordb_statements() -> list[Query]:
    return [get(n, "falkordb") for n in names()]
