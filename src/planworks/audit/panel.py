"""What the checks read and what they say: a panel of daily reports and the screens of it.

A panel is many units' daily reports of one product over consecutive days, as matrices
(units x days), with what is known of each unit. Every check is a function of a panel
that returns a `Screen`: for each unit-day, normal, alert or crisis, and the statistic
behind it. A check that judges a run of days (a series too smooth, too many round
figures) marks the last day of the run it judged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import IntEnum, StrEnum

import numpy as np
import numpy.typing as npt

__all__ = ["Check", "Floats", "Ints", "Levels", "Panel", "Screen", "Severity"]

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
Levels = npt.NDArray[np.int8]


class Severity(IntEnum):
    """How far a finding is from normal (Cybersyn's algedonic levels)."""

    NORMAL = 0
    ALERT = 1  # worth a statistician's look
    CRISIS = 2  # cannot be true as reported


class Check(StrEnum):
    """The checks, each a way a report can be wrong."""

    CAPACITY = "capacity"  # above the unit's demonstrated or nameplate capacity
    IMPOSSIBLE = "impossible"  # above what any unit of its kind can make in a day
    UNUSABLE = "unusable"  # output below the minimum usable grade
    OUTLIER = "outlier"  # Harrison-Stevens: a transient the series does not explain
    STEP = "step"  # Harrison-Stevens: a change of level
    SLOPE = "slope"  # Harrison-Stevens: a change of growth
    DRIFT = "drift"  # cumulative Bayes factor: a run of days each a little above forecast
    PEER = "peer"  # Hidiroglou-Berthelot: growth unlike the unit's peers'
    SMOOTH = "smooth"  # day-to-day changes too small for a unit of its kind
    REPEATED = "repeated"  # the same figure day after day, or another unit's figures
    ROUND = "round"  # too many round figures
    BUNCHING = "bunching"  # fulfilment heaped just above 100%
    BENFORD = "benford"  # first digits unlike Benford's law
    # hard checks of what units report beside their output (planworks.audit.ledgers)
    INPUTS = "inputs"  # inputs per unit of output outside the recipe's range
    BALANCE = "balance"  # opening + made + received - shipped - used != closing stock
    SHIPPED = "shipped"  # shipped to a unit that did not receive it
    REGION_TOTAL = "region_total"  # a region's reported total unlike its units' sum

    @property
    def judges_region(self) -> bool:
        """The check judges a region's own reported total, not a unit's reports: its
        finding's `unit` is the region's code."""
        return self is Check.REGION_TOTAL


@dataclass(frozen=True)
class Panel:
    """Daily reports of `units` over `days` consecutive days from `first_day`.

    `quantity` is NaN where a unit did not report. `grade` is NaN where a report has no
    grade. `capacity` is the unit's capacity per day (NaN: unknown); `demonstrated` its
    best month's mean daily output before the panel (NaN: no history). `group` puts units
    that should behave alike (same product, kind and region) together; -1 is a unit of no
    group. `target` is each unit's plan for the panel's days (NaN: none).
    """

    units: tuple[str, ...]
    first_day: date
    quantity: Floats  # (units, days)
    capacity: Floats  # (units,)
    group: Ints  # (units,)
    grade: Floats | None = None  # (units, days)
    min_grade: float | None = None
    demonstrated: Floats | None = None  # (units,)
    target: Floats | None = None  # (units,)
    kind_max: Floats | None = None  # (units,): the most any unit of its kind makes a day
    extra: dict[str, Floats] = field(default_factory=dict)

    def __post_init__(self) -> None:
        n, d = self.quantity.shape
        if len(self.units) != n:
            raise ValueError(f"{len(self.units)} units but {n} rows of quantity")
        for name in ("capacity", "group", "demonstrated", "target", "kind_max"):
            value = getattr(self, name)
            if value is not None and value.shape != (n,):
                raise ValueError(f"{name} has shape {value.shape}, not ({n},)")
        if self.grade is not None and self.grade.shape != (n, d):
            raise ValueError(f"grade has shape {self.grade.shape}, not {(n, d)}")

    @property
    def shape(self) -> tuple[int, int]:
        n, d = self.quantity.shape
        return int(n), int(d)

    def day(self, j: int) -> date:
        """The date of column j."""
        return self.first_day + timedelta(days=j)


@dataclass(frozen=True)
class Screen:
    """One check over a panel: a level and a statistic for each unit-day."""

    check: Check
    level: Levels  # (units, days): Severity values
    score: Floats  # (units, days): the statistic (NaN where not computed)

    @classmethod
    def empty(cls, check: Check, shape: tuple[int, int]) -> Screen:
        return cls(check, np.zeros(shape, dtype=np.int8), np.full(shape, np.nan))

    def flagged(self) -> npt.NDArray[np.bool_]:
        """Unit-days at alert or above."""
        result: npt.NDArray[np.bool_] = self.level >= Severity.ALERT
        return result
