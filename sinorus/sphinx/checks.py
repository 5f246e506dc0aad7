"""Checks on the pages as Sphinx resolves them: a chart is published only as a numbered, captioned figure, and in
print every such figure is a drawing (never the text that stands for it in a plain-text view)."""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)


#: The plain-text stand-in of a book figure (sinorus.publish.Figure), which a page shows only when no drawing was made.
STAND_IN = re.compile(r"^<Figure (\S+): ")


def check_figures(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Every chart is a numbered figure with a caption (it carries its source note itself)."""
    if app.builder.name == "latex":
        return check_print_figures(doctree)
    if app.builder.format != "html":
        return
    for raw in doctree.findall(nodes.raw):
        m = re.search(r'class="sinorus-figure" data-figure="([^"]+)"', raw.astext())
        if not m:
            continue
        parent = raw.parent
        while parent is not None and not isinstance(parent, nodes.figure):
            parent = parent.parent
        captions = list(parent.findall(nodes.caption)) if parent is not None else []
        if parent is None or not captions or not captions[0].astext().strip() or not parent.get("ids"):
            logger.warning(
                f"{docname}: chart '{m.group(1)}' is not a numbered figure with a caption; "
                "show it with a {glue:figure} directive that has a :name: and a caption",
                location=raw,
                type="sinorus",
                subtype="figure",
            )


def check_print_figures(doctree: nodes.document) -> None:
    """In the LaTeX build each figure is drawn (sinorus.sphinx.printfigures); its text stand-in means it was not.
    (The LaTeX build resolves the whole book as one tree: each warning's location names the chapter and line.)"""
    for block in doctree.findall(nodes.literal_block):
        m = STAND_IN.match(block.astext())
        if m:
            logger.warning(
                f"figure '{m.group(1)}' has no drawing in print (is the package installed, with its "
                "myst_nb.mime_renderers entry point? run bin/book setup)",
                location=block,
                type="sinorus",
                subtype="figure",
            )


def charts_only_as_figures(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """A chart drawn any other way than by sinorus.figure (a CDN script, vega-embed, RequireJS) is refused."""
    body = context.get("body", "")
    for bad in ("cdn.jsdelivr.net", "vegaEmbed(", "requirejs"):
        if bad in body:
            logger.warning(
                f"{pagename}: a chart was shown without sinorus.figure ('{bad}' in the page)",
                location=pagename,
                type="sinorus",
                subtype="chart",
            )
