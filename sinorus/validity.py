"""How far the relationship index can be trusted: agreement with independent measures and between coders.

Pure functions on numbers. ``correlate`` gives Spearman's rank correlation of two yearly series over the years both
have, with a bootstrap interval (years resampled with replacement, a fixed seed so the book gives the same figures
on every run). ``krippendorff_alpha`` gives Krippendorff's alpha for two coders who coded every unit, at the
nominal or interval level.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np
import pandas as pd

LEVELS = ("nominal", "interval")


@dataclass(frozen=True)
class Correlation:
    n: int  # years both series have
    r: float  # Spearman's rho
    low: float  # bootstrap percentile interval
    high: float
    level: float  # e.g. 0.95


def ranks(m: np.ndarray) -> np.ndarray:
    """The ranks of each row of ``m`` (1 to n; ties take their mean rank), as pandas' ``rank()`` gives them."""
    m = np.atleast_2d(np.asarray(m, dtype=float))
    rows, n = m.shape
    order = np.argsort(m, axis=1, kind="mergesort")
    values = np.take_along_axis(m, order, axis=1)
    place = np.broadcast_to(np.arange(1, n + 1, dtype=float), (rows, n))
    starts = np.ones((rows, n), dtype=bool)
    starts[:, 1:] = values[:, 1:] != values[:, :-1]
    ends = np.ones((rows, n), dtype=bool)
    ends[:, :-1] = starts[:, 1:]
    first = np.maximum.accumulate(np.where(starts, place, 0.0), axis=1)
    last = np.minimum.accumulate(np.where(ends, place, n + 1.0)[:, ::-1], axis=1)[:, ::-1]
    out = np.empty((rows, n))
    np.put_along_axis(out, order, (first + last) / 2, axis=1)
    return out


def _rows_rho(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Spearman's rho of each row pair (NaN where a row's ranks are constant)."""
    rx, ry = ranks(x), ranks(y)
    rx, ry = rx - rx.mean(axis=1, keepdims=True), ry - ry.mean(axis=1, keepdims=True)
    sx, sy = np.sqrt((rx * rx).sum(axis=1)), np.sqrt((ry * ry).sum(axis=1))
    with np.errstate(invalid="ignore", divide="ignore"):
        rho = np.clip((rx * ry).sum(axis=1) / (sx * sy), -1.0, 1.0)  # as np.corrcoef clips rounding beyond +-1
    return np.where((sx > 0) & (sy > 0), rho, np.nan)


def spearman(x, y) -> float:
    """Spearman's rho: Pearson's correlation of the ranks (ties take their mean rank)."""
    return float(_rows_rho(np.asarray(x, dtype=float), np.asarray(y, dtype=float))[0])


def correlate(a: pd.Series, b: pd.Series, draws: int = 4000, level: float = 0.95, seed: int = 1689) -> Correlation:
    """Spearman's rho of two series indexed by year, over the years where both have a value, with a bootstrap
    percentile interval (``draws`` resamples of the years; resamples whose ranks are constant are skipped)."""
    both = pd.concat([a.rename("a"), b.rename("b")], axis=1).dropna()
    n = len(both)
    if n < 3:
        raise ValueError(f"only {n} years in common: a correlation needs at least 3")
    x, y = both["a"].to_numpy(float), both["b"].to_numpy(float)
    rng = np.random.default_rng(seed)
    picks = np.stack([rng.integers(0, n, n) for _ in range(draws)])  # drawn one resample at a time, as always
    rhos = _rows_rho(x[picks], y[picks])  # all resamples at once
    rhos = rhos[~np.isnan(rhos)]
    tail = (1 - level) / 2
    low, high = np.quantile(rhos, [tail, 1 - tail])
    return Correlation(n, spearman(x, y), float(low), float(high), level)


def _delta(u, v, level: str) -> float:
    if level == "nominal":
        return 0.0 if u == v else 1.0
    return (float(u) - float(v)) ** 2


def krippendorff_alpha(first, second, level: str = "nominal") -> float:
    """Krippendorff's alpha for two coders, each of whom coded every unit (no missing values).

    alpha = 1 - D_o / D_e, where D_o is the mean disagreement within units and D_e the mean disagreement between
    all pairs of the 2N values pooled, whichever units they come from (Krippendorff's coincidence form for two
    coders). Nominal: disagreement 1 for different values; interval: the squared difference.
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    first, second = list(first), list(second)
    if len(first) != len(second) or not first:
        raise ValueError("the two coders must code the same, non-empty list of units")
    observed = sum(_delta(u, v, level) for u, v in zip(first, second)) / len(first)
    pooled = first + second
    n = len(pooled)
    expected = 2 * sum(_delta(u, v, level) for u, v in combinations(pooled, 2)) / (n * (n - 1))
    if expected == 0:
        return 1.0  # every value the same: no disagreement is possible
    return 1 - observed / expected
