"""The questions users ask, answered over the five real samples through the HTTP API.

Expected leads are read from the sample texts here in the test (the closing parentheses
of each Guangdong item, the 责任部门 column of the city list), not from the extraction,
so a wrong extraction or a wrong link fails these tests.
"""

from __future__ import annotations

import re

import pytest

from base.config import SAMPLES_DIR

pytestmark = [pytest.mark.api, pytest.mark.store]

GD_DOC = "file:guangdong-third-batch-plan"
HB_DOC = "file:hebei-city-third-batch-tasks"
N = "国办发〔2020〕3号"
CN_NUM = "一二三四五六七八九十"


def _cn(s: str) -> int:
    """一..十九 -> 1..19 (the Guangdong plan numbers items （一）…（十）)."""
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + CN_NUM.index(s[1]) + 1
    return CN_NUM.index(s) + 1


def guangdong_items() -> list[tuple[str, str, str]]:
    """(key, title, first printed department) for every item of the Guangdong plan,
    straight from the text: section 一/二, （n） item, title = first sentence, departments
    in the closing parentheses, the first one leads (排在首位的部门为牵头单位)."""
    text = (SAMPLES_DIR / "guangdong-third-batch-plan.txt").read_text(encoding="utf-8")
    out, section = [], None
    for line in text.splitlines():
        s = line.strip()
        m = re.match(r"^([一二三四五六七八九十])、", s)
        if m:
            section = m.group(1)
            continue
        m = re.match(r"^（([一二三四五六七八九十]+)）(.+)$", s)
        if m and section in ("一", "二"):
            body = m.group(2)
            title = body.split("。", 1)[0]
            deps = re.search(r"（([^（）]*)）\s*$", body)
            assert deps, f"no closing departments in item {section}.{m.group(1)}"
            first = re.split(r"[、，,]", deps.group(1))[0].strip()
            out.append((f"{section}.{_cn(m.group(1))}", title, first))
    return out


def hebei_items() -> list[tuple[str, str, str]]:
    """(key, title, first 责任部门) for the titled rows of the city's task list."""
    text = (SAMPLES_DIR / "hebei-city-third-batch-tasks.txt").read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        cells = line.split("\t")
        if len(cells) >= 4 and cells[0].strip().isdigit() and cells[1].strip():
            out.append((cells[0].strip(), cells[1].strip(), re.split(r"[、，,]", cells[3])[0].strip()))
    return out


GD = guangdong_items()
HB = hebei_items()


def test_sample_parsing_in_this_test_is_sane():
    assert len(GD) == 16 and GD[0][0] == "一.1" and GD[-1][0] == "二.6"
    assert ("二.1", GD[10][1], "广东银保监局") == GD[10]
    assert len(HB) == 16 and HB[11][0] == "12" and HB[11][2] == "正定海关"


def _lead_of(body: dict, local_id: str) -> dict:
    answers = [a for a in body["answers"] if a["measure"]["id"] == local_id]
    assert answers, f"{local_id} not among answers {[a['measure']['id'] for a in body['answers']]}"
    return answers[0]


# ------------------------------------------------------------------------- who leads


