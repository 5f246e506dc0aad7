"""SIPRI Arms Transfers Database, trade register of deals with deliveries 2000-2023 (generated 3 January 2025):
the deliveries between Russia and China -> data/sipri_register.csv (one row per deal and delivery year).

Usage: python data/derive/sipri_register.py trade_2023.csv
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from provenance import Upstream, run  # noqa: E402

NAME = "sipri_register"
SOURCE_KEY = "sipri2025register"
UPSTREAM = Upstream(
    "lucacasu/Global-Arms-Trade",
    "e1b012d3a36856e9d17faa0b7c770a04c5ffaaf9",
    "russia_trade_decline/trade_2023.csv",
    "51dfdcb6293bc975f2a95a5f00573b9d138d13a61963c93b3cdf8553754cb401",
)
HEADER_LINES = 11  # SIPRI's notes above the column names
RENAME = {
    "SIPRI AT Database ID": "sipri_id",
    "Supplier": "supplier",
    "Recipient": "recipient",
    "Designation": "designation",
    "Description": "description",
    "Armament category": "category",
    "Order date": "order_year",
    "Order date is estimate": "order_year_estimate",
    "Numbers delivered": "number_delivered",
    "Numbers delivered is estimate": "number_delivered_estimate",
    "Delivery year": "delivery_year",
    "Delivery year is estimate": "delivery_year_estimate",
    "Status": "status",
    "TIV deal unit": "tiv_unit",
    "TIV delivery values": "tiv_delivered",
    "Local production": "local_production",
}
COLUMNS = list(RENAME.values()) + ["source_key", "locator"]
BOOLS = ("order_year_estimate", "number_delivered_estimate", "delivery_year_estimate", "local_production")
PAIRS = {("Russia", "China"), ("China", "Russia")}


def read(path):
    import pandas as pd

    return pd.read_csv(path, skiprows=HEADER_LINES, dtype=str, keep_default_na=False)


def derive(reg) -> list[dict]:
    rows = []
    for r in reg.to_dict("records"):
        if (r["Supplier"], r["Recipient"]) not in PAIRS:
            continue
        row = {col: (str(r[up]).strip() or None) for up, col in RENAME.items()}
        for c in BOOLS:
            row[c] = {"Yes": "true", "No": "false"}.get(row[c], row[c])
        row["source_key"] = SOURCE_KEY
        row["locator"] = f"SIPRI trade register (generated 3 Jan 2025), AT Database ID {row['sipri_id']}"
        rows.append(row)
    return sorted(rows, key=lambda r: (r["supplier"], int(r["delivery_year"]), int(r["sipri_id"])))


if __name__ == "__main__":
    run(NAME, [UPSTREAM], "sipri_register.py", derive, [read], COLUMNS, __doc__)
