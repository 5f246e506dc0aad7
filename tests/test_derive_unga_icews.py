"""The derivation scripts for the UN voting and ICEWS tables (data/derive/), and the UN voting chart shape: each runs on a small fixture with the
upstream file's columns and gives the rows worked out by hand; the committed tables carry their provenance."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "data" / "derive"))


def script(name):
    return importlib.import_module(name)


def test_unga_agreement_by_hand():
    unga = script("unga_votes")
    votes = pd.DataFrame(
        {
            "rcid": [1, 1, 1, 2, 2, 3, 3, 4, 4],
            "country_code": ["RU", "TW", "US", "RU", "TW", "RU", "CN", "RU", "CN"],
            "vote": ["yes", "yes", "no", "no", "abstain", "yes", "no", "abstain", "abstain"],
        }
    )
    calls = pd.DataFrame({"rcid": [1, 2, 3, 4], "date": ["1950-10-01", "1950-11-01", "1975-01-01", "1975-02-01"]})
    out = unga.agreement(votes, calls).set_index(["year", "china_seat"])
    # 1950, ROC seat: rc 1 same (1), rc 2 no/abstain (0.5) -> identical 1/2, Lijphart 0.75; the US vote is ignored
    assert out.loc[(1950, "ROC"), ["roll_calls_both", "share_identical", "lijphart_agreement"]].tolist() == [
        2,
        0.5,
        0.75,
    ]
    # 1975, PRC seat: yes/no (0), abstain/abstain (1) -> identical 1/2, Lijphart 0.5
    assert out.loc[(1975, "PRC"), ["roll_calls_both", "share_identical", "lijphart_agreement"]].tolist() == [
        2,
        0.5,
        0.5,
    ]
    assert set(out["source_key"]) == {unga.SOURCE_KEY}


def test_unga_idealpoints_by_hand():
    ip = script("unga_idealpoints")
    points = pd.DataFrame(
        {
            "ccode": [365, 713, 365, 710, 713, 2, 365, 710],
            "year": [1960, 1960, 1971, 1971, 1971, 1971, 2024, 2024],
            "idealpointall": [-2.0, 1.0, -2.5, -1.0, 0.5, 3.0, None, None],
            "idealpointfp": [-2.1, 1.1, -2.6, -0.6, 0.4, 3.0, -0.6, -0.9],
            "nvotesall": [10, 10, 100, 40, 6, 100, None, None],
            "nvotesfp": [5, 5, 70, 20, 4, 70, 100, 99],
        }
    )
    out = ip.distances(points).set_index(["year", "china_seat"])
    assert list(out.index) == [(1960, "ROC"), (1971, "PRC"), (1971, "ROC"), (2024, "PRC")]  # the US row is not kept
    assert out.loc[(1960, "ROC"), "distance_all"] == pytest.approx(3.0)
    assert out.loc[(1971, "PRC"), "distance_fp"] == pytest.approx(2.0)
    assert pd.isna(out.loc[(2024, "PRC"), "distance_all"])  # no all-votes estimate for 2024: missing, not zero
    assert out.loc[(2024, "PRC"), "distance_fp"] == pytest.approx(0.3)


def test_icews_keeps_the_dyad_both_ways():
    icews = script("icews")
    rows = pd.DataFrame(
        {
            "i": ["China", "Russian Federation", "China", "Japan"],
            "j": ["Russian Federation", "China", "Japan", "China"],
            "year": [2002.0, 2002.0, 2002.0, 2002.0],
            "verbCoop": [10.0, 12.0, 99.0, 99.0],
            "matlCoop": [1.0, 2.0, 9.0, 9.0],
            "verbConf": [3.0, 4.0, 9.0, 9.0],
            "matlConf": [0.0, 1.0, 9.0, 9.0],
        }
    )
    out = icews.dyad(rows)
    assert out[["source", "target", "verbal_cooperation", "material_conflict"]].values.tolist() == [
        ["CHN", "RUS", 10, 0],
        ["RUS", "CHN", 12, 1],
    ]


def test_a_changed_upstream_file_is_refused(tmp_path):
    provenance = script("provenance")
    f = tmp_path / "un_votes.rda"
    f.write_bytes(b"not the file")
    with pytest.raises(SystemExit, match=r"SHA-256 .* is not the recorded"):
        provenance.checked(f, script("unga_votes").VOTES)


@pytest.mark.parametrize("name", ["unga_agreement", "unga_idealpoints", "icews_dyad"])
def test_derived_tables_validate_and_record_provenance(name):
    import sinorus

    frame = sinorus.load(name)
    assert len(frame) > 0
    descriptor = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    res = next(r for r in descriptor["resources"] if r["name"] == name)
    derivation = res["x-provenance"]
    assert (ROOT / derivation["script"]).is_file()
    for up in derivation["upstream"]:
        assert len(up["commit"]) == 40 and len(up["sha256"]) == 64 and up["repository"] and up["path"]
    assert res.get("licenses"), f"{name}: the dataset's licence or terms are not stated"


def test_un_voting_figure_marks_the_seat_and_the_gaps():
    from sinorus import unvoting

    ideal = pd.DataFrame(
        {
            "year": [1962, 1963, 1965, 1971, 1971, 2024],
            "china_seat": ["ROC", "ROC", "ROC", "ROC", "PRC", "PRC"],
            "distance_all": [3.0, 3.6, 3.4, 3.4, 1.6, None],
            "distance_fp": [3.5, 4.0, 3.8, 3.4, 1.9, 0.26],
            "source_key": ["voeten2025idealpoints"] * 6,
        }
    )
    agreement = pd.DataFrame(
        {
            "year": [1962, 1971],
            "china_seat": ["ROC", "PRC"],
            "roll_calls_both": [60, 20],
            "lijphart_agreement": [0.4, 0.6],
            "source_key": ["voeten2009unvotes"] * 2,
        }
    )
    fig = unvoting.distance_figure(ideal, agreement, 1962, 2024)
    assert fig.data.loc[fig.data["year"] == 2024, "estimate"].item() == "final-passage votes"
    assert fig.data.loc[fig.data["year"] == 2024, "distance"].item() == pytest.approx(0.26)
    assert "No estimate for 1964" in fig.description
    assert fig.source_keys == ["voeten2009unvotes", "voeten2025idealpoints"]
    spec = fig.chart.to_dict()
    line_values = spec["datasets"][spec["layer"][0]["data"]["name"]]
    # the ROC line has a row for 1964 with no distance (a gap), and runs no further than 1971
    roc = [r for r in line_values if r["china_seat"] == "ROC"]
    assert [r["year"] for r in roc] == list(range(1962, 1972))
    assert next(r for r in roc if r["year"] == 1964)["distance"] is None
    with pytest.raises(ValueError, match="no ideal-point estimates between 1900 and 1910"):
        unvoting.distance_figure(ideal, agreement, 1900, 1910)


def test_every_resource_names_its_sources():
    descriptor = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    for res in descriptor["resources"]:
        sources = res.get("sources")
        assert sources, f"data/datapackage.json: resource {res['name']!r} has no 'sources'"
        assert all(s.get("title") and s.get("path") for s in sources), res["name"]
        if "x-provenance" in res:  # a derived table names each upstream file and when it was read
            assert len(sources) == len(res["x-provenance"]["upstream"]) and all(s.get("x-accessed") for s in sources)
