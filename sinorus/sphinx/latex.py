"""The print edition: no pointer instructions, tables that break across pages with columns sized by their content
(landscape when their words alone are wider than the page), no empty bibliography chapter, and chapter-numbered
figures in the HTML as in the PDF."""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

#: Sentences that only make sense on screen (pointer interactions with the web charts and tables).
WEB_ONLY = re.compile(
    r"(?:(?<=[.!?;:)]\s)|^)[^.!?;]*?\b(?:[Hh]over(?:ing)?|[Dd]rag to pan|[Ss]croll to zoom|[Ss]hift-click|"
    r"[Cc]lick (?:a|on|the)\b)[^.!?]*[.!?]\s*"
)


def latex_print_edition(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """What the PDF needs that the web page does not: no pointer instructions ("hover over a dot..."), and every
    table a long table (it breaks across pages: no row lost past the footer) with wrapping columns sized by their
    content (no column cut at the right margin)."""
    if app.builder.format != "latex":
        return
    for block in list(doctree.findall(lambda n: isinstance(n, (nodes.paragraph, nodes.caption, nodes.inline)))):
        # MyST gives each line its own Text node: join adjacent ones, so a sentence is one string
        kids, merged = list(block.children), []
        for kid in kids:
            if isinstance(kid, nodes.Text) and merged and isinstance(merged[-1], nodes.Text):
                merged[-1] = nodes.Text(str(merged[-1]) + str(kid))
            else:
                merged.append(kid)
        if len(merged) != len(kids):
            block.children = []
            block.extend(merged)
    for text in list(doctree.findall(nodes.Text)):
        if not isinstance(text.parent, (nodes.paragraph, nodes.caption, nodes.inline)):
            continue
        new = WEB_ONLY.sub("", str(text))
        new = re.sub(r"[;:]\s*$", ".", new) if new != str(text) else new  # "...; hover for x." ends the sentence
        if new != str(text):
            text.parent.replace(text, nodes.Text(new))
    for table in list(doctree.findall(nodes.table)):  # a list: landscape markers are inserted beside tables
        specs = list(table.findall(nodes.colspec))
        if not specs:
            continue
        if "colwidths-given" in table.get("classes", []):  # the page gave its own widths: keep them
            table["classes"] = [c for c in table["classes"] if c != "longtable"] + ["longtable"]
            continue
        cells: list[list[str]] = [[] for _ in specs]
        for row in table.findall(nodes.row):
            head = isinstance(row.parent, nodes.thead)
            for i, entry in enumerate(e for e in row.children if isinstance(e, nodes.entry)):
                if i < len(specs):
                    # headers are set in bold sans, about a quarter wider: count their letters so
                    text = entry.astext()
                    cells[i].append(" ".join(w + "x" * (len(w) // 4) for w in text.split()) if head else text)
        wide = not fits(cells, TEXT_WIDTH)
        for spec, width in zip(specs, column_widths(cells, LANDSCAPE_WIDTH if wide else TEXT_WIDTH)):
            spec["colwidth"] = width
        classes = [c for c in table.get("classes", []) if c not in ("longtable", "colwidths-given")]
        table["classes"] = classes + ["longtable", "colwidths-given"]
        if wide:  # a table whose words alone are wider than the page is set on landscape pages
            table.parent.insert(table.parent.index(table), nodes.raw("", "\\begin{landscape}\n", format="latex"))
            table.parent.insert(table.parent.index(table) + 1, nodes.raw("", "\\end{landscape}\n", format="latex"))


#: Table geometry in the PDF (points): text width, the padding LaTeX puts around each column, and the mean width
#: of a character in the tables' type (FreeSerif at \footnotesize, 9 pt).
TEXT_WIDTH, LANDSCAPE_WIDTH, COLUMN_PAD, CHAR_WIDTH = 451.0, 680.0, 12.0, 4.2
LONGEST_WORD = 24  # longer words (web addresses, identifiers) break at '/', '.', '_' and '-'


def _longest_word(col: list[str]) -> int:
    return max((min(len(w), LONGEST_WORD) for c in col for w in c.split()), default=1)


def fits(cells: list[list[str]], width: float) -> bool:
    """Whether every column can be as wide as its longest word on a line ``width`` points wide."""
    return sum(_longest_word(c) + 1 for c in cells) <= (width - COLUMN_PAD * len(cells)) / CHAR_WIDTH


def column_widths(cells: list[list[str]], width: float = TEXT_WIDTH) -> list[int]:
    """Widths (in points, used as proportions) for a table's columns: each column at least as wide as its longest
    word, the rest of the line shared by how much text the columns hold."""
    longest_word = _longest_word

    def typical(col):
        lengths = sorted(len(c) for c in col) or [1]
        return min(lengths[int(0.9 * (len(lengths) - 1))], 70)

    need = [longest_word(c) + 1 for c in cells]
    want = [max(typical(c), n) for c, n in zip(cells, need)]
    avail = (width - COLUMN_PAD * len(cells)) / CHAR_WIDTH
    chars = list(map(float, need))
    spare = avail - sum(chars)
    if spare > 0:
        room = [w - n for w, n in zip(want, need)]
        if sum(room) > 0:
            give = min(spare, sum(room))
            chars = [c + give * r / sum(room) for c, r in zip(chars, room)]
            spare -= give
        if spare > 0:  # every column has what it wants: share the rest by size
            total = sum(chars)
            chars = [c + spare * c / total for c in chars]
    return [max(1, round(COLUMN_PAD + CHAR_WIDTH * c)) for c in chars]


_TABLE_RE = re.compile(r"(\\begin\{longtable\}.*?\\end\{longtable\})", re.S)
_PROTECT_RE = re.compile(
    r"(\\(?:sphinxhref|sphinxurl|url|href|sphinxnolinkurl|label|hyperref|sphinxcode)"
    r"(?:\[[^\]]*\])?\{[^{}]*\})"
)


_BIB_RE = re.compile(r"(\\begin\{sphinxthebibliography\}.*?\\end\{sphinxthebibliography\})", re.S)
_PLAIN_URL_RE = re.compile(r"(?<![{/])https?://[^\s{}]+")  # a web address in a note's text, not a \sphinxurl


_LONG_KEY_RE = re.compile(r"(?<![\\\w])[a-z][a-z0-9]{" + str(LONGEST_WORD) + r",}(?!\w)")
_YEAR_EDGE_RE = re.compile(r"(?<=[a-z])(?=\d{4}[a-z])|(?<=[a-z]\d{4})(?=[a-z])")


def _breakable(table: str) -> str:
    """Inside a table, let long identifiers and web addresses break after '_', '/' and '.' (outside commands)."""
    parts = _PROTECT_RE.split(table)
    for i in range(0, len(parts), 2):
        p = parts[i].replace("\\_", "\\_\\allowbreak{}")
        p = re.sub(r"(?<=[A-Za-z0-9])\|(?=[A-Za-z0-9])", r"|\\allowbreak{}", p)
        p = re.sub(r";(?=\S)", r";\\allowbreak{}", p)
        p = re.sub(r"(?<=[A-Za-z0-9])/(?=[A-Za-z0-9])", r"/\\allowbreak{}", p)
        p = re.sub(r"(?<=[A-Za-z])\.(?=[A-Za-z])", r".\\allowbreak{}", p)
        # a bibliography key (author, year, word: "lukonin2023asymmetricpartnership") breaks around its year
        p = _LONG_KEY_RE.sub(lambda m: _YEAR_EDGE_RE.sub(r"\\allowbreak{}", m.group(0)), p)
        parts[i] = p
    return "".join(parts)


_WRAP_OPEN = re.compile(r"(?:\\begin\{sphinxuseclass\}\{[^}]*\}|\\begin\{sphinxVerbatimOutput\})\s*$")
_WRAP_CLOSE = re.compile(r"^\s*(?:\\end\{sphinxuseclass\}|\\end\{sphinxVerbatimOutput\})")


def landscape_pages(tex: str) -> str:
    """Landscape tables without empty pages: each landscape block is widened to take in the cell wrappers around
    its table (their marks would otherwise be set alone on a portrait page before it), and two landscape blocks
    with nothing between them become one (no empty portrait page between them)."""
    begin, end = "\\begin{landscape}", "\\end{landscape}"
    parts = re.split(r"(\\begin\{landscape\}|\\end\{landscape\})", tex)  # text, begin, body, end, text, ...
    for i in range(1, len(parts) - 3):
        if parts[i] != begin or parts[i + 2] != end:
            continue
        head, opened = parts[i - 1], []
        while m := _WRAP_OPEN.search(head):
            opened.insert(0, head[m.start() :])
            head = head[: m.start()]
        tail, closed = parts[i + 3], []
        while len(closed) < len(opened) and (m := _WRAP_CLOSE.match(tail)):
            closed.append(tail[: m.end()])
            tail = tail[m.end() :]
        if opened and len(closed) == len(opened):  # the wrappers hold only the table: take them in
            parts[i - 1], parts[i + 1], parts[i + 3] = head, "".join(opened) + parts[i + 1] + "".join(closed), tail
    return re.sub(r"\\end\{landscape\}\s*\\begin\{landscape\}", "\n", "".join(parts))


def latex_finished(app: Sphinx, exception) -> None:
    """The bibliography page's heading and intro would become an empty chapter in the PDF (the bibliography
    itself is typeset as its own unnumbered chapter): keep only the bibliography and the page's label."""
    if exception or app.builder.format != "latex":
        return
    for tex in Path(app.outdir).glob("*.tex"):
        text = tex.read_text(encoding="utf-8")
        new = re.sub(
            r"\\chapter\{[^}]*\}\n(\\label\{\\detokenize\{book/references:[^\n]*)\n(?:.*?\n)*?"
            r"(\\begin\{sphinxthebibliography\}\{[^\n]*\})",
            lambda m: m.group(2) + "\n\\phantomsection" + m.group(1),
            text,
            count=1,
        )
        # the landing page follows the contents: give it its own heading and running head (not "CONTENTS")
        new = new.replace(
            "\\pagestyle{normal}\n\\phantomsection\\label{\\detokenize{book/index::doc}}",
            "\\pagestyle{normal}\n\\chapter*{About this book}\\addcontentsline{toc}{chapter}{About this book}"
            "\\markboth{About this book}{About this book}\n\\phantomsection\\label{\\detokenize{book/index::doc}}",
            1,
        )
        new = _TABLE_RE.sub(lambda m: _breakable(m.group(1)), new)
        new = landscape_pages(new)
        new = _BIB_RE.sub(lambda m: _PLAIN_URL_RE.sub(lambda u: _breakable(u.group(0)), m.group(1)), new)
        new = _BIB_RE.sub(lambda m: one_alphabet(m.group(1)), new)
        if new != text:
            tex.write_text(new, encoding="utf-8")


_BIBITEM_RE = re.compile(r"(?=\\bibitem\[)")
_BIBITEM_KEY_RE = re.compile(r"\\bibitem\[(?:[^\]{}]|\{[^{}]*\})*\]\{[^{}]*:(cite-[^}]*)\}")  # labels hold {[}, {]}


def one_alphabet(environment: str) -> str:
    """The HTML bibliography is one page per kind of source (sinorus.bib.PAGES); Sphinx gathers their entries
    into one bibliography at the end of the PDF, page after page. Put them back in the book's one order."""
    from docutils.nodes import make_id

    from .. import biblabels

    order = {make_id(f"cite-{e.key}"): i for i, e in enumerate(biblabels.sorted_entries())}
    head, *items = _BIBITEM_RE.split(environment)
    if not items:
        return environment
    end = items[-1].rindex("\\end{sphinxthebibliography}")
    items[-1], tail = items[-1][:end], items[-1][end:]
    items = [i if i.endswith("\n") else i + "\n" for i in items]

    def position(item: str) -> int:
        m = _BIBITEM_KEY_RE.match(item)
        return order.get(m.group(1), len(order)) if m else len(order)

    return head + "".join(sorted(items, key=position)) + tail


def html_numbering(app: Sphinx) -> None:
    """sphinx-jupyterbook-latex sets figure numbering by section for every builder; in HTML keep it by chapter
    ("Fig. 2.3"), as in the PDF, and stable between builds (a changed config value re-reads every page)."""
    if app.builder.format == "html":
        app.config["numfig_secnum_depth"] = 1
