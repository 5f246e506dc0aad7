"""UN General Assembly ideal points (Bailey, Strezhnev and Voeten's estimates, the July 2025 release by year): the
Soviet Union/Russia, China, and the distance between them.

Usage: python data/derive/unga_idealpoints.py IdealpointsJuly2025.dta   (writes data/unga_idealpoints.csv)

One row a year and China seat: Russia's and the China seat's ideal points estimated from all votes
(``idealpointall``, to 2023) and from final-passage votes only (``idealpointfp``, to 2024), and the absolute
distance between the two, with the number of votes each estimate rests on. Before 25 October 1971 the seat is the
Republic of China's (COW code 713); in 1971 both seats have an estimate.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from provenance import DATA, Upstream, checked, record, write_frame  # noqa: E402

FILE = Upstream(
    "lucasbuildsapps/Masterthesis",
    "5298218d5b57e5b09223b124b25c03dc37ed646e",
    "IdealpointsJuly2025.dta",
    "fea7fa9414e3643586dbdf95baa1100ceb418e56684d79d801a146cad79443ce",
)
CODEBOOK = Upstream(
    "lucasbuildsapps/Masterthesis",
    "5298218d5b57e5b09223b124b25c03dc37ed646e",
    "Codebook United Nations General Assembly Ideal Points.docx",
    "ec5cf95fcca57364dedcae56708e6bf9f7116f84ed4fb002a73bcac4f3f04e8d",
)
RUSSIA, SEATS = 365, {710: "PRC", 713: "ROC"}
SOURCE_KEY = "voeten2025idealpoints"


def distances(points: pd.DataFrame) -> pd.DataFrame:
    """From the estimates (ccode, year, idealpointall, idealpointfp, nvotesall, nvotesfp), one row per year and
    China seat in which Russia and that seat both have an estimate of either kind."""
    cols = ["year", "idealpointall", "idealpointfp", "nvotesall", "nvotesfp"]
    ru = points[points["ccode"] == RUSSIA][cols].rename(columns=lambda c: c if c == "year" else c + "_russia")
    cn = points[points["ccode"].isin(list(SEATS))].copy()
    cn["china_seat"] = cn["ccode"].map(SEATS)
    cn = cn[["china_seat"] + cols].rename(columns=lambda c: c if c in ("year", "china_seat") else c + "_china")
    out = ru.merge(cn, on="year")
    out["distance_all"] = (out["idealpointall_russia"] - out["idealpointall_china"]).abs()
    out["distance_fp"] = (out["idealpointfp_russia"] - out["idealpointfp_china"]).abs()
    out = out[out[["distance_all", "distance_fp"]].notna().any(axis=1)].copy()
    out["year"] = out["year"].astype(int)
    for c in out.columns:
        if c.startswith(("idealpoint", "distance")):
            out[c] = out[c].astype("float64").round(4)
        elif c.startswith("nvotes"):
            out[c] = out[c].astype("Int64")
    out = out.rename(
        columns={
            "idealpointall_russia": "ideal_all_russia",
            "idealpointall_china": "ideal_all_china",
            "idealpointfp_russia": "ideal_fp_russia",
            "idealpointfp_china": "ideal_fp_china",
            "nvotesall_russia": "votes_all_russia",
            "nvotesall_china": "votes_all_china",
            "nvotesfp_russia": "votes_fp_russia",
            "nvotesfp_china": "votes_fp_china",
        }
    )
    out["source_key"] = SOURCE_KEY
    out["locator"] = (
        "IdealpointsJuly2025.dta, ccode 365 and "
        + out["china_seat"].map({"PRC": "710", "ROC": "713"})
        + ", year "
        + out["year"].astype(str)
    )
    order = [
        "year",
        "china_seat",
        "ideal_all_russia",
        "ideal_all_china",
        "distance_all",
        "ideal_fp_russia",
        "ideal_fp_china",
        "distance_fp",
        "votes_all_russia",
        "votes_all_china",
        "votes_fp_russia",
        "votes_fp_china",
        "source_key",
        "locator",
    ]
    return out[order].sort_values(["year", "china_seat"]).reset_index(drop=True)


def main(argv: list[str]) -> None:
    points = pd.read_stata(checked(argv[1], FILE))
    write_frame(distances(points), "unga_idealpoints")
    record("unga_idealpoints", [FILE], "unga_idealpoints.py", DATA)


if __name__ == "__main__":
    main(sys.argv)
