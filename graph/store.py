"""The store interface: the only way the rest of policygraph talks to a database.

Two real implementations: :class:`graph.falkor.FalkorStore` (embedded default) and
:class:`graph.neo4j_store.Neo4jStore` (production, chosen by ``NEO4J_URI``).
Use :func:`graph.open_store` to get the right one; only graph/ opens connections.

Results are plain Python: a list of dicts, one per row, column name -> value.
Queries return scalars, lists and maps (map projections), never raw nodes, so both
back ends give the same shapes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class Statement:
    """A named query and its parameters; one unit inside a write transaction."""

    name: str
    params: dict[str, Any] = field(default_factory=dict)


class Store(Protocol):
    backend: str  # 'falkordb' or 'neo4j'

    def ensure_schema(self) -> None:
        """Create constraints and indexes (idempotent)."""

    def read(self, name: str, params: dict[str, Any] | None = None, *, timeout_ms: int | None = None) -> list[dict[str, Any]]:
        """Run the named read query in a read-only transaction."""

    def write(self, statements: Sequence[Statement]) -> list[list[dict[str, Any]]]:
        """Run the named write statements in ONE transaction: all or nothing."""

    def run_readonly_cypher(self, text: str, params: dict[str, Any] | None = None, *, timeout_ms: int, limit: int) -> tuple[list[str], list[list[Any]]]:
        """The researcher console: arbitrary Cypher, refused if it writes."""

    def info(self) -> dict[str, Any]:
        """Back end name, location and version, for health checks."""

    def close(self) -> None: ...
