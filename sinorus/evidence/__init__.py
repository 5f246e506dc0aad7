"""The evidence standard: every bibliography entry has a source class and a record of how it was read
(``consulted``), no entry points at a forbidden copy, no page or data row cites a work known only through a review
or a catalogue record, and a report counts, chapter by chapter, which classes of source the book's citations go to
and how the works cited were read.

This module holds the standard: the source classes, the ways of reading, the hosts never cited, and the checks.
:func:`problems` (the entries) and :func:`unread_citations` (the pages and data rows) are checked by the tests;
:func:`require` stops the build on a faulty entry (the methods chapter calls it). Where the book cites what is
gathered by :mod:`.citing`; the report is :mod:`.report`, printed by ``python -m sinorus.evidence``
(``bin/book sources``).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from .. import bib, paths
from . import citing

#: The source classes, in the order the report prints them, with what each holds.
CLASSES = {
    "primary": "the actors' own documents: treaties, joint statements, speeches, records of conversations, "
    "government and UN records, declassified intelligence reports",
    "statistics": "official statistical releases and yearbooks, customs data, SIPRI databases, polling series",
    "scholarly": "peer-reviewed articles, academic books, theses",
    "analysis": "policy research: think tanks, research institutes, parliamentary research services",
    "news": "wire services, newspapers and magazines not directed by the Chinese or Russian state",
    "state-media": "outlets owned or directed by the Chinese or Russian state: cited as that state's voice",
    "reference": "edited encyclopedias and dictionaries with named editors",
    "commissioning": "the five documents the book was commissioned from (analysed, not counted as evidence)",
}
#: How a work was read: the ``consulted`` field every entry carries, one of these.
CONSULTED = {
    "fulltext": "the whole work or the whole document",
    "excerpt": "named pages or sections, listed in the entry's note",
    "abstract": "the abstract only: the entry supports only what the abstract says",
    "review": "known only through a review, whose key the note names: never cited (cite the review)",
    "catalogue": "a blurb, a library record or a table of contents: never cited",
}
#: Entries read this way are never cited, in the text or by a data row.
UNREAD = ("review", "catalogue")
#: Read this way, a citation rests on the work's own text.
READ = ("fulltext", "excerpt")
#: The part of the book where the commissioning documents are the object of study (cited there as such): the
#: sources and methods chapters, the dataset pages (one of them codes the documents' claims), the index appendix.
SOURCES_AND_METHODS = "Sources and methods"


def commissioning_home(base: Path | None = None) -> set[str]:
    """The pages of the book's "Sources and methods" part, as paths such as "book/sources.md"."""
    return {f"{page}.md" for page in paths.part_pages(SOURCES_AND_METHODS, base)}


