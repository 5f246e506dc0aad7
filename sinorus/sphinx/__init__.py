"""The book's Sphinx extension, one module per job:

* :mod:`.cache`: the execution cache kept honest (a fingerprint of what each chapter reads);
* :mod:`.notebooks`: every chapter offered as a notebook, with the outputs of the book's run;
* :mod:`.assets`: the chart JavaScript served from the book itself (no network), the edition and the data zip;
* :mod:`.slim`: the style sheets and icon fonts the pages load, cut to what they use (called by :mod:`.assets`);
* :mod:`.checks`: charts only as numbered, captioned figures;
* :mod:`.bibstyle`: author-year labels that keep Chinese and Russian names;
* :mod:`.latex`: the print edition's tables and wording;
* :mod:`.prexec` and :mod:`.exec_report` (their own extensions in ``_config.yml``): chapters executed in parallel
  before Sphinx reads them, and the page that reports each chapter's run.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from sphinx.application import Sphinx

from .. import kernel, paths
from . import assets, bibstyle, cache, checks, contents, latex, notebooks


def use_book_root(app: Sphinx) -> None:
    """The data, bibliography and version come from the book being built (Sphinx's source folder), never from
    where the package is installed; the kernels that execute the chapters inherit the setting."""
    os.environ[paths.ROOT_ENV] = str(Path(app.srcdir).resolve())


def setup(app: Sphinx) -> dict:
    os.environ[kernel.BOOK_ENV] = "1"
    use_book_root(app)
    bibstyle.register_bibliography_style()
    bibstyle.register_reference_style()
    contents.faster_bibliography_filters()
    app.connect("config-inited", assets.config_inited)
    app.connect("builder-inited", latex.html_numbering, priority=900)
    app.connect("source-read", cache.source_read)
    app.connect("html-page-context", assets.note_written)
    app.connect("html-page-context", assets.chart_scripts)
    app.connect("html-page-context", checks.charts_only_as_figures)
    app.connect("html-page-context", assets.dedupe_scripts, priority=900)
    app.connect("doctree-read", notebooks.executed_notebook, priority=100)  # before Sphinx notes the downloads
    app.connect("doctree-resolved", checks.check_figures)
    app.connect("doctree-resolved", latex.latex_print_edition)
    app.add_role("datapackage", assets.datapackage_role)
    app.add_directive("book-contents", contents.BookContents)
    app.add_directive("book-citation", contents.BookCitation)
    app.add_directive("book-bibliography", contents.BookBibliography)
    app.connect("build-finished", latex.latex_finished)
    app.connect("build-finished", bibstyle.keep_formatted)
    # after the theme and myst-nb write their files in _static (pygments.css, mystnb.css), which it then cuts
    app.connect("build-finished", assets.refresh_static, priority=900)
    app.add_css_file("sinorus.css")
    app.add_js_file("sinorus-nav.js")  # the header's menu buttons open the menu at every width (see the file)
    # a changed extension changes what every page is made of: re-read them all
    h = hashlib.sha256()
    for f in sorted(Path(__file__).parent.glob("*.py")):
        h.update(f.read_bytes())
    return {
        "version": "1",
        "env_version": int(h.hexdigest()[:8], 16),
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
