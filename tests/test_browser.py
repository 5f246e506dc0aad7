"""Every built page in Debian's chromium, served from 127.0.0.1 with every other address refused:
no console errors, no request leaves the machine, every figure draws its marks and shows its tooltip."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT, book_pages

pytestmark = [pytest.mark.book, pytest.mark.browser]  # the test tier (pyproject.toml markers)

#: A phone (390 px, touch) and a laptop (1366 px): every page is read at both.
WIDTHS = (390, 1366)


def visit(browser, url: str, width: int = 1280):
    phone = width < 992  # below the theme's breakpoint the menu and the page contents are dialogs
    context = browser.new_context(viewport={"width": width, "height": 844 if phone else 900}, has_touch=phone)
    page = context.new_page()
    page.on("close", lambda _: context.close())
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


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("doc", book_pages())
def test_page_offline_and_charts_drawn(browser, server, doc, width):
    page, errors, outside = visit(browser, f"{server}/{doc}.html", width)
    try:
        figures = page.locator(".sinorus-figure")
        n = figures.count()
        if n:
            page.wait_for_function(
                "() => [...document.querySelectorAll('.sinorus-chart')].every(c => c.dataset.drawn)", timeout=15000
            )
        for i in range(n):
            fig = figures.nth(i)
            name = fig.get_attribute("data-figure")
            assert fig.locator(".sinorus-chart").get_attribute("data-drawn") == "true", f"{doc}: {name} not drawn"
            marks = fig.locator("svg .mark-symbol path, svg .mark-line path, svg .mark-rect path, svg .mark-rule line")
            assert marks.count() > 0, f"{doc}: figure {name} drew no marks"
            assert "Source:" in fig.locator(".sinorus-source").inner_text(), f"{doc}: {name} has no source note"
            csv = fig.locator("a.sinorus-download").get_attribute("href")  # a file beside the page (assets.py)
            assert re.fullmatch(r"(\.\./)*_figures/[0-9a-f]{16}\.csv", csv), f"{doc}: {name} download {csv}"
            assert (ROOT / "_build" / "html" / doc).parent.joinpath(csv).resolve().read_text("utf-8").count("\n") > 1
            caption = fig.locator("xpath=ancestor::figure//figcaption")
            assert caption.count() == 1 and "Fig" in caption.inner_text(), f"{doc}: {name} has no numbered caption"
            # no horizontal overflow: the chart fits the content column
            over = fig.evaluate(
                "f => f.querySelector('svg').getBoundingClientRect().width - f.getBoundingClientRect().width"
            )
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
            # and no mark either: every drawn shape lies inside the figure (a chart cut at its right loses data)
            marks_out = fig.evaluate("""f => {
                const box = f.getBoundingClientRect();
                return [...f.querySelectorAll('svg path, svg line, svg rect, svg text')]
                    .map(m => m.getBoundingClientRect())
                    .filter(r => r.width > 0 && (r.right > box.right + 1 || r.left < box.left - 1)).length;
            }""")
            assert marks_out == 0, f"{doc} at {width}px: figure {name} draws {marks_out} elements outside itself"
        # no page wider than the screen: nothing to scroll sideways
        scroll = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert scroll <= 1, f"{doc}: the page is {scroll}px wider than a {width}px screen"
        assert errors == [], f"{doc}: console errors {errors}"
        assert outside == [], f"{doc}: requests left 127.0.0.1: {outside}"
    finally:
        page.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("doc", ["book/index", "book/history/split", "book/datasets/trade"])
def test_menu_and_contents_open(browser, server, doc, width):
    """The header's buttons open the book's menu and the page's contents, on a phone (a tap) and on a laptop."""
    page, errors, _ = visit(browser, f"{server}/{doc}.html", width)
    try:
        for toggle, dialog, sidebar in (
            (".primary-toggle", "#pst-primary-sidebar-modal", "#pst-primary-sidebar"),
            (".secondary-toggle", "#pst-secondary-sidebar-modal", "#pst-secondary-sidebar"),
        ):
            shown = [t for t in page.locator(toggle).all() if t.is_visible()]
            if toggle == ".secondary-toggle" and not shown:
                continue  # a page with no sections has no contents button
            assert shown, f"{doc}: no {toggle} button visible at {width}px"
            if width < 992:
                shown[0].tap()
                page.wait_for_timeout(300)
                assert page.evaluate(f"() => document.querySelector('{dialog}').open"), (
                    f"{doc}: tapping {toggle} opens nothing at {width}px"
                )
                assert page.locator(f"{dialog} a").count() > 0
                page.keyboard.press("Escape")
                page.wait_for_timeout(200)
            elif toggle == ".primary-toggle":
                before = page.evaluate(
                    f"() => document.querySelector('{sidebar}').classList.contains('pst-sidebar-hidden')"
                )
                shown[0].click()
                page.wait_for_timeout(300)
                after = page.evaluate(
                    f"() => document.querySelector('{sidebar}').classList.contains('pst-sidebar-hidden')"
                )
                assert before != after, f"{doc}: the menu button does nothing at {width}px"
        assert errors == []
    finally:
        page.close()


def test_landing_page_lists_every_chapter(built_book):
    from sinorus.sphinx.contents import toc_parts

    text = (ROOT / "_build" / "html" / "book" / "index.html").read_text(encoding="utf-8")
    listed = text[text.index('class="sinorus-contents') :]
    for caption, chapters in toc_parts(ROOT):
        assert caption in listed
        for chapter in chapters:
            href = chapter.split("/", 1)[1] + ".html" if chapter.startswith("book/") else chapter
            assert f'href="{href}' in listed or f'href="../{chapter}.html' in listed, chapter


def test_sources_shown_by_label_linked_to_the_bibliography(browser, server):
    """A data table under a figure names a source by its bibliography label, linked to that entry."""
    page, errors, _ = visit(browser, f"{server}/book/since1991/xi-putin.html")
    try:
        link = page.locator("a.sinorus-cite").first
        key = link.get_attribute("data-cite")
        from sinorus import bib, biblabels

        assert link.text_content() == biblabels.labels()[key]  # in a folded table: its text, not its rendering
        href = link.get_attribute("href")
        assert href.endswith("book/references.html#cite-" + key.replace("_", "-"))
        # the whole bibliography's address sends the reader on to the page of the entry's kind of source
        page.goto(link.evaluate("a => a.href"))
        where = bib.page_of(bib.entries().entries[key].fields["sourcetype"])
        page.wait_for_url(f"**/book/references/{where}.html#cite-{key.replace('_', '-')}", timeout=10000)
        assert page.locator(f"#cite-{key.replace('_', '-')}").count() == 1
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
        from sinorus import biblabels

        labels = set(biblabels.labels().values())
        shown = tip.inner_text().split("Source")[1].strip().splitlines()[0].strip()
        assert shown in labels, f"the tooltip names its source by {shown!r}, not the bibliography's label"
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
