"""The execution cache kept honest: each chapter gets a hidden last cell holding a fingerprint of the data tables it
loads (and the tables their rules read), of ``references.bib``, of the package its kernel imports and of the chart
fonts, so editing any of them re-executes that chapter, and only it."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from sphinx.application import Sphinx

from .. import data, edition, kernel, paths
from .notebooks import FINGERPRINT_MARK, write_notebook

LOAD_RE = re.compile(r"""\bload\(\s*["']([A-Za-z0-9_]+)["']""")
IMPORT_RE = re.compile(r"^\s*(import sinorus|from sinorus)", re.M)
SPHINX_DIR = Path(__file__).parent


def package_files() -> list[Path]:
    """The package modules a chapter's kernel imports (this Sphinx extension, sinorus.sphinx, runs in Sphinx, not
    in the kernel)."""
    # the modules and the data files that ship with them (e.g. forbidden_hosts.csv)
    return sorted(
        p for pattern in ("*.py", "*.csv") for p in paths.PACKAGE_DIR.rglob(pattern) if SPHINX_DIR not in p.parents
    )


FILE_RE = re.compile(r"""["']([\w./-]+\.(?:json|csv|ya?ml|txt|bib))["']""")


def tables_read(declared: list[str]) -> list[str]:
    """Each table a chapter loads, the tables its foreign keys point to, and those its rules declare they read."""
    tables: list[str] = []
    for t in declared:
        tables += [r for r in data.reads(t) if r not in tables]
    return tables


def dependencies(text: str, here: Path | None = None) -> tuple[list[str], list[Path]]:
    """The tables a chapter loads and every file whose change must re-execute it (the tables, what their rules
    read, the bibliography, the package, and any other project file the code names literally, e.g. a JSON file)."""
    if not IMPORT_RE.search(text):
        return [], []
    declared = sorted(set(LOAD_RE.findall(text)))
    tables = tables_read(declared)
    # the tables' own entries in data/datapackage.json count (see descriptor_part), not the whole descriptor: adding
    # or editing another table re-executes only the chapters that read it
    files = [paths.bibfile()] + [paths.data_dir() / data.resource(t)["path"] for t in sorted(tables)]
    files += package_files()
    if "sinorus.evidence" in text or "import evidence" in text:  # the evidence report reads every chapter
        from ..evidence import citing

        files += [paths.root() / "_toc.yml"] + citing.chapters()
    for name in sorted(set(FILE_RE.findall(text))):
        for base in filter(None, (here, paths.root())):
            if (base / name).is_file() and (base / name).resolve() not in {f.resolve() for f in files}:
                files.append((base / name).resolve())
                break
    return declared, files


def descriptor_part(tables: list[str]) -> bytes:
    """The entries of data/datapackage.json that describe these tables (schemas, rules, keys), as bytes."""
    return json.dumps([data.resource(t) for t in sorted(set(tables))], sort_keys=True).encode()


def fingerprint(files: list[Path], fonts: list[Path] | None = None, extra: bytes = b"") -> str:
    h = hashlib.sha256(extra)
    for f in files:
        h.update(paths.relative(f).encode())
        if f.suffix == ".md" and f.exists():
            # a chapter read by the evidence report counts by what the report reads of it, its citations: editing
            # its code or prose re-executes that chapter alone (Sphinx still re-reads the report's pages)
            from .. import bib

            h.update(json.dumps(bib.citations_in_text(f.read_text(encoding="utf-8"))).encode())
        else:
            h.update(f.read_bytes() if f.exists() else b"<missing>")
    # the chart fonts installed (name and size: the files are large): a font installed or updated after a build
    # changes how charts are measured and drawn, so it re-executes the chapters
    for f in fonts or []:
        h.update(f"{f.name}:{f.stat().st_size if f.exists() else -1}".encode())
    return h.hexdigest()[:16]


def is_notebook(text: str) -> bool:
    return text.lstrip().startswith("---") and "jupytext" in text[:800] and "```{code-cell}" in text


def source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    text = source[0]
    if not is_notebook(text):
        return
    # a chapter's text is prepared twice per build (by .prexec, to ask the execution cache, then by Sphinx): the
    # second time is the first one's result (the files it names do not change while the build runs)
    memo = app.__dict__.setdefault("_sinorus_source_read", {})
    if (docname, text) not in memo:
        memo[(docname, text)] = _prepared(app, docname, text)
    files, extra = memo[(docname, text)]
    for f in files:
        app.env.note_dependency(str(f))  # Sphinx re-reads the chapter when one changes (it watches only the .md)
    source[0] = text + extra


def _prepared(app: Sphinx, docname: str, text: str) -> tuple[list[Path], str]:
    """The files a chapter depends on, and the text the build adds to it (the notebook download, the fingerprint)."""
    declared, files = dependencies(text, Path(app.env.doc2path(docname)).parent)
    extra = ""
    if app.builder.format == "html":
        nb = write_notebook(app, docname, text)
        repo = edition.repository()
        extra += (
            "\n\n:::{admonition} Run this chapter yourself\n:class: seealso sinorus-reproduce\n"
            f"Download this chapter as a Jupyter notebook, with the outputs of the book's run: "
            f"{{download}}`{Path(docname).name}.ipynb <{nb}>`. It runs top to bottom from a clone of the book's "
            f"repository, [{repo}]({repo}), which holds the data and the shared code; the repository's README "
            "gives the set-up command, and `bin/book lab` opens the chapters as notebooks.\n:::\n"
        )
    if files:
        extra += (
            "\n\n```{code-cell} ipython3\n:tags: [remove-cell]\n\n"
            f"# {FINGERPRINT_MARK} {fingerprint(files, kernel.font_files(), descriptor_part(tables_read(declared)))} (added by the build: editing the data, the bibliography\n"
            "# or the shared package changes this line, so the execution cache re-runs this chapter)\n"
            "import sinorus.data\n"
            f"sinorus.data.check_declared_dependencies({declared!r})\n```\n"
        )
    return files + ([paths.data_dir() / "datapackage.json"] if files else []), extra
