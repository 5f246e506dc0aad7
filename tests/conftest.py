"""Shared fixtures: the strictly built book (built once per test run) and a loopback server for its pages."""

from __future__ import annotations

import csv
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from sinorus import pdf

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
HTML = ROOT / "_build" / "html"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

#: The five commissioning documents are not redistributed with the book. The checks that read them (quotes in
#: data/claims.csv, the reference list of jiang2019) look in ``SINORUS_SEEDS``, by default ``../shared/seeds`` beside
#: the repository. Where the folder is absent those checks are skipped with a reason, except under CI (``CI`` set),
#: where a check that cannot run fails.
SEEDS_ENV = "SINORUS_SEEDS"
SEEDS = Path(os.environ.get(SEEDS_ENV) or ROOT.parent / "shared" / "seeds").resolve()


def seed_file(prefix: str) -> Path | None:
    """The commissioning document whose file name starts with ``prefix`` (e.g. ``003_``), or None."""
    return next(iter(sorted(SEEDS.glob(prefix + "*.txt"))), None) if SEEDS.is_dir() else None


def require_seeds(prefix: str = "") -> None:
    """Skip the calling test, with the reason pytest prints, when the documents are absent; fail under CI."""
    if SEEDS.is_dir() and (not prefix or seed_file(prefix) is not None):
        return
    what = f"{prefix}*.txt in {SEEDS}" if SEEDS.is_dir() else str(SEEDS)
    reason = (
        f"the commissioning documents are not at {what}; set {SEEDS_ENV} to the folder that holds them "
        "(default ../shared/seeds beside the repository)"
    )
    if os.environ.get("CI"):
        pytest.fail(reason + " (CI is set: a check that cannot run fails)", pytrace=False)
    pytest.skip(reason)


def copy_repo(dest: Path, with_cache: bool = False) -> dict:
    """A private copy of the working tree (no environment, build output or history), optionally with the main
    build's execution cache; returns the environment that makes a build use the copy's own package and data."""
    ignore = shutil.ignore_patterns(
        ".venv", "_build", ".git", ".pytest_cache", "__pycache__", "_incoming", "node_modules"
    )
    shutil.copytree(ROOT, dest, dirs_exist_ok=True, ignore=ignore)
    geodata = ROOT / "book" / "_geodata" / "node_modules"
    if geodata.is_dir():  # the installed map base (bin/book setup), shared rather than copied
        (dest / "book" / "_geodata" / "node_modules").symlink_to(geodata, target_is_directory=True)
    if with_cache:
        wait_for_background()  # the cache is copied whole, not mid-write, and no other build starts kernels
        shutil.copytree(ROOT / "_build" / ".jupyter_cache", dest / "_build" / ".jupyter_cache")
    return {"PYTHONPATH": str(dest), "SINORUS_ROOT": str(dest)}


def chapter_sources(base: Path = ROOT) -> list[Path]:
    """The book's Markdown sources: every .md under book/ except templates and installed packages (folders whose
    name starts with an underscore, such as book/_templates and book/_geodata)."""
    return sorted(
        p
        for p in (base / "book").rglob("*.md")
        if not any(part.startswith("_") or part == "node_modules" for part in p.relative_to(base).parts)
    )


def jupyter_book_build(root: Path, builder: str = "html", env: dict | None = None) -> subprocess.CompletedProcess:
    """The README's strict build, as a subprocess (output captured for the assertions)."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "sinorus.jupyterbook",
            "build",
            str(root),
            "--builder",
            builder,
            "-n",
            "-W",
            "--keep-going",
        ],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=1800,
    )


# --- a private copy of the data package, to corrupt ------------------------------------------------------------
@pytest.fixture()
def copy(tmp_path):
    """A private copy of the data package and bibliography to corrupt."""
    shutil.copytree(ROOT / "data", tmp_path / "data", ignore=shutil.ignore_patterns("_incoming"))
    shutil.copy(ROOT / "references.bib", tmp_path / "references.bib")
    return tmp_path


def edit(base: Path, table: str, line: int, column: str, value: str) -> dict:
    """Set one cell (line numbers as in the file: 1 is the header) and return the row as it was."""
    path = base / "data" / f"{table}.csv"
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    header = rows[0]
    old = dict(zip(header, rows[line - 1]))
    rows[line - 1][header.index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    return old


def row_of(base: Path, table: str, line: int) -> dict:
    path = base / "data" / f"{table}.csv"
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    return dict(zip(rows[0], rows[line - 1]))


def find_line(base: Path, table: str, predicate) -> int:
    """The line (as in the file) of the first row the predicate accepts."""
    path = base / "data" / f"{table}.csv"
    for i, row in enumerate(csv.DictReader(path.open(encoding="utf-8", newline="")), start=2):
        if predicate(row):
            return i
    raise AssertionError(f"no row in {table} matches")


def message(base: Path, table: str) -> str:
    """The loader's message for a table that must not load."""
    from sinorus.data import DataError, load

    with pytest.raises(DataError) as e:
        load(table, base=base)
    return str(e.value)


# --- long builds run in the background --------------------------------------------------------------------------
# The fresh clone's set-up and cold build, and the PDF edition, take minutes each and mostly use one core, while the
# browser and accessibility tests wait on chromium: both builds start as soon as they can and the tests that need
# them wait for them. Each job's output is kept for the failure message.
class Job:
    def __init__(self, name: str, cmd: list[str], cwd: Path, env: dict, workdir: Path):
        self.name, self.workdir = name, workdir
        self.out, self.err = workdir / f"{name}.out", workdir / f"{name}.err"
        self.proc = subprocess.Popen(
            cmd, cwd=cwd, env=env, stdout=self.out.open("w"), stderr=self.err.open("w"), text=True
        )

    def result(self, timeout: float = 2400) -> subprocess.CompletedProcess:
        code = self.proc.wait(timeout=timeout)
        return subprocess.CompletedProcess(
            self.proc.args,
            code,
            self.out.read_text(encoding="utf-8", errors="replace"),
            self.err.read_text(encoding="utf-8", errors="replace"),
        )


