"""Settings from the environment, in one place.

POLICYGRAPH_DATA   data directory of the embedded FalkorDB store (default ./data)
NEO4J_URI          when set, use Neo4j 5 instead (with NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE)
POLICYGRAPH_TOKEN  bearer token required by API endpoints that write (and to see store internals)
POLICYGRAPH_CONSOLE=1  enables the read-only Cypher console in the API
POLICYGRAPH_CONSOLE_TIMEOUT_MS (5000), POLICYGRAPH_CONSOLE_ROWS (1000),
POLICYGRAPH_CONSOLE_CONCURRENCY (1)   the console's time limit, row limit, parallel queries
POLICYGRAPH_IMPORT_DIR  the only folder POST /api/load {"path": …} may read (unset: path loads off)
POLICYGRAPH_HEAVY_CONCURRENCY (2)     exports and analyses running at once; more get 503 + Retry-After
POLICYGRAPH_QUERY_TIMEOUT_MAX_MS (300000), POLICYGRAPH_QUERY_MEM_MB (4096)
                   the embedded FalkorDB's TIMEOUT_MAX and QUERY_MEM_CAPACITY for every query
                   (set when this process starts the server; see graph/falkor_server.py)

docs/SECURITY.md describes what each limit protects against, with measurements.
POLICYGRAPH_CACHE  answers the API keeps per worker, keyed by the graph's version (default 256; 0 = off)
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SAMPLES_DIR = PROJECT_ROOT / "samples"
MAX_FILE_BYTES = 20 * 1024 * 1024  # plans are tens of KB; 20 MB is far past any real one


def _int(name: str, default: int, lo: int, hi: int) -> int:
    """An integer setting, clamped to [lo, hi]; an unreadable value means the default
    (a typo in the environment must not take the server down or lift a limit)."""
    try:
        value = int(os.environ.get(name, "").strip() or default)
    except ValueError:
        value = default
    return max(lo, min(hi, value))


def query_timeout_max_ms() -> int:
    """FalkorDB TIMEOUT_MAX: no query, read or write, runs longer (the client's socket
    timeout, graph/falkor.py SOCKET_TIMEOUT_S, is the same 300 s)."""
    return _int("POLICYGRAPH_QUERY_TIMEOUT_MAX_MS", 300_000, 1_000, 3_600_000)


def query_mem_bytes() -> int:
    """FalkorDB QUERY_MEM_CAPACITY: bytes one query may allocate (checked between
    operations; graph/console.py refuses the shapes that overshoot it inside one)."""
    return _int("POLICYGRAPH_QUERY_MEM_MB", 4096, 64, 1 << 20) * 1024 * 1024


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    neo4j_uri: str | None
    neo4j_user: str
    neo4j_password: str
    neo4j_database: str
    token: str | None
    console: bool
    console_timeout_ms: int
    console_row_limit: int
    console_concurrency: int = 1
    import_dir: Path | None = None
    heavy_concurrency: int = 2
    cache_size: int = 256

    @classmethod
    def from_env(cls, data_dir: str | Path | None = None) -> Settings:
        env = os.environ
        import_dir = (env.get("POLICYGRAPH_IMPORT_DIR") or "").strip()
        return cls(
            data_dir=Path(data_dir or env.get("POLICYGRAPH_DATA") or "data").resolve(),
            neo4j_uri=env.get("NEO4J_URI") or None,
            neo4j_user=env.get("NEO4J_USER", "neo4j"),
            neo4j_password=env.get("NEO4J_PASSWORD", ""),
            neo4j_database=env.get("NEO4J_DATABASE", "neo4j"),
            token=env.get("POLICYGRAPH_TOKEN") or None,
            console=env.get("POLICYGRAPH_CONSOLE", "0") in ("1", "true", "yes"),
            console_timeout_ms=_int("POLICYGRAPH_CONSOLE_TIMEOUT_MS", 5000, 100, 300_000),
            console_row_limit=_int("POLICYGRAPH_CONSOLE_ROWS", 1000, 1, 100_000),
            console_concurrency=_int("POLICYGRAPH_CONSOLE_CONCURRENCY", 1, 1, 64),
            import_dir=Path(import_dir).expanduser().resolve() if import_dir else None,
            heavy_concurrency=_int("POLICYGRAPH_HEAVY_CONCURRENCY", 2, 1, 64),
            cache_size=_int("POLICYGRAPH_CACHE", 256, 0, 100_000),
        )
