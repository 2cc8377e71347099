"""The graph schema, in one place: labels, keys, relationship types, constraints, indexes.

Every node has a string ``id`` property that is its natural key. Queries never use
internal ids (``id()`` is FalkorDB-only and deprecated in Neo4j 5), so the same
statement runs on both back ends.

Change the model only for a reason you write down in README "Graph model".
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

GRAPH_NAME = "policygraph"


@dataclass(frozen=True)
class NodeLabel:
    label: str
    key: str
    indexed: tuple[str, ...] = ()  # extra range indexes
    fulltext: tuple[str, ...] = ()  # full-text indexed properties (Chinese-aware on FalkorDB)
    doc: str = ""


NODES: tuple[NodeLabel, ...] = (
    # No full-text index on Document.title or Department.name: no query reads them, and
    # keeping them cost every document write ~0.5-1 ms of FalkorDB CPU (7.0 -> 6.1-6.4 ms
    # per document, 300 generated documents, session 6). Data dirs created before keep them.
    NodeLabel("Document", "id", ("number", "source_file", "source_key", "region_id", "date"), (),
              "A policy text: a national notice, a provincial or municipal plan, or a cited stub."),
    # Full-text on the title only: indexing content too made write_measures 2.2-2.9x slower
    # per row (337 -> 120-155 us at 300 documents; bench/naive_baseline.batched_by_statement),
    # and wording search already matches content by CONTAINS (find_measures_text). A data
    # dir created before keeps its title+content index (ensure_schema only adds fields) and
    # its slower writes until reset and reload. Measured at 1,000 documents: trace, path,
    # who-leads and coverage answers identical; search differs only in the total and in
    # which of the equally scored (1.0) hits beyond the candidate caps are kept.
    NodeLabel("Measure", "id", ("document_id", "key", "region_id", "level"), ("title",),
              "One reform measure as one document states it."),
    NodeLabel("Batch", "id", ("number",), (), "A national promotion batch (第三批 ...)."),
    NodeLabel("Region", "id", ("name", "short", "level"), (), "Country, province or prefecture-level city."),
    NodeLabel("Department", "id", ("name", "line", "region_id"), (),
              "A government body, canonical name per region."),
)

LABELS: tuple[str, ...] = tuple(n.label for n in NODES)

# Bookkeeping, not data: one (:GraphMeta {id: 'graph', version}) node whose version every
# load, delete and reset replaces (queries graph_version / graph_version_bump); the API
# caches answers under it. Left out of LABELS, exports and stats.
META_LABEL = "GraphMeta"
ALL_LABELS: tuple[str, ...] = (*LABELS, META_LABEL)

# The four relationship types that carry the meaning, plus plainly named structure.
RELATIONSHIPS: dict[str, str] = {
    "PROMOTES": "(:Batch)->(:Measure) national list; (:Region {date})->(:Measure) a region's plan",
    "LEADS": "(:Department {role, rank, as_printed, rule})->(:Measure)",
    "ADAPTS": "(:Measure {score, method})->(:Measure) local measure -> the national one it localises",
    "DERIVED_FROM": "(:Measure)->(:Document) provenance; (:Document)->(:Document) plan -> parent; "
                    "(:Batch)->(:Document) batch -> its notice",
    "PART_OF": "(:Region)->(:Region) city -> province -> country",
    "BELONGS_TO": "(:Department)->(:Region)",
    "ISSUED_IN": "(:Document)->(:Region)",
}
RELATIONSHIP_TYPES: tuple[str, ...] = tuple(RELATIONSHIPS)

# Property keys the lint schema should know about (Neo4j's linter warns on unknown keys
# only when told the full list; we give it every key we write).
PROPERTY_KEYS: tuple[str, ...] = (
    "id", "name", "short", "level", "parent_id", "title", "number", "issuer", "date", "region_id",
    "region_name", "source_file", "source_key", "sha256", "encoding", "layout", "batch", "batch_role", "stub",
    "converted_from_traditional", "document_id", "key", "seq", "section", "category", "content",
    "scope", "status", "untitled", "departments_printed", "text", "line_start", "line_end",
    "char_start", "char_end", "line", "printed_names", "role", "rank", "as_printed", "rule",
    "method", "score", "year", "notice_number", "measure_count", "via", "cited_as", "evidence",
    "kept", "added", "dropped", "reuse_ratio", "innovation", "loaded_at", "responsible_parties", "deadline", "leader",
    # written by policygraph/linking.py on ADAPTS edges and local measures
    "link_status", "link_note", "title_score", "content_score", "basis", "runner_up", "time_basis",
    "candidates", "local_novelty", "dept_relation", "dept_rule", "dept_reason", "national_line",
    "national_guide", "local_line", "local_lead", "local_lead_as_printed", "lead_in_guides",
    "resolved_from", "link_pending",
    # document dates and their methods (loaders.metadata), other files of one document
    # (policygraph.duplicates)
    "date_precision", "published", "date_method", "issuer_method", "alternate_sources",
    "version",  # GraphMeta
)


def neo4j_schema_statements() -> list[str]:
    """Constraints and indexes for Neo4j 5, idempotent (IF NOT EXISTS)."""
    out: list[str] = []
    for n in NODES:
        low = n.label.lower()
        out.append(
            f"CREATE CONSTRAINT {low}_{n.key} IF NOT EXISTS FOR (n:{n.label}) REQUIRE n.{n.key} IS UNIQUE"
        )
        for p in n.indexed:
            out.append(f"CREATE INDEX {low}_{p} IF NOT EXISTS FOR (n:{n.label}) ON (n.{p})")
        if n.fulltext:
            props = ", ".join(f"n.{p}" for p in n.fulltext)
            out.append(
                f"CREATE FULLTEXT INDEX {low}_fulltext IF NOT EXISTS FOR (n:{n.label}) ON EACH [{props}]"
            )
    return out


def falkordb_index_statements(have: Collection[tuple[str, str, str]] = ()) -> list[str]:
    """FalkorDB's index statements for what ``have`` lacks; ``have`` holds (label,
    property, kind) triples, kind 'RANGE' or 'FULLTEXT', as ``CALL db.indexes()`` lists
    them. FalkorDB's CREATE INDEX has no IF NOT EXISTS (it errors when the index exists),
    so idempotence is: read what exists, create the rest.

    Per label, the full-text statement comes first: a label's full-text fields share one
    RediSearch index whose language is fixed when it is created, and ``'chinese'`` makes
    数据 / 市场化 searchable. A data dir whose index predates a field gets the field added.
    """
    out: list[str] = []
    for n in NODES:
        missing_ft = [p for p in n.fulltext if (n.label, p, "FULLTEXT") not in have]
        if missing_ft:
            fields = ", ".join(f"'{p}'" for p in missing_ft)
            out.append(f"CALL db.idx.fulltext.createNodeIndex({{label: '{n.label}', language: 'chinese'}}, {fields})")
        out.extend(f"CREATE INDEX FOR (n:{n.label}) ON (n.{p})"
                   for p in (n.key, *n.indexed) if (n.label, p, "RANGE") not in have)
    return out


def falkordb_unique_constraints() -> list[tuple[str, str]]:
    """(label, key) of every unique constraint. FalkorDB creates one with the command
    ``GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE <label> PROPERTIES 1 <key>`` (not
    Cypher), over the range index on the key that :func:`falkordb_index_statements` makes."""
    return [(n.label, n.key) for n in NODES]
