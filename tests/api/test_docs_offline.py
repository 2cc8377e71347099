"""/docs must work with no network: FastAPI's default page loads Swagger UI from a CDN."""

import re


def test_docs_page_uses_only_local_assets(client):
    r = client.get("/docs")
    assert r.status_code == 200
    assets = re.findall(r"""(?:src|href)=["']([^"']+)["']""", r.text) + re.findall(r"url: ?'([^']+)'", r.text)
    assert assets, "the docs page should reference its script and stylesheet"
    assert not [a for a in assets if a.startswith(("http://", "https://", "//"))], assets
    for asset in assets:
        if asset.startswith("/static/"):
            assert client.get(asset).status_code == 200, asset


def test_redoc_is_not_served_from_a_cdn(client):
    assert client.get("/redoc").status_code == 404
