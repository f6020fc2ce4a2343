"""Forecasts of completion: the chance of meeting a plan, and when."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from planworks.metrics.forecast import completion_forecast

AS_OF, END = date(1960, 3, 1), date(1960, 3, 31)  # 30 days left


def _steady(rate: float, days: int = 60, seed: int = 1) -> np.ndarray:
    return rate * np.exp(np.random.default_rng(seed).normal(0.0, 0.1, days))


def test_a_plan_well_within_reach_is_met_and_one_far_beyond_is_not() -> None:
    history = np.vstack([_steady(10.0), _steady(10.0), _steady(10.0)])
    easy, hard, near = completion_forecast(
        history, np.zeros(3), np.array([200.0, 450.0, 300.0]), AS_OF, END
    )
    assert easy is not None
    assert hard is not None
    assert near is not None
    assert easy.p_meet_pct > 99
    assert easy.p10 is not None
    assert easy.p50 is not None
    assert easy.p90 is not None
    assert easy.p10 <= easy.p50 <= easy.p90
    assert date(1960, 3, 18) <= easy.p50 <= date(1960, 3, 24)  # 200 t at 10 t a day
    assert hard.p_meet_pct < 1
    assert hard.p50 is None
    assert 15 < near.p_meet_pct < 85  # exactly the rate: a toss-up


def test_what_is_not_in_progress_has_no_forecast() -> None:
    history = np.vstack([_steady(10.0)] * 4)
    history[3] = np.nan  # a scope that never reported
    met, no_plan, over, silent = completion_forecast(
        history,
        np.array([300.0, 0.0, 0.0, 0.0]),
        np.array([250.0, np.nan, 500.0, 100.0]),
        AS_OF,
        END,
    )
    assert (met, no_plan, silent) == (None, None, None)
    assert over is not None
    assert completion_forecast(history, np.zeros(4), np.full(4, 1.0), END, END) == [None] * 4


def test_the_forecast_is_the_same_each_time() -> None:
    history = _steady(10.0)[None, :]
    args = (history, np.array([50.0]), np.array([330.0]), AS_OF, END)
    assert completion_forecast(*args) == completion_forecast(*args)


@pytest.mark.parametrize("rate", [1.0, 500.0])
def test_a_rising_series_is_forecast_to_keep_rising(rate: float) -> None:
    growing = rate * 1.01 ** np.arange(90) * np.exp(np.random.default_rng(2).normal(0, 0.05, 90))
    flat = np.full(90, growing[-1])
    target = np.array([growing[-1] * 33.0])
    (rising,) = completion_forecast(growing[None, :], np.zeros(1), target, AS_OF, END)
    (level,) = completion_forecast(flat[None, :], np.zeros(1), target, AS_OF, END)
    assert rising is not None
    assert level is not None
    assert rising.p_meet_pct > level.p_meet_pct
