"""The PDF edition, built as `bin/book pdf` builds it and read back with pdftotext/pdfinfo."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, book_pages

PDF = ROOT / "_build" / "pdf" / "china-russia.pdf"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_no_missing_characters(pdf_text):
    log = (ROOT / "_build" / "pdf-work" / "_build" / "latex" / "china-russia.log").read_text(encoding="utf-8", errors="replace")
    assert "Missing character" not in log


def test_every_chapter_title_present(pdf_text):
    flat = squash(pdf_text).lower()
    for doc in book_pages()[1:]:
        title = next(l[2:] for l in (ROOT / f"{doc}.md").read_text(encoding="utf-8").splitlines()
                     if l.startswith("# "))
        title = re.sub(r"`", "", title)
        assert squash(title).lower() in flat, f"chapter title missing from the PDF: {title}"


def html_figure_numbers() -> list[str]:
    nums = []
    for doc in book_pages():
        page = (ROOT / "_build" / "html" / f"{doc}.html").read_text(encoding="utf-8")
        for fig in re.findall(r'<figure[^>]*>.*?</figure>', page, re.S):
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

    from sinorus import bib, sphinxext

    sphinxext._register_bibliography_style()
    style = pybtex.plugin.find_plugin("pybtex.style.formatting", "sinorus")()
    flat = squash(pdf_text.split("Bibliography")[-1] if "Bibliography" in pdf_text else pdf_text)
    labels = [e.label for e in style.format_entries(bib.entries().entries.values())]
    missing = [l for l in labels if squash(f"[{l}]") not in squash(pdf_text)]
    assert missing == [], f"{len(missing)} bibliography labels not in the PDF, e.g. {missing[:5]}"


def test_no_empty_bibliography_chapter(pdf_text):
    tex = (ROOT / "_build" / "pdf-work" / "_build" / "latex" / "china-russia.tex").read_text(encoding="utf-8")
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
