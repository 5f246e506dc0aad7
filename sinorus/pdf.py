"""Build the PDF edition: ``python -m sinorus.pdf`` (run by ``bin/book pdf``).

Checks that the TeX tools and fonts are there first, and says exactly what to install when they are not, instead of
letting LaTeX fail with a stack trace. The PDF goes to ``_build/pdf/china-russia.pdf`` and, when the HTML book has
been built, next to it as ``_build/html/china-russia.pdf`` (the landing page links to it)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from . import paths

#: Debian packages the PDF needs (bin/book installs them when it can).
DEBIAN_PACKAGES = (
    "texlive-xetex texlive-latex-extra texlive-fonts-recommended texlive-lang-chinese "
    "texlive-lang-cyrillic latexmk xindy fonts-noto-cjk fonts-freefont-otf poppler-utils"
)
FONTS = ("Noto Serif CJK SC", "Noto Sans CJK SC", "FreeSerif")
#: The output's name, in one place: _config.yml's latex targetname is STEM + ".tex" (a test checks they agree).
STEM = "china-russia"
NAME = STEM + ".pdf"


#: The landing page's paragraph about the PDF: a download link where the PDF is next to the pages, else how to make it.
PDF_PARAGRAPH = re.compile(r'<p class="sinorus-pdf">.*?</p>', re.S)
PDF_LINKED = (
    '<p class="sinorus-pdf">The book is also a typeset PDF, with the same figures, numbering and '
    'bibliography: <a href="../' + NAME + '">download the PDF edition</a>.</p>'
)
PDF_ABSENT = (
    '<p class="sinorus-pdf">The book is also a typeset PDF, with the same figures, numbering and '
    "bibliography. This copy of the website was built without it: in a clone of the repository, "
    "<code>bin/book pdf</code> makes it and places it next to these pages.</p>"
)


def link_from_html(html: Path) -> None:
    """Make the landing page's PDF paragraph true: a link when the PDF edition is next to the pages (copied there
    from _build/pdf when it was built), otherwise the command that makes it. No dead link either way."""
    built = html.parent / "pdf" / NAME
    if built.is_file() and not (html / NAME).is_file():
        shutil.copy(built, html / NAME)
    page = html / "book" / "index.html"
    if not page.is_file():
        return
    text = page.read_text(encoding="utf-8")
    new = PDF_PARAGRAPH.sub(PDF_LINKED if (html / NAME).is_file() else PDF_ABSENT, text, count=1)
    if new != text:  # replaced whole (a reader of the page never sees it half-written)
        tmp = page.with_suffix(".html.tmp")
        tmp.write_text(new, encoding="utf-8")
        tmp.replace(page)


def missing() -> list[str]:
    gone = [tool for tool in ("xelatex", "latexmk", "xindy") if shutil.which(tool) is None]
    if shutil.which("fc-list"):
        have = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
        gone += [f"font {f}" for f in FONTS if f not in have]
    else:
        gone.append("fc-list (fontconfig)")
    return gone


def main(argv: list[str]) -> int:
    gone = missing()
    if gone:
        print(
            f"The PDF edition needs TeX Live and fonts that are not installed ({', '.join(gone)}).\n"
            f"Install them with:\n  sudo apt-get update && sudo apt-get install -y --no-install-recommends "
            f"{DEBIAN_PACKAGES}\n(bin/book pdf does this itself when it may use apt-get.)",
            file=sys.stderr,
        )
        return 2
    root = paths.root()
    # its own output folder, so the PDF never reuses pages the HTML build has read (they differ: e.g. the
    # notebook download offered at the end of each chapter exists only online)
    work = root / "_build" / "pdf-work"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sinorus.jupyterbook",
            "build",
            str(root),
            "--builder",
            "pdflatex",
            "-n",
            "-W",
            "--keep-going",
            "--path-output",
            str(work),
            *argv,
        ],
        cwd=root,
    )
    latex = work / "_build" / "latex"
    log = latex / (STEM + ".log")
    if result.returncode != 0 or not (latex / NAME).exists():
        print(f"The PDF build failed; the LaTeX log is {log}", file=sys.stderr)
        return result.returncode or 1
    bad = [
        line for line in log.read_text(encoding="utf-8", errors="replace").splitlines() if "Missing character" in line
    ]
    if bad:
        print(f"{log}: characters missing from the fonts:\n" + "\n".join(bad[:20]), file=sys.stderr)
        return 1
    out = root / "_build" / "pdf"
    out.mkdir(parents=True, exist_ok=True)
    shutil.copy(latex / NAME, out / NAME)
    if (root / "_build" / "html").is_dir():
        shutil.copy(latex / NAME, root / "_build" / "html" / NAME)
        link_from_html(root / "_build" / "html")
    print(f"PDF: {out / NAME}")
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--debian-packages"]:  # bin/book installs these (the list lives here only)
        print(DEBIAN_PACKAGES)
        sys.exit(0)
    sys.exit(main(sys.argv[1:]))
