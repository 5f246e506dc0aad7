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
