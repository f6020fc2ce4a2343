"""The hard checks: capacity, impossible claims, unusable output, repeated and copied figures."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from planworks.audit.checks import (
    capacity,
    copied,
    impossible,
    repeated,
    screen_all,
    unusable,
    usable_quantity,
)
from planworks.audit.panel import Check, Floats, Severity
from tests.audit.simulated import honest, panel_of

NAN = np.nan


def noisy(rng: np.random.Generator, units: int, days: int, level: float = 20.0) -> Floats:
    """Honest-looking reports: 10% multiplicative noise, one decimal place."""
    return np.round(level * np.exp(rng.normal(0, 0.1, (units, days))), 1)


# capacity


def test_capacity_alerts_above_nameplate_with_tolerance_and_crisis_at_twice() -> None:
    screen = capacity(panel_of([[10.0, 11.0, 11.1, 20.0, 20.1, NAN]], capacity=[10.0]))
    assert screen.check is Check.CAPACITY
    assert screen.level.tolist() == [[0, 0, 1, 1, 2, 0]]
    np.testing.assert_allclose(screen.score, [[1.0, 1.1, 1.11, 2.0, 2.01, NAN]])


def test_capacity_holds_a_unit_to_the_higher_of_nameplate_and_demonstrated() -> None:
    # Demonstrated 20 over a nameplate of 10: days up to 1.5 x 20 are allowed.
    screen = capacity(panel_of([[25.0, 29.9, 30.1]], capacity=[10.0], demonstrated=[20.0]))
    assert screen.level.tolist() == [[0, 0, 1]]
    np.testing.assert_allclose(screen.score, [[1.25, 1.495, 1.505]])


def test_capacity_judges_a_week_against_demonstrated_capacity() -> None:
    # No nameplate, demonstrated 10: single days need 15, a week's mean 12.
    over = [12.5] * 7
    under = [11.9] * 7
    gaps = [12.5, NAN, NAN, NAN, 12.5, 12.5, 12.5]  # 4 reports: judged
    sparse = [12.5, NAN, NAN, NAN, NAN, 12.5, 12.5]  # 3 reports: not
    screen = capacity(
        panel_of([over, under, gaps, sparse], capacity=[NAN] * 4, demonstrated=[10.0] * 4)
    )
    assert screen.level.tolist() == [
        [0, 0, 0, 0, 0, 0, 1],
        [0] * 7,
        [0, 0, 0, 0, 0, 0, 1],
        [0] * 7,
    ]


def test_capacity_without_any_capacity_flags_nothing() -> None:
    screen = capacity(panel_of([[1e6, 2e6]]))
    assert not screen.flagged().any()
    assert np.isnan(screen.score).all()


# impossible


def test_impossible_is_a_crisis_above_the_best_of_the_kind() -> None:
    screen = impossible(panel_of([[99.0, 100.0, 100.1, NAN]], kind_max=[100.0]))
    assert screen.level.tolist() == [[0, 0, Severity.CRISIS, 0]]
    np.testing.assert_allclose(screen.score, [[0.99, 1.0, 1.001, NAN]])


def test_impossible_needs_kind_max() -> None:
    screen = impossible(panel_of([[1e9]]))
    assert not screen.flagged().any()


# usable quantity and unusable output


def test_usable_quantity_counts_graded_output_at_or_above_the_minimum() -> None:
    q = [[10.0, 10.0, 10.0, NAN, 10.0]]
    grade = [[1.0, 2.0, 3.0, 3.0, NAN]]
    usable = usable_quantity(panel_of(q, grade=grade, min_grade=2.0))
    np.testing.assert_array_equal(usable, [[0.0, 10.0, 10.0, NAN, 0.0]])


def test_usable_quantity_without_minimum_grade_is_all_output() -> None:
    q = [[10.0, NAN]]
    np.testing.assert_array_equal(usable_quantity(panel_of(q, grade=[[1.0, 1.0]])), q)


def test_usable_quantity_without_grades_for_a_graded_product_is_none() -> None:
    usable = usable_quantity(panel_of([[10.0, NAN]], min_grade=2.0))
    np.testing.assert_array_equal(usable, [[0.0, NAN]])


def grades_with_bad_days(bad_days: int) -> list[float]:
    """14 days' grades with the first `bad_days` below the minimum of 2."""
    return [1.0] * bad_days + [3.0] * (14 - bad_days)


