"""The people-to-people tables (students, tourism): each validates, and a corrupted copy of each stops with the
exact message."""

from __future__ import annotations

from sinorus import data
from test_data import copy, edit, find_line, message  # noqa: F401  (copy is a pytest fixture)


def test_people_tables_load_typed():
    students = data.load("students")
    tourism = data.load("tourism")
    for frame in (students, tourism):
        assert str(frame["value"].dtype) == "float64" and str(frame["year"].dtype) == "Int64"
        assert frame["row_id"].is_unique
        # every row id starts with the year the figure refers to
        assert all(rid.startswith(str(y)) for rid, y in zip(frame["row_id"], frame["year"]))


def test_student_direction_enum(copy):
    old = edit(copy, "students", 2, "direction", "china-russia")
    assert message(copy, "students") == (
        "1 problem(s) in table 'students':\n"
        f"  data/students.csv, line 2 (row_id={old['row_id']}), column 'direction': value 'china-russia' breaks rule: "
        "enum: one of cn_in_ru, ru_in_cn, both, cn_abroad")


def test_student_value_with_thousands_separator(copy):
    line = find_line(copy, "students", lambda r: r["row_id"] == "2020-cn-yu")
    edit(copy, "students", line, "value", "48,000")
    assert message(copy, "students") == (
        "1 problem(s) in table 'students':\n"
        f"  data/students.csv, line {line} (row_id=2020-cn-yu), column 'value': value '48,000' breaks rule: "
        "type: number (digits with a '.' decimal point, no thousands separators)")


def test_student_definition_required(copy):
    old = edit(copy, "students", 3, "definition", "")
    assert message(copy, "students") == (
        "1 problem(s) in table 'students':\n"
        f"  data/students.csv, line 3 (row_id={old['row_id']}), column 'definition': value '' breaks rule: "
        "required: a value is needed")


def test_tourism_unit_enum(copy):
    line = find_line(copy, "tourism", lambda r: r["unit"] == "trips")
    old = edit(copy, "tourism", line, "unit", "tourists")
    assert message(copy, "tourism") == (
        "1 problem(s) in table 'tourism':\n"
        f"  data/tourism.csv, line {line} (row_id={old['row_id']}), column 'unit': value 'tourists' breaks rule: "
        "enum: one of persons, trips, person-times")


def test_tourism_partial_year_kept_apart(copy):
    line = find_line(copy, "tourism", lambda r: r["period_type"] == "January-September")
    old = edit(copy, "tourism", line, "period_type", "nine months")
    assert message(copy, "tourism") == (
        "1 problem(s) in table 'tourism':\n"
        f"  data/tourism.csv, line {line} (row_id={old['row_id']}), column 'period_type': value 'nine months' breaks "
        "rule: enum: one of calendar year, first half, January-September, third quarter")


def test_tourism_source_key_resolves(copy):
    old = edit(copy, "tourism", 2, "source_key", "ator2099nothing")
    assert message(copy, "tourism") == (
        "1 problem(s) in table 'tourism':\n"
        f"  data/tourism.csv, line 2 (row_id={old['row_id']}), column 'source_key': value 'ator2099nothing' breaks "
        "rule: source key: not an entry in references.bib")


def test_tourism_duplicate_row_id(copy):
    first = edit(copy, "tourism", 2, "note", "")
    old = edit(copy, "tourism", 3, "row_id", first["row_id"])
    assert message(copy, "tourism") == (
        "1 problem(s) in table 'tourism':\n"
        f"  data/tourism.csv, line 3 (row_id={first['row_id']}), column 'row_id': value '{first['row_id']}' breaks "
        "rule: primary key: duplicate of line 2")
