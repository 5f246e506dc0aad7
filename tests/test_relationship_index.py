"""The relationship index (sinorus.relationship_index): hand-made frames with values worked out by hand, the sensitivity
analysis really recomputing, and the chapter's key numbers equal to a recomputation from the data."""

from __future__ import annotations

import json
import math
import re

import pandas as pd
import pytest

from sinorus import relationship_index as index

# Three coded events in 2000, one in 2002, none in 2001: worked by hand below.
EVENTS = pd.DataFrame(
    {
        "event_id": ["2000-a", "2000-b", "2000-c", "2002-d", "2002-uncoded"],
        "year": [2000, 2000, 2000, 2002, 2002],
    }
)
CODES = pd.DataFrame(
    {
        "event_id": ["2000-a", "2000-b", "2000-c", "2002-d"],
        "score": [6, -9, 0, 4],
        "event_type": ["treaty_agreement", "military_clash", "context", "exercise"],
    }
)


def values(frame: pd.DataFrame) -> dict:
    return {int(y): (None if pd.isna(v) else float(v)) for y, v in zip(frame["year"], frame["index"])}


def test_sum_by_hand():
    out = yearly = index.yearly_index(EVENTS, CODES)
    assert list(yearly.columns) == ["year", "index", "n_events"]
    # 2000: 6 + (-9) + 0 = -3; 2001: no event, missing (not zero); 2002: 4 (the uncoded event does not count)
    assert values(out) == {2000: -3.0, 2001: None, 2002: 4.0}
    assert list(out["n_events"]) == [3, 0, 1]


def test_mean_by_hand():
    out = index.yearly_index(EVENTS, CODES, weighting="mean")
    # 2000: (6 - 9 + 0) / 3 = -1; 2002: 4 / 1 = 4
    assert values(out) == {2000: -1.0, 2001: None, 2002: 4.0}


def test_exclude_type_and_drop_event_by_hand():
    out = index.yearly_index(EVENTS, CODES, exclude_types=("military_clash",))
    assert values(out) == {2000: 6.0, 2001: None, 2002: 4.0}  # 6 + 0
    out = index.yearly_index(EVENTS, CODES, weighting="mean", exclude_types=("context",))
    assert values(out) == {2000: -1.5, 2001: None, 2002: 4.0}  # (6 - 9) / 2
    out = index.yearly_index(EVENTS, CODES, drop_event="2002-d")
    # dropping the only event of 2002 leaves it missing, not zero, and the years still line up
    assert values(out) == {2000: -3.0, 2001: None, 2002: None}
    assert list(out["n_events"]) == [3, 0, 0]


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="weighting must be one of sum, mean, not 'median'"):
        index.yearly_index(EVENTS, CODES, weighting="median")
    with pytest.raises(KeyError, match="no coded event has type"):
        index.yearly_index(EVENTS, CODES, exclude_types=("summit_visit",))
    with pytest.raises(KeyError, match="no coded event '2000-z'"):
        index.yearly_index(EVENTS, CODES, drop_event="2000-z")
    with pytest.raises(KeyError, match="codes for events not in the chronology: 1999-x"):
        index.yearly_index(
            EVENTS, pd.concat([CODES, pd.DataFrame({"event_id": ["1999-x"], "score": [1], "event_type": ["context"]})])
        )


def test_sensitivity_by_hand():
    s = index.sensitivity(EVENTS, CODES)
    assert values(s.baseline) == {2000: -3.0, 2001: None, 2002: 4.0}
    assert values(s.other_weighting) == {2000: -1.0, 2001: None, 2002: 4.0}
    d = s.drops.set_index("year")
    # 2000 without a: -9; without b: 6; without c: -3 -> range -9..6, and b (the clash) moves it most (+9)
    assert (d.loc[2000, "low"], d.loc[2000, "high"]) == (-9.0, 6.0)
    assert d.loc[2000, "most_influential"] == "2000-b" and d.loc[2000, "shift"] == 9.0
    assert not d.loc[2000, "vanishes"]
    # 2002 has one event: dropping it empties the year (flagged), which moves it by its whole value
    assert d.loc[2002, "vanishes"] and d.loc[2002, "most_influential"] == "2002-d" and d.loc[2002, "shift"] == -4.0
    assert math.isnan(d.loc[2001, "low"]) and pd.isna(d.loc[2001, "most_influential"])
    t = s.type_summary.set_index("event_type")
    assert t.loc["military_clash", "largest_change"] == 9.0 and t.loc["military_clash", "year_of_largest"] == 2000
    # a type whose events all score 0 changes no sum ...
    assert t.loc["context", "years_changed"] == 0
    # ... but it does change the mean, where it counts as one more event
    m = index.sensitivity(EVENTS, CODES, weighting="mean").type_summary.set_index("event_type")
    assert m.loc["context", "years_changed"] == 1 and m.loc["context", "largest_change"] == -0.5


