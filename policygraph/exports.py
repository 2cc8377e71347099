"""Exports for other tools: GraphML and GEXF (Gephi, Cytoscape, networkx), the
event-history CSV (one row per localisation, for diffusion/event-history models), and
JSON of the whole graph or of any named read query.

Everything reads through named queries on a handed-in store (no connections here). The
whole-graph exports read the graph a page at a time (keyset pagination; docs/EXPORTS.md)
and are generators of text chunks, written while they are read: the CLI writes them to a
file and the API streams them, in constant memory whatever the size of the graph.
"""

from __future__ import annotations

import csv
import io
import json
import queue
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Generic, TypeVar

import queries
from base.errors import BadInputError, NotFoundError
from graph.store import Store
from loaders import regions as region_ref
from policygraph.dates import lag_days
from policygraph.linking import METHOD_POSITION as POSITION_METHOD
from policygraph.questions.common import adoption_date, split_roles
from queries.params import check_param_names

EVENT_COLUMNS: tuple[str, ...] = (
    "region", "region_id", "region_level", "parent_id", "measure", "national_id", "national_title", "batch",
    "national_date", "adoption_date", "lag_days", "status", "lead_department", "lead_department_as_printed",
    "lead_line", "lead_rule", "co_departments", "co_lines", "counterpart_or_shift", "dept_reason",
    "local_measure_id", "local_title", "document", "document_id", "source_file", "adapts_score",
    "adapts_method", "position_only", "reuse_ratio",
)

