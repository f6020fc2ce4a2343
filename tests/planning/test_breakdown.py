from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planworks.domain.periods import Period, PeriodKind
from planworks.planning.breakdown import apportion, split_by_weight, split_period


def test_apportion_adds_up_exactly() -> None:
    shares = apportion(300.0, [62, 93, 150])
    assert shares.sum() == pytest.approx(300.0, abs=1e-9)
    assert shares.tolist() == pytest.approx([60.984, 91.475, 147.541])


@given(
    st.floats(0, 1e7, allow_nan=False),
    st.lists(st.floats(0, 1e4, allow_nan=False), min_size=1, max_size=30).filter(
        lambda w: sum(w) > 0
    ),
)
def test_apportion_properties(total: float, weights: list[float]) -> None:
    shares = apportion(total, weights, step=0.001)
    assert shares.sum() == pytest.approx(round(total / 0.001) * 0.001, abs=1e-6)
    assert (shares >= 0).all()
    assert all(s == 0 for s, w in zip(shares, weights, strict=True) if w == 0)


def test_dekads_and_days() -> None:
    parts = split_period("T", 300.0, Period.parse("1959-01"), PeriodKind.DEKAD)
    assert [(p.start.day, p.end.day) for p in parts] == [(1, 10), (11, 20), (21, 31)]
    assert [p.target for p in parts] == pytest.approx([96.774, 96.774, 106.452])
    days = split_period("T", 28.0, Period.parse("1959-02"), PeriodKind.RANGE)
    assert len(days) == 28
    assert {p.target for p in days} == {1.0}
    # a range cut across ten-day periods keeps the pieces inside it
    odd = split_period("T", 6.0, Period.of(date(1959, 1, 9), date(1959, 1, 12)), PeriodKind.DEKAD)
    assert [(p.start.day, p.end.day, p.target) for p in odd] == [(9, 10, 3.0), (11, 12, 3.0)]


def test_units_of_no_weight_get_nothing() -> None:
    parts = split_by_weight(10.0, date(1959, 1, 1), date(1959, 1, 31), {"A": 1, "B": 0, "C": 3})
    assert [(p.scope, p.target) for p in parts] == [("A", 2.5), ("C", 7.5)]
