"""What the book's build and the chapters' kernels agree on, kept free of heavy imports (the Sphinx process reads it
without loading pandas or Altair): the environment flag that switches figures to the book's outputs, the key under
which a figure's record travels in an output's metadata, and the chart fonts the execution cache's fingerprint
covers."""

from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

#: Set by the book's Sphinx extension, so notebooks executed by the build emit HTML + PDF outputs.
BOOK_ENV = "SINORUS_BOOK_BUILD"

#: A figure's record (specification, source, data) travels in its output's metadata under this key.
FIGURE_KEY = "sinorus_figure"

#: The chart font. Charts are measured and drawn (vl-convert, for the PDF and the reader's SVG) with the first family
#: that is installed, so a family missing on one machine and present on another changes the drawings. FreeSans
#: (Debian's fonts-freefont-otf, which `bin/book build` installs) comes first, and the execution cache's fingerprint
#: includes the installed chart fonts (:func:`font_files`), so installing a font re-draws the charts.
FONT_FAMILIES = ("FreeSans", "Noto Sans CJK SC")


@lru_cache(maxsize=1)  # asked once per chapter by the build: fonts are not installed in the middle of one
def font_files() -> tuple[Path, ...]:
    """The installed files of the chart font families (empty where fontconfig is absent)."""
    if not shutil.which("fc-list"):
        return ()
    files = set()
    for family in FONT_FAMILIES:
        out = subprocess.run(["fc-list", family, "file"], capture_output=True, text=True).stdout
        files |= {Path(line.split(":")[0].strip()) for line in out.splitlines() if line.strip()}
    return tuple(sorted(files))
