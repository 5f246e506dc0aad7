"""What the HTML pages carry besides the text: the chart and table scripts served from the book itself (no network)
and only on the pages that need them, the edition's version and repository address, the data-package zip, and two
accessibility repairs to the theme's markup."""

from __future__ import annotations

import os
import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

from .. import edition, kernel

STATIC = Path(__file__).resolve().parent.parent / "static"


def _static_dir(app: Sphinx) -> Path:
    return Path(app.outdir).parent / ".sinorus-static"


def config_inited(app: Sphinx, config) -> None:
    os.environ[kernel.BOOK_ENV] = "1"  # inherited by the kernels that execute the chapters
    # the edition's version and the repository's address come from the project, in one place (pyproject.toml)
    version = edition.version()
    config.release = config.version = version
    repo = edition.repository()
    config.myst_substitutions = {
        **(config.myst_substitutions or {}),
        "repository": f"[{repo}]({repo})",
        "data_zip": edition.data_zip_name(),
    }
    config.html_theme_options = {
        **(config.html_theme_options or {}),
        "repository_url": repo,
        "use_repository_button": True,
    }
    edition.make_data_zip(_data_zip_dir(app))
    static = _static_dir(app)
    static.mkdir(parents=True, exist_ok=True)
    from importlib.metadata import version as dist_version

    files = {
        "sinorus-charts.js": (STATIC / "sinorus-charts.js").read_text(encoding="utf-8"),
        "sinorus-table.js": (STATIC / "sinorus-table.js").read_text(encoding="utf-8"),
        "sinorus-nav.js": (STATIC / "sinorus-nav.js").read_text(encoding="utf-8"),
        "sinorus.css": (STATIC / "sinorus.css").read_text(encoding="utf-8"),
    }
    # Vega, Vega-Lite and vega-embed as vl-convert bundles them (the versions its PDFs are drawn with). Making the
    # bundle takes seconds, so it is made again only when vl-convert's version changes.
    stamp, bundle = static.parent / ".sinorus-vega.version", static / "sinorus-vega.js"
    want = dist_version("vl-convert-python")
    if not bundle.exists() or not stamp.exists() or stamp.read_text() != want:
        import vl_convert as vlc

        # wrapped in a function: the bundle's top-level names (e.g. `_`) would clash with Sphinx's globals
        bundle.write_text("(function () {\n" + vlc.javascript_bundle() + "\n})();\n", encoding="utf-8")
        stamp.write_text(want)
    for name, body in files.items():
        target = static / name
        if not target.exists() or target.read_text(encoding="utf-8") != body:
            target.write_text(body, encoding="utf-8")
    config.html_static_path = [*config.html_static_path, str(static)]


def _data_zip_dir(app: Sphinx) -> Path:
    return Path(app.outdir).parent / ".sinorus-data"


def datapackage_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{datapackage}`link text```: the whole data package as one versioned zip (data/, datapackage.json,
    references.bib). A download in HTML; in the PDF, the zip's name and where to get it."""
    from sphinx import addnodes

    env = inliner.document.settings.env
    app = env.app
    name_ = edition.data_zip_name()
    if app.builder.format == "html":
        target = "/" + os.path.relpath(_data_zip_dir(app) / name_, app.srcdir)
        node = addnodes.download_reference(
            rawtext,
            "",
            refdoc=env.docname,
            refdomain="",
            reftype="download",
            refexplicit=True,
            refwarn=False,
            reftarget=target,
        )
        node += nodes.literal(rawtext, f"{text} ({name_})", classes=["xref", "download"])
        return [node], []
    repo = edition.repository()
    return [
        nodes.Text(f"{text} ({name_}, offered by the HTML edition and the repository, "),
        nodes.reference(repo, repo, refuri=repo),
        nodes.Text(")"),
    ], []


def dedupe_scripts(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Drop inline scripts emitted twice (sphinx-thebe's THEBE_JS_URL under Sphinx 7.4: a console error)."""
    seen, kept = set(), []
    for js in context.get("script_files", []):
        key = (getattr(js, "filename", None) or "", getattr(js, "attributes", {}).get("body", ""))
        if key in seen:
            continue
        seen.add(key)
        kept.append(js)
    if "script_files" in context:
        context["script_files"][:] = kept


NAV_TOGGLE = '<summary><span class="toctree-toggle" role="presentation">'
NAV_TOGGLE_NAMED = (
    '<summary><span class="visually-hidden">Show or hide the sections</span>'
    '<span class="toctree-toggle" role="presentation">'
)


def refresh_static(app: Sphinx, exception) -> None:
    """Sphinx 7.4 does not overwrite files already in _static: copy the book's own, so edits reach the pages.
    And two accessibility repairs to the theme's and docutils' markup, found by axe-core."""
    if exception or app.builder.format != "html":
        return
    import shutil

    for f in _static_dir(app).iterdir():
        if f.is_file():
            shutil.copyfile(f, Path(app.outdir) / "_static" / f.name)
    from .. import pdf

    pdf.link_from_html(Path(app.outdir))
    # the citation's machine-readable form, linked from the landing page (sinorus.sphinx.contents.BookCitation)
    shutil.copyfile(Path(app.srcdir) / "CITATION.cff", Path(app.outdir) / "CITATION.cff")
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        new = text.replace(NAV_TOGGLE, NAV_TOGGLE_NAMED)
        # docutils marks the bibliography role="list" although its entries are not list items (axe: critical)
        new = new.replace('<div role="list" class="citation-list">', '<div class="citation-list">')
        new = lighter(new, search_page=page == Path(app.outdir) / "search.html")
        if new != text:
            page.write_text(new, encoding="utf-8")


#: FontAwesome's script (1.4 MB) turns the theme's icons into SVG; the theme's stylesheet draws the same icons
#: from FontAwesome's web fonts without it.
FONTAWESOME_JS = re.compile(r'\s*<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*"></script>')
#: The theme loads the search index (about 0.5 MB) on every page for search-as-you-type, which the book leaves off
#: (the search box opens search.html, which loads the index itself).
SEARCH_INDEX_JS = re.compile(r'\s*<script src="[^"]*searchindex\.js"></script>')


def lighter(html: str, search_page: bool = False) -> str:
    """A page without the scripts it does not use: FontAwesome's, and the search index except on the search page."""
    html = FONTAWESOME_JS.sub("", html)
    return html if search_page else SEARCH_INDEX_JS.sub("", html)


def chart_scripts(app: Sphinx, pagename, templatename, context, doctree) -> None:
    body = context.get("body", "")
    if 'class="sinorus-figure"' in body:
        # classic scripts (module scripts are blocked on file://); only on pages that draw charts
        app.add_js_file("sinorus-vega.js")
        app.add_js_file("sinorus-charts.js")
    if "sinorus-searchable" in body:
        app.add_js_file("sinorus-table.js")
