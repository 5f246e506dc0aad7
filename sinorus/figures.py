"""The chart shapes that more than one page draws, each defined once: a chapter loads its tables, picks its rows and
years, calls one of these and publishes the chart with ``sinorus.figure``.

Labels, colours and units are data: series labels and colours from ``sinorus/series.csv`` (:mod:`sinorus.palette`),
the unit of a modern trade series from ``data/trade_series.csv``, the event codes' scale from the data package.
"""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import pandas as pd

from . import palette
from .charts import event_tooltip, period_bands

#: The dash of every reference line and event rule.
DASH = [4, 3]


def _mid_year(years: pd.Series) -> pd.Series:
    return pd.to_datetime(years.astype(int).astype(str) + "-07-01")


def year_scale(first: int, last: int) -> alt.Scale:
    return alt.Scale(domain=[alt.DateTime(year=first, month=1, date=1), alt.DateTime(year=last, month=12, date=31)])


def gap_years(years, first: int, last: int) -> pd.DataFrame:
    """The years of ``first``..``last`` missing from ``years``, each with its first and last day (``from``, ``to``)."""
    covered = {int(y) for y in years}
    gaps = pd.DataFrame({"year": [y for y in range(first, last + 1) if y not in covered]})
    gaps["from"] = pd.to_datetime(gaps["year"].astype(str) + "-01-01")
    gaps["to"] = pd.to_datetime(gaps["year"].astype(str) + "-12-31")
    return gaps


def level_rule(y: float = 0, colour: str = "rule") -> alt.Chart:
    """A dashed horizontal line at ``y`` (zero, parity) behind a chart."""
    return alt.Chart(pd.DataFrame({"y": [y]})).mark_rule(color=palette.colour(colour), strokeDash=DASH).encode(y="y:Q")


# ------------------------------------------------------------------------------- Soviet-era trade, one panel a currency
@dataclass(frozen=True)
class Panels:
    chart: alt.VConcatChart
    plot: pd.DataFrame  # the rows drawn, on a full grid of years (missing years are gaps, never bridged)
    gaps: pd.DataFrame  # the years shaded as having no value


def currency_panels(
    shown: pd.DataFrame,
    first: int,
    last: int,
    *,
    gaps: pd.DataFrame,
    by_flow: bool = False,
    height: int = 130,
    heights: dict | None = None,
    width: int = 430,
    tick_count: int = 10,
    legend_columns: int = 2,
    label_limit: int = 215,
    gap_title: str = "No value for",
    tooltip: tuple = (),
    layers: dict | None = None,
) -> Panels:
    """China's trade with the USSR (rows of data/trade_soviet_annual.csv), one panel per currency in the order of
    the group ``unit`` of series.csv, x shared; one line and colour per series (per series and flow with
    ``by_flow``), labelled and coloured as the group ``soviet_trade`` says; lines join only consecutive years;
    ``gaps`` (see :func:`gap_years`) are shaded. ``tooltip`` adds fields before the source; ``layers`` adds a
    chart to a unit's panel (``{"million_usd": marks}``)."""
    names, colours = palette.labels("soviet_trade"), palette.colour_of("soviet_trade")
    units, flows = palette.labels("unit"), palette.labels("flow_soviet")
    keys = ["series_id", "flow"] if by_flow else ["series_id"]
    grid = []
    for _, g in shown.groupby(keys):
        full = pd.DataFrame({"year": range(int(g["year"].min()), int(g["year"].max()) + 1)}).merge(
            g, on="year", how="left"
        )
        for k in [*keys, "unit"]:
            full[k] = g[k].iloc[0]
        grid.append(full)
    plot = pd.concat(grid, ignore_index=True)
    plot["year_date"] = _mid_year(plot["year"])
    plot["series"] = plot["series_id"].map(names) + (", " + plot["flow"].map(flows) if by_flow else "")
    if by_flow:
        labels = list(dict.fromkeys(plot.sort_values(keys)["series"]))
        ids = dict(zip(plot["series"], plot["series_id"]))
        scale = alt.Scale(domain=labels, range=[colours[ids[lab]] for lab in labels])
    else:
        order = [s for s in names if s in set(shown["series_id"])]
        labels = [names[s] for s in order]
        scale = alt.Scale(domain=labels, range=[colours[s] for s in order])
    color = alt.Color(
        "series:N",
        title=None,
        sort=labels,
        scale=scale,
        legend=alt.Legend(orient="bottom", columns=legend_columns, labelLimit=label_limit),
    )
    xs = year_scale(first, last)
    shade = (
        alt.Chart(gaps)
        .mark_rect(color=palette.colour("gap"), opacity=0.15)
        .encode(x=alt.X("from:T", scale=xs), x2="to:T", tooltip=[alt.Tooltip("year:O", title=gap_title)])
    )
    panels = []
    for unit in [u for u in units if u in set(plot["unit"])]:
        base = alt.Chart(plot[plot["unit"] == unit]).encode(
            x=alt.X("year_date:T", title=None, axis=alt.Axis(format="%Y", tickCount=tick_count), scale=xs),
            y=alt.Y("value:Q", title=units[unit]),
            color=color,
            detail="series:N" if by_flow else "series_id:N",
        )
        dots = base.mark_point(filled=True, size=55).encode(
            tooltip=[
                alt.Tooltip("year:O", title="Year"),
                alt.Tooltip("series:N", title="Series"),
                alt.Tooltip("value:Q", title=units[unit], format=",.0f"),
                alt.Tooltip("qualifier:N", title="As stated"),
                *tooltip,
                alt.Tooltip("source_key:N", title="Source"),
                alt.Tooltip("locator:N", title="Where"),
            ]
        )
        layer = shade + base.mark_line(invalid="break-paths-show-domains") + dots
        if layers and unit in layers:
            layer = layer + layers[unit]
        panels.append(layer.properties(height=(heights or {}).get(unit, height), width=width))
    return Panels(alt.vconcat(*panels).resolve_scale(color="shared"), plot, gaps)


