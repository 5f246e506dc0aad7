"""UN General Assembly roll-call votes (Voeten's data, as the unvotes package carries it): the yearly agreement
of the Soviet Union/Russia and China.

Usage: python data/derive/unga_votes.py un_votes.rda un_roll_calls.rda   (writes data/unga_agreement.csv)

A year's row counts the recorded roll calls on which both delegations voted (yes, no or abstain; absences are not
in the data) and gives two agreement measures: the share of identical votes, and Lijphart's index of agreement
(1 for the same vote, 0.5 where one abstains, 0 for yes against no). Before 25 October 1971 the seat called
"China" is the Republic of China's (COW code 713): those rows say so in ``china_seat`` and are never Beijing's.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from provenance import DATA, Upstream, checked, record, write_frame  # noqa: E402

REPO, COMMIT = "dgrtwo/unvotes", "7eb7034314ff79c49c9e0785fcd9d216fa04cf14"
VOTES = Upstream(REPO, COMMIT, "data/un_votes.rda", "cf814a48bc536e8f87f8e027942ac515fe6aae9d63cd71dd88ed718b14887e87")
ROLL_CALLS = Upstream(
    REPO, COMMIT, "data/un_roll_calls.rda", "ff2070ae600cfd32176c6d149637306b9b677d6b910f48bec59a15357d673b4b"
)
SEATS = {"CN": "PRC", "TW": "ROC"}  # the package's country codes: COW 710 (from 1971) and 713 (to 1971)
SOURCE_KEY = "voeten2009unvotes"


def agreement(votes: pd.DataFrame, roll_calls: pd.DataFrame) -> pd.DataFrame:
    """Yearly agreement between Russia (country code RU) and the China seat, from votes (rcid, country_code, vote)
    and roll calls (rcid, date)."""
    ru = votes[votes["country_code"] == "RU"][["rcid", "vote"]].rename(columns={"vote": "vote_russia"})
    cn = votes[votes["country_code"].isin(list(SEATS))][["rcid", "country_code", "vote"]]
    pair = ru.merge(cn.rename(columns={"vote": "vote_china"}), on="rcid")
    pair = pair.merge(roll_calls[["rcid", "date"]], on="rcid")
    pair["year"] = pd.to_datetime(pair["date"]).dt.year
    pair["china_seat"] = pair["country_code"].map(SEATS)
    va, vb = pair["vote_russia"].astype(str), pair["vote_china"].astype(str)
    pair["same"] = (va == vb).astype(float)
    pair["lijphart"] = pair["same"].where(va == vb, 0.5)
    pair.loc[(va != vb) & (va != "abstain") & (vb != "abstain"), "lijphart"] = 0.0
    g = pair.groupby(["year", "china_seat"])
    out = g.agg(
        roll_calls_both=("rcid", "size"), share_identical=("same", "mean"), lijphart_agreement=("lijphart", "mean")
    ).reset_index()
    out["share_identical"] = out["share_identical"].round(4)
    out["lijphart_agreement"] = out["lijphart_agreement"].round(4)
    out["source_key"] = SOURCE_KEY
    out["locator"] = (
        "un_votes and un_roll_calls (unvotes package, data downloaded from the Dataverse on "
        "21 February 2021); roll calls of " + out["year"].astype(str)
    )
    return out.sort_values(["year", "china_seat"]).reset_index(drop=True)


def main(argv: list[str]) -> None:
    import pyreadr  # only for re-deriving: the optional group "derive"

    votes = next(iter(pyreadr.read_r(str(checked(argv[1], VOTES))).values()))
    calls = next(iter(pyreadr.read_r(str(checked(argv[2], ROLL_CALLS))).values()))
    write_frame(agreement(votes, calls), "unga_agreement")
    record("unga_agreement", [VOTES, ROLL_CALLS], "unga_votes.py", DATA)


if __name__ == "__main__":
    main(sys.argv)
