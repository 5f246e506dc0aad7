"""The style sheets and icon fonts the pages load, cut to what the book can use (part of :func:`.assets.lighter`'s
work at build-finished): a rule whose selectors all name a class or id that no page and no script of the book
carries is dropped, and FontAwesome's web fonts keep only the glyphs the remaining rules draw."""

from __future__ import annotations

import re
from pathlib import Path

import tinycss2
from tinycss2 import ast

from .. import paths

#: At-rules whose block holds rules (kept with the rules that survive); every other at-rule is kept whole.
GROUPING = {"media", "supports", "layer", "container"}
#: The web fonts cut to the glyphs the style sheets draw (a browser that reads woff2 never fetches the ttf).
ICON_FONTS = "vendor/fontawesome/webfonts/*.woff2"
ASCII = range(0x20, 0x7F)
WORD = re.compile(r"[A-Za-z_][\w-]*")
CLASS_ATTR = re.compile(r'\s(?:class|id)="([^"]*)"')
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S)
NON_ASCII = re.compile(r"[^\x00-\x7f]")
IMPORT = re.compile(r'@import (?:url\()?["\']?([^"\')]+\.css)')
LOCAL_ASSET = re.compile(r'(?:src|href)="((?:\.\./)*_static/[^"?#]+\.(?:js|css))')


def page_assets(outdir: Path) -> tuple[set[Path], set[Path]]:
    """The scripts and style sheets under ``_static`` that some page loads (style sheets they import too)."""
    scripts, sheets = set(), set()
    for page in outdir.rglob("*.html"):
        for ref in LOCAL_ASSET.findall(page.read_text(encoding="utf-8")):
            f = (page.parent / ref).resolve()
            if f.is_file():
                (scripts if f.suffix == ".js" else sheets).add(f)
    for sheet in list(sheets):  # the theme's theme.css imports Sphinx's basic.css
        for ref in IMPORT.findall(sheet.read_text(encoding="utf-8")):
            if (sheet.parent / ref).resolve().is_file():
                sheets.add((sheet.parent / ref).resolve())
    return scripts, sheets


def used_names(outdir: Path, scripts: set[Path]) -> tuple[set[str], tuple[str, ...]]:
    """The classes and ids the book can name: the pages' class and id attributes, and every word of the scripts
    the pages load (scripts add classes at run time). Also the words ending in a hyphen, the stems of names a
    script puts together (``"bs-" + name``), so that every name with such a stem counts as used."""
    names: set[str] = set()
    for page in outdir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for value in CLASS_ATTR.findall(text):
            names.update(value.split())
        for body in INLINE_SCRIPT.findall(text):
            names.update(WORD.findall(body))
    for f in scripts:
        names.update(WORD.findall(f.read_text(encoding="utf-8")))
    return names, tuple(sorted(n for n in names if n.endswith("-") and len(n) > 2))


def required(selector: list) -> set[str]:
    """The classes and ids an element must carry for ``selector`` to match it; names inside :not(), :is() and
    the other functional pseudo-classes, or inside attribute selectors, are not required."""
    names, previous = set(), None
    for token in selector:
        if isinstance(token, ast.IdentToken) and isinstance(previous, ast.LiteralToken) and previous.value == ".":
            names.add(token.value)
        elif isinstance(token, ast.HashToken) and token.is_identifier:
            names.add(token.value)
        previous = token
    return names


def selectors(prelude: list) -> list[list]:
    """A rule's selector list, split at its top-level commas."""
    parts: list[list] = [[]]
    for token in prelude:
        if isinstance(token, ast.LiteralToken) and token.value == ",":
            parts.append([])
        elif not isinstance(token, ast.Comment):
            parts[-1].append(token)
    return parts


def _minify(tokens: list) -> list:
    """``tokens`` without comments, each run of whitespace one space (strings untouched)."""
    out = []
    for t in tokens:
        if isinstance(t, ast.Comment):
            continue
        if isinstance(t, ast.WhitespaceToken):
            t.value = " "
        elif isinstance(t, ast.FunctionBlock):
            t.arguments = _minify(t.arguments)
        elif isinstance(t, (ast.ParenthesesBlock, ast.SquareBracketsBlock, ast.CurlyBracketsBlock)):
            t.content = _minify(t.content)
        out.append(t)
    return out


def _text(tokens: list) -> str:
    # characters outside ASCII written as escapes: the sheet reads the same whatever encoding it is taken in
    return NON_ASCII.sub(lambda m: f"\\{ord(m.group()):x} ", tinycss2.serialize(_minify(tokens)).strip())


