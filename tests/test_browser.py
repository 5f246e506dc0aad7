"""Every built page in Debian's chromium, served from 127.0.0.1 with every other address refused:
no console errors, no request leaves the machine, every figure draws its marks and shows its tooltip."""

from __future__ import annotations

import pytest

from conftest import ROOT, book_pages


def visit(browser, url: str, width: int = 1280):
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors, outside = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    def route(r):
        if r.request.url.startswith(("http://127.0.0.1", "data:", "blob:", "file://")):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(url, wait_until="load")
    page.wait_for_timeout(300)
    return page, errors, outside


@pytest.mark.parametrize("doc", book_pages())
def test_page_offline_and_charts_drawn(browser, server, doc):
    page, errors, outside = visit(browser, f"{server}/{doc}.html")
    try:
        figures = page.locator(".sinorus-figure")
        n = figures.count()
        if n:
            page.wait_for_function(
                "() => [...document.querySelectorAll('.sinorus-chart')].every(c => c.dataset.drawn)", timeout=15000)
        for i in range(n):
            fig = figures.nth(i)
            name = fig.get_attribute("data-figure")
            assert fig.locator(".sinorus-chart").get_attribute("data-drawn") == "true", f"{doc}: {name} not drawn"
            marks = fig.locator("svg .mark-symbol path, svg .mark-line path, svg .mark-rect path, svg .mark-rule line")
            assert marks.count() > 0, f"{doc}: figure {name} drew no marks"
            assert "Source:" in fig.locator(".sinorus-source").inner_text(), f"{doc}: {name} has no source note"
            assert fig.locator("a.sinorus-download").get_attribute("href").startswith("data:text/csv")
            caption = fig.locator("xpath=ancestor::figure//figcaption")
            assert caption.count() == 1 and "Fig" in caption.inner_text(), f"{doc}: {name} has no numbered caption"
            # no horizontal overflow: the chart fits the content column
            over = fig.evaluate("f => f.querySelector('svg').getBoundingClientRect().width - f.getBoundingClientRect().width")
            assert over <= 1, f"{doc}: figure {name} is {over}px wider than its column"
            # and nothing drawn is cut off: every label and legend entry lies inside the drawing and the column
            cut = fig.evaluate("""f => {
                const box = f.getBoundingClientRect(), svg = f.querySelector('svg').getBoundingClientRect();
                const right = Math.min(box.right, svg.right) + 1, left = Math.max(box.left, svg.left) - 1;
                return [...f.querySelectorAll('svg text')].filter(t => t.textContent.trim())
                    .map(t => [t.textContent, t.getBoundingClientRect()])
                    .filter(([_, r]) => r.width > 0 && (r.right > right || r.left < left)).map(([s]) => s);
            }""")
            assert cut == [], f"{doc}: figure {name} cuts off {cut[:5]}"
        assert errors == [], f"{doc}: console errors {errors}"
        assert outside == [], f"{doc}: requests left 127.0.0.1: {outside}"
    finally:
        page.close()


def test_tooltip_shows_source(browser, server):
    """Hovering a point of the trade figure shows its value and source key."""
    page, errors, _ = visit(browser, f"{server}/book/overview.html")
    try:
        page.wait_for_function("() => [...document.querySelectorAll('.sinorus-chart')].every(c => c.dataset.drawn)")
        fig = page.locator('.sinorus-figure[data-figure="fig-overview-trade"]')
        point = fig.locator("svg .mark-symbol path").first
        point.scroll_into_view_if_needed()
        point.hover(force=True)
        tip = page.locator("#vg-tooltip-element")
        tip.wait_for(state="visible", timeout=5000)
        assert "Source" in tip.inner_text() and "Year" in tip.inner_text()
    finally:
        page.close()


def test_narrow_screen_no_horizontal_scroll(browser, server):
    page, errors, _ = visit(browser, f"{server}/book/overview.html", width=400)
    try:
        page.wait_for_function("() => [...document.querySelectorAll('.sinorus-chart')].every(c => c.dataset.drawn)")
        page.wait_for_timeout(300)
        scroll = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert scroll <= 1, f"the overview page scrolls sideways by {scroll}px on a 400px screen"
    finally:
        page.close()


def test_works_from_file_url(browser, built_book):
    """The book also draws its charts when opened from disk, with no server at all."""
    page, errors, outside = visit(browser, (ROOT / "_build/html/book/overview.html").as_uri())
    try:
        page.wait_for_function("() => [...document.querySelectorAll('.sinorus-chart')].every(c => c.dataset.drawn)")
        drawn = page.eval_on_selector_all(".sinorus-chart", "cs => cs.map(c => c.dataset.drawn)")
        assert drawn and set(drawn) == {"true"}
    finally:
        page.close()
