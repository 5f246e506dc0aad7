"""The strict build, the execution cache's dependency tracking, and a chapter run as a reader runs it."""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pytest
from conftest import ROOT, chapter_sources, copy_repo, executed_since, jupyter_book_build, wait_for_background

pytestmark = pytest.mark.book  # the test tier (pyproject.toml markers)

FIGURE_KEY = "sinorus_figure"


def test_strict_build_has_no_warnings(built_book):
    out = built_book.stdout + built_book.stderr
    warnings = [l for l in out.splitlines() if re.search(r"\bWARNING\b|\bERROR\b", l) and "IPKernelApp" not in l]
    assert warnings == []
    assert "build succeeded" in out


def test_every_page_offers_its_notebook(built_book):
    for md in chapter_sources():
        text = md.read_text(encoding="utf-8")
        if "```{code-cell}" not in text:
            continue
        rel = md.relative_to(ROOT).with_suffix(".html")
        page = (ROOT / "_build/html" / rel).read_text(encoding="utf-8")
        m = re.search(r'href="([^"]+\.ipynb)"', page)
        assert m, f"{rel}: no notebook download link"
        target = (ROOT / "_build/html" / rel).parent / m.group(1)
        nb = json.loads(target.read_text(encoding="utf-8"))
        assert nb["nbformat"] == 4 and any(c["cell_type"] == "code" for c in nb["cells"])
        assert "dependency fingerprint" not in target.read_text(encoding="utf-8"), "build-only cell leaked"
        # the executed notebook: outputs of the book's run, each chart as a static SVG a reader's Lab shows
        assert any(c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code"), f"{rel}: no outputs"
        for c in nb["cells"]:
            for o in c.get("outputs", []):
                if FIGURE_KEY in o.get("metadata", {}):
                    assert "image/svg+xml" in o["data"] and "text/html" not in o["data"], rel


# ------------------------------------------------------------------------------------------- execution cache
@pytest.fixture(scope="module")
def scratch_book(built_book, tmp_path_factory):
    """A copy of the repository with the main build's execution cache, built with its own package and data."""
    base = tmp_path_factory.mktemp("book")
    return base, copy_repo(base, with_cache=True)


def rebuild(base: Path, env: dict) -> set[str]:
    t0 = time.time()
    time.sleep(1.1)  # cache timestamps have second resolution in places
    r = jupyter_book_build(base, env=env)
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-4000:]
    return executed_since(base / "_build" / ".jupyter_cache", t0)


def loaders(base: Path, table: str) -> set[str]:
    """Chapters whose code loads the table (directly, or through the tables whose rules read it)."""
    from sinorus import data

    out = set()
    for md in chapter_sources(base):
        text = md.read_text(encoding="utf-8")
        names = set(re.findall(r"""load\(\s*["']([a-z_]+)["']""", text))
        if any(table in data.dependencies(n) or table == "periods" for n in names) and "import sinorus" in text:
            out.add(md.relative_to(base).with_suffix(".md").as_posix())
    return out


def test_cache_reexecutes_exactly_the_dependents(scratch_book):
    base, env = scratch_book
    assert rebuild(base, env) == set(), "an unchanged copy re-executed notebooks: the cache keys are unstable"

    # a data edit: only the chapters that read trade.csv run again
    path = base / "data" / "trade.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = (
        lines[1].rstrip("\n") + " (edited)\n"
        if not lines[1].rstrip().endswith('"')
        else lines[1].rstrip("\n")[:-1] + ' (edited)"\n'
    )
    path.write_text("".join(lines), encoding="utf-8")
    ran = rebuild(base, env)
    users = {p for p in loaders(base, "trade") if 'load("trade' in (base / p).read_text()}
    assert ran == users and ran, f"after editing trade.csv, executed {sorted(ran)}; expected {sorted(users)}"


def test_a_package_edit_reaches_every_chapter_that_imports_it(tmp_path):
    """The fingerprint cell the build adds to each chapter covers every module a kernel imports (sinorus and its
    subpackages, not the Sphinx extension), for every chapter that imports the package, and no page without code
    gets one. (The rebuild above shows a fingerprint change re-executes a chapter.)"""
    from sinorus import paths
    from sinorus.sphinx import cache

    modules = set(cache.package_files())
    assert paths.PACKAGE_DIR / "data" / "validation.py" in modules
    assert not any("sphinx" in p.relative_to(paths.PACKAGE_DIR).parts for p in modules)
    for md in chapter_sources():
        text = md.read_text(encoding="utf-8")
        _, files = cache.dependencies(text, md.parent)
        if "import sinorus" in text:
            assert modules <= set(files), f"{md.name}: an edit to the package would not re-run it"
        elif not cache.is_notebook(text):
            assert files == [], f"{md.name} has no code but would be re-executed"
    # and an edited module changes the fingerprint
    mod = tmp_path / "tables.py"
    mod.write_text("x = 1\n", encoding="utf-8")
    before = cache.fingerprint([mod])
    mod.write_text("x = 1\n# edited\n", encoding="utf-8")
    assert cache.fingerprint([mod]) != before


# ------------------------------------------------------------------------------------------ as a reader would
def figure_records(nb: dict) -> dict:
    out = {}
    for cell in nb["cells"]:
        for o in cell.get("outputs", []):
            rec = o.get("metadata", {}).get(FIGURE_KEY)
            if rec:
                out[rec["name"]] = rec
    return out


