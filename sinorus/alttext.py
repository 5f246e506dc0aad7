"""Words for figure descriptions, computed from the data a chart draws, so that a description stays true when the
data change: lists, runs of years and a series' values in plain English."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

#: qualifiers of a stated value that a description repeats before the number (others, e.g. "round figure", not)
QUALIFIERS = ("more than", "at least", "approximately", "about", "some", "over", "under")


def and_list(items: Iterable[str]) -> str:
    """["a"] -> "a"; ["a", "b", "c"] -> "a, b and c"."""
    items = [str(i) for i in items]
    if not items:
        return ""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def year_runs(years: Iterable, last: str = " and ") -> str:
    """Consecutive years as spans: [1951, 1952, 1953, 1968] -> "1951-1953 and 1968" (with ``last=", "``:
    "1951-1953, 1968", for lists)."""
    spans: list[list[int]] = []
    for y in sorted({int(y) for y in years}):
        if spans and y == spans[-1][1] + 1:
            spans[-1][1] = y
        else:
            spans.append([y, y])
    words = [f"{a}-{b}" if a != b else f"{a}" for a, b in spans]
    return and_list(words) if last == " and " else ", ".join(words)


def qualified(value: float, qualifier=None, fmt: str = ",.0f") -> str:
    """A value with the source's qualifier when it is one a reader needs: (2200, "more than (2200余人)") ->
    "more than 2,200"."""
    q = "" if qualifier is None or pd.isna(qualifier) else str(qualifier).lower()
    word = next((w for w in QUALIFIERS if q.startswith(w)), "")
    return f"{word + ' ' if word else ''}{value:{fmt}}"


def series_words(
    frame: pd.DataFrame, x: str = "year", y: str = "value", fmt: str = ",.0f", qualifier: str | None = "qualifier"
) -> str:
    """A series' values in words, in order of x: all of them if there are three or fewer; otherwise the first,
    the lowest, the highest and the last (each once), the lowest and highest so marked."""
    g = frame.dropna(subset=[y]).sort_values(x)

    def one(i) -> str:
        q = g.at[i, qualifier] if qualifier and qualifier in g else None
        return f"{qualified(g.at[i, y], q, fmt)} in {g.at[i, x]}"

    if len(g) <= 3:
        return and_list(one(i) for i in g.index)
    low, high = g[y].idxmin(), g[y].idxmax()
    keep = [i for i in g.index if i in {g.index[0], low, high, g.index[-1]}]
    return and_list(one(i) + (" (the lowest)" if i == low else " (the highest)" if i == high else "") for i in keep)
