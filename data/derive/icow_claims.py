"""ICOW territorial claims, provisional version 1.01: the claims between China and Russia
-> data/icow_claims.csv (one row per dyadic claim).

Usage: python data/derive/icow_claims.py icow_ext2017_v2.csv
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from provenance import Upstream, is_dyad, run  # noqa: E402

NAME = "icow_claims"
SOURCE_KEY = "hensel2008icow"
UPSTREAM = Upstream(
    "brendancooley/icews-explorer",
    "c071eed5763731a5d95aca7847b6ae66b924609a",
    "icow_ext2017_v2.csv",
    "1681745fb4c66df1cd1c7170a0227d0d43651eafd2e81e4f10702748d714f3a4",
)
INTS = {
    "claimdy": "claimdy",
    "claim": "claim",
    "chal": "challenger",
    "tgt": "target",
    "resolved": "resolved",
    "endviol": "endviol",
    "icowsal": "salience",
    "midsiss": "mids",
    "midsfat": "mids_fatal",
    "warsiss": "wars",
}
COLUMNS = [
    "claimdy",
    "claim",
    "name",
    "challenger",
    "target",
    "begin",
    "end",
    "resolved",
    "endviol",
    "salience",
    "mids",
    "mids_fatal",
    "wars",
    "version",
    "flag",
    "source_key",
    "locator",
]


def read(path):
    import pandas as pd

    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _month(v: str) -> str:
    return f"{v[:4]}-{v[4:6]}"


def derive(icow) -> list[dict]:
    rows = []
    for r in icow.to_dict("records"):
        if not is_dyad(r["chal"], r["tgt"]):
            continue
        row = {col: (None if r[up] in ("-9", "NA", "") else int(r[up])) for up, col in INTS.items()}
        row["name"] = r["name"]
        row["begin"], row["end"] = _month(r["begclaim"]), _month(r["endclaim"])
        row["version"] = r["version"]
        row["flag"] = "provisional release (ICOW version 1.01)"
        row["source_key"] = SOURCE_KEY
        row["locator"] = f"ICOW territorial claims v1.01, claimdy {row['claimdy']}"
        rows.append(row)
    return sorted(rows, key=lambda r: (r["begin"], r["claimdy"]))


if __name__ == "__main__":
    run(NAME, [UPSTREAM], "icow_claims.py", derive, [read], COLUMNS, __doc__)
