"""House rules a newcomer would otherwise learn from build errors: every chapter and every table is reachable from
the table of contents, and the edition's version and date are the same wherever they are printed."""

from __future__ import annotations

import json
import re

import yaml
from conftest import ROOT, book_pages

from sinorus import data


def test_every_chapter_is_in_the_table_of_contents():
    """With only_build_toc_files a chapter missing from _toc.yml is silently skipped: fail instead."""
    in_toc = set(book_pages())
    files = {
        str(p.relative_to(ROOT).with_suffix(""))
        for p in (ROOT / "book").rglob("*.md")
        if "_templates" not in p.parts and "node_modules" not in p.parts
    }  # installed packages (map base)
    assert files - in_toc == set(), "chapters missing from _toc.yml"
    assert {p for p in in_toc if not (ROOT / f"{p}.md").exists()} == set(), "_toc.yml names missing files"


def test_every_table_has_a_provenance_page_in_the_table_of_contents():
    pages = {p for p in book_pages() if p.startswith("book/datasets/")}
    text = "".join((ROOT / f"{p}.md").read_text(encoding="utf-8") for p in pages)
    missing = [
        t for t in data.table_names() if f'load("{t}")' not in text and f"`{t}`" not in text and f"{t}.csv" not in text
    ]
    assert missing == [], "tables without a dataset page in _toc.yml"


def test_every_table_file_is_described():
    described = {r["path"] for r in data.descriptor()["resources"]}
    files = {p.name for p in (ROOT / "data").glob("*.csv")}
    assert files - described == set(), "CSV files in data/ that the descriptor does not describe"


def _versions() -> dict:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    changelog = (ROOT / "book" / "appendix" / "changelog.md").read_text(encoding="utf-8")
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    head = re.search(r"^## (\d+\.\d+\.\d+) — (.+)$", changelog, re.M)
    return {
        "pyproject.toml": re.search(r'^version = "([^"]+)"', pyproject, re.M).group(1),
        "CITATION.cff": str(cff["version"]),
        "data/datapackage.json": package["version"],
        "changelog": head.group(1),
        "dates": {
            "CITATION.cff": str(cff["date-released"]),
            "changelog": head.group(2).strip(),
            "_config.yml today": config["sphinx"]["config"]["today"],
        },
    }


def test_the_version_and_date_agree_everywhere():
    import datetime as dt

    v = _versions()
    dates = v.pop("dates")
    assert len(set(v.values())) == 1, v
    released = dt.date.fromisoformat(dates["CITATION.cff"])
    for where in ("changelog", "_config.yml today"):
        assert dt.datetime.strptime(dates[where], "%d %B %Y").date() == released, dates


