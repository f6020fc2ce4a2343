"""The hard checks of inputs, stocks, shipments and regions' own totals: each flags the
case it must and leaves alone the near case it must not."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from planworks.audit.ledgers import (
    TRANSIT_DAYS,
    inputs_used,
    not_received,
    region_totals,
    stock_balance,
)
from planworks.audit.panel import Severity

NAN = np.nan


def a(*values: float) -> np.ndarray:
    return np.array(values, dtype=np.float64)


# inputs per unit of output, against the recipe's range


def test_inputs_flag_output_the_inputs_cannot_make_and_spare_the_range() -> None:
    # Iron: 4 t of coal a tonne, default range 2 to 8. Output 10 t each day.
    used = a(40.0, 20.0, 19.0, 9.9, 80.0, 81.0, 0.0)
    level, score = inputs_used(a(*[10.0] * 7), used, a(*[4.0] * 7), a(*[NAN] * 7), a(*[NAN] * 7))
    assert level.tolist() == [0, 0, 1, 2, 0, 1, 2]
    np.testing.assert_allclose(score, [1.0, 0.5, 0.475, 0.2475, 2.0, 2.025, 0.0])


def test_inputs_follow_the_recipes_own_range() -> None:
    # A range of 3 to 5 given: 2.9 t a tonne is below it; 2.0 not yet below half of it.
    level, _ = inputs_used(a(1.0, 1.0, 1.0, 1.0), a(3.0, 2.9, 1.4, 5.1), a(*[4.0] * 4),
                           a(*[3.0] * 4), a(*[5.0] * 4))  # fmt: skip
    assert level.tolist() == [0, 1, 2, 1]


def test_inputs_of_a_day_without_output_are_not_judged() -> None:
    level, score = inputs_used(a(NAN, 0.0), a(5.0, 5.0), a(4.0, 4.0), a(NAN, NAN), a(NAN, NAN))
    assert level.tolist() == [0, 0]
    assert np.isnan(score).all()


def test_the_lushan_claim_against_the_coal_burnt_is_a_crisis() -> None:
    # 34,360 t of pig iron claimed, with the coal for the county's ordinary ~4,300 t.
    level, score = inputs_used(a(34_360.0), a(4_300 * 4.0), a(4.0), a(NAN), a(NAN))
    assert level.tolist() == [Severity.CRISIS]
    assert score[0] == pytest.approx(4_300 / 34_360)


# stock accounts


def test_a_balanced_stock_account_passes_and_output_that_is_nowhere_is_flagged() -> None:
    opening, made, received = a(50, 50, 50, 50), a(100, 100, 100, 100), a(10, 10, 10, 10)
    shipped, used = a(80, 80, 80, 80), a(0, 0, 0, 0)
    # balanced; 1 t off (within 1% of the 160 t through it); 5 t missing; 60 t missing
    closing = a(80, 79, 75, 20)
    level, score = stock_balance(opening, made, received, shipped, used, closing, a(*[NAN] * 4))
    assert level.tolist() == [0, 0, 1, 2]
    np.testing.assert_allclose(score, [0.0, 1 / 160, 5 / 160, 60 / 160])


def test_stock_from_nowhere_is_an_alert_never_a_crisis() -> None:
    level, score = stock_balance(a(50), a(100), a(0), a(80), a(0), a(170), previous_closing=a(NAN))
    assert level.tolist() == [Severity.ALERT]
    assert score[0] == pytest.approx(-100 / 150)


def test_stock_that_changed_overnight_is_flagged() -> None:
    # each day balances in itself, but day 2 opens with 30 where day 1 closed with 80
    level, score = stock_balance(
        a(50, 30, 80), a(100, 100, 100), a(0, 0, 0), a(70, 70, 70), a(0, 0, 0),
        a(80, 60, 110), previous_closing=a(NAN, 80, 80),
    )  # fmt: skip
    assert level.tolist() == [0, 1, 0]
    assert score[1] == pytest.approx(-50 / 80)


@given(
    st.lists(
        st.tuples(*(st.floats(0, 1e6, allow_nan=False) for _ in range(5))),
        min_size=1,
        max_size=30,
    )
)
def test_an_account_that_balances_is_never_flagged(rows: list[tuple[float, ...]]) -> None:
    opening, made, received, shipped_share, used_share = np.array(rows).T
    through = opening + made + received
    shipped = through * (shipped_share / 2e6)
    used = through * (used_share / 2e6)
    closing = through - shipped - used
    level, _ = stock_balance(
        opening, made, received, shipped, used, closing, np.full_like(made, NAN)
    )
    assert (level == 0).all()


# shipments sent but not received


def test_goods_received_within_the_transit_days_are_not_flagged() -> None:
    days = 20
    sent, received = np.zeros((1, days)), np.zeros((1, days))
    sent[0, 2] = 100.0
    received[0, 2 + TRANSIT_DAYS] = 99.0  # 1% lost on the way: within the tolerance
    level, _, _ = not_received(sent, received)
    assert (level == 0).all()


def test_goods_never_received_are_flagged_once_on_the_day_they_were_due() -> None:
    days = 20
    sent, received = np.zeros((2, days)), np.zeros((2, days))
    sent[:, 2] = 100.0
    sent[:, 5] = 100.0
    received[0, 4] = 100.0  # route 0: the first arrives, the second never does
    level, score, outstanding = not_received(sent, received)
    assert np.flatnonzero(level[0]).tolist() == [5 + TRANSIT_DAYS]
    assert level[0, 5 + TRANSIT_DAYS] == Severity.CRISIS  # half of all sent is missing
    assert score[0, 5 + TRANSIT_DAYS] == pytest.approx(0.5)
    # route 1: nothing ever arrives: a finding on each day a shipment was due
    assert np.flatnonzero(level[1]).tolist() == [2 + TRANSIT_DAYS, 5 + TRANSIT_DAYS]
    assert (level[1][level[1] > 0] == Severity.CRISIS).all()
    assert outstanding[1, -1] == pytest.approx(200.0)


def test_a_small_shortfall_among_much_is_an_alert() -> None:
    days = 30
    sent, received = np.zeros((1, days)), np.zeros((1, days))
    sent[0, :10] = 100.0
    received[0, TRANSIT_DAYS : TRANSIT_DAYS + 10] = 100.0
    received[0, TRANSIT_DAYS + 9] = 40.0  # the last 100 t: only 40 t arrived
    level, _, _ = not_received(sent, received)
    assert np.flatnonzero(level[0]).tolist() == [9 + TRANSIT_DAYS]
    assert level[0, 9 + TRANSIT_DAYS] == Severity.ALERT


# regions' own totals


def test_a_region_total_within_rounding_agrees_and_an_inflated_one_does_not() -> None:
    claimed = a(4_300, 4_380, 4_400, 34_360, 4_000, 10)
    units_sum = a(4_300.4, 4_300, 4_300, 4_300, 4_300, 0)
    level, score = region_totals(claimed, units_sum)
    assert level.tolist() == [0, 0, 1, 2, 1, 2]
    assert score[3] == pytest.approx(34_360 / 4_300)
    assert np.isinf(score[5])
