"""SIPRI Arms Transfers Database, trend-indicator values (TIV) by year, data as of May 2022: deliveries from the
USSR/Russia to China and from China to the USSR/Russia, every year 1950-2021 -> data/sipri_tiv.csv. A year the
files do not list is a year with no delivery recorded: its row holds 0 with the flag `absent_zero`.

Usage: python data/derive/sipri_tiv.py import_tiv.csv export_tiv.csv
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from provenance import Upstream, run  # noqa: E402

NAME = "sipri_tiv"
SOURCE_KEY = "sipri2022tiv"
IMPORTS = Upstream(
    "lajh87/sipriarmsdata",
    "628ce86f17da8d7d99071c047b0086a309a1b6d7",
    "data/import_tiv.csv",
    "8871b2e40f1d9ce7ac9ea7fbdd654ee7c60eb1fc69a9c43d07a7f78d4618e004",
)
EXPORTS = Upstream(
    "lajh87/sipriarmsdata",
    "628ce86f17da8d7d99071c047b0086a309a1b6d7",
    "data/export_tiv.csv",
    "e6479bc131aaec809e0cad7e8d47cc54bb82a4fc5922f9fba6ad0c5966f6de41",
)
RUSSIA_NAMES = ("Soviet Union", "Russia")
FIRST, LAST = 1950, 2021  # the years the vintage covers
COLUMNS = ["direction", "year", "tiv", "flag", "sipri_names", "source_key", "locator"]


def read(path):
    import pandas as pd

    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _series(frame, src_col: str, dst_col: str, src: tuple, dst: tuple) -> dict[int, tuple[float, list[str]]]:
    out: dict[int, tuple[float, list[str]]] = {}
    for r in frame.to_dict("records"):
        if r[src_col] in src and r[dst_col] in dst and r["Year"].isdigit():
            y = int(r["Year"])
            v, names = out.get(y, (0.0, []))
            out[y] = (v + float(r["TIV"]), names + [f"{r[src_col]} to {r[dst_col]}"])
    return out


def derive(imports, exports) -> list[dict]:
    series = {
        "ru_to_cn": (_series(imports, "Export_From", "Import_To", RUSSIA_NAMES, ("China",)), "import_tiv.csv"),
        "cn_to_ru": (_series(exports, "Export_From", "Import_To", ("China",), RUSSIA_NAMES), "export_tiv.csv"),
    }
    rows = []
    for direction, (values, fname) in series.items():
        for y in range(FIRST, LAST + 1):
            v, names = values.get(y, (0.0, []))
            rows.append(
                {
                    "direction": direction,
                    "year": y,
                    "tiv": int(v) if float(v).is_integer() else v,
                    "flag": None if names else "absent_zero",
                    "sipri_names": "; ".join(names) or None,
                    "source_key": SOURCE_KEY,
                    "locator": f"SIPRI TIV table ({fname}, data as of May 2022), {y}",
                }
            )
    return rows


if __name__ == "__main__":
    run(NAME, [IMPORTS, EXPORTS], "sipri_tiv.py", derive, [read, read], COLUMNS, __doc__)
