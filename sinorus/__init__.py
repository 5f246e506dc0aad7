"""Shared code of the book *China and Russia, 1689 to today*: loading validated data, the bibliography, the chart
theme and the one way of publishing a figure. Chapters hold narrative and analysis; the plumbing lives here."""

from .charts import PERIOD_COLORS, Figure, cite_labels, figure, period_scale
from .data import DataError, fields_table, load
from .tables import schema_table, table

__all__ = ["DataError", "Figure", "PERIOD_COLORS", "cite_labels", "fields_table", "figure", "glue", "load",
           "period_scale", "schema_table", "table"]


def glue(name: str, value, display: bool = False):
    """Glue a value (a key number, a table) for ``{glue:text}`` / ``{glue}`` in the chapter's text."""
    from myst_nb import glue as _glue

    return _glue(name, value, display=display)
