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
    assert set(bands["period_id"]) == set(periods[(periods["start"] <= "1991-12-31")
                                                  & (periods["end"].isna() | (periods["end"] >= "1950-01-01"))]
                                          ["period_id"])
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
