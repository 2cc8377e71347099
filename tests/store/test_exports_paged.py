"""The whole-graph exports read the graph in pages (issue 10): small pages give back every
node and relationship exactly once, the events table keeps its rows and order, the writers
escape what XML cannot hold, and an export abandoned part-way stops reading the store."""

from __future__ import annotations

import asyncio
import csv
import gc
import io
import json
import threading
import time
import xml.etree.ElementTree as ET
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import networkx as nx
import pytest

from policygraph import exports

pytestmark = pytest.mark.store


def _edge_key(e: dict) -> tuple:
    return (e["type"], e["from_id"], e["to_id"], json.dumps(e["properties"] or {}, sort_keys=True, default=str))


@pytest.mark.parametrize("limit", [1, 7, 50])
def test_small_pages_give_every_node_once(loaded_store, limit):
    whole = Counter((r["id"], r["label"]) for r in loaded_store.read("export_nodes"))
    paged = Counter((n["id"], n["label"]) for page in exports.node_pages(loaded_store, limit=limit) for n in page)
    assert paged == whole and len(whole) > 100
    props = {r["id"]: r["properties"] for r in loaded_store.read("export_nodes")}
    assert all(n["properties"] == props[n["id"]] for n in exports.nodes(loaded_store))


@pytest.mark.parametrize("limit", [1, 7, 50])
def test_small_pages_give_every_relationship_once(loaded_store, limit):
    whole = Counter(_edge_key(r) for r in loaded_store.read("export_edges"))
    pages = list(exports.edge_pages(loaded_store, limit=limit))
    paged = Counter(_edge_key(e) for page in pages for e in page)
    assert paged == whole and len(whole) > 500
    # anchored at the low-degree end: a page of `limit` anchors holds a bounded number of
    # relationships, not a department's or a region's every one
    biggest = max(len(p) for p in pages)
    assert biggest <= 60 * limit


def test_events_pages_keep_rows_and_order(loaded_store):
    whole = exports.events(loaded_store)
    small = [exports.event_row(r) for page in exports.event_pages(loaded_store, rows=3) for r in page]
    assert small == whole and len(whole) == len([e for e in loaded_store.read("export_edges")
                                                 if e["type"] == "ADAPTS"])
    order = [(r["batch"] if r["batch"] is not None else 99, r["national_id"]) for r in whole]
    assert order == sorted(order)


def test_json_export_streams_the_whole_graph(loaded_store):
    text = "".join(exports.render_chunks(loaded_store, "json"))
    body = json.loads(text)
    assert len(body["nodes"]) == len(loaded_store.read("export_nodes"))
    assert len(body["relationships"]) == len(loaded_store.read("export_edges"))
    browser = json.loads("".join(exports.graph_json_chunks(loaded_store)))
    assert len(browser["edges"]) == len(body["relationships"])
    assert {"from", "to", "type", "properties"} == set(browser["edges"][0])


def test_xml_escape_keeps_what_xml_can_hold_and_replaces_the_rest():
    hostile = 'a&b<c>"d"\n\r\te\x00f\x1fg\ufffe科技'
    escaped = exports.xml_escape(hostile)
    root = ET.fromstring(f'<x a="{escaped}">{escaped}</x>')
    want = 'a&b<c>"d"\n\r\te\ufffdf\ufffdg\ufffd科技'
    assert root.get("a") == want and root.text == want


def test_graphml_of_hostile_properties_parses(loaded_store, monkeypatch):
    """A property holding control characters and markup still gives a file networkx reads."""
    real = exports.node_rows

    def pages(store, **kw):
        for page in real(store, **kw):
            for n in page:
                if n[1] == "440000":
                    n[3] = {**n[3], "name": "广东<省>&\x01\"x\""}
            yield page

    monkeypatch.setattr(exports, "node_rows", pages)
    g = nx.read_graphml(io.StringIO(exports.graphml(loaded_store)))
    assert g.nodes["440000"]["label"] == "广东<省>&\ufffd\"x\""


class _CountingStore:
    def __init__(self, store, delay: float = 0.0) -> None:
        self.store, self.delay, self.reads = store, delay, 0
        self.backend = store.backend

    def read(self, name, params=None, **kw):
        self.reads += 1
        time.sleep(self.delay)
        return self.store.read(name, params, **kw)


def _readers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "export-read-ahead"]


def test_an_abandoned_export_stops_reading(loaded_store, monkeypatch):
    monkeypatch.setattr(exports, "NODE_PAGE", 5)
    monkeypatch.setattr(exports, "ANCHOR_PAGE", 5)
    monkeypatch.setattr(exports, "PAGE_BYTES", 256)
    full = _CountingStore(loaded_store)
    all_chunks = list(exports.gexf_chunks(full))
    assert full.reads > 50

    counting = _CountingStore(loaded_store, delay=0.01)
    chunks = exports.gexf_chunks(counting)
    first = [next(chunks) for _ in range(3)]
    assert "".join(first) == "".join(all_chunks)[:len("".join(first))]
    chunks.close()  # what the API does when the client goes away
    after_close = counting.reads
    time.sleep(0.3)
    assert counting.reads == after_close  # no page is read after the close
    assert after_close < full.reads / 4
    assert not _readers()


def test_api_closes_the_export_when_the_response_is_dropped(loaded_store, monkeypatch):
    """The route's streaming body closes the export generator (and gives the gate's place
    back) when the response stops part-way, as when a client disconnects."""
    from api import routes
    from api.limits import Gate

    monkeypatch.setattr(exports, "NODE_PAGE", 5)
    monkeypatch.setattr(exports, "ANCHOR_PAGE", 5)
    monkeypatch.setattr(exports, "PAGE_BYTES", 256)
    counting = _CountingStore(loaded_store, delay=0.01)
    gate = Gate("exports", 1, 5)
    response = routes._stream_file(gate, lambda: exports.graphml_chunks(counting), "application/xml", "x.graphml")

    async def take_two(it) -> None:
        await it.__anext__()
        await it.__anext__()
        await it.aclose()

    # In its own thread: a test run earlier in the session (Playwright's sync API) can
    # leave an event loop marked running in this one, and asyncio.run refuses to nest.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, take_two(response.body_iterator)).result()  # re-raises its errors
    # The stream's aclose closed the export itself: its reads ended before aclose returned, not
    # whenever the garbage collector came by (CI saw one more read after a gc.collect()).
    reads = counting.reads
    assert not _readers()
    del response
    gc.collect()
    time.sleep(0.3)
    assert counting.reads == reads and not _readers()
    gate.acquire()  # the place was given back
    gate.release()


def test_events_csv_streams_in_pages(loaded_store, monkeypatch):
    monkeypatch.setattr(exports, "EVENTS_PAGE", 4)
    counting = _CountingStore(loaded_store)
    rows = list(csv.DictReader(io.StringIO(exports.events_csv(counting))))
    assert len(rows) == len(exports.events(loaded_store)) and counting.reads > 3
