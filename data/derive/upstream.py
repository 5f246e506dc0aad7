"""What every derivation script shares: the upstream file named by repository, commit and path, checked by its
SHA-256 before it is read, and the provenance record written into the data package's descriptor.

A derivation script reads one public upstream file (a standard research dataset as a stored public repository
carries it), keeps the China-Russia dyad, and writes a table into ``data/``. The build never runs these scripts and
never needs the upstream files: the derived tables are committed. An editor re-derives a table with
``python data/derive/<script>.py <upstream file>`` (the readers the scripts need are the optional dependency group
``derive`` in ``pyproject.toml``).
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Upstream:
    repository: str  # owner/name of the public repository that carries the file
    commit: str  # full commit hash
    path: str  # path of the file in that commit
    sha256: str  # of the file's bytes

    def show(self) -> str:
        """The command that writes the file from a clone of the repository."""
        return f"git show {self.commit}:{self.path}"


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def checked(path: str | Path, upstream: Upstream) -> Path:
    """The upstream file, after checking that its bytes are the ones the table was derived from."""
    path = Path(path)
    got = sha256(path)
    if got != upstream.sha256:
        sys.exit(f"{path}: SHA-256 {got} is not the {upstream.sha256} of {upstream.repository}@"
                 f"{upstream.commit[:7]}:{upstream.path} [rule: upstream-checksum]")
    return path


def record(resource: str, *upstreams: Upstream) -> None:
    """Write the upstream files' provenance into the resource's ``x-derivation`` entry of the descriptor."""
    descriptor_path = DATA / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    for res in descriptor["resources"]:
        if res["name"] == resource:
            res["x-derivation"] = {"script": f"data/derive/{Path(sys.argv[0]).name}",
                                   "upstream": [asdict(u) for u in upstreams]}
            break
    else:
        sys.exit(f"data/datapackage.json: no resource {resource!r} to record provenance for")
    descriptor_path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def write(frame, name: str) -> Path:
    out = DATA / f"{name}.csv"
    frame.to_csv(out, index=False, lineterminator="\n")
    print(f"wrote {out.relative_to(DATA.parent)}: {len(frame)} rows")
    return out
