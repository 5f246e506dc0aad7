"""The data root is the book being built or run, never the package's install location: one virtual environment
may serve two clones, and each must read its own data/ and references.bib."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

from conftest import ROOT


def other_clone(tmp_path: Path) -> Path:
    """A second book: its own data (with one period renamed) and bibliography, no package of its own."""
    clone = tmp_path / "other"
    shutil.copytree(ROOT / "data", clone / "data")
    shutil.copy(ROOT / "references.bib", clone / "references.bib")
    (clone / "book" / "history").mkdir(parents=True)
    periods = clone / "data" / "periods.csv"
    lines = periods.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    col = header.index("label")
    import csv
    import io

    rows = list(csv.reader(io.StringIO("".join(lines))))
    rows[1][col] = "Renamed in the other clone"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    periods.write_text(out.getvalue(), encoding="utf-8")
    return clone


def test_a_chapter_run_in_another_clone_reads_that_clone(tmp_path):
    """A kernel started in the other clone's chapter folder (as a reader's, or the build's) reads its data."""
    clone = other_clone(tmp_path)
    env = {k: v for k, v in os.environ.items() if k not in ("SINORUS_ROOT", "SINORUS_BOOK_BUILD")}
    code = (
        "import sinorus; from sinorus import paths; print(paths.root()); "
        "print(sinorus.load('periods')['label'].iloc[0])"
    )
    r = subprocess.run(
        [sys.executable, "-c", code],
        cwd=clone / "book" / "history",
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    where, label = r.stdout.splitlines()[-2:]
    assert Path(where) == clone.resolve()
    assert label == "Renamed in the other clone"


def test_the_sphinx_extension_takes_the_root_from_the_book_it_builds(tmp_path, monkeypatch):
    from sinorus import paths, sphinx

    clone = other_clone(tmp_path)
    monkeypatch.setenv("SINORUS_ROOT", str(ROOT))  # a stale setting from elsewhere does not win
    monkeypatch.chdir(tmp_path)
    sphinx.use_book_root(SimpleNamespace(srcdir=str(clone)))
    assert paths.root() == clone.resolve()
    assert os.environ["SINORUS_ROOT"] == str(clone.resolve())  # inherited by the kernels


def test_outside_any_book_the_package_location_is_the_fallback(tmp_path, monkeypatch):
    from sinorus import paths

    monkeypatch.delenv("SINORUS_ROOT", raising=False)
    monkeypatch.chdir(tmp_path)
    assert paths.root() == paths.DEFAULT_ROOT
