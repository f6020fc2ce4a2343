"""Forecast of a plan's completion: the chance of meeting it, and when.

The daily series of each plan's scope up to the as-of day is run through the audit's
time-series model (`planworks.audit.dynamic`: level, growth, weekday effects and noise,
learnt per series), and the days left to the period's end are drawn from it many times.
The share of draws whose cumulative reaches the target is the chance of meeting the plan;
the days on which the draws reach it give the P10, P50 and P90 completion dates (a
quantile that falls among draws never reaching it is no date: not by the period's end).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

from planworks.audit import dynamic
from planworks.audit.panel import Floats

__all__ = ["DRAWS", "HISTORY_DAYS", "CompletionForecast", "completion_forecast"]

#: Draws of the days to come: the chance is good to about 1 point.
DRAWS = 2_000
#: Days of a series before the as-of day that the model learns from.
HISTORY_DAYS = 91


@dataclass(frozen=True)
class CompletionForecast:
    """The chance of meeting a plan by its period's end, and the completion dates of the
    10th, 50th and 90th percentile draws (None: that draw does not complete by the end)."""

    p_meet_pct: float
    p10: date | None
    p50: date | None
    p90: date | None


def completion_forecast(
    history: Floats,
    cumulative: Floats,
    target: Floats,
    as_of: date,
    end: date,
    *,
    draws: int = DRAWS,
    seed: int = 0,
) -> list[CompletionForecast | None]:
    """Forecasts of plans in progress on `as_of` whose periods end on `end`.

    `history` is each plan's daily series (rows) over days up to and including `as_of`;
    `cumulative` what each has made of its period by then, `target` its target. A plan
    without a target, or already met, or whose period is over, gets None (met: its
    completion date is known); so does one whose scope never reported.
    """
    left = (end - as_of).days
    n = len(target)
    out: list[CompletionForecast | None] = [None] * n
    open_ = np.isfinite(target) & (cumulative < target) & (left > 0)
    rows = np.flatnonzero(open_)
    if not len(rows):
        return out
    series = np.array(history[rows, -HISTORY_DAYS:], dtype=np.float64)
    # days before a scope's first output are no reports, not days of nothing made
    started = np.maximum.accumulate(np.nan_to_num(series) > 0, axis=1)
    series[~started] = np.nan
    state = dynamic.start(dynamic.first_week_median(series))
    # the model starts on the first day any of the scopes reported
    begun = np.flatnonzero(started.any(axis=0))
    for t in range(int(begun[0]) if len(begun) else series.shape[1], series.shape[1]):
        state, _ = dynamic.update(state, series[:, t])
    paths = dynamic.forecast_paths(state, left, draws, np.random.default_rng(seed))
    needed = (target - cumulative)[rows]
    reached: npt.NDArray[np.bool_] = np.cumsum(paths, axis=2) >= needed[None, :, None]
    hit: npt.NDArray[np.bool_] = np.any(reached, axis=2)
    day = np.where(hit, reached.argmax(axis=2) + 1, np.iinfo(np.int64).max)
    for k, row in enumerate(rows):
        if not state.known[k]:
            continue
        quantiles = np.quantile(day[:, k], (0.1, 0.5, 0.9), method="inverted_cdf")
        dates = [as_of + timedelta(days=int(q)) if q <= left else None for q in quantiles]
        out[row] = CompletionForecast(100.0 * float(hit[:, k].mean()), *dates)
    return out
