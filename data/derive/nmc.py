"""COW National Material Capabilities v6.0: China's and Russia's capabilities by year, 1816-2016, and the ratio
of their CINC scores -> data/cow_nmc.csv.

Usage: python data/derive/nmc.py NMC-60-abridged.csv
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from provenance import CHINA, RUSSIA, Upstream, run  # noqa: E402

NAME = "cow_nmc"
SOURCE_KEY = "greig2021nmc"
UPSTREAM = Upstream(
    "AvnehSBhatia/Lancer",
    "f9870277a1361e34d0f18f4376db53e1b40b0474",
    "data/NMC-60-abridged.csv",
    "989920cc06ccb652bf8b0c537f78220463ecfe14c41295a8876e9f263e78f323",
)
COMPONENTS = ["milex", "milper", "irst", "pec", "tpop", "upop", "cinc"]
COLUMNS = (
    ["year"]
    + [f"ru_{c}" for c in COMPONENTS]
    + [f"cn_{c}" for c in COMPONENTS]
    + ["cinc_ratio_cn_ru", "missing", "source_key", "locator"]
)


def read(path):
    import pandas as pd

    return pd.read_csv(path, dtype=str)


def derive(nmc) -> list[dict]:
    """One row per year in which Russia or China is in the file: each side's components as the file gives them
    (-9, the file's code for a missing value, becomes an empty cell named in ``missing``)."""
    by = {}
    for r in nmc.to_dict("records"):
        code = int(r["ccode"])
        if code in (CHINA, RUSSIA):
            by.setdefault(int(r["year"]), {})[code] = r
    rows = []
    for year in sorted(by):
        row = {"year": year}
        missing = []
        for code, pre in ((RUSSIA, "ru"), (CHINA, "cn")):
            r = by[year].get(code)
            if r is None:
                missing.append(f"{pre}: not a member of the state system in the file this year")
                continue
            gaps = []
            for c in COMPONENTS:
                v = str(r[c]).strip()
                if v in ("-9", "", "nan"):
                    gaps.append(f"{pre}_{c}")
                else:
                    row[f"{pre}_{c}"] = float(v) if c == "cinc" else int(float(v))
            if gaps:
                missing.append(", ".join(gaps) + ": -9 (missing) in the file")
        if row.get("ru_cinc") and row.get("cn_cinc") is not None:
            row["cinc_ratio_cn_ru"] = round(row["cn_cinc"] / row["ru_cinc"], 4)
        row["missing"] = "; ".join(missing) or None
        row["source_key"] = SOURCE_KEY
        row["locator"] = f"NMC v6.0, state-year rows RUS 365 and CHN 710, {year}"
        rows.append(row)
    return rows


if __name__ == "__main__":
    run(NAME, [UPSTREAM], "nmc.py", derive, [read], COLUMNS, __doc__)
