"""Where the book's files live: one place, so every module agrees."""

from __future__ import annotations

import os
from pathlib import Path

#: The repository root: the folder holding ``data/`` and ``references.bib``.
#: ``SINORUS_ROOT`` overrides it (the tests point it at corrupted copies of the data).
PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_ROOT = PACKAGE_DIR.parent


def root() -> Path:
    return Path(os.environ.get("SINORUS_ROOT", DEFAULT_ROOT)).resolve()


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
