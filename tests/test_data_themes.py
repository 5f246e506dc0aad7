"""The theme tables (exercises, vetoes, leader_meetings, arms_statements, people): each validates, and a corrupted
copy of each stops with the exact message."""

from __future__ import annotations

from sinorus import data
from test_data import copy, edit, find_line, message  # noqa: F401  (copy is a pytest fixture)


def test_theme_tables_load_typed():
    ex = data.load("exercises")
    assert str(ex["year"].dtype) == "Int64" and ex["exercise_id"].is_unique
    # variant rows point to a row that counts, which is not itself a variant
    variants = ex[ex["variant_of"].notna()]
    assert set(variants["variant_of"]) <= set(ex.loc[ex["variant_of"].isna(), "exercise_id"])
    assert str(data.load("vetoes")["date"].dtype).startswith("datetime64")
    assert str(data.load("leader_meetings")["count_value"].dtype) == "Int64"
    assert str(data.load("arms_statements")["value"].dtype) == "float64"


def test_exercise_variant_must_exist(copy):
    line = find_line(copy, "exercises", lambda r: r["variant_of"] != "")
    old = edit(copy, "exercises", line, "variant_of", "2023-air-patrol-july")
    assert message(copy, "exercises") == (
        "1 problem(s) in table 'exercises':\n"
        f"  data/exercises.csv, line {line} (exercise_id={old['exercise_id']}), column 'variant_of': value "
        "'2023-air-patrol-july' breaks rule: foreign key: not a exercise_id in data/exercises.csv")


def test_exercise_type_enum(copy):
    old = edit(copy, "exercises", 2, "type", "joint")
    assert message(copy, "exercises") == (
        "1 problem(s) in table 'exercises':\n"
        f"  data/exercises.csv, line 2 (exercise_id={old['exercise_id']}), column 'type': value 'joint' breaks rule: "
        "enum: one of bilateral, SCO-multilateral, naval, air patrol, strategic-multilateral")


def test_exercise_date_precision(copy):
    line = find_line(copy, "exercises", lambda r: r["date_precision"] == "month")
    old = edit(copy, "exercises", line, "date_precision", "day")
    assert message(copy, "exercises") == (
        "1 problem(s) in table 'exercises':\n"
        f"  data/exercises.csv, line {line} (exercise_id={old['exercise_id']}), column 'date_precision': value 'day' "
        f"breaks rule: date precision: the date '{old['date']}' is written to the month, so date_precision must be "
        "'month'")


def test_veto_draft_symbol(copy):
    old = edit(copy, "vetoes", 2, "draft_symbol", "S/2007/14 rev.1")
    assert message(copy, "vetoes") == (
        "1 problem(s) in table 'vetoes':\n"
        f"  data/vetoes.csv, line 2 (veto_id={old['veto_id']}), column 'draft_symbol': value 'S/2007/14 rev.1' "
        "breaks rule: pattern: ^S/[0-9]{4}/[0-9]+$")


def test_veto_same_draft_twice(copy):
    first = edit(copy, "vetoes", 2, "note", "")
    old = edit(copy, "vetoes", 3, "draft_symbol", first["draft_symbol"])
    assert message(copy, "vetoes") == (
        "1 problem(s) in table 'vetoes':\n"
        f"  data/vetoes.csv, line 3 (veto_id={old['veto_id']}), column 'draft_symbol': value "
        f"'{first['draft_symbol']}' breaks rule: unique: duplicate of line 2")


def test_veto_crosscheck_key_resolves(copy):
    line = find_line(copy, "vetoes", lambda r: r["crosscheck_source_key"] != "")
    old = edit(copy, "vetoes", line, "crosscheck_source_key", "un2099nothing")
    assert message(copy, "vetoes") == (
        "1 problem(s) in table 'vetoes':\n"
        f"  data/vetoes.csv, line {line} (veto_id={old['veto_id']}), column 'crosscheck_source_key': value "
        "'un2099nothing' breaks rule: source key: not an entry in references.bib")


