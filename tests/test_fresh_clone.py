"""The README's build command, run in a fresh clone of the repository (its tracked files): it installs what it needs
(its own virtual environment from requirements.lock) and builds the book with nothing else present."""

from __future__ import annotations

import pytest
from conftest import ROOT, readme_commands

pytestmark = pytest.mark.book  # the test tier (pyproject.toml markers)


def test_readme_gives_the_two_commands_and_ci_runs_the_test_one():
    cmds = readme_commands()
    assert cmds == ["bin/book build", "bin/book test"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "\nbin/book test\n" in ci


def test_build_command_in_a_fresh_clone(fresh_clone):
    clone, r = fresh_clone
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    assert (clone / ".venv" / "bin" / "python").exists()
    assert (clone / "_build" / "html" / "book" / "overview.html").exists()
    assert f"open {clone}/_build/html/index.html" in r.stderr
