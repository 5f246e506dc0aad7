"""sinorus.validity: correlations with intervals and Krippendorff's alpha, against values worked out by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from sinorus import validity


def test_spearman_by_hand():
    # ranks of x: 1 2 3 4; of y: 2 1 4 3 -> Pearson of the ranks: 1 - 6*sum(d^2)/(n(n^2-1)) = 1 - 6*4/60 = 0.6
    assert validity.spearman([10, 20, 30, 40], [2, 1, 9, 5]) == pytest.approx(0.6)
    assert validity.spearman([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)


def test_correlate_uses_only_common_years_and_brackets_the_estimate():
    a = pd.Series({1990: 1.0, 1991: 2.0, 1992: 3.0, 1993: 4.0, 1994: 5.0, 1995: None})
    b = pd.Series({1991: 2.0, 1992: 1.0, 1993: 4.0, 1994: 3.0, 1995: 9.0, 1996: 1.0})
    out = validity.correlate(a, b)
    assert out.n == 4  # 1991-1994: 1990 and 1996 are in one series only, 1995 is missing in a
    assert out.r == pytest.approx(0.6)
    assert -1 <= out.low <= out.r <= out.high <= 1
    assert validity.correlate(a, b) == out  # the fixed seed gives the same interval every run
    with pytest.raises(ValueError, match="only 2 years in common"):
        validity.correlate(a.loc[[1990, 1991, 1992]], b.loc[[1991, 1992, 1996]])


def test_alpha_by_hand():
    # nominal, units (a,a) (a,b) (b,b): D_o = 1/3; pooled a a b a b b: 9 of the 15 pairs differ, D_e = 2*9/30 = 0.6
    # alpha = 1 - (1/3)/0.6 = 4/9
    assert validity.krippendorff_alpha(["a", "a", "b"], ["a", "b", "b"]) == pytest.approx(4 / 9)
    # interval, units (1,1) (2,2) (3,4): D_o = 1/3; pooled 1 2 3 1 2 4: sum over the 15 pairs of the squared
    # differences is 41, D_e = 2*41/30 = 82/30; alpha = 1 - (1/3)/(82/30) = 1 - 10/82
    assert validity.krippendorff_alpha([1, 2, 3], [1, 2, 4], "interval") == pytest.approx(1 - 10 / 82)
    assert validity.krippendorff_alpha([1, 2, 3], [1, 2, 3], "interval") == 1.0
    # systematic disagreement is worse than chance
    assert validity.krippendorff_alpha(["a", "b"], ["b", "a"]) < 0


def test_alpha_refuses_bad_input():
    with pytest.raises(ValueError, match="same, non-empty"):
        validity.krippendorff_alpha([1, 2], [1])
    with pytest.raises(ValueError, match="level must be one of"):
        validity.krippendorff_alpha([1], [1], "ordinal")


def test_ranks_and_the_bootstrap_are_those_of_the_one_at_a_time_computation():
    """The bootstrap ranks all resamples at once: the same ranks as pandas (ties take their mean rank) and the same
    interval as ranking one resample at a time with the same draws."""
    import numpy as np
    import pandas as pd

    from sinorus import validity

    rng = np.random.default_rng(7)
    m = rng.integers(0, 4, (300, 15)).astype(float)  # many ties
    assert np.array_equal(validity.ranks(m), np.stack([pd.Series(r).rank().to_numpy() for r in m]))
    a = pd.Series(rng.integers(0, 5, 25).astype(float), index=range(1990, 2015))
    b = pd.Series(rng.normal(size=25).round(0), index=range(1990, 2015))
    draws = np.random.default_rng(1689)
    rhos = []
    for _ in range(600):
        pick = draws.integers(0, 25, 25)
        rx, ry = pd.Series(a.to_numpy()[pick]).rank(), pd.Series(b.to_numpy()[pick]).rank()
        if rx.std() > 0 and ry.std() > 0:
            rhos.append(np.corrcoef(rx, ry)[0, 1])
    want = np.quantile(rhos, [0.025, 0.975])
    got = validity.correlate(a, b, draws=600)
    assert abs(got.low - want[0]) < 1e-12 and abs(got.high - want[1]) < 1e-12
    assert abs(got.r - np.corrcoef(a.rank(), b.rank())[0, 1]) < 1e-12
