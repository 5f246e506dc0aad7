"""A yearly index of cooperation and conflict computed from the coded chronology, and its sensitivity.

Pure functions on data frames: ``events`` needs ``event_id`` and ``year`` (as ``sinorus.load("events")`` gives
them), ``codes`` needs ``event_id``, ``score`` and ``event_type`` (as ``sinorus.load("event_codes")``). Only
events that have a code enter the index. A year with no coded event has no value (missing, never zero), so a chart
shows a gap there.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

WEIGHTINGS = ("sum", "mean")

# The contested coding choices, each an explicit alternative to the codes as published (codebook 1.1):
# * "abstentions_neutral": China's abstentions where Russia vetoes (un_alignment, +1) and its declining to condemn
#   Russia (unilateral_signal, +1) are scored 0, neutral, instead of +1, a small step towards Moscow;
# * "korea_as_context": the Korean War row scored as codebook 1.0 did, as context (0) with no Soviet act, instead
#   of the Soviet acts the wartime records show (codebook 1.1, rule 6);
# * "both": the two together.
KOREA_EVENT = "1950-korea-cpv"
ABSTENTION_ANCHORS = (("un_alignment", 1), ("unilateral_signal", 1))
CODINGS = {
    "as_coded": "as coded (abstentions and non-condemnation +1; Korea with its Soviet acts)",
    "abstentions_neutral": "abstentions and non-condemnation scored 0 (neutral)",
    "korea_as_context": "Korea scored 0 (context, no Soviet act)",
    "both": "both alternatives together",
}


def abstention_rows(codes: pd.DataFrame) -> pd.Series:
    """True for the rows coded with an abstention or non-condemnation anchor: un_alignment or unilateral_signal
    scored exactly +1 (the codebook's "one abstains where the other vetoes" and "declining to condemn")."""
    mask = pd.Series(False, index=codes.index)
    for event_type, score in ABSTENTION_ANCHORS:
        mask |= (codes["event_type"] == event_type) & (codes["score"].astype(float) == score)
    return mask


def recode(codes: pd.DataFrame, coding: str) -> pd.DataFrame:
    """A copy of ``codes`` under one of the CODINGS; rows the alternative concerns get score 0 (and the Korean row
    type ``context``). An alternative whose rows are absent changes nothing."""
    if coding not in CODINGS:
        raise ValueError(f"coding must be one of {', '.join(CODINGS)}, not {coding!r}")
    out = codes.copy()
    if coding in ("abstentions_neutral", "both"):
        out.loc[abstention_rows(codes), "score"] = 0
    if coding in ("korea_as_context", "both"):
        korea = out["event_id"] == KOREA_EVENT
        out.loc[korea, "score"] = 0
        out.loc[korea, "event_type"] = "context"
    return out


def coded_events(events: pd.DataFrame, codes: pd.DataFrame) -> pd.DataFrame:
    """The coded events with their year: one row per code, with event_id, year, score and event_type."""
    missing = set(codes["event_id"]) - set(events["event_id"])
    if missing:
        raise KeyError(f"codes for events not in the chronology: {', '.join(sorted(missing))}")
    frame = codes[["event_id", "score", "event_type"]].merge(events[["event_id", "year"]], on="event_id", how="left")
    frame["year"] = frame["year"].astype(int)
    frame["score"] = frame["score"].astype(float)
    return frame[["event_id", "year", "score", "event_type"]]


def yearly_index(
    events: pd.DataFrame,
    codes: pd.DataFrame,
    weighting: str = "sum",
    exclude_types=(),
    drop_event: str | None = None,
    years: range | None = None,
) -> pd.DataFrame:
    """The index by year: columns year, index, n_events.

    ``weighting="sum"`` adds the scores of a year's events; ``"mean"`` averages them. ``exclude_types`` leaves out
    every event of those types, ``drop_event`` one event (by event_id). ``years`` fixes the range of years
    reported; by default it runs from the first to the last year with a coded event (before anything is left out),
    so the rows of every variant line up. A year with no remaining event has index missing (NaN) and n_events 0.
    """
    if weighting not in WEIGHTINGS:
        raise ValueError(f"weighting must be one of {', '.join(WEIGHTINGS)}, not {weighting!r}")
    coded = coded_events(events, codes)
    if years is None:
        years = range(int(coded["year"].min()), int(coded["year"].max()) + 1)
    unknown = set(exclude_types) - set(coded["event_type"])
    if unknown:
        raise KeyError(f"no coded event has type(s) {', '.join(sorted(unknown))}")
    if drop_event is not None and drop_event not in set(coded["event_id"]):
        raise KeyError(f"no coded event {drop_event!r}")
    kept = coded[~coded["event_type"].isin(list(exclude_types))]
    if drop_event is not None:
        kept = kept[kept["event_id"] != drop_event]
    grouped = kept.groupby("year")["score"]
    out = pd.DataFrame({"year": list(years)})
    out["index"] = out["year"].map(grouped.sum() if weighting == "sum" else grouped.mean())
    out["n_events"] = out["year"].map(grouped.size()).fillna(0).astype(int)
    out.loc[out["n_events"] == 0, "index"] = float("nan")
    return out


@dataclass
class Sensitivity:
    """The index recomputed under alternatives (every frame has one row per year, or per year and variant)."""

    weighting: str
    baseline: pd.DataFrame  # year, index, n_events
    other_weighting: pd.DataFrame  # year, index, n_events under the other weighting
    without_type: pd.DataFrame  # year, event_type, index, n_events: each type left out in turn
    type_summary: pd.DataFrame  # event_type, n_events, total_score, years_changed, largest_change, year_of_largest
    drops: pd.DataFrame  # year, index, low, high, most_influential, shift, vanishes
    codings: pd.DataFrame  # year, coding, index, n_events: the index under each of CODINGS


def sensitivity(events: pd.DataFrame, codes: pd.DataFrame, weighting: str = "sum") -> Sensitivity:
    """Recompute the index under each alternative, by calling :func:`yearly_index` again every time.

    * the other weighting (mean instead of sum, or sum instead of mean);
    * each event type left out in turn;
    * each of the contested codings (CODINGS: abstentions as neutral, Korea as context, both);
    * each single event dropped in turn: for each year, the lowest and highest value the year takes over all the
      drops (a drop that empties a year is not counted in that range but flagged in ``vanishes``), and the event
      whose removal moves the year's value most (``most_influential``, with the signed ``shift`` it causes; ties
      go to the earliest event_id).
    """
    coded = coded_events(events, codes)
    years = range(int(coded["year"].min()), int(coded["year"].max()) + 1)
    base = yearly_index(events, codes, weighting, years=years)
    other = yearly_index(events, codes, "mean" if weighting == "sum" else "sum", years=years)

    by_type, summary = [], []
    for t in sorted(coded["event_type"].unique()):
        alt = yearly_index(events, codes, weighting, exclude_types=(t,), years=years)
        by_type.append(alt.assign(event_type=t)[["year", "event_type", "index", "n_events"]])
        change = (alt["index"].fillna(0) - base["index"].fillna(0)).where(base["n_events"] > 0)
        changed = (alt["index"].fillna(float("inf")) != base["index"].fillna(float("inf"))) & (base["n_events"] > 0)
        largest = change.abs().idxmax() if changed.any() else None
        of_type = coded[coded["event_type"] == t]
        summary.append(
            {
                "event_type": t,
                "n_events": len(of_type),
                "total_score": of_type["score"].sum(),
                "years_changed": int(changed.sum()),
                "largest_change": float(change[largest]) if largest is not None else 0.0,
                "year_of_largest": int(base.loc[largest, "year"]) if largest is not None else None,
            }
        )
    without_type = pd.concat(by_type, ignore_index=True)
    type_summary = pd.DataFrame(summary)
    type_summary["year_of_largest"] = type_summary["year_of_largest"].astype("Int64")

    runs = {
        e: yearly_index(events, codes, weighting, drop_event=e, years=years)["index"] for e in sorted(coded["event_id"])
    }
    values = pd.DataFrame(runs)  # one column per dropped event, one row per year
    drops = base[["year", "index"]].copy()
    drops["low"] = values.min(axis=1, skipna=True).where(base["n_events"] > 0)
    drops["high"] = values.max(axis=1, skipna=True).where(base["n_events"] > 0)
    # only a year's own events move it; dropping the only event of a year empties it
    drops["vanishes"] = base["n_events"] == 1
    shifts = values.sub(base["index"], axis=0)
    most, shift = [], []
    for i in range(len(base)):
        if base.loc[i, "n_events"] == 0:
            most.append(None)
            shift.append(float("nan"))
            continue
        row = shifts.iloc[i]
        # emptying a year moves it by its whole value
        row = row.where(values.iloc[i].notna(), -base.loc[i, "index"])
        mags = row.abs()
        best = mags[mags == mags.max()].index[0]
        most.append(best if mags.max() > 0 else None)
        shift.append(float(row[best]))
    drops["most_influential"] = most
    drops["shift"] = shift

    codings = pd.concat(
        [yearly_index(events, recode(codes, c), weighting, years=years).assign(coding=c) for c in CODINGS],
        ignore_index=True,
    )[["year", "coding", "index", "n_events"]]
    return Sensitivity(weighting, base, other, without_type, type_summary, drops, codings)
