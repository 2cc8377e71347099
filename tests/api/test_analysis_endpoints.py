"""Timeline and diffusion-analysis endpoints over the linked samples."""

N = "国办发〔2020〕3号"


def test_timeline_of_a_national_measure_by_wording(client):
    r = client.get("/api/timeline", params={"measure": "通用通兑"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["national"]["id"] == f"{N}/2"
    regions = {a["region"]["id"] for a in body["adoptions"]}
    assert {"440000", "130100"} <= regions
    # Neither plan prints a date: the lag is unknown, never invented.
    assert all(a["lag_days"] is None for a in body["adoptions"])


def test_analysis_of_batch_3(client):
    r = client.get("/api/analysis", params={"batch": 3})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["national_measures"] == 20
    assert body["regions_by_level"] == {"city": 1, "province": 1}
    m2 = next(m for m in body["measures"] if m["id"] == f"{N}/2")
    assert m2["reach"] == 2 and m2["reach_by_level"] == {"city": 1, "province": 1}


def test_analysis_and_timeline_bad_parameters(client):
    assert client.get("/api/analysis", params={"batch": 3, "measure": "通用通兑"}).status_code == 422
    assert client.get("/api/analysis", params={"batch": "x"}).status_code == 422
    assert client.get("/api/timeline", params={"measure": "完全不存在的措施名称乙丙丁"}).status_code == 404
    assert client.get("/api/timeline").status_code == 422


def test_timeline_follows_a_local_measure_to_its_national_measure(client):
    """As trace and path do: a local measure's timeline is its national measure's (200, not 404)."""
    local = "file:hebei-city-third-batch-tasks/12"
    r = client.get("/api/timeline", params={"measure": local})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["national"]["id"] == f"{N}/12"
    assert local in {a["local_measure"]["id"] for a in body["adoptions"]}
    assert body["resolved"]["id"] == f"{N}/12" and local in body["resolved"]["how"]
