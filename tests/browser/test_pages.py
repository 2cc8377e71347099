"""A person's path through policygraph in a real browser, against the real app and store.

search 通用通兑 -> the national measure -> its trace (广东省 and the Hebei city, with lead
departments as printed) -> a region page; the graph browser (canvas, legend, physics off after
stabilisation); readable errors; the offline export; and no request ever leaves 127.0.0.1.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

import pytest

from tests.browser.conftest import shot

pytestmark = pytest.mark.browser

NATIONAL_ID = "国办发〔2020〕3号/2"  # 科技创新券跨区域“通用通兑”政策协同机制


def assert_stayed_local(page: Any) -> None:
    assert page.requests.urls, "no request recorded at all?"
    assert page.requests.offsite() == [], page.requests.offsite()
    assert page.js_errors == [], page.js_errors


def test_search_to_trace_to_region(page: Any, live_url: str) -> None:
    page.goto(live_url + "/")
    box = page.get_by_label(re.compile("举措名称或内容"))
    box.press_sequentially("通用通兑", delay=60)  # typed, so the debounce and stale-answer logic run
    national = page.locator("#results li.national").first
    national.wait_for()
    assert "通用通兑" in national.inner_text()
    # national measures are listed first
    first = page.locator("#results li").first
    assert "national" in (first.get_attribute("class") or "")
    assert first.get_attribute("data-measure-id") == NATIONAL_ID
    # the page names its JSON source, and it tracks the query
    assert "/api/measures?q=" in page.locator(".json-link").first.get_attribute("href")
    shot(page, "search-tongyong-tongdui")

    national.locator("a.result-title").click()
    page.wait_for_url(re.compile(r"/measure\?id="))
    page.locator("#measure-title").filter(has_text="通用通兑").wait_for()
    table = page.locator("#trace-table")
    table.wait_for()
    text = table.inner_text()
    assert "广东省" in text and "省科技厅" in text
    rows = table.locator("tbody tr")
    by_region = {r.get_attribute("data-region-id"): r.inner_text() for r in rows.all()}
    assert "440000" in by_region and "省科技厅" in by_region["440000"]
    # Guangdong's plan prints no title: the reader sees that, and its file, never the internal id
    assert "未注明标题的文件（guangdong-third-batch-plan.txt）" in by_region["440000"]
    assert "file:" not in text
    hebei = [t for rid, t in by_region.items() if rid and rid.startswith("13")]
    assert hebei, f"no Hebei city row in {list(by_region)}"
    assert any("市科技局" in t for t in hebei), hebei
    # as printed AND canonical: the canonical name is a link to the department page
    assert table.locator("a.entity-department", has_text="广东省科学技术厅").count() >= 1
    shot(page, "measure-trace")

    # the diffusion tree on the same page: national -> 广东省 (province) and the Hebei city under 河北省
    tree = page.locator("#diffusion-tree")
    tree.wait_for()
    assert tree.locator("li.tree-level-1[data-region-id='440000']").count() == 1
    assert tree.locator("li.tree-level-1[data-region-id='130000'] li.tree-level-2").count() == 1

    table.locator("tbody tr[data-region-id='440000'] th a.entity-region").click()
    page.wait_for_url(re.compile(r"/region\?id=440000"))
    page.locator("#profile-title").filter(has_text="广东省").wait_for()
    page.locator("#profile-body table").first.wait_for()
    assert "省科技厅" in page.locator("#profile-body").inner_text()  # its departments, as printed
    shot(page, "region-guangdong")
    assert_stayed_local(page)


def test_department_and_document_click_through(page: Any, live_url: str) -> None:
    page.goto(f"{live_url}/measure?id={quote(NATIONAL_ID, safe='')}")
    page.locator("#trace-table").wait_for()
    page.locator("#trace-table a.entity-department").first.click()
    page.wait_for_url(re.compile(r"/department\?id="))
    page.locator("#profile-body table").first.wait_for()
    body = page.locator("#profile-body").inner_text()
    assert "负责的举措" in body
    assert "by_role" not in body and "按角色" in body  # counts in words, not the JSON key
    # the measures' region column names the region (a link), never shows its bare id
    region_cells = page.locator("#profile-body table").first.locator("td a.entity-region")
    assert region_cells.count() >= 1 and not re.fullmatch(r"\d{6}", region_cells.first.inner_text())
    shot(page, "department")
    page.locator("#profile-body a.entity-document").first.click()
    page.wait_for_url(re.compile(r"/document\?id="))
    page.locator("#profile-body table").first.wait_for()
    assert "文件中的举措" in page.locator("#profile-body").inner_text()
    shot(page, "document")
    assert_stayed_local(page)


def test_local_measure_shows_diff_against_national(page: Any, live_url: str) -> None:
    page.goto(f"{live_url}/")
    page.get_by_label(re.compile("举措名称或内容")).press_sequentially("通用通兑", delay=40)
    local = page.locator("#results li:not(.national)", has_text="广东省").first
    local.wait_for()
    local.locator("a.result-title").click()
    page.wait_for_url(re.compile(r"/measure\?id=file"))
    diff = page.locator("#measure-diff")
    diff.locator(".diff-local").wait_for()
    assert diff.locator("mark.diff-kept").count() >= 1  # text reused from the national measure
    assert diff.locator("ins.diff-added, del.diff-dropped").count() >= 1
    assert "通用通兑" in diff.locator(".diff-local").inner_text()
    # its own row in the national trace is highlighted
    page.locator("#trace-table tr.current[data-region-id='440000']").wait_for()
    shot(page, "measure-local-diff")
    assert_stayed_local(page)


def test_measure_by_wording(page: Any, live_url: str) -> None:
    """The API resolves approximate wording; the page follows it to the exact node for the tree."""
    page.goto(f"{live_url}/measure?id={quote('通用通兑', safe='')}")
    page.locator("#measure-title").filter(has_text="通用通兑").wait_for()
    page.locator("#diffusion-tree").wait_for()
    page.locator("#trace-table").wait_for()
    assert_stayed_local(page)


def test_browse_draws_legend_and_stops_physics(page: Any, live_url: str) -> None:
    page.goto(f"{live_url}/browse?focus={quote(NATIONAL_ID, safe='')}&depth=2")
    page.wait_for_function("window.pgGraphState && window.pgGraphState.phase === 'ready'", timeout=60_000)
    assert page.locator("#graph canvas").count() == 1
    legend = page.locator("#legend").inner_text()
    for label in ("Measure", "Document", "Batch", "Region", "Department"):
        assert label in legend
    state = page.evaluate("""() => ({
        state: window.pgGraphState,
        // vis-network's own flag, not just ours: the simulation is really off
        physics: window.pgNetwork.physics.options.enabled,
        running: !!window.pgNetwork.physics.viewFunction,  // set only while the simulation loop runs
        nodes: window.pgView.nodes.length,
    })""")
    print(f"\nbrowse focus={NATIONAL_ID}: {state['state']}")
    assert state["physics"] is False and state["state"]["physics"] is False
    assert state["running"] is False
    assert state["nodes"] > 5
    # positions stay put after stabilisation: no jitter
    before = page.evaluate("() => window.pgNetwork.getPositions()")
    page.wait_for_timeout(700)
    after = page.evaluate("() => window.pgNetwork.getPositions()")
    assert before == after

    # click a node -> side panel with its properties and a link to its page
    node_id = NATIONAL_ID
    pos = page.evaluate("(id) => window.pgNetwork.canvasToDOM(window.pgNetwork.getPositions([id])[id])", node_id)
    box = page.locator("#graph").bounding_box()
    page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])
    panel = page.locator("#node-panel")
    panel.locator("a.node-page-link").wait_for()
    assert node_id in panel.inner_text()
    assert quote(node_id, safe="") in panel.locator("a.node-page-link").get_attribute("href")

    # the label filter hides a label without re-running the layout
    page.locator("#legend input[data-label='Department']").uncheck()
    visible = page.evaluate("() => window.pgView.network.body.data.nodes.get().filter(n => n.group === 'Department').length")
    assert visible == 0
    assert page.evaluate("() => window.pgNetwork.physics.options.enabled") is False
    shot(page, "browse-focus")
    assert_stayed_local(page)


def test_browse_whole_graph(page: Any, live_url: str) -> None:
    page.goto(f"{live_url}/browse")
    page.wait_for_function("window.pgGraphState && window.pgGraphState.phase === 'ready'"
                           " || document.querySelector('#graph .error')", timeout=60_000)
    err = page.locator("#graph .error")
    assert err.count() == 0, err.inner_text()
    print(f"\nbrowse whole graph: {page.evaluate('window.pgGraphState')}")
    shot(page, "browse-whole")
    assert_stayed_local(page)


def test_api_errors_are_readable(page: Any, live_url: str) -> None:
    page.goto(f"{live_url}/region?id=999999")
    alert = page.locator("#profile-body [role=alert]")
    alert.wait_for()
    assert alert.locator(".error-message").inner_text().strip()
    assert "/api/regions/999999" in alert.inner_text()
    shot(page, "error-region")

    page.goto(f"{live_url}/measure?id={quote('没有这条举措xyz', safe='')}")
    page.locator("#measure-detail [role=alert]").wait_for()
    shot(page, "error-measure")
    page.goto(f"{live_url}/measure")
    assert page.locator("[role=alert]").count() == 1
    # 4xx answers are expected here; the point is that nothing left the machine
    assert page.requests.offsite() == []


def test_export_links_and_offline_html(page: Any, live_url: str) -> None:
    page.goto(live_url + "/")
    links = page.locator("#downloads a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs == ["/api/export/graphml", "/api/export/gexf", "/api/export/events.csv", "/api/export/panel.csv",
                     "/api/export/panel/dictionary", "/api/network/diffusion?format=csv", "/api/export/json"]
    for href in hrefs:
        r = page.request.get(live_url + href)
        assert r.status == 200, (href, r.status, r.text()[:200])
        if href.startswith("/api/network/"):  # the samples print no local dates: no tie, the header only
            assert r.text().startswith("source,source_name,target")
        else:
            assert len(r.body()) > 100

    r = page.request.get(f"{live_url}/browse/export.html?focus={quote(NATIONAL_ID, safe='')}&depth=1")
    assert r.status == 200 and "attachment" in r.headers["content-disposition"]
    html = r.text()
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    # the file opens from disk, with no server and no network, and settles
    from tests.browser.conftest import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / "export-focus.html"
    path.write_text(html, encoding="utf-8")
    page.goto(path.as_uri())
    page.wait_for_function("window.pgGraphState && window.pgGraphState.phase === 'ready'", timeout=60_000)
    assert page.evaluate("() => window.pgNetwork.physics.options.enabled") is False
    shot(page, "export-offline")
    assert page.requests.offsite() == []
