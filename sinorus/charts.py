"""One chart theme, the period palette and bands, the event tooltip; and, re-exported from :mod:`sinorus.publish`,
``figure()``, the one way to publish a chart. The colours are data: :mod:`sinorus.palette` reads them from
``palette.csv`` and ``series.csv``; the chart shapes that several chapters draw are functions of :mod:`sinorus.figures`.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from .kernel import BOOK_ENV, FIGURE_KEY, FONT_FAMILIES, font_files  # noqa: F401  (re-exported)
from .palette import GRID, INK, MUTED, PERIOD_COLORS, SERIES_COLORS  # noqa: F401  (re-exported)
from .publish import (  # noqa: F401  (re-exported: the chapters and tests know them as sinorus.charts.*)
    FONT,
    LABEL_SUFFIX,
    LICENCE,
    PDF_SOURCE_CHARS,
    PDF_WIDTH,
    Figure,
    PublishedFigure,
    _tooltip_labels,
    cite_labels,
    figure,
    in_book,
    with_source_labels,
)


@alt.theme.register("sinorus", enable=True)
def theme() -> alt.theme.ThemeConfig:
    return {
        "width": "container",
        "height": 260,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "config": {
            "font": FONT,
            "background": "white",
            "view": {"stroke": None},
            "axis": {
                "labelColor": INK,
                "titleColor": INK,
                "labelFontSize": 11,
                "titleFontSize": 12,
                "titleFontWeight": "normal",
                "gridColor": GRID,
                "domainColor": MUTED,
                "tickColor": MUTED,
            },
            "axisX": {"grid": False, "labelFlush": True},
            "legend": {
                # legends sit below the plot, never on top of the data
                "orient": "bottom",
                "direction": "horizontal",
                "labelFontSize": 11,
                "titleFontSize": 11,
                "titleFontWeight": "normal",
                "labelLimit": 0,
                "columns": 2,
                "symbolType": "square",
            },
            "title": {"font": FONT, "fontSize": 13, "color": INK, "anchor": "start"},
            "range": {"category": SERIES_COLORS},
            "line": {"strokeWidth": 2},
            "point": {"size": 36, "filled": True},
            "text": {"font": FONT, "color": INK},
        },
    }


def period_scale(periods: pd.DataFrame, by: str = "label") -> alt.Scale:
    """The colour scale for a field holding the periods' ``label`` (or ``period_id``), for the periods given,
    in their order, each in its one colour."""
    missing = [p for p in periods["period_id"] if p not in PERIOD_COLORS]
    if missing:
        raise KeyError(
            f"no colour for period(s) {', '.join(missing)}: add them to the group 'period' of sinorus/series.csv"
        )
    return alt.Scale(domain=list(periods[by]), range=[PERIOD_COLORS[p] for p in periods["period_id"]])


def period_bands(
    periods: pd.DataFrame, first_year: int, last_year: int, *, opacity: float = 0.18, tooltip: tuple = ()
) -> alt.Chart:
    """The periods as coloured bands behind a yearly chart, cut to ``first_year``..``last_year`` (the open last
    period ends with the data, never at a typed date): x is time, the colour legend lists the periods in order."""
    start, end = pd.Timestamp(f"{first_year}-01-01"), pd.Timestamp(f"{last_year}-12-31")
    bands = periods[(periods["end"].isna() | (periods["end"] >= start)) & (periods["start"] <= end)].copy()
    bands["start"] = bands["start"].clip(lower=start)
    bands["end"] = bands["end"].fillna(end).clip(upper=end)
    return (
        alt.Chart(bands)
        .mark_rect(opacity=opacity)
        .encode(
            x=alt.X("start:T", title=None, axis=alt.Axis(format="%Y", tickCount=10)),
            x2="end:T",
            color=alt.Color("label:N", title="Period", scale=period_scale(bands), sort=list(bands["label"])),
            tooltip=[
                alt.Tooltip("label:N", title="Period"),
                alt.Tooltip("description:N", title="Definition"),
                *tooltip,
            ],
        )
    )


def event_tooltip(*extra: alt.Tooltip) -> list[alt.Tooltip]:
    """The tooltip of a dated event (a row of data/events.csv or a table like it): its date as written, its title,
    any fields the chart adds, and its source key, in that order on every chart."""
    return [
        alt.Tooltip("date_label:N", title="Date"),
        alt.Tooltip("title:N", title="Event"),
        *extra,
        alt.Tooltip("source_key:N", title="Source"),
    ]


def _bare_chart_renderer(spec, **kwargs):
    raise RuntimeError(
        "a chart was displayed directly; in the book every chart is published with "
        "sinorus.figure(chart, name=..., source=..., data=..., description=...) and a {glue:figure} directive"
    )


alt.renderers.register("sinorus-book", _bare_chart_renderer)
# In the book a bare chart would load Vega from a CDN and carry no source: refuse it. Readers get static SVG.
alt.renderers.enable("sinorus-book" if in_book() else "svg")
