"""A table's CSV file as (line number, row) pairs: the line numbers every fault names."""

from __future__ import annotations

import csv
from pathlib import Path

from .. import paths
from .errors import DataError


def read_rows(path: Path, base: Path | None) -> tuple[list[str], list[tuple[int, dict]]]:
    name = paths.relative(path, base)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(f"{name}: the data file is missing") from None
    except UnicodeDecodeError as e:
        raise DataError(f"{name}: not UTF-8 text ({e.reason} at byte {e.start})") from None
    reader = csv.reader(text.splitlines(keepends=True))
    try:
        header = next(reader)
    except StopIteration:
        raise DataError(f"{name}: the file is empty (no header row)") from None
    rows = []
    for record in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            raise DataError(
                f"{name}, line {line}: has {len(record)} cells but the header has {len(header)} columns "
                f"(a missing or extra comma, or an unquoted comma inside a value)"
            )
        rows.append((line, dict(zip(header, record))))
    return header, rows
