"""The research pages in a real browser: the adoption curve and map on a measure page, the home
overview, the coverage table with its filters, the documents list, the who-leads form, and the
trace's diff opening at full width. Pictures are checked as drawn (loaded, real size), and the
SVG behind them by what it holds (tests/api/test_adoption.py)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

import pytest

from tests.browser.conftest import shot
from tests.browser.test_pages import NATIONAL_ID, assert_stayed_local

pytestmark = pytest.mark.browser


def _image_drawn(page: Any, selector: str) -> dict[str, Any]:
    page.wait_for_function(f"(() => {{ const i = document.querySelector({selector!r}); "
                           "return i && i.complete && i.naturalWidth > 0; })()", timeout=60_000)
    return page.evaluate(f"(() => {{ const i = document.querySelector({selector!r}); "
                         "return {w: i.naturalWidth, h: i.naturalHeight, src: i.getAttribute('src')}; })()")


def test_measure_page_draws_curve_map_and_switches(page: Any, live_url: str) -> None:
    page.goto(f"{live_url}/measure?id={quote(NATIONAL_ID, safe='')}")
    curve = _image_drawn(page, "#adoption-curve img")
    assert curve["w"] > 300 and "/api/charts/adoption.svg?measure=" in curve["src"]
    before = _image_drawn(page, "#adoption-map img")
    assert "level=province" in before["src"] and "shade=adoption" in before["src"]
    page.get_by_role("button", name="按时滞").click()
    page.get_by_role("button", name="地级市").click()
    after = _image_drawn(page, "#adoption-map img")
    assert "level=city" in after["src"] and "shade=lag" in after["src"]
    # downloads for both formats, and the data behind the picture
    links = page.locator("#adoption-map figcaption a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert any(h.startswith("/api/charts/map.png") for h in hrefs) and any(h.startswith("/api/adoption?") for h in hrefs)
    shot(page, "measure-curve-map")
    assert_stayed_local(page)


def test_trace_diff_opens_full_width(page: Any, live_url: str) -> None:
    page.goto(f"{live_url}/measure?id={quote(NATIONAL_ID, safe='')}")
    row = page.locator("#trace-table tbody tr[data-region-id='440000']")
    row.wait_for()
    row.get_by_role("button", name="对比").click()
    diff_row = page.locator("#trace-table tr.diff-row")
    diff_row.wait_for()
    table_w = page.locator("#trace-table").bounding_box()["width"]
    assert diff_row.bounding_box()["width"] >= 0.95 * table_w  # the whole table's width, not one cell
    assert diff_row.locator("mark.diff-kept").count() >= 1
    row.get_by_role("button", name="对比").click()
    assert page.locator("#trace-table tr.diff-row").count() == 0
    assert_stayed_local(page)


def test_home_overview_and_who_leads_form(page: Any, live_url: str) -> None:
    page.goto(live_url + "/")
    page.locator("#batch-list li").first.wait_for()
    assert "第3批" in page.locator("#batch-list").inner_text()
    assert int(page.locator("#document-total").inner_text()) >= 5
    page.locator("#w-measure").fill("通用通兑")
    page.locator("#w-region").fill("广东")
    page.locator("#who-form button").click()
    page.wait_for_url(re.compile(r"/who-leads\?measure="))
    answer = page.locator("#who-answer .who-card").first
    answer.wait_for()
    text = answer.inner_text()
    assert "牵头" in text and "省科技厅" in text and "原文规定排在首位者牵头" in text
    shown = page.locator("#main").inner_text()
    assert "第3批第2项 科技创新券" in shown  # the measure as a reader cites it, not a bare "2"
    for code in ("stated-first-leads", "presumed-first-listed", "stated-lead", "file:"):  # internal codes stay out
        assert code not in shown, code
    assert "按名称相似度" in shown  # resolved from wording
    shot(page, "who-leads")
    page.goto(f"{live_url}/who-leads?measure=12&region=石家庄")
    page.locator("#who-answer .who-card").first.wait_for()
    assert "（由“12”识别，按批次编号）" in page.locator("#main").inner_text()  # a bare number, not similarity
    assert_stayed_local(page)


def test_who_leads_page_offers_the_next_cities(page: Any, live_url: str) -> None:
    """A province's cities' answers come a page at a time: the page says how many there are
    and shows the next ones on request (one page of none here: 河北's one city answer)."""
    page.goto(f"{live_url}/who-leads?measure={quote(NATIONAL_ID, safe='')}&region=河北&limit=0")
    more = page.locator("#who-answer .who-more")
    more.wait_for()
    assert "共 1 条答案（本地区 0 条，下级地区 1 条，1 个地区）" in more.inner_text() and "已显示 0 条" in more.inner_text()
    assert page.locator("#who-answer .who-card").count() == 0
    more.locator("button").click()
    card = page.locator("#who-answer .who-card").first
    card.wait_for()
    assert "石家庄" in card.inner_text()
    assert page.locator("#who-answer .who-more").count() == 0  # nothing further to show
    assert_stayed_local(page)


def test_coverage_tells_unloaded_from_not_adopted(page: Any, live_url: str) -> None:
    page.goto(f"{live_url}/coverage?batch=3&all=true")
    table = page.locator("#coverage-table")
    table.wait_for()
    gd = table.locator("tr[data-region-id='440000'] td.cov").first
    assert gd.get_attribute("data-status") == "adopted" and gd.inner_text().endswith("/ 20")
    bj = table.locator("tr[data-region-id='110000'] td.cov").first
    assert bj.get_attribute("data-status") == "no-document" and bj.inner_text() == "未加载"
    assert page.locator("#f-batch").input_value() == "3" and page.locator("#f-all").is_checked()
    _image_drawn(page, "#coverage-adoption #adoption-map img")
    shot(page, "coverage-batch3")
    # filters narrow the rows: provinces only
    page.goto(f"{live_url}/coverage?level=province")
    page.locator("#coverage-table").wait_for()
    levels = page.locator("#coverage-table tbody td:nth-child(2)").all_inner_texts()
    assert levels and set(levels) == {"省级"}
    assert_stayed_local(page)


def test_documents_page(page: Any, live_url: str) -> None:
    page.goto(f"{live_url}/documents")
    table = page.locator("#documents-table")
    table.wait_for()
    text = table.inner_text()
    assert "国办发〔2020〕3号" in text and "jilin-second-batch-plan.txt" in text
    gd = table.locator("tr[data-document-id='file:guangdong-third-batch-plan'] td").nth(2).inner_text()
    assert gd == "广东省"  # the region's name, not 440000
    shot(page, "documents")
    assert_stayed_local(page)


def test_region_page_shows_a_page_of_measures_and_more(page: Any, live_url: str) -> None:
    """A region's own measures come a page at a time (20), its cities summarised: the page
    says how many there are and reads the next page on request."""
    api = page.request.get(f"{live_url}/api/regions/440000").json()
    total = api["counts"]["measures"]
    page.goto(f"{live_url}/region?id=440000")
    table = page.locator("section.list-section", has_text="本级文件中的举措").locator("tbody tr")
    table.first.wait_for()
    assert table.count() == min(20, total)
    more = page.locator(".page-more")
    if total <= 20:
        assert more.count() == 0
    else:
        assert f"共 {total} 项本级举措，已显示 20。" in more.first.inner_text()
        more.first.locator("button").click()
        page.wait_for_function("document.querySelectorAll('section.list-section tbody')[0].rows.length > 20")
        assert table.count() == min(40, total)
    assert_stayed_local(page)
