"""The Harrison-Stevens screens and the drift monitor on small series with known answers."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from planworks.audit import dynamic
from planworks.audit.dynamic import (
    BURN_IN,
    STATES,
    DynamicState,
    forecast_total,
    screen_dynamic,
    start,
    to_scale,
    update,
)
from planworks.audit.panel import Check, Floats, Panel, Severity

DAYS = 100
T = np.arange(DAYS)


def panel_of(quantity: Floats) -> Panel:
    q = np.atleast_2d(np.asarray(quantity, dtype=np.float64))
    n = q.shape[0]
    return Panel(
        tuple(f"u{i}" for i in range(n)),
        date(1959, 1, 1),
        q,
        np.full(n, np.nan),
        np.zeros(n, dtype=np.int64),
    )


def noisy(units: int, sd: float, seed: int, level: float = 20.0) -> Floats:
    """Honest output: a level with multiplicative noise of `sd` (log scale)."""
    rng = np.random.default_rng(seed)
    return level * np.exp(sd * rng.standard_normal((units, DAYS)))


def flags(quantity: Floats) -> dict[Check, np.ndarray]:
    return {s.check: s.flagged() for s in screen_dynamic(panel_of(quantity))}


def days_flagged(flagged: np.ndarray) -> set[int]:
    return {int(d) for d in np.nonzero(flagged)[1]}


def test_screens_are_the_four_checks_with_panel_shapes() -> None:
    screens = screen_dynamic(panel_of(noisy(3, 0.1, 0)))
    assert [s.check for s in screens] == [Check.OUTLIER, Check.STEP, Check.SLOPE, Check.DRIFT]
    for s in screens:
        assert s.level.shape == s.score.shape == (3, DAYS)
        assert s.level.dtype == np.int8


def test_a_steady_series_is_never_flagged() -> None:
    # Deterministic wobble of +-5% on a three-day cycle: as plain as a series gets.
    wobble = 20.0 * (1.0 + 0.05 * np.array([1.0, -1.0, 0.0]))[T % 3]
    for check, flagged in flags(np.tile(wobble, (2, 1))).items():
        assert not flagged.any(), check


def test_normal_noise_is_almost_never_flagged() -> None:
    found = flags(noisy(20, 0.1, 1))
    for check in (Check.OUTLIER, Check.STEP, Check.SLOPE):
        assert not found[check].any(), check
    # The drift monitor's honest rate is a few per thousand unit-days by design.
    assert found[Check.DRIFT].mean() < 0.005


def test_nothing_is_judged_in_the_burn_in() -> None:
    q = noisy(1, 0.1, 2)
    q[0, 5:] *= 3.0  # a jump on the sixth report: the level is still being learnt
    for screen in screen_dynamic(panel_of(q)):
        assert np.isnan(screen.score[0, :BURN_IN]).all()
        assert not screen.flagged().any(), screen.check


def test_a_doubling_is_a_step_on_its_day() -> None:
    q = noisy(10, 0.1, 3)
    q[:, 60:] *= 2.0
    found = flags(q)
    assert days_flagged(found[Check.STEP]) == {60}
    assert found[Check.STEP][:, 60].all()
    assert not found[Check.OUTLIER][:, 60:].any()


def test_a_step_of_ten_percent_is_no_step() -> None:
    q = noisy(10, 0.1, 4)
    q[:, 60:] *= 1.1
    found = flags(q)
    assert not found[Check.STEP].any()
    assert not found[Check.OUTLIER].any()


def test_a_fall_is_scored_but_not_flagged() -> None:
    q = noisy(5, 0.1, 5)
    q[:, 60:] *= 0.4
    screens = {s.check: s for s in screen_dynamic(panel_of(q))}
    assert (screens[Check.STEP].score[:, 60] > dynamic.ODDS_ALERT).all()
    for check in (Check.OUTLIER, Check.STEP, Check.SLOPE):
        assert not screens[check].flagged()[:, 60:].any(), check
    assert not screens[Check.DRIFT].flagged()[:, 60:70].any()


def test_a_spike_is_an_outlier_on_its_day_and_no_step_after() -> None:
    honest = noisy(10, 0.1, 6)
    q = honest.copy()
    q[:, 60] *= 10.0
    screens = {s.check: s for s in screen_dynamic(panel_of(q))}
    assert (screens[Check.OUTLIER].level[:, 60] == Severity.CRISIS).all()
    assert days_flagged(screens[Check.OUTLIER].flagged()) == {60}
    assert not screens[Check.STEP].flagged().any()
    # Nor is it a run: the drift monitor flags nothing the honest series would not.
    assert not (screens[Check.DRIFT].flagged() & ~flags(honest)[Check.DRIFT]).any()


def test_a_breakdown_is_not_flagged() -> None:
    q = noisy(5, 0.1, 7)
    q[:, 50] = 0.0
    q[:, 70] *= 0.1
    found = flags(q)
    for check in (Check.OUTLIER, Check.STEP, Check.SLOPE):
        assert not found[check].any(), check


def test_a_creep_of_one_percent_a_day_is_drift_within_30_days() -> None:
    q = noisy(10, 0.05, 8) * np.where(T >= 40, 1.01 ** (T - 39), 1.0)
    drift = flags(q)[Check.DRIFT]
    assert drift[:, 40:70].any(axis=1).all()
    assert not drift[:, :40].any()


def test_a_creep_of_a_tenth_of_a_percent_is_no_drift() -> None:
    q = noisy(20, 0.05, 9) * np.where(T >= 20, 1.001 ** (T - 19), 1.0)
    # No more often than normal noise (+8% over 80 days is within honest seasons).
    assert flags(q)[Check.DRIFT].mean() < 0.005


def test_a_long_creep_is_a_crisis() -> None:
    q = noisy(3, 0.05, 10) * np.where(T >= 30, 1.02 ** (T - 29), 1.0)
    drift = next(s for s in screen_dynamic(panel_of(q)) if s.check is Check.DRIFT)
    assert (drift.level.max(axis=1) == Severity.CRISIS).all()


def test_days_without_reports() -> None:
    q = noisy(3, 0.1, 11)
    q[:, :3] = np.nan  # reporting starts late
    q[:, 61] = np.nan  # and misses the day after the step
    q[:, 40:45] = np.nan
    q[:, 60:] *= 2.0
    q[2] = np.nan  # one unit never reports
    screens = {s.check: s for s in screen_dynamic(panel_of(q))}
    missing = np.isnan(q)
    for screen in screens.values():
        assert np.isnan(screen.score[missing]).all()
        assert not screen.flagged()[missing].any()
    assert screens[Check.STEP].flagged()[:2, 60].all()
    assert not screens[Check.OUTLIER].flagged().any()


def test_probabilities_and_odds_agree() -> None:
    q = noisy(4, 0.1, 12)
    q[0, 30] *= 5.0
    q[1, 30:] *= 2.0
    state = start(np.full(4, np.nan))
    for t in range(40):
        state, day = update(state, q[:, t])
        np.testing.assert_allclose(day.prob.sum(axis=1), 1.0, rtol=1e-12)
        np.testing.assert_allclose(state.prob.sum(axis=0), 1.0, rtol=1e-12)
        others = 1.0 - day.prob
        ok = (day.prob > 1e-9) & (others > 1e-9)
        np.testing.assert_allclose(
            day.log_odds[ok], np.log(day.prob[ok] / others[ok]), rtol=1e-6, atol=1e-9
        )
        assert (day.log_bf[:, 0] == 0.0).all()
    assert day.prob.shape == (4, len(STATES))


def test_a_unit_with_no_prior_takes_its_first_report_as_level() -> None:
    state = start(np.array([np.nan, 10.0]))
    state, day = update(state, np.array([100.0, np.nan]))
    assert not day.judged.any()
    assert state.known.all()
    np.testing.assert_allclose(state.level[:, 0], np.log1p(100.0))
    state, day = update(state, np.array([100.0, 10.0]))
    assert day.judged.all()
    np.testing.assert_allclose(day.forecast_mean, np.log1p([100.0, 10.0]), rtol=1e-6)


def test_scale() -> None:
    np.testing.assert_array_equal(
        to_scale(np.array([0.0, np.e - 1.0, -1.0, np.inf, np.nan])),
        [0.0, 1.0, np.nan, np.nan, np.nan],
    )


def run(state: DynamicState, quantity: Floats) -> list[dict[str, Floats]]:
    days = []
    for t in range(quantity.shape[1]):
        state, day = update(state, quantity[:, t])
        days.append({k: np.asarray(v, dtype=np.float64) for k, v in vars(day).items()})
    return days


def assert_same_days(a: list[dict[str, Floats]], b: list[dict[str, Floats]]) -> None:
    for day_a, day_b in zip(a, b, strict=True):
        for name, value in day_a.items():
            np.testing.assert_allclose(value, day_b[name], rtol=1e-9, atol=1e-9, err_msg=name)


reports = st.one_of(
    st.just(np.nan), st.just(0.0), st.floats(min_value=0.0, max_value=1e5, allow_nan=False)
)


@settings(max_examples=30, deadline=None)
@given(
    quantity=st.integers(1, 4).flatmap(lambda n: hnp.arrays(np.float64, (n, 24), elements=reports)),
    prior=st.floats(min_value=0.5, max_value=500.0),
)
def test_every_unit_as_if_alone(quantity: Floats, prior: float) -> None:
    n = quantity.shape[0]
    levels = np.where(np.arange(n) % 2 == 0, prior, np.nan)
    together = run(start(levels), quantity)
    for i in range(n):
        alone = run(start(levels[i : i + 1]), quantity[i : i + 1])
        assert_same_days(alone, [{k: v[i : i + 1] for k, v in day.items()} for day in together])
    for day in together:
        np.testing.assert_allclose(day["prob"].sum(axis=1), 1.0, rtol=1e-12)


def test_blocks_of_units_give_the_same_days(monkeypatch: pytest.MonkeyPatch) -> None:
    q = noisy(7, 0.1, 13)[:, :30]
    q[3, 20] *= 10.0
    q[5, 10:] = np.nan
    whole = run(start(q[:, 0]), q)
    monkeypatch.setattr(dynamic, "_BLOCK", 3)
    assert_same_days(run(start(q[:, 0]), q), whole)


def test_update_checks_its_input() -> None:
    with pytest.raises(ValueError, match=r"reports of shape \(3,\) for 2 units"):
        update(start(np.ones(2)), np.ones(3))


def test_forecast_of_a_steady_unit() -> None:
    q = noisy(3, 0.05, 14)[:, :60]
    state = start(np.full(3, np.nan))
    for t in range(60):
        state, _ = update(state, q[:, t])
    outlook = forecast_total(state, 10, 4000, np.random.default_rng(0))
    assert outlook.quantiles == (0.1, 0.5, 0.9)
    assert outlook.unit.shape == (3, 3)
    p10, p50, p90 = outlook.unit.T
    assert (p10 < p50).all()
    assert (p50 < p90).all()
    np.testing.assert_allclose(p50, 200.0, rtol=0.1)
    assert (p90 / p10 < 1.5).all()
    np.testing.assert_allclose(outlook.total[1], 600.0, rtol=0.1)
    # A sum of independent units is relatively narrower than any one of them.
    assert outlook.total[2] / outlook.total[0] < (p90 / p10).min()


def test_forecast_leaves_out_units_never_reported() -> None:
    state = start(np.array([20.0, np.nan]))
    for _ in range(20):
        state, _ = update(state, np.array([20.0, np.nan]))
    outlook = forecast_total(state, 5, 500, np.random.default_rng(1))
    assert np.isnan(outlook.unit[1]).all()
    np.testing.assert_allclose(outlook.total, outlook.unit[0], rtol=0.05)
