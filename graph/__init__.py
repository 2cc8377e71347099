"""graph/: the only package that opens database connections.

:func:`open_store` picks the back end from the settings: Neo4j 5 when ``NEO4J_URI``
is set, else the embedded FalkorDB server for the data directory. The store comes
back with its schema (constraints, indexes) in place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.store import Statement, Store

if TYPE_CHECKING:
    from base.config import Settings

__all__ = ["Statement", "Store", "open_store"]


def open_store(settings: Settings | None = None, *, ensure_schema: bool = True) -> Store:
    """Open the configured store. Imports are lazy so FalkorDB users never load the
    Neo4j driver and vice versa."""
    from base.config import Settings

    settings = settings or Settings.from_env()
    store: Store
    if settings.neo4j_uri:
        from graph.neo4j_store import Neo4jStore

        store = Neo4jStore(settings.neo4j_uri, settings.neo4j_user, settings.neo4j_password,
                           database=settings.neo4j_database)
    else:
        from graph.falkor import FalkorStore

        store = FalkorStore(settings.data_dir)
    if ensure_schema:
        try:
            store.ensure_schema()
        except BaseException:
            store.close()
            raise
    return store
