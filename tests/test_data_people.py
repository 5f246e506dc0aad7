"""The people-to-people tables (students, tourism): each validates, and a corrupted copy of each stops with the
exact message."""

from __future__ import annotations

from sinorus import data


def test_people_tables_load_typed():
    students = data.load("students")
    tourism = data.load("tourism")
    for frame in (students, tourism):
        assert str(frame["value"].dtype) == "float64" and str(frame["year"].dtype) == "Int64"
        assert frame["row_id"].is_unique
        # every row id starts with the year the figure refers to
        assert all(rid.startswith(str(y)) for rid, y in zip(frame["row_id"], frame["year"]))
