"""The event codes behind the relationship index: the table validates, and a corrupted copy stops with the exact
message (score out of range, unknown event, unknown type, duplicate code)."""

from __future__ import annotations

from sinorus import data
from test_data import copy, edit, find_line, message  # noqa: F401  (copy is a pytest fixture)

TYPES = ("recognition, treaty_agreement, joint_statement, summit_visit, negotiation, border_settlement, "
         "aid_cooperation, trade_energy_deal, exercise, people_exchange, un_alignment, unilateral_signal, context, "
         "polemic, third_party_conflict, sanction_rupture, military_clash")


def test_event_codes_load_typed():
    codes = data.load("event_codes")
    assert str(codes["score"].dtype) == "Int64" and codes["event_id"].is_unique
    assert codes["score"].between(-10, 10).all()
    assert not codes["event_id"].str.endswith("-alt-date").any()


def test_score_out_of_range(copy):
    old = edit(copy, "event_codes", 2, "score", "11")
    assert message(copy, "event_codes") == (
        "1 problem(s) in table 'event_codes':\n"
        f"  data/event_codes.csv, line 2 (event_id={old['event_id']}), column 'score': value '11' breaks rule: "
        "maximum: 10")


def test_score_below_range(copy):
    line = find_line(copy, "event_codes", lambda r: r["event_type"] == "military_clash")
    old = edit(copy, "event_codes", line, "score", "-12")
    assert message(copy, "event_codes") == (
        "1 problem(s) in table 'event_codes':\n"
        f"  data/event_codes.csv, line {line} (event_id={old['event_id']}), column 'score': value '-12' breaks rule: "
        "minimum: -10")


def test_unknown_event_id(copy):
    edit(copy, "event_codes", 3, "event_id", "1950-made-up-event")
    assert message(copy, "event_codes") == (
        "1 problem(s) in table 'event_codes':\n"
        "  data/event_codes.csv, line 3 (event_id=1950-made-up-event), column 'event_id': value "
        "'1950-made-up-event' breaks rule: foreign key: not a event_id in data/events.csv")


def test_unknown_event_type(copy):
    old = edit(copy, "event_codes", 4, "event_type", "friendship")
    assert message(copy, "event_codes") == (
        "1 problem(s) in table 'event_codes':\n"
        f"  data/event_codes.csv, line 4 (event_id={old['event_id']}), column 'event_type': value 'friendship' "
        f"breaks rule: enum: one of {TYPES}")


def test_duplicate_code(copy):
    first = edit(copy, "event_codes", 2, "coder_note", "unchanged")
    edit(copy, "event_codes", 5, "event_id", first["event_id"])
    assert message(copy, "event_codes") == (
        "1 problem(s) in table 'event_codes':\n"
        f"  data/event_codes.csv, line 5 (event_id={first['event_id']}), column 'event_id': value "
        f"'{first['event_id']}' breaks rule: primary key: duplicate of line 2")


def test_score_must_be_an_integer(copy):
    old = edit(copy, "event_codes", 2, "score", "6.5")
    assert message(copy, "event_codes") == (
        "1 problem(s) in table 'event_codes':\n"
        f"  data/event_codes.csv, line 2 (event_id={old['event_id']}), column 'score': value '6.5' breaks rule: "
        "type: integer")
