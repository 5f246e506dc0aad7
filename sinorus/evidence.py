"""The evidence standard: every bibliography entry has a source class and a record of how it was read
(``consulted``), no entry points at a forbidden copy, no page or data row cites a work known only through a review
or a catalogue record, and a report counts, chapter by chapter, which classes of source the book's citations go to
and how the works cited were read.

``python -m sinorus.evidence`` (``bin/book sources``) prints the report; :func:`problems` (the entries) and
:func:`unread_citations` (the pages and data rows) are checked by the tests; :func:`require` stops the build on a
faulty entry (the methods chapter calls it).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from . import bib, paths

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


#: The classes that count as strong evidence in the report.
STRONG = ("primary", "statistics", "scholarly", "analysis")


#: Hosts that are never cited, with the reason; a host matches itself and its subdomains. Follow such a page to
#: the source it rests on and cite that. Keep this the one list (the methods chapter prints it).
def _forbidden() -> dict[str, tuple[str, ...]]:
    """The hosts never cited, by reason, from sinorus/forbidden_hosts.csv (one row per host: host, reason)."""
    import csv

    out: dict[str, list[str]] = {}
    with open(Path(__file__).with_name("forbidden_hosts.csv"), encoding="utf-8", newline="") as f:
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


def unread_citations(base: Path | None = None, data: bool = True) -> list[str]:
    """Every citation, in a page or (with ``data``) in a data row, of an entry consulted only as a review or a
    catalogue record, naming the page or table, the entry, the count and the rule."""
    how = consulted(base)
    out = []
    for page, keys in citations(base).items():
        for key, n in Counter(k for k in keys if how.get(k) in UNREAD).items():
            out.append(
                f"{page}: cites '{key}' {n} time(s), an entry consulted only as '{how[key]}' [rule: cite-what-was-read]"
            )
    if data:
        for table, key, n in _data_citations(base):
            if how.get(key) in UNREAD:
                out.append(
                    f"{table}: {n} row(s) give '{key}' as their source, an entry consulted only as "
                    f"'{how[key]}' [rule: cite-what-was-read]"
                )
    return out


def _data_citations(base: Path | None = None) -> list[tuple[str, str, int]]:
    """(table file, key, number of rows) for every key named by a source-key column (``x-source-key``)."""
    import csv

    from .data import descriptor

    out = []
    for res in descriptor(base)["resources"]:
        cols = [f["name"] for f in res.get("schema", {}).get("fields", []) if f.get("x-source-key")]
        if not cols:
            continue
        path = paths.data_dir(base) / res["path"]
        counts: Counter = Counter()
        with open(path, newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                counts.update({k.strip() for c in cols for k in (row.get(c) or "").split(";") if k.strip()})
        out.extend((paths.relative(path, base), k, n) for k, n in sorted(counts.items()))
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


# --- the report -------------------------------------------------------------------------------------------------


def chapters(base: Path | None = None) -> list[Path]:
    """The book's pages in the order of ``_toc.yml``."""
    root = base or paths.root()
    return [root / f"{page}.md" for page, _ in paths.toc_pages(base)]


def chapter_of(base: Path | None = None) -> dict[str, str]:
    """Page (relative path) -> its chapter (relative path): the dataset pages belong to the datasets chapter."""
    return {f"{page}.md": f"{chapter}.md" for page, chapter in paths.toc_pages(base)}


def citations(base: Path | None = None) -> dict[str, list[str]]:
    """For each page (path relative to the root, in table-of-contents order), the keys it cites, with repeats."""
    root = base or paths.root()
    out = {}
    for page in chapters(base):
        if page.exists():
            out[str(page.relative_to(root))] = bib.citations_in_text(page.read_text(encoding="utf-8"))
    return out


def classes(base: Path | None = None) -> dict[str, str]:
    return {k: e.fields.get("sourcetype", "").strip() or "unclassed" for k, e in bib.entries(base).entries.items()}


