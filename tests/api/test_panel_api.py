"""/api/export/panel.csv and its dictionary (issue 11.1)."""

from __future__ import annotations

import csv
import io

import pytest

from policygraph import panel

pytestmark = [pytest.mark.api, pytest.mark.store]


def test_panel_csv_streams_with_options(client):
    r = client.get("/api/export/panel.csv", params={"censor": "2021-06-30", "unloaded": "provinces", "bom": "true"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    text = r.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert tuple(rows[0]) == panel.COLUMN_NAMES
    assert {r["censor_date"] for r in rows} == {"2021-06-30"} and {r["censor_method"] for r in rows} == {"user"}
    assert any(r["observation"] == "no-document" for r in rows)
    plain = client.get("/api/export/panel.csv").content.decode("utf-8")
    assert not plain.startswith("\ufeff") and "no-document" not in plain


def test_panel_csv_bad_input(client):
    r = client.get("/api/export/panel.csv", params={"censor": "30/06/2021"})
    assert r.status_code == 422 and r.json()["error"]
    assert client.get("/api/export/panel.csv", params={"batch": 9}).status_code == 404
    assert client.get("/api/export/panel.csv", params={"unloaded": "x"}).status_code == 422


def test_panel_dictionary(client):
    body = client.get("/api/export/panel/dictionary").json()
    assert [c["name"] for c in body["columns"]] == list(panel.COLUMN_NAMES)
    assert all(c["type"] and c["description"] for c in body["columns"])


def test_every_page_offers_the_panel_and_says_what_events_csv_is(client):
    """The footer is where a researcher looks for data: the panel (never-adopters, censoring) must
    be there, and events.csv must not be sold as the event-history table (adopters only)."""
    html = client.get("/").text
    footer = html[html.index('id="downloads"'):]
    assert 'href="/api/export/panel.csv"' in footer and 'href="/api/export/panel/dictionary"' in footer
    assert 'href="/api/network/diffusion?format=csv"' in footer
    assert "仅含已采纳的地区" in footer and "适合事件史分析" not in footer
    assert "(downloads)" not in footer
