"""The coded claims of the five commissioning documents (data/claims.csv): the table validates, every quote stands
verbatim in the paragraph of the document it is said to come from, and corrupted copies stop with the exact message.

The documents are not redistributed with the book; the quote check reads them from the folder named by the
environment variable SINORUS_SEEDS (default ../shared/seeds beside the repository). Where it is absent the checks
that need it are skipped with a reason, and fail under CI (see tests/conftest.py)."""

from __future__ import annotations

import csv
from pathlib import Path

from conftest import SEEDS, edit, find_line, require_seeds

from sinorus import data

ROOT = Path(__file__).resolve().parent.parent
#: the editors' copy of each document and the line on which its article text starts (paragraphs count from there)
DOCUMENTS = {
    "awan2023": ("000_", 3),
    "hussain2021": ("001_", 7),
    "beijingreview2014": ("002_", 1),
    "jiang2019": ("003_", 10),
    "yu2021": ("004_", 9),
}
VOICE = {
    "awan2023": "pro_beijing_commentary",
    "hussain2021": "chinese_state_media",
    "beijingreview2014": "chinese_state_media",
    "jiang2019": "academic",
    "yu2021": "chinese_state_media",
}
MAX_WORDS = 25


def _norm(text: str) -> str:
    """Runs of spaces, non-breaking spaces and line breaks read as one space; nothing else is changed."""
    return " ".join(text.split())


def paragraphs(key: str, seeds: Path = SEEDS) -> list[str]:
    """The document's paragraphs: blocks of lines separated by blank lines, from the first line of the article."""
    prefix, start = DOCUMENTS[key]
    path = next(seeds.glob(prefix + "*.txt"))
    blocks, current = [], []
    for line in path.read_text(encoding="utf-8").splitlines()[start - 1 :]:
        if line.strip():
            current.append(line)
        elif current:
            blocks.append(_norm(" ".join(current)))
            current = []
    if current:
        blocks.append(_norm(" ".join(current)))
    return blocks


def quote_faults(path: Path, seeds: Path = SEEDS) -> list[str]:
    """Every quote occurs verbatim in its document, in each paragraph its locator names, and is short."""
    faults = []
    cache = {}
    for line, row in enumerate(csv.DictReader(path.open(encoding="utf-8", newline="")), start=2):
        key, quote = row["source_key"], _norm(row["quote"])
        paras = cache.setdefault(key, paragraphs(key, seeds))
        where = f"data/claims.csv, line {line} (claim_id={row['claim_id']})"
        named = [int(n) for n in row["locator"].replace("para ", "").replace("(repeated in", ",").strip(")").split(",")]
        if not any(quote in p for p in paras):
            faults.append(f"{where}: the quote does not occur verbatim in {key}")
        elif missing := [n for n in named if n > len(paras) or quote not in paras[n - 1]]:
            found = [i for i, p in enumerate(paras, start=1) if quote in p]
            faults.append(
                f"{where}: the quote is not in para {missing[0]} of {key} (it is in para {', '.join(map(str, found))})"
            )
        if len(row["quote"].split()) > MAX_WORDS:
            faults.append(f"{where}: the quote has {len(row['quote'].split())} words (at most {MAX_WORDS})")
    return faults


def needs_seeds(test):
    """The test reads the documents: without them it is skipped with the reason (and fails under CI)."""

    def run(*args, **kwargs):
        require_seeds()
        return test(*args, **kwargs)

    run.__name__, run.__doc__ = test.__name__, test.__doc__
    import inspect

    run.__signature__ = inspect.signature(test)
    return run


def test_claims_load_typed():
    claims = data.load("claims")
    assert len(claims) >= 60
    assert str(claims["factual"].dtype) == "boolean"
    assert set(claims["source_key"]) == set(DOCUMENTS)
    # each document speaks in one voice
    assert claims.groupby("source_key")["voice"].agg(set).to_dict() == {k: {v} for k, v in VOICE.items()}
    # every factual claim has been looked at, and every non-factual one is left alone
    assert (claims.loc[claims["factual"], "check_status"] != "not_applicable").all()
    assert (claims.loc[~claims["factual"], "check_status"] == "not_applicable").all()


@needs_seeds
def test_every_quote_is_verbatim_in_its_paragraph():
    assert quote_faults(ROOT / "data" / "claims.csv") == []


@needs_seeds
def test_a_quote_not_in_the_document(copy):
    line = find_line(copy, "claims", lambda r: r["source_key"] == "jiang2019" and "4,374" in r["quote"])
    old = edit(copy, "claims", line, "quote", "China and Russia have a long border of 4,300 kilometers.")
    assert quote_faults(copy / "data" / "claims.csv") == [
        f"data/claims.csv, line {line} (claim_id={old['claim_id']}): the quote does not occur verbatim in jiang2019"
    ]


@needs_seeds
def test_a_quote_in_another_paragraph(copy):
    line = find_line(copy, "claims", lambda r: r["claim_id"] == "jiang2019-40")
    old = edit(copy, "claims", line, "locator", "para 35")
    assert quote_faults(copy / "data" / "claims.csv") == [
        f"data/claims.csv, line {line} (claim_id={old['claim_id']}): the quote is not in para 35 of jiang2019 "
        "(it is in para 34)"
    ]


@needs_seeds
def test_a_quote_credited_to_the_wrong_document(copy):
    line = find_line(copy, "claims", lambda r: r["source_key"] == "yu2021")
    old = edit(copy, "claims", line, "source_key", "awan2023")
    assert quote_faults(copy / "data" / "claims.csv") == [
        f"data/claims.csv, line {line} (claim_id={old['claim_id']}): the quote does not occur verbatim in awan2023"
    ]


@needs_seeds
def test_a_quote_too_long(copy):
    line = find_line(copy, "claims", lambda r: r["claim_id"] == "jiang2019-01")
    paras = paragraphs("jiang2019")
    long = " ".join(paras[0].split()[:30])
    edit(copy, "claims", line, "quote", long)
    assert quote_faults(copy / "data" / "claims.csv") == [
        f"data/claims.csv, line {line} (claim_id=jiang2019-01): the quote has 30 words (at most 25)"
    ]
