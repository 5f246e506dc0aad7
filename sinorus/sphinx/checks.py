"""Checks on the pages as Sphinx resolves them: a chart is published only as a numbered, captioned figure."""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)


def check_figures(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Every chart is a numbered figure with a caption (it carries its source note itself)."""
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
