"""Shared by the derivation scripts in data/derive/: where an upstream file comes from, its checksum, and the
record of it in data/datapackage.json.

Each script names its upstream file by repository, commit and path (``Upstream``), reads a copy of that file
(``git --git-dir=<snapshot> show COMMIT:PATH > FILE``), checks its SHA-256, keeps the China-Russia rows and
writes ``data/<name>.csv``. The descriptor's resource then records the same provenance under ``x-provenance``,
so a reader of the data package can re-derive the table. The build never runs these scripts: the tables are
committed.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent

#: Correlates of War state codes of the dyad (China: Qing, Republic to 1949, then the People's Republic;
#: Russia: the Empire, the USSR 1922-91, the Russian Federation).
CHINA, RUSSIA = 710, 365


@dataclass(frozen=True)
class Upstream:
    repository: str  # owner/name of the public repository that carries the copy
    commit: str  # full commit hash
    path: str  # path of the file in that commit
    sha256: str  # checksum of the file's bytes

    def command(self) -> str:
        return f"git --git-dir=<snapshot of {self.repository}> show {self.commit[:10]}:{self.path} > FILE"


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def check(path: Path, upstream: Upstream) -> None:
    """Stop unless the file is the one the table was derived from."""
    got = sha256(Path(path))
    if got != upstream.sha256:
        raise SystemExit(
            f"{path}: SHA-256 {got} is not the recorded {upstream.sha256} "
            f"({upstream.repository} @ {upstream.commit[:10]} : {upstream.path})"
        )


def is_dyad(a, b) -> bool:
    return {int(a), int(b)} == {CHINA, RUSSIA}


def write_table(rows: list[dict], columns: list[str], out: Path) -> None:
    """Write the rows as the book's CSV: UTF-8, one header, an empty cell for a missing value."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({c: "" if r.get(c) is None else r[c] for c in columns})


def record(name: str, upstreams: list[Upstream], script: str, data_dir: Path) -> None:
    """Record the upstream files in the resource's ``x-provenance`` in datapackage.json (the resource, with its
    schema, must already be described there)."""
    path = data_dir / "datapackage.json"
    desc = json.loads(path.read_text("utf-8"))
    res = next((r for r in desc["resources"] if r["name"] == name), None)
    if res is None:
        raise SystemExit(f"{path}: no resource '{name}'; describe the table first (CONTRIBUTING.md, Recipe 2)")
    res["x-provenance"] = {"script": f"data/derive/{script}", "upstream": [asdict(u) for u in upstreams]}
    path.write_text(json.dumps(desc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def arguments(doc: str, n: int = 1) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=doc)
    p.add_argument("upstream", nargs=n, type=Path, help="the upstream file(s), in the order the script names them")
    p.add_argument("--data", type=Path, default=DATA, help="the data directory to write (default: the book's)")
    p.add_argument("--no-check", action="store_true", help="skip the checksum (for test fixtures only)")
    return p.parse_args()


def run(name: str, upstreams: list[Upstream], script: str, derive, readers: list, columns: list[str], doc: str) -> None:
    """The common main of a derivation script: check, read (one reader per upstream file), derive, write,
    record."""
    args = arguments(doc, len(upstreams))
    if not args.no_check:
        for f, u in zip(args.upstream, upstreams):
            check(f, u)
    rows = derive(*[r(f) for f, r in zip(args.upstream, readers)])
    write_table(rows, columns, args.data / f"{name}.csv")
    if not args.no_check:
        record(name, upstreams, script, args.data)
    print(f"{name}: {len(rows)} rows -> {args.data / (name + '.csv')}")


def checked(path, upstream: Upstream) -> Path:
    """The upstream file, after checking that it is the one the table was derived from."""
    check(Path(path), upstream)
    return Path(path)


def write_frame(frame, name: str, data_dir: Path = DATA) -> None:
    """Write a pandas frame as the book's CSV (an empty cell for a missing value)."""
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    write_table(rows, list(frame.columns), data_dir / f"{name}.csv")
    print(f"{name}: {len(rows)} rows -> {data_dir / (name + '.csv')}")