def mix(keys: list[str], cls: dict[str, str]) -> Counter:
    return Counter(cls.get(k, "unknown") for k in keys)


def strong_share(counts: Counter) -> float | None:
    """Share of citations to the strong classes, the commissioning documents aside; None without citations."""
    total = sum(n for c, n in counts.items() if c != "commissioning")
    return None if total == 0 else sum(counts[c] for c in STRONG) / total


def forbidden_citations(keys: list[str], base: Path | None = None) -> list[str]:
    ents = bib.entries(base).entries
    return [k for k in keys if k in ents and forbidden_reason(ents[k].fields.get("url", ""))]


def table(base: Path | None = None, by: str = "page"):
    """The report as a pandas frame: one row per page (or per chapter, its sections included) with citations,
    then the whole book."""
    import pandas as pd

    cls = classes(base)
    groups: dict[str, list[str]] = {}
    owner = chapter_of(base)
    for page, keys in citations(base).items():
        groups.setdefault(page if by == "page" else owner.get(page, page), []).extend(keys)
    rows = [_row(name, keys, cls, base) for name, keys in groups.items() if keys]
    rows.append(_row("whole book", [k for keys in groups.values() for k in keys], cls, base))
    return pd.DataFrame(rows)


def _row(page, keys, cls, base):
    counts = mix(keys, cls)
    share = strong_share(counts)
    return {
        "page": page,
        "citations": len(keys),
        **{c: counts.get(c, 0) for c in CLASSES},
        "strong_share": None if share is None else round(100 * share, 1),
        "forbidden": len(forbidden_citations(keys, base)),
    }


def reading(base: Path | None = None, by: str = "chapter"):
    """How the cited works were read: one row per chapter (or page) with citations, then the whole book: citations
    by ``consulted``, the share of citations to scholarly entries (and to scholarly and analysis entries together)
    that rest on the full text or named excerpts, and citations of the commissioning documents."""
    import pandas as pd

    how, cls = consulted(base), classes(base)
    groups: dict[str, list[str]] = {}
    owner = chapter_of(base)
    for page, keys in citations(base).items():
        groups.setdefault(page if by == "page" else owner.get(page, page), []).extend(keys)
    rows = [_reading_row(name, keys, how, cls) for name, keys in groups.items() if keys]
    rows.append(_reading_row("whole book", [k for keys in groups.values() for k in keys], how, cls))
    return pd.DataFrame(rows)


def _reading_row(page, keys, how, cls):
    counts = Counter(how.get(k, "unknown") for k in keys)

    def share(classes):
        cited = [k for k in keys if cls.get(k) in classes]
        return None if not cited else round(100 * sum(how.get(k) in READ for k in cited) / len(cited), 1)

    return {
        "page": page,
        "citations": len(keys),
        **{c: counts.get(c, 0) for c in CONSULTED},
        "unrecorded": counts.get("unrecorded", 0),
        "scholarly": sum(cls.get(k) == "scholarly" for k in keys),
        "scholarly_read": share(("scholarly",)),
        "schol_anal_read": share(("scholarly", "analysis")),
        "commissioning": sum(cls.get(k) == "commissioning" for k in keys),
    }


def commissioning_outside(base: Path | None = None) -> dict[str, int]:
    """Page -> citations of the commissioning documents, for every page outside the "Sources and methods" part."""
    cls = classes(base)
    home = commissioning_home(base)
    out = {}
    for page, keys in citations(base).items():
        n = sum(cls.get(k) == "commissioning" for k in keys)
        if n and page not in home:
            out[page] = n
    return out


def uncited(base: Path | None = None) -> list[str]:
    """Entries cited neither in the text nor by any data row."""
    used = {k for keys in citations(base).values() for k in keys} | source_keys_in_data(base)
    return sorted(bib.keys(base) - used)