def test_leader_meeting_count_is_a_number(copy):
    old = edit(copy, "leader_meetings", 2, "count_value", "nine")
    assert message(copy, "leader_meetings") == (
        "1 problem(s) in table 'leader_meetings':\n"
        f"  data/leader_meetings.csv, line 2 (claim_id={old['claim_id']}), column 'count_value': value 'nine' "
        "breaks rule: type: integer")


def test_leader_meeting_qualifier(copy):
    old = edit(copy, "leader_meetings", 3, "count_qualifier", "roughly")
    assert message(copy, "leader_meetings") == (
        "1 problem(s) in table 'leader_meetings':\n"
        f"  data/leader_meetings.csv, line 3 (claim_id={old['claim_id']}), column 'count_qualifier': value 'roughly' "
        "breaks rule: enum: one of exact, exact (ordinal), more than, about, almost")


def test_arms_share_out_of_range(copy):
    line = find_line(copy, "arms_statements", lambda r: r["unit"] == "per cent")
    old = edit(copy, "arms_statements", line, "value", "177")
    assert message(copy, "arms_statements") == (
        "1 problem(s) in table 'arms_statements':\n"
        f"  data/arms_statements.csv, line {line} (statement_id={old['statement_id']}), column 'value': value '177' "
        "breaks rule: maximum: 100")


def test_arms_period_covered(copy):
    old = edit(copy, "arms_statements", 2, "period_covered", "recent years")
    assert message(copy, "arms_statements") == (
        "1 problem(s) in table 'arms_statements':\n"
        f"  data/arms_statements.csv, line 2 (statement_id={old['statement_id']}), column 'period_covered': value "
        "'recent years' breaks rule: pattern: ^[0-9]{4}(-[0-9]{2,4})?( vs [0-9]{4}(-[0-9]{2,4})?| vs earlier period)?$")


def test_summits_load_typed():
    s = data.load("summits")
    assert s["summit_id"].is_unique and str(s["year"].dtype) == "Int64"
    assert {1954, 1958, 1959, 1964, 1965, 1969} <= set(s["year"].dropna().astype(int))


def test_summit_place_enum(copy):
    old = edit(copy, "summits", 2, "place", "Moscow")
    assert message(copy, "summits") == (
        "1 problem(s) in table 'summits':\n"
        f"  data/summits.csv, line 2 (summit_id={old['summit_id']}), column 'place': value 'Moscow' breaks rule: "
        "enum: one of China, USSR/Russia, third country, video link")


def test_summit_kind_enum(copy):
    """The kind of a visit or meeting is one of the defined kinds, not the source's free wording."""
    line = find_line(copy, "summits", lambda r: r["kind"] == "sidelines meeting")
    old = edit(copy, "summits", line, "kind", "talks at a summit")
    assert message(copy, "summits") == (
        "1 problem(s) in table 'summits':\n"
        f"  data/summits.csv, line {line} (summit_id={old['summit_id']}), column 'kind': value 'talks at a summit' "
        "breaks rule: enum: one of state visit, official visit, working visit, visit (status not stated), delegation visit, "
        "stopover meeting, sidelines meeting, video call")


def test_summits_cover_the_sidelines_and_calls():
    """From 2013 the table holds Xi-Putin meetings in third countries and by video link, not only visits."""
    s = data.load("summits")
    recent = s[s["year"] >= 2013]
    assert {"sidelines meeting", "video call", "state visit"} <= set(recent["kind"])
    assert (recent["place"] == "third country").sum() >= 10


def test_border_place_coordinates_in_range(copy):
    old = edit(copy, "border_places", 2, "lat", "95.5")
    assert message(copy, "border_places") == (
        "1 problem(s) in table 'border_places':\n"
        f"  data/border_places.csv, line 2 (place_id={old['place_id']}), column 'lat': value '95.5' breaks rule: "
        "maximum: 75")


def test_border_place_coordinate_source_resolves(copy):
    old = edit(copy, "border_places", 2, "coord_source_key", "wikipedia2099nothing")
    assert message(copy, "border_places") == (
        "1 problem(s) in table 'border_places':\n"
        f"  data/border_places.csv, line 2 (place_id={old['place_id']}), column 'coord_source_key': value "
        "'wikipedia2099nothing' breaks rule: source key: not an entry in references.bib")


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
