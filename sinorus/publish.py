"""The one way to publish a chart: ``figure(chart, name=..., source=..., data=..., description=...)`` turns an Altair
chart into the book's figure output and glues it under ``name`` for a ``{glue:figure}`` directive:

* in the HTML book, a ``text/html`` block: the chart's Vega-Lite specification as inert JSON, drawn by the book's
  own copy of Vega (``_static/sinorus-charts.js``, no network), a "Source:" line and a link that downloads the
  exact data behind the chart as CSV;
* for the PDF, the figure's record (in the output's metadata) under ``drawings.PRINT_MIME``: the PDF build draws the
  same specification as vector graphics, the source line beneath (:mod:`sinorus.drawings`);
* for a reader running the notebook in JupyterLab, a static SVG of the same specification.
"""

from __future__ import annotations

import base64
import html
import json
import os

import altair as alt
import pandas as pd

from . import biblabels
from .drawings import PDF_SOURCE_CHARS, PDF_WIDTH, PRINT_MIME, draw  # noqa: F401  (re-exported by sinorus.charts)
from .kernel import BOOK_ENV, FIGURE_KEY

FONT = "FreeSans, Helvetica, Arial, 'Noto Sans CJK SC', sans-serif"

#: The licence of the book's data, stated beside every figure's CSV download.
LICENCE = "CC BY 4.0"

#: The column beside each source key column (``source_key`` -> ``source_key_label``) holding the bibliography's
#: label for it ("TASS 2024b"): the CSV keeps the key for machines and adds the label for readers.
LABEL_SUFFIX = "_label"


def with_source_labels(data: pd.DataFrame) -> pd.DataFrame:
    """The data with the bibliography's label beside every source key column (keys the bibliography does not
    know stay as they are: the data's own checks report them)."""
    cols = [c for c in data.columns if str(c).endswith("source_key") and c + LABEL_SUFFIX not in data.columns]
    if not cols:
        return data
    known = biblabels.labels()
    out = data.copy()
    for c in cols:
        labels = out[c].map(lambda k: known.get(str(k), str(k)) if pd.notna(k) else k)
        out.insert(out.columns.get_loc(c) + 1, c + LABEL_SUFFIX, labels)
    return out


def _tooltip_labels(spec: dict) -> dict:
    """Tooltips name a source by the bibliography's label, not its key: every inline data row with a
    ``source_key`` gets ``source_key_label``, and every tooltip that shows ``source_key`` shows the label."""
    known = None

    def rows(values):
        nonlocal known
        if isinstance(values, list) and values and isinstance(values[0], dict):
            for row in values:
                for k in [k for k in row if str(k).endswith("source_key")]:
                    if known is None:
                        known = biblabels.labels()
                    v = row[k]
                    row[k + LABEL_SUFFIX] = known.get(str(v), v) if v is not None else v

    def walk(node, in_tooltip=False):
        if isinstance(node, dict):
            if in_tooltip and str(node.get("field", "")).endswith("source_key"):
                node["field"] = node["field"] + LABEL_SUFFIX
            for k, v in node.items():
                if k == "values":
                    rows(v)
                walk(v, in_tooltip or k == "tooltip")
        elif isinstance(node, list):
            for v in node:
                walk(v, in_tooltip)

    for values in (spec.get("datasets") or {}).values():
        rows(values)
    walk(spec)
    return spec


def in_book() -> bool:
    return os.environ.get(BOOK_ENV) == "1"


