"""What keeps a chapter's kernel light: the package imports nothing heavy until it is used, the build's kernelspec
starts the kernel without jsonschema's IRI grammar, pybtex's plugin lookups are remembered, and the charts drawn for
the notebook downloads are kept between builds."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from sinorus import kernel


def test_importing_the_package_imports_no_chart_or_check_library():
    code = (
        "import sys, sinorus, sinorus.data; "
        "print([m for m in ('altair', 'pandas', 'frictionless', 'jsonschema', 'vl_convert') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_build_kernel_is_found_first_and_starts_through_the_package(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_PATH", "/elsewhere")
    spec = kernel.install_build_kernel(tmp_path, "/usr/bin/python3")
    assert spec == tmp_path / "kernels" / kernel.KERNEL_NAME / "kernel.json"
    assert json.loads(spec.read_text(encoding="utf-8"))["argv"][:3] == ["/usr/bin/python3", "-m", "sinorus.kernel"]
    assert os.environ["JUPYTER_PATH"].split(os.pathsep) == [str(tmp_path), "/elsewhere"]
    kernel.install_build_kernel(tmp_path, "/usr/bin/python3")  # again: not added twice
    assert os.environ["JUPYTER_PATH"].split(os.pathsep) == [str(tmp_path), "/elsewhere"]


def test_the_build_kernel_leaves_out_the_iri_grammar():
    """sinorus.kernel.main blocks rfc3987_syntax before the kernel starts: jsonschema (imported by Altair) then
    loads without it, and its URI checks still work."""
    code = (
        "import sys; sys.modules.setdefault('rfc3987_syntax', None); import jsonschema; "
        "print(jsonschema.FormatChecker().conforms('https://example.org/a b', 'uri'), "
        "'iri' in jsonschema.FormatChecker.checkers)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_pybtex_plugin_lookups_are_remembered(monkeypatch):
    import pybtex.plugin as plugin

    from sinorus import biblabels  # noqa: F401  (importing it installs the remembered lookups)

    assert getattr(plugin.entry_points, "sinorus_cached", False)
    first = plugin.find_plugin("pybtex.backends", "text")
    assert plugin.find_plugin("pybtex.backends", "text") is first


@pytest.mark.parametrize("fmt, magic", [("svg", b"<svg"), ("pdf", b"%PDF")])
def test_a_drawn_chart_is_kept_and_not_drawn_again(tmp_path, monkeypatch, fmt, magic):
    import vl_convert

    from sinorus import drawings

    rec = {
        "spec": {
            "mark": "point",
            "data": {"values": [{"x": 1}]},
            "encoding": {"x": {"field": "x", "type": "quantitative"}},
        },
        "source": "Source: a test.",
    }
    drawn = drawings.draw(rec, fmt, tmp_path)
    assert drawn.startswith(magic) and len(list(tmp_path.glob(f"*.{fmt}"))) == 1

    def fail(*a, **k):
        raise AssertionError("drawn again")

    monkeypatch.setattr(vl_convert, f"vegalite_to_{fmt}", fail)
    assert drawings.draw(rec, fmt, tmp_path) == drawn