BOM = "\ufeff"  # Excel on Chinese Windows reads UTF-8 CSV as GBK unless it starts with a BOM

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _scalar(value: Any) -> Any:
    """GraphML/GEXF attributes are scalars: lists become '|'-joined text, maps JSON."""
    if isinstance(value, list | tuple):
        return "|".join("" if v is None else str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def node_name(label: str, props: dict[str, Any], node_id: str) -> str:
    """What a person reads on a node in Gephi or yEd: a measure's title (its number when
    listed by count only), a document's title or 文号 (else 未注明标题的文件 and its file), a
    region's or department's name, 第N批 for a batch; the id when nothing else is known."""
    if label == "Batch" and props.get("number") is not None:
        return f"第{props['number']}批"
    if label == "Measure" and not props.get("title"):
        return f"{props.get('key') or node_id}（未列名称）"
    for k in ("title", "name", "number"):
        if props.get(k):
            return str(props[k])
    if label == "Document" and props.get("source_file"):  # as the pages say it, not file:<stem>
        return f"未注明标题的文件（{props['source_file']}）"
    return node_id


_ISO_DATES: dict[str, str] = {}  # date texts seen -> their ISO date ('' for none): they repeat


def _iso_date(value: Any) -> str | None:
    if value is None:
        return None
    if type(value) is str:
        iso = _ISO_DATES.get(value)
        if iso is None:
            iso = value[:10] if _ISO_DATE.match(value) else ""
            if len(_ISO_DATES) < 10000:
                _ISO_DATES[value] = iso
        return iso or None
    return value[:10] if isinstance(value, str) and _ISO_DATE.match(value) else None


# -- reading the graph in pages ------------------------------------------------------------
#
# The whole-graph exports never hold the graph: nodes, then relationships, come one page at
# a time (queries export_nodes_page / export_edges_page, keyset pagination on a cursor the
# page returns) and are written out as they come. Memory is one page, whatever the graph.

NODE_PAGE = 5000  # nodes per page
ANCHOR_PAGE = 2000  # anchor nodes per relationship page (each anchors a handful of relationships)
# Relationship types read from their target's side: each is anchored at its low-degree end
# (a measure has a few leading departments and promoters; a department leads hundreds of
# measures, a region's plan promotes thousands), so no page balloons around one node.
ANCHOR_AT_TARGET: tuple[str, ...] = ("LEADS", "PROMOTES")
FIRST_CURSOR = {"falkordb": -1, "neo4j": ""}  # FalkorDB pages by node id, Neo4j by the natural key


def _json_value(value: Any) -> Any:
    """A FalkorDB page carries properties as JSON text (toJSON, which leaves control
    characters in strings unescaped, hence strict=False); Neo4j's carry maps."""
    return json.loads(value, strict=False) if isinstance(value, str) else value


def _fetch_page(store: Store, name: str, params: dict[str, Any]) -> list[list[Any]]:
    """One page of ``name`` (a query returning ``row`` and ``strings``) as the store gives
    it: ``[row, strings]`` per row, ``row`` JSON text on FalkorDB (read unparsed:
    FalkorStore.read_values), a list on Neo4j."""
    read_values = getattr(store, "read_values", None)
    if read_values is not None:
        return read_values(name, params)  # type: ignore[no-any-return]
    return [[r["row"], r.get("strings")] for r in store.read(name, params)]


def _first_int(row: Any) -> Any:
    """A page row's first value (a cursor, a kind) without parsing the row: FalkorDB's rows
    are JSON text that starts with an integer."""
    return int(row[1:row.index(",")]) if isinstance(row, str) else row[0]


def _pages_ahead(fetch: Callable[[Any], list[list[Any]]], first: Any,
                 next_cursor: Callable[[list[list[Any]]], Any]) -> Iterator[list[list[Any]]]:
    """The pages of a paged query, each asked of the store as soon as the one before has
    arrived (its cursor taken from the rows as they came, ``next_cursor``, None after the
    last page): the engine computes page n+1 while page n is parsed and written. The fetch
    runs in a thread of its own (the store's connection pool gives it its own connection);
    closing this generator waits for the fetch under way, and asks for no other."""
    with ThreadPoolExecutor(1, thread_name_prefix="export-fetch") as pool:
        pending: Future[list[list[Any]]] | None = pool.submit(fetch, first)
        while pending is not None:
            rows = pending.result()
            after = next_cursor(rows)
            pending = pool.submit(fetch, after) if after is not None else None
            yield rows


def _parse_page(rows: list[list[Any]], lead: int) -> tuple[list[Any], dict[int, list[Any]]]:
    """A page's rows (:func:`_fetch_page`) as Python lists. FalkorDB's rows are JSON text
    (toJSON), parsed in one call for the whole page (one call per row cost a fifth more);
    Neo4j's are lists already. toJSON leaves '"' and '\\' inside strings as they are, so a
    text holding either is not read as JSON: a row with other quotes than its ``strings``
    strings have (two each), or with a backslash, gives None in its place and its ``lead``
    leading integers (ids, which hold neither) in the second value, to be read again."""
    if not rows or not isinstance(rows[0][0], str):
        return [r[0] for r in rows], {}
    texts = [r[0] for r in rows]
    page = ",".join(texts)
    if "\\" not in page and page.count('"') == 2 * sum([r[1] for r in rows]):
        return json.loads("[" + page + "]", strict=False), {}  # every row as counted: the common case
    again = {i: [int(x) for x in t[1:].split(",", lead)[:lead]] for i, (t, (_, n)) in enumerate(zip(texts, rows, strict=True))
             if "\\" in t or t.count('"') != 2 * n}
    good = iter(json.loads("[" + ",".join(t for i, t in enumerate(texts) if i not in again) + "]", strict=False))
    return [None if i in again else next(good) for i in range(len(texts))], again


def _floats_back(props: dict[str, Any], floats: frozenset[str]) -> dict[str, Any]:
    """toJSON writes a whole-number float as an integer (1.0 as 1): a key that holds only
    floats gets its float back. (It also writes 15 significant digits: every float the
    loader and linker write is rounded far below that; tests/store compares the pages
    with properties() value for value.)"""
    for k in floats & props.keys():
        v = props[k]
        if isinstance(v, int) and not isinstance(v, bool):
            props[k] = float(v)
    return props


def float_keys(store: Store) -> dict[str, frozenset[str]]:
    """Per domain (node, edge), the property keys whose every value is a float."""
    if store.backend != "falkordb":  # Neo4j's pages carry typed maps
        return {"node": frozenset(), "edge": frozenset()}
    return AttributePlan.read(store).floats


def node_rows(store: Store, *, limit: int | None = None) -> Iterator[list[list[Any]]]:
    """Every node (GraphMeta aside), a page at a time, as the engine gives them:
    ``[cursor, id, label, properties]`` (properties as read: see :func:`node_pages`)."""
    limit = limit or NODE_PAGE

    def fetch(after: Any) -> list[list[Any]]:
        return _fetch_page(store, "export_nodes_page", {"after": after, "limit": limit})

    def next_cursor(raw: list[list[Any]]) -> Any:
        return _first_int(raw[-1][0]) if len(raw) >= limit else None

    for raw in _pages_ahead(fetch, FIRST_CURSOR.get(store.backend, ""), next_cursor):
        rows, again = _parse_page(raw, 1)
        if again:  # rows whose text toJSON left ambiguous, as values
            by_id = {r["row"][0]: r["row"] for r in
                     store.read("export_nodes_by_id", {"ids": [lead[0] for lead in again.values()]})}
            for i, (cursor,) in again.items():
                rows[i] = by_id[cursor]
        if rows:
            yield rows


def node_pages(store: Store, *, limit: int | None = None,
               floats: frozenset[str] | None = None) -> Iterator[list[dict[str, Any]]]:
    """Every node (GraphMeta aside), a page at a time: ``{id, label, properties}``.
    ``floats``: the keys holding only floats (:func:`float_keys`; read here if not given)."""
    if floats is None:
        floats = float_keys(store)["node"] if store.backend == "falkordb" else frozenset()
    for rows in node_rows(store, limit=limit):
        yield [{"id": node_id, "label": label, "properties": _floats_back(props or {}, floats)}
               for _cursor, node_id, label, props in rows]


OUT, IN, ANCHORS = 0, 1, 2  # the kinds of row of export_edges_page


def edge_rows(store: Store, *, limit: int | None = None) -> Iterator[list[list[Any]]]:
    """Every relationship, a page of anchor nodes at a time, as the engine gives them:
    ``[kind, anchor, relationship, from_id, to_id, type, from_date, to_date, properties]``,
    the page's anchors' outgoing relationships (kind OUT), then their incoming ones (IN),
    each part in the anchors' order (export_edges_page). Properties as read: see
    :func:`edge_pages`."""
    limit = limit or ANCHOR_PAGE
    params: dict[str, Any] = {"limit": limit, "by_target": list(ANCHOR_AT_TARGET)}

    def fetch(after: Any) -> list[list[Any]]:
        return _fetch_page(store, "export_edges_page", {**params, "after": after})

    def anchors_at(raw: list[list[Any]]) -> int | None:
        # the anchors' row closes the page (UNION ALL keeps the parts' order)
        if raw and _first_int(raw[-1][0]) == ANCHORS:
            return len(raw) - 1
        return next((i for i, r in enumerate(raw) if _first_int(r[0]) == ANCHORS), None)

    def anchors_of(raw: list[list[Any]], at: int | None) -> list[Any]:
        if at is None:
            return []
        row = raw[at][0]
        return json.loads(row)[1] if isinstance(row, str) else row[1]  # type: ignore[no-any-return]

    def next_cursor(raw: list[list[Any]]) -> Any:
        anchors = anchors_of(raw, anchors_at(raw))
        return anchors[-1] if len(anchors) >= limit else None

    for raw in _pages_ahead(fetch, FIRST_CURSOR.get(store.backend, ""), next_cursor):
        at = anchors_at(raw)
        if at is not None:
            raw.pop(at)
        rows, again = _parse_page(raw, 3)
        if again:  # rows whose text toJSON left ambiguous, as values
            found = {r["relationship"]: r["row"] for r in store.read("export_edges_by_id", {
                "anchors": sorted({lead[1] for lead in again.values()}),
                "relationships": [lead[2] for lead in again.values()]})}
            for i, (kind, anchor, rel) in again.items():
                rows[i] = [kind, anchor, rel, *found[rel]]
        for row in rows:
            props = row[8]
            if row[0] == OUT and props and len(props) > 1:
                # The key order the exports have always written: the per-anchor query this
                # replaced grouped by the outgoing ones, and FalkorDB's grouping sorted their
                # keys in place (the incoming ones kept the stored order).
                row[8] = dict(sorted(props.items()))
        if rows:
            yield rows


def edge_pages(store: Store, *, limit: int | None = None,
               floats: frozenset[str] | None = None) -> Iterator[list[dict[str, Any]]]:
    """Every relationship, a page of anchor nodes at a time (see :func:`edge_rows`):
    ``{from_id, to_id, type, properties, from_date, to_date}`` (the ends' dates date the
    edge for Gephi)."""
    if floats is None:
        floats = float_keys(store)["edge"] if store.backend == "falkordb" else frozenset()
    for rows in edge_rows(store, limit=limit):
        yield [{"from_id": from_id, "to_id": to_id, "type": rel_type, "properties": _floats_back(props or {}, floats),
                "from_date": from_date, "to_date": to_date}
               for _kind, _anchor, _rel, from_id, to_id, rel_type, from_date, to_date, props in rows]


_T = TypeVar("_T")


class ReadAhead(Generic[_T]):
    """Iterate ``pages`` while a thread reads the next one: the store computes page n+1
    while page n is written out (the two then use both cores). The thread starts at once,
    so the first page is read while the caller does something else (reads the attribute
    types). At most three pages are alive at once: one written, one waiting, one being
    read. :meth:`close` (a client that went away) stops the reader after the page it is
    reading; use it as a context manager."""

    def __init__(self, pages: Iterator[_T], *, poll_s: float = 0.1) -> None:
        self._box: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=1)
        self._stop = threading.Event()
        self._poll_s = poll_s
        self._done = False
        self._thread = threading.Thread(target=self._read, args=(pages,), name="export-read-ahead", daemon=True)
        self._thread.start()

    def _put(self, item: tuple[str, Any]) -> bool:
        while not self._stop.is_set():
            try:
                self._box.put(item, timeout=self._poll_s)
                return True
            except queue.Full:
                continue
        return False

    def _read(self, pages: Iterator[_T]) -> None:
        try:
            for page in pages:
                if not self._put(("page", page)):
                    return
            self._put(("end", None))
        except BaseException as e:  # handed to the consumer, raised there
            self._put(("error", e))
        finally:
            # Close the pages now, in this thread, so :meth:`close` (which joins it) returns
            # only once they are closed: a page reader waits there for the read it has under
            # way (_pages_ahead). Left to the garbage collector, that read could still be
            # running after close() returned.
            close = getattr(pages, "close", None)
            if close is not None:
                close()

    def __iter__(self) -> ReadAhead[_T]:
        return self

    def __next__(self) -> _T:
        if self._done:
            raise StopIteration
        kind, value = self._box.get()
        if kind == "page":
            return value  # type: ignore[no-any-return]
        self.close()
        if kind == "error":
            raise value
        raise StopIteration

    def close(self) -> None:
        self._done = True
        self._stop.set()
        self._thread.join()

    def __enter__(self) -> ReadAhead[_T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_ahead(pages: Iterator[_T], *, poll_s: float = 0.1) -> Iterator[_T]:
    """``pages`` through a :class:`ReadAhead` started on the first ``next``; closing this
    generator closes it."""
    with ReadAhead(pages, poll_s=poll_s) as ahead:
        yield from ahead


def _graph_rows(store: Store) -> Iterator[tuple[str, list[list[Any]]]]:
    """The whole graph as the engine gives it: ``("node", page)`` for every page of
    :func:`node_rows`, then ``("edge", page)`` for every page of :func:`edge_rows` (one
    reader for both: no pause between the two)."""
    for rows in node_rows(store):
        yield "node", rows
    for rows in edge_rows(store):
        yield "edge", rows


def _check_store(store: Store) -> None:
    """One tiny read before an export's first chunk: a store that is down fails here, as an
    error answer, not as a download cut short (the attribute types are read after, with
    the first page)."""
    store.read("graph_version")


def nodes(store: Store, floats: frozenset[str] | None = None) -> Iterator[dict[str, Any]]:
    for page in read_ahead(node_pages(store, floats=floats)):
        yield from page


# -- GraphML and GEXF, written as they are read ---------------------------------------------

NODE_RESERVED = frozenset({"label", "kind", "start", "end", "pid", "viz", "spells"})
EDGE_RESERVED = frozenset({"label", "relationship", "start", "end", "id", "type", "key", "weight", "viz", "spells"})


def _attr_name(key: str, reserved: frozenset[str]) -> str:
    return f"prop_{key}" if key in reserved else key


_NODE_RENAME = {k: _attr_name(k, NODE_RESERVED) for k in NODE_RESERVED}
_EDGE_RENAME = {k: _attr_name(k, EDGE_RESERVED) for k in EDGE_RESERVED}


def _python_type(engine_types: Iterable[str]) -> type:
    """One type for a property from the engine's names of its values' types (FalkorDB's
    typeOf: Integer, Float, Boolean, String, List…; Neo4j's valueType: INTEGER NOT NULL…):
    ints and floats mixed become floats, anything else mixed, or a list, text."""
    kinds = set()
    for t in engine_types:
        word = str(t).split()[0].split("<")[0].upper()
        kinds.add({"INTEGER": int, "FLOAT": float, "BOOLEAN": bool, "STRING": str}.get(word, str))
    kinds.discard(type(None))
    if kinds <= {int, float} and kinds:
        return float if float in kinds else int
    return kinds.pop() if len(kinds) == 1 else str


class AttributePlan:
    """The attributes a GraphML / GEXF file declares before its first node: the synthetic
    ones (label, kind, start; label, relationship, start) and every property key the graph
    holds, renamed where a format reserves the name, one type per name over nodes and
    edges together (a reader never meets 'abc' declared as an integer). Built from two
    cheap reads (export_node_property_types, export_edge_property_types) that return keys
    and type names, not the data."""

    def __init__(self, rows: Iterable[dict[str, Any]]) -> None:
        engine: dict[str, list[str]] = {}
        node_keys: list[str] = []
        edge_keys: list[str] = []
        floats: dict[str, set[str]] = {"node": set(), "edge": set()}
        for r in rows:
            if {_python_type([t]) for t in r["types"] or []} == {float}:
                floats[r["domain"]].add(r["key"])
            if r["domain"] == "node":
                if r["key"] == "id":
                    continue
                name = _attr_name(r["key"], NODE_RESERVED)
                node_keys.append(name)
            else:
                name = _attr_name(r["key"], EDGE_RESERVED)
                edge_keys.append(name)
            engine.setdefault(name, []).extend(r["types"] or [])
        self.floats = {k: frozenset(v) for k, v in floats.items()}  # see _floats_back
        # two keys of a domain under one name (a reserved key and its prop_ name both held):
        # the element's attributes are then merged in a dict as they always were
        self.clashes = {"node": len(set(node_keys)) < len(node_keys), "edge": len(set(edge_keys)) < len(edge_keys)}
        self.types: dict[str, type] = {name: _python_type(ts) for name, ts in engine.items()}
        for name in ("label", "kind", "start", "relationship"):  # synthetic: always text
            self.types[name] = str
        self.node_keys = ["label", "kind", "start", *sorted(set(node_keys))]
        self.edge_keys = ["label", "relationship", "start", *sorted(set(edge_keys))]

    @classmethod
    def read(cls, store: Store) -> AttributePlan:
        """The node and the relationship types are read at once, on two connections: the
        engine runs the two passes side by side (a tenth of an export's time otherwise,
        spent before its first node)."""
        with ThreadPoolExecutor(1, thread_name_prefix="export-types") as pool:
            edge_types = pool.submit(store.read, "export_edge_property_types")
            node_types = store.read("export_node_property_types")
            rows = [{"domain": "node", **r} for r in node_types]
            rows += [{"domain": "edge", **r} for r in edge_types.result()]
        return cls(rows)

    def value(self, name: str, value: Any) -> str:
        """The attribute's value as text, converted to its declared type first."""
        if type(value) is str:
            return value
        value = _scalar(value)
        t = self.types.get(name, str)
        if t is float and isinstance(value, int | float) and not isinstance(value, bool):
            return repr(float(value))
        if t is bool and isinstance(value, bool):
            return "true" if value else "false"
        if t is int and isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return str(value)


def node_attributes(node: dict[str, Any]) -> dict[str, Any]:
    """A node's attributes for GraphML / GEXF: ``label`` = its readable name (what Gephi
    shows), ``kind`` = its graph label, ``start`` = its ISO date when known (Gephi's
    timeline), then its properties (a reserved name with a ``prop_`` prefix; id left out:
    it is the node's id)."""
    return _node_attributes(node["id"], node["label"], node["properties"])


def _node_attributes(node_id: str, label: str, raw: dict[str, Any]) -> dict[str, Any]:
    attrs: dict[str, Any] = {"label": node_name(label, raw, node_id), "kind": label}
    if (d := _iso_date(raw.get("date"))) is not None:
        attrs["start"] = d
    rename = _NODE_RENAME.get
    for k, v in raw.items():
        if v is not None and k != "id":
            attrs[rename(k, k)] = v
    return attrs


def edge_attributes(edge: dict[str, Any]) -> dict[str, Any]:
    """``label`` and ``relationship`` = its type (never GEXF's reserved ``type``), ``start``
    = its own date, else the later of its ends' dates, then its properties."""
    return _edge_attributes(edge["type"], edge.get("from_date"), edge.get("to_date"), edge["properties"])


def edge_start(props: dict[str, Any], from_date: Any, to_date: Any) -> str | None:
    """A relationship's ``start``: its own ISO date, else the later of its ends' dates."""
    start = _iso_date(props.get("date"))
    if start is None:
        a, b = _iso_date(from_date), _iso_date(to_date)
        start = a if b is None else b if a is None else max(a, b)
    return start


def _edge_attributes(rel_type: str, from_date: Any, to_date: Any, raw: dict[str, Any]) -> dict[str, Any]:
    attrs: dict[str, Any] = {"label": rel_type, "relationship": rel_type}
    start = edge_start(raw, from_date, to_date)
    if start is not None:
        attrs["start"] = start
    rename = _EDGE_RENAME.get
    for k, v in raw.items():
        if v is not None:
            attrs[rename(k, k)] = v
    return attrs


# XML 1.0 cannot carry most control characters even escaped; they become U+FFFD.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_XML_SPECIAL = re.compile('[&<>"\x00-\x1f\ufffe\uffff]')


def xml_escape(text: str) -> str:
    """Text safe both as element content and inside a double-quoted attribute (line breaks
    and tabs as character references, so attribute values keep them). Chained replace:
    several times faster than str.translate on long texts."""
    if not _XML_SPECIAL.search(text):  # most values: one scan, nothing to replace
        return text
    text = (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
            .replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;"))
    return _NOT_XML.sub("\ufffd", text) if _NOT_XML.search(text) else text


XML_HEAD = '<?xml version="1.0" encoding="utf-8"?>\n'
GRAPHML_TYPES = {str: "string", int: "long", float: "double", bool: "boolean"}
GEXF_TYPES = {str: "string", int: "long", float: "double", bool: "boolean"}
PAGE_BYTES = 1 << 16  # chunks handed to the writer: about 64 KB of text each

# Most attribute values of a graph are short texts that repeat (roles, rules, methods, dates,
# document ids, relationship types): their written form (escaped, between the key's tags) is
# kept per attribute and reused instead of escaped and formatted again. Bounded: texts up to
# _SHORT characters, at most _KEPT of them per attribute and export.
_SHORT = 40
_KEPT = 2000


def _attribute_writer(plan: AttributePlan, openers: dict[str, str], close: str) -> Callable[[dict[str, Any]], str]:
    """A function writing an element's attributes, each as ``openers[name] + escaped value
    + close`` (a GraphML ``<data>``, a GEXF ``<attvalue>``), values converted to their
    declared type first (:meth:`AttributePlan.value`)."""
    value = plan.value
    as_float = {name for name in openers if plan.types.get(name, str) is float}
    kept: dict[str, dict[str, str]] = {name: {} for name in openers}

    def write(attrs: dict[str, Any]) -> str:
        out = []
        for k, v in attrs.items():
            kind = type(v)
            if kind is str:
                known = kept[k]
                text = known.get(v)
                if text is None:
                    text = openers[k] + xml_escape(v) + close
                    if len(v) <= _SHORT and len(known) < _KEPT:
                        known[v] = text
            # numbers as AttributePlan.value writes them, with nothing to escape in them
            elif kind is int:
                text = openers[k] + (repr(float(v)) if k in as_float else str(v)) + close
            elif kind is float:
                text = openers[k] + repr(v) + close
            else:
                text = openers[k] + xml_escape(value(k, v)) + close
            out.append(text)
        return "".join(out)
    return write


def _chunked(parts: Iterable[str], size: int | None = None) -> Iterator[str]:
    """Join small strings into chunks of about ``size`` characters (fewer, larger writes)."""
    size = size or PAGE_BYTES
    buf: list[str] = []
    n = 0
    for p in parts:
        buf.append(p)
        n += len(p)
        if n >= size:
            yield "".join(buf)
            buf, n = [], 0
    if buf:
        yield "".join(buf)


def _attribute_appender(plan: AttributePlan, openers: dict[str, str], close: str,
                        rename: dict[str, str], skip: frozenset[str] = frozenset()) -> tuple[
        Callable[[str, str], str], Callable[[Callable[[str], None], dict[str, Any]], None]]:
    """What :func:`_attribute_writer` writes, without the dict of attributes per element:
    ``text(name, value)``, one text attribute written; ``put(add, properties)``, each
    property's written attribute handed to ``add`` (the page's ``list.append``), keys
    renamed by ``rename`` and ``skip`` left out. The same texts, in the same order, as
    ``_attribute_writer`` of ``_node_attributes`` / ``_edge_attributes`` when no two keys
    share a name (AttributePlan.clashes)."""
    value = plan.value
    kept: dict[str, dict[str, str]] = {name: {} for name in openers}
    slots: dict[str, tuple[str, str, dict[str, str], bool]] = {}

    def text(name: str, v: str) -> str:
        if len(v) > _SHORT:
            return openers[name] + xml_escape(v) + close
        known = kept[name]
        written = known.get(v)
        if written is None:
            written = openers[name] + xml_escape(v) + close
            if len(known) < _KEPT:
                known[v] = written
        return written

    def put(add: Callable[[str], None], raw: dict[str, Any]) -> None:
        for k, v in raw.items():
            if v is None:
                continue
            slot = slots.get(k)
            if slot is None:
                if k in skip:
                    continue
                name = rename.get(k, k)
                slot = slots[k] = (name, openers[name], kept[name], plan.types.get(name, str) is float)
            name, opener, known, as_float = slot
            kind = type(v)
            if kind is str:
                if len(v) > _SHORT:  # long texts are rarely repeated: not even hashed
                    add(opener + xml_escape(v) + close)
                    continue
                written = known.get(v)
                if written is None:
                    written = opener + xml_escape(v) + close
                    if len(known) < _KEPT:
                        known[v] = written
                add(written)
            # numbers as AttributePlan.value writes them, with nothing to escape in them
            elif kind is int:
                add(opener + (repr(float(v)) if as_float else str(v)) + close)
            elif kind is float:
                add(opener + repr(v) + close)
            else:
                add(opener + xml_escape(value(name, v)) + close)
    return text, put


def _graphml_parts(store: Store) -> Iterator[str]:
    # The pages are read from the start, the attribute types meanwhile; the file declares
    # the types first. Pages as the engine gives them, properties as read: toJSON's
    # whole-number floats (see _floats_back) are written as floats by the declared types.
    with ReadAhead(_graph_rows(store)) as pages:
        plan = AttributePlan.read(store)
        yield XML_HEAD
        yield ('<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
               'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
               'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
               'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
        # Keys get generated ids (d0, d1, …): a node key and an edge key may share a name, and
        # GraphML key ids must be unique.
        yield '  <key id="d0" for="graph" attr.name="name" attr.type="string"/>\n'
        ids: dict[tuple[str, str], str] = {}
        for domain, names in (("node", plan.node_keys), ("edge", plan.edge_keys)):
            for name in names:
                ids[(domain, name)] = key = f"d{len(ids) + 1}"
                yield (f'  <key id="{key}" for="{domain}" attr.name="{xml_escape(name)}" '
                       f'attr.type="{GRAPHML_TYPES[plan.types.get(name, str)]}"/>\n')
        yield '  <graph edgedefault="directed">\n    <data key="d0">policygraph</data>\n'
        openers = {domain: {name: f'<data key="{key}">' for (d, name), key in ids.items() if d == domain}
                   for domain in ("node", "edge")}
        write_nodes, write_edges = (_graphml_page_writers(plan, openers) if not any(plan.clashes.values())
                                    else _graphml_dict_writers(plan, openers))
        i = 0
        for kind, page in pages:
            if kind == "node":
                yield write_nodes(page)
            else:
                yield write_edges(page, i)
                i += len(page)
        yield "  </graph>\n</graphml>\n"


_PageWriters = tuple[Callable[[list[list[Any]]], str], Callable[[list[list[Any]], int], str]]


def _graphml_page_writers(plan: AttributePlan, openers: dict[str, dict[str, str]]) -> _PageWriters:
    """GraphML of a page of nodes and of a page of relationships (edge ids from ``i``), as
    the engine gives them (node_rows, edge_rows), each page one list of strings joined
    once. The attributes of :func:`_node_attributes` / :func:`_edge_attributes` in their
    order, written as :func:`_attribute_writer` writes them."""
    node_text, node_props = _attribute_appender(plan, openers["node"], "</data>", _NODE_RENAME, frozenset({"id"}))
    edge_text, edge_props = _attribute_appender(plan, openers["edge"], "</data>", _EDGE_RENAME)
    type_texts: dict[str, str] = {}  # a relationship type's label and relationship attributes

    def write_nodes(page: list[list[Any]]) -> str:
        out: list[str] = []
        add = out.append
        for _cursor, node_id, label, props in page:
            props = props or {}
            add(f'    <node id="{xml_escape(node_id)}">')
            add(node_text("label", node_name(label, props, node_id)))
            add(node_text("kind", label))
            if (d := _iso_date(props.get("date"))) is not None:
                add(node_text("start", d))
            node_props(add, props)
            add("</node>\n")
        return "".join(out)

    def write_edges(page: list[list[Any]], i: int) -> str:
        out: list[str] = []
        add = out.append
        for _kind, _anchor, _rel, from_id, to_id, rel_type, from_date, to_date, props in page:
            props = props or {}
            add(f'    <edge source="{xml_escape(str(from_id))}" target="{xml_escape(str(to_id))}" id="e{i}">')
            i += 1
            head = type_texts.get(rel_type)
            if head is None:
                head = type_texts[rel_type] = edge_text("label", rel_type) + edge_text("relationship", rel_type)
            add(head)
            start = edge_start(props, from_date, to_date)
            if start is not None:
                add(edge_text("start", start))
            edge_props(add, props)
            add("</edge>\n")
        return "".join(out)
    return write_nodes, write_edges


def _graphml_dict_writers(plan: AttributePlan, openers: dict[str, dict[str, str]]) -> _PageWriters:
    """As :func:`_graphml_page_writers`, through a dict of attributes per element (two keys
    under one name merge in it, as they always did)."""
    node_data = _attribute_writer(plan, openers["node"], "</data>")
    edge_data = _attribute_writer(plan, openers["edge"], "</data>")

    def write_nodes(page: list[list[Any]]) -> str:
        return "".join([f'    <node id="{xml_escape(node_id)}">'
                        f'{node_data(_node_attributes(node_id, label, props or {}))}</node>\n'
                        for _cursor, node_id, label, props in page])

    def write_edges(page: list[list[Any]], i: int) -> str:
        return "".join([f'    <edge source="{xml_escape(str(from_id))}" target="{xml_escape(str(to_id))}" '
                        f'id="e{j}">{edge_data(_edge_attributes(rel_type, from_date, to_date, props or {}))}'
                        '</edge>\n'
                        for j, (_kind, _anchor, _rel, from_id, to_id, rel_type, from_date, to_date, props)
                        in enumerate(page, i)])
    return write_nodes, write_edges


def graphml_chunks(store: Store) -> Iterator[str]:
    """GraphML as text chunks, written while the graph is read page by page."""
    _check_store(store)
    return _chunked(_graphml_parts(store))


def _gexf_parts(store: Store) -> Iterator[str]:
    with ReadAhead(_graph_rows(store)) as pages:  # as in _graphml_parts
        plan = AttributePlan.read(store)
        yield XML_HEAD
        yield ('<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
               'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" '
               'version="1.2">\n'
               '  <meta><creator>policygraph</creator></meta>\n'
               '  <graph defaultedgetype="directed" mode="dynamic" name="policygraph" timeformat="date">\n')
        # label and start are the elements' own attributes in GEXF (start for Gephi's timeline);
        # the rest are declared attvalues, numbered per class.
        own = {"label", "start"}
        ids: dict[tuple[str, str], str] = {}
        for cls, names in (("node", plan.node_keys), ("edge", plan.edge_keys)):
            yield f'    <attributes class="{cls}" mode="static">\n'
            for name in (n for n in names if n not in own):
                ids[(cls, name)] = key = str(sum(1 for c, _ in ids if c == cls))
                yield (f'      <attribute id="{key}" title="{xml_escape(name)}" '
                       f'type="{GEXF_TYPES[plan.types.get(name, str)]}"/>\n')
            yield "    </attributes>\n"

        openers = {cls: {name: f'<attvalue for="{key}" value="' for (c, name), key in ids.items() if c == cls}
                   for cls in ("node", "edge")}
        write_nodes, write_edges = (_gexf_page_writers(plan, openers) if not any(plan.clashes.values())
                                    else _gexf_dict_writers(plan, openers))
        yield "    <nodes>\n"
        between = "    </nodes>\n    <edges>\n"
        i = 0
        for kind, page in pages:
            if kind == "node":
                yield write_nodes(page)
                continue
            yield between + write_edges(page, i)
            between = ""
            i += len(page)
        yield between + "    </edges>\n  </graph>\n</gexf>\n"


def _gexf_page_writers(plan: AttributePlan, openers: dict[str, dict[str, str]]) -> _PageWriters:
    """GEXF of a page of nodes and of a page of relationships, as :func:`_graphml_page_writers`
    writes GraphML: label and start are the elements' own attributes, the rest attvalues."""
    node_text, node_props = _attribute_appender(plan, openers["node"], '"/>', _NODE_RENAME, frozenset({"id"}))
    edge_text, edge_props = _attribute_appender(plan, openers["edge"], '"/>', _EDGE_RENAME)
    type_texts: dict[str, tuple[str, str]] = {}  # a relationship type's label and relationship attvalue

    def write_nodes(page: list[list[Any]]) -> str:
        out: list[str] = []
        add = out.append
        for _cursor, node_id, label, props in page:
            props = props or {}
            start = _iso_date(props.get("date"))
            add(f'      <node id="{xml_escape(node_id)}" label="{xml_escape(node_name(label, props, node_id))}"'
                + (f' start="{start}"' if start else "") + "><attvalues>")
            add(node_text("kind", label))
            node_props(add, props)
            add("</attvalues></node>\n")
        return "".join(out)

    def write_edges(page: list[list[Any]], i: int) -> str:
        out: list[str] = []
        add = out.append
        for _kind, _anchor, _rel, from_id, to_id, rel_type, from_date, to_date, props in page:
            props = props or {}
            start = edge_start(props, from_date, to_date)
            add(f'      <edge id="e{i}" source="{xml_escape(str(from_id))}" target="{xml_escape(str(to_id))}"')
            i += 1
            texts = type_texts.get(rel_type)
            if texts is None:
                texts = type_texts[rel_type] = (f' label="{xml_escape(str(rel_type))}"',
                                                edge_text("relationship", rel_type))
            add(texts[0])
            add((f' start="{start}"' if start else "") + "><attvalues>")
            add(texts[1])
            edge_props(add, props)
            add("</attvalues></edge>\n")
        return "".join(out)
    return write_nodes, write_edges


def _gexf_dict_writers(plan: AttributePlan, openers: dict[str, dict[str, str]]) -> _PageWriters:
    """As :func:`_gexf_page_writers`, through a dict of attributes per element (two keys
    under one name merge in it, as they always did)."""
    attvalues = {cls: _attribute_writer(plan, openers[cls], '"/>') for cls in ("node", "edge")}

    def element(tag: str, head: str, attrs: dict[str, Any]) -> str:
        label = xml_escape(str(attrs.pop("label")))
        start = attrs.pop("start", None)
        return (f'      <{tag} {head} label="{label}"' + (f' start="{start}"' if start else "") + "><attvalues>"
                + attvalues[tag](attrs) + f"</attvalues></{tag}>\n")

    def write_nodes(page: list[list[Any]]) -> str:
        return "".join([element("node", f'id="{xml_escape(node_id)}"', _node_attributes(node_id, label, props or {}))
                        for _cursor, node_id, label, props in page])

    def write_edges(page: list[list[Any]], i: int) -> str:
        return "".join([element("edge", f'id="e{j}" source="{xml_escape(str(from_id))}" target="{xml_escape(str(to_id))}"',
                                _edge_attributes(rel_type, from_date, to_date, props or {}))
                        for j, (_kind, _anchor, _rel, from_id, to_id, rel_type, from_date, to_date, props)
                        in enumerate(page, i)])
    return write_nodes, write_edges


def gexf_chunks(store: Store) -> Iterator[str]:
    """GEXF 1.2 as text chunks: readable labels, the relationship type as an attribute,
    node and edge ``start`` dates (mode dynamic, timeformat date) for Gephi's timeline;
    written while the graph is read page by page."""
    _check_store(store)
    return _chunked(_gexf_parts(store))


def graphml(store: Store) -> str:
    return "".join(graphml_chunks(store))


def gexf(store: Store) -> str:
    return "".join(gexf_chunks(store))


def joined(deps: list[dict[str, Any]], key: str) -> str | None:
    return "、".join(str(d.get(key) or "") for d in deps) or None


def dept_lines(deps: list[dict[str, Any]]) -> str | None:
    return "|".join(dict.fromkeys(d.get("line") or "?" for d in deps)) or None


EVENTS_PAGE = 2000  # rows per page of the events table, about (one measure's rows are never split)


def event_pages(store: Store, *, rows: int | None = None) -> Iterator[list[dict[str, Any]]]:
    """The raw localisation rows, a few measures' worth at a time in the table's order
    (batch, measure, region, local measure): export_adopted_measures lists the measures
    with localisations and how many, and each page reads about ``rows`` of them."""
    rows = rows or EVENTS_PAGE
    ids: list[str] = []
    count = 0
    seen: set[str] = set()
    for m in store.read("export_adopted_measures"):
        if m["id"] in seen:  # a measure two batches promote is listed under each
            continue
        seen.add(m["id"])
        ids.append(m["id"])
        count += m["localisations"] or 0
        if count >= rows:
            yield store.read("export_adoption_events_page", {"ids": ids})
            ids, count = [], 0
    if ids:
        yield store.read("export_adoption_events_page", {"ids": ids})


def event_row(r: dict[str, Any]) -> dict[str, Any]:
    """One localisation as a row of the adoption table (see :func:`events`)."""
    a = r.get("adapts") or {}
    roles = split_roles(_json_value(r.get("departments")) or [])
    # the one rule (trace, path, timelines, the panel): the document's date, else the measure's
    adopted = adoption_date({"date": r.get("local_date")}, {"date": r.get("document_date")})
    leads, co = roles["lead"], roles["co"]
    rec = region_ref.get(r.get("region_id") or "")
    return {
        "region": r.get("region"),
        "region_id": r.get("region_id"),
        "region_level": r.get("region_level"),
        "parent_id": rec.parent_id if rec else None,
        "measure": f"{r['national_id']} {r.get('national_title') or ''}".strip(),
        "national_id": r["national_id"],
        "national_title": r.get("national_title"),
        "batch": r.get("batch"),
        "national_date": r.get("national_date"),
        "adoption_date": adopted,
        "lag_days": lag_days(r.get("national_date"), adopted),
        "status": r.get("local_status"),
        "lead_department": joined(leads, "name"),
        "lead_department_as_printed": joined(leads, "as_printed"),
        "lead_line": leads[0].get("line") if leads else None,
        "lead_rule": leads[0].get("rule") if leads else None,
        "co_departments": joined(co, "name"),
        "co_lines": dept_lines(co),
        "counterpart_or_shift": a.get("dept_relation"),
        "dept_reason": a.get("dept_reason"),
        "local_measure_id": r["local_id"],
        "local_title": r.get("local_title"),
        "document": r.get("document_title") or r.get("document_id"),
        "document_id": r.get("document_id"),
        "source_file": r.get("source_file"),
        "adapts_score": a.get("score"),
        "adapts_method": a.get("method"),
        "position_only": a.get("method") == POSITION_METHOD,
        "reuse_ratio": a.get("reuse_ratio"),
    }


def iter_events(store: Store) -> Iterator[dict[str, Any]]:
    """The adoption table's rows as they are read, a page at a time."""
    for page in read_ahead(event_pages(store)):
        for r in page:
            yield event_row(r)


def events(store: Store) -> list[dict[str, Any]]:
    """The adoption table: one row per localisation (ADAPTS edge). For event-history
    models with never-adopters and censoring use :mod:`policygraph.panel`.

    lag_days: local document date minus the national promotion date (blank when either
    is unknown: never invented). counterpart_or_shift: the relation linking computed
    (counterpart when the local lead continues ANY guiding department's line, shift when
    it is on none of them), dept_reason: why, in words."""
    return list(iter_events(store))


def csv_chunks(columns: Sequence[str], rows: Iterable[dict[str, Any]], *, bom: bool = False,
               every: int = 500) -> Iterator[str]:
    """CSV text in chunks of ``every`` rows: header first, None as empty, booleans as
    1/0 (what R, Stata and Excel read as numbers). ``bom``: start with a UTF-8 BOM."""
    buf = io.StringIO()
    if bom:
        buf.write(BOM)
    w = csv.DictWriter(buf, fieldnames=list(columns), lineterminator="\n", extrasaction="ignore")
    w.writeheader()
    for i, row in enumerate(rows, 1):
        w.writerow({k: "" if row.get(k) is None else int(row[k]) if isinstance(row[k], bool) else row[k]
                    for k in columns})
        if i % every == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def events_csv_chunks(store: Store, *, bom: bool = False) -> Iterator[str]:
    """The adoption table as CSV chunks, written as its pages are read."""
    return csv_chunks(EVENT_COLUMNS, iter_events(store), bom=bom)


def events_csv(store: Store, *, bom: bool = False) -> str:
    """The adoption table as CSV (UTF-8, header row, one row per localisation)."""
    return "".join(events_csv_chunks(store, bom=bom))


def whole_graph(store: Store) -> dict[str, Any]:
    """The whole graph as ``{"nodes": [{id, labels, properties}], "relationships": [{type,
    start, end, properties}]}`` in memory (PolicyGraph.export_json); the CLI and the API
    stream it instead (:func:`whole_graph_chunks`)."""
    return json.loads("".join(whole_graph_chunks(store)))


def _graph_items(store: Store, node: Callable[[str, str, dict[str, Any]], dict[str, Any]],
                 edge: Callable[[Any, Any, str, dict[str, Any]], dict[str, Any]],
                 head: str, between: str, tail: str, indent: str) -> Iterator[str]:
    """The whole graph as a JSON object of two arrays, one item a line: ``node(id, label,
    properties)`` for every node, then ``edge(from, to, type, properties)`` for every
    relationship, read page by page (the float keys, read meanwhile, get their floats back:
    see _floats_back)."""
    with ReadAhead(_graph_rows(store)) as pages:
        floats = float_keys(store)
        yield head
        first = True
        for kind, page in pages:
            if kind == "node":
                items = [node(node_id, label, _floats_back(props or {}, floats["node"]))
                         for _cursor, node_id, label, props in page]
            else:
                if between:
                    yield between
                    between, first = "", True
                items = [edge(from_id, to_id, rel_type, _floats_back(props or {}, floats["edge"]))
                         for _kind, _anchor, _rel, from_id, to_id, rel_type, _fd, _td, props in page]
            for item in items:
                yield ("\n" if first else ",\n") + indent + json.dumps(item, ensure_ascii=False, default=str)
                first = False
        yield between + tail


def whole_graph_chunks(store: Store) -> Iterator[str]:
    """``{"nodes": [{id, labels, properties}], "relationships": [{type, start, end,
    properties}]}`` as text chunks (one item a line), written while the graph is read."""
    _check_store(store)
    return _chunked(_graph_items(
        store, lambda i, label, props: {"id": i, "labels": [label], "properties": props},
        lambda a, b, t, props: {"type": t, "start": a, "end": b, "properties": props},
        '{"nodes": [', '\n],\n"relationships": [', "\n]}\n", " "))


def graph_json_chunks(store: Store) -> Iterator[str]:
    """The whole graph in /api/graph's browser shape, ``{nodes: [{id, label, properties}],
    edges: [{from, to, type, properties}]}``, as text chunks, so the graph page draws it like
    a subgraph; written while the graph is read."""
    _check_store(store)
    return _chunked(_graph_items(
        store, lambda i, label, props: {"id": i, "label": label, "properties": props},
        lambda a, b, t, props: {"from": a, "to": b, "type": t, "properties": props},
        '{"nodes": [', '],\n"edges": [', "]}", ""))


def read_queries() -> list[dict[str, Any]]:
    """Every public named query (``// access: public``, all reads) with its parameters and
    description (for ?query=)."""
    out = []
    for name in queries.public_names():
        q = queries.get(name, "neo4j")
        out.append({"name": name, "parameters": q.parameters, "description": q.description})
    return out


def internal_query_message(name: str) -> str:
    if name.startswith("export_"):
        return (f"Query {name!r} is internal to policygraph (the whole graph in one result); the whole graph "
                "is exported page by page by /api/export/json without query=, or as GraphML/GEXF.")
    return (f"Query {name!r} is internal to policygraph (writing, linking or load bookkeeping); "
            "only public read queries can be exported.")


def query_json(store: Store, name: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
    """Rows of one public named query with the given parameters. Internal queries (all
    writes, linking, load bookkeeping) are refused before anything runs; a missing
    parameter is a 422 naming it."""
    try:
        q = queries.get(name, store.backend)
    except KeyError:
        raise NotFoundError(f"No query named {name!r}.",
                            hint="GET /api/queries lists the named read queries and their parameters.") from None
    if q.access != "public":
        raise NotFoundError(internal_query_message(name),
                            hint="GET /api/queries lists the named read queries and their parameters.")
    params = dict(params or {})
    try:
        check_param_names({k: v for k, v in params.items() if k in q.parameters})
    except ValueError as e:
        raise BadInputError(f"Bad parameters for {name!r}: {e}.",
                            hint="Map keys inside params must be non-empty.") from None
    missing = [p for p in q.parameters if p not in params]
    if missing:
        raise BadInputError(f"Query {name!r} needs the parameter(s) {', '.join(missing)}.",
                            hint='Pass them as params={"' + missing[0] + '": …} (JSON), or as ?'
                                 + missing[0] + '=… for text values.')
    unknown = [p for p in params if p not in q.parameters]
    for p in unknown:
        params.pop(p)
    rows = store.read(name, params)
    return {"query": name, "parameters": params, "ignored": unknown, "count": len(rows), "rows": rows}


FORMATS = ("graphml", "gexf", "csv", "panel", "json")


def render_chunks(store: Store, fmt: str, *, bom: bool = False, **panel_options: Any) -> Iterator[str]:
    """One export as text chunks: graphml, gexf, csv (the adoption table), panel (the
    event-history panel; ``panel_options``: batch, censor, unloaded) or json (the whole
    graph). ``bom`` starts the CSV formats with a UTF-8 BOM (Excel)."""
    if fmt == "graphml":
        return graphml_chunks(store)
    if fmt == "gexf":
        return gexf_chunks(store)
    if fmt == "csv":
        return events_csv_chunks(store, bom=bom)
    if fmt == "panel":
        from policygraph import panel

        return panel.csv_chunks(store, bom=bom, **panel_options)
    if fmt == "json":
        return whole_graph_chunks(store)
    raise BadInputError(f"Unknown export format {fmt!r}.", hint=f"Use one of {', '.join(FORMATS)}.")


def render(store: Store, fmt: str, *, bom: bool = False, **panel_options: Any) -> str:
    """One export as text, for the CLI (``policygraph export --format …``)."""
    return "".join(render_chunks(store, fmt, bom=bom, **panel_options))
