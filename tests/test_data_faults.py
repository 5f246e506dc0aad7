"""Every rule of the loader, broken on purpose: each row below corrupts one or two cells of a private copy of the
data package (the book's real rows), and loading the table must stop with exactly one fault that names the file,
the line, the row's key, the column, the value and the rule.

A case: the table; the row to corrupt (a line number as in the file, 1 being the header, or the first row whose
cells match a dict, or the first row a function accepts); the cells to set (``Same(line, column)`` copies another
row's cell, for duplicate keys); the column the fault is reported on (by default the one cell set); and the rule's
text, where ``{old[column]}`` is the row's cell before the corruption."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from conftest import edit, find_line, message, row_of

from sinorus import data


@dataclass(frozen=True)
class Same:
    line: int
    column: str


@dataclass(frozen=True)
class Case:
    id: str
    table: str
    where: int | dict | Callable[[dict], bool]
    set: dict
    rule: str
    column: str | None = None
    marks: tuple = field(default_factory=tuple)


NUMBER = "type: number (digits with a '.' decimal point, no thousands separators)"
EVENT_TYPES = (
    "recognition, treaty_agreement, joint_statement, summit_visit, negotiation, border_settlement, "
    "aid_cooperation, trade_energy_deal, exercise, people_exchange, un_alignment, unilateral_signal, "
    "context, polemic, third_party_conflict, sanction_rupture, military_clash"
)
JULIAN = "calendar: 'julian' (Old Style) only applies before 1918-02-14, when Russia adopted the Gregorian calendar"
NO_BIB = "source key: not an entry in references.bib"
REQUIRED = "required: a value is needed"

CASES = [
    # --- Table Schema: types -----------------------------------------------------------------------------------
    Case("number-with-comma", "trade", 2, {"value": "5,86"}, NUMBER),
    Case("number-in-words-territory", "territory", {"change_id": "1860-peking-wire"}, {"area_km2": "400,000"}, NUMBER),
    Case("number-thousands-students", "students", {"row_id": "2020-cn-yu"}, {"value": "48,000"}, NUMBER),
    Case(
        "integer-in-words-specialists",
        "specialists",
        {"estimate_id": "khrushchev_july1960"},
        {"value": "about 1500"},
        "type: integer",
    ),
    Case("integer-score-fraction", "event_codes", 2, {"score": "6.5"}, "type: integer"),
    Case("integer-count-in-words", "leader_meetings", 2, {"count_value": "nine"}, "type: integer"),
    Case("number-nan", "trade", 2, {"value": "NaN"}, NUMBER),
    Case("boolean-yes", "claims", 2, {"factual": "yes"}, "type: boolean (true or false)"),
    Case("boolean-capitalised", "claims", 2, {"factual": "True"}, "type: boolean (true or false)"),
    # --- constraints: range ------------------------------------------------------------------------------------
    Case("year-below-minimum", "trade", 3, {"year": "1900"}, "minimum: 1950"),
    Case("negative-trade-value", "trade", 2, {"value": "-1"}, "minimum: 0"),
    Case("score-above-10", "event_codes", 2, {"score": "11"}, "maximum: 10"),
    Case("score-below-minus-10", "event_codes", {"event_type": "military_clash"}, {"score": "-12"}, "minimum: -10"),
    Case(
        "trade-history-year-after-1991",
        "trade_history",
        {"point_id": "tass_target_1990"},
        {"year_to": "1995"},
        "maximum: 1991",
    ),
    Case(
        "soviet-trade-year-after-1991",
        "trade_soviet_annual",
        {"series_id": "cn_customs_usd"},
        {"year": "1992"},
        "maximum: 1991",
    ),
    Case("arms-share-over-100", "arms_statements", {"unit": "per cent"}, {"value": "177"}, "maximum: 100"),
    Case(
        "opinion-share-over-100",
        "opinion",
        {"row_id": "2024-vciom-relations-friendly"},
        {"value": "172"},
        "maximum: 100",
    ),
    Case(
        "trade-share-over-100",
        "trade_shares",
        {"indicator": "china_share_of_russia_trade"},
        {"value": "120"},
        "maximum: 100",
    ),
    Case("gas-volume-negative", "energy", {"indicator": "pos_gas_exports_to_china"}, {"value": "-4.1"}, "minimum: 0"),
    Case("latitude-out-of-range", "border_places", 2, {"lat": "95.5"}, "maximum: 75"),
    # --- constraints: enum and pattern -------------------------------------------------------------------------
    Case("opinion-public", "opinion", 2, {"public": "Russians"}, "enum: one of Russia, China"),
    Case(
        "event-dimension",
        "events",
        2,
        {"dimension": "cultural"},
        "enum: one of political, economic, military, border, people",
    ),
    Case(
        "event-calendar-named",
        "events",
        {"event_id": "1689-nerchinsk"},
        {"calendar": "old style"},
        "enum: one of gregorian, julian",
    ),
    Case("event-type", "event_codes", 4, {"event_type": "friendship"}, f"enum: one of {EVENT_TYPES}"),
    Case(
        "specialist-kind",
        "specialists",
        {"estimate_id": "garver_1950_1960"},
        {"kind": "total"},
        "enum: one of present, arrived, withdrawn",
    ),
    Case(
        "trade-history-unit",
        "trade_history",
        {"point_id": "csm_plan_1982"},
        {"unit": "rubles"},
        "enum: one of million_rub, million_usd, percent, ratio",
    ),
    Case(
        "soviet-trade-unit",
        "trade_soviet_annual",
        {"series_id": "cia_usd", "year": "1969"},
        {"unit": "dollars"},
        "enum: one of million_usd, million_rub, million_chf, million_nzd",
    ),
    Case(
        "soviet-trade-flow",
        "trade_soviet_annual",
        {"series_id": "cn_hist_usd", "year": "1978"},
        {"flow": "exports"},
        "enum: one of total, cn_exports, cn_imports",
    ),
    Case(
        "student-direction",
        "students",
        2,
        {"direction": "china-russia"},
        "enum: one of cn_in_ru, ru_in_cn, both, cn_abroad",
    ),
    Case(
        "tourism-unit", "tourism", {"unit": "trips"}, {"unit": "tourists"}, "enum: one of persons, trips, person-times"
    ),
    Case(
        "tourism-partial-year",
        "tourism",
        {"period_type": "January-September"},
        {"period_type": "nine months"},
        "enum: one of calendar year, first half, January-September, third quarter",
    ),
    Case(
        "exercise-type",
        "exercises",
        2,
        {"type": "joint"},
        "enum: one of bilateral, SCO-multilateral, naval, air patrol, strategic-multilateral",
    ),
    Case(
        "meeting-qualifier",
        "leader_meetings",
        3,
        {"count_qualifier": "roughly"},
        "enum: one of exact, exact (ordinal), more than, about, almost",
    ),
    Case(
        "summit-place", "summits", 2, {"place": "Moscow"}, "enum: one of China, USSR/Russia, third country, video link"
    ),
    Case(
        "summit-kind",
        "summits",
        {"kind": "sidelines meeting"},
        {"kind": "talks at a summit"},
        "enum: one of state visit, official visit, working visit, visit (status not stated), delegation visit, "
        "stopover meeting, sidelines meeting, video call",
    ),
    Case(
        "trade-share-indicator",
        "trade_shares",
        2,
        {"indicator": "share"},
        "enum: one of russia_share_of_china_trade, china_share_of_russia_trade",
    ),
    Case(
        "composition-flow",
        "trade_composition",
        2,
        {"flow": "exports"},
        "enum: one of russia_exports_to_china, china_exports_to_russia",
    ),
    Case(
        "claim-framing",
        "claims",
        2,
        {"framing": "friendship"},
        "enum: one of partnership, no_alliance, multipolarity, economic_complementarity, friction, "
        "historical_legacy, anti_hegemony, personal_diplomacy",
    ),
    Case(
        "claim-source-one-of-five",
        "claims",
        2,
        {"source_key": "frus1950treaty"},
        "enum: one of awan2023, hussain2021, beijingreview2014, jiang2019, yu2021",
    ),
    Case("veto-draft-symbol", "vetoes", 2, {"draft_symbol": "S/2007/14 rev.1"}, "pattern: ^S/[0-9]{4}/[0-9]+$"),
    Case(
        "arms-period-covered",
        "arms_statements",
        2,
        {"period_covered": "recent years"},
        "pattern: ^[0-9]{4}(-[0-9]{2,4})?( vs [0-9]{4}(-[0-9]{2,4})?| vs earlier period)?$",
    ),
    Case(
        "claim-locator",
        "claims",
        2,
        {"locator": "paragraph 3"},
        "pattern: ^para [0-9]+( \\(repeated in para [0-9]+(, [0-9]+)*\\))?$",
    ),
    # --- required --------------------------------------------------------------------------------------------
    Case("event-source-required", "events", 4, {"source_key": ""}, REQUIRED),
    Case("student-definition-required", "students", 3, {"definition": ""}, REQUIRED),
    Case("composition-period-required", "trade_composition", 3, {"period": ""}, REQUIRED),
    Case(
        "trade-share-reporter-required",
        "trade_shares",
        {"source_key": "sputnik2019chinashare"},
        {"reporter": ""},
        REQUIRED,
    ),
    # --- primary keys and unique fields ----------------------------------------------------------------------
    Case("event-duplicate-key", "events", 3, {"event_id": Same(2, "event_id")}, "primary key: duplicate of line 2"),
    Case("code-duplicate-key", "event_codes", 5, {"event_id": Same(2, "event_id")}, "primary key: duplicate of line 2"),
    Case("tourism-duplicate-key", "tourism", 3, {"row_id": Same(2, "row_id")}, "primary key: duplicate of line 2"),
    Case("claim-duplicate-key", "claims", 3, {"claim_id": Same(2, "claim_id")}, "primary key: duplicate of line 2"),
    Case(
        "veto-same-draft-twice", "vetoes", 3, {"draft_symbol": Same(2, "draft_symbol")}, "unique: duplicate of line 2"
    ),
    # --- foreign keys ----------------------------------------------------------------------------------------
    Case(
        "event-unknown-period",
        "events",
        2,
        {"period": "golden_age"},
        "foreign key: not a period_id in data/periods.csv",
    ),
    Case(
        "claim-unknown-period",
        "claims",
        {"period": "alliance"},
        {"period": "golden_age"},
        "foreign key: not a period_id in data/periods.csv",
    ),
    Case(
        "trade-unknown-series",
        "trade",
        2,
        {"series_id": "made_up"},
        "foreign key: not a series_id in data/trade_series.csv",
    ),
    Case(
        "code-unknown-event",
        "event_codes",
        3,
        {"event_id": "1950-made-up-event"},
        "foreign key: not a event_id in data/events.csv",
    ),
    Case(
        "territory-unknown-treaty",
        "territory",
        {"change_id": "1860-peking-wire"},
        {"event_id": "1860-beijing"},
        "foreign key: not a event_id in data/events.csv",
    ),
    Case(
        "exercise-variant-missing",
        "exercises",
        lambda r: r["variant_of"] != "",
        {"variant_of": "2023-air-patrol-july"},
        "foreign key: not a exercise_id in data/exercises.csv",
    ),
    # --- source keys resolve in references.bib ---------------------------------------------------------------
    Case("trade-source-key", "trade", 2, {"source_key": "nobody1999nothing"}, NO_BIB),
    Case(
        "trade-2015-source-key",
        "trade",
        {"series_id": "cn_customs_usd", "year": "2015"},
        {"source_key": "mofcom2099nothing"},
        NO_BIB,
    ),
    Case("tourism-source-key", "tourism", 2, {"source_key": "ator2099nothing"}, NO_BIB),
    Case("opinion-source-key", "opinion", 2, {"source_key": "levada2099nothing"}, NO_BIB),
    Case(
        "veto-crosscheck-key",
        "vetoes",
        lambda r: r["crosscheck_source_key"] != "",
        {"crosscheck_source_key": "un2099nothing"},
        NO_BIB,
    ),
    Case("trade-share-source-key", "trade_shares", 3, {"source_key": "gacc2099nothing"}, NO_BIB),
    Case("border-coordinate-source", "border_places", 2, {"coord_source_key": "wikipedia2099nothing"}, NO_BIB),
    Case(
        "claim-check-source", "claims", {"check_status": "confirmed"}, {"check_source_key": "nobody2099nothing"}, NO_BIB
    ),
    # --- the book's rules: dates and calendars ---------------------------------------------------------------
    Case("julian-after-1918", "events", lambda r: r["date"] >= "1950", {"calendar": "julian"}, JULIAN),
    Case(
        "nerchinsk-moved-past-1918",
        "events",
        {"event_id": "1689-nerchinsk"},
        {"date": "1918-02-14"},
        JULIAN,
        column="calendar",
    ),
    Case(
        "precision-day-written-as-month",
        "events",
        {"date_precision": "day"},
        {"date_precision": "month"},
        "date precision: the date '{old[date]}' is written to the day, so date_precision must be 'day'",
    ),
    Case(
        "nerchinsk-month-only",
        "events",
        {"event_id": "1689-nerchinsk"},
        {"date": "1689-09"},
        "date precision: the date '1689-09' is written to the month, so date_precision must be 'month'",
        column="date_precision",
    ),
    Case(
        "opinion-precision",
        "opinion",
        {"date_precision": "day"},
        {"date_precision": "month"},
        "date precision: the date '{old[date]}' is written to the day, so date_precision must be 'day'",
    ),
    Case(
        "exercise-precision",
        "exercises",
        {"date_precision": "month"},
        {"date_precision": "day"},
        "date precision: the date '{old[date]}' is written to the month, so date_precision must be 'month'",
    ),
    Case(
        "impossible-date",
        "events",
        {"date_precision": "day"},
        {"date": "1950-02-30"},
        "date: a real calendar date written YYYY, YYYY-MM or YYYY-MM-DD",
    ),
    Case(
        "date-outside-period",
        "events",
        {"period": "alliance"},
        {"period": "post_soviet"},
        "period: the date {old[date]} is outside post_soviet (1991-12-26 to today)",
    ),
    Case(
        "periods-gap",
        "periods",
        3,
        {"start": "1949-10-05"},
        "periods: each period starts the day after the previous one ends (no gaps, no overlaps)",
    ),
    # --- the book's rules: the coded claims ------------------------------------------------------------------
    Case(
        "opinion-confirmed",
        "claims",
        {"factual": "false"},
        {"check_status": "confirmed", "check_source_key": "frus1950treaty"},
        "claim check: a claim that states no checkable fact (factual false) is 'not_applicable'",
        column="check_status",
    ),
    Case(
        "fact-not-checked",
        "claims",
        {"check_status": "unverified", "check_source_key": ""},
        {"check_status": "not_applicable"},
        "claim check: a factual claim is 'confirmed', 'differs' or 'unverified', never 'not_applicable'",
    ),
    Case(
        "confirmed-without-source",
        "claims",
        {"check_status": "confirmed"},
        {"check_source_key": ""},
        "claim check: a 'confirmed' claim names the source it was checked against",
    ),
    Case(
        "checked-against-itself",
        "claims",
        {"check_status": "confirmed", "source_key": "jiang2019"},
        {"check_source_key": "jiang2019"},
        "claim check: a claim cannot be checked against its own document",
    ),
    Case(
        "differs-says-how",
        "claims",
        {"check_status": "differs"},
        {"check_note": ""},
        "claim check: a claim that differs says in check_note what the other source gives",
    ),
    # --- the tables derived from the field's datasets (data/derive/) ---------------------------------------------
    Case("sipri-tiv-direction", "sipri_tiv", 2, {"direction": "both"}, "enum: one of ru_to_cn, cn_to_ru"),
    Case(
        "sipri-tiv-absent-not-flagged-as-words",
        "sipri_tiv",
        {"flag": "absent_zero"},
        {"flag": "absent"},
        "enum: one of absent_zero",
    ),
    Case("sipri-tiv-negative", "sipri_tiv", 2, {"tiv": "-5"}, "minimum: 0"),
    Case("icow-begin-month", "icow_claims", 2, {"begin": "1860"}, "pattern: ^[0-9]{4}-[0-9]{2}$"),
    Case("cow-trade-year-below", "cow_trade", 2, {"year": "1860"}, "minimum: 1870"),
    Case(
        "nmc-source-key-of-another-dataset",
        "cow_nmc",
        2,
        {"source_key": "maoz2019dyadicmid"},
        "enum: one of greig2021nmc",
    ),
    Case("mid-hostility-above-war", "cow_mid_dyadic", 2, {"hihost": "6"}, "maximum: 5"),
    Case("alliance-flag-yes", "alliances", 2, {"defense": "1"}, "type: boolean (true or false)"),
    Case("register-delivery-year", "sipri_register", 2, {"delivery_year": "1999"}, "minimum: 2000"),
    Case("midloc-required-location", "cow_mid_locations", 2, {"location": ""}, REQUIRED),
    Case("rivalry-dataset", "rivalries", 2, {"dataset": "dreyer"}, "enum: one of td, tss"),
]


def _line(base, case: Case) -> int:
    if isinstance(case.where, int):
        return case.where
    if isinstance(case.where, dict):
        return find_line(base, case.table, lambda r: all(r[k] == v for k, v in case.where.items()))
    return find_line(base, case.table, case.where)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_a_broken_rule_stops_the_table_with_one_exact_message(copy, case):
    line = _line(copy, case)
    old = row_of(copy, case.table, line)
    for column, value in case.set.items():
        if isinstance(value, Same):
            value = row_of(copy, case.table, value.line)[value.column]
        edit(copy, case.table, line, column, value)
    row = row_of(copy, case.table, line)
    pk = data.resource(case.table, base=copy)["schema"].get("primaryKey", [])
    pk = [pk] if isinstance(pk, str) else pk
    key = ", ".join(f"{k}={row[k]}" for k in pk)
    column = case.column or next(iter(case.set))
    assert message(copy, case.table) == (
        f"1 problem(s) in table '{case.table}':\n"
        f"  data/{case.table}.csv, line {line} ({key}), column '{column}': value '{row[column]}' breaks rule: "
        + re.sub(r"\{old\[(\w+)\]\}", lambda m: old[m.group(1)], case.rule)
    )


def test_every_rule_of_the_book_is_broken_by_a_case():
    """A rule added to sinorus.data.rules without a case here fails this test."""
    from sinorus.data.rules import RULES

    texts = " ".join(c.rule for c in CASES)
    hits = {
        "date-precision": "date precision:",
        "calendar": "calendar: 'julian'",
        "date-in-period": "period: the date",
        "periods-contiguous": "periods: each period",
        "claim-check": "claim check:",
    }
    assert set(hits) == set(RULES), "a rule without a case: add one to CASES and its text here"
    assert [r for r, t in hits.items() if t not in texts] == []
    named = {rule for r in data.descriptor()["resources"] for rule in r["schema"].get("x-rules", [])}
    assert named == set(RULES), "every rule is named by a table's schema, and every name is a rule"
