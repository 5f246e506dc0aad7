"""Quality gates on the built book: links, safety of data text, bad input never publishes, reproducibility."""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from conftest import ROOT, copy_repo, edit, jupyter_book_build

from sinorus import pdf

pytestmark = pytest.mark.book  # the test tier (pyproject.toml markers)

HTML = ROOT / "_build" / "html"


# --------------------------------------------------------------------------------------------------- links
class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        for key in ("href", "src"):
            if a.get(key) and not (tag == "link" and a.get("rel") in ("canonical",)):
                self.refs.append((tag, key, a[key]))


def parse(page: Path) -> Links:
    p = Links()
    p.feed(page.read_text(encoding="utf-8"))
    return p


def test_internal_links_and_anchors_resolve(built_book):
    pages = {p: parse(p) for p in HTML.rglob("*.html") if "_static" not in p.parts}
    broken = []
    for page, links in pages.items():
        for tag, key, ref in links.refs:
            url = urlparse(ref)
            if url.scheme in ("http", "https", "mailto", "data", "javascript") or ref.startswith("#") and ref == "#":
                continue
            path, frag = url.path, url.fragment
            target = (page.parent / unquote(path)).resolve() if path else page
            if path and not target.exists():
                broken.append(f"{page.relative_to(HTML)}: {tag} {key}={ref} (no such file)")
                continue
            if frag and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse(target).ids
                if unquote(frag) not in ids:
                    broken.append(f"{page.relative_to(HTML)}: {ref} (no anchor '{frag}')")
    assert broken == []


def test_no_page_loads_from_outside(built_book):
    """No script, stylesheet, image or font is referenced from another host (links to sources are fine)."""
    outside = []
    for page in HTML.rglob("*.html"):
        for tag, key, ref in parse(page).refs:
            if (
                tag in ("script", "link", "img", "iframe", "source", "video", "audio")
                and urlparse(ref).scheme in ("http", "https")
                and tag != "a"
            ):
                if tag == "link" and ref.startswith("http") and "stylesheet" not in page.read_text():
                    continue
                outside.append(f"{page.relative_to(HTML)}: <{tag} {key}={ref}>")
    assert outside == []


def test_bibliography_urls_well_formed():
    from sinorus import bib

    assert [p for p in bib.problems() if "url" in p] == []


# -------------------------------------------------------------------------------------------------- safety
EVIL = '</script><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"> " onmouseover="x'


def test_data_text_is_inert_in_figures_and_tables(browser, tmp_path):
    """A data row carrying markup shows as text: in a figure's tooltip data, CSV, description and in a table."""
    import altair as alt
    import pandas as pd

    from sinorus.charts import Figure
    from sinorus.tables import Table

    df = pd.DataFrame({"year": [2000, 2001], "title": [EVIL, "plain"], "value": [1.0, 2.0]})
    chart = alt.Chart(df).mark_point().encode(x="year:O", y="value:Q", tooltip=["title:N"])
    fig = Figure(chart, name="fig-evil", source=EVIL, data=df, description=EVIL)
    markup = fig.html()
    assert "<script>window" not in markup and "<img" not in markup  # markup in data is escaped text
    md = Table(df, {"title": "Title"})._repr_markdown_()
    assert "<script" not in md and "<img" not in md
    # render both as the book would, with the book's own chart code, and check nothing ran
    static = ROOT / "_build" / ".sinorus-static"
    page = tmp_path / "evil.html"
    from markdown_it import MarkdownIt

    table_html = MarkdownIt("commonmark").enable("table").render(md)
    page.write_text(
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<script src='{(static / 'sinorus-vega.js').as_uri()}'></script>"
        f"<script src='{(static / 'sinorus-charts.js').as_uri()}'></script></head>"
        f"<body>{markup}{table_html}</body></html>",
        encoding="utf-8",
    )
    p = browser.new_page()
    try:
        p.goto(page.as_uri())
        p.wait_for_function("() => document.querySelector('.sinorus-chart').dataset.drawn")
        assert p.evaluate("() => window.__pwned") is None
        assert EVIL.split('"')[0] in p.inner_text("body")  # shown as text
    finally:
        p.close()


