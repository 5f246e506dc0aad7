"""ICEWS event counts for the China-Russia dyad, 2002-2014 (Boschee et al.'s coded events, as aggregated by year
and quad category by Dorff and Minhas for the netify package).

Usage: python data/derive/icews.py icews.rda   (writes data/icews_dyad.csv)

One row a year and direction (source -> target): the counts of events coded as verbal cooperation, material
cooperation, verbal conflict and material conflict. The counts follow the volume of news the coding machine read.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from provenance import DATA, Upstream, checked, record, write_frame  # noqa: E402

FILE = Upstream(
    "netify-dev/netify",
    "d0dceb6a666e013651d017c5f6a55a51fee7bff2",
    "data/icews.rda",
    "7267fb4350b8926f389b1f7eeef0a1ef3e93a8f40cdb751a9d7d240e7348f5e9",
)
NAMES = {"China": "CHN", "Russian Federation": "RUS"}
COUNTS = {
    "verbCoop": "verbal_cooperation",
    "matlCoop": "material_cooperation",
    "verbConf": "verbal_conflict",
    "matlConf": "material_conflict",
}
SOURCE_KEY = "boschee2015icews"


def dyad(events: pd.DataFrame) -> pd.DataFrame:
    """The China-Russia rows of the dyad-year table (i, j, year and the four counts), both directions."""
    rows = events[events["i"].isin(list(NAMES)) & events["j"].isin(list(NAMES)) & (events["i"] != events["j"])]
    out = rows[["i", "j", "year", *COUNTS]].rename(columns=COUNTS).copy()
    out["source"], out["target"] = out.pop("i").map(NAMES), out.pop("j").map(NAMES)
    out["year"] = out["year"].astype(int)
    for c in COUNTS.values():
        out[c] = out[c].astype(int)
    out["source_key"] = SOURCE_KEY
    out["locator"] = (
        "netify data object icews, rows i="
        + out["source"]
        + ", j="
        + out["target"]
        + ", year "
        + out["year"].astype(str)
    )
    order = ["year", "source", "target", *COUNTS.values(), "source_key", "locator"]
    return out[order].sort_values(["year", "source"]).reset_index(drop=True)


def main(argv: list[str]) -> None:
    import pyreadr  # only for re-deriving: the optional group "derive"

    events = next(iter(pyreadr.read_r(str(checked(argv[1], FILE))).values()))
    write_frame(dyad(events), "icews_dyad")
    record("icews_dyad", [FILE], "icews.py", DATA)


if __name__ == "__main__":
    main(sys.argv)
