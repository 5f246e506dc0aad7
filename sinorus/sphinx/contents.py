"""``{book-contents}``: the parts and chapters of the book as a list on the page, read from ``_toc.yml`` (the one
table of contents), so the landing page lists every chapter, current and future, for readers whose screen hides
the sidebar. Links are ``{doc}`` references: each shows its chapter's own title, and a missing page fails the
strict build."""

from __future__ import annotations

from pathlib import Path

import yaml
from docutils import nodes
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective
from sphinxcontrib.bibtex.directives import BibliographyDirective

from .. import bib


def toc_parts(srcdir: Path) -> list[tuple[str, list[str]]]:
    """(part caption, its chapters as docnames) in the order of ``_toc.yml``; sections are left to their chapter."""
    toc = yaml.safe_load((srcdir / "_toc.yml").read_text(encoding="utf-8"))
    parts = [
        (p.get("caption", ""), [c["file"] for c in p.get("chapters", []) if "file" in c]) for p in toc.get("parts", [])
    ]
    if toc.get("chapters"):
        parts.insert(0, ("", [c["file"] for c in toc["chapters"] if "file" in c]))
    return parts


class BookContents(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        docname = self.env.docname
        box = nodes.container(classes=["sinorus-contents"])
        for caption, chapters in toc_parts(Path(self.env.srcdir)):
            if caption:
                box += nodes.paragraph("", "", nodes.strong(caption, caption), classes=["sinorus-contents-part"])
            items = nodes.bullet_list()
            for chapter in chapters:
                ref = addnodes.pending_xref(
                    "",
                    refdomain="std",
                    reftype="doc",
                    reftarget="/" + chapter,
                    refdoc=docname,
                    refexplicit=False,
                    refwarn=True,
                )
                ref += nodes.inline("", chapter, classes=["xref", "std", "std-doc"])
                items += nodes.list_item("", nodes.paragraph("", "", ref))
                self.env.note_dependency(str(Path(self.env.srcdir) / "_toc.yml"))
            box += items
        return [box]


def setup(app) -> None:
    app.add_directive("book-contents", BookContents)


class BookCitation(SphinxDirective):
    """``{book-citation}``: how to cite the book, in the HTML and the PDF alike: the reference with its version,
    date and address, the same as BibTeX, and the machine-readable CITATION.cff. Every part comes from its one
    home (sinorus.edition.citation), so the citation cannot fall behind the edition."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        from .. import edition

        c = edition.citation()
        self.env.note_dependency(str(Path(self.env.srcdir) / "pyproject.toml"))
        self.env.note_dependency(str(Path(self.env.srcdir) / "CITATION.cff"))
        ref = nodes.paragraph()
        ref += nodes.Text(f"{edition.EDITORS}. ")
        ref += nodes.emphasis("", f"{edition.TITLE}: {edition.SUBTITLE}")
        ref += nodes.Text(f". Version {c['version']}, {c['date']}. ")
        ref += nodes.reference(c["repository"], c["repository"], refuri=c["repository"])
        quote = nodes.block_quote("", ref, classes=["sinorus-citation"])
        intro = nodes.paragraph("", "As a BibTeX entry:")
        bibtex = nodes.literal_block(c["bibtex"], c["bibtex"], language="bibtex", classes=["sinorus-bibtex"])
        cff = nodes.paragraph()
        cff += nodes.Text("The same in the Citation File Format, which reference managers and GitHub read: ")
        cff += nodes.reference("", "CITATION.cff", refuri=c["cff"])
        cff += nodes.Text(" in the repository.")
        here = addnodes.only(expr="html")
        local = nodes.paragraph()
        local += nodes.Text("A copy comes with this website: ")
        rel = "../" * self.env.docname.count("/") + "CITATION.cff"
        local += nodes.reference("", "CITATION.cff", refuri=rel)
        local += nodes.Text(".")
        here += local
        return [quote, intro, bibtex, cff, here]


class BookBibliography(BibliographyDirective):
    """``{book-bibliography} <page>``: one page of the bibliography, every work of the source classes
    ``sinorus.bib.PAGES`` gives that page (sphinxcontrib-bibtex's ``bibliography``, all entries, filtered)."""

    required_arguments = 1
    optional_arguments = 0

    def run(self) -> list[nodes.Node]:
        page = self.arguments[0]
        if page not in bib.PAGES:
            raise self.error(f"{self.env.docname}: no bibliography page '{page}' in sinorus.bib.PAGES")
        classes = ", ".join(f'"{c}"' for c in bib.PAGES[page])
        self.options = {**self.options, "filter": f"sourcetype in {{{classes}}}"}
        self.arguments = []
        return super().run()


def faster_bibliography_filters() -> None:
    """sphinxcontrib-bibtex decides which entries a bibliography lists by testing each entry against every citation
    in the book (entries x citations), once per bibliography: with the bibliography's four pages, over a second of
    every build. The same test with the citations gathered once per bibliography: the same entries, in the same
    order (sphinxcontrib-bibtex 2.7's BibtexDomain.get_filtered_entries otherwise unchanged)."""
    from collections import defaultdict

    from sphinxcontrib.bibtex import domain

    if getattr(domain.BibtexDomain.get_filtered_entries, "sinorus", False):
        return

    def get_filtered_entries(self, bibliography_key):
        bibliography = self.bibliographies[bibliography_key]
        cited = defaultdict(set)
        for citation_ref in self.citation_refs:
            for target in citation_ref.targets:
                cited[target.key].add(citation_ref.docname)
        for entry in self.get_entries(bibliography.bibfiles):
            key = bibliography.keyprefix + entry.key
            cited_docnames = cited.get(key, set())
            visitor = domain._FilterVisitor(
                entry=entry, docname=bibliography_key.docname, cited_docnames=cited_docnames
            )
            try:
                success = visitor.visit(bibliography.filter_)
            except ValueError as err:
                domain.logger.warning(
                    f"syntax error in :filter: expression; {err}",
                    location=(bibliography_key.docname, bibliography.line),
                    type="bibtex",
                    subtype="filter_syntax_error",
                )
                success = bool(cited_docnames)
            if success or entry.key in bibliography.keys:
                yield key, entry

    get_filtered_entries.sinorus = True
    get_filtered_entries.original = domain.BibtexDomain.get_filtered_entries  # for the test that compares them
    domain.BibtexDomain.get_filtered_entries = get_filtered_entries
