"""What a reader gets besides the pages: the data package as one zip, the PDF link, the chapters as notebooks in
JupyterLab (pinned, opened as notebooks), nbconvert, and the repository's address, set once and used everywhere."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile

import pytest
from conftest import HTML, ROOT, VENV_BIN, wait_for_background

from sinorus import edition


# ------------------------------------------------------------------------------------------- data package
def test_data_zip_holds_the_whole_package(tmp_path):
    z = edition.make_data_zip(tmp_path)
    assert z.name == f"china-russia-data-{edition.version()}.zip"
    desc = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    folder = z.stem
    with zipfile.ZipFile(z) as f:
        names = set(f.namelist())
        want = {f"{folder}/{r['path']}" for r in desc["resources"]}
        want |= {f"{folder}/datapackage.json", f"{folder}/references.bib", f"{folder}/README.txt"}
        assert names == want
        assert f.read(f"{folder}/references.bib") == (ROOT / "references.bib").read_bytes()
        assert edition.repository() in f.read(f"{folder}/README.txt").decode()
    again = edition.make_data_zip(tmp_path / "again")
    assert again.read_bytes() == z.read_bytes(), "the zip is not reproducible"


def test_landing_and_datasets_pages_offer_the_zip(built_book):
    name = edition.data_zip_name()
    for page in ("book/index.html", "book/datasets/index.html"):
        text = (HTML / page).read_text(encoding="utf-8")
        hrefs = [h for h in re.findall(r'href="([^"]+)"', text) if h.endswith(name)]
        assert hrefs, f"{page}: no link to {name}"
        target = (HTML / page).parent / hrefs[0]
        assert target.is_file() and zipfile.is_zipfile(target)


def test_figure_csv_states_unit_and_licence(built_book):
    notes = []
    for page in HTML.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        downloads = text.count('class="sinorus-download"')
        found = re.findall(r'<span class="sinorus-csv-note">\((.*?)\)</span>', text)
        assert len(found) == downloads, page
        notes += found
    assert notes and all(n.startswith("units: ") and "licence CC BY 4.0" in n for n in notes)


# ------------------------------------------------------------------------------------------- PDF link
def test_pdf_paragraph_is_a_link_only_when_the_pdf_is_there(tmp_path):
    from sinorus import pdf

    html = tmp_path / "_build" / "html"
    (html / "book").mkdir(parents=True)
    page = html / "book" / "index.html"
    page.write_text('<main><p class="sinorus-pdf">placeholder</p></main>', encoding="utf-8")
    pdf.link_from_html(html)
    assert "bin/book pdf" in page.read_text() and "href" not in page.read_text()
    (tmp_path / "_build" / "pdf").mkdir()
    (tmp_path / "_build" / "pdf" / pdf.NAME).write_bytes(b"%PDF-1.5\n")
    pdf.link_from_html(html)
    assert 'href="../china-russia.pdf"' in page.read_text() and (html / pdf.NAME).is_file()


# ------------------------------------------------------------------------------------------- re-running
def test_lab_and_nbconvert_are_pinned():
    lock = {
        l.split("==")[0].lower().replace("_", "-"): l
        for l in (ROOT / "requirements.lock").read_text().split()
        if "==" in l
    }
    for name in ("jupyterlab", "jupyterlab-myst", "jupytext", "nbconvert", "nbclient"):
        assert name in lock, f"{name} is not pinned in requirements.lock"
    script = (ROOT / "bin" / "book").read_text()
    lab = script[script.index("\n  lab)") :]
    lab = lab[: lab.index(";;")]
    assert "pip install" not in lab, "bin/book lab installs something the lock does not pin"
    assert "--allow-root" in lab


def test_chapters_open_as_notebooks_in_lab():
    settings = json.loads((ROOT / "jupyter" / "overrides.json").read_text())
    viewers = settings["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]
    assert viewers["markdown"] == viewers["myst"] == "Jupytext Notebook"


@pytest.mark.kernel
def test_nbconvert_executes_a_chapter(tmp_path):
    """The README's re-run path: jupytext converts a chapter, nbconvert runs it top to bottom."""
    wait_for_background()  # no other build is starting kernels
    nb = tmp_path / "periods.ipynb"
    subprocess.run(
        [str(VENV_BIN / "jupytext"), "--to", "ipynb", "-o", str(nb), str(ROOT / "book" / "datasets" / "periods.md")],
        check=True,
        capture_output=True,
    )
    r = subprocess.run(
        [str(VENV_BIN / "jupyter"), "nbconvert", "--to", "notebook", "--execute", "--inplace", str(nb)],
        cwd=ROOT / "book" / "datasets",
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    cells = json.loads(nb.read_text())["cells"]
    assert any(c.get("outputs") for c in cells if c["cell_type"] == "code")


# ------------------------------------------------------------------------------------------- repository
def test_repository_address_set_once_and_used():
    repo = edition.repository()
    assert repo.startswith("https://")
    cff = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert re.search(rf'^repository-code: "?{re.escape(repo)}"?', cff, re.M)


def test_repository_address_in_the_pages(built_book):
    repo = edition.repository()
    assert repo in (HTML / "book" / "index.html").read_text(encoding="utf-8")
    assert repo in (HTML / "book" / "overview.html").read_text(encoding="utf-8")


# ------------------------------------------------------------------------------------------- citation
def test_citation_is_the_packages_version():
    """How to cite the book: its version is the package's (one home, pyproject.toml), with the date, the address
    and a BibTeX entry; CITATION.cff says the same."""
    import yaml

    c = edition.citation()
    assert c["version"] == edition.version()
    assert f"Version {edition.version()}" in c["text"] and edition.repository() in c["text"]
    assert f"version   = {{{edition.version()}}}" in c["bibtex"] and c["iso_date"] in c["bibtex"]
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert str(cff["version"]) == edition.version() and str(cff["date-released"]) == c["iso_date"]
    assert cff["title"] == f"{edition.TITLE}: {edition.SUBTITLE}"
    landing = (ROOT / "book" / "index.md").read_text(encoding="utf-8")
    assert "{book-citation}" in landing and not re.search(r"Version \d+\.\d+\.\d+", landing), (
        "the landing page types a version: it must come from the package"
    )


def test_citation_in_the_pages(built_book):
    text = (HTML / "book" / "index.html").read_text(encoding="utf-8")
    c = edition.citation()
    assert f"Version {c['version']}, {c['date']}" in text
    words = re.sub(r"<[^>]+>", "", text)  # the BibTeX block is syntax-highlighted: read it as the reader sees it
    assert f"@book{{chinarussia{c['iso_date'][:4]}," in words and 'href="../CITATION.cff"' in text
    assert (HTML / "CITATION.cff").read_text(encoding="utf-8") == (ROOT / "CITATION.cff").read_text(encoding="utf-8")
