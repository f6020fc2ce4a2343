"""The statistical checks: peer growth, smoothness, round figures, bunching, first digits."""

from __future__ import annotations

import numpy as np
from scipy import stats

from planworks.audit import patterns
from planworks.audit.panel import Check, Floats
from planworks.audit.patterns import benford, bunching, peer, round_figures, smooth
from tests.audit.simulated import panel_of

NAN = np.nan


def noisy(
    rng: np.random.Generator, units: int, days: int, sd: float, level: float = 20.0
) -> Floats:
    """Reports with multiplicative noise of `sd` a day, to one decimal place."""
    return np.round(level * np.exp(rng.normal(0, sd, (units, days))), 1)


# peer growth (Hidiroglou-Berthelot)


def test_peer_alerts_a_jump_its_peers_do_not_make() -> None:
    rng = np.random.default_rng(10)
    q = noisy(rng, 30, 14, 0.05)
    q[0, 7:] *= 1.8
    q[1, 7:] *= 1.15
    q[2, 7:] *= 0.3  # a fall: never an alert
    screen = peer(panel_of(q))
    assert screen.check is Check.PEER
    assert screen.level[:, 13].tolist() == [1] + [0] * 29
    assert not screen.level[:, :13].any()
    assert np.isnan(screen.score[:, :13]).all()
    assert screen.score[0, 13] > patterns.HB_C > screen.score[1, 13]


def test_peer_does_not_alert_a_group_that_grows_together() -> None:
    rng = np.random.default_rng(11)
    q = noisy(rng, 30, 14, 0.05)
    q[:, 7:] *= 1.8
    assert not peer(panel_of(q)).flagged().any()


def test_peer_needs_ten_peers_and_two_weeks() -> None:
    rng = np.random.default_rng(12)
    q = noisy(rng, 9, 14, 0.05)
    q[0, 7:] *= 3
    assert not peer(panel_of(q)).flagged().any()
    assert not peer(panel_of(q[:, :13])).flagged().any()


def test_peer_statistic_is_hidiroglou_berthelot() -> None:
    # Flat weeks, so each trimmed mean is the week's figure.
    before = np.array([10.0, 20, 30, 40, 50, 60, 70, 80, 90, 100])
    ratio = np.array([1.0, 1.1, 0.9, 1.05, 1.0, 0.8, 1.2, 1.0, 1.3, 2.0])
    after = before * ratio
    q = np.concatenate([np.repeat(before[:, None], 7, 1), np.repeat(after[:, None], 7, 1)], 1)
    screen = peer(panel_of(q))
    med = np.median(ratio)
    s = np.where(ratio < med, 1 - med / ratio, ratio / med - 1)
    e = s * np.maximum(before, after) ** patterns.HB_U
    e_med, e_q3 = np.quantile(e, [0.5, 0.75])
    spread = max(e_q3 - e_med, patterns.HB_A * abs(e_med))
    np.testing.assert_allclose(screen.score[:, 13], (e - e_med) / spread)


# smoothness


def test_smooth_alerts_a_series_far_steadier_than_its_peers() -> None:
    rng = np.random.default_rng(20)
    q = noisy(rng, 30, 21, 0.10)
    q[0] = noisy(rng, 1, 21, 0.02)[0]
    q[1] = noisy(rng, 1, 21, 0.07)[0]
    screen = smooth(panel_of(q))
    assert screen.check is Check.SMOOTH
    assert screen.level[:, 20].tolist() == [1] + [0] * 29
    assert not screen.level[:, :20].any()


def test_smooth_does_not_alert_a_group_steady_by_nature() -> None:
    rng = np.random.default_rng(21)
    q = noisy(rng, 30, 21, 0.02)
    assert not smooth(panel_of(q)).flagged().any()


def test_smooth_does_not_judge_a_unit_without_peers() -> None:
    rng = np.random.default_rng(22)
    q = noisy(rng, 30, 21, 0.10)
    q[0] = noisy(rng, 1, 21, 0.01)[0]
    group = np.zeros(30, dtype=np.int64)
    group[0] = -1
    screen = smooth(panel_of(q, group=group))
    assert not screen.flagged().any()
    assert np.isfinite(screen.score[0, 20])


def test_smooth_statistic_is_the_spread_of_log_changes() -> None:
    series = np.array(
        [20.0, 21, 20, 22, 20, 21, 23, 20, 21, 20, 22, 21, 20, 21, 22, 20, 21, 20, 22, 21, 20]
    )
    series[[4, 9]] = [NAN, 0.0]  # changes to and from these days do not count
    score = smooth(panel_of(series[None, :])).score[0, 20]
    logs = np.log(np.where(series > 0, series, NAN))
    changes = np.diff(logs)
    changes = changes[np.isfinite(changes)]
    assert changes.size == 16
    np.testing.assert_allclose(score, np.std(changes, ddof=1))


# round figures


def test_round_alerts_whole_figures_among_peers_that_report_tenths() -> None:
    rng = np.random.default_rng(30)
    q = noisy(rng, 30, 21, 0.10)
    q[0] = np.round(q[0])
    q[1] = np.round(q[1] / 5) * 5
    screen = round_figures(panel_of(q))
    assert screen.check is Check.ROUND
    assert screen.level[:, 20].tolist() == [1, 1] + [0] * 28
    assert screen.score[0, 20] < patterns.ROUND_ALPHA
    assert (screen.score[2:, 20] > patterns.ROUND_ALPHA).all()


def test_round_follows_a_group_that_reports_whole_figures() -> None:
    rng = np.random.default_rng(31)
    q = np.round(noisy(rng, 30, 21, 0.10, level=200.0))
    q[0] = np.round(q[0] / 10) * 10
    screen = round_figures(panel_of(q))
    assert screen.level[:, 20].tolist() == [1] + [0] * 29


