"""The red team: frauds where they were put, honest units untouched, the score exact."""

from __future__ import annotations

import numpy as np
import pytest

from planworks.scenarios.redteam import FRAUDS, Fraud, make_red_team, score


@pytest.fixture(scope="module")
def red():  # type: ignore[no-untyped-def]
    return make_red_team(800, 60, seed=3)


def test_the_same_seed_makes_the_same_network(red) -> None:  # type: ignore[no-untyped-def]
    again = make_red_team(800, 60, seed=3)
    np.testing.assert_array_equal(red.panel.quantity, again.panel.quantity)
    np.testing.assert_array_equal(red.fraud, again.fraud)


def test_every_fraud_is_put_in_evenly(red) -> None:  # type: ignore[no-untyped-def]
    counts = [len(red.units_of(f)) for f in FRAUDS]
    assert counts == [8] * len(FRAUDS)
    assert (red.onset[red.honest] == -1).all()
    assert (red.onset[~red.honest] >= 0).all()


def test_the_frauds_look_as_described(red) -> None:  # type: ignore[no-untyped-def]
    q, p = red.panel.quantity, red.panel
    bunched = red.units_of(Fraud.BUNCHING)
    share = np.nansum(q[bunched], axis=1) / p.target[bunched]
    assert ((share > 0.9999) & (share < 1.0201)).all()
    for row in red.units_of(Fraud.IMPOSSIBLE):
        assert np.nanmax(q[row]) > p.kind_max[row]
    assert (q[red.honest] <= p.kind_max[red.honest, None]).all(where=~np.isnan(q[red.honest]))
    phantoms = red.units_of(Fraud.PHANTOM)
    assert not np.isnan(q[phantoms]).any()
    unusable = red.units_of(Fraud.UNUSABLE)
    late = np.arange(q.shape[1])[None, :] >= red.onset[unusable, None]
    graded = late & ~np.isnan(p.grade[unusable])
    assert (p.grade[unusable][graded] < p.min_grade).mean() > 0.6
    honest = p.grade[red.honest]
    assert (honest[~np.isnan(honest)] < p.min_grade).mean() < 0.1


def test_score_counts_units_found_from_their_first_day(red) -> None:  # type: ignore[no-untyped-def]
    flagged = np.zeros(red.panel.shape, dtype=bool)
    found, honest_pct = score(red, flagged)
    assert [f.found for f in found] == [0] * len(FRAUDS)
    assert honest_pct == 0.0
    rows = red.units_of(Fraud.SUDDEN)
    flagged[rows, red.onset[rows] + 2] = True
    flagged[rows[0], : red.onset[rows[0]]] = True  # before the fraud: not a find
    flagged[rows[0], red.onset[rows[0]] + 2] = False
    honest_row = np.flatnonzero(red.honest)[0]
    flagged[honest_row, :6] = True
    found, honest_pct = score(red, flagged)
    sudden = found[FRAUDS.index(Fraud.SUDDEN)]
    assert (sudden.found, sudden.units, sudden.median_delay_days) == (7, 8, 2.0)
    assert sudden.recall_pct == pytest.approx(87.5)
    assert honest_pct == pytest.approx(100 * 6 / (red.honest.sum() * 60))
