"""Periods of the plan calendar: year, quarter, month, ten-day period (旬) and date range.

Dates inside planworks are stored as *epoch days* (days since 1970-01-01), the same
integers NumPy's ``datetime64[D]`` and Arrow's ``date32`` use, so that columns move
between the database and arrays without conversion.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache

from planworks.domain.errors import InputError, InputProblem

__all__ = [
    "EPOCH",
    "Period",
    "PeriodKind",
    "day_number",
    "from_day_number",
    "parse_date",
]

EPOCH = date(1970, 1, 1)
_EPOCH_ORDINAL = EPOCH.toordinal()


def day_number(d: date) -> int:
    """The epoch day of a date (1970-01-01 is 0)."""
    return d.toordinal() - _EPOCH_ORDINAL


@lru_cache(maxsize=65_536)  # a few centuries of days; plans and rows repeat them
def from_day_number(n: int) -> date:
    """The date of an epoch day."""
    return date.fromordinal(int(n) + _EPOCH_ORDINAL)


def parse_date(text: str, *, field: str = "date") -> date:
    """An ISO 8601 calendar date (YYYY-MM-DD), or an `InputError` naming the field."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(
            [InputProblem(f"{text!r} is not a date (YYYY-MM-DD)", column=field)]
        ) from None


class PeriodKind(StrEnum):
    """The kinds of plan period; a range is any other run of days."""

    YEAR = "year"
    QUARTER = "quarter"
    MONTH = "month"
    DEKAD = "dekad"  # 旬: days 1-10, 11-20, 21-end of a month
    RANGE = "range"


#: The years a period may fall in: the metrics look a year back and a period ahead.
FIRST_YEAR, LAST_YEAR = 1800, 2999

_PERIOD_RE = re.compile(
    r"^(?P<year>\d{4})"
    r"(?:-(?:Q(?P<quarter>[1-4])|(?P<month>0[1-9]|1[0-2])(?:-D(?P<dekad>[1-3]))?))?$",
    re.IGNORECASE,
)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _dekad_bounds(year: int, month: int, n: int) -> tuple[date, date]:
    start = date(year, month, 1 + 10 * (n - 1))
    end = _month_end(year, month) if n == 3 else date(year, month, 10 * n)
    return start, end


@dataclass(frozen=True, slots=True, order=True)
class Period:
    """A closed run of days [start, end] and the kind of period it is."""

    start: date
    end: date
    kind: PeriodKind = PeriodKind.RANGE

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise InputError(
                [InputProblem(f"period ends ({self.end}) before it starts ({self.start})")]
            )
        if self.start.year < FIRST_YEAR or self.end.year > LAST_YEAR:
            raise InputError(
                [
                    InputProblem(
                        f"{self.start} to {self.end} is not within the years planworks "
                        f"counts in ({FIRST_YEAR}-{LAST_YEAR})",
                        column="start",
                    )
                ]
            )

    # -- construction -------------------------------------------------------------------
    @classmethod
    def of(cls, start: date, end: date) -> Period:
        """The period [start, end], its kind recognised from the dates."""
        return cls(start, end, _kind_of(start, end))

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31), PeriodKind.YEAR)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        first = 3 * (quarter - 1) + 1
        return cls(date(year, first, 1), _month_end(year, first + 2), PeriodKind.QUARTER)

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(date(year, month, 1), _month_end(year, month), PeriodKind.MONTH)

    @classmethod
    def dekad(cls, year: int, month: int, n: int) -> Period:
        start, end = _dekad_bounds(year, month, n)
        return cls(start, end, PeriodKind.DEKAD)

    @classmethod
    def parse(cls, text: str) -> Period:
        """`1960`, `1960-Q1`, `1960-02`, `1960-02-D2` (the second 旬 of February 1960)."""
        m = _PERIOD_RE.match(text.strip())
        if not m:
            raise InputError(
                [
                    InputProblem(
                        f"{text!r} is not a period: use 1960, 1960-Q1, 1960-02 or 1960-02-D1",
                        column="period",
                    )
                ]
            )
        year = int(m["year"])
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise InputError(
                [
                    InputProblem(
                        f"{year} is not a year planworks counts in ({FIRST_YEAR}-{LAST_YEAR})",
                        column="period",
                    )
                ]
            )
        if m["quarter"]:
            return cls.quarter(year, int(m["quarter"]))
        if m["month"]:
            month = int(m["month"])
            return cls.dekad(year, month, int(m["dekad"])) if m["dekad"] else cls.month(year, month)
        return cls.year(year)

    # -- arithmetic ---------------------------------------------------------------------
    @property
    def days(self) -> int:
        """How many days the period has."""
        return (self.end - self.start).days + 1

    def elapsed_days(self, as_of: date) -> int:
        """Days of the period up to and including `as_of` (0 before it starts)."""
        if as_of < self.start:
            return 0
        return (min(as_of, self.end) - self.start).days + 1

    def contains(self, d: date) -> bool:
        return self.start <= d <= self.end

    def previous(self) -> Period:
        """The period of the same kind just before this one."""
        s = self.start
        match self.kind:
            case PeriodKind.YEAR:
                return Period.year(s.year - 1)
            case PeriodKind.QUARTER:
                q = (s.month - 1) // 3 + 1
                return Period.quarter(s.year - 1, 4) if q == 1 else Period.quarter(s.year, q - 1)
            case PeriodKind.MONTH:
                return Period.month(*_month_before(s.year, s.month))
            case PeriodKind.DEKAD:
                n = (s.day - 1) // 10 + 1
                if n > 1:
                    return Period.dekad(s.year, s.month, n - 1)
                return Period.dekad(*_month_before(s.year, s.month), 3)
            case _:
                end = s - timedelta(days=1)
                return Period(end - timedelta(days=self.days - 1), end, PeriodKind.RANGE)

    def year_earlier(self) -> Period:
        """The same period one year before (29 February falls back to the 28th)."""
        return Period.of(_shift_year(self.start, -1), _shift_year(self.end, -1))

    def label(self) -> str:
        """A compact name: 1960, 1960-Q1, 1960-02, 1960-02-D1, or start..end."""
        s = self.start
        match self.kind:
            case PeriodKind.YEAR:
                return f"{s.year}"
            case PeriodKind.QUARTER:
                return f"{s.year}-Q{(s.month - 1) // 3 + 1}"
            case PeriodKind.MONTH:
                return f"{s.year}-{s.month:02d}"
            case PeriodKind.DEKAD:
                return f"{s.year}-{s.month:02d}-D{(s.day - 1) // 10 + 1}"
            case _:
                return f"{self.start.isoformat()}..{self.end.isoformat()}"


def _month_before(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def _shift_year(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February in a common year
        return d.replace(year=d.year + years, day=28)


def _kind_of(start: date, end: date) -> PeriodKind:
    if start.day == 1:
        if start.month == 1 and end == date(start.year, 12, 31):
            return PeriodKind.YEAR
        if start.month % 3 == 1 and end == _month_end(start.year, start.month + 2):
            return PeriodKind.QUARTER
        if end == _month_end(start.year, start.month):
            return PeriodKind.MONTH
    if start.day in (1, 11, 21) and (start, end) == _dekad_bounds(
        start.year, start.month, (start.day - 1) // 10 + 1
    ):
        return PeriodKind.DEKAD
    return PeriodKind.RANGE
