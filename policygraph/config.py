"""Settings from the environment, in one place.

POLICYGRAPH_DATA   data directory of the embedded FalkorDB store (default ./data)
NEO4J_URI          when set, use Neo4j 5 instead (with NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE)
POLICYGRAPH_TOKEN  bearer token required by API endpoints that write
POLICYGRAPH_CONSOLE=1  enables the read-only Cypher console in the API
POLICYGRAPH_CACHE  answers the API keeps per worker, keyed by the graph's version (default 256; 0 = off)
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SAMPLES_DIR = PROJECT_ROOT / "samples"
MAX_FILE_BYTES = 20 * 1024 * 1024  # plans are tens of KB; 20 MB is far past any real one


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
    cache_size: int = 256

    @classmethod
    def from_env(cls, data_dir: str | Path | None = None) -> Settings:
        env = os.environ
        return cls(
            data_dir=Path(data_dir or env.get("POLICYGRAPH_DATA") or "data").resolve(),
            neo4j_uri=env.get("NEO4J_URI") or None,
            neo4j_user=env.get("NEO4J_USER", "neo4j"),
            neo4j_password=env.get("NEO4J_PASSWORD", ""),
            neo4j_database=env.get("NEO4J_DATABASE", "neo4j"),
            token=env.get("POLICYGRAPH_TOKEN") or None,
            console=env.get("POLICYGRAPH_CONSOLE", "0") in ("1", "true", "yes"),
            console_timeout_ms=int(env.get("POLICYGRAPH_CONSOLE_TIMEOUT_MS", "5000")),
            console_row_limit=int(env.get("POLICYGRAPH_CONSOLE_ROWS", "1000")),
            cache_size=int(env.get("POLICYGRAPH_CACHE", "256")),
        )
