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


# --- the kernel the build executes chapters in --------------------------------------------------------------------
#: The build's kernels: the installed "python3" kernel started through :func:`main`, which differs in what it skips.
KERNEL_NAME = "python3"


def kernel_spec(python: str) -> dict:
    """The kernelspec (kernel.json) of the build's kernels: the chapters' own kernel name, started by :func:`main`."""
    return {
        "argv": [python, "-m", "sinorus.kernel", "-f", "{connection_file}"],
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "metadata": {"debugger": False},
        "kernel_protocol_version": "5.5",
    }


def install_build_kernel(folder: Path, python: str) -> Path:
    """Write the build's kernelspec under ``folder`` and put it first on this process's JUPYTER_PATH, so the kernels
    that execute chapters (started by this process or by processes it starts) use it. Returns the kernelspec file."""
    import json
    import os

    spec = folder / "kernels" / KERNEL_NAME / "kernel.json"
    text = json.dumps(kernel_spec(python), indent=1) + "\n"
    if not spec.is_file() or spec.read_text(encoding="utf-8") != text:
        spec.parent.mkdir(parents=True, exist_ok=True)
        spec.write_text(text, encoding="utf-8")
    others = [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p and p != str(folder)]
    os.environ["JUPYTER_PATH"] = os.pathsep.join([str(folder), *others])
    return spec


def main(argv: list[str] | None = None) -> None:
    """Start a build kernel: forked from the build's warm zygote when one is running (:mod:`sinorus.zygote`),
    otherwise here, by :func:`start`."""
    import os
    import sys

    args = list(sys.argv[1:] if argv is None else argv)
    zygote = os.environ.get("SINORUS_KERNEL_ZYGOTE")  # sinorus.zygote.ENV (not imported: this start stays light)
    if zygote:
        from . import zygote as z

        try:
            z.run_forked(zygote, args)
        except OSError:
            pass  # no zygote to be reached: start here
    start(args)


def start(args: list[str]) -> None:
    """Start an IPython kernel as the build wants it: without jsonschema's IRI grammar (the optional package
    rfc3987-syntax, installed for JupyterLab, compiles some forty grammars when jsonschema is imported, by Altair or
    the data checks: about a second per chapter; the book's schemas check no IRI formats), without the debugger's
    unfrozen standard library and without writing every cell to the history database."""
    import sys

    sys.modules.setdefault("rfc3987_syntax", None)  # its import fails fast; jsonschema then goes without it
    from ipykernel import kernelapp

    kernelapp.launch_new_instance(argv=["--HistoryManager.enabled=False", *args])


if __name__ == "__main__":
    main()
