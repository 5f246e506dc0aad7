"""COW trade as its own reporter in the book's annual trade tables: reads data/cow_trade.csv (derived by
cow_trade.py) and writes the rows of series `cow_usd` into data/trade_soviet_annual.csv (1950-1991, million USD)
and data/trade.csv (1992 on, USD billion, the table's millions divided by 1,000; the series is described in
data/trade_series.csv). Rows of other series are left as they are. Only totals are written: COW's two flows (each one country's imports from the other)
are kept in data/cow_trade.csv, and a year COW flags as missing gets no row.

Usage: python data/derive/cow_trade_reporter.py
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent
SERIES = "cow_usd"
KEY = "barbieri2016cowtrade"
NOTE = (
    "COW Trade v4.0: the USSR's/Russia's imports from China ({a}) plus China's imports from the USSR/Russia "
    "({b}), million USD, each as COW compiled it; see data/cow_trade.csv."
)


def rows_from(cow: list[dict]) -> tuple[list[dict], list[dict]]:
    soviet, modern = [], []
    for r in cow:
        if not r["total"]:
            continue  # missing, including the 1960-63 zeros
        year = int(r["year"])
        if year < 1950:
            continue  # before the tables' span
        note = NOTE.format(a=r["ru_imports_from_cn"], b=r["cn_imports_from_ru"])
        locator = f"COW Trade v4.0 dyadic, dyad 365-710, {year} (data/cow_trade.csv)"
        if year <= 1991:
            soviet.append(
                {
                    "series_id": SERIES,
                    "year": year,
                    "flow": "total",
                    "value": r["total"],
                    "unit": "million_usd",
                    "qualifier": "",
                    "reporter": "Correlates of War Trade v4.0",
                    "source_key": KEY,
                    "locator": locator,
                    "note": note,
                }
            )
        else:
            modern.append(
                {
                    "series_id": SERIES,
                    "year": year,
                    "flow": "total",
                    "value": str(Decimal(r["total"]) / 1000),
                    "source_key": KEY,
                    "locator": locator,
                    "note": note + " Converted to USD billion by dividing by 1,000.",
                }
            )
    return soviet, modern


def replace_series(path: Path, new: list[dict]) -> None:
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        cols, rows = reader.fieldnames, [r for r in reader if r["series_id"] != SERIES]
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=cols, lineterminator="\n")
        w.writeheader()
        w.writerows(rows + new)


def main(data: Path = DATA) -> None:
    with open(data / "cow_trade.csv", newline="", encoding="utf-8") as f:
        cow = list(csv.DictReader(f))
    soviet, modern = rows_from(cow)
    replace_series(data / "trade_soviet_annual.csv", soviet)
    replace_series(data / "trade.csv", modern)
    print(f"{SERIES}: {len(soviet)} rows in trade_soviet_annual.csv, {len(modern)} in trade.csv")


if __name__ == "__main__":
    main()