# --------------------------------------------------------------------------------------- bad input stops
#: Five kinds of bad input, each put into a different page or table of one copy of the book, so that none hides
#: another: the copy is built once (``--keep-going`` reports every fault) and each test finds its own message.
def _failing_cell(base: Path) -> None:
    page = base / "book" / "datasets" / "periods.md"
    page.write_text(
        page.read_text(encoding="utf-8") + '\n```{code-cell} ipython3\nraise RuntimeError("deliberate failure")\n```\n',
        encoding="utf-8",
    )


def _bad_data_row(base: Path) -> None:
    edit(base, "exercises", 2, "type", "everything")


def _missing_citation_key(base: Path) -> None:
    page = base / "book" / "methods.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nA claim {cite:p}`nobody1900nothing`.\n", encoding="utf-8")


def _figure_without_source(base: Path) -> None:
    page = base / "book" / "overview.md"
    text = page.read_text(encoding="utf-8")
    new = re.sub(r'(name="fig-overview-trade",\n    )source=f"series \{SERIES\}', r'\1source="" and f"', text)
    assert new != text, "the overview's trade figure changed: update this fault"
    page.write_text(new, encoding="utf-8")


def _chart_outside_a_figure(base: Path) -> None:
    page = base / "book" / "history" / "alliance.md"
    text = page.read_text(encoding="utf-8")
    new = text.replace(
        "```{glue:figure} fig-alliance-rights\n:name: fig-alliance-rights\n", "```{glue} fig-alliance-rights\n"
    )
    new = re.sub(r"(```\{glue\} fig-alliance-rights\n)\n[^`]*```", r"\1```", new)
    assert new != text, "the alliance chapter's first figure changed: update this fault"
    page.write_text(new, encoding="utf-8")


@pytest.fixture(scope="module")
def faulty_build(built_book, tmp_path_factory) -> str:
    """The output of one strict build of a copy holding all five faults; the build must fail."""
    base = tmp_path_factory.mktemp("faulty")
    env = copy_repo(base, with_cache=True)
    for fault in (_failing_cell, _bad_data_row, _missing_citation_key, _figure_without_source, _chart_outside_a_figure):
        fault(base)
    r = jupyter_book_build(base, env=env)
    assert r.returncode != 0, "the build published bad input"
    return r.stdout + r.stderr


def test_failing_cell_stops_the_build(faulty_build):
    out = faulty_build
    assert "book/datasets/periods.md" in out and "Executing notebook failed" in out and "deliberate failure" in out


def test_bad_data_row_stops_the_build(faulty_build):
    assert "data/exercises.csv, line 2" in faulty_build
    assert "column 'type': value 'everything' breaks rule: enum" in faulty_build


def test_missing_citation_key_stops_the_build(faulty_build):
    assert re.search(r"book/methods\.md.*nobody1900nothing", faulty_build)


def test_figure_without_source_note_stops_the_build(faulty_build):
    assert "figure 'fig-overview-trade': every figure needs a source note" in faulty_build


def test_chart_outside_a_numbered_figure_stops_the_build(faulty_build):
    assert "chart 'fig-alliance-rights' is not a numbered figure with a caption" in faulty_build


