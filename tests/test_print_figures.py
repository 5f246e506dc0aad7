"""The printed book's figures are drawn by the PDF build from each figure's record (sinorus/sphinx/printfigures.py),
not in the chapters' kernels; a figure that reaches print without its drawing stops the build (sinorus/sphinx/checks.py).
"""

from __future__ import annotations

import base64
from types import SimpleNamespace

import pandas as pd
from docutils import nodes
from myst_nb.core.render import MimeData, get_mime_priority

from sinorus import charts, drawings
from sinorus.kernel import FIGURE_KEY
from sinorus.sphinx import checks
from sinorus.sphinx.printfigures import PrintFigure


def a_figure():
    import altair as alt

    data = pd.DataFrame({"year": [1950, 1960], "value": [1.0, 2.0]})
    chart = alt.Chart(data).mark_line().encode(x="year:O", y="value:Q")
    return charts.Figure(chart, name="fig-test", source="A test.", data=data, description="A test line.")


def fake_renderer(builder: str, outdir):
    """What the plugin reads of myst-nb's renderer: the Sphinx app (builder, output folder) and render_image."""
    placed = []
    app = SimpleNamespace(builder=SimpleNamespace(name=builder), outdir=str(outdir))
    document = SimpleNamespace(settings=SimpleNamespace(env=SimpleNamespace(app=app)))
    return SimpleNamespace(
        renderer=SimpleNamespace(document=document), render_image=lambda d: placed.append(d) or [d]
    ), placed


def test_the_kernel_output_carries_the_record_for_print_and_no_drawing(monkeypatch):
    monkeypatch.setenv(charts.BOOK_ENV, "1")
    bundle, metadata = a_figure()._repr_mimebundle_()
    assert drawings.PRINT_MIME in bundle and "text/html" in bundle
    assert "application/pdf" not in bundle, "the kernel drew for print"
    assert metadata[FIGURE_KEY]["name"] == "fig-test"


def test_latex_prefers_the_print_drawing_and_the_web_page_ignores_it():
    latex = get_mime_priority("latex", [])
    assert latex.index(drawings.PRINT_MIME) < latex.index("application/pdf")
    html = get_mime_priority("html", [])
    assert drawings.PRINT_MIME not in html


def test_the_pdf_build_draws_the_record_as_a_vector_pdf(tmp_path):
    fig = a_figure()
    data = MimeData(drawings.PRINT_MIME, {"name": fig.name}, output_metadata={FIGURE_KEY: fig.record()})
    renderer, placed = fake_renderer("latex", tmp_path / "latex")
    PrintFigure.handle_mime(renderer, data, False)
    assert [d.mime_type for d in placed] == ["application/pdf"]
    assert base64.b64decode(placed[0].content).startswith(b"%PDF")
    assert list((tmp_path / ".sinorus-drawings").glob("*.pdf")), "the drawing was not kept for the next build"


def test_other_builds_and_other_outputs_are_left_alone(tmp_path):
    fig = a_figure()
    data = MimeData(drawings.PRINT_MIME, {"name": fig.name}, output_metadata={FIGURE_KEY: fig.record()})
    renderer, placed = fake_renderer("html", tmp_path / "html")
    assert PrintFigure.handle_mime(renderer, data, False) == []
    assert PrintFigure.handle_mime(renderer, MimeData("text/html", "<p>x</p>"), False) is None
    assert placed == [] and not (tmp_path / ".sinorus-drawings").exists()


def test_a_figure_without_its_drawing_in_print_is_reported(monkeypatch):
    said = []
    doctree = nodes.document(None, None)
    stand_in = nodes.literal_block("", "<Figure fig-overview-index: Bar chart of the index.>")
    stand_in.source, stand_in.line = "book/overview.md", 12
    doctree += stand_in
    doctree += nodes.literal_block("", "print('<Figure> is just code here')")
    monkeypatch.setattr(checks.logger, "warning", lambda msg, **kw: said.append((msg, kw["location"])))
    checks.check_print_figures(doctree)
    assert len(said) == 1 and "fig-overview-index" in said[0][0] and said[0][1] is stand_in