def cut_rules(rules: list, used) -> list[str]:
    """``rules`` serialized without comments and spare whitespace, less the rules ``used`` rejects."""
    out = []
    for rule in rules:
        if isinstance(rule, ast.QualifiedRule):
            kept = [s for s in selectors(rule.prelude) if used(required(s))]
            if kept:
                out.append(",".join(_text(s) for s in kept) + "{" + _text(rule.content) + "}")
        elif isinstance(rule, ast.AtRule) and rule.lower_at_keyword in GROUPING and rule.content is not None:
            inner = cut_rules(tinycss2.parse_rule_list(rule.content, True, True), used)
            if inner:
                out.append(f"@{rule.at_keyword} {_text(rule.prelude)}{{{''.join(inner)}}}")
        elif isinstance(rule, ast.AtRule):
            block = "" if rule.content is None else "{" + _text(rule.content) + "}"
            out.append(f"@{rule.at_keyword} {_text(rule.prelude)}".strip() + (block or ";"))
        elif isinstance(rule, ast.Comment) and rule.value.startswith("!"):  # a licence: kept
            out.append(f"/*{rule.value}*/\n")
    return out


def cut_css(css: str, names: set[str], stems: tuple[str, ...] = ()) -> str:
    """``css`` without the rules that name a class or id outside ``names`` (nor starting with one of ``stems``)."""

    def used(required: set[str]) -> bool:
        return all(n in names or n.startswith(stems) for n in required)

    return "".join(cut_rules(tinycss2.parse_stylesheet(css, skip_whitespace=True), used)) + "\n"


def drawn_characters(css: str) -> set[int]:
    """Every character of the strings in ``css`` (the glyphs its ``content`` and custom properties draw)."""
    chars: set[int] = set()

    def walk(tokens):
        for t in tokens or ():
            if isinstance(t, ast.StringToken):
                chars.update(map(ord, t.value))
            walk(getattr(t, "arguments", None))
            if isinstance(t, (ast.QualifiedRule, ast.AtRule, ast.ParenthesesBlock, ast.SquareBracketsBlock)):
                walk(getattr(t, "prelude", None))
                walk(t.content)
            elif isinstance(t, ast.CurlyBracketsBlock):
                walk(t.content)

    walk(tinycss2.parse_stylesheet(css))
    return chars


def subset_font(source: Path, target: Path, chars: set[int]) -> None:
    """``source`` (a woff2 font) with only the glyphs of ``chars`` it has, written to ``target``."""
    import logging

    from fontTools import subset
    from fontTools.ttLib import TTFont

    logging.getLogger("fontTools").setLevel(logging.WARNING)  # not a line per table in the build's output

    # the same font from the same glyphs, build after build, with the whole font's bounding box
    font = TTFont(source, recalcTimestamp=False, recalcBBoxes=False)
    cmap = font.getBestCmap()
    # FreeType's hinting measures a font by its letters and digits and classes a glyph by all its code points
    # (› U+203A and U+F105 are one glyph): both kept, else an icon is drawn a fraction of a pixel off
    glyphs = {cmap[c] for c in chars | set(ASCII) if c in cmap}
    keep = {c for c, g in cmap.items() if g in glyphs}
    options = subset.Options(flavor="woff2", layout_features=["*"], name_IDs=["*"], notdef_outline=True)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=keep)
    subsetter.subset(font)
    font.flavor = "woff2"
    font.save(target, reorderTables=False)


def slim(outdir: Path) -> None:
    """Cut every style sheet the pages load under ``_static``, then the icon fonts to the glyphs they draw.
    Sphinx copies the originals again at each build, so each build cuts from the originals; a cut is kept beside
    the output folder under a hash of what it is made from, so a build whose pages use the same names reuses it."""
    scripts, sheets = page_assets(outdir)
    names, stems = used_names(outdir, scripts)
    used = "\n".join(sorted(names)) + "\n--\n" + "\n".join(stems)
    chars: set[int] = set()
    for sheet in sorted(sheets):
        original = sheet.read_text(encoding="utf-8")
        cut = lambda original=original: cut_css(original, names, stems).encode()  # noqa: E731
        css = paths.kept(outdir.parent / ".sinorus-slim", original + used, "css", cut).decode()
        sheet.write_text(css, encoding="utf-8")
        chars |= drawn_characters(css)
    for font in sorted((outdir / "_static").glob(ICON_FONTS)):
        key = font.read_bytes().hex() + "".join(map(chr, sorted(chars)))

        def cut(font=font) -> bytes:
            subset_font(font, font, chars)
            return font.read_bytes()

        font.write_bytes(paths.kept(outdir.parent / ".sinorus-slim", key, "woff2", cut))
