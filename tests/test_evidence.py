"""The evidence standard: every entry has a source class, none points at a forbidden copy, and the report that
counts the book's citations by class runs and says what it finds."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT

from sinorus import bib, evidence
from sinorus.evidence import citing, report


def test_every_entry_has_a_source_class_and_no_forbidden_url():
    assert evidence.problems() == []


@pytest.mark.parametrize(
    "entry, message",
    [
        (
            "@online{nocls2020x, author={{A}}, title={T}, url={https://example.org/a}, year={2020}}",
            "entry 'nocls2020x': has no 'sourcetype'",
        ),
        (
            "@online{badcls2020x, sourcetype={blog}, author={{A}}, title={T}, url={https://example.org/a}, year={2020}}",
            "entry 'badcls2020x': sourcetype 'blog' is not one of",
        ),
        (
            "@online{wiki2020x, sourcetype={reference}, author={{A}}, title={T}, url={https://en.wikipedia.org/wiki/X}}",
            "entry 'wiki2020x': url 'https://en.wikipedia.org/wiki/X' is Wikipedia or a copy of it",
        ),
        (
            "@online{farm2020x, sourcetype={news}, author={{A}}, title={T}, url={https://m.fx361.cc/news/1.html}}",
            "entry 'farm2020x': url 'https://m.fx361.cc/news/1.html' is content farm",
        ),
        (
            "@book{copy2020x, sourcetype={scholarly}, author={A, B}, title={T}, year={2020}, url={https://vdocuments.mx/a}}",
            "is unauthorised copy",
        ),
        (
            "@book{gb2020x, sourcetype={scholarly}, author={A, B}, title={T}, year={2020}, url={https://books.google.com.tw/books?id=1}}",
            "is a viewer's copy",
        ),
    ],
)
def test_a_bad_entry_is_named_with_its_rule(tmp_path, entry, message):
    (tmp_path / "references.bib").write_text(entry + "\n", encoding="utf-8")
    found = evidence.problems(tmp_path)
    assert any(message in p for p in found), found
    assert all("[rule: " in p for p in found)


def test_allowed_hosts_are_not_caught():
    for url in (
        "https://digitalarchive.wilsoncenter.org/document/111240",
        "https://www.cia.gov/readingroom/x",
        "http://en.kremlin.ru/supplement/5770",
        "https://doi.org/10.1080/713999906",
        "https://www.reuters.com/world/x",
        "https://tass.com/politics/1",
    ):
        assert evidence.forbidden_reason(url) is None, url


def test_citations_with_locators_and_prenotes_are_counted():
    text = "A {cite:p}`{see}a2001{p. 5},b2002` B {cite:t}`a2001{pp. 3-4}` C {cite}`c2003`."
    assert bib.citations_in_text(text) == ["a2001", "b2002", "a2001", "c2003"]
    assert bib.cited_in_text(text) == {"a2001", "b2002", "c2003"}


def test_the_report_counts_every_citation_of_the_book():
    df = report.table()
    pages = df[df["page"] != "whole book"]
    assert df.iloc[-1]["citations"] == pages["citations"].sum() > 0
    assert (pages[list(evidence.CLASSES)].sum(axis=1) + 0 <= pages["citations"]).all()
    # every citation is classed (an unknown key would show as a citation outside the classes)
    assert (pages[list(evidence.CLASSES)].sum(axis=1) == pages["citations"]).all()


def test_the_book_meets_the_evidence_standard():
    """At least half the citations to primary documents, statistics, scholarship or policy research (the
    commissioning documents aside), none to a forbidden source, and no chapter (its sections included) under 35%."""
    df = report.table()
    book = df.iloc[-1]
    assert book["forbidden"] == 0
    assert book["strong_share"] >= 50, book.to_dict()
    chapters = report.table(by="chapter")
    chapters = chapters[(chapters["page"] != "whole book") & chapters["strong_share"].notna()]
    assert chapters[chapters["strong_share"] < 35]["page"].tolist() == []


def test_a_chapter_counts_its_sections():
    owner = citing.chapter_of()
    assert owner["book/datasets/trade.md"] == "book/datasets/index.md"
    assert owner["book/history/split.md"] == "book/history/split.md"
    pages, chapters = report.table(), report.table(by="chapter")
    sections = pages[pages["page"].map(owner) == "book/datasets/index.md"]
    datasets = chapters[chapters["page"] == "book/datasets/index.md"].iloc[0]
    assert datasets["citations"] == sections["citations"].sum()
    assert pages.iloc[-1]["citations"] == chapters.iloc[-1]["citations"]


def test_bin_book_sources_prints_the_report():
    r = subprocess.run(
        [sys.executable, "-m", "sinorus.evidence"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert "whole book" in r.stdout and "strong" in r.stdout
    assert r.returncode in (0, 1)


# --- how each work was read (consulted) and citing only what was read --------------------------------------------


def _bib(tmp_path, *entries):
    (tmp_path / "references.bib").write_text("\n".join(entries) + "\n", encoding="utf-8")


@pytest.mark.parametrize(
    "entry, message",
    [
        (
            "@online{noread2020x, sourcetype={news}, author={{A}}, title={T}, url={https://example.org/a}, year={2020}}",
            "entry 'noread2020x': has no 'consulted'",
        ),
        (
            "@online{badread2020x, sourcetype={news}, consulted={skimmed}, author={{A}}, title={T}, url={https://example.org/a}}",
            "entry 'badread2020x': consulted 'skimmed' is not one of",
        ),
        (
            "@book{rev2020x, sourcetype={scholarly}, consulted={review}, author={A, B}, title={T}, year={2020}, "
            "note={Known through a review in a journal}}",
            "entry 'rev2020x': consulted 'review' but its note names no entry for the review",
        ),
    ],
)
def test_an_entry_without_a_valid_record_of_reading_is_named_with_its_rule(tmp_path, entry, message):
    _bib(tmp_path, entry)
    found = evidence.problems(tmp_path)
    assert any(message in p for p in found), found
    assert all("[rule: consulted" in p for p in found if "consult" in p)
    with pytest.raises(evidence.EvidenceError, match=message.split(":")[0]):
        evidence.require(tmp_path)


def test_a_review_entry_naming_its_review_passes(tmp_path):
    _bib(
        tmp_path,
        "@book{work2020x, sourcetype={scholarly}, consulted={review}, author={A, B}, title={T}, year={2020}, "
        "note={Known only through the review rev2021x}}",
        "@article{rev2021x, sourcetype={scholarly}, consulted={fulltext}, author={C, D}, title={R}, journal={J}, "
        "year={2021}}",
    )
    assert evidence.problems(tmp_path) == []
    evidence.require(tmp_path)


def test_every_entry_records_how_it_was_read():
    how = evidence.consulted()
    assert set(how.values()) <= set(evidence.CONSULTED), {k: v for k, v in how.items() if v not in evidence.CONSULTED}
    assert {k for k, c in evidence.classes().items() if c == "commissioning"} <= {
        k for k, v in how.items() if v == "fulltext"
    }


def _book(tmp_path, page_text, rows=None):
    """A one-page book with a bibliography of three works read three ways and, optionally, a data table."""
    _bib(
        tmp_path,
        "@book{read2020x, sourcetype={scholarly}, consulted={fulltext}, author={A, B}, title={T}, year={2020}}",
        "@book{blurb2020x, sourcetype={scholarly}, consulted={catalogue}, author={A, B}, title={U}, year={2020}}",
        "@book{known2020x, sourcetype={scholarly}, consulted={review}, author={A, B}, title={V}, year={2020}, "
        "note={Known only through the review read2020x}}",
    )
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: book/index\n", encoding="utf-8")
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "index.md").write_text(page_text, encoding="utf-8")
    (tmp_path / "data").mkdir()
    resources = []
    if rows is not None:
        (tmp_path / "data" / "t.csv").write_text(
            "id,source_key\n" + "".join(f"{i},{k}\n" for i, k in enumerate(rows)), encoding="utf-8"
        )
        resources.append(
            {
                "name": "t",
                "path": "t.csv",
                "schema": {
                    "fields": [
                        {"name": "id", "type": "integer"},
                        {"name": "source_key", "type": "string", "x-source-key": True},
                    ]
                },
            }
        )
    import json

    (tmp_path / "data" / "datapackage.json").write_text(
        json.dumps({"name": "x", "resources": resources}), encoding="utf-8"
    )


def test_a_citation_of_a_review_or_catalogue_entry_is_named_with_page_and_rule(tmp_path):
    _book(
        tmp_path,
        "# P\n\nA {cite:p}`read2020x{p. 4}`. B {cite:p}`blurb2020x`, C {cite:t}`known2020x,blurb2020x`.\n",
        rows=["read2020x", "blurb2020x;read2020x"],
    )
    found = evidence.unread_citations(tmp_path)
    assert (
        "book/index.md: cites 'blurb2020x' 2 time(s), an entry consulted only as 'catalogue' "
        "[rule: cite-what-was-read]" in found
    )
    assert (
        "book/index.md: cites 'known2020x' 1 time(s), an entry consulted only as 'review' "
        "[rule: cite-what-was-read]" in found
    )
    assert any(p.startswith("data/t.csv: 1 row(s) give 'blurb2020x'") for p in found), found
    assert not any("read2020x'" in p and "blurb" not in p and "known" not in p for p in found)
    with pytest.raises(evidence.EvidenceError, match="blurb2020x"):
        evidence.require(tmp_path, citations=True)
    evidence.require(tmp_path)  # the entries themselves are sound


def test_citing_only_what_was_read_passes(tmp_path):
    _book(tmp_path, "# P\n\nA {cite:p}`read2020x{p. 4}`.\n", rows=["read2020x"])
    assert evidence.unread_citations(tmp_path) == []
    row = report.reading(tmp_path).iloc[-1]
    assert row["fulltext"] == 1 and row["scholarly_read"] == 100.0


def test_no_page_or_data_row_cites_a_work_known_only_through_a_review_or_a_catalogue_record():
    """Cite what was read: a work known only through a review or a catalogue record is never cited, in any page of
    the book or by any data row (cite the review itself, attributed to the reviewer, or read the work)."""
    found = evidence.unread_citations()
    assert found == [], f"{len(found)} citation(s) of unread works:\n" + "\n".join(found)


def test_the_report_counts_citations_by_how_the_work_was_read():
    df = report.reading()
    book = df.iloc[-1]
    assert book["page"] == "whole book"
    assert book[list(evidence.CONSULTED)].sum() + book["unrecorded"] == book["citations"] > 0
    assert book["citations"] == report.table().iloc[-1]["citations"]
    assert 0 <= book["scholarly_read"] <= 100
    outside = report.commissioning_outside()
    assert not set(outside) & evidence.commissioning_home()
    assert {"book/sources.md", "book/methods.md", "book/datasets/claims.md"} <= evidence.commissioning_home()
    assert sum(outside.values()) <= book["commissioning"]
