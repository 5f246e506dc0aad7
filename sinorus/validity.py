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


def spearman(x, y) -> float:
    """Spearman's rho: Pearson's correlation of the ranks (ties take their mean rank)."""
    rx = pd.Series(np.asarray(x, dtype=float)).rank().to_numpy()
    ry = pd.Series(np.asarray(y, dtype=float)).rank().to_numpy()
    if rx.std() == 0 or ry.std() == 0:
        return float("nan")
    return float(np.corrcoef(rx, ry)[0, 1])


def correlate(a: pd.Series, b: pd.Series, draws: int = 4000, level: float = 0.95, seed: int = 1689) -> Correlation:
    """Spearman's rho of two series indexed by year, over the years where both have a value, with a bootstrap
    percentile interval (``draws`` resamples of the years; resamples whose ranks are constant are skipped)."""
    both = pd.concat([a.rename("a"), b.rename("b")], axis=1).dropna()
    n = len(both)
    if n < 3:
        raise ValueError(f"only {n} years in common: a correlation needs at least 3")
    x, y = both["a"].to_numpy(float), both["b"].to_numpy(float)
    rng = np.random.default_rng(seed)
    rhos = []
    for _ in range(draws):
        pick = rng.integers(0, n, n)
        r = spearman(x[pick], y[pick])
        if not np.isnan(r):
            rhos.append(r)
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