_jobs: dict[str, Job] = {}
_wanted: set[str] = set()


def readme_commands() -> list[str]:
    """The commands of the README's "Two commands" section."""
    import re as _re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = _re.search(r"## Two commands.*?```bash\n(.*?)```", readme, _re.S).group(1)
    return [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]


def _start_fresh_clone(workdir: Path) -> None:
    """A fresh clone: nothing but the repository's tracked files (as they are in the working tree, uncommitted edits
    included; untracked files are not there, as in a reader's clone), no environment, no build output; then the
    README's build command in it."""
    clone = workdir / "clone"
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone)], check=True)
    snapshot = subprocess.run(
        ["git", "stash", "create"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    if snapshot:  # tracked files edited since the last commit: lay them over the clone
        archive = subprocess.run(["git", "archive", snapshot], cwd=ROOT, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(clone)], input=archive, check=True)
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("VIRTUAL_ENV", "PYTHONPATH", "SINORUS_ROOT", "SINORUS_BOOK_BUILD")
    }
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if ".venv" not in p)
    _jobs["fresh_clone"] = Job("fresh_clone", ["bash", "-c", readme_commands()[0]], clone, env, workdir)


def pytest_collection_finish(session):
    _wanted.update(f for item in session.items for f in getattr(item, "fixturenames", ()))


def pytest_sessionfinish(session, exitstatus):
    for job in _jobs.values():  # a run stopped early leaves no build running
        if job.proc.poll() is None:
            job.proc.terminate()


def wait_for_background() -> None:
    """Tests that copy the execution cache, or start kernels, wait for the background builds: the PDF build reads
    the cache, and two processes starting kernels at once can collide on the kernels' ports."""
    for job in list(_jobs.values()):
        job.proc.wait(timeout=2400)


def _start_pdf(tmp_path_factory) -> None:
    """The PDF edition, built as `bin/book pdf` builds it, once per run."""
    if "pdf" not in _jobs:
        _jobs["pdf"] = Job(
            "pdf", [sys.executable, "-m", "sinorus.pdf"], ROOT, dict(os.environ), tmp_path_factory.mktemp("pdf")
        )


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> subprocess.CompletedProcess:
    result = jupyter_book_build(ROOT)
    if result.returncode != 0:
        pytest.fail("the strict book build failed:\n" + result.stdout[-6000:] + result.stderr[-6000:])
    # now the two long builds start in the background: the PDF edition, from the same cache, and the fresh clone
    # (not during the main build: two builds starting kernels at once can collide on the kernels' ports)
    if "pdf_text" in _wanted:
        _start_pdf(tmp_path_factory)
    if "fresh_clone" in _wanted and "fresh_clone" not in _jobs:
        _start_fresh_clone(tmp_path_factory.mktemp("fresh"))
    return result


@pytest.fixture(scope="session")
def fresh_clone(tmp_path_factory):
    """The fresh clone (see _start_fresh_clone) and the result of the README's build command in it."""
    if "fresh_clone" not in _jobs:
        _start_fresh_clone(tmp_path_factory.mktemp("fresh"))
    job = _jobs["fresh_clone"]
    return job.workdir / "clone", job.result()


def executed_since(cache_dir: Path, t0: float) -> set[str]:
    """The chapters (paths under the book's root) the execution cache recorded after time t0."""
    from jupyter_cache import get_cache

    return {
        Path(r.uri).relative_to(r.uri.split("/book/")[0]).as_posix()
        for r in get_cache(str(cache_dir)).list_cache_records()
        if r.created.timestamp() >= t0
    }


def book_pages() -> list[str]:
    """Every page of the book, from the table of contents (so a page missing from the build is noticed)."""
    from sinorus import paths

    return [page for page, _ in paths.toc_pages(ROOT)]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def server(built_book):
    handler = functools.partial(_QuietHandler, directory=str(HTML))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def pdf_text(built_book, tmp_path_factory) -> str:
    """The PDF edition built as `bin/book pdf` builds it (started when the HTML book was built), as text."""
    _start_pdf(tmp_path_factory)
    r = _jobs["pdf"].result()
    if r.returncode != 0:
        pytest.fail("the PDF build failed:\n" + r.stdout[-4000:] + r.stderr[-4000:])
    built = ROOT / "_build" / "pdf" / pdf.NAME
    return subprocess.run(["pdftotext", "-layout", str(built), "-"], capture_output=True, text=True, check=True).stdout


#: The tiers (markers declared in pyproject.toml): a test using one of these fixtures gets its tier's mark; test
#: files that build copies of the book set ``pytestmark`` themselves. Any tier mark makes a test ``slow``, and
#: `bin/book check` (``-m "not slow"``) leaves it out.
FIXTURE_TIERS = {"built_book": "book", "server": "book", "fresh_clone": "book", "browser": "browser", "pdf_text": "pdf"}
TIERS = ("book", "browser", "pdf", "kernel", "network")


def pytest_collection_modifyitems(config, items):
    for item in items:
        for fixture in set(getattr(item, "fixturenames", ())) & FIXTURE_TIERS.keys():
            item.add_marker(getattr(pytest.mark, FIXTURE_TIERS[fixture]))
        if any(item.get_closest_marker(t) for t in TIERS):
            item.add_marker(pytest.mark.slow)
