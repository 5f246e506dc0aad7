"""CONTRIBUTING.md's recipes work when followed literally: in a scratch copy, a new table (CSV, descriptor entry,
provenance page, table-of-contents line) and a new chapter made from book/_templates/chapter.md build strictly,
the new figure and table reach the pages, and only the two new pages are executed (a new table in the descriptor
is no reason to re-run the chapters that do not read it)."""

from __future__ import annotations

import json
import shutil
import time

from conftest import ROOT, chapter_sources, copy_repo, executed_since, jupyter_book_build

HEADER = (
    "---\njupytext:\n  text_representation:\n    extension: .md\n    format_name: myst\n"
    "    format_version: 0.13\nkernelspec:\n  display_name: Python 3\n  language: python\n  name: python3\n---\n"
)


def test_a_new_table_and_chapter_build_by_the_recipes(built_book, tmp_path):
    base = tmp_path / "book-copy"
    env = copy_repo(base, with_cache=True)

    # Recipe 2: a dataset
    (base / "data" / "recipe_check.csv").write_text(
        "check_id,year,value,source_key,locator\nfirst,2004,1,maxwell2007,p. 229\nsecond,2005,2,maxwell2007,p. 230\n",
        encoding="utf-8",
    )
    desc = json.loads((base / "data" / "datapackage.json").read_text(encoding="utf-8"))
    desc["resources"].append(
        {
            "name": "recipe_check",
            "path": "recipe_check.csv",
            "profile": "tabular-data-resource",
            "encoding": "utf-8",
            "format": "csv",
            "title": "A table added by following the recipe",
            "description": "Two rows that exist only to check the recipe.",
            "schema": {
                "fields": [
                    {
                        "name": "check_id",
                        "type": "string",
                        "description": "Identifier of the row.",
                        "constraints": {"required": True},
                    },
                    {
                        "name": "year",
                        "type": "integer",
                        "description": "Year of the value.",
                        "constraints": {"required": True, "minimum": 1689},
                    },
                    {"name": "value", "type": "integer", "description": "The value."},
                    {
                        "name": "source_key",
                        "type": "string",
                        "description": "Key of the source in references.bib.",
                        "constraints": {"required": True},
                        "x-source-key": True,
                    },
                    {"name": "locator", "type": "string", "description": "Where in the source."},
                ],
                "primaryKey": ["check_id"],
            },
        }
    )
    (base / "data" / "datapackage.json").write_text(
        json.dumps(desc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (base / "book" / "datasets" / "recipe_check.md").write_text(
        HEADER + "\n# A recipe check (`data/recipe_check.csv`)\n\nTwo rows.\n\n```{code-cell} ipython3\n"
        ':tags: [remove-input]\n\nimport sinorus\n\nsinorus.table(sinorus.load("recipe_check"))\n```\n\n'
        "## Columns\n\n```{code-cell} ipython3\n:tags: [remove-input]\n\n"
        'sinorus.schema_table("recipe_check")\n```\n',
        encoding="utf-8",
    )

    # Recipe 1: a chapter, copied from the template
    shutil.copy(base / "book" / "_templates" / "chapter.md", base / "book" / "themes" / "recipe_chapter.md")

    toc = (base / "_toc.yml").read_text(encoding="utf-8")
    toc = toc.replace(
        "          - file: book/datasets/periods\n",
        "          - file: book/datasets/periods\n          - file: book/datasets/recipe_check\n",
        1,
    )
    toc = toc.replace(
        "      - file: book/themes/people\n",
        "      - file: book/themes/people\n      - file: book/themes/recipe_chapter\n",
        1,
    )
    (base / "_toc.yml").write_text(toc, encoding="utf-8")

    t0 = time.time()
    time.sleep(1.1)  # cache timestamps have second resolution in places
    r = jupyter_book_build(base, env=env)
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-4000:]
    # the two new pages run, and the pages that read the table of contents (the evidence report counts every
    # chapter's citations); no chapter runs because the descriptor gained a table it does not read
    from sinorus.sphinx import cache

    toc_readers = {
        md.relative_to(ROOT).as_posix()
        for md in chapter_sources(ROOT)
        if "_toc.yml" in {f.name for f in cache.dependencies(md.read_text(encoding="utf-8"))[1]}
    }
    assert toc_readers  # the methods chapter's source-mix figure
    assert (
        executed_since(base / "_build" / ".jupyter_cache", t0)
        == {"book/datasets/recipe_check.md", "book/themes/recipe_chapter.md"} | toc_readers
    )
    html = base / "_build" / "html" / "book"
    chapter = (html / "themes" / "recipe_chapter.html").read_text(encoding="utf-8")
    assert 'id="fig-chapter-periods"' in chapter and "sinorus-figure" in chapter
    table = (html / "datasets" / "recipe_check.html").read_text(encoding="utf-8")
    assert "second" in table and "p. 230" in table
