"""GET /api/network/diffusion over the samples (issue 11.2)."""

from __future__ import annotations

import io

import networkx as nx
import pytest

pytestmark = [pytest.mark.api, pytest.mark.store]


def test_diffusion_network_json_reports_inputs_and_method(client):
    r = client.get("/api/network/diffusion")
    assert r.status_code == 200
    body = r.json()
    assert body["method"] == "netinf-exponential"
    # The samples' batch-3 plans print no date: nothing can be ordered, so no tie is
    # inferred and the answer says why.
    assert body["edges"] == []
    assert body["inputs"]["skipped_undated"] > 0 and body["inputs"]["adoptions_used"] == 0


def test_diffusion_network_formats_and_errors(client):
    r = client.get("/api/network/diffusion", params={"format": "graphml"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/graphml+xml")
    nx.read_graphml(io.BytesIO(r.content))
    r = client.get("/api/network/diffusion", params={"format": "csv"})
    assert r.status_code == 200 and r.text.startswith("source,source_name,target")
    assert client.get("/api/network/diffusion", params={"batch": 9}).status_code == 404
    assert client.get("/api/network/diffusion", params={"ties": 0}).status_code == 422