# --------------------------------------------------------------------------------------- reproducibility
def figures_in(html_dir: Path) -> dict[str, list[str]]:
    out = {}
    for page in sorted(html_dir.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        out[str(page.relative_to(html_dir))] = re.findall(r'<div class="sinorus-figure".*?</p></div>', text, re.S)
    return out


def tables_in(html_dir: Path) -> dict[str, list[str]]:
    out = {}
    for page in sorted(html_dir.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        # the execution report records this build's run times: the one table that may differ between builds
        out[str(page.relative_to(html_dir))] = [
            t for t in re.findall(r"<table.*?</table>", text, re.S) if "sinorus-exec-report" not in t[:200]
        ]
    return out


def notebooks_in(html_dir: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((html_dir / "_downloads").rglob("*.ipynb"))}


def test_two_clean_builds_give_the_same_book(built_book, pdf_text, fresh_clone):
    """The fresh clone's cold build (its own environment, its own execution) gives the same chart specifications,
    data downloads, tables, notebook downloads and LaTeX source as the main build, with no machine paths in them."""
    clone, r = fresh_clone
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    other = clone / "_build" / "html"
    assert figures_in(other) == figures_in(HTML)  # each names its specification and CSV by a hash of its content
    assert sorted(f.name for f in (other / "_figures").iterdir()) == sorted(
        f.name for f in (HTML / "_figures").iterdir()
    )
    assert tables_in(other) == tables_in(HTML)
    # the chapters offered as notebooks: the same cells (their ids too) with the same outputs, byte for byte
    assert notebooks_in(other) == notebooks_in(HTML)
    # the style sheets and icon fonts cut to what the pages use (sinorus.sphinx.slim), byte for byte
    for f in ("_static/styles/pydata-sphinx-theme.css", "_static/vendor/fontawesome/webfonts/fa-solid-900.woff2"):
        assert (other / f).read_bytes() == (HTML / f).read_bytes(), f
    for page in other.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert str(clone) not in text and str(ROOT) not in text, f"{page.name} holds a machine path"
    # the print edition's source: the LaTeX the PDF is typeset from (TeX itself is deterministic)
    work = clone / "_build" / "pdf-work"
    r = subprocess.run(
        [
            str(clone / ".venv" / "bin" / "python"),
            "-m",
            "sinorus.jupyterbook",
            "build",
            str(clone),
            "--builder",
            "latex",
            "-n",
            "-W",
            "--keep-going",
            "--path-output",
            str(work),
        ],
        cwd=clone,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    latex = [d / "_build" / "latex" for d in (ROOT / "_build" / "pdf-work", work)]
    tex = [(d / (pdf.STEM + ".tex")).read_text(encoding="utf-8") for d in latex]
    assert str(clone) not in tex[1] and str(ROOT) not in tex[0]
    # the charts' PDF files are named by a hash of their bytes, which hold a creation time: compare their names'
    # places in the text, then each pair of drawings by its text (labels, numbers, source line)
    graphic = re.compile(r"\\sphinxincludegraphics(?:\[[^\]]*\])?\{\{([0-9a-f]{64})\}\.pdf\}")
    names = [graphic.findall(t) for t in tex]
    assert [graphic.sub("GRAPHIC", t) for t in tex] == [graphic.sub("GRAPHIC", tex[0])] * 2
    assert len(names[0]) == len(names[1]) > 0

    def drawing_text(path: Path) -> str:
        return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout

    for a, b in zip(*names):
        assert drawing_text(latex[0] / f"{a}.pdf") == drawing_text(latex[1] / f"{b}.pdf"), (a, b)


def test_charts_draw_under_a_content_security_policy(browser, server):
    """Charts need no inline script and nothing from elsewhere: they draw under a policy that allows scripts only
    from the book itself. Two allowances remain, for reasons outside the book's code (see the appendix): Vega
    compiles chart expressions with `Function` ('unsafe-eval'), and the theme's own small inline scripts would
    need 'unsafe-inline' (without it the pages still work, minus those theme niceties)."""
    page = browser.new_page()
    csp = (
        "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; font-src 'self'; object-src 'none'; connect-src 'self'"
    )

    def route(r):
        if r.request.url.startswith(server) and r.request.resource_type == "document":
            resp = r.fetch()
            r.fulfill(response=resp, headers={**resp.headers, "content-security-policy": csp})
        else:
            r.continue_()

    page.route("**/*", route)
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        page.goto(f"{server}/book/overview.html")
        page.wait_for_function(
            "() => [...document.querySelectorAll('.sinorus-chart')].every(c => c.dataset.drawn)", timeout=15000
        )
        assert set(page.eval_on_selector_all(".sinorus-chart", "cs => cs.map(c => c.dataset.drawn)")) == {"true"}
        assert not [v for v in violations if "sinorus" in v]
    finally:
        page.close()
