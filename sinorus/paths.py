"""Where the book's files live: one place, so every module agrees.

The root is the book being built or run, never the place the package happens to be installed (one virtual
environment may serve several clones):

1. ``SINORUS_ROOT``, when set (the book's Sphinx extension sets it to the source folder of the book it builds, and
   the kernels that execute the chapters inherit it; the tests point it at corrupted copies of the data);
2. else the nearest folder, from the working directory upwards, that holds ``data/datapackage.json`` and
   ``references.bib`` (a reader running a chapter in ``book/...`` of a clone);
3. else the folder the package was loaded from (``sinorus/..``).
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_ROOT = PACKAGE_DIR.parent
ROOT_ENV = "SINORUS_ROOT"


def is_book(folder: Path) -> bool:
    return (folder / "data" / "datapackage.json").is_file() and (folder / "references.bib").is_file()


def find_root(start: Path | None = None) -> Path | None:
    """The nearest folder from ``start`` (default: the working directory) upwards that is a book, or None."""
    try:
        here = Path(start or os.getcwd()).resolve()
    except OSError:
        return None
    for folder in (here, *here.parents):
        if is_book(folder):
            return folder
    return None


def root() -> Path:
    env = os.environ.get(ROOT_ENV)
    if env:
        return Path(env).resolve()
    return find_root() or DEFAULT_ROOT


def data_dir(base: Path | None = None) -> Path:
    return (base or root()) / "data"


def bibfile(base: Path | None = None) -> Path:
    return (base or root()) / "references.bib"


def relative(path: Path, base: Path | None = None) -> str:
    """A path as readers see it in messages: relative to the repository root."""
    try:
        return str(Path(path).resolve().relative_to(base or root()))
    except ValueError:
        return str(path)


def toc_pages(base: Path | None = None) -> list[tuple[str, str]]:
    """Every page of ``_toc.yml`` in order, as (page, its chapter), both as docnames such as "book/history/split":
    a section belongs to the chapter above it. The one reader of the table of contents."""
    import yaml

    toc = yaml.safe_load(((base or root()) / "_toc.yml").read_text(encoding="utf-8"))
    out = [(toc["root"], toc["root"])]

    def walk(items, chapter=None):
        for item in items or []:
            page = item.get("file")
            if page:
                out.append((page, chapter or page))
            walk(item.get("sections"), chapter or page)
            walk(item.get("chapters"), chapter or page)

    walk(toc.get("chapters"))
    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    return out


def part_pages(caption: str, base: Path | None = None) -> list[str]:
    """The pages (docnames) of the part of ``_toc.yml`` with this caption, sections included."""
    import yaml

    toc = yaml.safe_load(((base or root()) / "_toc.yml").read_text(encoding="utf-8"))
    out: list[str] = []

    def walk(items):
        for item in items or []:
            if item.get("file"):
                out.append(item["file"])
            walk(item.get("sections"))

    for part in toc.get("parts", []):
        if part.get("caption") == caption:
            walk(part.get("chapters"))
    return out


def kept(folder: Path, key: str, suffix: str, make) -> bytes:
    """``make()``'s bytes, kept in ``folder`` under a hash of ``key`` (what they are made from): made once per change
    of it. Written whole, then renamed, so builds and workers running at once never read half a file."""
    import hashlib

    path = folder / f"{hashlib.sha256(key.encode()).hexdigest()[:24]}.{suffix}"
    if path.is_file():
        return path.read_bytes()
    data = make()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return data
