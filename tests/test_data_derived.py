"""The tables derived from the field's standard datasets (data/derive/): each validates through the loader, each
derivation script gives the expected rows on a small fixture with the upstream file's columns (a non-dyad row and a
caveat case included), and the descriptor records where every derived table comes from."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from sinorus import data

ROOT = Path(__file__).resolve().parent.parent
DERIVE = ROOT / "data" / "derive"
#: table -> the script that writes it
DERIVED = {
    "cow_nmc": "nmc",
    "cow_mid_dyadic": "mids",
    "cow_mid_locations": "midloc",
    "cow_trade": "cow_trade",
    "alliances": "alliances",
    "sipri_tiv": "sipri_tiv",
    "sipri_register": "sipri_register",
    "icow_claims": "icow_claims",
    "rivalries": "rivalries",
}


def script(name: str):
    sys.path.insert(0, str(DERIVE))
    try:
        spec = importlib.util.spec_from_file_location(f"derive_{name}", DERIVE / f"{name}.py")
        mod = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = mod  # dataclasses look their module up while the class is made
        spec.loader.exec_module(mod)
        return mod
    finally:
        sys.path.remove(str(DERIVE))


def frame(rows: list[dict]) -> pd.DataFrame:
    """A fixture as the readers give it: every cell a string, as read from the CSV."""
    return pd.DataFrame(rows).astype(str)


@pytest.mark.parametrize("table", sorted(DERIVED))
def test_derived_table_validates(table):
    t = data.load(table)
    assert len(t) > 0
    assert set(t["source_key"]) and t["locator"].str.len().min() > 0


@pytest.mark.parametrize("table", sorted(DERIVED))
def test_descriptor_records_provenance(table):
    res = data.resource(table)
    prov = res["x-provenance"]
    assert prov["script"] == f"data/derive/{DERIVED[table]}.py" and (ROOT / prov["script"]).is_file()
    mod = script(DERIVED[table])
    recorded = {(u["repository"], u["commit"], u["path"], u["sha256"]) for u in prov["upstream"]}
    named = {(u.repository, u.commit, u.path, u.sha256) for u in vars(mod).values() if type(u).__name__ == "Upstream"}
    assert recorded == named, "the descriptor and the script name different upstream files"
    for repo, commit, path, sha in recorded:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+", repo) and re.fullmatch(r"[0-9a-f]{40}", commit)
        assert path and re.fullmatch(r"[0-9a-f]{64}", sha)


def test_the_checksum_is_checked(tmp_path):
    prov = script("provenance")
    f = tmp_path / "upstream.csv"
    f.write_text("a,b\n1,2\n", encoding="utf-8")
    good = prov.Upstream("o/r", "0" * 40, "x.csv", hashlib.sha256(f.read_bytes()).hexdigest())
    prov.check(f, good)
    with pytest.raises(SystemExit, match="is not the recorded"):
        prov.check(f, prov.Upstream("o/r", "0" * 40, "x.csv", "f" * 64))


def test_nmc_fixture():
    cols = ["stateabb", "ccode", "year", "milex", "milper", "irst", "pec", "tpop", "upop", "cinc", "version"]
    rows = [
        dict(zip(cols, r))
        for r in [
            ("USA", 2, 1860, 1, 1, 1, 1, 1, 1, ".5", 2021),  # not the dyad
            ("RUS", 365, 1859, 10, 20, 30, 40, 50, 60, ".2", 2021),  # China not yet a member
            ("RUS", 365, 1860, 10, 20, 30, 40, 50, 60, ".1", 2021),
            ("CHN", 710, 1860, -9, 1000, 10, 0, 379382, -9, ".2", 2021),  # -9 = missing
        ]
    ]
    out = script("nmc").derive(frame(rows))
    assert [r["year"] for r in out] == [1859, 1860]
    assert out[0]["cinc_ratio_cn_ru"] is None if "cinc_ratio_cn_ru" in out[0] else True
    assert "cn: not a member" in out[0]["missing"]
    r = out[1]
    assert r["cinc_ratio_cn_ru"] == 2.0 and r["cn_pec"] == 0 and "cn_milex" not in r and r["ru_milex"] == 10
    assert r["missing"] == "cn_milex, cn_upop: -9 (missing) in the file"


MID_COLS = [
    "disno",
    "statea",
    "stateb",
    "year",
    "strtyr",
    "strtmnth",
    "strtday",
    "endyear",
    "endmnth",
    "endday",
    "sideaa",
    "sideab",
    "revstata",
    "revstatb",
    "hihosta",
    "hihostb",
    "hihost",
    "highact",
    "fatlev",
    "outcome",
    "settlmnt",
    "war",
    "orignata",
    "orignatb",
]


def mid_rows():
    base = dict(
        zip(MID_COLS, [349, 365, 710, 1969, 1969, 3, 2, 1969, 9, 11, 0, 1, 1, 1, 4, 4, 4, 18, 3, 5, 3, 0, 1, 1])
    )
    return [
        base,
        {**base, "statea": 710, "stateb": 365},  # the same dyad-year from China's side
        {**base, "disno": 3007, "year": 1978, "fatlev": -9},  # multilateral, fatality unknown
        {**base, "disno": 3007, "statea": 710, "stateb": 816, "year": 1978},  # China-Vietnam
        {**base, "disno": 2, "statea": 2, "stateb": 200, "year": 1902},
    ]  # not the dyad


def test_mids_fixture():
    out = script("mids").derive(frame(mid_rows()))
    assert [(r["disno"], r["year"]) for r in out] == [(349, 1969), (3007, 1978)]
    assert out[0]["flag"] is None and out[0]["dyads_in_dispute"] == 1 and out[0]["cn_hihost"] == 4
    assert out[1]["dyads_in_dispute"] == 2 and out[1]["flag"].startswith("multilateral") and out[1]["fatlev"] is None


def test_midloc_fixture():
    cols = [
        "year",
        "dispnum",
        "midloc2_location",
        "midloc2_measuringpoint",
        "midloc2_xlongitude",
        "midloc2_ylatitude",
        "midloc2_precision",
        "midloc2_howobtained",
        "midloc2_precision_comment",
        "midloc2_general_comment",
    ]
    loc = [
        dict(zip(cols, r))
        for r in [
            (1969, 349, "Amur River", "Midpoint", "132.169", "47.6919", "5", "x", "", ""),
            (1978, 3007, "China-Vietnam Border", "Midpoint", "105.2", "23.28", "5", "x", "", ""),
            (1926, 2208, "Unspecified", "", "NA", "NA", "-99", "", "", ""),
            (1902, 2, "Alaska", "", "-138", "59", "5", "", "", ""),  # not the dyad
        ]
    ]
    mids = mid_rows() + [{**mid_rows()[0], "disno": 2208, "year": 1926}]
    out = script("midloc").derive(pd.DataFrame(loc).astype(str), frame(mids))
    assert [r["disno"] for r in out] == [2208, 349, 3007]
    assert out[0]["latitude"] is None and out[0]["precision"] is None and out[0]["flag"].startswith("no location")
    assert out[1]["latitude"] == 47.6919 and out[1]["flag"] is None
    assert "multilateral" in out[2]["flag"]


def test_cow_trade_fixture():
    cols = ["ccode1", "ccode2", "year", "flow1", "flow2", "smoothflow1", "smoothflow2"]
    nan = float("nan")
    rows = pd.DataFrame(
        [
            dict(zip(cols, r))
            for r in [
                (2, 20, 1960, 5, 6, 5, 6),  # not the dyad
                (365, 710, 1957, 812, 544, 812, 544),
                (365, 710, 1960, 0, 0, 0, 0),  # the artefact zero
                (365, 710, 1916, 10, nan, 10, nan),  # one flow missing
                (365, 710, 2014, 51135, 42807, 51135, 42807),
            ]
        ]
    )
    out = {r["year"]: r for r in script("cow_trade").derive(rows)}
    assert sorted(out) == [1916, 1957, 1960, 2014]
    assert out[1957]["ru_imports_from_cn"] == 812 and out[1957]["cn_imports_from_ru"] == 544
    assert out[1957]["total"] == 1356 and out[1957]["flag"] is None
    assert out[1960]["ru_imports_from_cn"] is None and out[1960].get("total") is None
    assert out[1960]["flag"].startswith("zero_as_missing")
    assert out[1916].get("total") is None and out[1916]["flag"] == "missing in the file: cn_imports_from_ru"


def test_alliances_fixture():
    atop = pd.DataFrame(
        [
            {
                "ccode1": a,
                "ccode2": b,
                "year": y,
                "atop_defense": d,
                "atop_offense": 0,
                "atop_neutral": 0,
                "atop_nonagg": n,
                "atop_consul": 0,
            }
            for a, b, y, d, n in [
                (365, 710, 1950, 1, 1),
                (710, 365, 1950, 1, 1),
                (2, 20, 1950, 1, 0),
                (365, 710, 2001, 0, 1),
            ]
        ]
    )
    cow = pd.DataFrame(
        [
            {
                "ccode1": 365,
                "ccode2": 710,
                "year": 1950,
                "cow_defense": 1,
                "cow_neutral": 0,
                "cow_nonagg": 0,
                "cow_entente": 0,
            }
        ]
    )
    out = script("alliances").derive(atop, cow)
    assert [(r["dataset"], r["year"]) for r in out] == [("atop", 1950), ("atop", 2001), ("cow", 1950)]
    assert out[1]["defense"] == "false" and out[1]["nonagg"] == "true" and out[1]["entente"] is None
    assert out[2]["offense"] is None and out[2]["source_key"] == "gibler2009alliances"


def test_rivalries_fixture():
    td = pd.DataFrame(
        [
            {
                "rivalryno": 29,
                "rivalryname": "China-Russia 1",
                "ccode1": 365,
                "ccode2": 710,
                "styear": 1816,
                "endyear": 1949,
                "region": "x",
                "type1": "positional",
                "type2": "spatial",
                "type3": float("nan"),
            },
            {
                "rivalryno": 1,
                "rivalryname": "Austria-France",
                "ccode1": 220,
                "ccode2": 300,
                "styear": 1494,
                "endyear": 1918,
                "region": "x",
                "type1": "spatial",
                "type2": float("nan"),
                "type3": float("nan"),
            },
        ]
    )
    tss = pd.DataFrame(
        [
            {
                "tssr_id": 128,
                "rivalry": "China-USSR",
                "ccode1": 710,
                "ccode2": 365,
                "start": 1958,
                "end": 1989,
                "positional": 1,
                "spatial": 1,
                "ideological": 1,
                "interventionary": float("nan"),
                "principal": 1,
                "aprin": float("nan"),
            }
        ]
    )
    out = script("rivalries").derive(td, tss)
    assert [(r["dataset"], r["rivalry_id"], r["start_year"], r["end_year"]) for r in out] == [
        ("td", 29, 1816, 1949),
        ("tss", 128, 1958, 1989),
    ]
    assert out[0]["types"] == "positional, spatial" and out[1]["types"] == "positional, spatial, ideological"


def test_sipri_tiv_fixture():
    imp = frame(
        [
            {"Import_To": "China", "Export_From": "Soviet Union", "Year": "1950", "TIV": "2572"},
            {"Import_To": "China", "Export_From": "Soviet Union", "Year": "Total", "TIV": "32510"},
            {"Import_To": "China", "Export_From": "Russia", "Year": "1992", "TIV": "1023"},
            {"Import_To": "India", "Export_From": "Russia", "Year": "1992", "TIV": "900"},
        ]
    )
    exp = frame([{"Export_From": "China", "Import_To": "Pakistan", "Year": "1992", "TIV": "50"}])
    mod = script("sipri_tiv")
    out = {(r["direction"], r["year"]): r for r in mod.derive(imp, exp)}
    assert len(out) == 2 * (mod.LAST - mod.FIRST + 1)
    assert out[("ru_to_cn", 1950)]["tiv"] == 2572 and out[("ru_to_cn", 1950)]["flag"] is None
    assert out[("ru_to_cn", 1992)]["sipri_names"] == "Russia to China"
    assert out[("ru_to_cn", 1970)]["tiv"] == 0 and out[("ru_to_cn", 1970)]["flag"] == "absent_zero"
    assert out[("cn_to_ru", 1992)]["tiv"] == 0 and out[("cn_to_ru", 1992)]["flag"] == "absent_zero"


def _register_file(path: Path, rows: list[list[str]]):
    mod = script("sipri_register")
    head = [f"note line {i}" for i in range(mod.HEADER_LINES)]
    cols = ",".join(mod.RENAME)
    path.write_text("\n".join(head + [cols] + [",".join(r) for r in rows]) + "\n", encoding="utf-8")


REGISTER_ROWS = [
    [
        "65749",
        "Russia",
        "China",
        "9M96",
        "SAM",
        "Missiles",
        "2015",
        "Yes",
        "125",
        "Yes",
        "2019",
        "No",
        "New",
        "0.9",
        "112.5",
        "No",
    ],
    [
        "65349",
        "China",
        "Russia",
        "ship engine",
        "ship engine",
        "Engines",
        "2015",
        "No",
        "8",
        "No",
        "2018",
        "No",
        "New",
        "1.2",
        "9.6",
        "No",
    ],
    [
        "37743",
        "Russia",
        "Afghanistan",
        "engine",
        "aircraft engine",
        "Engines",
        "2004",
        "No",
        "6",
        "No",
        "2005",
        "No",
        "New",
        "0.5",
        "3",
        "No",
    ],
]


def test_sipri_register_fixture(tmp_path):
    mod = script("sipri_register")
    f = tmp_path / "trade.csv"
    _register_file(f, REGISTER_ROWS)
    out = mod.derive(mod.read(f))
    assert [(r["supplier"], r["sipri_id"], r["delivery_year"]) for r in out] == [
        ("China", "65349", "2018"),
        ("Russia", "65749", "2019"),
    ]
    assert out[1]["order_year_estimate"] == "true" and out[1]["local_production"] == "false"


def test_a_script_runs_end_to_end_on_a_fixture(tmp_path):
    """The command line: read the file, derive, write data/<name>.csv (the checksum skipped for the fixture)."""
    f = tmp_path / "trade.csv"
    _register_file(f, REGISTER_ROWS)
    out_dir = tmp_path / "data"
    subprocess.run(
        [sys.executable, str(DERIVE / "sipri_register.py"), str(f), "--data", str(out_dir), "--no-check"],
        check=True,
        capture_output=True,
    )
    written = pd.read_csv(out_dir / "sipri_register.csv", dtype=str)
    assert list(written.columns) == script("sipri_register").COLUMNS and len(written) == 2
    # without --no-check the fixture is refused: it is not the recorded upstream file
    r = subprocess.run(
        [sys.executable, str(DERIVE / "sipri_register.py"), str(f), "--data", str(out_dir)],
        capture_output=True,
        text=True,
    )
    assert r.returncode != 0 and "is not the recorded" in r.stderr


def test_icow_fixture():
    cols = [
        "region",
        "claimdy",
        "claim",
        "name",
        "dyadnum",
        "chal",
        "tgt",
        "dyad",
        "begclaim",
        "endclaim",
        "resolved",
        "endviol",
        "icowsal",
        "icowsalc",
        "salchal",
        "saltgt",
        "saltan",
        "salint",
        "salintc",
        "salintt",
        "midsiss",
        "midsfat",
        "warsiss",
        "version",
        "chalname",
        "tgtname",
        "notes",
    ]
    rows = [
        dict(zip(cols, r))
        for r in [
            (
                5,
                80006,
                800,
                "Amur & Ussuri River Islands",
                6,
                710,
                365,
                365710,
                195401,
                200810,
                4,
                -9,
                8,
                3,
                4,
                4,
                4,
                4,
                2,
                2,
                9,
                5,
                0,
                "1.01",
                "China",
                "Russian Federation",
                "NA",
            ),
            (
                1,
                201,
                2,
                "Passamaquoddy Bay",
                1,
                2,
                200,
                2200,
                181601,
                181711,
                4,
                0,
                3,
                1,
                2,
                1,
                0,
                3,
                2,
                1,
                0,
                0,
                0,
                "1.01",
                "USA",
                "UK",
                "NA",
            ),
        ]
    ]
    out = script("icow_claims").derive(frame(rows))
    assert len(out) == 1
    r = out[0]
    assert (r["begin"], r["end"], r["endviol"], r["mids"], r["challenger"]) == ("1954-01", "2008-10", None, 9, 710)
    assert "provisional" in r["flag"]


def test_no_derived_table_is_read_by_the_build_from_upstream():
    """The build needs neither the upstream files nor their readers: no chapter or package module imports pyreadr
    or the derivation scripts."""
    for p in list((ROOT / "book").rglob("*.md")) + list((ROOT / "sinorus").rglob("*.py")):
        text = p.read_text("utf-8")
        assert "pyreadr" not in text and not re.search(r"^\s*(from|import) provenance\b", text, re.M), p
    assert "pyreadr" not in (ROOT / "requirements.lock").read_text()
    assert json.loads((ROOT / "data" / "datapackage.json").read_text("utf-8"))
