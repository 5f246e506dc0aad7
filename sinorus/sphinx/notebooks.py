"""Every chapter offered as a notebook download, with the outputs of the book's own run, as a reader's Lab shows
them after *Run All* (charts as static SVG, without the build's fingerprint cell)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from sphinx.application import Sphinx

from .. import drawings, kernel

FINGERPRINT_MARK = "sinorus: dependency fingerprint"  # marks the build's hidden last cell (written by .cache)


def _notebook_path(app: Sphinx, docname: str) -> Path:
    return Path(app.outdir).parent / ".sinorus-notebooks" / f"{docname}.ipynb"


def _write(out: Path, body: str) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    if not out.exists() or out.read_text(encoding="utf-8") != body:
        out.write_text(body, encoding="utf-8")


def write_notebook(app: Sphinx, docname: str, text: str) -> str:
    """The chapter as a notebook for download (replaced by the executed one once the chapter has run)."""
    import jupytext

    out = _notebook_path(app, docname)
    nb = jupytext.reads(text, fmt="md:myst")
    for i, cell in enumerate(nb.cells):  # ids from the cell itself, not random: the same chapter, the same download
        cell.id = hashlib.sha256(f"{i}\n{cell.source}".encode()).hexdigest()[:8]
    _write(out, jupytext.writes(nb, fmt="ipynb"))
    return "/" + os.path.relpath(out, app.srcdir)


def draw_figures(nb: dict, folder: Path) -> int:
    """Draw (and keep, see :func:`sinorus.drawings.draw`) every figure of an executed notebook as the reader's
    notebook shows it; the number of figures. The parallel execution draws the charts of the chapters it runs
    (:mod:`.prexec`), so the build's main process finds them drawn."""
    n = 0
    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            rec = out.get("metadata", {}).get(kernel.FIGURE_KEY)
            if rec:
                drawings.draw(rec, "svg", folder)
                n += 1
    return n


def reader_notebook(nb: dict, svg_dir: Path | None = None) -> dict:
    """The book's executed notebook as a reader would have it after *Run All*: each chart in place as a static
    SVG (not the web page's script or the PDF drawing), without the build's fingerprint cell."""
    import json

    nb = json.loads(json.dumps(nb))
    cells = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "code" and FINGERPRINT_MARK in "".join(cell.get("source", "")):
            continue
        for i, out in enumerate(cell.get("outputs", [])):
            rec = out.get("metadata", {}).get(kernel.FIGURE_KEY)
            if not rec:
                continue
            svg = drawings.draw(rec, "svg", svg_dir).decode("utf-8")
            cell["outputs"][i] = {
                "output_type": "display_data",
                "metadata": {kernel.FIGURE_KEY: rec},
                "data": {"image/svg+xml": svg, "text/plain": f"<Figure {rec['name']}: {rec['description']}>"},
            }
        cells.append(cell)
    nb["cells"] = cells
    return nb


def _executed(app: Sphinx, docname: str) -> dict | None:
    """The chapter as the build executed it: the newest execution-cache record of its source file."""
    from jupyter_cache import get_cache
    from jupyter_cache.cache.db import NbCacheRecord

    where = Path(app.config.nb_execution_cache_path or "_build/.jupyter_cache")
    where = where if where.is_absolute() else Path(app.srcdir) / where
    if not where.is_dir():
        return None
    source = str(Path(app.env.doc2path(docname)).resolve())
    cache = get_cache(str(where))
    records = NbCacheRecord.records_from_uri(source, cache.db)
    if not records:
        return None
    newest = max(records, key=lambda r: r.created)
    return cache.get_cache_bundle(newest.pk).nb  # read-only here: reader_notebook works on a copy


def executed_notebook(app: Sphinx, doctree) -> None:
    """Offer the executed notebook: the chapter with the outputs of the book's own run, as a reader's Lab shows
    them (written over the plain notebook before Sphinx notes the download)."""
    if app.builder.format != "html":
        return
    import json

    docname = app.env.docname
    target = _notebook_path(app, docname)
    if not target.is_file():
        return
    ran = _executed(app, docname)
    if ran is None:
        return
    nb = json.loads(target.read_text(encoding="utf-8"))  # the chapter's cells, as written at source-read
    outputs = {"".join(c["source"]): c for c in ran["cells"] if c["cell_type"] == "code"}
    for cell in nb["cells"]:
        done = outputs.get("".join(cell["source"])) if cell["cell_type"] == "code" else None
        if done is not None:
            cell["outputs"], cell["execution_count"] = done.get("outputs", []), done.get("execution_count")
    nb = reader_notebook(nb, drawings.folder(app.outdir))
    _write(target, json.dumps(nb, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
