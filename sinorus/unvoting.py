"""The two states in the UN General Assembly: one chart shape for every period chapter.

The chapter loads the two tables itself (``sinorus.load("unga_idealpoints")`` and ``sinorus.load("unga_agreement")``,
so that the build knows it reads them) and passes them with the years it covers; :func:`distance_figure` returns
the chart, the exact data drawn, a description computed from that data and the source keys, ready for
``sinorus.figure``.
"""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import pandas as pd

from .alttext import and_list, series_words
from .charts import SERIES_COLORS

SEATS = {
    "ROC": "China's seat held by the Republic of China (to 1971)",
    "PRC": "China's seat held by the People's Republic",
}


@dataclass(frozen=True)
class UNVoting:
    chart: alt.TopLevelMixin
    data: pd.DataFrame
    description: str
    source_keys: list[str]


def voting_table(ideal: pd.DataFrame, agreement: pd.DataFrame, first: int, last: int) -> pd.DataFrame:
    """One row per year and China seat in [first, last]: the ideal-point distance from all votes, or, where the
    release has no all-votes estimate (2024), from final-passage votes (``estimate`` says which), with the
    agreement share and the number of shared roll calls where the roll-call data have them."""
    rows = ideal[ideal["year"].between(first, last)].copy()
    rows["estimate"] = rows["distance_all"].notna().map({True: "all votes", False: "final-passage votes"})
    rows["distance"] = rows["distance_all"].fillna(rows["distance_fp"])
    rows = rows.dropna(subset=["distance"])
    keep = ["year", "china_seat", "roll_calls_both", "lijphart_agreement", "source_key"]
    out = rows[["year", "china_seat", "distance", "estimate", "source_key"]].merge(
        agreement[keep].rename(columns={"source_key": "agreement_source_key"}), on=["year", "china_seat"], how="left"
    )
    out["seat"] = out["china_seat"].map(SEATS)
    return out.sort_values(["china_seat", "year"]).reset_index(drop=True)


def distance_figure(ideal: pd.DataFrame, agreement: pd.DataFrame, first: int, last: int, height: int = 220) -> UNVoting:
    data = voting_table(ideal, agreement, first, last)
    if data.empty:
        raise ValueError(f"no ideal-point estimates between {first} and {last}")
    seats = [SEATS[s] for s in SEATS if s in set(data["china_seat"])]
    # a full grid of each seat's years, so that a year without an estimate (1964) is a gap, never bridged
    span = data.groupby("china_seat")["year"].agg(["min", "max"])
    grid = pd.DataFrame(
        [(y, seat) for seat, (lo, hi) in span.iterrows() for y in range(lo, hi + 1)], columns=["year", "china_seat"]
    )
    drawn = grid.merge(data, on=["year", "china_seat"], how="left")
    drawn["seat"] = drawn["china_seat"].map(SEATS)
    tips = [
        alt.Tooltip("year:O", title="Year"),
        alt.Tooltip("seat:N", title="Seat"),
        alt.Tooltip("distance:Q", title="Ideal-point distance", format=".2f"),
        alt.Tooltip("estimate:N", title="Estimated from"),
        alt.Tooltip("lijphart_agreement:Q", title="Agreement in roll calls (Lijphart)", format=".2f"),
        alt.Tooltip("roll_calls_both:Q", title="Roll calls both voted in"),
    ]
    # only the seats the years shown have, each in its own colour whatever the span
    colour = alt.Color(
        "seat:N",
        title=None,
        sort=seats,
        scale=alt.Scale(domain=seats, range=[SERIES_COLORS[list(SEATS.values()).index(s)] for s in seats]),
        legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=0),
    )
    x = alt.X("year:Q", title=None, axis=alt.Axis(format="d"), scale=alt.Scale(domain=[first, last]))
    y = alt.Y("distance:Q", title="Distance between ideal points")
    line = alt.Chart(drawn).mark_line(strokeWidth=1.5).encode(x=x, y=y, color=colour, detail="seat:N", tooltip=tips)
    dots = (
        alt.Chart(data)
        .mark_point(filled=True, size=30)
        .encode(x=x, y=y, color=colour, shape=alt.Shape("seat:N", legend=None), tooltip=tips)
    )
    words = []
    for seat in seats:
        part = data[data["seat"] == seat]
        words.append(f"{seat}: " + series_words(part.rename(columns={"distance": "value"}), fmt=".2f", qualifier=None))
    gaps = sorted(set(range(first, last + 1)) - set(data["year"]))
    description = (
        f"Line chart of the distance between the UN General Assembly ideal points of the Soviet "
        f"Union/Russia and the delegation in China's seat, {first} to {last}, "
        + "; ".join(words)
        + "."
        + (f" No estimate for {and_list(str(g) for g in gaps)}." if gaps else "")
    )
    keys = sorted(set(data["source_key"]) | set(data["agreement_source_key"].dropna()))
    return UNVoting((line + dots).properties(height=height), data.drop(columns=["seat"]), description, keys)
