"""The book's colours, series labels and units, as data: the one place a colour is written.

* ``palette.csv``: every colour the charts use, by name (``blue``, ``muted``, ``gap``...), with its hex code and what
  it is for. No chapter and no other module writes a hex code (``tests/test_figures.py`` checks).
* ``series.csv``: for each group of series a chart shows (the periods, the default series order, the Soviet-era
  trade series, their units, the flows...), one row a series in the order charts list them: its key, the label
  readers see and its colour's name in the palette.

Chapters ask by name: ``colour("muted")``, ``colours("sources_checks")``, ``labels("unit")``; the chart functions of
:mod:`sinorus.figures` read the same tables.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).parent
PALETTE_CSV = HERE / "palette.csv"
SERIES_CSV = HERE / "series.csv"


def _read(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@lru_cache(maxsize=1)
def palette() -> dict[str, str]:
    """Colour name -> hex code, in the table's order."""
    rows = _read(PALETTE_CSV)
    out = {r["name"]: r["hex"] for r in rows}
    if len(out) != len(rows):
        raise ValueError(f"{PALETTE_CSV.name}: a colour name is given twice")
    return out


def colour(name: str) -> str:
    """The hex code of a named colour of the palette."""
    try:
        return palette()[name]
    except KeyError:
        raise KeyError(f"no colour '{name}' in sinorus/{PALETTE_CSV.name}") from None


@lru_cache(maxsize=1)
def _series() -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = {}
    for row in _read(SERIES_CSV):
        if row["colour"] and row["colour"] not in palette():
            raise KeyError(f"{SERIES_CSV.name}: group {row['group']}, {row['key']}: no colour '{row['colour']}'")
        groups.setdefault(row["group"], []).append(row)
    return groups


def group(name: str) -> list[dict]:
    """The rows of a group of ``series.csv``, in order: key, label, colour (a palette name, or empty)."""
    try:
        return _series()[name]
    except KeyError:
        raise KeyError(f"no group '{name}' in sinorus/{SERIES_CSV.name}") from None


def labels(name: str) -> dict[str, str]:
    """Key -> label of a group, in order (e.g. ``labels("unit")["million_usd"]`` is "million US dollars")."""
    return {r["key"]: r["label"] for r in group(name)}


def colours(name: str) -> list[str]:
    """The hex codes of a group's colours, in order."""
    return [colour(r["colour"]) for r in group(name)]


def colour_of(name: str) -> dict[str, str]:
    """Key -> hex code of a group's colours."""
    return {r["key"]: colour(r["colour"]) for r in group(name) if r["colour"]}


def by_label(name: str) -> dict[str, str]:
    """Label -> hex code of a group whose keys share labels (several series drawn as one reporter), in order."""
    return {r["label"]: colour(r["colour"]) for r in group(name)}


# the theme's inks and the two palettes every chart shares
INK, MUTED, GRID = colour("ink"), colour("muted"), colour("grid")
#: One colour per period, used in every chart (Okabe-Ito palette: distinguishable with colour-vision deficiency).
PERIOD_COLORS = colour_of("period")
#: Colours for series that are not periods (reporters, flows), in a fixed order.
SERIES_COLORS = colours("category")
