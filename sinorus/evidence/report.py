"""The evidence report: for each page (or chapter, its sections included) and for the whole book, how many
citations go to each source class and how the works cited were read, with the thresholds the book holds itself to.
The methods chapter draws it; :func:`main` prints it (``python -m sinorus.evidence``, ``bin/book sources``) and
says whether the book meets the evidence standard."""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from .. import bib, evidence
from . import citing

#: The classes that count as strong evidence in the report.
STRONG = ("primary", "statistics", "scholarly", "analysis")


def mix(keys: list[str], cls: dict[str, str]) -> Counter:
    return Counter(cls.get(k, "unknown") for k in keys)


def strong_share(counts: Counter) -> float | None:
    """Share of citations to the strong classes, the commissioning documents aside; None without citations."""
    total = sum(n for c, n in counts.items() if c != "commissioning")
    return None if total == 0 else sum(counts[c] for c in STRONG) / total


def forbidden_citations(keys: list[str], base: Path | None = None) -> list[str]:
    ents = bib.entries(base).entries
    return [k for k in keys if k in ents and evidence.forbidden_reason(ents[k].fields.get("url", ""))]


def table(base: Path | None = None, by: str = "page"):
    """The report as a pandas frame: one row per page (or per chapter, its sections included) with citations,
    then the whole book."""
    import pandas as pd

    cls = evidence.classes(base)
    groups = _grouped(base, by)
    rows = [_row(name, keys, cls, base) for name, keys in groups.items() if keys]
    rows.append(_row("whole book", [k for keys in groups.values() for k in keys], cls, base))
    return pd.DataFrame(rows)


def _grouped(base: Path | None, by: str) -> dict[str, list[str]]:
    """The book's citations by page, or by chapter (a chapter's sections counted with it)."""
    groups: dict[str, list[str]] = {}
    owner = citing.chapter_of(base)
    for page, keys in citing.citations(base).items():
        groups.setdefault(page if by == "page" else owner.get(page, page), []).extend(keys)
    return groups


def _row(page, keys, cls, base):
    counts = mix(keys, cls)
    share = strong_share(counts)
    return {
        "page": page,
        "citations": len(keys),
        **{c: counts.get(c, 0) for c in evidence.CLASSES},
        "strong_share": None if share is None else round(100 * share, 1),
        "forbidden": len(forbidden_citations(keys, base)),
    }


def reading(base: Path | None = None, by: str = "chapter"):
    """How the cited works were read: one row per chapter (or page) with citations, then the whole book: citations
    by ``consulted``, the share of citations to scholarly entries (and to scholarly and analysis entries together)
    that rest on the full text or named excerpts, and citations of the commissioning documents."""
    import pandas as pd

    how, cls = evidence.consulted(base), evidence.classes(base)
    groups = _grouped(base, by)
    rows = [_reading_row(name, keys, how, cls) for name, keys in groups.items() if keys]
    rows.append(_reading_row("whole book", [k for keys in groups.values() for k in keys], how, cls))
    return pd.DataFrame(rows)


def _reading_row(page, keys, how, cls):
    counts = Counter(how.get(k, "unknown") for k in keys)

    def share(classes):
        cited = [k for k in keys if cls.get(k) in classes]
        return None if not cited else round(100 * sum(how.get(k) in evidence.READ for k in cited) / len(cited), 1)

    return {
        "page": page,
        "citations": len(keys),
        **{c: counts.get(c, 0) for c in evidence.CONSULTED},
        "unrecorded": counts.get("unrecorded", 0),
        "scholarly": sum(cls.get(k) == "scholarly" for k in keys),
        "scholarly_read": share(("scholarly",)),
        "schol_anal_read": share(("scholarly", "analysis")),
        "commissioning": sum(cls.get(k) == "commissioning" for k in keys),
    }


def commissioning_outside(base: Path | None = None) -> dict[str, int]:
    """Page -> citations of the commissioning documents, for every page outside the "Sources and methods" part."""
    cls = evidence.classes(base)
    home = evidence.commissioning_home(base)
    out = {}
    for page, keys in citing.citations(base).items():
        n = sum(cls.get(k) == "commissioning" for k in keys)
        if n and page not in home:
            out[page] = n
    return out


def uncited(base: Path | None = None) -> list[str]:
    """Entries cited neither in the text nor by any data row."""
    used = {k for keys in citing.citations(base).values() for k in keys} | citing.source_keys_in_data(base)
    return sorted(bib.keys(base) - used)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="bin/book sources", description=evidence.__doc__.split("\n\n")[0])
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
    bad = evidence.problems()
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
        sections = sum(1 for c in citing.chapter_of().values() if c == "book/datasets/index.md") - 1
        print(f"the datasets chapter with its {sections} dataset pages: {datasets.iloc[0]['strong_share']}% strong")
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
    unread = evidence.unread_citations()
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
