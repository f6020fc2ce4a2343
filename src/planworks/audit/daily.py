"""The daily audit: each new day's reports of every unit, judged as they arrive.

A period's audit (`planworks.audit.screening.screen`) runs the time-series model over all
its days. Each day, though, only one day is new: the model's state is carried from the
day before and updated once, and the checks that read a run of days read the trailing
`WINDOW_DAYS` ending today. The screens it returns have one column: today.

Left to the period's audit: bunching at the plan (a verdict on a whole plan period) and
the one-step-back odds that tell, a day later, a kept step from a transient.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

import numpy as np
import numpy.typing as npt

from planworks.audit import dynamic
from planworks.audit.checks import screen_all
from planworks.audit.panel import Check, Floats, Panel, Screen

__all__ = ["DailyAudit"]


@dataclass
class DailyAudit:
    """The running audit of a panel's units: the model's state and the trailing window."""

    WINDOW_DAYS = 28  # four weeks: the longest run any window check reads, and then some

    panel: Panel  # the units, and the trailing window ending on the last day added
    state: dynamic.DynamicState
    model: dynamic.Model

    @classmethod
    def start(cls, panel: Panel, model: dynamic.Model | None = None) -> DailyAudit:
        """The audit after the panel's days: the model run over them, the window their end."""
        model = model or dynamic.Model()
        q = panel.quantity
        state = dynamic.start(dynamic.first_week_median(q), model)
        for t in range(q.shape[1]):
            state, _ = dynamic.update(state, q[:, t], model)
        window = _last_days(panel, DailyAudit.WINDOW_DAYS)
        return cls(window, state, model)

    def add_day(self, quantity: Floats, grade: Floats | None = None) -> list[Screen]:
        """Judge the day after the last one added: every unit's report (NaN: none)."""
        counted = self.state.count >= self.model.burn_in
        self.state, day = dynamic.update(self.state, quantity, self.model)
        self.panel = _shifted(self.panel, quantity, grade)
        screens = [s for s in screen_all(self.panel, since=-1) if s.check is not Check.BUNCHING]
        today = [Screen(s.check, s.level[:, -1:], s.score[:, -1:]) for s in screens]
        return today + _dynamic_today(day, counted, self.model)


def _last_days(panel: Panel, days: int) -> Panel:
    """The panel's last `days` days (all of them if it has fewer), without the plan: a
    window is not a plan period."""
    d = panel.shape[1]
    keep = slice(max(d - days, 0), d)
    return replace(
        panel,
        first_day=panel.day(keep.start),
        quantity=panel.quantity[:, keep].copy(),
        grade=None if panel.grade is None else panel.grade[:, keep].copy(),
        target=None,
    )


def _shifted(panel: Panel, quantity: Floats, grade: Floats | None) -> Panel:
    """The window moved on by one day, `quantity` (and `grade`) its new last column."""
    n, d = panel.shape
    full = d >= DailyAudit.WINDOW_DAYS
    q = np.concatenate([panel.quantity[:, 1:] if full else panel.quantity, quantity[:, None]], 1)
    g = None
    if panel.grade is not None:
        new = np.full(n, np.nan) if grade is None else grade
        g = np.concatenate([panel.grade[:, 1:] if full else panel.grade, new[:, None]], 1)
    first = panel.first_day + timedelta(days=1) if full else panel.first_day
    return replace(panel, first_day=first, quantity=q, grade=g)


def _dynamic_today(
    day: dynamic.DayResult, counted: npt.NDArray[np.bool_], model: dynamic.Model
) -> list[Screen]:
    """The model's verdicts on today alone, as `screen_dynamic` gives them for a day."""
    eligible = (day.judged & counted)[:, None]
    up = eligible & (np.nan_to_num(day.error) > 0.0)[:, None]
    return dynamic.verdicts(
        day.log_odds[:, 1:].T[:, :, None],
        eligible,
        up,
        (day.drift >= model.drift_signal)[:, None],
        day.drift_total[:, None],
    )
