"""Tiny exact cases of every fulfilment figure, and its invariants."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from planworks.domain.periods import Period
from planworks.metrics.fulfilment import comparable_days, growth_pct, plan_progress

Q1 = Period.parse("1960-Q1")  # 91 days, ends 31 March


def test_completed_18_days_ahead() -> None:
    daily = np.full(91, 10.0)
    p = plan_progress(daily[None, :], Q1, date(1960, 3, 31), np.array([730.0]))
    # 73 days of 10 reach 730 on 13 March
    assert p.completion_date(0) == date(1960, 3, 13)
    assert p.days_ahead(0) == 18
    assert p.fulfilment_pct[0] == pytest.approx(910 / 730 * 100)


def test_exceeded_by_17_percent_and_overfulfilled_by_111() -> None:
    jan = Period.parse("1959-01")
    daily = np.vstack([np.full(31, 117.0 / 31), np.full(31, 211.0 / 31)])
    p = plan_progress(daily, jan, date(1959, 1, 31), np.array([100.0, 100.0]))
    assert p.overfulfilment_pct == pytest.approx([17.0, 111.0])


def test_no_overfulfilment_before_the_end_and_nothing_after_as_of() -> None:
    daily = np.full(91, 10.0)
    p = plan_progress(daily[None, :], Q1, date(1960, 2, 9), np.array([910.0]))
    assert p.elapsed_days.tolist() == [40]
    assert p.cumulative[0] == 400
    assert np.isnan(p.overfulfilment_pct[0])
    assert p.completion_date(0) is None
    assert p.expected_to_date[0] == pytest.approx(400)
    assert p.ahead_days[0] == pytest.approx(0)


def test_ahead_and_behind_in_days() -> None:
    daily = np.array([[20.0] * 10 + [0.0] * 81, [5.0] * 91])
    p = plan_progress(daily, Q1, date(1960, 1, 10), np.array([910.0, 910.0]))
    # planned rate 10 a day; after 10 days expected 100
    assert p.ahead_days == pytest.approx([10.0, -5.0])


def test_breakdown_by_day_changes_expected() -> None:
    plan = np.array([[0.0] * 30 + [10.0] * 61])  # nothing planned in January
    daily = np.zeros((1, 91))
    p = plan_progress(daily, Q1, date(1960, 1, 20), np.array([610.0]), planned_daily=plan)
    assert p.expected_to_date[0] == 0
    assert p.ahead_days[0] == pytest.approx(0)


def test_without_target() -> None:
    p = plan_progress(np.ones((1, 91)), Q1, date(1960, 3, 31), np.array([np.nan]))
    assert p.cumulative[0] == 91
    assert np.isnan(p.fulfilment_pct[0])
    assert p.completion_date(0) is None


def test_growth() -> None:
    assert growth_pct(np.array([3.753]), np.array([1.0])) == pytest.approx([275.3])
    assert growth_pct(np.array([20_670.0]), np.array([20_000.0])) == pytest.approx([3.35])
    assert np.isnan(growth_pct(np.array([5.0]), np.array([0.0])))[0]


def test_comparable_days() -> None:
    feb, jan = Period.parse("1960-02"), Period.parse("1960-01")
    assert comparable_days(feb, jan, date(1960, 3, 1)) == 31  # whole periods once over
    assert comparable_days(feb, jan, date(1960, 2, 10)) == 10
    assert comparable_days(jan, Period.parse("1959-12"), date(1960, 1, 31)) == 31


@given(
    arrays(np.float64, 91, elements=st.floats(0, 1000, allow_nan=False)),
    st.floats(1, 50_000, allow_nan=False),
    st.integers(0, 95),
)
def test_completion_is_the_first_day_reaching_the_target(
    daily: np.ndarray, target: float, elapsed: int
) -> None:
    as_of = date.fromordinal(Q1.start.toordinal() + elapsed - 1)
    p = plan_progress(daily[None, :], Q1, as_of, np.array([target]))
    done = p.completion_date(0)
    upto = min(elapsed, 91)
    running = np.cumsum(daily[:upto])
    if done is None:
        assert upto == 0 or running[-1] < target * (1 - 1e-12)
    else:
        k = (done - Q1.start).days
        assert running[k] >= target * (1 - 1e-12)
        assert k == 0 or running[k - 1] < target * (1 - 1e-12)
        assert p.days_ahead(0) == (Q1.end - done).days >= 0


def test_each_row_as_of_its_own_date() -> None:
    daily = np.full((2, 91), 10.0)
    p = plan_progress(daily, Q1, [date(1960, 1, 10), date(1960, 3, 31)], np.array([730.0] * 2))
    assert p.cumulative.tolist() == [100.0, 910.0]
    assert p.completion_date(0) is None
    assert p.completion_date(1) == date(1960, 3, 13)
    assert np.isnan(p.overfulfilment_pct[0])
    assert p.overfulfilment_pct[1] == pytest.approx(910 / 730 * 100 - 100)
