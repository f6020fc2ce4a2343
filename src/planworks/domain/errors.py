"""The exceptions planworks raises.

    PlanworksError                 every planworks error
    ├── InputError                 bad input: names file, row and column (or the API field)
    ├── NotFoundError              an unknown scope, product, plan or scenario (or one
    │                              out of the asker's reach: the two look the same)
    ├── AccessError                the asker's role may not do this at all
    └── StoreError                 the database is missing, not initialised, or refused the work

An `InputError` carries every `InputProblem` found, not only the first, so that a
reporter can mend a whole file in one go.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "AccessError",
    "InputError",
    "InputProblem",
    "NotFoundError",
    "PlanworksError",
    "StoreError",
]


class PlanworksError(Exception):
    """Base of every error planworks raises on purpose."""


@dataclass(frozen=True, slots=True)
class InputProblem:
    """One thing wrong with the input, and where it is.

    `row` is the line number in the file, the header being line 1; `column` is the
    column's name (or, for the API, the field's path).
    """

    message: str
    file: str | None = None
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = []
        if self.file is not None:
            where.append(self.file)
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class InputError(PlanworksError):
    """The input is wrong; `problems` lists every problem found (up to a limit)."""

    shown = 200  # as many as an import collects (`ingest.files.Problems`)

    def __init__(self, problems: Iterable[InputProblem], *, more: int = 0) -> None:
        self.problems: Sequence[InputProblem] = tuple(problems)
        self.more = more
        super().__init__(self._text())

    def __reduce__(self) -> tuple[object, ...]:
        # pickled whole (a report writer in another process sends it back), not as text
        return (_input_error, (tuple(self.problems), self.more))

    def _text(self) -> str:
        lines = [str(p) for p in self.problems[: self.shown]]
        hidden = len(self.problems) - len(lines) + self.more
        if hidden > 0:
            lines.append(f"... and {hidden} more problem(s)")
        count = len(self.problems) + self.more
        head = "1 problem in the input" if count == 1 else f"{count} problems in the input"
        return head + ":\n" + "\n".join(f"  {line}" for line in lines)


class NotFoundError(PlanworksError):
    """Something named does not exist (a region, unit, product, plan or scenario).

    `field` names the input that named it, where there is one (`reports[2].unit`).
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field

    def __reduce__(self) -> tuple[object, ...]:
        return (_not_found, (str(self), self.field))


def _input_error(problems: Sequence[InputProblem], more: int) -> InputError:
    return InputError(problems, more=more)


def _not_found(message: str, field: str | None) -> NotFoundError:
    return NotFoundError(message, field=field)


class AccessError(PlanworksError):
    """The asker's role does not allow this action anywhere (a viewer sending reports)."""


class StoreError(PlanworksError):
    """The database cannot do what was asked (missing, not initialised, refused)."""
