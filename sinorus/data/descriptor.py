"""The data package's descriptor (``data/datapackage.json``, a Frictionless Tabular Data Package): its tables, their
schemas and what each table's validation reads."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from .. import paths
from .errors import DataError


def descriptor(base: Path | None = None) -> dict:
    """The parsed descriptor (read again only when the file changes: the build asks for it per chapter and per
    table). Treat it as read-only."""
    path = paths.data_dir(base) / "datapackage.json"
    try:
        stat = path.stat()
        return _parsed(str(path), stat.st_mtime_ns, stat.st_size)
    except FileNotFoundError:
        raise DataError(f"{paths.relative(path, base)}: the data package descriptor is missing") from None
    except json.JSONDecodeError as e:
        raise DataError(f"{paths.relative(path, base)}, line {e.lineno}: not valid JSON ({e.msg})") from None


@lru_cache(maxsize=16)
def _parsed(path: str, mtime_ns: int, size: int) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def resource(name: str, base: Path | None = None) -> dict:
    for res in descriptor(base)["resources"]:
        if res["name"] == name:
            return res
    names = ", ".join(r["name"] for r in descriptor(base)["resources"])
    raise DataError(f"data/datapackage.json: no table named '{name}' (tables: {names})")


def table_names(base: Path | None = None) -> list[str]:
    return [r["name"] for r in descriptor(base)["resources"]]


def dependencies(name: str, base: Path | None = None) -> list[str]:
    """The tables a table's validation reads (itself and, through foreign keys, the tables it refers to)."""
    seen: list[str] = []

    def walk(n: str) -> None:
        if n in seen:
            return
        seen.append(n)
        for fk in resource(n, base)["schema"].get("foreignKeys", []):
            walk(fk["reference"]["resource"] or n)

    walk(name)
    return seen


def reads(name: str, base: Path | None = None) -> list[str]:
    """Every table whose change can change what ``load(name)`` returns or refuses: the table, the tables its
    foreign keys point to (and theirs), and the tables its book rules declare they read."""
    from .rules import RULES

    seen: list[str] = []
    for t in dependencies(name, base):
        for r in [t] + [
            x for rule in resource(t, base)["schema"].get("x-rules", []) if rule in RULES for x in RULES[rule].reads
        ]:
            if r not in seen:
                seen.append(r)
    return seen
