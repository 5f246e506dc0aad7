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


def summary(un: UNVoting, ideal: pd.DataFrame, first: int) -> dict:
    """What a chapter's text says of its span, by the end of the glue name (``prc-start``, ``roc-max-year``,
    ``below1``, ``widest``...): for each seat with estimates its first, last, lowest, highest and mean distance and
    their years; the first year Beijing's distance is below 1; whether its widest distance exceeds every earlier
    year's since it took the seat (``first`` is the chapter's first year)."""
    out: dict = {}
    prc = un.data[un.data["china_seat"] == "PRC"].set_index("year")["distance"]
    roc = un.data[un.data["china_seat"] == "ROC"].set_index("year")["distance"]
    for name, series in (("prc", prc), ("roc", roc)):
        if len(series):
            out |= {
                f"{name}-start-year": int(series.index.min()),
                f"{name}-start": f"{series.iloc[0]:.2f}",
                f"{name}-end-year": int(series.index.max()),
                f"{name}-end": f"{series.iloc[-1]:.2f}",
                f"{name}-min": f"{series.min():.2f}",
                f"{name}-min-year": int(series.idxmin()),
                f"{name}-max": f"{series.max():.2f}",
                f"{name}-max-year": int(series.idxmax()),
                f"{name}-mean": f"{series.mean():.2f}",
            }
    below = prc[prc < 1]
    out["below1"] = int(below.index.min()) if len(below) else "no year"
    all_prc = ideal[ideal["china_seat"] == "PRC"].set_index("year")["distance_all"]
    earlier = all_prc[all_prc.index < first]
    out["widest"] = (
        "wider than in any earlier year since Beijing took the seat"
        if len(prc) and len(earlier) and prc.max() > earlier.max()
        else "within the range of earlier years"
    )
    return out


def source_line(un: UNVoting) -> str:
    """The figure's source line: the bibliography's labels of the estimates' sources and the two tables."""
    from .charts import cite_labels

    return cite_labels(un.source_keys) + " (data/unga_idealpoints.csv, data/unga_agreement.csv)"
