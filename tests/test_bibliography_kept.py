"""The formatted bibliography kept between builds (sinorus.sphinx.bibstyle.kept): read back only while
references.bib and the style are unchanged."""

from __future__ import annotations

import shutil

from sinorus.sphinx import bibstyle


def test_the_formatted_bibliography_is_kept_until_the_bibliography_changes(tmp_path, monkeypatch):
    shutil.copy(bibstyle.paths.bibfile(), tmp_path / "references.bib")
    monkeypatch.setenv("SINORUS_ROOT", str(tmp_path))
    monkeypatch.setattr(bibstyle, "_KEPT", {})
    entries = bibstyle.kept()
    assert entries == {}
    entries[("Maxwell 2007", "maxwell2007")] = "formatted"
    bibstyle.keep_formatted(None, None)
    assert (tmp_path / "_build" / ".sinorus-bibliography.pickle").is_file()

    monkeypatch.setattr(bibstyle, "_KEPT", {})  # a new build process: read back
    assert bibstyle.kept() == {("Maxwell 2007", "maxwell2007"): "formatted"}

    bib = tmp_path / "references.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + "\n% edited\n", encoding="utf-8")
    monkeypatch.setattr(bibstyle, "_KEPT", {})
    assert bibstyle.kept() == {}  # the bibliography changed: formatted again

    bibstyle.keep_formatted(None, RuntimeError("a failed build"))  # a failed build stores nothing new
