"""``python -m sinorus.jupyterbook build ...``: Jupyter Book's command line, as the book runs it (bin/book, the PDF
build, the tests and the benchmark).

One difference from the ``jupyter-book`` script: jsonschema, which Jupyter Book imports to check ``_config.yml``,
loads its optional URI-format checker when the package rfc3987-syntax is installed (it is, for JupyterLab), and that
checker compiles some forty grammars on import, about a second of every build. The build never checks formats, so
the checker is not loaded here."""

from __future__ import annotations

import sys


def main() -> None:
    sys.modules.setdefault("rfc3987_syntax", None)  # import of it fails fast; jsonschema then goes without it
    from jupyter_book.cli.main import main as jupyter_book

    sys.argv[0] = "jupyter-book"
    jupyter_book()


if __name__ == "__main__":
    main()
