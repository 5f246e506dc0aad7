"""Shared code of the book *China and Russia, 1689 to today*: loading validated data, the bibliography, the chart
theme and the one way of publishing a figure. Chapters hold narrative and analysis; the plumbing lives here.

The names below are imported when first used, so the book's Sphinx extension (sinorus.sphinx) can use the light
modules without loading pandas and Altair."""

from __future__ import annotations

import importlib

#: name -> the module that defines it
_EXPORTS = {
    "DataError": "data",
    "fields_table": "data",
    "load": "data",
    "Figure": "charts",
    "PERIOD_COLORS": "charts",
    "cite_labels": "charts",
    "figure": "charts",
    "period_scale": "charts",
    "colour": "palette",
    "colours": "palette",
    "schema_table": "tables",
    "table": "tables",
}
__all__ = sorted([*_EXPORTS, "glue"])


def __getattr__(name: str):
    if name in _EXPORTS:
        value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value
        return value
    try:  # submodules, e.g. sinorus.charts, sinorus.relationship_index
        return importlib.import_module(f".{name}", __name__)
    except ModuleNotFoundError:
        raise AttributeError(f"module 'sinorus' has no attribute '{name}'") from None


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])


def glue(name: str, value, display: bool = False):
    """Glue a value (a key number, a table) for ``{glue:text}`` / ``{glue}`` in the chapter's text."""
    from myst_nb import glue as _glue

    return _glue(name, value, display=display)
