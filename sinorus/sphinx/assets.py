"""What the HTML pages carry besides the text: the chart and table scripts served from the book itself (no network)
and only on the pages that need them, the edition's version and repository address, the data-package zip, and two
accessibility repairs to the theme's markup."""

from __future__ import annotations

import base64
import hashlib
import os
import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

from .. import bib, edition, kernel, paths
from . import slim

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
        "sinorus-refs.js": (STATIC / "sinorus-refs.js").read_text(encoding="utf-8"),
        "sinorus-bibpages.js": bibliography_pages_script(),
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


def bibliography_pages_script() -> str:
    """``window.sinorusBibPages``: each entry's anchor (``cite-{key}``, as docutils makes ids) -> its bibliography
    page, for sinorus-refs.js; kept in the data store until references.bib or sinorus.bib change."""
    import json

    from docutils.nodes import make_id

    from ..data import store

    def compute() -> str:
        pages = {
            make_id(f"cite-{key}"): bib.page_of(entry.fields.get("sourcetype", "").strip())
            for key, entry in sorted(bib.entries().entries.items())
        }
        return "window.sinorusBibPages = " + json.dumps(pages, separators=(",", ":")) + ";\n"

    return store.remember("bib-pages", [paths.bibfile(), Path(bib.__file__)], compute)


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
    Then every page made lighter: two accessibility repairs to the theme's and docutils' markup (found by axe-core),
    no scripts it does not use, its charts' specifications and CSV downloads in files of their own, and style sheets
    and icon fonts without the rules and glyphs no page uses (:mod:`.slim`)."""
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
    used: set[str] = set()
    written = getattr(app, "sinorus_written", set())
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if str(page) not in written:  # a page this build did not write was made lighter when it was written
            used.update(FIGURE_FILE.findall(text))
            continue
        new = text.replace(NAV_TOGGLE, NAV_TOGGLE_NAMED)
        # docutils marks the bibliography role="list" although its entries are not list items (axe: critical)
        new = new.replace('<div role="list" class="citation-list">', '<div class="citation-list">')
        new = lighter(new, search_page=page == Path(app.outdir) / "search.html")
        new = externalise_figures(new, page, Path(app.outdir))
        if new != text:
            page.write_text(new, encoding="utf-8")
        used.update(FIGURE_FILE.findall(new))
    figures = Path(app.outdir) / FIGURE_DIR
    for f in figures.iterdir() if figures.is_dir() else ():
        if f.name not in used:  # a figure no page shows any more
            f.unlink()
    slim.slim(Path(app.outdir))  # the style sheets and icon fonts the pages load, cut to what they use


#: FontAwesome's script (1.4 MB) turns the theme's icons into SVG; the theme's stylesheet draws the same icons
#: from FontAwesome's web fonts without it.
FONTAWESOME_JS = re.compile(r'\s*<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*"></script>')
#: The theme loads the search index (about 0.5 MB) and Sphinx's search scripts on every page for search-as-you-type,
#: which the book leaves off (the theme's option search_as_you_type is false): the search box opens search.html,
#: the one page that loads them.
SEARCH_JS = re.compile(
    r'\s*<script src="[^"]*(?:searchindex|_static/searchtools|_static/language_data)\.js[^"]*"></script>'
)
#: Scripts that act only on some markup, with the classes an element of it carries (any one set): dropped from the
#: pages that have none (the copy button's 'div.highlight pre', sphinx-design's tabs, sphinx-togglebutton's
#: '.toggle, .admonition.dropdown' and its details).
SCRIPT_WANTS = {
    "clipboard.min.js": ({"highlight"},),
    "copybutton.js": ({"highlight"},),
    "design-tabs.js": ({"sd-tab-set"},),
    "togglebutton.js": ({"toggle"}, {"toggle-details"}, {"admonition", "dropdown"}),
}
CLASSES = re.compile(r'\sclass="([^"]*)"')


def lighter(html: str, search_page: bool = False) -> str:
    """A page without the scripts it does not use: FontAwesome's, the search scripts except on the search page,
    and the scripts for markup it does not have."""
    html = FONTAWESOME_JS.sub("", html)
    if not search_page:
        html = SEARCH_JS.sub("", html)
    elements = [set(value.split()) for value in CLASSES.findall(html)]
    for script, wants in SCRIPT_WANTS.items():
        if not any(want <= element for want in wants for element in elements):
            html = re.sub(rf'\s*<script [^>]*src="[^"]*_static/{re.escape(script)}[^"]*"></script>', "", html)
    return html


#: Each chart's specification (its data included) and its CSV download are files beside the pages, not text in
#: them: a page stays small, and a figure shown on two pages is one file. The specification is a classic script
#: (it registers itself in window.sinorusSpecs; sinorus-charts.js reads it), so charts draw from file:// too.
FIGURE_DIR = "_figures"
INLINE_SPEC = re.compile(r'<script type="application/json" class="sinorus-spec">(.*?)</script>', re.S)
INLINE_CSV = re.compile(r'href="data:text/csv;charset=utf-8;base64,([A-Za-z0-9+/=]*)"')
FIGURE_FILE = re.compile(FIGURE_DIR + r"/([0-9a-f]{16}\.(?:js|csv))")


def _figure_file(outdir: Path, page: Path, name: str, body: bytes) -> str:
    """Write ``_figures/name`` once; return its address relative to ``page``."""
    target = outdir / FIGURE_DIR / name
    if not target.exists():
        target.parent.mkdir(exist_ok=True)
        target.write_bytes(body)
    return os.path.relpath(target, page.parent).replace(os.sep, "/")


def externalise_figures(html: str, page: Path, outdir: Path) -> str:
    """Move the inline chart specifications and CSV downloads of a built page into files under ``_figures/``."""

    def spec(m: re.Match) -> str:
        body = m.group(1).strip()
        key = hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]
        script = f'(window.sinorusSpecs = window.sinorusSpecs || {{}})["{key}"] = {body};\n'
        src = _figure_file(outdir, page, key + ".js", script.encode("utf-8"))
        return f'<script class="sinorus-spec" data-spec="{key}" src="{src}"></script>'

    def csv(m: re.Match) -> str:
        body = base64.b64decode(m.group(1))
        return f'href="{_figure_file(outdir, page, hashlib.sha256(body).hexdigest()[:16] + ".csv", body)}"'

    return INLINE_CSV.sub(csv, INLINE_SPEC.sub(spec, html))


def note_written(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """The pages this build writes (the others were made lighter when they were written)."""
    if not hasattr(app, "sinorus_written"):
        app.sinorus_written = set()
    app.sinorus_written.add(str(Path(app.builder.get_outfilename(pagename))))


def chart_scripts(app: Sphinx, pagename, templatename, context, doctree) -> None:
    body = context.get("body", "")
    if 'class="sinorus-figure"' in body:
        # classic scripts (module scripts are blocked on file://); only on pages that draw charts
        app.add_js_file("sinorus-vega.js")
        app.add_js_file("sinorus-charts.js")
    if "sinorus-searchable" in body:
        app.add_js_file("sinorus-table.js")
    if pagename == "book/references":  # the whole bibliography's old anchors, sent on to the entry's page
        app.add_js_file("sinorus-bibpages.js")
        app.add_js_file("sinorus-refs.js")
