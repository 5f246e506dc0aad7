"""The figure library (sinorus/figures.py) on the book's own tables: each shape's specification has the encodings
and tooltips the pages rely on, its colours come from the one palette table and its labels and units from the data."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from conftest import ROOT

from sinorus import charts, figures, load, palette

HEX = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b")


def colours_in(spec) -> set[str]:
    """Every hex colour anywhere in a specification."""
    return set(HEX.findall(json.dumps(spec)))


def layers(spec: dict) -> list[dict]:
    """The single-view layers of a specification, flattened."""
    out = []
    for key in ("layer", "vconcat", "hconcat", "concat"):
        for sub in spec.get(key, []):
            out += layers(sub)
    return out or [spec]


def tooltip_fields(layer: dict) -> list[str]:
    return [t["field"] for t in layer["encoding"].get("tooltip", [])]


# --------------------------------------------------------------------------------------------------- the palette
def test_every_series_colour_is_a_named_colour_of_the_palette():
    names = set(palette.palette())
    rows = [r for g in palette._series().values() for r in g]
    assert rows and {r["colour"] for r in rows if r["colour"]} <= names
    assert all(HEX.fullmatch(h) for h in palette.palette().values())


def test_the_period_and_series_colours_are_read_from_the_tables():
    assert charts.PERIOD_COLORS == palette.colour_of("period")
    assert set(charts.PERIOD_COLORS) == set(load("periods")["period_id"])
    assert charts.SERIES_COLORS == palette.colours("category")
    theme = charts.theme()["config"]
    assert theme["range"]["category"] == palette.colours("category")
    assert theme["axis"]["labelColor"] == palette.colour("ink")


def test_no_module_writes_a_hex_colour():
    """palette.csv is the one place a colour is written."""
    found = {
        str(p.relative_to(ROOT)): HEX.findall(p.read_text(encoding="utf-8"))
        for p in (ROOT / "sinorus").rglob("*.py")
        if HEX.search(p.read_text(encoding="utf-8"))
    }
    assert found == {}


def test_an_unknown_colour_or_group_is_named_in_the_error():
    with pytest.raises(KeyError, match="no colour 'mauve'"):
        palette.colour("mauve")
    with pytest.raises(KeyError, match="no group 'nothing'"):
        palette.labels("nothing")


# ------------------------------------------------------------------------------------ Soviet-era trade by currency
@pytest.fixture(scope="module")
def soviet():
    return load("trade_soviet_annual")


def test_currency_panels_one_panel_a_unit_labelled_and_coloured_from_the_tables(soviet):
    shown = soviet[
        soviet["year"].between(1950, 1981) & (soviet["flow"] == "total") & (soviet["series_id"] != "cow_usd")
    ]
    panels = figures.currency_panels(shown, 1950, 1981, gaps=figures.gap_years(shown["year"], 1950, 1981))
    spec = panels.chart.to_dict()
    units = [u for u in palette.labels("unit") if u in set(shown["unit"])]
    assert len(spec["vconcat"]) == len(units)
    names, colours = palette.labels("soviet_trade"), palette.colour_of("soviet_trade")
    for panel, unit in zip(spec["vconcat"], units):
        shade, line, dots = panel["layer"]
        assert shade["mark"] == {"type": "rect", "color": palette.colour("gap"), "opacity": 0.15}
        assert line["mark"]["type"] == "line" and dots["mark"]["type"] == "point"
        enc = line["encoding"]
        assert (enc["x"]["field"], enc["x"]["type"], enc["y"]["field"]) == ("year_date", "temporal", "value")
        assert enc["y"]["title"] == palette.labels("unit")[unit]  # the unit, as the table words it
        assert enc["detail"]["field"] == "series_id"
        scale = enc["color"]["scale"]
        ids = [s for s in names if s in set(shown["series_id"])]
        assert scale == {"domain": [names[s] for s in ids], "range": [colours[s] for s in ids]}
        assert tooltip_fields(dots) == ["year", "series", "value", "qualifier", "source_key", "locator"]
        assert dots["encoding"]["tooltip"][2]["title"] == palette.labels("unit")[unit]
    # a missing year is a gap: shaded, and never bridged by a line
    assert set(panels.gaps["year"]) == set(range(1950, 1982)) - set(shown["year"])
    assert panels.plot.groupby("series_id")["year"].apply(lambda y: y.diff().dropna().eq(1).all()).all()
    assert colours_in(spec) <= set(palette.palette().values())


def test_currency_panels_by_flow_label_each_series_and_flow(soviet):
    panels = figures.currency_panels(
        soviet, 1950, 1991, gaps=figures.gap_years(soviet["year"], 1950, 1991), by_flow=True
    )
    flows = palette.labels("flow_soviet")
    expected = {f"{palette.labels('soviet_trade')[s]}, {flows[f]}" for s, f in zip(soviet["series_id"], soviet["flow"])}
    scale = panels.chart.to_dict()["vconcat"][0]["layer"][1]["encoding"]["color"]["scale"]
    assert set(scale["domain"]) == expected
    assert panels.chart.to_dict()["vconcat"][0]["layer"][1]["encoding"]["detail"]["field"] == "series"


# ------------------------------------------------------------------------------------------ a trade series by flow
def test_flow_lines_axis_unit_and_flow_labels_from_the_data():
    trade, series = load("trade"), load("trade_series")
    flows = figures.flow_lines(trade, series, "cn_customs_usd", first=2012, value_format=".2f")
    unit = series.set_index("series_id").loc["cn_customs_usd", "unit"]
    assert flows.unit == unit and flows.rows["year"].min() == 2012
    line, points = layers(flows.chart.to_dict())
    enc = {**line["encoding"], **points["encoding"]}
    assert line["mark"]["type"] == "line" and points["mark"]["type"] == "point"
    assert enc["y"]["title"] == unit
    assert enc["color"]["field"] == "flow_label" and enc["color"]["sort"] == list(palette.labels("flow").values())
    assert [t["field"] for t in enc["tooltip"]] == ["year", "flow_label", "value", "source_key", "locator"]
    assert enc["tooltip"][2] == {"field": "value", "type": "quantitative", "title": unit, "format": ".2f"}


# --------------------------------------------------------------------------------------- events and the index
def test_event_codes_scale_from_the_data_package():
    from sinorus.data.descriptor import resource

    field = next(f for f in resource("event_codes")["schema"]["fields"] if f["name"] == "score")
    low, high = field["constraints"]["minimum"], field["constraints"]["maximum"]
    events, codes = load("events"), load("event_codes")
    coded = events.merge(codes[["event_id", "score", "event_type"]], on="event_id").head(20)
    zero, dots = layers(figures.event_codes(coded, (1956, 1, 1), (1980, 1, 1)).to_dict())
    assert zero["mark"]["color"] == palette.colour("rule") and zero["encoding"]["y"]["field"] == "y"
    assert dots["encoding"]["y"]["scale"]["domain"] == [low, high]
    assert f"{low} hostile to +{high} cooperative" in dots["encoding"]["y"]["title"]
    assert tooltip_fields(dots) == ["date_label", "title", "score", "event_type", "source_key"]


def test_event_rules_colour_and_tooltip():
    marks = pd.DataFrame(
        {"start": pd.to_datetime(["1950-02-14"]), "label": ["1"], "title": ["Treaty"], "date_label": ["14 Feb 1950"]}
    )
    marks["source_key"] = "maxwell2007"
    rules, labels = figures.event_rules(marks, colour="blue", dy=-8)
    rule, text = rules.to_dict(), labels.to_dict()
    assert rule["mark"]["color"] == text["mark"]["color"] == palette.colour("blue")
    assert rule["mark"]["strokeDash"] == figures.DASH
    assert tooltip_fields(rule) == ["date_label", "title", "source_key"]
    assert text["encoding"]["text"]["field"] == "label" and text["mark"]["dy"] == -8


def test_index_bars_over_the_period_bands():
    from sinorus import relationship_index as index

    events, codes, periods = load("events"), load("event_codes"), load("periods")
    yearly = index.yearly_index(events, codes)
    first, last = int(yearly["year"].min()), int(yearly["year"].max())
    chart = figures.index_bars(yearly, periods, first, last, title="Index", tooltip=["year:O"], colour="bar_grey")
    bands, bars = layers(chart.to_dict())
    assert bars["mark"] == {"type": "rect", "color": palette.colour("bar_grey")}
    assert (bars["encoding"]["x"]["field"], bars["encoding"]["x2"]["field"]) == ("year_start", "year_end")
    assert bars["encoding"]["y"]["title"] == "Index" and bars["encoding"]["y2"] == {"datum": 0}
    label_of = dict(zip(periods["label"], periods["period_id"]))
    scale = bands["encoding"]["color"]["scale"]
    assert scale["range"] == [charts.PERIOD_COLORS[label_of[label]] for label in scale["domain"]]
    assert colours_in(chart.to_dict()) <= set(palette.palette().values())
