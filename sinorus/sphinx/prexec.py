"""Execute the chapters that the cache does not hold in parallel, while Sphinx reads the book.

Jupyter Book runs chapters one after another while Sphinx reads them; most of a chapter's time is a kernel starting
and importing pandas and Altair, so a cold build would spend most of its time waiting on one core. At
``env-before-read-docs`` this extension builds, for every chapter about to be read, exactly the notebook myst-nb will
build (the same source, with the same cache fingerprint cell added by ``sinorus.sphinx.cache``), asks the execution
cache whether it holds it, and starts the missing ones in a process pool (their kernels forked from a warm
:mod:`sinorus.zygote`). Sphinx reads on; when it comes to a chapter still executing it waits for it, stores the result
in the cache, and myst-nb finds it there. The cache's rules are unchanged: the cache decides what matches, only the
main process writes to it (its SQLite database does not take parallel writers), and a chapter that fails here is
simply not stored, so myst-nb executes it again while reading and reports the error as usual.
``SINORUS_PREEXEC_WORKERS`` sets the number of parallel kernels (default: two per core; 1 turns this off).
"""

from __future__ import annotations

import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from .. import drawings, zygote
from . import numbering

logger = logging.getLogger(__name__)


def kill_kernels_when_done() -> None:
    """The build's kernels are stopped at once when a chapter's last cell has run, not asked to shut down: ipykernel
    7 sometimes hangs in its own shutdown (its control thread waits on a flush of a stopped output thread), and
    jupyter_client then waits 2.5 s before it terminates the kernel, which happened to one chapter in two. Nothing
    a kernel does after its last cell reaches the book (the outputs are in hand, the data store writes atomically
    within the cell)."""
    import nbclient

    nbclient.NotebookClient.shutdown_kernel.default_value = "immediate"


def _quiet_kernels() -> None:
    """Point this worker's standard error at /dev/null, so the kernels it starts inherit it: their start-up log
    lines (the TCP transport warning of every kernel) stay out of the build's output. A failing cell is still
    reported, with its chapter and cell, by myst-nb when it executes the chapter again while reading."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)
    # nbformat imports jsonschema, which compiles the optional IRI grammar (rfc3987-syntax) on import: most of a
    # second of every worker's start, for formats no notebook schema uses (as in sinorus.jupyterbook and the kernels)
    import sys

    sys.modules.setdefault("rfc3987_syntax", None)
    kill_kernels_when_done()


def _execute(nb, cwd: str, timeout: int | None, env: dict, svg_dir: str | None = None) -> tuple:
    """Run in a worker process: execute one notebook in place, draw its figures for the notebook download (kept in
    ``svg_dir``, where the main process finds them), return it with its run time and any error."""
    os.environ.update(env)
    from jupyter_cache.executors.utils import single_nb_execution

    for attempt in range(3):
        try:
            result = single_nb_execution(nb, cwd=cwd, timeout=timeout, allow_errors=False, meta_override=True)
            break
        except Exception as exc:  # a kernel that died starting (kernels starting at once can race for a port)
            failure = f"{exc.__class__.__name__}: {exc} (started {attempt + 1} times)"
    else:  # myst-nb executes the chapter again while reading, and reports what fails there
        return nb, 0.0, failure, attempt + 1
    if result.err is None and svg_dir:
        from .notebooks import draw_figures

        try:
            draw_figures(nb, Path(svg_dir))
        except Exception:  # a drawing that fails here is drawn, and its error reported, by the main process
            pass
    return (
        nb,
        result.time,
        None if result.err is None else f"{result.err.__class__.__name__}: {result.err}",
        attempt + 1,
    )


def progress(done: int, total: int, docname: str, seconds: float, running: list[str], width: int = 24) -> str:
    """One line of the execution's progress: a bar, chapters done of total, the one just done and those running."""
    filled = round(width * done / total)
    line = f"[sinorus] [{'#' * filled}{'.' * (width - filled)}] {done}/{total} chapters executed ({docname}, {seconds:.1f} s)"
    return line + (f"; running: {', '.join(running)}" if running else "")


def workers() -> int:
    """Chapters executed at once: two per core (a kernel spends part of its run waiting on its client's messages,
    so one per core leaves the cores idle part of the time)."""
    try:
        return max(1, int(os.environ.get("SINORUS_PREEXEC_WORKERS", "") or 2 * (os.cpu_count() or 1)))
    except ValueError:
        return 2 * (os.cpu_count() or 1)


def missing_from_cache(app: Sphinx, env, docnames) -> list[tuple[str, Path, object, str | None]]:
    """The chapters about to be read whose notebook the cache does not hold: (docname, path, notebook, format)."""
    from jupyter_cache import get_cache
    from myst_nb.core.read import create_nb_reader

    from .cache import is_notebook, source_read

    cache = get_cache(env.mystnb_config.execution_cache_path or ".jupyter_cache")
    todo = []
    for docname in sorted(docnames):
        path = Path(env.doc2path(docname))
        if path.suffix != ".md" or not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        if not is_notebook(text):
            continue
        source = [text]
        env.temp_data["docname"] = docname  # source_read notes the chapter's dependencies under its name
        try:
            source_read(app, docname, source)  # the same text myst-nb will parse
        finally:
            env.temp_data.pop("docname", None)
        reader = create_nb_reader(str(path), env.myst_config, env.mystnb_config, source[0])
        if reader is None:
            continue
        nb = reader.read(source[0])
        try:
            cache.match_cache_notebook(nb)
        except KeyError:
            todo.append((docname, path, nb, reader.read_fmt))
    return todo