# ------------------------------------------------------------------------------------------ a trade series by flow
@dataclass(frozen=True)
class FlowLines:
    chart: alt.LayerChart
    rows: pd.DataFrame  # the series' rows, as in data/trade.csv
    years: range
    unit: str  # from data/trade_series.csv


def flow_lines(
    trade: pd.DataFrame,
    series: pd.DataFrame,
    series_id: str,
    *,
    first: int | None = None,
    tick_count: int | str | None = None,
    value_format: str | None = None,
) -> FlowLines:
    """One trade series (data/trade.csv) from ``first`` on: total, exports and imports as lines with points, each
    flow labelled as the group ``flow`` of series.csv says, the axis in the unit data/trade_series.csv gives
    (``tick_count="years"``: a tick for every year)."""
    unit = series.set_index("series_id").loc[series_id, "unit"]
    flows = palette.labels("flow")
    rows = trade[trade["series_id"] == series_id]
    rows = (rows if first is None else rows[rows["year"] >= first]).copy()
    years = range(int(rows["year"].min()), int(rows["year"].max()) + 1)
    grid = pd.MultiIndex.from_product([years, list(flows)], names=["year", "flow"]).to_frame(index=False)
    plot = grid.merge(rows, on=["year", "flow"], how="left")
    plot["flow_label"] = plot["flow"].map(flows)
    plot["year_date"] = _mid_year(plot["year"])
    if tick_count == "years":
        tick_count = len(years)
    axis = alt.Axis(format="%Y") if tick_count is None else alt.Axis(format="%Y", tickCount=tick_count)
    base = alt.Chart(plot).encode(
        x=alt.X("year_date:T", title=None, axis=axis),
        y=alt.Y("value:Q", title=unit),
        color=alt.Color("flow_label:N", title=None, sort=list(flows.values())),
    )
    value = alt.Tooltip("value:Q", title=unit, **({"format": value_format} if value_format else {}))
    chart = base.mark_line(invalid="break-paths-show-domains") + base.mark_point().encode(
        tooltip=[
            alt.Tooltip("year:O", title="Year"),
            alt.Tooltip("flow_label:N", title="Flow"),
            value,
            alt.Tooltip("source_key:N", title="Source"),
            alt.Tooltip("locator:N", title="Where in the source"),
        ]
    )
    return FlowLines(chart, rows, years, unit)


