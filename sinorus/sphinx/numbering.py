"""Figure numbers and numbered references at less cost: a build that reads no page keeps the last build's figure
numbers, and each numbered reference's target page is unpickled once per build. (Part of the book's Sphinx extension,
set up by :mod:`.prexec`.)"""

from __future__ import annotations

from sphinx.application import Sphinx


# With numbered figures, Sphinx numbers every figure of the book again on every build, loading every page's doctree
# (about 14 MB of pickles: the largest cost of a build in which nothing changed). When no page is read or removed,
# the numbers cannot change: the ones the environment holds from the last build are kept.
def _reads(app: Sphinx, env, docnames: list[str]) -> None:
    app.sinorus_nothing_read = not docnames


def _purged(app: Sphinx, env, docname: str) -> None:
    app.sinorus_nothing_read = False


def keep_figure_numbers_when_nothing_is_read() -> None:
    from sphinx.environment.collectors.toctree import TocTreeCollector

    if getattr(TocTreeCollector.assign_figure_numbers, "sinorus_kept", False):
        return
    number = TocTreeCollector.assign_figure_numbers

    def assign_figure_numbers(self, env) -> list[str]:
        if getattr(env.app, "sinorus_nothing_read", False) and env.toc_fignumbers:
            return []  # nothing read, nothing removed: the figure numbers are the last build's
        return number(self, env)

    assign_figure_numbers.sinorus_kept = True
    TocTreeCollector.assign_figure_numbers = assign_figure_numbers


def read_each_numref_target_once() -> None:
    """Sphinx resolves each numbered reference (``{numref}``, "Fig. 3.2") by unpickling the whole doctree of the page
    that holds the target, again for every reference: the book's references re-read its largest pages dozens of
    times. The lookup only reads that doctree, so each page's is unpickled once per build and shared by them (a page
    read again gets a new pickle, and so a new copy here)."""
    from sphinx.domains.std import StandardDomain

    if getattr(StandardDomain._resolve_numref_xref, "sinorus_kept", False):
        return
    resolve = StandardDomain._resolve_numref_xref

    def _resolve_numref_xref(self, env, *args, **kwargs):
        kept = env.app.__dict__.setdefault("sinorus_numref_doctrees", {})
        pickles = getattr(env, "_pickled_doctree_cache", {})
        get = env.get_doctree

        def read_only(docname: str):
            hit = kept.get(docname)
            if hit is not None and pickles.get(docname) is hit[0]:
                return hit[1]
            doctree = get(docname)
            kept[docname] = (pickles.get(docname), doctree)
            return doctree

        env.get_doctree = read_only
        try:
            return resolve(self, env, *args, **kwargs)
        finally:
            del env.get_doctree  # the environment's own method again

    _resolve_numref_xref.sinorus_kept = True
    StandardDomain._resolve_numref_xref = _resolve_numref_xref


def setup(app: Sphinx) -> None:
    keep_figure_numbers_when_nothing_is_read()
    read_each_numref_target_once()
    app.connect("env-purge-doc", _purged)
    app.connect("env-before-read-docs", _reads, priority=100)
