"""The bibliography's style: author-year labels that keep Chinese and Russian names (the same labels as the figures'
source lines), translated titles (``titleaddon``), ``@online`` entries that name their publisher, and in-text
citations in round brackets."""

from __future__ import annotations

import hashlib
import os
import pickle
import re
from pathlib import Path

from .. import bib, biblabels, paths

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
        return biblabels.decode_latex(latex, original)

    def from_latex(cls, latex):
        return cls(latex) if not LATEX_MARKS.search(latex) else full(latex)

    from_latex.sinorus_fast = True
    from_latex.full = full  # the full decoder, kept for the test that compares the two
    richtext.Text.from_latex = classmethod(from_latex)


#: The formatted bibliography of this process, and the hash of what it was formatted from.
_KEPT: dict = {}


def _kept_path() -> Path:
    return paths.root() / "_build" / ".sinorus-bibliography.pickle"


def _kept_digest() -> str:
    """A hash of what formatting the bibliography reads: references.bib, this style and the code that reads and
    labels the entries."""
    h = hashlib.sha256()
    for f in (paths.bibfile(), Path(__file__), Path(bib.__file__), Path(biblabels.__file__)):
        h.update(f.read_bytes() if f.is_file() else b"<missing>")
    return h.hexdigest()


def kept() -> dict:
    """The formatted entries (and the order and labels) of the bibliography, shared by the style objects of this
    build and kept between builds: sphinxcontrib-bibtex formats every entry on every build, about a second and a
    half of a build in which nothing changed. Read back only when references.bib and the style are unchanged."""
    digest = _kept_digest()
    if _KEPT.get("digest") != digest:
        entries: dict = {}
        try:
            with _kept_path().open("rb") as f:
                stored = pickle.load(f)
            if stored.get("digest") == digest:
                entries = stored["entries"]
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, KeyError):
            pass
        _KEPT.clear()
        _KEPT.update(digest=digest, entries=entries, stored=len(entries))
    return _KEPT["entries"]


def keep_formatted(app, exception) -> None:
    """At the end of a build: store the formatted bibliography if this build formatted anything new."""
    if exception is not None or not _KEPT or len(_KEPT["entries"]) == _KEPT["stored"]:
        return
    path = _kept_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        with tmp.open("wb") as f:
            pickle.dump({"digest": _KEPT["digest"], "entries": _KEPT["entries"]}, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        _KEPT["stored"] = len(_KEPT["entries"])
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        pass


def register_bibliography_style() -> None:
    fast_latex_decoding()
    from pybtex.plugin import register_plugin
    from pybtex.style.formatting.unsrt import Style as UnsrtStyle
    from pybtex.style.labels import BaseLabelStyle

    class AuthorYearLabels(BaseLabelStyle):
        """ "Maxwell 2007", "Li 2007a", "Xinhua 2012": non-ASCII letters are kept (pybtex's alpha drops them).
        The labels come from sinorus.biblabels.author_year_labels, which figure source lines use too."""

        def format_labels(self, sorted_entries):
            # the labels of the whole bibliography (a page of it lists only some works: "Awan 2023a" stays "a")
            whole = biblabels.labels()
            entries = list(sorted_entries)
            if all(e.key in whole for e in entries):
                yield from (whole[e.key] for e in entries)
            else:  # works from another bibliography file (e.g. a fixture's)
                yield from biblabels.author_year_labels(entries)

    BookSorting = biblabels.book_sorting()

    from pybtex.style.names import name_part
    from pybtex.style.names.plain import NameStyle

    class BookNames(NameStyle):
        """Given name first, except the names the book writes family name first (sinorus.biblabels.family_name_first:
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
            self._formatted = kept()  # this bibliography's formatted entries, kept from the last build
            self.name_style = BookNames()
            self.format_name = self.name_style.format
            sort, labels = self.sort, self.format_labels

            def kept_sort(entries):
                entries = list(entries)
                key = ("order", tuple(e.key for e in entries))
                if key not in self._formatted:
                    self._formatted[key] = [e.key for e in sort(entries)]
                by_key = {e.key: e for e in entries}
                return [by_key[k] for k in self._formatted[key]]

            def kept_labels(sorted_entries):
                sorted_entries = list(sorted_entries)
                key = ("labels", tuple(e.key for e in sorted_entries))
                if key not in self._formatted:
                    self._formatted[key] = list(labels(sorted_entries))
                return iter(self._formatted[key])

            self.sort, self.format_labels = kept_sort, kept_labels

        def format_entry(self, label, entry, bib_data=None):
            # sphinxcontrib-bibtex formats every entry twice with one style object (the bibliography's entry and
            # the citation's tooltip): the second time is the first one's result
            key = (label, entry.key)
            if key not in self._formatted:
                for people in entry.persons.values():
                    for person in people:
                        person.sinorus_family_first = biblabels.family_name_first(person, entry)
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