def test_sensitivity_really_recomputes(monkeypatch):
    """Every alternative goes through yearly_index: 1 baseline + 1 other weighting + one per type + one per event."""
    calls = []
    real = index.yearly_index

    def spy(*a, **k):
        calls.append(k)
        return real(*a, **k)

    monkeypatch.setattr(index, "yearly_index", spy)
    index.sensitivity(EVENTS, CODES)
    assert len(calls) == 2 + 4 + 4 + len(index.CODINGS)
    assert {c.get("drop_event") for c in calls} >= {"2000-a", "2000-b", "2000-c", "2002-d"}


# The contested codings, by hand: an abstention beside a veto (+1), a non-condemnation (+1), a joint veto (+3) and
# the Korean War row coded with its Soviet acts (+6).
ALT_EVENTS = pd.DataFrame(
    {
        "event_id": ["1950-korea-cpv", "2022-abstains", "2022-declines", "2022-joint-veto", "2023-neutral"],
        "year": [1950, 2022, 2022, 2022, 2023],
    }
)
ALT_CODES = pd.DataFrame(
    {
        "event_id": ["1950-korea-cpv", "2022-abstains", "2022-declines", "2022-joint-veto", "2023-neutral"],
        "score": [6, 1, 1, 3, 0],
        "event_type": ["aid_cooperation", "un_alignment", "unilateral_signal", "un_alignment", "unilateral_signal"],
    }
)


def test_abstention_rows_are_the_plus_one_anchors():
    assert list(index.abstention_rows(ALT_CODES)) == [False, True, True, False, False]


def test_recode_by_hand():
    neutral = index.recode(ALT_CODES, "abstentions_neutral").set_index("event_id")["score"]
    # abstention and non-condemnation to 0; the joint veto, Korea and the neutral statement unchanged
    assert dict(neutral) == {
        "1950-korea-cpv": 6,
        "2022-abstains": 0,
        "2022-declines": 0,
        "2022-joint-veto": 3,
        "2023-neutral": 0,
    }
    korea = index.recode(ALT_CODES, "korea_as_context").set_index("event_id")
    assert korea.loc["1950-korea-cpv", "score"] == 0 and korea.loc["1950-korea-cpv", "event_type"] == "context"
    assert korea.loc["2022-abstains", "score"] == 1
    both = index.recode(ALT_CODES, "both").set_index("event_id")["score"]
    assert both["1950-korea-cpv"] == 0 and both["2022-abstains"] == 0 and both["2022-joint-veto"] == 3
    # the input is never modified
    assert list(ALT_CODES["score"]) == [6, 1, 1, 3, 0]
    with pytest.raises(ValueError, match="coding must be one of as_coded, abstentions_neutral"):
        index.recode(ALT_CODES, "korea_as_war")


def test_codings_in_the_sensitivity_by_hand():
    s = index.sensitivity(ALT_EVENTS, ALT_CODES)
    c = s.codings.pivot(index="year", columns="coding", values="index")
    # 1950: 6 as coded, 0 with Korea as context (a year with one event scored 0 is 0, not missing)
    assert c.loc[1950, "as_coded"] == 6.0 and c.loc[1950, "korea_as_context"] == 0.0
    # 2022: 1 + 1 + 3 = 5 as coded; 0 + 0 + 3 = 3 with abstentions neutral
    assert c.loc[2022, "as_coded"] == 5.0 and c.loc[2022, "abstentions_neutral"] == 3.0
    assert c.loc[2022, "both"] == 3.0 and c.loc[1950, "both"] == 0.0
    # years without events stay missing under every coding
    assert c.loc[1990].isna().all()
    # "as coded" is the baseline
    assert values(s.baseline) == {int(y): (None if pd.isna(v) else float(v)) for y, v in c["as_coded"].items()}


# ------------------------------------------------------------------------------------------ on the book's data
@pytest.fixture(scope="module")
def book():
    from sinorus import data

    events, codes = data.load("events"), data.load("event_codes")
    return events, codes, index.sensitivity(events, codes)


def test_every_event_since_1949_is_coded_once(book):
    events, codes, _ = book
    since = events[events["start"] >= pd.Timestamp("1949-10-01")]
    expected = set(since.loc[~since["event_id"].str.endswith("-alt-date"), "event_id"])
    assert set(codes["event_id"]) == expected and codes["event_id"].is_unique