def markdown_tables(nb: dict) -> list[str]:
    return [
        "".join(o["data"]["text/markdown"])
        for c in nb["cells"]
        for o in c.get("outputs", [])
        if "text/markdown" in o.get("data", {})
    ]


def book_execution(chapter: str):
    """The notebook as the book's build executed it: the newest execution cache record for the chapter."""
    from jupyter_cache import get_cache

    cache = get_cache(str(ROOT / "_build" / ".jupyter_cache"))
    records = [r for r in cache.list_cache_records() if r.uri == str(ROOT / chapter)]
    assert records, f"{chapter} is not in the book's execution cache"
    newest = max(records, key=lambda r: r.created)
    return cache.get_cache_bundle(newest.pk).nb


@pytest.mark.parametrize("chapter", ["book/overview.md", "book/datasets/trade.md"])
def test_chapter_runs_as_a_reader_runs_it(built_book, tmp_path, chapter):
    """Convert the chapter with jupytext, run it top to bottom outside the book build, and compare its chart
    specifications, data and tables with the book's."""
    import jupytext
    import nbformat
    from nbclient import NotebookClient

    nb = jupytext.read(ROOT / chapter)
    wait_for_background()  # no other build is starting kernels
    env = {k: v for k, v in os.environ.items() if k != "SINORUS_BOOK_BUILD"}
    old = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        NotebookClient(
            nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str((ROOT / chapter).parent)}}
        ).execute()
    finally:
        os.environ.clear()
        os.environ.update(old)
    reader = json.loads(nbformat.writes(nb))
    book = json.loads(nbformat.writes(book_execution(chapter)))
    assert figure_records(reader) == figure_records(book)
    assert markdown_tables(reader) == markdown_tables(book)
    # each chart appears once, where it is published (not again as the value of the cell's last line)
    shown = [
        o["metadata"][FIGURE_KEY]["name"]
        for c in reader["cells"]
        for o in c.get("outputs", [])
        if FIGURE_KEY in o.get("metadata", {}) and "image/svg+xml" in o.get("data", {})
    ]
    assert sorted(shown) == sorted(set(shown)) == sorted(figure_records(reader))
    if "overview" in chapter:
        # every figure the chapter places with a {glue:figure} directive, and no other
        placed = set(re.findall(r"```\{glue:figure\} (\S+)", (ROOT / chapter).read_text(encoding="utf-8")))
        assert set(figure_records(reader)) == placed and len(placed) >= 2
        # a reader sees a static drawing of each chart (no JavaScript needed)
        assert any("image/svg+xml" in o.get("data", {}) for c in reader["cells"] for o in c.get("outputs", []))


def test_figure_source_lines_name_bibliography_labels(built_book):
    """Wherever a figure's source line names a work ("TASS 2024b"), the label is one the bibliography prints."""
    import html as html_mod

    from sinorus import biblabels

    labels = set(biblabels.labels().values())
    authors = {re.sub(r" (\d{4}|n\.d\.)[a-z]?$", "", lab) for lab in labels}
    bad = []
    for page in sorted((ROOT / "_build" / "html").rglob("*.html")):
        for line in re.findall(
            r'<p class="sinorus-source">(.*?)<a class="sinorus-download"', page.read_text(encoding="utf-8"), re.S
        ):
            line = html_mod.unescape(line)
            for lab in sorted(labels, key=len, reverse=True):  # labels that are there, longest first, set aside
                line = line.replace(lab, " ")
            for who in authors:
                for m in re.finditer(rf"(?<![\w-]){re.escape(who)} \(?(\d{{4}}|n\.d\.)([a-z]?)\)?", line):
                    if f"{who} {m.group(1)}{m.group(2)}" not in labels:
                        bad.append(f"{page.name}: '{m.group(0)}'")
    assert bad == []


def test_the_bibliography_pages_list_every_work_once(built_book):
    """Four pages, one per kind of source (sinorus.bib.PAGES): every entry of references.bib is on exactly one,
    the one its source class names."""
    from sinorus import bib

    where: dict[str, list[str]] = {}
    for page in bib.PAGES:
        text = (ROOT / "_build" / "html" / "book" / "references" / f"{page}.html").read_text(encoding="utf-8")
        for anchor in re.findall(r'<div class="citation" id="(cite-[^"]+)"', text):
            where.setdefault(anchor, []).append(page)
    for key, entry in bib.entries().entries.items():
        anchor = "cite-" + re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")
        assert where.get(anchor) == [bib.page_of(entry.fields["sourcetype"])], f"{key}: on {where.get(anchor)}"
    assert len(where) == len(bib.entries().entries)


def test_fingerprint_covers_the_chart_fonts(tmp_path):
    """Charts are measured with the installed fonts: installing or changing a chart font re-executes chapters
    (a cache filled before the font was installed would otherwise give another drawing than a clean build)."""
    from sinorus import charts
    from sinorus.sphinx import cache

    data_file = tmp_path / "t.csv"
    data_file.write_text("a\n1\n")
    font = tmp_path / "FreeSans.otf"
    before = cache.fingerprint([data_file], [])
    font.write_bytes(b"x" * 10)
    installed = cache.fingerprint([data_file], [font])
    font.write_bytes(b"x" * 20)
    updated = cache.fingerprint([data_file], [font])
    assert len({before, installed, updated}) == 3
    assert charts.FONT.split(",")[0] == charts.FONT_FAMILIES[0]
