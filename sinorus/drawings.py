"""A figure drawn as a static image from its record (specification and source line): vector PDF for the printed book,
SVG for the notebook a reader downloads or runs. The one place charts are drawn outside a browser, and light to import
(no Altair, no pandas): the build's Sphinx process draws with it.

The web page draws each chart in the reader's browser; the printed drawing is made only by the PDF build, when LaTeX
needs it (:mod:`sinorus.sphinx.printfigures`), so the chapters' kernels never draw for print. Drawing takes vl-convert
about a fifth of a second per chart, so each drawing is kept in a folder under a hash of what it is drawn from (the
print specification and vl-convert's version): a chart is drawn again only when it changes.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from . import paths
from .palette import MUTED

#: The output a book figure carries for print: the record is in the output's metadata, drawn by the PDF build.
PRINT_MIME = "application/vnd.sinorus.print+json"

#: Width in points of a chart's plot area in the PDF (the text block of the LaTeX book is about 450 pt wide; the
#: axes and legends around the plot take the rest). The drawing grows to hold every label and legend entry
#: (autosize "pad": nothing is cut), and LaTeX scales a drawing wider than the text block down to it.
PDF_WIDTH = 380
#: Characters per line of the source line under a chart in the PDF (8 pt type on the drawing's width).
PDF_SOURCE_CHARS = 95


def _wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` characters, broken at spaces (Vega titles take a list of lines)."""
    return textwrap.wrap(text, width=width, break_long_words=False) or [text]


def print_spec(spec: dict, source: str) -> dict:
    """The specification as drawn outside the browser: a fixed width and the source line under the chart."""
    spec = json.loads(json.dumps(spec))

    def fix(node):
        if isinstance(node, dict):
            if node.get("width") == "container":
                node["width"] = PDF_WIDTH
            for v in node.values():
                fix(v)
        elif isinstance(node, list):
            for v in node:
                fix(v)

    fix(spec)
    if "title" in spec:
        raise ValueError("figures carry their title in the caption: remove the chart's own title")
    spec["title"] = {
        "text": _wrap(f"Source: {source}", PDF_SOURCE_CHARS),
        "orient": "bottom",
        "anchor": "start",
        "fontSize": 8,
        "fontWeight": "normal",
        "color": MUTED,
        "offset": 10,
    }
    # print has no container to fit: the drawing is as large as its contents (no label, legend entry or source
    # line cut at a fixed width), and LaTeX fits it to the text block
    spec["autosize"] = {"type": "pad", "contains": "padding"}
    return spec


def folder(outdir: str | Path) -> Path:
    """Where a build keeps its drawings between runs (beside its output folder)."""
    return Path(outdir).parent / ".sinorus-drawings"


def draw(rec: dict, fmt: str, keep: Path | None = None) -> bytes:
    """The figure ``rec`` (its ``spec`` and ``source``) drawn as ``fmt`` ("pdf" or "svg"), kept in ``keep``."""
    import vl_convert as vlc

    convert = {"pdf": vlc.vegalite_to_pdf, "svg": vlc.vegalite_to_svg}[fmt]

    def drawn() -> bytes:
        out = convert(print_spec(rec["spec"], rec["source"]))
        return out.encode("utf-8") if isinstance(out, str) else bytes(out)

    if keep is None:
        return drawn()
    key = json.dumps([rec["spec"], rec["source"], fmt, getattr(vlc, "__version__", "")], sort_keys=True)
    return paths.kept(keep, key, fmt, drawn)
