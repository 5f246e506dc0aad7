"""The printed book's figures, drawn when LaTeX needs them: a myst-nb mime renderer (registered under the entry point
group ``myst_nb.mime_renderers`` in pyproject.toml) for the output every book figure carries for print
(``drawings.PRINT_MIME``). In the LaTeX build it draws the figure's record (in the output's metadata) as a vector PDF
and places it as myst-nb places any PDF output; in every other build it renders nothing, and the web page's chart
(``text/html``) is the one shown. The chapters' kernels therefore never draw for print, and a drawing is made once
per change of the chart (kept by :func:`sinorus.drawings.draw`).
"""

from __future__ import annotations

import base64

from .. import drawings
from ..kernel import FIGURE_KEY


class PrintFigure:
    """myst-nb's ``MimeRenderPlugin``: chooses the print drawing first in LaTeX builds."""

    mime_priority_overrides = [("latex", drawings.PRINT_MIME, 5)]  # before application/pdf (10)

    @staticmethod
    def handle_mime(renderer, data, inline: bool):
        if data.mime_type != drawings.PRINT_MIME:
            return None  # not ours: myst-nb's own renderers take it
        app = renderer.renderer.document.settings.env.app  # (myst-nb's own builder_name is not set under Sphinx)
        if app.builder.name != "latex":
            return []  # the web page shows the chart itself (text/html)
        rec = data.output_metadata.get(FIGURE_KEY)
        if not rec:
            raise ValueError(f"a figure's print output without its record ({FIGURE_KEY} in the output's metadata)")
        from myst_nb.core.render import MimeData

        pdf = drawings.draw(rec, "pdf", drawings.folder(app.outdir))
        drawn = MimeData(
            "application/pdf",
            base64.b64encode(pdf).decode("ascii"),
            cell_metadata=data.cell_metadata,
            output_metadata=data.output_metadata,
            cell_index=data.cell_index,
            output_index=data.output_index,
            line=data.line,
        )
        return renderer.render_image(drawn)