class Figure:
    """A chart ready for the book: specification, source line, data download and text description."""

    def __init__(
        self,
        chart: alt.TopLevelMixin,
        *,
        name: str,
        source: str,
        data: pd.DataFrame,
        description: str,
        unit: str | None = None,
    ):
        if not source or not source.strip():
            raise ValueError(f"figure '{name}': every figure needs a source note (source=...)")
        if not description or not description.strip():
            raise ValueError(f"figure '{name}': every figure needs a text description for screen readers")
        if data is None or len(data) == 0:
            raise ValueError(f"figure '{name}': pass the data behind the chart (data=...) for the CSV download")
        self.name, self.source, self.description = name, source.strip(), description.strip()
        self.unit = unit
        self.chart = chart
        self.data = with_source_labels(data)
        self.spec = _tooltip_labels(chart.to_dict())
        self.spec["description"] = self.description  # Vega gives the drawn chart this accessible name

    # the exact rows behind the chart, as readers download them
    def csv(self) -> str:
        return self.data.to_csv(index=False, lineterminator="\n")

    def html(self) -> str:
        spec = json.dumps(self.spec, sort_keys=True, ensure_ascii=False)
        # inert JSON: "<" written as \u003c so no data value can close the script element
        spec = spec.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        csv64 = base64.b64encode(self.csv().encode("utf-8")).decode("ascii")
        e = html.escape
        return (
            f'<div class="sinorus-figure" data-figure="{e(self.name)}">'
            f'<div class="sinorus-chart" role="img" aria-label="{e(self.description)}"></div>'
            f'<script type="application/json" class="sinorus-spec">{spec}</script>'
            f"{self.data_table()}"
            f'<p class="sinorus-source">Source: {e(self.source)} '
            f'<a class="sinorus-download" download="{e(self.name)}.csv" '
            f'href="data:text/csv;charset=utf-8;base64,{csv64}">Download the data (CSV)</a> '
            f'<span class="sinorus-csv-note">({e(self.csv_note())})</span></p>'
            f"</div>"
        )

    def units(self) -> str:
        """The units of the data's values, as the data itself states them."""
        if self.unit:
            return self.unit
        if "unit" in self.data.columns:
            units = [str(u) for u in dict.fromkeys(self.data["unit"].dropna())]
            return ", ".join(units) + " (column 'unit')" if units else "none"
        if "series_id" in self.data.columns:
            from . import data as _data

            # a reference read, not a chapter's load: the series table is already a dependency of any chapter
            # that loads trade (its foreign key), so it is not registered against the chapter's declared tables
            series = _data.validate("trade_series")[0].set_index("series_id")["unit"]
            units = [str(series[s]) for s in dict.fromkeys(self.data["series_id"].dropna()) if s in series.index]
            if units:
                return ", ".join(dict.fromkeys(units)) + " (by series_id, data/trade_series.csv)"
        measured = [
            c
            for c in self.data.select_dtypes("number").columns
            if not any(w in str(c).lower() for w in ("year", "id", "date"))
        ]
        if not measured:
            return "none, the rows are dated events, codes and text"
        return "as each column is described in data/datapackage.json"

    def csv_note(self) -> str:
        return f"units: {self.units()}; licence {LICENCE}"

    def _cell(self, column: str, value) -> str:
        e = html.escape
        if pd.isna(value):
            return ""
        if column in self._label_of:
            # the bibliography's label, linked to its entry (sinorus-charts.js completes the address per page)
            key = str(value)
            label = biblabels.labels().get(key, key)
            return f'<a class="sinorus-cite" data-cite="{e(key)}" title="{e(key)}">{e(label)}</a>'
        return e(str(value))

    def data_table(self, limit: int = 400) -> str:
        """The data behind the chart as an HTML table, folded away: for screen readers and for anyone who wants
        the numbers (longer data is offered as the CSV download only)."""
        e = html.escape
        if len(self.data) > limit:
            return ""
        # a source shows as the bibliography's label, linked to its entry; the label columns are for the CSV
        self._label_of = {
            c: c + LABEL_SUFFIX
            for c in self.data.columns
            if str(c).endswith("source_key") and c + LABEL_SUFFIX in self.data.columns
        }
        shown = [c for c in self.data.columns if c not in self._label_of.values()]
        head = "".join(f"<th scope='col'>{e('source' if c == 'source_key' else str(c))}</th>" for c in shown)
        rows = "".join(
            "<tr>" + "".join(f"<td>{self._cell(c, v)}</td>" for c, v in zip(shown, row)) + "</tr>"
            for row in self.data[shown].itertuples(index=False)
        )
        return (
            f'<details class="sinorus-data"><summary>Data table</summary><div class="sinorus-data-scroll">'
            f"<table><caption>Data behind the figure</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{rows}</tbody></table></div></details>"
        )

    def pdf(self) -> bytes:
        """The figure as the printed book draws it."""
        return draw(self.record(), "pdf")

    def svg(self) -> str:
        return draw(self.record(), "svg").decode("utf-8")

    def record(self) -> dict:
        """What the figure is, independent of how it is drawn: compared between the book and a reader's run."""
        return {
            "name": self.name,
            "spec": self.spec,
            "source": self.source,
            "description": self.description,
            "csv": self.csv(),
        }

    def _repr_mimebundle_(self, include=None, exclude=None):
        text = f"<Figure {self.name}: {self.description}>"
        bundle = {"text/plain": text}
        if in_book():
            # the page's chart; for print, the record (in the metadata) is drawn by the PDF build, not in the kernel
            bundle.update({"text/html": self.html(), PRINT_MIME: {"name": self.name}})
        else:
            bundle["image/svg+xml"] = self.svg()
        return bundle, {FIGURE_KEY: self.record()}


class PublishedFigure(Figure):
    """What :func:`figure` returns: the figure was shown where it was published, so displaying the returned
    object again (e.g. ``sinorus.figure(...)`` as the last line of a cell) shows nothing: each chart appears once."""

    def _ipython_display_(self):
        return None


def figure(chart, *, name: str, source: str, data: pd.DataFrame, description: str, unit: str | None = None) -> Figure:
    """Publish a chart as the book's figure ``name`` (glued for ``{glue:figure}``) and return it."""
    fig = Figure(chart, name=name, source=source, data=data, description=description, unit=unit)
    from myst_nb import glue

    # in the book the {glue:figure} directive places it; a reader running the notebook sees it in place, once
    glue(name, fig, display=not in_book())
    fig.__class__ = PublishedFigure
    return fig


def cite_labels(keys) -> str:
    """The bibliography's labels for source keys, for a figure's source line: "Xinhua 2012; TASS 2024b" (the
    same labels, from the same function, as the bibliography prints)."""
    known = biblabels.labels()
    return "; ".join(known[k] for k in dict.fromkeys(keys))