def test_the_pdf_name_is_set_in_one_place():
    """sinorus.pdf.STEM names the PDF; the LaTeX target and the publishing workflow follow it."""
    from sinorus import pdf

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert config["latex"]["latex_documents"]["targetname"] == pdf.STEM + ".tex"
    workflow = (ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8")
    named = set(re.findall(r"[\w-]+\.pdf", workflow))
    assert named == {pdf.NAME}, named


def _validate_workflow(path) -> "subprocess.CompletedProcess":  # noqa: UP037, F821 (imported inside)
    import subprocess
    import sys
    from pathlib import Path

    exe = Path(sys.executable).parent / "check-jsonschema"
    return subprocess.run(
        [str(exe), "--builtin-schema", "vendor.github-workflows", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_publishing_workflow_is_valid_and_runs_the_readme_commands(tmp_path):
    wf = ROOT / ".github" / "workflows" / "publish.yml"
    r = _validate_workflow(wf)
    assert r.returncode == 0, r.stdout + r.stderr
    text = wf.read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "bin/book test" in text and "bin/book test" in readme
    # the validator does catch a broken workflow
    broken = tmp_path / "broken.yml"
    broken.write_text(text.replace("runs-on:", "runs_on:", 1), encoding="utf-8")
    assert _validate_workflow(broken).returncode != 0


def test_the_workflow_runs_in_debian_and_checks_pull_requests():
    import yaml

    wf = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    jobs = wf["jobs"]
    runners = {name: job.get("container") for name, job in jobs.items() if "steps" in job}
    # every job that runs steps of its own (not the Pages deployment or the release upload) runs in Debian 12
    assert {n: c for n, c in runners.items() if n not in ("deploy", "release") and c != "debian:12"} == {}
    triggers = wf[True] if True in wf else wf["on"]  # YAML 1.1 reads the key "on" as true
    assert "pull_request" in triggers
    check = jobs["check"]
    assert "pull_request" in check["if"] and any("bin/book check" in s.get("run", "") for s in check["steps"])
    cached = [
        s["with"]["path"] for j in ("check", "book") for s in jobs[j]["steps"] if "actions/cache" in s.get("uses", "")
    ]
    assert ".venv" in cached and "_build/.jupyter_cache" in cached


def test_the_data_package_is_valid_for_the_reference_implementation(tmp_path):
    """frictionless (the Data Package reference implementation) agrees with the book's own loader, and catches a
    corrupted copy too."""
    import csv
    import shutil

    from frictionless import validate

    report = validate(str(ROOT / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])[:20]

    shutil.copytree(ROOT / "data", tmp_path / "data")
    path = tmp_path / "data" / "exercises.csv"
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    col = rows[0].index("type")
    rows[1][col] = "joint"  # not in the field's enum
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    bad = validate(str(tmp_path / "data" / "datapackage.json"))
    errors = bad.flatten(["rowNumber", "fieldName", "type"])
    assert not bad.valid and [2, "type", "constraint-error"] in errors, errors
    assert [t.name for t in bad.tasks if not t.valid] == ["exercises"]


# ---------------------------------------------------------------------------------------------- the figure library
HEX = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b")
CODE_CELL = re.compile(r"```\{code-cell\}[^\n]*\n(.*?)```", re.S)


def hex_colours(root) -> list[str]:
    """Every hex colour written in the book's pages (code, text or CSS): "page:line: #abc"."""
    return [
        f"{p.relative_to(root)}:{n}: {m}"
        for p in sorted((root / "book").rglob("*.md"))
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        for m in HEX.findall(line)
    ]


def chart_shapes(source: str) -> list[tuple]:
    """The shape of every ``alt.Chart(...)`` in a page's code: its mark and the fields of its encoding channels
    (tooltips aside), e.g. ``("mark_line", (("color", "flow_label:N"), ("x", "year_date:T"), ("y", "value:Q")))``."""
    import ast

    def field(node):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.Call) and node.args:
            return field(node.args[0])
        return "?"

    tree = ast.parse(source)
    parent = {c: n for n in ast.walk(tree) for c in ast.iter_child_nodes(n)}
    shapes = []
    for node in ast.walk(tree):
        func = getattr(node, "func", None)
        if not (isinstance(func, ast.Attribute) and func.attr == "Chart" and getattr(func.value, "id", "") == "alt"):
            continue
        mark, channels, cur = None, {}, node
        # follow the methods chained on the chart: .mark_x(...).encode(...).properties(...)
        while isinstance(parent.get(cur), ast.Attribute) and isinstance(parent.get(parent[cur]), ast.Call):
            method, call = parent[cur].attr, parent[parent[cur]]
            if method.startswith("mark_"):
                mark = method
            elif method == "encode":
                channels.update({k.arg: field(k.value) for k in call.keywords if k.arg not in (None, "tooltip")})
            cur = call
        if channels:
            shapes.append((mark, tuple(sorted(channels.items()))))
    return shapes


def page_code(path) -> str:
    """A page's code cells, without their cell options (``:tags:``) and magics."""
    cells = CODE_CELL.findall(path.read_text(encoding="utf-8"))
    return "\n".join("\n".join(line for line in cell.splitlines() if not line.startswith((":", "%"))) for cell in cells)


def shared_chart_shapes(root) -> dict:
    """Chart shapes defined in more than one page: shape -> the pages (a shape drawn twice belongs in
    sinorus/figures.py, called by each page)."""
    pages: dict = {}
    for p in sorted((root / "book").rglob("*.md")):
        if "_templates" in p.parts or "node_modules" in p.parts:
            continue
        for shape in set(chart_shapes(page_code(p))):
            pages.setdefault(shape, set()).add(str(p.relative_to(root)))
    return {shape: sorted(where) for shape, where in pages.items() if len(where) > 1}


def test_no_hex_colour_in_the_book():
    """Colours are data (sinorus/palette.csv, named in sinorus/series.csv), never literals in a page."""
    assert hex_colours(ROOT) == []


def test_no_chart_shape_is_defined_in_two_pages():
    assert shared_chart_shapes(ROOT) == {}


SHAPE_FIXTURE = """```{code-cell} ipython3
:tags: [remove-cell]

base = alt.Chart(plot).encode(x=alt.X("year_date:T", title=None), y=alt.Y("value:Q", title=UNIT), color="flow:N")
rule = alt.Chart(marks).mark_rule(color="%s").encode(x="start:T", tooltip=["title:N"])
```
"""


def test_the_figure_checks_fail_on_a_copied_chart_and_a_hex_colour(tmp_path):
    (tmp_path / "book" / "a").mkdir(parents=True)
    (tmp_path / "book" / "b.md").write_text(SHAPE_FIXTURE % "#5c5c5c", encoding="utf-8")
    (tmp_path / "book" / "a" / "c.md").write_text(
        SHAPE_FIXTURE.replace("plot", "other").replace("%s", "{palette.colour('muted')}"), encoding="utf-8"
    )
    assert shared_chart_shapes(tmp_path) == {
        (None, (("color", "flow:N"), ("x", "year_date:T"), ("y", "value:Q"))): ["book/a/c.md", "book/b.md"],
        ("mark_rule", (("x", "start:T"),)): ["book/a/c.md", "book/b.md"],
    }
    assert hex_colours(tmp_path) == ["book/b.md:5: #5c5c5c"]
    # a chart drawn in one page only is not reported
    (tmp_path / "book" / "a" / "c.md").write_text(SHAPE_FIXTURE.replace("start:T", "end:T"), encoding="utf-8")
    assert list(shared_chart_shapes(tmp_path).values()) == [["book/a/c.md", "book/b.md"]]


# ---------------------------------------------------------------------------------------------- the package's modules
MOST_LINES = 300  # a module longer than this is split along a seam in what it does


def long_modules(root) -> list[str]:
    """Every module of the package (sinorus/ and its subpackages) longer than MOST_LINES lines: "path: n lines"."""
    return [
        f"{p.relative_to(root)}: {n} lines"
        for p in sorted((root / "sinorus").rglob("*.py"))
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MOST_LINES
    ]


def test_no_module_is_longer_than_300_lines():
    assert long_modules(ROOT) == []


def test_the_module_length_check_fails_on_a_long_module(tmp_path):
    (tmp_path / "sinorus" / "sub").mkdir(parents=True)
    (tmp_path / "sinorus" / "short.py").write_text("x = 1\n" * MOST_LINES, encoding="utf-8")
    (tmp_path / "sinorus" / "sub" / "long.py").write_text("x = 1\n" * (MOST_LINES + 1), encoding="utf-8")
    assert long_modules(tmp_path) == [f"sinorus/sub/long.py: {MOST_LINES + 1} lines"]
