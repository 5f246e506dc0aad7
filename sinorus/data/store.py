"""Validated tables kept between runs, so each table is checked once per change, not once per chapter.

A table that passes validation is stored, as the typed frame :func:`.validation.validate` returns, in
``_build/.sinorus-tables/<name>-<key>.pickle`` of the book it was read from. The key is a hash of everything the
check reads: the table's CSV and its entry in the descriptor, the same for every table it reads (foreign keys, the
tables its rules read), ``references.bib`` when the table has source keys, the loader's own code, and the versions of
pandas and frictionless. Change any of them and the key changes: the table is validated again, and a fault stops the
load exactly as before (a table with a fault is never stored). Kernels that execute chapters at the same time wait
for each other on a lock per key, so a table is validated once, not by each of them.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from .. import paths

#: The loader's code: a change to any of these modules re-validates every table.
CODE = ("data/__init__.py", "data/dates.py", "data/descriptor.py", "data/errors.py", "data/rows.py",
        "data/rules.py", "data/store.py", "data/validation.py", "bib.py", "paths.py")  # fmt: skip
STORE_ENV = "SINORUS_TABLE_STORE"  # "0" turns the store off (every load validates)


def folder(base: Path | None = None) -> Path:
    return (base or paths.root()) / "_build" / ".sinorus-tables"


def enabled() -> bool:
    return os.environ.get(STORE_ENV, "1") != "0"


@lru_cache(maxsize=1)
def _code_digest() -> bytes:
    from importlib.metadata import version

    import pandas as pd

    h = hashlib.sha256()
    for name in CODE:
        h.update(name.encode() + b"\0" + (paths.PACKAGE_DIR / name).read_bytes())
    h.update(f"pandas {pd.__version__}; frictionless {version('frictionless')}".encode())
    return h.digest()


def key(name: str, base: Path | None = None) -> str:
    """The hash of everything validating ``name`` reads (see the module's docstring)."""
    from .descriptor import descriptor, reads

    described = {r["name"]: r for r in descriptor(base)["resources"]}
    h = hashlib.sha256(_code_digest())
    for table in reads(name, base):
        res = described[table]
        h.update(json.dumps(res, sort_keys=True).encode())
        path = paths.data_dir(base) / res["path"]
        h.update(path.read_bytes() if path.is_file() else b"<missing>")
    if any(f.get("x-source-key") for f in described[name]["schema"]["fields"]):
        bibfile = paths.bibfile(base)
        h.update(bibfile.read_bytes() if bibfile.is_file() else b"<missing>")
    return h.hexdigest()[:24]


def _path(name: str, digest: str, base: Path | None) -> Path:  # name: a table's, or a kind of remembered value
    return folder(base) / f"{name}-{digest}.pickle"


def read(name: str, digest: str, base: Path | None = None):
    """The stored frame for this key, or None."""
    try:
        with _path(name, digest, base).open("rb") as f:
            return pickle.load(f)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
        return None


def write(name: str, digest: str, frame, base: Path | None = None) -> None:
    """Store a validated frame (written whole, then renamed: a reader never sees half a file); drop the table's
    older versions. A store that cannot be written (a read-only clone) is skipped: loading still works."""
    import tempfile

    target = _path(name, digest, base)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{name}-", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(frame, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)
        for old in [*target.parent.glob(f"{name}-*.pickle"), *target.parent.glob(f".{name}-*.lock")]:
            if digest not in old.name:
                old.unlink(missing_ok=True)
    except OSError:
        pass


def remember(kind: str, files: list[Path], compute, base: Path | None = None):
    """What ``compute()`` returns, kept in the store under a hash of ``files`` (their paths and contents): for other
    costly values that every chapter's kernel would otherwise recompute from the same files, such as the
    bibliography's labels."""
    h = hashlib.sha256(kind.encode())
    for f in files:
        h.update(str(f).encode() + b"\0" + (f.read_bytes() if f.is_file() else b"<missing>"))
    digest = h.hexdigest()[:24]
    if not enabled():
        return compute()
    value = read(kind, digest, base)
    if value is None:
        with lock(kind, digest, base):
            value = read(kind, digest, base)
            if value is None:
                value = compute()
                write(kind, digest, value, base)
    return value


@contextmanager
def lock(name: str, digest: str, base: Path | None = None):
    """Held while one process validates a table; others wait, then read what it stored."""
    try:
        import fcntl

        folder(base).mkdir(parents=True, exist_ok=True)
        f = (folder(base) / f".{name}-{digest}.lock").open("w")
    except (ImportError, OSError):  # no POSIX locks, or nowhere to write: validate without waiting
        yield
        return
    try:
        fcntl.flock(f, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(f, fcntl.LOCK_UN)
        f.close()
