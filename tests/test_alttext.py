import pandas as pd

from sinorus import alttext


def test_and_list_and_runs():
    assert alttext.and_list([]) == ""
    assert alttext.and_list(["a"]) == "a"
    assert alttext.and_list(["a", "b", "c"]) == "a, b and c"
    assert alttext.year_runs([1953, 1951, 1952, 1968, 1970, 1971]) == "1951-1953, 1968 and 1970-1971"


def test_qualified():
    assert alttext.qualified(2200, "more than (2200余人)") == "more than 2,200"
    assert alttext.qualified(200, "round figure") == "200"
    assert alttext.qualified(47.0, pd.NA) == "47"
    assert alttext.qualified(12.34, None, ",.1f") == "12.3"


def test_series_words():
    few = pd.DataFrame({"year": [1957, 1950], "value": [5400.0, 1400.0], "qualifier": [None, "about"]})
    assert alttext.series_words(few) == "about 1,400 in 1950 and 5,400 in 1957"
    many = pd.DataFrame({"year": [1970, 1971, 1978, 1981], "value": [47.0, 167.0, 516.0, 200.0]})
    assert alttext.series_words(many, qualifier=None) == (
        "47 in 1970 (the lowest), 516 in 1978 (the highest) and 200 in 1981"
    )


def test_year_runs_as_a_list():
    assert alttext.year_runs([1999, 2018, 2019, 2020, 2022], last=", ") == "1999, 2018-2020, 2022"
    assert alttext.year_runs([]) == ""
