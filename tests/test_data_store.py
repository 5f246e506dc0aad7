"""Validated tables kept between runs (sinorus.data.store): a table is checked once, later loads read it back, and any
change to what its check reads (its CSV, a table its keys or rules read, the bibliography) checks it again, so a
broken row still stops the load with the loader's message."""

from __future__ import annotations

import pytest
from conftest import edit, find_line, message

from sinorus import data
from sinorus.data import store, validation


def _checks(monkeypatch) -> list[str]:
    """Record each table the loader actually checks."""
    seen: list[str] = []
    real = validation.validate

    def counting(name, base=None):
        seen.append(name)
        return real(name, base)

    monkeypatch.setattr(validation, "validate", counting)
    return seen


def test_a_table_is_checked_once_then_read_back(copy, monkeypatch):
    checked = _checks(monkeypatch)
    first = data.load("events", base=copy)
    second = data.load("events", base=copy)
    assert checked == ["events"]
    assert list(store.folder(copy).glob("events-*.pickle"))
    assert first.equals(second) and first.dtypes.equals(second.dtypes)
    assert second.attrs == {"table": "events", "source_file": "data/events.csv"}
    second.loc[0, "title"] = "changed by a reader"  # each load is the reader's own copy
    assert data.load("events", base=copy).loc[0, "title"] != "changed by a reader"


def test_a_changed_csv_is_checked_again_and_a_broken_row_still_stops(copy, monkeypatch):
    checked = _checks(monkeypatch)
    data.load("trade", base=copy)
    edit(copy, "trade", 2, "value", "12.5")  # a valid edit: checked again, and the new value is what loads
    assert data.load("trade", base=copy)["value"].iloc[0] == 12.5
    edit(copy, "trade", 2, "value", "5,86")  # a broken edit: refused with the file, line, column and rule
    assert "data/trade.csv, line 2" in message(copy, "trade")
    assert "breaks rule: type: number" in message(copy, "trade")
    assert checked.count("trade") == 4  # first load, valid edit, and the broken table each time (never stored)
    assert len(list(store.folder(copy).glob("trade-*.pickle"))) == 1  # older versions are dropped


def test_a_change_to_a_table_the_rules_read_checks_again(copy):
    data.load("events", base=copy)  # events' periods must contain its dates (date-in-period reads periods.csv)
    edit(copy, "periods", find_line(copy, "periods", lambda r: r["period_id"] == "before_1949"), "end", "1700-12-31")
    assert "period: the date" in message(copy, "events")


def test_a_key_removed_from_the_bibliography_checks_again(copy):
    frame = data.load("events", base=copy)
    key = frame["source_key"].iloc[0].split(";")[0].strip()
    bib = copy / "references.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace(f"{{{key},", f"{{{key}x,", 1), encoding="utf-8")
    assert f"value '{key}' breaks rule: source key: not an entry in references.bib" in message(copy, "events")


def test_the_store_can_be_turned_off(copy, monkeypatch):
    monkeypatch.setenv(store.STORE_ENV, "0")
    checked = _checks(monkeypatch)
    data.load("energy", base=copy)
    data.load("energy", base=copy)
    assert checked == ["energy", "energy"]
    assert not store.folder(copy).exists()


@pytest.mark.parametrize("name", ["events", "trade", "claims"])
def test_the_key_covers_every_table_the_check_reads(copy, name):
    before = store.key(name, copy)
    for table in data.reads(name, copy):
        path = copy / "data" / data.resource(table, copy)["path"]
        text = path.read_text(encoding="utf-8")
        path.write_text(text + "\n", encoding="utf-8")
        assert store.key(name, copy) != before, table
        path.write_text(text, encoding="utf-8")
    assert store.key(name, copy) == before
