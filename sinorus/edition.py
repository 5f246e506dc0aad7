"""The edition: its version and the repository's address (both set once, in pyproject.toml), and the whole data
package as one versioned zip for readers who want the data without the book."""

from __future__ import annotations

import json
import tomllib
import zipfile
from pathlib import Path

from . import paths

LICENCE = "CC BY 4.0 (Creative Commons Attribution 4.0 International)"


def project(base: Path | None = None) -> dict:
    return tomllib.loads(((base or paths.root()) / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def version(base: Path | None = None) -> str:
    return project(base)["version"]


def repository(base: Path | None = None) -> str:
    """The book's repository address, from ``[project.urls] Repository`` in pyproject.toml."""
    return project(base)["urls"]["Repository"]


def released(base: Path | None = None):
    """The edition's date (``date-released`` in CITATION.cff; tests/test_house.py checks _config.yml's ``today``
    and the changelog agree with it)."""
    import datetime as dt

    import yaml

    cff = yaml.safe_load(((base or paths.root()) / "CITATION.cff").read_text(encoding="utf-8"))
    value = cff["date-released"]
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


#: The book's title and its editors, as the citation names them (CITATION.cff says the same; a test checks).
TITLE = "China and Russia, 1689 to today"
SUBTITLE = "an open, executable history"
EDITORS = "The editors of China and Russia, 1689 to today"


def citation(base: Path | None = None) -> dict:
    """How to cite the book, from the one home of each part: version (pyproject.toml), address (pyproject.toml),
    date (CITATION.cff). ``text`` is the reference as a reader copies it; ``bibtex`` the same as a BibTeX entry."""
    v, repo, day = version(base), repository(base), released(base)
    date = f"{day.day} {day:%B %Y}"
    text = f"{EDITORS}. {TITLE}: {SUBTITLE}. Version {v}, {date}. {repo}"
    bibtex = (
        f"@book{{chinarussia{day.year},\n"
        f"  author    = {{{{{EDITORS}}}}},\n"
        f"  title     = {{{TITLE}: {SUBTITLE}}},\n"
        f"  version   = {{{v}}},\n"
        f"  date      = {{{day.isoformat()}}},\n"
        f"  year      = {{{day.year}}},\n"
        f"  url       = {{{repo}}},\n"
        f"  note      = {{Text and data CC BY 4.0}}\n"
        f"}}"
    )
    return {
        "version": v,
        "date": date,
        "iso_date": day.isoformat(),
        "repository": repo,
        "text": text,
        "bibtex": bibtex,
        "cff": f"{repo}/blob/main/CITATION.cff",
    }


def data_zip_name(base: Path | None = None) -> str:
    return f"china-russia-data-{version(base)}.zip"


def data_zip_members(base: Path | None = None) -> list[tuple[str, Path]]:
    """(name in the zip, file): the descriptor, every table it lists, and the bibliography."""
    base = base or paths.root()
    desc = json.loads((paths.data_dir(base) / "datapackage.json").read_text(encoding="utf-8"))
    files = [("datapackage.json", paths.data_dir(base) / "datapackage.json")]
    files += [(r["path"], paths.data_dir(base) / r["path"]) for r in desc["resources"]]
    files.append(("references.bib", paths.bibfile(base)))
    return files


def readme(base: Path | None = None) -> str:
    return (
        f"China and Russia, 1689 to today: the data behind the book, version {version(base)}\n\n"
        "A Frictionless Data Package: datapackage.json describes every table (*.csv) and every column, with its\n"
        "type, unit and rules. Every row names its source by a key into references.bib (columns such as source_key),\n"
        "with a locator (page, table, URL) where one exists. Values no source gives are left out, never estimated.\n\n"
        f"Licence: {LICENCE}; cite the book and its version.\n"
        f"Repository: {repository(base)}\n"
    )


def make_data_zip(out_dir: Path, base: Path | None = None) -> Path:
    """Write the data package zip into ``out_dir`` (byte-identical for identical files: fixed dates and order)."""
    name = data_zip_name(base)
    folder = name[:-4]
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / name
    tmp = out_dir / (name + ".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as z:
        members = [("README.txt", readme(base).encode("utf-8"))]
        members += [(arc, path.read_bytes()) for arc, path in data_zip_members(base)]
        for arc, body in members:
            info = zipfile.ZipInfo(f"{folder}/{arc}", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, body)
    if target.exists() and target.read_bytes() == tmp.read_bytes():
        tmp.unlink()
    else:
        tmp.replace(target)
    return target
