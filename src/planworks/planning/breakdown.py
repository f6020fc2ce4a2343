"""Breaking a target down: to the units that will make it, and to days or ten-day periods.

To units, in proportion to what each can make in the period (capacity per day x days open)
or to what the optimal plan gives its group (then split over the group's units by the same
capacity). To days, in proportion to the days of each part: a ten-day period (旬) of
eleven days gets eleven tenths of a ten-day one. Parts are rounded to `step` and the
rounding is settled on the largest parts, so they add up to the target exactly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

from planworks.domain.periods import Period, PeriodKind

__all__ = ["Part", "apportion", "split_by_weight", "split_period"]

Floats = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Part:
    """A piece of a target: for a unit (`scope`) or a shorter period."""

    scope: str
    start: date
    end: date
    target: float


def apportion(total: float, weights: npt.ArrayLike, step: float = 0.001) -> Floats:
    """`total` split in proportion to `weights`, each a multiple of `step`, summing to it.

    Largest remainders: everyone gets the rounded-down share, and the steps left over go
    to the largest remainders.
    """
    w = np.asarray(weights, dtype=np.float64)
    if w.size == 0:
        return w
    if np.any(w < 0) or w.sum() <= 0:
        raise ValueError("weights must be >= 0 with a positive sum")
    steps = round(total / step)
    exact = steps * w / w.sum()
    base = np.floor(exact)
    left = int(steps - base.sum())
    order = np.argsort(-(exact - base), kind="stable")
    base[order[:left]] += 1
    result: Floats = base * step
    return result


def split_by_weight(
    scope_target: float, start: date, end: date, weights: Mapping[str, float], step: float = 0.001
) -> list[Part]:
    """A target split over units by weight (units of weight 0 get nothing)."""
    names = sorted(n for n, w in weights.items() if w > 0)
    shares = apportion(scope_target, [weights[n] for n in names], step)
    return [Part(n, start, end, float(s)) for n, s in zip(names, shares, strict=True)]


def split_period(
    scope: str, target: float, period: Period, into: PeriodKind, step: float = 0.001
) -> list[Part]:
    """A target split over the days, or the ten-day periods (旬), of its period."""
    if into not in (PeriodKind.DEKAD, PeriodKind.RANGE):
        raise ValueError("a period is split into days (RANGE) or ten-day periods (DEKAD)")
    pieces: Sequence[tuple[date, date]] = (
        [(d, d) for d in _days(period)] if into is PeriodKind.RANGE else _dekads(period)
    )
    days = [(b - a).days + 1 for a, b in pieces]
    shares = apportion(target, days, step)
    return [Part(scope, a, b, float(s)) for (a, b), s in zip(pieces, shares, strict=True)]


def _days(period: Period) -> list[date]:
    return [period.start + timedelta(days=i) for i in range(period.days)]


def _dekads(period: Period) -> list[tuple[date, date]]:
    """The ten-day periods of `period`, the first and last cut to it."""
    out = []
    day = period.start
    while day <= period.end:
        n = min((day.day - 1) // 10 + 1, 3)
        dekad = Period.dekad(day.year, day.month, n)
        end = min(dekad.end, period.end)
        out.append((day, end))
        day = end + timedelta(days=1)
    return out