def test_unusable_alerts_when_most_of_a_fortnight_is_below_grade() -> None:
    q = np.full((3, 14), 10.0)
    grade = [grades_with_bad_days(14), grades_with_bad_days(6), grades_with_bad_days(5)]
    screen = unusable(panel_of(q, grade=grade, min_grade=2.0))
    # 100% and 6/14 = 43% are over 40%; 5/14 = 36% is not
    assert screen.level[:, 13].tolist() == [1, 1, 0]
    assert not screen.level[:, :13].any()
    np.testing.assert_array_equal(screen.score[1], [10.0] * 6 + [0.0] * 8)


def test_unusable_counts_ungraded_output_and_skips_missing_days() -> None:
    q = np.full((1, 14), 10.0)
    q[0, :4] = NAN
    grade = np.full((1, 14), NAN)
    grade[0, 4:8] = 3.0  # 4 graded of 10 reported days: 60% ungraded
    screen = unusable(panel_of(q, grade=grade, min_grade=2.0))
    assert screen.level[0, 13] == Severity.ALERT
    assert np.isnan(screen.score[0, :4]).all()


def test_unusable_without_grades_or_minimum_is_not_judged() -> None:
    q = np.full((1, 14), 10.0)
    assert not unusable(panel_of(q, min_grade=2.0)).flagged().any()
    assert not unusable(panel_of(q, grade=np.ones((1, 14)))).flagged().any()


# the same figure repeated


def test_repeated_alerts_at_five_equal_figures_in_seven_days() -> None:
    five = [20.3, 20.3, 19.1, 20.3, 20.3, 18.7, 20.3]
    four = [20.3, 20.3, 19.1, 20.3, 20.4, 18.7, 20.3]
    screen = repeated(panel_of([five, four]), step=0.1)
    assert screen.level.tolist() == [[0, 0, 0, 0, 0, 0, 1], [0] * 7]
    assert screen.score[0, 6] == 5
    assert screen.score[1, 6] == 4


def test_repeated_ignores_zeros_and_figures_too_small_to_differ() -> None:
    zeros = [0.0] * 7
    small = [1.2] * 7  # 12 steps of 0.1: such a unit can only report a few figures
    large = [5.0] * 7  # 50 steps
    screen = repeated(panel_of([zeros, small, large]), step=0.1)
    assert screen.level[:, 6].tolist() == [0, 0, 1]
    assert np.isnan(screen.score[:2]).all()


def test_repeated_finds_the_reporting_step_itself() -> None:
    q = [[3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0], [7.1, 6.9, 7.3, 7.2, 7.0, 7.4, 6.8]]
    # reported to 0.1: 3.0 is 30 steps, not judged
    assert not repeated(panel_of(q)).flagged().any()


# copied figures


def test_copied_marks_both_units_of_an_exact_copy() -> None:
    rng = np.random.default_rng(1)
    q = noisy(rng, 6, 20)
    q[4] = q[1]  # a copy
    q[5, 6:] = 2 * q[2, 6:]  # an exact multiple for the last 14 days
    screen = copied(panel_of(q))
    assert screen.check is Check.REPEATED
    flagged = screen.flagged()
    assert flagged[[1, 4], 13:].all()
    assert not flagged[[1, 4], :13].any()
    assert flagged[[2, 5], 19].all()
    assert not flagged[[2, 5], 18].any()
    assert not flagged[[0, 3]].any()
    assert screen.score[1, 13] == 2
    assert screen.score[0, 13] == 1
    assert np.isnan(screen.score[:, :13]).all()


