"""The book's Sphinx extension (sinorus.sphinx) on a three-page fixture book (tests/fixtures/minibook): no kernels,
so these run in the fast tier. The fixture is built with the book's own _config.yml, execution turned off."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, jupyter_book_build

FIXTURE = ROOT / "tests" / "fixtures" / "minibook"


def fixture_book(dest: Path, chart_page: str | None = None) -> Path:
    """A copy of the fixture book configured as the book is, with ``chart_page`` replacing book/chart.md."""
    shutil.copytree(FIXTURE, dest)
    config = (ROOT / "_config.yml").read_text(encoding="utf-8")
    config = re.sub(r"execute_notebooks: \S+", 'execute_notebooks: "off"', config)
    config = config.replace('["book/_latex/bbm.sty"]', "[]")
    (dest / "_config.yml").write_text(config, encoding="utf-8")
    if chart_page is not None:
        (dest / "book" / "chart.md").write_text(chart_page, encoding="utf-8")
    return dest


def build(book: Path):
    return jupyter_book_build(book, env={"SINORUS_ROOT": str(book)})


@pytest.fixture(scope="module")
def minibook(tmp_path_factory):
    book = fixture_book(tmp_path_factory.mktemp("minibook") / "book")
    result = build(book)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return book / "_build" / "html"


def scripts(page: Path) -> list[str]:
    return re.findall(r'<script[^>]*\bsrc="([^"]+)"', page.read_text(encoding="utf-8"))


def test_chart_scripts_only_on_the_page_with_a_chart_and_served_locally(minibook):
    chart, plain = minibook / "book" / "chart.html", minibook / "book" / "index.html"
    assert any("sinorus-vega.js" in s for s in scripts(chart)) and any("sinorus-charts.js" in s for s in scripts(chart))
    assert not any("sinorus-vega" in s or "sinorus-charts" in s for s in scripts(plain))
    assert not [s for s in scripts(chart) + scripts(plain) if s.startswith(("http:", "https:", "//"))]
    assert (minibook / "_static" / "sinorus-vega.js").stat().st_size > 100_000  # Vega itself, not a stub


def test_bibliography_labels_and_name_order(minibook):
    text = (minibook / "book" / "references.html").read_text(encoding="utf-8")
    assert 'id="cite-zhou1954speech"' in text and "Zhou 1954" in text and "Zhou Enlai." in text
    assert "Neville Maxwell." in text and "Maxwell 2007" in text
    index = (minibook / "book" / "index.html").read_text(encoding="utf-8")
    assert "references.html#cite-maxwell2007fixture" in index


def test_the_edition_comes_from_the_fixtures_project(minibook):
    assert (minibook / "CITATION.cff").read_text(encoding="utf-8") == (FIXTURE / "CITATION.cff").read_text("utf-8")
    assert "https://github.com/example/minibook" in (minibook / "book" / "index.html").read_text(encoding="utf-8")


def test_a_chart_outside_a_numbered_figure_stops_the_build(tmp_path):
    page = '# A page with a chart\n\n```{raw} html\n<div class="sinorus-figure" data-figure="loose"></div>\n```\n'
    result = build(fixture_book(tmp_path / "book", chart_page=page))
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert "book/chart: chart 'loose' is not a numbered figure with a caption" in out


def test_a_chart_from_a_cdn_stops_the_build(tmp_path):
    page = '# A page\n\n```{raw} html\n<script src="https://cdn.jsdelivr.net/npm/vega@5"></script>\n```\n'
    result = build(fixture_book(tmp_path / "book", chart_page=page))
    assert result.returncode != 0
    assert "a chart was shown without sinorus.figure ('cdn.jsdelivr.net' in the page)" in result.stdout + result.stderr


def test_pages_carry_no_icon_script_and_only_the_search_page_the_index(minibook):
    pages = [minibook / "book" / "index.html", minibook / "book" / "chart.html", minibook / "book" / "references.html"]
    search = ("searchindex.js", "searchtools.js", "language_data.js")
    for page in pages:
        assert not [s for s in scripts(page) if "fontawesome.js" in s or s.split("?")[0].endswith(search)], page.name
        # the fixture has no code, tabs or toggles: nor their scripts
        assert not [s for s in scripts(page) if re.search(r"(copybutton|clipboard|design-tabs|togglebutton)", s)]
    assert {s.split("/")[-1].split("?")[0] for s in scripts(minibook / "search.html")} >= set(search)
    css = (minibook / "_static" / "styles" / "pydata-sphinx-theme.css").read_text(encoding="utf-8")
    assert "fa-solid-900.woff2" in css  # the icons are drawn from the web font instead


def test_chart_specifications_and_csv_downloads_are_files_beside_the_page(minibook):
    page = (minibook / "book" / "chart.html").read_text(encoding="utf-8")
    assert "application/json" not in page and "data:text/csv" not in page
    spec = re.search(
        r'<script class="sinorus-spec" data-spec="([0-9a-f]{16})" src="\.\./_figures/\1\.js"></script>', page
    )
    assert spec, "the chart's specification is not a script file of its own"
    script = (minibook / "_figures" / f"{spec.group(1)}.js").read_text(encoding="utf-8")
    assert script.startswith(
        f'(window.sinorusSpecs = window.sinorusSpecs || {{}})["{spec.group(1)}"] = {{"mark": "point"'
    )
    csv = re.search(r'download="fixture.csv" href="\.\./(_figures/[0-9a-f]{16}\.csv)"', page)
    assert csv and (minibook / csv.group(1)).read_text(encoding="utf-8") == "year,value\n1949,1\n"


def test_the_faster_bibliography_filter_lists_what_sphinxcontrib_bibtex_lists():
    """sinorus.sphinx.contents.faster_bibliography_filters replaces a method of sphinxcontrib-bibtex: on the same
    bibliographies and citations it must list the same entries in the same order."""
    import ast
    from collections import namedtuple
    from types import SimpleNamespace as NS

    from sphinxcontrib.bibtex import domain

    from sinorus import bib
    from sinorus.sphinx import contents

    contents.faster_bibliography_filters()
    faster = domain.BibtexDomain.get_filtered_entries
    original = faster.original
    entries = list(bib.entries().entries.values())
    keys = [e.key for e in entries]
    refs = [NS(docname=f"book/p{i % 7}", targets=[NS(key=k) for k in keys[i : i + 3]]) for i in range(0, 300, 5)]
    at = namedtuple("BibliographyKey", "docname id")("book/references/news", "bibliography-0")
    for text in ["cited", 'sourcetype in {"news", "primary"}', 'key % "^z"', "True", "False"]:
        fake = NS(
            bibliographies={at: NS(bibfiles=None, keyprefix="", filter_=ast.parse(text), keys={keys[-1]}, line=1)},
            citation_refs=refs,
            get_entries=lambda bibfiles: iter(entries),
        )
        got, want = [k for k, _ in faster(fake, at)], [k for k, _ in original(fake, at)]
        assert got == want and got, text


def test_a_script_stays_on_the_pages_with_its_markup():
    from sinorus.sphinx.assets import lighter

    head = (
        '<script src="../_static/copybutton.js?v=1"></script>'
        '<script data-sd-tabs-storage-prefix="x-" src="../_static/design-tabs.js?v=2"></script>'
        '<script src="../_static/togglebutton.js?v=3"></script><script src="../_static/searchtools.js"></script>'
    )
    plain = lighter(head + '<div class="section"><p>text</p></div>')
    assert "<script" not in plain
    code = lighter(head + '<div class="admonition dropdown"><div class="highlight"><pre>1</pre></div></div>')
    assert "copybutton.js" in code and "togglebutton.js" in code and "design-tabs.js" not in code
    assert "searchtools.js" not in code and "searchtools.js" in lighter(head, search_page=True)


def test_the_style_sheet_cut_removes_an_unused_rule_and_keeps_a_used_one():
    from sinorus.sphinx.slim import cut_css, drawn_characters

    css = (
        "@font-face{font-family:X;src:url(x.woff2)}:root{--c:red}p{margin:0}"
        ".used{color:red}.gone{color:blue}.gone,.used:hover{color:green}.used .gone{color:gray}"
        ".used:not(.gone){top:0}html[data-theme=dark] .used{color:white}"
        '@media (min-width:10px){.gone{left:0}.used::before{content:"\\f105"}}@media print{.gone{right:0}}'
        ".bs-tooltip-top{bottom:0}"
    )
    cut = cut_css(css, {"used"}, stems=("bs-",))
    assert cut == (
        "@font-face{font-family:X;src:url(x.woff2)}:root{--c:red}p{margin:0}.used{color:red}.used:hover{color:green}"
        ".used:not(.gone){top:0}html[data-theme=dark] .used{color:white}"
        '@media (min-width:10px){.used::before{content:"\\f105 "}}.bs-tooltip-top{bottom:0}\n'
    )
    assert drawn_characters(cut) == {0xF105}
