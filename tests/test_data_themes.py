"""The theme tables (exercises, vetoes, leader_meetings, arms_statements, people): each validates, and a corrupted
copy of each stops with the exact message."""

from __future__ import annotations

from sinorus import data


def test_theme_tables_load_typed():
    ex = data.load("exercises")
    assert str(ex["year"].dtype) == "Int64" and ex["exercise_id"].is_unique
    # variant rows point to a row that counts, which is not itself a variant
    variants = ex[ex["variant_of"].notna()]
    assert set(variants["variant_of"]) <= set(ex.loc[ex["variant_of"].isna(), "exercise_id"])
    assert str(data.load("vetoes")["date"].dtype).startswith("datetime64")
    assert str(data.load("leader_meetings")["count_value"].dtype) == "Int64"
    assert str(data.load("arms_statements")["value"].dtype) == "float64"


def test_summits_load_typed():
    s = data.load("summits")
    assert s["summit_id"].is_unique and str(s["year"].dtype) == "Int64"
    assert {1954, 1958, 1959, 1964, 1965, 1969} <= set(s["year"].dropna().astype(int))


def test_summits_cover_the_sidelines_and_calls():
    """From 2013 the table holds Xi-Putin meetings in third countries and by video link, not only visits."""
    s = data.load("summits")
    recent = s[s["year"] >= 2013]
    assert {"sidelines meeting", "video call", "state visit"} <= set(recent["kind"])
    assert (recent["place"] == "third country").sum() >= 10


def test_map_base_is_cut_to_the_region():
    from sinorus import maps

    feats = maps.countries(maps.BORDER)
    names = {f["properties"]["name"] for f in feats}
    assert {"China", "Russia", "Mongolia", "Kazakhstan"} <= names
    w, s, e, n = maps.BORDER
    for f in feats:
        for poly in f["geometry"]["coordinates"]:
            for ring in poly:
                assert all(w - 1e-6 <= x <= e + 1e-6 and s - 1e-6 <= y <= n + 1e-6 for x, y in ring)
    assert maps.boundary_arcs("China", "Russia")  # the two share a boundary in the topology
