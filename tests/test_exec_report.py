"""The execution report page lists every executed chapter of the last build, with its cache state and run time,
and the versions of the packages that built it."""

from __future__ import annotations

import re
from importlib import metadata

from conftest import HTML, ROOT, book_pages

from sinorus.sphinx.cache import is_notebook


def test_the_execution_report_lists_every_notebook_chapter(built_book):
    page = (HTML / "book" / "appendix" / "execution.html").read_text(encoding="utf-8")
    rows = re.findall(
        r"<tr[^>]*>\s*<td[^>]*><p>(book/[^<]+)</p></td>\s*<td[^>]*><p>([^<]+)</p></td>\s*"
        r"<td[^>]*><p>([^<]+)</p></td>\s*<td[^>]*><p>([^<]+)</p></td>",
        page,
    )
    notebooks = {p for p in book_pages() if is_notebook((ROOT / f"{p}.md").read_text(encoding="utf-8"))}
    assert {r[0] for r in rows} == notebooks
    for chapter, state, runtime, status in rows:
        assert state in ("executed", "unchanged: taken from the cache"), chapter
        assert status == "ok" and float(runtime) > 0, chapter
    assert f"<p>{metadata.version('jupyter-book')}</p>" in page and f"<p>{metadata.version('altair')}</p>" in page


def test_a_build_that_reads_nothing_writes_no_report():
    """The report's page is written again when a page was read (and the book's first page with it, whose contents
    list holds it); a build in which nothing changed writes neither."""
    from types import SimpleNamespace

    from sinorus.sphinx import exec_report

    env = SimpleNamespace(sinorus_has_report={"book/appendix/execution"})
    assert exec_report.env_updated(SimpleNamespace(sinorus_nothing_read=True), env) == []
    assert exec_report.env_updated(SimpleNamespace(sinorus_nothing_read=False), env) == ["book/appendix/execution"]
