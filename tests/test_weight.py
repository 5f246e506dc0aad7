"""The style sheets and icon fonts cut to what the book uses (sinorus.sphinx.slim) still hold every rule and glyph a
page can show. (What a page weighs is a target the benchmark measures and prints: tests/benchmark.py.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import tinycss2
from conftest import ROOT

pytestmark = pytest.mark.book  # the test tier (pyproject.toml markers)

HTML = ROOT / "_build" / "html"
SITE = Path(tinycss2.__file__).resolve().parent.parent  # the environment's packages, where the originals live
#: The cut style sheets with the file each is cut from, as its package ships it.
ORIGINALS = {
    "styles/pydata-sphinx-theme.css": "pydata_sphinx_theme/theme/pydata_sphinx_theme/static/styles/pydata-sphinx-theme.css",
    "styles/sphinx-book-theme.css": "sphinx_book_theme/theme/sphinx_book_theme/static/styles/sphinx-book-theme.css",
    "sphinx-design.min.css": "sphinx_design/static/sphinx-design.min.css",
    "mystnb.*.css": "myst_nb/static/mystnb.css",
}
FONTS = "pydata_sphinx_theme/theme/pydata_sphinx_theme/static/vendor/fontawesome/webfonts"


def page_names() -> set[str]:
    """Every class and id on the built pages."""
    names: set[str] = set()
    for page in HTML.rglob("*.html"):
        for value in re.findall(r'\s(?:class|id)="([^"]*)"', page.read_text(encoding="utf-8")):
            names.update(value.split())
    return names


def rules(css: str, context: str = "") -> set[tuple[str, str, str]]:
    """(at-rule, selector, declarations) of every rule, each selector of a list on its own, written alike."""

    def text(tokens) -> str:
        return " ".join(tinycss2.serialize(t for t in tokens if t.type != "comment").split())

    out = set()
    for rule in tinycss2.parse_rule_list(css, skip_comments=True, skip_whitespace=True):
        if rule.type == "qualified-rule":
            for selector in re.split(r",(?![^()]*\))", text(rule.prelude)):  # not the commas of :is(a,b)
                out.add((context, selector.strip(), text(rule.content)))
        elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports") and rule.content:
            out |= rules(tinycss2.serialize(rule.content), f"{context}@{rule.lower_at_keyword} {text(rule.prelude)}")
    return out


def kept_rules_missing(original: str, cut: str, names: set[str]) -> list[tuple[str, str, str]]:
    """The rules of ``original`` whose classes and ids all occur in ``names`` (those inside :not() too) and that
    ``cut`` has lost."""
    have = rules(cut)
    return sorted(
        r
        for r in rules(original)
        if r not in have and all(n in names for n in re.findall(r"[.#](-?[_a-zA-Z][\w-]*)", r[1]))
    )


def test_cut_style_sheets_keep_every_rule_the_pages_use(built_book):
    names = page_names()
    for served, original in ORIGINALS.items():
        (sheet,) = (HTML / "_static").glob(served)
        text = sheet.read_text(encoding="utf-8")
        source = (SITE / original).read_text(encoding="utf-8")
        assert len(text) < len(source), f"{served} is not cut"
        assert kept_rules_missing(source, text, names) == [], served
    # the dark theme's rules for what the pages carry are among them
    theme = (HTML / "_static/styles/pydata-sphinx-theme.css").read_text(encoding="utf-8")
    assert "html[data-theme=dark] .bd-content" in theme


def test_the_check_finds_a_lost_rule():
    original = ".a{color:red}.b .c{color:blue}@media (min-width:1px){.a:hover{color:green}}.z{color:gray}"
    assert kept_rules_missing(original, original, {"a", "b", "c"}) == []
    assert kept_rules_missing(original, ".a{color:red}", {"a", "b", "c"}) == [
        ("", ".b .c", "color:blue"),
        ("@media (min-width:1px)", ".a:hover", "color:green"),
    ]


def icon_glyphs() -> dict[str, int]:
    """FontAwesome's icon classes and the code point each draws, from the theme's original style sheet."""
    css = (SITE / ORIGINALS["styles/pydata-sphinx-theme.css"]).read_text(encoding="utf-8")
    glyphs = {}
    for selectors, code in re.findall(r'([^{}]+)\{content:"\\([0-9a-f]{2,5})"\}', css):
        for name in re.findall(r"\.(fa-[\w-]+):+before", selectors):
            glyphs[name] = int(code, 16)
    return glyphs


def test_every_icon_on_the_pages_is_in_its_font(built_book):
    from fontTools.ttLib import TTFont

    fonts = {
        style: set(TTFont(HTML / "_static/vendor/fontawesome/webfonts" / f"fa-{style}.woff2").getBestCmap())
        for style in ("solid-900", "brands-400", "regular-400")
    }
    glyphs, shown = icon_glyphs(), set()
    for page in HTML.rglob("*.html"):
        for value in re.findall(r'\sclass="([^"]*\bfa-[^"]*)"', page.read_text(encoding="utf-8")):
            classes = value.split()
            brands, regular = {"fa-brands", "fab"} & set(classes), {"fa-regular", "far"} & set(classes)
            style = "brands-400" if brands else "regular-400" if regular else "solid-900"
            for name in classes:
                if name in glyphs:
                    shown.add(name)
                    assert glyphs[name] in fonts[style], f"{page.name}: {name} has no glyph in fa-{style}"
    assert {"fa-github", "fa-magnifying-glass", "fa-bars"} <= shown  # the header's icons were looked at
    # and the fonts are cut: far fewer glyphs than FontAwesome's
    original = TTFont(SITE / FONTS / "fa-solid-900.woff2").getBestCmap()
    assert len(fonts["solid-900"]) < len(original) / 5