def test_round_tail_is_binomial_against_the_step_and_spread() -> None:
    # 21 whole figures, none a multiple of 5, among peers reporting tenths
    figures = np.array([17.0, 18, 19, 21, 22, 23, 24, 26, 27, 28, 29] * 2)[:21]
    rng = np.random.default_rng(32)
    q = noisy(rng, 20, 21, 0.10)
    q[0] = figures
    score = round_figures(panel_of(q), step=0.1).score[0, 20]
    sigma = np.std(figures, ddof=1)
    p0 = 0.1 * (1 / 1.0 + 1 / (sigma * np.sqrt(2 * np.pi)))
    np.testing.assert_allclose(score, stats.binom.sf(20, 21, p0))


def test_round_needs_ten_figures() -> None:
    q = np.full((1, 21), NAN)
    q[0, :9] = 20.0
    screen = round_figures(panel_of(q), step=0.1)
    assert not screen.flagged().any()
    assert np.isnan(screen.score).all()


# bunching at the plan


def fulfilled(fulfilment: Floats, days: int = 30) -> tuple[Floats, Floats]:
    """Reports and targets of units that end at `fulfilment`, each a different size."""
    target = np.linspace(300.0, 900.0, fulfilment.size)
    rng = np.random.default_rng(40)
    q = target[:, None] / days * rng.uniform(0.7, 1.3, (fulfilment.size, days))
    q *= (fulfilment * target / q.sum(axis=1))[:, None]
    return q, target


def test_bunching_alerts_the_heap_just_above_the_plan() -> None:
    smooth_spread = np.linspace(0.8, 1.2, 40)
    heap = np.linspace(1.001, 1.019, 20)
    q, target = fulfilled(np.concatenate([smooth_spread, heap]))
    screen = bunching(panel_of(q, target=target))
    assert screen.check is Check.BUNCHING
    in_heap = (screen.score[:, -1] >= 1.0) & (screen.score[:, -1] < 1.02)
    assert in_heap[40:].all()
    np.testing.assert_array_equal(screen.flagged()[:, -1], in_heap)
    assert not screen.flagged()[:, :-1].any()


def test_bunching_pools_units_of_small_groups_and_of_none() -> None:
    smooth_spread = np.linspace(0.8, 1.2, 40)
    heap = np.linspace(1.001, 1.019, 20)
    q, target = fulfilled(np.concatenate([smooth_spread, heap]))
    group = np.arange(60) % 12  # groups of 5: too small to judge alone
    group[::7] = -1
    flagged = bunching(panel_of(q, target=target, group=group)).flagged()[:, -1]
    assert flagged[40:].all()
    big_group = bunching(panel_of(q, target=target, group=np.arange(60) // 30)).flagged()
    assert big_group[40:, -1].all()  # all 20 in the second group of 30
    assert not big_group[:30].any()


def test_bunching_leaves_a_smooth_spread_alone() -> None:
    q, target = fulfilled(np.linspace(0.8, 1.2, 60))
    screen = bunching(panel_of(q, target=target))
    assert not screen.flagged().any()
    np.testing.assert_allclose(screen.score[:, -1], np.linspace(0.8, 1.2, 60))


def test_bunching_alerts_a_unit_that_tracks_the_plan_line() -> None:
    rng = np.random.default_rng(41)
    target = np.array([300.0, 300.0, 300.0])
    q = np.full((3, 30), 10.0)
    q[0] *= 1 + rng.normal(0, 0.004, 30)  # within 1% of the line from the 8th day
    q[1] *= 1 + rng.normal(0, 0.10, 30)  # on plan, but varying as small furnaces do
    q[2, 7] = 13.0  # one day 30% over: the running total is 3% over on the 8th day
    screen = bunching(panel_of(q, target=target), day=29)
    assert screen.flagged()[:, 29].tolist() == [True, False, False]


def test_bunching_without_targets_is_not_judged() -> None:
    assert not bunching(panel_of(np.ones((2, 30)))).flagged().any()


# first digits (Benford)


def many_units(rng: np.random.Generator, levels: Floats, days: int = 30) -> Floats:
    return np.round(levels[:, None] * np.exp(rng.normal(0, 0.1, (levels.size, days))), 1)


def test_benford_alerts_a_large_group_of_invented_figures() -> None:
    rng = np.random.default_rng(50)
    honest_levels = np.exp(rng.normal(np.log(50), 2.0, 400))
    digits = rng.integers(5, 10, 400)  # invented figures start with 5-9
    invented = digits * 10.0 ** rng.integers(0, 4, 400) * 1.05
    q = np.concatenate([many_units(rng, honest_levels), many_units(rng, invented, 30)])
    group = np.repeat([0, 1], 400)
    screen = benford(panel_of(q, group=group))
    assert screen.check is Check.BENFORD
    assert not screen.flagged()[:400].any()
    assert screen.flagged()[400:, -1].all()
    assert not screen.flagged()[:, :-1].any()
    assert screen.score[0, -1] < patterns.BENFORD_MAD < screen.score[400, -1]


def test_benford_does_not_apply_to_figures_of_one_size_or_small_groups() -> None:
    rng = np.random.default_rng(51)
    one_size = many_units(rng, np.exp(rng.normal(np.log(50), 0.3, 400)))
    few = many_units(rng, np.exp(rng.normal(np.log(50), 2.0, 50)))
    q = np.concatenate([one_size, few])
    group = np.repeat([0, 1], [400, 50])
    screen = benford(panel_of(q, group=group))
    assert not screen.flagged().any()
    assert np.isnan(screen.score).all()
