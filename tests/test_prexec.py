"""The build's progress line while chapters execute (sinorus.sphinx.prexec.progress)."""

from sinorus.sphinx.prexec import progress


def test_progress_line_counts_and_names_the_chapters():
    line = progress(3, 12, "book/history/split", 14.26, ["book/themes/people", "book/overview"], width=12)
    assert line == (
        "[sinorus] [###.........] 3/12 chapters executed (book/history/split, 14.3 s); running: "
        "book/themes/people, book/overview"
    )
    assert progress(12, 12, "book/overview", 2.0, [], width=4).startswith("[sinorus] [####] 12/12")
    assert "running" not in progress(12, 12, "book/overview", 2.0, [], width=4)


def test_figure_numbers_are_kept_only_when_nothing_is_read(monkeypatch):
    """A build that reads and removes no page keeps the last build's figure numbers (Sphinx would load every
    doctree to number them again); any page read or removed numbers them as Sphinx does."""
    from types import SimpleNamespace

    from sphinx.environment.collectors.toctree import TocTreeCollector

    from sinorus.sphinx import numbering

    numbering.keep_figure_numbers_when_nothing_is_read()
    numbering.keep_figure_numbers_when_nothing_is_read()  # installed once
    patched = TocTreeCollector.assign_figure_numbers
    assert patched.sinorus_kept
    app = SimpleNamespace()
    env = SimpleNamespace(app=app, toc_fignumbers={"book/overview": {"figure": {"fig-a": (1,)}}})
    numbering._reads(app, env, [])
    assert patched(SimpleNamespace(), env) == []
    numbering._reads(app, env, ["book/overview"])
    assert app.sinorus_nothing_read is False
    numbering._reads(app, env, [])
    numbering._purged(app, env, "book/old")
    assert app.sinorus_nothing_read is False


def test_a_chapter_counts_in_the_evidence_reports_fingerprint_by_its_citations(tmp_path):
    """The methods and people chapters read every chapter's citations (sinorus.evidence): a chapter's code or prose
    edited leaves their fingerprint alone, a citation added or changed re-executes them."""
    from sinorus.sphinx import cache

    page = tmp_path / "chapter.md"
    page.write_text("Text {cite:p}`maxwell2007{p. 5}`.\n\n```{code-cell} ipython3\nx = 1\n```\n", encoding="utf-8")
    before = cache.fingerprint([page])
    page.write_text("Other text {cite:p}`maxwell2007{p. 5}`.\n\n```{code-cell} ipython3\nx = 2\n```\n", "utf-8")
    assert cache.fingerprint([page]) == before
    page.write_text("Other text {cite:p}`maxwell2007{p. 5}` and {cite:t}`lo2008axis`.\n", encoding="utf-8")
    assert cache.fingerprint([page]) != before
    data = tmp_path / "table.csv"  # any other file counts by its bytes
    data.write_text("a\n1\n", encoding="utf-8")
    first = cache.fingerprint([data])
    data.write_text("a\n2\n", encoding="utf-8")
    assert cache.fingerprint([data]) != first


def test_kernels_are_stopped_at_once_when_the_last_cell_has_run():
    """ipykernel 7 can hang in its own shutdown, and jupyter_client then waits seconds before terminating it: the
    build's notebook clients stop the kernel at once (the outputs are in hand), here and in the parallel workers."""
    import nbclient
    import nbformat

    from sinorus.sphinx import prexec

    prexec.kill_kernels_when_done()
    client = nbclient.NotebookClient(nbformat.v4.new_notebook())
    assert client.shutdown_kernel == "immediate"


def test_numbered_references_read_each_target_page_once(monkeypatch):
    """Resolving numbered references unpickles a target page once per build, not once per reference; a page read
    again (a new pickle) is unpickled again."""
    from types import SimpleNamespace

    from sphinx.domains.std import StandardDomain

    from sinorus.sphinx import numbering

    calls = []

    def resolve(self, env, fromdocname, *rest):
        return env.get_doctree("book/overview")

    monkeypatch.setattr(StandardDomain, "_resolve_numref_xref", resolve)
    numbering.read_each_numref_target_once()
    pickles = {"book/overview": b"first"}

    class Env(SimpleNamespace):
        def get_doctree(self, docname):
            calls.append(docname)
            return object()

    env = Env(app=SimpleNamespace(), _pickled_doctree_cache=pickles)
    domain = object.__new__(StandardDomain)
    first = StandardDomain._resolve_numref_xref(domain, env, "a")
    assert StandardDomain._resolve_numref_xref(domain, env, "b") is first and calls == ["book/overview"]
    pickles["book/overview"] = b"read again"
    assert StandardDomain._resolve_numref_xref(domain, env, "c") is not first and len(calls) == 2
    assert "get_doctree" not in vars(env), "the environment keeps its own method after a lookup"
