"""The execution report: a ``{execution-report}`` directive that becomes, once every chapter has been executed or
taken from the cache, a table of each chapter's run time and cache state in the last build that read a page, and of the
versions of the packages that built it (like QuantEcon's status page). Sphinx extension, loaded from ``_config.yml``."""

from __future__ import annotations

import time
from importlib import metadata

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

#: The packages whose versions make the book what it is.
PACKAGES = (
    "jupyter-book",
    "sphinx",
    "myst-nb",
    "jupyter-cache",
    "sphinxcontrib-bibtex",
    "altair",
    "vl-convert-python",
    "pandas",
    "jupytext",
    "ipykernel",
)
#: The report's class: its numbers change from build to build, so reproducibility checks leave it out.
CLASS = "sinorus-exec-report"


class ReportNode(nodes.General, nodes.Element):
    """Placeholder, replaced when all chapters have been read."""


class ExecutionReport(SphinxDirective):
    def run(self):
        self.env.sinorus_has_report = set(getattr(self.env, "sinorus_has_report", set())) | {self.env.docname}
        return [ReportNode()]


def _table(header: list[str], rows: list[list[str]], caption: str) -> list[nodes.Node]:
    """A heading line and an unnumbered table (a numbered one would take a figure-table number)."""
    table = nodes.table(classes=[CLASS, "colwidths-auto"])
    group = nodes.tgroup(cols=len(header))
    table += group
    for _ in header:
        group += nodes.colspec(colwidth=1)
    head = nodes.thead()
    group += head
    row = nodes.row()
    head += row
    for h in header:
        row += nodes.entry("", nodes.paragraph(text=h))
    body = nodes.tbody()
    group += body
    for cells in rows:
        row = nodes.row()
        body += row
        for c in cells:
            row += nodes.entry("", nodes.paragraph(text=c))
    return [nodes.rubric(text=caption), table]


def report_rows(env) -> list[list[str]]:
    from myst_nb.sphinx_ import NbMetadataCollector

    started = getattr(env, "sinorus_build_started", 0.0)
    rows = []
    for docname in sorted(env.found_docs):
        data = NbMetadataCollector.get_doc_data(env).get(docname, {}).get("exec_data")
        if not data:
            continue
        fresh = bool(data.get("mtime")) and data["mtime"] >= started
        state = "executed" if fresh else "unchanged: taken from the cache"
        runtime = "-" if data.get("runtime") is None else f"{data['runtime']:.1f}"
        rows.append([docname, state, runtime, "ok" if data.get("succeeded") else "failed"])
    return rows


class ReportTransform(SphinxPostTransform):
    default_priority = 8

    def run(self, **kwargs) -> None:
        for node in list(self.document.findall(ReportNode)):
            rows = report_rows(self.env)
            versions = []
            for p in PACKAGES:
                try:
                    versions.append([p, metadata.version(p)])
                except metadata.PackageNotFoundError:
                    versions.append([p, "not installed"])
            node.replace_self(
                _table(
                    ["Chapter", "In the last build that read a page", "Run time (s)", "Status"],
                    rows,
                    f"Chapters in the last build of this copy that read a page ({len(rows)} notebooks)",
                )
                + _table(["Package", "Version"], versions, "Packages that built this copy")
            )


def builder_inited(app: Sphinx) -> None:
    app.env.sinorus_build_started = time.time()


def env_updated(app: Sphinx, env) -> list[str]:
    """Re-write the report's page whenever any chapter was read again (its numbers changed), and only then: a build
    that reads nothing writes no page (the report's page would take the book's first page, whose contents list
    holds it, with it)."""
    if getattr(app, "sinorus_nothing_read", False):  # noted by sinorus.sphinx.numbering
        return []
    return sorted(getattr(env, "sinorus_has_report", set()))


def setup(app: Sphinx) -> dict:
    app.add_node(ReportNode)
    app.add_directive("execution-report", ExecutionReport)
    app.add_post_transform(ReportTransform)
    app.connect("builder-inited", builder_inited)
    app.connect("env-updated", env_updated)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