@pytest.mark.parametrize(("measure", "printed", "canonical", "national"), [
    ("科技创新券 通用通兑", "省科技厅", "广东省科学技术厅", f"{N}/2"),
    ("特殊物品 一站式", "海关总署广东分署", "海关总署广东分署", f"{N}/12"),
    (f"{N}/1", "广东银保监局", None, f"{N}/1"),
])
def test_who_leads_in_guangdong_pinned(client, measure, printed, canonical, national):
    r = client.get("/api/who-leads", params={"measure": measure, "region": "广东"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["measure"]["id"] == national  # wording resolves to the national measure first
    assert body["measure"]["level"] == "national"
    assert body["region"]["id"] == "440000"
    a = body["answers"][0]
    assert a["via"] == "adapts"
    assert a["lead"][0]["as_printed"] == printed
    if canonical:
        assert a["lead"][0]["canonical"] == canonical
    assert a["rule"] == "stated-first-leads" and not a["presumed_lead"] and not a["shared_lead"]
    assert a["adapts"]["national_id"] == national and a["adapts"]["score"] > 0
    assert a["document"]["id"] == GD_DOC and a["document"]["source_file"].endswith("guangdong-third-batch-plan.txt")
    assert a["measure"]["document_id"] == GD_DOC


def test_who_leads_key_in_region(client):
    # 二.1 is the key as printed in the Guangdong plan (section 二, item 1)
    body = client.get("/api/who-leads", params={"measure": "二.1", "region": "广东省"}).json()
    assert body["resolution"]["method"] == "key"
    a = _lead_of(body, f"{GD_DOC}/二.1")
    assert a["via"] == "self"
    assert a["lead"][0]["as_printed"] == "广东银保监局"
    assert [d["as_printed"] for d in a["co"]] == ["人民银行广州分行", "省科技厅"]
    assert a["adapts"]["national_id"] == f"{N}/1"


@pytest.mark.parametrize(("key", "title", "printed"), GD, ids=[g[0] for g in GD])
def test_who_leads_every_guangdong_item(client, key, title, printed):
    local_id = f"{GD_DOC}/{key}"
    # via the wording of its own title
    body = client.get("/api/who-leads", params={"measure": title, "region": "广东"}).json()
    assert _lead_of(body, local_id)["lead"][0]["as_printed"] == printed
    # via the national id it adapts
    detail = client.get(f"/api/measures/{local_id}").json()
    assert detail["adapts"], f"{local_id} is linked to no national measure"
    national = detail["adapts"][0]["id"]
    body = client.get("/api/who-leads", params={"measure": national, "region": "广东"}).json()
    a = _lead_of(body, local_id)
    assert a["via"] == "adapts" and a["lead"][0]["as_printed"] == printed
    assert a["document"]["id"] == GD_DOC


@pytest.mark.parametrize(("key", "title", "printed"), HB, ids=[h[0] for h in HB])
def test_who_leads_every_hebei_city_item(client, key, title, printed):
    body = client.get("/api/who-leads", params={"measure": f"{N}/{key}", "region": "石家庄"}).json()
    a = _lead_of(body, f"{HB_DOC}/{key}")
    assert a["lead"][0]["as_printed"] == printed
    # the city's list states no rule: the first-listed lead is presumed, and says so
    assert a["rule"] == "presumed-first-listed" and a["presumed_lead"] is True
    assert "presumed" in a["statement"]


@pytest.mark.parametrize("region", ["石家庄", "石家庄市", "130100", "河北", "河北省", "130000"])
def test_who_leads_measure_12_in_hebei(client, region):
    """A province includes its cities (PART_OF): 河北 answers with 石家庄's item."""
    body = client.get("/api/who-leads", params={"measure": f"{N}/12", "region": region}).json()
    a = _lead_of(body, f"{HB_DOC}/12")
    assert a["lead"][0]["as_printed"] == "正定海关"
    assert a["region"]["id"] == "130100"
    assert a["adapts"]["national_id"] == f"{N}/12"
    if region.startswith("河北") or region == "130000":
        assert "130100" in body["region"]["includes"]


def test_who_leads_bare_number_is_the_national_measure_of_the_latest_batch(client):
    # One rule everywhere (issue 11.6): 12 is national measure 12 of the latest batch,
    # never a local item 12 of whichever region is asked about; the answer says so.
    body = client.get("/api/who-leads", params={"measure": "12", "region": "石家庄"}).json()
    assert body["resolution"]["method"] == "number"
    assert body["resolved"]["id"] == f"{N}/12" and "batch 3" in body["resolved"]["how"]
    assert body["resolution"]["resolved"] == body["resolved"]
    a = _lead_of(body, f"{HB_DOC}/12")
    assert a["via"] == "adapts" and a["lead"][0]["as_printed"] == "正定海关"
    for path in ("/api/trace", "/api/path"):
        got = client.get(path, params={"measure": "12"}).json()
        assert got["resolved"]["id"] == f"{N}/12" and got["resolution"]["method"] == "number"
    assert client.get("/api/measures/12").json()["resolved"]["id"] == f"{N}/12"


def test_who_leads_local_measure_elsewhere_goes_through_national(client):
    body = client.get("/api/who-leads", params={"measure": f"{GD_DOC}/一.9", "region": "河北"}).json()
    a = _lead_of(body, f"{HB_DOC}/12")
    assert a["via"] == "via-national" and a["lead"][0]["as_printed"] == "正定海关"


def test_who_leads_not_localised_is_empty_with_note(client):
    # 吉林 plans batch 2; batch 3's measure 2 has no localisation there
    r = client.get("/api/who-leads", params={"measure": f"{N}/2", "region": "吉林"})
    assert r.status_code == 200
    body = r.json()
    assert body["answers"] == [] and "吉林省" in body["note"]


def test_who_leads_shared_names_all_sharing(client):
    """Gansu's items say A、B等…按职责分工负责: no single lead, all sharing are named."""
    doc = client.get("/api/documents/file:gansu-2018-innovation-plan").json()
    shared = []
    for m in doc["measures"]:
        d = client.get(f"/api/measures/{m['id']}").json()
        if d["responsibility"]["shared_lead"]:
            shared.append(d)
    assert shared, "the Gansu plan has 按职责分工负责 items"
    for d in shared:
        resp = d["responsibility"]
        assert resp["rule"] == "stated-shared"
        assert len(resp["lead"]) == len([x for x in d["departments"] if x["role"] == "shared"]) >= 1
        assert resp["statement"].startswith("shared by")


# ------------------------------------------------------------------------- search


@pytest.mark.parametrize("q", ["科技创新券", "通用通兑", "科技创新券 通用通兑", "“通用通兑”"])
def test_search_national_first(client, q):
    body = client.get("/api/measures", params={"q": q}).json()
    top = body["items"][0]
    assert top["id"] == f"{N}/2" and top["level"] == "national"
    assert top["localisations"] == 2  # Guangdong and the Hebei city
    ids = [h["id"] for h in body["items"]]
    assert f"{GD_DOC}/一.1" in ids and f"{HB_DOC}/2" in ids


def test_search_by_id_and_paging(client):
    body = client.get("/api/measures", params={"q": f"{N}/12"}).json()
    assert body["items"][0]["id"] == f"{N}/12" and body["items"][0]["matched"] == "id"
    page1 = client.get("/api/measures", params={"level": "national", "limit": 5, "offset": 0}).json()
    page2 = client.get("/api/measures", params={"level": "national", "limit": 5, "offset": 5}).json()
    assert page1["total"] == page2["total"] >= 20
    assert len(page1["items"]) == 5 and not {i["id"] for i in page1["items"]} & {i["id"] for i in page2["items"]}
    assert all(i["level"] == "national" for i in page1["items"] + page2["items"])


# ------------------------------------------------------------------------- trace, path


def test_trace_national_2(client):
    body = client.get("/api/trace", params={"measure": f"{N}/2"}).json()
    assert body["measure"]["id"] == f"{N}/2" and body["measure"]["batch"] == 3
    locs = {loc["measure"]["id"]: loc for loc in body["localisations"]}
    assert set(locs) >= {f"{GD_DOC}/一.1", f"{HB_DOC}/2"}
    gd, hb = locs[f"{GD_DOC}/一.1"], locs[f"{HB_DOC}/2"]
    assert gd["region"]["id"] == "440000" and gd["level"] == "provincial"
    assert hb["region"]["id"] == "130100" and hb["level"] == "municipal"
    assert hb["parent_region"]["id"] == "130000"
    assert gd["lead"][0]["as_printed"] == "省科技厅" and gd["lead"][0]["canonical"] == "广东省科学技术厅"
    assert [d["as_printed"] for d in gd["co"]] == ["省财政厅", "省发展改革委"]
    assert gd["adapts"]["score"] > 0 and gd["adapts"]["method"]
    d = gd["diff"]
    assert d["kept"] and d["added"] and 0 < d["reuse_ratio"] <= 1
    for k in d["kept"]:  # offsets point into the texts returned
        assert d["local_text"][k["local_start"]:k["local_end"]] == k["text"]
    # the plans are undated: lag is unknown, never invented
    assert gd["date"] is None and gd["lag_days"] is None
    assert body["counts"]["total"] == len(body["localisations"])


def test_trace_from_wording_and_from_local(client):
    a = client.get("/api/trace", params={"measure": "特殊物品 一站式", "diff": "false"}).json()
    assert a["measure"]["id"] == f"{N}/12" and all(x["diff"] is None for x in a["localisations"])
    b = client.get("/api/trace", params={"measure": f"{HB_DOC}/12", "diff": "false"}).json()
    assert b["measure"]["id"] == f"{N}/12" and b["resolution"]["followed_from"] == f"{HB_DOC}/12"


def test_trace_pages_localisations_but_counts_all(client):
    whole = client.get("/api/trace", params={"measure": f"{N}/2", "diff": "false"}).json()
    total = whole["counts"]["total"]
    assert total == len(whole["localisations"]) >= 2
    ids = [loc["measure"]["id"] for loc in whole["localisations"]]
    first = client.get("/api/trace", params={"measure": f"{N}/2", "limit": 1}).json()
    rest = client.get("/api/trace", params={"measure": f"{N}/2", "limit": 1000, "offset": 1, "diff": "false"}).json()
    assert [loc["measure"]["id"] for loc in first["localisations"]] == ids[:1]
    assert first["localisations"][0]["diff"]["reuse_ratio"] > 0
    assert [loc["measure"]["id"] for loc in rest["localisations"]] == ids[1:]
    for page in (first, rest):
        assert {k: page["counts"][k] for k in ("total", "by_level", "regions")} == \
            {k: whole["counts"][k] for k in ("total", "by_level", "regions")}
    assert first["page"] == {"limit": 1, "offset": 0, "next_offset": 1}  # where the next page starts
    assert rest["page"]["next_offset"] is None and whole["page"] is None
    assert client.get("/api/trace", params={"measure": f"{N}/2", "limit": 0}).status_code == 422
    assert client.get("/api/trace", params={"measure": f"{N}/2", "offset": -1}).status_code == 422


def test_path_national_2(client):
    body = client.get("/api/path", params={"measure": f"{N}/2"}).json()
    tree = body["tree"]
    assert tree["region"]["id"] == "100000" and tree["adopted"] and tree["date"] == "2020-01-23"
    children = {c["region"]["id"]: c for c in tree["children"]}
    assert children["440000"]["adopted"] is True
    assert children["440000"]["measures"][0]["id"] == f"{GD_DOC}/一.1"
    hebei = children["130000"]  # the province did not localise it (not loaded): placeholder
    assert hebei["adopted"] is False
    city = hebei["children"][0]
    assert city["region"]["id"] == "130100" and city["adopted"] is True
    assert city["measures"][0]["id"] == f"{HB_DOC}/2"
    steps = {(s["from"], s["to"]) for s in body["steps"]}
    assert {("100000", "440000"), ("100000", "130000"), ("130000", "130100")} <= steps
    assert body["regions"] == 2


# ------------------------------------------------------------------------- profiles


def test_region_profile_guangdong(client):
    body = client.get("/api/regions/广东").json()
    assert body["region"]["id"] == "440000"
    assert len(body["measures"]) == 16 and body["counts"]["adopted"] == 16
    b3 = next(b for b in body["batches"] if b["batch"] == 3)
    # 17 of batch 3's 20 are adopted? Guangdong adapts 16 titled measures: 4 count-only are not
    assert len(b3["adopted"]) + len(b3["not_adopted"]) == 20
    assert {m["id"] for m in b3["not_adopted"]} >= {f"{N}/17", f"{N}/18", f"{N}/19", f"{N}/20"}
    leads = {d["name"]: d for d in body["departments"]}
    assert leads["广东省科学技术厅"]["leads"] >= 7


def test_region_profile_hebei_lists_city_below(client):
    body = client.get("/api/regions/130000").json()
    assert [b["id"] for b in body["below"]] == ["130100"]
    assert body["below"][0]["measure_count"] == 20 and body["counts"]["below"] == 20
    # the city's own profile lists them
    city = client.get("/api/regions/130100?limit=500").json()
    assert city["counts"]["measures"] == 20 and len(city["measures"]) == 20


def test_region_profile_pages_its_own_measures(client):
    whole = client.get("/api/regions/440000?limit=500").json()
    n = whole["counts"]["measures"]
    assert len(whole["measures"]) == n and whole["page"]["next_offset"] is None
    first = client.get("/api/regions/440000?limit=3").json()
    assert [m["id"] for m in first["measures"]] == [m["id"] for m in whole["measures"][:3]]
    assert first["counts"] == whole["counts"] and first["page"] == {"limit": 3, "offset": 0, "next_offset": 3}
    nxt = client.get("/api/regions/440000?limit=3&offset=3").json()
    assert [m["id"] for m in nxt["measures"]] == [m["id"] for m in whole["measures"][3:6]]
    assert whole["below"] == first["below"]


def test_measure_profile_pages_adapted_by(client):
    whole = client.get("/api/measures/国办发〔2020〕3号%2F2?limit=500").json()
    c = whole["adapted_by_counts"]
    assert c["total"] == len(whole["adapted_by"]) == sum(c["by_level"].values()) >= 2
    assert c["regions"] == len({a["region_id"] for a in whole["adapted_by"]})
    levels = [a["level"] for a in whole["adapted_by"]]
    assert levels == sorted(levels, key=lambda lv: {"provincial": 0, "municipal": 1}.get(lv, 2))  # provinces first
    one = client.get("/api/measures/国办发〔2020〕3号%2F2?limit=1&offset=1").json()
    assert one["adapted_by"] == whole["adapted_by"][1:2] and one["adapted_by_counts"] == c
    assert one["adapted_by_page"]["next_offset"] == (2 if c["total"] > 2 else None)


def test_path_and_timeline_pages(client):
    whole = client.get("/api/path?measure=国办发〔2020〕3号/2&limit=100").json()
    assert whole["counts"]["branches"] == len(whole["tree"]["children"]) and whole["page"]["next_offset"] is None
    assert whole["counts"]["regions"] == whole["regions"]
    one = client.get("/api/path?measure=国办发〔2020〕3号/2&limit=1&offset=1").json()
    assert one["counts"] == whole["counts"]
    assert [b["region"]["id"] for b in one["tree"]["children"]] == [b["region"]["id"]
                                                                     for b in whole["tree"]["children"][1:2]]
    branch = one["tree"]["children"][0]
    assert branch["measure_count"] >= len(branch["measures"])
    assert {s["to"] for s in one["steps"]} == {branch["region"]["id"]} | {c["region"]["id"] for c in branch["children"]}
    tl = client.get("/api/timeline?measure=国办发〔2020〕3号/2&limit=500").json()
    assert tl["summary"]["adoptions"] == len(tl["adoptions"]) and tl["page"]["next_offset"] is None
    page = client.get("/api/timeline?measure=国办发〔2020〕3号/2&limit=1&offset=1").json()
    assert page["summary"] == tl["summary"] and page["adoptions"] == tl["adoptions"][1:2]


def test_document_pages_cited_by(client):
    whole = client.get("/api/documents/国办发〔2020〕3号?limit=500").json()
    n = whole["cited_by_count"]
    assert n == len(whole["cited_by"]) >= 1
    one = client.get("/api/documents/国办发〔2020〕3号?limit=1").json()
    assert one["cited_by"] == whole["cited_by"][:1] and one["cited_by_count"] == n
    assert one["cited_by_page"] == {"limit": 1, "offset": 0, "next_offset": 1 if n > 1 else None}
    assert client.get("/api/documents/国办发〔2020〕3号?offset=500").json()["cited_by"] == []
    assert one["measures"] == whole["measures"]  # a document's own measures are never paged


def test_department_profile_and_counterparts(client):
    body = client.get("/api/departments/440000/广东省科学技术厅").json()
    assert body["department"]["name"] == "广东省科学技术厅" and "省科技厅" in body["department"]["printed_names"]
    assert body["counts"]["by_role"]["lead"] >= 7
    # each measure names its region (the page shows 广东省, not 440000)
    assert {m["region"]["name"] for m in body["measures"]} == {"广东省"}
    rel = {c["id"]: c["relation"] for c in body["counterparts"]}
    assert any(k.startswith("130100/") for k in rel)  # 石家庄市科学技术局: same line, other region
    assert all(c["line"] == "科技" for c in body["counterparts"])
    assert body["counterpart_counts"]["total"] == sum(body["counterpart_counts"]["by_relation"].values())
    order = [{"above": 0, "below": 1, "other-region": 2}[c["relation"]] for c in body["counterparts"]]
    assert order == sorted(order)  # nearest first
    one = client.get("/api/departments/440000/广东省科学技术厅?limit=1").json()
    assert one["counterparts"] == body["counterparts"][:1] and one["measures"] == body["measures"][:1]
    assert one["counts"] == body["counts"] and one["page"]["next_offset"] == (1 if body["counts"]["total"] > 1 else None)


def test_batch_and_coverage(client):
    b = client.get("/api/batches/3").json()
    assert b["size"] == 20 and len(b["measures"]) == 20
    m2 = next(m for m in b["measures"] if m["id"] == f"{N}/2")
    assert {r["id"] for r in m2["adopted_in"]} == {"440000", "130100"}
    cov = client.get("/api/coverage").json()
    cells = {(c["batch"], c["region_id"]): c for c in cov["cells"]}
    assert cells[(3, "440000")]["adopted"] == 16 and cells[(3, "440000")]["ratio"] == 0.8
    assert cells[(3, "130100")]["adopted"] == 20 and cells[(3, "130100")]["ratio"] == 1.0
    # A 0 says what it means: 吉林 and 甘肃 have no batch-3 plan loaded, which is not "not adopted".
    assert cells[(3, "220000")]["adopted"] == 0 and cells[(3, "220000")]["observation"] == "no-batch-plan"
    assert cells[(3, "620000")]["plan_loaded"] is False
    assert cells[(3, "440000")]["plan_loaded"] is True and cells[(3, "440000")]["observation"] == "adopted"
    assert cells[(2, "220000")]["plan_loaded"] is True  # Jilin's batch-2 plan (national list not loaded)


def test_document_view_and_citations(client):
    body = client.get(f"/api/documents/{GD_DOC}").json()
    assert len(body["measures"]) == 16
    assert any(c["id"] == N for c in body["cites"])  # DERIVED_FROM the national notice
    national = client.get(f"/api/documents/{N}").json()
    assert national["announces_batch"]["number"] == 3
    assert any(c["id"] == GD_DOC for c in national["cited_by"])


def test_graph_neighbourhood(client):
    body = client.get("/api/graph", params={"focus": f"{N}/2", "depth": 2, "limit": 40}).json()
    ids = {n["id"] for n in body["nodes"]}
    assert {f"{N}/2", f"{GD_DOC}/一.1", f"{HB_DOC}/2"} <= ids and len(ids) <= 40
    for n in body["nodes"]:
        assert n["group"] == n["label"] and "text" not in n["properties"]
    assert all(e["from"] in ids and e["to"] in ids for e in body["edges"])
    assert {"from": f"{GD_DOC}/一.1", "to": f"{N}/2", "type": "ADAPTS"}.items() <= next(
        e for e in body["edges"] if e["type"] == "ADAPTS" and e["from"] == f"{GD_DOC}/一.1").items()


def test_who_leads_pages_the_answers_own_first(client):
    """A province's own answers come first, then its cities'; counts describe them all and
    limit/offset page the one list."""
    whole = client.get("/api/who-leads", params={"measure": f"{N}/2", "region": "河北"}).json()
    assert whole["counts"] == {"own": 0, "below": 1, "below_regions": 1, "total": 1, "shown": 1}
    assert whole["page"] == {"limit": 8, "offset": 0, "next_offset": None}
    none = client.get("/api/who-leads", params={"measure": f"{N}/2", "region": "河北", "limit": 0}).json()
    assert none["answers"] == [] and none["counts"]["below"] == 1 and none["page"]["next_offset"] == 0
    gd = client.get("/api/who-leads", params={"measure": f"{N}/2", "region": "广东"}).json()
    assert gd["counts"]["own"] == 1 and len(gd["answers"]) == 1
    assert gd["answers"][0]["lead"][0]["as_printed"] == "省科技厅"
    first = client.get("/api/who-leads", params={"measure": f"{N}/2", "region": "广东", "limit": 0}).json()
    assert first["answers"] == [] and first["page"]["next_offset"] == 0  # own answers are paged like the rest
    assert client.get("/api/who-leads", params={"measure": f"{N}/2", "region": "河北", "limit": -1}).status_code == 422


def test_who_leads_own_answers_newest_first_then_cities(api_store):
    """Over the samples 河北 has one city answer and no own one; the ordering rule itself:
    own answers by document date, newest first (undated last), before any city's."""
    from policygraph.questions import leads

    def ans(region_id: str, date: str | None) -> dict:
        return {"region": {"id": region_id}, "document": {"date": date}}

    answers = [ans("130100", "2022-01-01"), ans("130000", None), ans("130000", "2020-05-01"),
               ans("130000", "2023-03-01")]
    own, below = leads.order_answers(answers, "130000")
    assert [a["document"]["date"] for a in own] == ["2023-03-01", "2020-05-01", None]
    assert [a["region"]["id"] for a in below] == ["130100"]


def test_wording_resolves_to_national_when_titles_tie(api_store, monkeypatch):
    """Issue 10: at 10,000 documents thousands of local measures restate a national title
    word for word; the candidate caps kept the first rows by id, 京政办… sorts before 国办发…,
    and 通用通兑 resolved to Beijing's measure while the answers came via the national one.
    Caps of one row reproduce that on the samples (file:… sorts before 国办发… too): the
    national measure must still win the tie, in search, resolution and who-leads."""
    from policygraph.core import PolicyGraph
    from policygraph.questions import search

    monkeypatch.setattr(search, "CANDIDATES", 1)
    monkeypatch.setattr(search, "FULLTEXT_CANDIDATES", 1)
    pg = PolicyGraph(api_store)
    top = pg.search("通用通兑", limit=1)["items"]
    assert [h["id"] for h in top] == [f"{N}/2"]
    x, resolution = search.resolve_measure(api_store, "通用通兑")
    assert x["id"] == f"{N}/2" and x["level"] == "national" and resolution["method"] == "wording"
    body = pg.who_leads("通用通兑", "广东")
    assert body["measure"]["id"] == f"{N}/2"
    assert body["answers"] and all(a["via"] == "adapts" for a in body["answers"])


def test_search_fast_path_same_top_as_full_scan(api_store):
    """The title fast path skips the scan only when the page is full of perfect hits; the
    ranked page it gives equals the one with the scan (asked for by a page too large to
    fill)."""
    from policygraph.core import PolicyGraph

    pg = PolicyGraph(api_store)
    fast = pg.search("通用通兑", limit=2)
    assert "contains" not in fast["sources"] and fast["total_is_lower_bound"]
    full = pg.search("通用通兑", limit=500)
    assert "contains" in full["sources"] and not full["total_is_lower_bound"]
    assert [h["id"] for h in fast["items"]] == [h["id"] for h in full["items"][:2]]
