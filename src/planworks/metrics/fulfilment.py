"""Plan fulfilment, as MISSION.md defines it, for many scopes at once.

Every function takes a matrix of daily figures, one row per scope and one column per
day of the period, so that the status of every region of a country is one pass of
array arithmetic. Days after the as-of date are ignored, whatever they hold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

from planworks.domain.periods import Period

__all__ = ["Progress", "comparable_days", "growth_pct", "plan_progress"]

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]

#: Cumulative sums of floats carry rounding noise; a target counts as reached within it.
_REACHED_RTOL = 1e-12


@dataclass(frozen=True)
class Progress:
    """Plan progress of n scopes over one period (arrays of length n, one row a scope).

    Each row is as of its own date. NaN (and -1 in `completion_index`) where a figure
    does not apply: no target, the target not reached yet, the period not over yet.
    """

    period: Period
    as_of: tuple[date, ...]
    elapsed_days: Ints
    cumulative: Floats
    fulfilment_pct: Floats
    completion_index: Ints  # day index in the period of completion, -1 if none
    overfulfilment_pct: Floats  # only once the period is over
    expected_to_date: Floats
    ahead_days: Floats

    def completion_date(self, i: int) -> date | None:
        k = int(self.completion_index[i])
        return None if k < 0 else self.period.start + timedelta(days=k)

    def days_ahead(self, i: int) -> int | None:
        done = self.completion_date(i)
        return None if done is None else (self.period.end - done).days


def plan_progress(
    daily: Floats,
    period: Period,
    as_of: date | Sequence[date],
    targets: Floats,
    planned_daily: Floats | None = None,
) -> Progress:
    """Progress of each row of `daily` (n x period.days) against its target.

    `as_of` is one date for every row, or one date a row.

    - cumulative: the sum of days up to the row's as-of date;
    - fulfilment %: cumulative / target x 100;
    - completion: the first day whose cumulative reaches the target; days ahead =
      period end - that day;
    - overfulfilment % (once the period is over): (cumulative / target - 1) x 100;
    - expected to date: the planned cumulative by the as-of date, pro rata by days
      unless `planned_daily` (n x days; a row of NaN: pro rata) breaks it down by day;
    - ahead (+) or behind (-) in days: (cumulative - expected) / planned daily rate.
    """
    daily = np.atleast_2d(np.asarray(daily, dtype=np.float64))
    n, days = daily.shape
    if days != period.days:
        raise ValueError(f"daily has {days} columns, the period {period.days} days")
    dates = (as_of,) * n if isinstance(as_of, date) else tuple(as_of)
    if len(dates) != n:
        raise ValueError(f"{len(dates)} as-of dates for {n} rows")
    targets = np.broadcast_to(np.asarray(targets, dtype=np.float64), (n,))
    elapsed = np.array([period.elapsed_days(d) for d in dates], dtype=np.int64)
    counted = np.arange(days)[None, :] < elapsed[:, None]  # the days up to each as-of
    running = np.cumsum(np.where(counted, daily, 0.0), axis=1)
    cumulative = running[:, -1] if days else np.zeros(n)
    has_target = np.isfinite(targets) & (targets > 0)
    safe = np.where(has_target, targets, np.nan)
    fulfilment = cumulative / safe * 100.0

    reached = counted & (running >= (safe * (1 - _REACHED_RTOL))[:, None])
    completion = np.where(reached.any(axis=1), reached.argmax(axis=1), -1)

    over_period = np.array([d >= period.end for d in dates], dtype=bool)
    over = np.where(over_period, fulfilment - 100.0, np.nan)

    # pro rata by days, except rows that `planned_daily` breaks down (rows of NaN: pro rata)
    expected = safe * (elapsed / period.days)
    rate = safe / period.days
    if planned_daily is not None:
        plan = np.atleast_2d(np.asarray(planned_daily, dtype=np.float64))
        shaped = ~np.isnan(plan).any(axis=1)
        by_day = np.where(counted, np.nan_to_num(plan), 0.0).sum(axis=1)
        # the planned rate of the day ahead (or of the last planned day, once past)
        next_day = np.nan_to_num(plan[np.arange(n), np.minimum(elapsed, days - 1)])
        expected = np.where(shaped, by_day, expected)
        rate = np.where(shaped & (next_day > 0), next_day, rate)
    with np.errstate(divide="ignore", invalid="ignore"):
        ahead = np.where(rate > 0, (cumulative - expected) / rate, np.nan)
    return Progress(
        period=period,
        as_of=dates,
        elapsed_days=elapsed,
        cumulative=cumulative,
        fulfilment_pct=fulfilment,
        completion_index=completion.astype(np.int64),
        overfulfilment_pct=over,
        expected_to_date=expected,
        ahead_days=ahead,
    )


def growth_pct(current: Floats, earlier: Floats) -> Floats:
    """(current / earlier - 1) x 100, NaN where the earlier figure is 0."""
    current = np.asarray(current, dtype=np.float64)
    earlier = np.asarray(earlier, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(earlier > 0, (current / earlier - 1.0) * 100.0, np.nan)


def comparable_days(period: Period, earlier: Period, as_of: date) -> int:
    """Days of `earlier` to compare with the elapsed part of `period` as of `as_of`.

    Once the period is over the whole earlier period counts; before that, the same
    number of elapsed days (at most the earlier period's length).
    """
    if as_of >= period.end:
        return earlier.days
    return min(period.elapsed_days(as_of), earlier.days)