def pre_execute(app: Sphinx, env, docnames: list[str]) -> None:
    if env.mystnb_config.execution_mode != "cache" or workers() < 2:
        return
    todo = missing_from_cache(app, env, docnames)
    if len(todo) < 2:
        return
    # in the order Sphinx reads them (todo is sorted by name, as Sphinx reads): the reading keeps pace with the runs,
    # and little is left to read, on one core, once the last chapter has run
    app.sinorus_execution = Execution(app, env, todo)


class Execution:
    """The chapters executing in parallel while Sphinx reads the book: Sphinx waits for a chapter only when it comes
    to read it (:meth:`await_chapter`, at source-read), and reads the other pages meanwhile."""

    def __init__(self, app: Sphinx, env, todo: list) -> None:
        from contextlib import ExitStack

        from jupyter_cache import get_cache

        self.cache = get_cache(env.mystnb_config.execution_cache_path or ".jupyter_cache")
        self.n, self.total, self.done, self.started = min(workers(), len(todo)), len(todo), 0, time.time()
        logger.info(f"[sinorus] executing {len(todo)} chapters, {self.n} at once, while the book is read")
        env_vars = {k: v for k, v in os.environ.items() if k.startswith("SINORUS_")}
        timeout = env.mystnb_config.execution_timeout
        svg_dir = str(drawings.folder(app.outdir)) if app.builder.format == "html" else None  # the downloads're HTML's
        self.stack = ExitStack()
        # the chapters' kernels forked from one warm process (sinorus.zygote); no fork of the Sphinx process
        env_vars |= self.stack.enter_context(zygote.running(env_vars))
        ctx = multiprocessing.get_context("spawn")
        self.pool = pool = ProcessPoolExecutor(self.n, mp_context=ctx, initializer=_quiet_kernels)
        self.jobs = {
            docname: (pool.submit(_execute, nb, str(path.parent), timeout, env_vars, svg_dir), path, fmt)
            for docname, path, nb, fmt in todo
        }

    def await_chapter(self, docname: str) -> None:
        """Wait for the chapter's run and put it in the execution cache (where myst-nb then finds it)."""
        if docname not in self.jobs:
            return
        from jupyter_cache.base import CacheBundleIn

        job, path, fmt = self.jobs.pop(docname)
        try:
            executed, seconds, error, starts = job.result()
        except Exception as exc:  # the worker itself failed: the chapter is left to myst-nb, as a failed run is
            executed, seconds, error, starts = None, 0.0, f"{exc.__class__.__name__}: {exc}", 1
        if starts > 1 and not error:
            logger.info(f"[sinorus] {docname}: its kernel died starting; it ran at start {starts}")
        self.done += 1
        running = [d for d, (j, *_) in self.jobs.items() if j.running()]
        logger.info(progress(self.done, self.total, docname, seconds, running[: self.n]))
        if error:  # myst-nb will execute it again while reading, and report the failure there
            logger.info(f"[sinorus] {docname}: failed in parallel execution ({error}); left to the reader")
        else:  # only this process writes to the cache (its SQLite database does not take parallel writers)
            stage = (
                self.cache.add_nb_to_project(str(path), read_data=fmt)
                if fmt
                else self.cache.add_nb_to_project(str(path))
            )
            self.cache.cache_notebook_bundle(
                CacheBundleIn(executed, stage.uri, data={"execution_seconds": seconds}),
                check_validity=False,
                overwrite=True,
            )
        if not self.jobs:
            self.close()
            logger.info(f"[sinorus] {self.total} chapters executed in {time.time() - self.started:.1f} s")

    def close(self) -> None:
        self.jobs.clear()
        self.pool.shutdown(wait=False, cancel_futures=True)  # the idle workers exit on their own; none is awaited
        self.stack.close()


def _await_chapter(app: Sphinx, docname: str, source: list[str]) -> None:
    execution = getattr(app, "sinorus_execution", None)
    if execution is not None:
        execution.await_chapter(docname)


def _stop_execution(app: Sphinx, exception) -> None:
    """After the build, or when it failed: no kernel, worker or zygote outlives it."""
    execution = getattr(app, "sinorus_execution", None)
    if execution is not None:
        execution.close()


def build_kernel(app: Sphinx) -> None:
    """Chapters execute in the build's kernel (:func:`sinorus.kernel.main`: the chapters' "python3" kernel without
    jsonschema's IRI grammar, about a second of every chapter), here and in myst-nb alike: its kernelspec is
    written under _build and found first on JUPYTER_PATH, which the kernels' parent processes inherit."""
    import sys

    from .. import kernel

    kernel.install_build_kernel(Path(app.outdir).parent / ".sinorus-kernel", sys.executable)


def setup(app: Sphinx) -> dict:
    numbering.setup(app)
    kill_kernels_when_done()  # here, for the chapters myst-nb executes itself
    app.connect("builder-inited", build_kernel)
    app.connect("env-before-read-docs", pre_execute, priority=900)  # after the other handlers have run
    app.connect("source-read", _await_chapter, priority=100)  # before the chapter's text is prepared and parsed
    app.connect("env-updated", _stop_execution)
    app.connect("build-finished", _stop_execution)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