def source_keys_in_data(base: Path | None = None) -> set[str]:
    """Every key named by a source-key column of a data table (columns marked ``x-source-key``)."""
    import csv

    from .data import descriptor

    keys: set[str] = set()
    for res in descriptor(base)["resources"]:
        cols = [f["name"] for f in res.get("schema", {}).get("fields", []) if f.get("x-source-key")]
        if not cols:
            continue
        with open(paths.data_dir(base) / res["path"], newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                for c in cols:
                    keys.update(k.strip() for k in (row.get(c) or "").split(";") if k.strip())
    return keys


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="bin/book sources", description=__doc__.split("\n\n")[0])
    ap.add_argument("--min-book", type=float, default=50.0, help="least strong share for the whole book (%%)")
    ap.add_argument(
        "--min-chapter", type=float, default=35.0, help="least strong share for any chapter, its sections included (%%)"
    )
    ap.add_argument(
        "--min-read",
        type=float,
        default=60.0,
        help="least share of citations to scholarly entries resting on the full text or excerpts (%%)",
    )
    ap.add_argument(
        "--max-commissioning",
        type=int,
        default=25,
        help='most citations of the commissioning documents outside the book\'s "Sources and methods" part',
    )
    args = ap.parse_args(argv)
    df = table()
    short = {
        "statistics": "stats",
        "scholarly": "schol",
        "analysis": "anal",
        "state-media": "state",
        "reference": "ref",
        "commissioning": "comm",
        "primary": "prim",
    }
    print(df.rename(columns=short).to_string(index=False, na_rep="-"))
    bad = problems()
    never = uncited()
    print(f"\n{len(never)} entries cited nowhere (text or data): {', '.join(never) if never else '-'}")
    book = df.iloc[-1]
    by_chapter = table(by="chapter")
    low = by_chapter[
        (by_chapter["page"] != "whole book")
        & by_chapter["strong_share"].notna()
        & (by_chapter["strong_share"] < args.min_chapter)
    ]
    print(
        f"whole book: {book['strong_share']}% strong (target >= {args.min_book}%), "
        f"{int(book['forbidden'])} citations to forbidden sources; chapters under {args.min_chapter}%: "
        f"{', '.join(low['page']) if len(low) else 'none'}"
    )
    datasets = by_chapter[by_chapter["page"] == "book/datasets/index.md"]
    if len(datasets):
        print(
            f"the datasets chapter with its {sum(1 for c in chapter_of().values() if c == 'book/datasets/index.md') - 1}"
            f" dataset pages: {datasets.iloc[0]['strong_share']}% strong"
        )
    read = reading()
    print(
        "\nHow the cited works were read (consulted), per chapter with its sections; schol_read: the share of "
        "citations to scholarly entries resting on fulltext or excerpt; schol_anal_read: the same for scholarly "
        "and analysis entries together; comm: citations of the commissioning documents"
    )
    print(
        read.rename(
            columns={
                "commissioning": "comm",
                "unrecorded": "unrec",
                "scholarly": "schol",
                "scholarly_read": "schol_read%",
                "schol_anal_read": "schol_anal_read%",
            }
        ).to_string(index=False, na_rep="-")
    )
    whole = read.iloc[-1]
    outside = commissioning_outside()
    unread = unread_citations()
    print(
        f"whole book: {whole['scholarly_read']}% of {int(whole['scholarly'])} citations to scholarly entries rest on "
        f"fulltext or excerpt (target >= {args.min_read}%; with analysis entries: {whole['schol_anal_read']}%); "
        f'{sum(outside.values())} citations of the commissioning documents outside the "Sources and methods" part '
        f"(target <= {args.max_commissioning}): "
        f"{', '.join(f'{p} {n}' for p, n in outside.items()) or '-'}; "
        f"{len(unread)} pages or tables cite entries consulted only as review or catalogue"
    )
    for p in bad + unread:
        print(p)
    ok = (
        not bad
        and not unread
        and book["strong_share"] >= args.min_book
        and book["forbidden"] == 0
        and low.empty
        and (whole["scholarly_read"] or 0) >= args.min_read
        and sum(outside.values()) <= args.max_commissioning
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