def test_alternatives_differ_from_the_baseline_where_they_must(book):
    events, codes, s = book
    base, mean = s.baseline, s.other_weighting
    several = base["n_events"] > 1
    single = base["n_events"] == 1
    # the mean differs from the sum in every year with more than one event of non-zero total, and equals it in
    # years with one event; it never changes a year's sign, and the gaps are the same
    assert (
        base.loc[several & (base["index"] != 0), "index"] != mean.loc[several & (base["index"] != 0), "index"]
    ).all()
    assert (base.loc[single, "index"] == mean.loc[single, "index"]).all()
    assert base["index"].isna().equals(mean["index"].isna())
    # leaving out armed clashes raises 1969, and one of the clashes is the single event that moves it most
    wt = s.without_type
    no_clash = wt[wt["event_type"] == "military_clash"].set_index("year")["index"]
    assert no_clash[1969] > base.set_index("year")["index"][1969]
    d = s.drops.set_index("year")
    assert d.loc[1969, "most_influential"] in set(codes.loc[codes["event_type"] == "military_clash", "event_id"])
    # every year with two or more events has a non-empty range; the range always contains the baseline
    many = s.drops[s.drops.set_index("year").index.isin(base.loc[several, "year"])]
    assert (many["high"] > many["low"]).all()
    full = s.drops.dropna(subset=["index"])
    assert ((full["low"] <= full["index"]) & (full["index"] <= full["high"])).all()


def test_codings_on_the_book(book):
    events, codes, s = book
    c = s.codings.pivot(index="year", columns="coding", values="index")
    base = s.baseline.set_index("year")["index"]
    # Korea is coded with its Soviet acts, and scoring it as context lowers 1950 by exactly its score
    korea = codes.set_index("event_id").loc[index.KOREA_EVENT]
    assert korea["event_type"] != "context" and korea["score"] > 0
    assert c.loc[1950, "korea_as_context"] == base[1950] - korea["score"]
    # the abstention alternative lowers 2022 by the number of +1 abstention/non-condemnation rows in 2022 ...
    coded = index.coded_events(events, codes)
    n_2022 = int(index.abstention_rows(codes)[coded["year"].values == 2022].sum())
    assert n_2022 >= 2
    assert c.loc[2022, "abstentions_neutral"] == base[2022] - n_2022
    # ... and changes no year outside the years of such rows
    years = set(coded.loc[index.abstention_rows(codes).values, "year"])
    same = [y for y in c.index if y not in years]
    assert c.loc[same, "abstentions_neutral"].fillna(-99).equals(base[same].fillna(-99))
    # neither alternative changes the sign of a year
    for alt in ("abstentions_neutral", "korea_as_context", "both"):
        both = c[alt].notna() & base.notna() & (base != 0) & (c[alt] != 0)
        assert (c.loc[both, alt] > 0).equals(base[both] > 0), alt


def glued_text(chapter_notebook) -> dict:
    out = {}
    for cell in chapter_notebook["cells"]:
        for o in cell.get("outputs", []):
            record = o.get("metadata", {}).get("scrapbook", {})
            mime = record.get("mime_prefix", "") + "text/plain"
            if record.get("name") and mime in o.get("data", {}):
                out[record["name"]] = "".join(o["data"][mime])
    return out


def test_glued_numbers_equal_a_recomputation(built_book, book):
    """The numbers the chapter glues (as the book's build executed it) equal the same numbers recomputed here."""
    from test_build import book_execution

    events, codes, s = book
    glued = glued_text(json.loads(json.dumps(book_execution("book/analysis/relationship-index.md"))))
    base = s.baseline.dropna(subset=["index"])
    peak, low = base.loc[base["index"].idxmax()], base.loc[base["index"].idxmin()]
    since = events[events["start"] >= pd.Timestamp("1949-10-01")]
    expected = {
        "ri-n-coded": len(codes),
        "ri-n-alt": int(since["event_id"].str.endswith("-alt-date").sum()),
        "ri-peak-year": int(peak["year"]),
        "ri-peak-value": float(peak["index"]),
        "ri-low-year": int(low["year"]),
        "ri-low-value": float(low["index"]),
        "ri-n-gaps": int(s.baseline["index"].isna().sum()),
        "ri-n-since-1992": int((base.loc[base["year"] >= 1992, "n_events"]).sum()),
    }
    for name, value in expected.items():
        assert name in glued, f"the chapter no longer glues {name}"
        assert float(re.sub(r"[^\d.\-]", "", glued[name])) == pytest.approx(float(value)), name
