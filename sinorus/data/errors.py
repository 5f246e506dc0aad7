"""How the loader reports what is wrong: one :class:`Fault` per broken rule, naming file, line, key, column, value
and rule; :class:`DataError` carries them all."""

from __future__ import annotations

from dataclasses import dataclass


class DataError(ValueError):
    """Raised when a data table breaks its schema or one of the book's rules."""


@dataclass(frozen=True)
class Fault:
    file: str
    line: int | None
    key: str | None
    column: str | None
    value: object
    rule: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.key:
            where += f" ({self.key})"
        if self.column is not None:
            where += f", column '{self.column}'"
            return f"{where}: value {self.value!r} breaks rule: {self.rule}"
        return f"{where}: {self.rule}"
