"""COW dyadic Militarized Interstate Disputes v4.02: the China-Russia dyad-years -> data/cow_mid_dyadic.csv.

Usage: python data/derive/mids.py dyadic_mid_4.02.csv
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from provenance import CHINA, RUSSIA, Upstream, run  # noqa: E402

NAME = "cow_mid_dyadic"
SOURCE_KEY = "maoz2019dyadicmid"
UPSTREAM = Upstream(
    "AvnehSBhatia/Lancer",
    "f9870277a1361e34d0f18f4376db53e1b40b0474",
    "data/dyadic_mid_4.02.csv",
    "bad6c6f81231f5ae32ec95a2d8bcbb4f5a356c596db9a4fc256c9a9ffdd8dcbf",
)
#: table column <- upstream column, read from the rows with Russia as state A (the file holds each dyad twice)
RENAME = {
    "disno": "disno",
    "year": "year",
    "strtyr": "start_year",
    "strtmnth": "start_month",
    "strtday": "start_day",
    "endyear": "end_year",
    "endmnth": "end_month",
    "endday": "end_day",
    "sideaa": "ru_side_a",
    "sideab": "cn_side_a",
    "revstata": "ru_revisionist",
    "revstatb": "cn_revisionist",
    "hihosta": "ru_hihost",
    "hihostb": "cn_hihost",
    "hihost": "hihost",
    "highact": "highact",
    "fatlev": "fatlev",
    "outcome": "outcome",
    "settlmnt": "settlmnt",
    "war": "war",
    "orignata": "ru_originator",
    "orignatb": "cn_originator",
}
COLUMNS = list(RENAME.values()) + ["dyads_in_dispute", "flag", "source_key", "locator"]


def read(path):
    import pandas as pd

    return pd.read_csv(path, dtype=str)


def derive(mid) -> list[dict]:
    recs = mid.to_dict("records")
    dyads: dict[str, set] = {}
    for r in recs:
        dyads.setdefault(r["disno"], set()).add(tuple(sorted((int(r["statea"]), int(r["stateb"])))))
    rows = []
    for r in recs:
        if not (int(r["statea"]) == RUSSIA and int(r["stateb"]) == CHINA):
            continue
        row = {}
        for up, col in RENAME.items():
            v = str(r[up]).strip()
            row[col] = None if v in ("-9", "", "nan") else int(float(v))
        n = len(dyads[r["disno"]])
        row["dyads_in_dispute"] = n
        row["flag"] = (
            "multilateral: the dispute has other dyads, so this dyad need not be a direct clash" if n > 1 else None
        )
        row["source_key"] = SOURCE_KEY
        row["locator"] = f"dyadic MID v4.02, disno {row['disno']}, dyad 365-710, year {row['year']}"
        rows.append(row)
    return sorted(rows, key=lambda r: (r["start_year"], r["disno"], r["year"]))


if __name__ == "__main__":
    run(NAME, [UPSTREAM], "mids.py", derive, [read], COLUMNS, __doc__)
