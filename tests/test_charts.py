"""The shared chart pieces (sinorus.charts) on the book's own periods table."""

from __future__ import annotations

import pandas as pd

from sinorus import charts, load


def test_period_bands_are_cut_to_the_years_shown():
    periods = load("periods")
    layer = charts.period_bands(periods, 1950, 1991)
    bands = layer.data
    assert bands["start"].min() == pd.Timestamp("1950-01-01")
    assert bands["end"].max() == pd.Timestamp("1991-12-31")
    # periods wholly outside the years shown are left out; the ones inside keep their own dates
    assert set(bands["period_id"]) == set(
        periods[(periods["start"] <= "1991-12-31") & (periods["end"].isna() | (periods["end"] >= "1950-01-01"))][
            "period_id"
        ]
    )
    spec = layer.to_dict()
    assert spec["encoding"]["color"]["scale"]["range"] == [charts.PERIOD_COLORS[p] for p in bands["period_id"]]


def test_the_open_period_ends_with_the_data_not_a_typed_date():
    periods = load("periods")
    assert periods["end"].isna().sum() == 1
    bands = charts.period_bands(periods, 1949, 2031).data
    assert bands["end"].max() == pd.Timestamp("2031-12-31")


def test_event_tooltip_keeps_date_title_extras_source_in_order():
    import altair as alt

    tip = charts.event_tooltip(alt.Tooltip("score:Q", title="Code"))
    assert [t.to_dict()["title"] for t in tip] == ["Date", "Event", "Code", "Source"]
    assert [t.to_dict()["field"] for t in tip] == ["date_label", "title", "score", "source_key"]


# ------------------------------------------------------------------------------------------- print and sources
def words_outside_the_page(pdf: bytes) -> list[str]:
    """The words of a one-page PDF drawn (partly) outside its page: text the page cuts off."""
    import re
    import subprocess

    html = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    html = html.decode("utf-8")
    page = re.search(r'<page width="([\d.]+)" height="([\d.]+)"', html)
    w, h = float(page.group(1)), float(page.group(2))
    out = []
    for x0, y0, x1, y1, word in re.findall(
        r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">([^<]*)</word>', html
    ):
        if float(x0) < -0.5 or float(y0) < -0.5 or float(x1) > w + 0.5 or float(y1) > h + 0.5:
            out.append(word)
    return out


def crowded_figure() -> charts.Figure:
    """A chart with what print used to cut: long legend labels in two columns, a long y title, a long source."""
    import altair as alt

    data = pd.DataFrame(
        {
            "year": [2000, 2001, 2000, 2001],
            "v": [1, 2, 3, 4],
            "series": ["China's customs: imports from Russia, in current US dollars"] * 2
            + ["Russia's customs: exports to China, in current US dollars, as revised"] * 2,
            "source_key": ["maxwell2007", "maxwell2007", "jiang2019", "jiang2019"],
        }
    )
    chart = (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x="year:O",
            y=alt.Y("v:Q", title="A long axis title that says what the values are, with its unit"),
            color="series:N",
            tooltip=["v:Q", alt.Tooltip("source_key:N", title="Source")],
        )
    )
    source = "; ".join(["a source named in full with its table and page, Table 12, p. 345"] * 6) + "; LAST"
    return charts.Figure(chart, name="fig-crowded", source=source, data=data, description="A test chart " * 3)


def test_print_cuts_no_chart_text_and_no_source_line():
    import shutil

    import pytest

    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    fig = crowded_figure()
    pdf = fig.pdf()
    assert words_outside_the_page(pdf) == []
    import subprocess

    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "LAST" in text, "the source line lost its end"
    assert "as revised" in text, "a legend label was cut"


def test_sources_by_label_in_tooltips_tables_and_csv():
    """Readers see the bibliography's label ("Maxwell 2007"); the CSV keeps the key and adds the label."""
    import csv
    import io
    import json

    from sinorus import biblabels

    fig = crowded_figure()
    labels = biblabels.labels()
    rows = list(csv.DictReader(io.StringIO(fig.csv())))
    assert rows[0]["source_key"] == "maxwell2007" and rows[0]["source_key_label"] == labels["maxwell2007"]
    spec = json.dumps(fig.spec)
    assert '"field": "source_key_label"' in spec and labels["jiang2019"] in spec
    table = fig.data_table()
    assert 'data-cite="maxwell2007"' in table and f">{labels['maxwell2007']}</a>" in table
    assert "source_key_label" not in table


def test_tables_show_sources_by_their_bibliography_label():
    import pandas as pd

    from sinorus import biblabels, tables

    labels = biblabels.labels()
    key_a, key_b = sorted(labels)[:2]
    shown = tables.table(pd.DataFrame({"year": [2000], "source_key": [f"{key_a};{key_b}"]}))._repr_markdown_()
    assert labels[key_a] in shown and labels[key_b] in shown
    assert key_a not in shown.replace(tables.escape(labels[key_a]), "")


def test_an_empty_table_is_said_not_drawn():
    import pandas as pd

    from sinorus import tables

    shown = tables.table(pd.DataFrame({"year": [], "source_key": []}))._repr_markdown_()
    assert "|" not in shown and "No rows" in shown
