"""MID locations (MIDLOC) 2.1: where the China-Russia disputes of the dyadic MID data took place
-> data/cow_mid_locations.csv. Needs both files: the locations, and the dyadic MIDs to know which disputes.

Usage: python data/derive/midloc.py MIDLOCA_2.1.csv dyadic_mid_4.02.csv
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mids import UPSTREAM as MID_UPSTREAM  # noqa: E402
from mids import read as read_mids  # noqa: E402
from provenance import Upstream, is_dyad, run  # noqa: E402

NAME = "cow_mid_locations"
SOURCE_KEY = "braithwaite2010midloc"
UPSTREAM = Upstream(
    "AvnehSBhatia/Lancer",
    "f9870277a1361e34d0f18f4376db53e1b40b0474",
    "data/MIDLOCA_2.1.csv",
    "aa1bc0b5aecfda5515803d138ac0bb0452dbe811a2c3913a8c52a7f608794df5",
)
RENAME = {
    "dispnum": "disno",
    "year": "year",
    "midloc2_location": "location",
    "midloc2_measuringpoint": "measuring_point",
    "midloc2_xlongitude": "longitude",
    "midloc2_ylatitude": "latitude",
    "midloc2_precision": "precision",
    "midloc2_precision_comment": "precision_comment",
    "midloc2_general_comment": "comment",
}
COLUMNS = list(RENAME.values()) + ["dyads_in_dispute", "flag", "source_key", "locator"]


def read(path):
    import pandas as pd

    return pd.read_csv(path, dtype=str, encoding="latin-1", keep_default_na=False)


def derive(loc, mid) -> list[dict]:
    dyads: dict[int, set] = {}
    for r in mid.to_dict("records"):
        dyads.setdefault(int(r["disno"]), set()).add(tuple(sorted((int(r["statea"]), int(r["stateb"])))))
    ours = {d for d, s in dyads.items() if any(is_dyad(*p) for p in s)}
    rows = []
    for r in loc.to_dict("records"):
        d = int(r["dispnum"])
        if d not in ours:
            continue
        row = {col: (str(r[up]).strip() or None) for up, col in RENAME.items()}
        row["disno"], row["year"] = d, int(r["year"])
        for c in ("longitude", "latitude"):
            row[c] = float(row[c]) if row[c] not in (None, "NA") else None
        row["precision"] = int(row["precision"])
        n = len(dyads[d])
        row["dyads_in_dispute"] = n
        flags = []
        if row["precision"] < 0:
            row["precision"] = None
            flags.append("no location: precision -99 in the file")
        if n > 1:
            flags.append("multilateral: the location is the dispute's, not necessarily of a China-Russia clash")
        row["flag"] = "; ".join(flags) or None
        row["source_key"] = SOURCE_KEY
        row["locator"] = f"MIDLOC 2.1, dispnum {d}"
        rows.append(row)
    return sorted(rows, key=lambda r: (r["year"], r["disno"]))


if __name__ == "__main__":
    run(NAME, [UPSTREAM, MID_UPSTREAM], "midloc.py", derive, [read, read_mids], COLUMNS, __doc__)