#: Hosts that are never cited, with the reason; a host matches itself and its subdomains. Follow such a page to
#: the source it rests on and cite that. Keep this the one list (the methods chapter prints it).
def _forbidden() -> dict[str, tuple[str, ...]]:
    """The hosts never cited, by reason, from sinorus/forbidden_hosts.csv (one row per host: host, reason)."""
    import csv

    out: dict[str, list[str]] = {}
    with open(paths.PACKAGE_DIR / "forbidden_hosts.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            out.setdefault(row["reason"], []).append(row["host"])
    return {reason: tuple(hosts) for reason, hosts in out.items()}


#: reason -> hosts never cited (the list is data: sinorus/forbidden_hosts.csv, printed by the methods chapter)
FORBIDDEN = _forbidden()


class EvidenceError(ValueError):
    """An entry without a valid source class, or pointing at a forbidden source."""


def host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower().rstrip(".")  # "pixel.example.com." is pixel.example.com


def forbidden_reason(url: str) -> str | None:
    """Why a URL may not be cited, or None. Google Books and IPFS gateways are viewers' copies: cite the book."""
    h = host(url)
    if not h:
        return None
    if h.startswith("books.google.") or h.startswith("bafy") or ".ipfs." in h:
        return "a viewer's copy (cite the work by its publisher)"
    for reason, hosts in FORBIDDEN.items():
        for bad in hosts:
            if h == bad or h.endswith("." + bad) or (("." not in bad) and bad in h):
                return reason
    return None


def problems(base: Path | None = None) -> list[str]:
    """Every entry without a valid ``sourcetype`` or ``consulted``, with a forbidden URL, or known through a review
    its note does not name, naming the entry and the rule."""
    out = []
    name = paths.relative(paths.bibfile(base), base)
    ents = bib.entries(base).entries
    for key, entry in ents.items():
        how = entry.fields.get("consulted", "").strip()
        if not how:
            out.append(
                f"{name}: entry '{key}': has no 'consulted' (how the work was read, one of: "
                f"{', '.join(CONSULTED)}) [rule: consulted]"
            )
        elif how not in CONSULTED:
            out.append(
                f"{name}: entry '{key}': consulted '{how}' is not one of: {', '.join(CONSULTED)} [rule: consulted]"
            )
        elif how == "review" and not (
            set(re.findall(r"[a-z][a-z0-9_]*", entry.fields.get("note", ""))) & (set(ents) - {key})
        ):
            out.append(
                f"{name}: entry '{key}': consulted 'review' but its note names no entry for the review "
                f"(add the review as an entry and name its key) [rule: consulted-review]"
            )
        kind = entry.fields.get("sourcetype", "").strip()
        if not kind:
            out.append(
                f"{name}: entry '{key}': has no 'sourcetype' (one of: {', '.join(CLASSES)}) [rule: source-class]"
            )
        elif kind not in CLASSES:
            out.append(
                f"{name}: entry '{key}': sourcetype '{kind}' is not one of: {', '.join(CLASSES)} [rule: source-class]"
            )
        url = entry.fields.get("url", "")
        reason = forbidden_reason(url)
        if reason:
            out.append(
                f"{name}: entry '{key}': url '{url}' is {reason}: cite the source it rests on [rule: forbidden-source]"
            )
    return out


def consulted(base: Path | None = None) -> dict[str, str]:
    """Key -> how the work was read ("unrecorded" where the entry has no ``consulted``)."""
    return {k: e.fields.get("consulted", "").strip() or "unrecorded" for k, e in bib.entries(base).entries.items()}


def classes(base: Path | None = None) -> dict[str, str]:
    return {k: e.fields.get("sourcetype", "").strip() or "unclassed" for k, e in bib.entries(base).entries.items()}


def unread_citations(base: Path | None = None, data: bool = True) -> list[str]:
    """Every citation, in a page or (with ``data``) in a data row, of an entry consulted only as a review or a
    catalogue record, naming the page or table, the entry, the count and the rule."""
    how = consulted(base)
    out = []
    for page, keys in citing.citations(base).items():
        for key, n in Counter(k for k in keys if how.get(k) in UNREAD).items():
            out.append(
                f"{page}: cites '{key}' {n} time(s), an entry consulted only as '{how[key]}' [rule: cite-what-was-read]"
            )
    if data:
        for table, key, n in citing.data_citations(base):
            if how.get(key) in UNREAD:
                out.append(
                    f"{table}: {n} row(s) give '{key}' as their source, an entry consulted only as "
                    f"'{how[key]}' [rule: cite-what-was-read]"
                )
    return out


def require(base: Path | None = None, citations: bool = False) -> None:
    """Stop (raise :class:`EvidenceError`) on any faulty entry and, with ``citations``, on any citation of an
    entry known only through a review or a catalogue record; the message lists every fault with its rule."""
    faults = problems(base) + (unread_citations(base) if citations else [])
    if faults:
        raise EvidenceError(
            f"{len(faults)} problem(s) in the bibliography or its citations (an entry known only "
            f"through a review or a catalogue record is never cited: cite the review, attributed to "
            f"the reviewer, or read the work):\n" + "\n".join(faults)
        )
