"""Every statement Neo4j would receive passes Neo4j's own Cypher linter with no diagnostics.

No Neo4j server runs here, so this is how the Neo4j side is checked: the linter
(@neo4j-cypher/language-support, pinned in package.json) parses each statement against
our schema - labels, relationship types and property keys from graph/schema.py, and the
statement's own $parameters - and reports syntax errors (severity 1) and warnings such as
deprecated syntax (``id()``, ``CALL { WITH x }``) or an unknown label or property key
(severity 2). Both count as failures.

Covered: every named query resolved for the neo4j back end (queries.neo4j_statements()),
the schema DDL (graph.schema.neo4j_schema_statements()) and the statements Neo4jStore
sends of its own (INFO_QUERY). New query files are picked up automatically.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

import queries
from graph import schema
from graph.neo4j_store import INFO_QUERY, Neo4jStore

HERE = Path(__file__).parent


def map_keys(value: Any) -> set[str]:
    """Every key of every map inside a parameter value (the fields of $rows etc.)."""
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in map_keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in map_keys(v)}
    return set()


def _statements() -> list[tuple[str, str, dict[str, Any]]]:
    out = []
    for q in queries.neo4j_statements():
        # A parameter's example value when the file gives one; the linter only needs to
        # know the parameter exists, so otherwise a string will do.
        params = {p: (q.example or {}).get(p, "") for p in q.parameters}
        out.append((f"query:{q.name}", q.text, params))
    out += [(f"schema:{i}", text, {}) for i, text in enumerate(Neo4jStore.schema_statements())]
    out.append(("store:info", INFO_QUERY, {}))
    return out


STATEMENTS = _statements()


@pytest.fixture(scope="module")
def diagnostics() -> dict[str, list[dict]]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed; Neo4j's linter runs on Node.js (apt-get install nodejs)")
    if not (HERE / "node_modules" / "@neo4j-cypher" / "language-support").exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("npm is not installed, so the pinned linter cannot be installed (run npm ci in tests/lint)")
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True, capture_output=True,
                       timeout=300)
    payload = {
        "schema": {
            "labels": list(schema.ALL_LABELS),
            "relationshipTypes": list(schema.RELATIONSHIP_TYPES),
            "propertyKeys": list(schema.PROPERTY_KEYS),
        },
        # Keys of the example parameter maps are known property keys for that query: the
        # linter reports r.department_id (a field of $rows) like an unknown property.
        "queries": [{"name": n, "text": t, "params": ps, "propertyKeys": sorted(map_keys(ps))}
                    for n, t, ps in STATEMENTS],
    }
    proc = subprocess.run([node, "lint.mjs"], cwd=HERE, input=json.dumps(payload), capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return {r["name"]: r["diagnostics"] for r in json.loads(proc.stdout)}


def test_the_linter_catches_mistakes(diagnostics: dict[str, list[dict]]) -> None:
    """Guard against a linter that silently accepts everything."""
    node = shutil.which("node")
    assert node is not None
    bad = [
        {"name": "typo", "text": "MATCH (m:Measure) RETRUN m", "params": {}},
        {"name": "internal-id", "text": "MATCH (m:Measure) RETURN id(m)", "params": {}},
        {"name": "unknown-label", "text": "MATCH (m:Mesure) RETURN m.id", "params": {}},
        {"name": "undeclared-param", "text": "MATCH (m:Measure {id: $id}) RETURN m.id", "params": {}},
    ]
    payload = {"schema": {"labels": list(schema.ALL_LABELS), "relationshipTypes": list(schema.RELATIONSHIP_TYPES),
                          "propertyKeys": list(schema.PROPERTY_KEYS)}, "queries": bad}
    proc = subprocess.run([node, "lint.mjs"], cwd=HERE, input=json.dumps(payload), capture_output=True,
                          text=True, timeout=120, check=True)
    assert all(r["diagnostics"] for r in json.loads(proc.stdout))


@pytest.mark.parametrize("name", [n for n, _, _ in STATEMENTS])
def test_statement_is_clean(name: str, diagnostics: dict[str, list[dict]]) -> None:
    found = diagnostics[name]
    text = next(t for n, t, _ in STATEMENTS if n == name)
    assert found == [], f"{name}:\n{text}\n" + "\n".join(
        f"  line {d['line']} severity {d['severity']}: {d['message']}" for d in found
    )