def test_copied_ignores_a_near_copy() -> None:
    rng = np.random.default_rng(2)
    q = noisy(rng, 4, 14)
    q[1] = q[0]
    q[1, 7] += 0.1  # one figure differs
    q[2] = np.round(1.5 * q[0], 1)  # a multiple, rounded again: not exact
    assert not copied(panel_of(q)).flagged().any()


def test_copied_copies_missing_and_zero_days_too() -> None:
    rng = np.random.default_rng(3)
    q = noisy(rng, 3, 14)
    q[0, [2, 9]] = [NAN, 0.0]
    q[1] = q[0]
    q[2] = q[0]
    q[2, 2] = 0.0  # zero where the others have no report
    flagged = copied(panel_of(q)).flagged()[:, 13]
    assert flagged.tolist() == [True, True, False]


def test_copied_leaves_constant_series_to_repeated() -> None:
    q = np.full((2, 14), 20.0)
    screen = copied(panel_of(q))
    assert not screen.flagged().any()
    assert np.isnan(screen.score).all()


def test_copied_needs_fourteen_days() -> None:
    q = np.tile(np.arange(1.0, 14.0), (2, 1))
    assert not copied(panel_of(q)).flagged().any()


# all checks together


def test_screen_all_runs_every_check_the_data_allow() -> None:
    panel = honest(4, 200, 30)
    checks = [s.check for s in screen_all(panel)]
    assert checks == [
        Check.CAPACITY,
        Check.IMPOSSIBLE,
        Check.UNUSABLE,
        Check.PEER,
        Check.SMOOTH,
        Check.REPEATED,
        Check.REPEATED,
        Check.ROUND,
        Check.BUNCHING,
        Check.BENFORD,
    ]
    bare = panel_of(panel.quantity, capacity=panel.capacity, group=panel.group)
    assert Check.IMPOSSIBLE not in [s.check for s in screen_all(bare)]


def test_screen_all_can_judge_only_the_newest_day() -> None:
    panel = honest(7, 300, 30)
    q = panel.quantity.copy()
    q[0, -7:] = 5 * panel.capacity[0]
    q[1] = q[2]
    panel = replace(panel, quantity=q)
    whole, newest = screen_all(panel), screen_all(panel, since=-1)
    assert [s.check for s in whole] == [s.check for s in newest]
    for full, last in zip(whole, newest, strict=True):
        np.testing.assert_array_equal(full.level[:, -1], last.level[:, -1])
        np.testing.assert_allclose(full.score[:, -1], last.score[:, -1])
        assert not last.level[:, :-1].any()
        assert np.isnan(last.score[:, :-1]).all()
    assert newest[0].level[0, -1] == Severity.CRISIS
    assert newest[6].flagged()[[1, 2], -1].all()


@pytest.mark.parametrize("seed", [5, 6])
def test_screen_all_flags_few_honest_unit_days(seed: int) -> None:
    panel = honest(seed, 1000, 60)
    flagged = np.zeros(panel.shape, dtype=np.bool_)
    for screen in screen_all(panel):
        assert screen.level.shape == screen.score.shape == panel.shape
        flagged |= screen.flagged()
    assert flagged.mean() < 0.005


@pytest.mark.parametrize(
    "quantity",
    [np.full((12, 30), np.nan), np.zeros((12, 30)), np.array([[5.0]]), np.full((12, 30), 1e300)],
    ids=["missing", "zeros", "one report", "huge"],
)
def test_screen_all_copes_with_degenerate_panels(quantity: Floats) -> None:
    n = quantity.shape[0]
    panel = panel_of(
        quantity,
        capacity=np.full(n, 1e301),
        target=np.full(n, 1e303),
        grade=np.full(quantity.shape, 3.0),
        min_grade=2.0,
    )
    for screen in screen_all(panel):  # and no RuntimeWarning (warnings are errors)
        assert screen.level.shape == panel.shape
        assert not (screen.flagged() & (screen.check is not Check.REPEATED)).any()
