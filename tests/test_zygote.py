"""Chapter kernels forked from the build's warm zygote (sinorus/zygote.py) give a chapter exactly the outputs a fresh
kernel gives it, and they really are forked."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT

from sinorus import kernel, zygote

pytestmark = pytest.mark.kernel

#: The explorer draws from a frame whose text Altair hashes (pandas' column count, set when pandas is imported); a
#: dataset page prints tables; the overview glues numbers and figures.
CHAPTERS = ("book/explorer.md", "book/datasets/periods.md", "book/overview.md")


def run(path: Path) -> list:
    import jupytext
    from jupyter_cache.executors.utils import single_nb_execution

    nb = jupytext.read(path)
    nb.cells.insert(0, jupytext.reads("import sys\nprint('pandas' in sys.modules)", fmt="py:percent").cells[0])
    result = single_nb_execution(nb, cwd=str(path.parent), timeout=300, allow_errors=False)
    assert result.err is None, result.exc_string
    return [cell.get("outputs", []) for cell in nb.cells if cell.cell_type == "code"]


def warm_before_start(out: list) -> bool:
    return "".join(o.get("text", "") for o in out[0]).strip() == "True"


def test_a_forked_kernel_gives_a_chapter_the_same_outputs(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_PATH", os.environ.get("JUPYTER_PATH", ""))  # restored after the test
    kernel.install_build_kernel(tmp_path / "kernel", sys.executable)
    monkeypatch.setenv(kernel.BOOK_ENV, "1")
    monkeypatch.delenv(zygote.ENV, raising=False)
    fresh = {c: run(ROOT / c) for c in CHAPTERS}
    assert not any(warm_before_start(out) for out in fresh.values())
    with zygote.running({}) as warm:
        socket = Path(warm[zygote.ENV])
        deadline = time.time() + 60
        while not socket.exists() and time.time() < deadline:
            time.sleep(0.2)
        monkeypatch.setenv(zygote.ENV, str(socket))
        forked = {c: run(ROOT / c) for c in CHAPTERS}
    assert all(warm_before_start(out) for out in forked.values()), "the kernels were not forked from the zygote"
    for c in CHAPTERS:
        assert forked[c][1:] == fresh[c][1:], f"{c}: a forked kernel's outputs differ from a fresh kernel's"


def test_without_a_zygote_a_kernel_starts_as_usual(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_PATH", os.environ.get("JUPYTER_PATH", ""))  # restored after the test
    kernel.install_build_kernel(tmp_path / "kernel", sys.executable)
    monkeypatch.setenv(zygote.ENV, str(tmp_path / "no-such-socket"))
    out = run(ROOT / "book/datasets/periods.md")
    assert not warm_before_start(out) and len(out) > 1
