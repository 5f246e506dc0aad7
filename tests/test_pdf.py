"""The PDF edition, built as `bin/book pdf` builds it and read back with pdftotext/pdfinfo."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, book_pages

from sinorus import pdf

pytestmark = [pytest.mark.book, pytest.mark.pdf]  # the test tier (pyproject.toml markers)

PDF = ROOT / "_build" / "pdf" / pdf.NAME


def squash(text: str) -> str:
    """Text without white space, with typographic quotes as typed ones (the PDF sets other's as other’s)."""
    return re.sub(r"\s+", "", text).translate(
        str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
    )


def test_no_missing_characters(pdf_text):
    log = (ROOT / "_build" / "pdf-work" / "_build" / "latex" / (pdf.STEM + ".log")).read_text(
        encoding="utf-8", errors="replace"
    )
    assert "Missing character" not in log


def test_every_chapter_title_present(pdf_text):
    flat = squash(pdf_text).lower()
    for doc in book_pages()[1:]:
        if doc.startswith("book/references/"):  # the bibliography's pages are one bibliography in print (below)
            continue
        title = next(l[2:] for l in (ROOT / f"{doc}.md").read_text(encoding="utf-8").splitlines() if l.startswith("# "))
        title = re.sub(r"`", "", title)
        assert squash(title).lower() in flat, f"chapter title missing from the PDF: {title}"


def test_one_bibliography_in_one_alphabet(pdf_text):
    """The four pages of the HTML bibliography are one bibliography in the PDF: every entry, under its label, in
    the book's order (sinorus.biblabels.sorted_entries)."""
    from sinorus import biblabels

    section = re.sub(r"\s+", " ", pdf_text[pdf_text.index("BIBLIOGRAPHY") :])
    labels = biblabels.labels()
    places = [section.find(f"[{labels[e.key]}]") for e in biblabels.sorted_entries()]
    missing = [e.key for e, at in zip(biblabels.sorted_entries(), places) if at < 0]
    assert not missing, f"entries missing from the PDF's bibliography: {missing[:10]}"
    assert places == sorted(places), "the PDF's bibliography is not in the book's one order"


def html_figure_numbers() -> list[str]:
    nums = []
    for doc in book_pages():
        page = (ROOT / "_build" / "html" / f"{doc}.html").read_text(encoding="utf-8")
        for fig in re.findall(r"<figure[^>]*>.*?</figure>", page, re.S):
            if "sinorus-figure" in fig:
                m = re.search(r'<span class="caption-number">Fig\. ([\d.]+)', fig)
                nums.append(m.group(1) if m else "?")
    return nums


def test_same_figures_same_numbers(pdf_text):
    html = html_figure_numbers()
    pdf = re.findall(r"Fig\. (\d+\.\d+): ", pdf_text)
    assert html and sorted(pdf) == sorted(html), (html, pdf)


def test_figures_are_vector_with_source(pdf_text):
    """Each chart is embedded as a PDF (vector) image, its source line extractable as text."""
    listing = subprocess.run(["pdfimages", "-list", str(PDF)], capture_output=True, text=True).stdout
    raster = [l for l in listing.splitlines()[2:] if l.strip()]
    assert raster == [], f"raster images in the PDF: {raster}"
    assert pdf_text.count("Source:") >= len(html_figure_numbers())


def test_chinese_and_russian_titles_intact(pdf_text):
    flat = squash(pdf_text)
    assert "中苏关系的历史和中俄关系的未来" in flat  # Li Fenglin (2007), in the bibliography
    assert "俄罗斯外交史稿" in flat


def test_bibliography_complete(pdf_text):
    import pybtex.plugin

    from sinorus import bib
    from sinorus.sphinx import bibstyle

    bibstyle.register_bibliography_style()
    style = pybtex.plugin.find_plugin("pybtex.style.formatting", "sinorus")()
    labels = [e.label for e in style.format_entries(bib.entries().entries.values())]
    text = squash(pdf_text)
    missing = [l for l in labels if squash(f"[{l}]") not in text]
    assert missing == [], f"{len(missing)} bibliography labels not in the PDF, e.g. {missing[:5]}"


def test_no_empty_bibliography_chapter(pdf_text):
    tex = (ROOT / "_build" / "pdf-work" / "_build" / "latex" / (pdf.STEM + ".tex")).read_text(encoding="utf-8")
    assert "\\chapter{Bibliography}" not in tex
    assert tex.count("\\begin{sphinxthebibliography}") == 1


def test_edition_from_the_project_not_the_clock(pdf_text):
    info = subprocess.run(["pdfinfo", str(PDF)], capture_output=True, text=True).stdout
    assert "China and Russia, 1689 to today" in info
    import tomllib

    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert f"Release {version}" in pdf_text


def test_missing_tex_gives_a_clear_message(tmp_path):
    env = {**os.environ, "PATH": str(Path(sys.executable).parent)}
    r = subprocess.run([sys.executable, "-m", "sinorus.pdf"], cwd=ROOT, capture_output=True, text=True, env=env)
    assert r.returncode == 2
    assert "needs TeX Live" in r.stderr and "apt-get install" in r.stderr and "texlive-xetex" in r.stderr
    assert "Traceback" not in r.stderr


def test_repository_address_in_the_pdf(pdf_text):
    from sinorus import edition

    assert edition.repository() in squash(pdf_text) or squash(edition.repository()) in squash(pdf_text)


QUOTES_AND_DASHES = "\u2018\u2019\u201c\u201d\u2013\u2014"


def glyph_fonts(chars: str) -> dict[str, dict[str, int]]:
    """For each character, how many of its glyphs in the PDF are set in which font (read per glyph)."""
    import pymupdf as fitz  # PyMuPDF, pinned in requirements.lock

    out: dict[str, dict[str, int]] = {c: {} for c in chars}
    with fitz.open(PDF) as doc:
        for page in doc:
            for block in page.get_text("rawdict")["blocks"]:
                for line in block.get("lines", []):
                    for span in line["spans"]:
                        for ch in span["chars"]:
                            if ch["c"] in out:
                                out[ch["c"]][span["font"]] = out[ch["c"]].get(span["font"], 0) + 1
    return out


def test_quotes_and_dashes_in_the_latin_font(pdf_text):
    """Curly quotes and dashes come from the Latin font, never the CJK font (which spaces them as full-width)."""
    fonts = glyph_fonts(QUOTES_AND_DASHES)
    assert sum(sum(f.values()) for f in fonts.values()) > 100, fonts
    cjk = {c: f for c, f in fonts.items() for name in f if "CJK" in name}
    assert cjk == {}, f"quotes or dashes set in a CJK font: {cjk}"


def test_chinese_keeps_its_font(pdf_text):
    fonts = glyph_fonts("中俄关系")
    assert all(f and all("CJK" in name for name in f) for f in fonts.values()), fonts


#: Overfull lines wider than this many points are visible defects (text past the margin, cut table columns).
OVERFULL_PT = 5
OVERFULL_MAX = 5


def test_few_overfull_lines(pdf_text):
    log = (ROOT / "_build" / "pdf-work" / "_build" / "latex" / (pdf.STEM + ".log")).read_text(
        encoding="utf-8", errors="replace"
    )
    widths = [float(w) for w in re.findall(r"Overfull \\[hv]box \((\d+(?:\.\d+)?)pt too (?:wide|high)", log)]
    big = [w for w in widths if w > OVERFULL_PT]
    assert len(big) <= OVERFULL_MAX, f"{len(big)} overfull boxes over {OVERFULL_PT} pt (at most {OVERFULL_MAX})"


def _flat(text: str) -> str:
    return re.sub(r"[\s\-\u00ad\u2010\u2011]+", "", text)


def test_no_table_row_lost(pdf_text):
    """Every row of every table of the pages (not the web-only data tables under charts, nor the explorer's
    searchable table, which the PDF prints in its own form) is in the PDF: its first cell's text is found."""
    import html as html_mod

    raw = subprocess.run(["pdftotext", "-raw", str(PDF), "-"], capture_output=True, text=True, check=True).stdout
    flat = _flat(raw)  # -raw: drawing order, so a wrapped cell's lines stay together
    lost = []
    for doc in book_pages():
        if doc == "book/explorer":
            continue
        page = (ROOT / "_build" / "html" / f"{doc}.html").read_text(encoding="utf-8")
        page = re.sub(r'<details class="sinorus-data">.*?</details>', "", page, flags=re.S)
        for table in re.findall(r"<table.*?</table>", page, re.S):
            if "sinorus-exec-report" in table[:200]:  # the execution report is part of the online edition only
                continue
            for cell in re.findall(r"<tr[^>]*>\s*<td[^>]*>(.*?)</td>", table, re.S):
                text = html_mod.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
                if text and _flat(text) not in flat:
                    lost.append(f"{doc}: {text[:60]}")
    assert lost == [], f"{len(lost)} table rows not in the PDF, e.g. {lost[:10]}"


def test_no_web_only_instructions(pdf_text):
    flat = " ".join(pdf_text.split()).lower()
    for phrase in ("hover over", "hover for", "drag to pan", "scroll to zoom", "shift-click"):
        assert phrase not in flat, phrase


def test_no_empty_pages(pdf_text):
    """No page holds only its running head and page number (2 lines or fewer)."""
    pages = pdf_text.split("\f")[:-1] if pdf_text.endswith("\f") else pdf_text.split("\f")
    empty = [i + 1 for i, p in enumerate(pages) if len([l for l in p.splitlines() if l.strip()]) <= 2]
    assert empty == [], f"empty pages: {empty}"


def test_landscape_blocks_take_in_their_cell_and_merge():
    """Unit check of the LaTeX post-processing behind test_no_empty_pages (on a made-up fragment)."""
    from sinorus.sphinx.latex import landscape_pages

    cell = (
        "\\begin{sphinxuseclass}{cell}\n\\begin{sphinxVerbatimOutput}\n\\begin{landscape}\nT%s\n\\end{landscape}\n"
        "\\end{sphinxVerbatimOutput}\n\\end{sphinxuseclass}\n"
    )
    out = landscape_pages("text\n" + cell % 1 + cell % 2 + "more")
    assert out.count("\\begin{landscape}") == 1 and out.count("\\end{landscape}") == 1
    assert out.index("\\begin{landscape}") < out.index("\\begin{sphinxuseclass}")
    assert out.rindex("\\end{sphinxuseclass}") < out.index("\\end{landscape}") < out.index("more")
    # a cell holding more than its table keeps its block where it was
    other = "\\begin{sphinxuseclass}{cell}\nsome text\n\\begin{landscape}\nT\n\\end{landscape}\n\\end{sphinxuseclass}\n"
    assert landscape_pages(other) == other


def test_every_figure_fits_its_page(pdf_text):
    """A figure with its caption taller than the page runs into the footer: LaTeX reports it as a float too large."""
    log = (ROOT / "_build" / "pdf-work" / "_build" / "latex" / (pdf.STEM + ".log")).read_text(
        encoding="utf-8", errors="replace"
    )
    assert re.findall(r"Float too large for page by [\d.]+pt on input line \d+", log) == []


def test_long_keys_in_tables_break_around_their_year():
    from sinorus.sphinx.latex import _breakable

    assert (
        _breakable("lukonin2023asymmetricpartnership") == "lukonin\\allowbreak{}2023\\allowbreak{}asymmetricpartnership"
    )
    assert _breakable("maxwell2007") == "maxwell2007"  # short keys stay whole
    assert _breakable("\\sphinxincludegraphics2023abcdefghijklmnopqrstuv").startswith("\\sphinxincludegraphics2023abc")


def test_citation_in_the_pdf(pdf_text):
    from sinorus import edition

    c = edition.citation()
    flat = squash(pdf_text)
    assert squash(f"Version {c['version']}, {c['date']}") in flat
    assert "@book{" in pdf_text and "CITATION.cff" in pdf_text


def test_no_latex_escapes_in_the_pdf(pdf_text):
    assert "\\$" not in pdf_text and "\\&" not in pdf_text


def test_no_chart_text_or_source_line_cut(pdf_text):
    """Every chart drawing in the PDF holds all its words inside its page: no label, legend entry or source line is
    cut off at the drawing's edge (vl-convert draws at a fixed width)."""
    from test_charts import words_outside_the_page

    drawings = [p for p in (ROOT / "_build" / "pdf-work" / "_build" / "latex").rglob("*.pdf") if p.name != pdf.NAME]
    assert drawings, "no chart drawings found beside the LaTeX"
    # Vega keeps an axis label it hides (labels that would overlap are drawn transparent) in the drawing, where it
    # may lie past the edge: a lone year or number at the edge is such a label, any other word is cut text
    cut = {
        p.name: w
        for p in drawings
        if (w := [x for x in words_outside_the_page(p.read_bytes()) if not re.fullmatch(r"[\d,.−-]+", x)])
    }
    assert cut == {}, cut


def test_chinese_in_the_simplified_chinese_font(pdf_text):
    """Chinese is set in the Simplified Chinese face of Noto CJK (face 2 of Debian's collections), never the first
    (Japanese) face that a family name alone gives XeTeX. pdffonts names every face of a collection after its
    first, so the LaTeX log is read: it names the face each CJK font was loaded from."""
    log = (ROOT / "_build" / "pdf-work" / "_build" / "latex" / (pdf.STEM + ".log")).read_text(
        encoding="utf-8", errors="replace"
    )
    faces = set(re.findall(r"\[(Noto(?:Serif|Sans)CJK-(?:Regular|Bold)\.ttc):(\d+)\]", log))
    assert faces and all(face in ("2", "7") for _, face in faces), faces
