"""axe-core (from the npm registry, tests/a11y) in Debian's chromium over every page: no serious or critical
violations. Charts carry a text description (role=img + aria-label) and the data table behind them."""

from __future__ import annotations

import pytest
from conftest import ROOT, book_pages

pytestmark = [pytest.mark.book, pytest.mark.browser]  # the test tier (pyproject.toml markers)

AXE = ROOT / "tests" / "a11y" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("doc", book_pages())
def test_no_serious_accessibility_violations(browser, server, doc, mode):
    """In the light and the dark colour modes (the theme keeps the reader's choice in localStorage)."""
    assert AXE.exists(), "axe-core is missing: bin/book test installs it (npm ci --prefix tests/a11y)"
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.add_init_script(f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');")
        page.goto(f"{server}/{doc}.html")
        assert page.evaluate("() => document.documentElement.dataset.theme") == mode
        page.wait_for_function(
            "() => [...document.querySelectorAll('.sinorus-chart')].every(c => c.dataset.drawn)", timeout=15000
        )
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        bad = [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert bad == [], f"{doc}: " + "; ".join(bad)
        for fig in page.query_selector_all(".sinorus-figure"):
            chart = fig.query_selector(".sinorus-chart")
            # role=img before drawing; Vega then marks it a graphics document named by the chart's description
            assert chart.get_attribute("role") in ("img", "graphics-document")
            assert len(chart.get_attribute("aria-label") or "") > 20
            assert fig.query_selector("details.sinorus-data table") or fig.query_selector("a.sinorus-download")
    finally:
        page.close()
