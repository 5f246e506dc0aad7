"""The bibliography's style: author-year labels that keep Chinese and Russian names (the same labels as the figures'
source lines), translated titles (``titleaddon``), ``@online`` entries that name their publisher, and in-text
citations in round brackets."""

from __future__ import annotations

import re

from .. import bib

#: Text with none of these has no LaTeX in it: decoding it as LaTeX (latexcodec, the slowest step of formatting the
#: bibliography on every build) gives it back unchanged. tests/test_bibliography.py checks this on every field.
LATEX_MARKS = re.compile(r"[\\~{}$%&#^_]|--|``|''|!`|\?`")


def fast_latex_decoding() -> None:
    """Skip the LaTeX decoder for field values that hold no LaTeX (most of the bibliography's)."""
    from pybtex import richtext

    if getattr(richtext.Text.from_latex, "sinorus_fast", False):
        return
    original = richtext.Text.from_latex

    def full(latex):
        """latexcodec's decoder, with the escaped characters (\\$, \\&, \\%, ...) decoded as the characters."""
        return bib.decode_latex(latex, original)

    def from_latex(cls, latex):
        return cls(latex) if not LATEX_MARKS.search(latex) else full(latex)

    from_latex.sinorus_fast = True
    from_latex.full = full  # the full decoder, kept for the test that compares the two
    richtext.Text.from_latex = classmethod(from_latex)


def register_bibliography_style() -> None:
    fast_latex_decoding()
    from pybtex.backends import html, latex, markdown, plaintext
    from pybtex.plugin import register_plugin

    # pybtex finds a backend among all installed entry points on every render_as() call (~20 ms each): the same
    # classes registered at run time are found in a dictionary
    for name, module in (("text", plaintext), ("html", html), ("latex", latex), ("markdown", markdown)):
        register_plugin("pybtex.backends", name, module.Backend, force=True)
    from pybtex.style.formatting.unsrt import Style as UnsrtStyle
    from pybtex.style.labels import BaseLabelStyle

    class AuthorYearLabels(BaseLabelStyle):
        """ "Maxwell 2007", "Li 2007a", "Xinhua 2012": non-ASCII letters are kept (pybtex's alpha drops them).
        The labels come from sinorus.bib.author_year_labels, which figure source lines use too."""

        def format_labels(self, sorted_entries):
            # the labels of the whole bibliography (a page of it lists only some works: "Awan 2023a" stays "a")
            whole = bib.labels()
            entries = list(sorted_entries)
            if all(e.key in whole for e in entries):
                yield from (whole[e.key] for e in entries)
            else:  # works from another bibliography file (e.g. a fixture's)
                yield from bib.author_year_labels(entries)

    BookSorting = bib.book_sorting()

    from pybtex.style.names import name_part
    from pybtex.style.names.plain import NameStyle

    class BookNames(NameStyle):
        """Given name first, except the names the book writes family name first (sinorus.bib.family_name_first:
        Zhou Enlai, Qian Qichen, Chen Jian)."""

        def format(self, person, abbr=False):
            if getattr(person, "sinorus_family_first", False):
                return join[
                    name_part(tie=True)[person.rich_prelast_names + person.rich_last_names],
                    name_part[person.rich_first_names + person.rich_middle_names],
                ]
            return super().format(person, abbr)

    from pybtex.style.formatting import toplevel
    from pybtex.style.formatting.unsrt import date
    from pybtex.style.template import field, join, optional, optional_field, sentence, tag

    class BookStyle(UnsrtStyle):
        """unsrt, plus biblatex's ``titleaddon`` (the English translation of a Chinese or Russian title)
        and an ``@online`` layout that names the publishing organisation."""

        default_label_style = AuthorYearLabels
        default_sorting_style = BookSorting

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self._formatted: dict = {}
            self.name_style = BookNames()
            self.format_name = self.name_style.format

        def format_entry(self, label, entry, bib_data=None):
            # sphinxcontrib-bibtex formats every entry twice with one style object (the bibliography's entry and
            # the citation's tooltip): the second time is the first one's result
            key = (label, entry.key)
            if key not in self._formatted:
                for people in entry.persons.values():
                    for person in people:
                        person.sinorus_family_first = bib.family_name_first(person, entry)
                formatted = super().format_entry(label, entry, bib_data=bib_data)
                if (
                    "author" not in entry.persons
                    and "editor" in entry.persons
                    and entry.type.lower() not in ("book", "inbook")
                ):
                    # the label names the editors: so does the entry, first, whatever its type's layout
                    from pybtex.richtext import Text
                    from pybtex.style import FormattedEntry

                    editors = self.format_editor(entry).format_data(
                        {"entry": entry, "style": self, "bib_data": bib_data}
                    )
                    formatted = FormattedEntry(formatted.key, Text(editors, " ", formatted.text), formatted.label)
                self._formatted[key] = formatted
            return self._formatted[key]

        def _with_addon(self, e, which_field, title, as_sentence):
            if which_field == "title" and "titleaddon" in e.fields:
                title = join(sep=" ")[title, field("titleaddon")]
            return sentence[title] if as_sentence else title

        def format_title(self, e, which_field, as_sentence=True):
            return self._with_addon(e, which_field, field(which_field), as_sentence)

        def format_btitle(self, e, which_field, as_sentence=True):
            return self._with_addon(e, which_field, tag("em")[field(which_field)], as_sentence)

        def get_online_template(self, e):
            return toplevel[
                optional[sentence[self.format_names("author")]],
                self.format_title(e, "title"),
                sentence[optional[field("organization")], optional[field("howpublished")], optional[date]],
                sentence[optional_field("note")],
                self.format_web_refs(e),
            ]

        def get_report_template(self, e):
            return self.get_techreport_template(e)

    register_plugin("pybtex.style.labels", "sinorus-authoryear", AuthorYearLabels, force=True)
    register_plugin("pybtex.style.formatting", "sinorus", BookStyle, force=True)


def register_reference_style() -> None:
    """In-text citations as (Maxwell 2007) and Maxwell (2007): author-year in round brackets."""
    from dataclasses import dataclass
    from dataclasses import field as dc_field

    import sphinxcontrib.bibtex.plugin
    from sphinxcontrib.bibtex.style.referencing import BracketStyle
    from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle

    def round_brackets() -> BracketStyle:
        return BracketStyle(left="(", right=")")

    @dataclass
    class RoundAuthorYear(AuthorYearReferenceStyle):
        bracket_parenthetical: BracketStyle = dc_field(default_factory=round_brackets)
        bracket_textual: BracketStyle = dc_field(default_factory=round_brackets)
        bracket_author: BracketStyle = dc_field(default_factory=round_brackets)
        bracket_label: BracketStyle = dc_field(default_factory=round_brackets)
        bracket_year: BracketStyle = dc_field(default_factory=round_brackets)

    sphinxcontrib.bibtex.plugin.register_plugin(
        "sphinxcontrib.bibtex.style.referencing", "author_year_round", RoundAuthorYear, force=True
    )