# ------------------------------------------------------------------------------------------------- dated events
def event_rules(
    marks: pd.DataFrame,
    *,
    x: str = "start",
    text: str = "label",
    scale: alt.Scale | None = None,
    colour: str = "muted",
    tooltip: bool = True,
    **text_style,
) -> tuple[alt.Chart, alt.Chart]:
    """Dashed vertical lines at dated events (rows with ``x``, a date) and their labels (``text``) at the top of
    the plot: the rules and the labels, to layer with the chart they annotate."""
    ink = palette.colour(colour)
    where = alt.X(f"{x}:T", scale=scale) if scale is not None else f"{x}:T"
    rules = alt.Chart(marks).mark_rule(strokeDash=DASH, color=ink)
    rules = rules.encode(x=where, tooltip=event_tooltip()) if tooltip else rules.encode(x=where)
    labels = alt.Chart(marks).mark_text(color=ink, **text_style).encode(x=where, y=alt.value(0), text=f"{text}:N")
    return rules, labels


def score_scale() -> tuple[int, int]:
    """The event codes' scale (lowest, highest), as the data package defines the field ``score``."""
    from .data.descriptor import resource

    field = next(f for f in resource("event_codes")["schema"]["fields"] if f["name"] == "score")
    return field["constraints"]["minimum"], field["constraints"]["maximum"]


def event_codes(coded: pd.DataFrame, start: tuple, end: tuple, *, tick_count: int = 12, height: int = 240):
    """The coded events of a span as dots, from the most hostile code to the most cooperative, one colour and shape
    per dimension, over a dashed zero line; x runs from ``start`` to ``end`` (year, month, day)."""
    low, high = score_scale()
    tone = (
        alt.Chart(coded)
        .mark_point(filled=True, size=70, opacity=0.85)
        .encode(
            x=alt.X(
                "start:T",
                title=None,
                axis=alt.Axis(format="%Y", tickCount=tick_count),
                scale=alt.Scale(
                    domain=[
                        alt.DateTime(year=start[0], month=start[1], date=start[2]),
                        alt.DateTime(year=end[0], month=end[1], date=end[2]),
                    ]
                ),
            ),
            y=alt.Y(
                "score:Q",
                title=f"Code of the event ({low} hostile to +{high} cooperative)",
                scale=alt.Scale(domain=[low, high]),
            ),
            color=alt.Color("dimension:N", title="Dimension"),
            shape=alt.Shape("dimension:N", title="Dimension"),
            tooltip=event_tooltip(alt.Tooltip("score:Q", title="Code"), alt.Tooltip("event_type:N", title="Type")),
        )
    )
    return (level_rule(0) + tone).properties(height=height)


# ------------------------------------------------------------------------------------- the relationship index
def index_bars(
    yearly: pd.DataFrame,
    periods: pd.DataFrame,
    first: int,
    last: int,
    *,
    title: str,
    tooltip: list,
    value: str = "index",
    scale: alt.Scale | None = None,
    colour: str = "index_grey",
    band_opacity: float = 0.18,
    band_tooltip: tuple = (),
) -> alt.LayerChart:
    """A yearly value of the relationship index (``value``: the sum of the year's event scores, or their mean) as
    bars from zero, years without events having none, over the periods as bands."""
    shown = yearly.dropna(subset=[value]).assign(
        year_start=lambda d: pd.to_datetime(d["year"].astype(str) + "-01-20"),
        year_end=lambda d: pd.to_datetime(d["year"].astype(str) + "-12-10"),
    )
    y = alt.Y(f"{value}:Q", title=title) if scale is None else alt.Y(f"{value}:Q", title=title, scale=scale)
    bands = period_bands(periods, first, last, opacity=band_opacity, tooltip=band_tooltip)
    bars = (
        alt.Chart(shown)
        .mark_rect(color=palette.colour(colour))
        .encode(x="year_start:T", x2="year_end:T", y=y, y2=alt.datum(0), tooltip=tooltip)
    )
    return bands + bars
