"""Trailing windows and per-group quantiles against plain NumPy."""

from __future__ import annotations

import numpy as np
import pytest

from planworks.audit.windows import (
    Groups,
    days_first,
    resolution,
    trailing_count,
    trailing_extreme,
    trailing_sum,
    unit_slices,
)


@pytest.mark.parametrize("window", [1, 2, 3, 7, 8, 14, 21])
def test_trailing_windows_match_a_loop(window: int) -> None:
    rng = np.random.default_rng(window)
    x = rng.random((25, 6))  # days x units
    x[rng.random(x.shape) < 0.2] = np.nan
    mask = np.isfinite(x)
    sums = trailing_sum(np.where(mask, x, 0.0), window)
    counts = trailing_count(mask, window)
    least = trailing_extreme(x, window, np.fmin)
    most = trailing_extreme(x, window, np.fmax)
    assert sums.shape == counts.shape == least.shape == (25 - window + 1, 6)
    for k in range(25 - window + 1):
        part = x[k : k + window]
        np.testing.assert_allclose(sums[k], np.where(np.isfinite(part), part, 0).sum(axis=0))
        np.testing.assert_array_equal(counts[k], np.isfinite(part).sum(axis=0))
        for u in range(6):
            seen = part[:, u][np.isfinite(part[:, u])]
            expect = (seen.min(), seen.max()) if seen.size else (np.nan, np.nan)
            np.testing.assert_array_equal([least[k, u], most[k, u]], expect)


def test_groups_quantiles_match_numpy_group_by_group() -> None:
    rng = np.random.default_rng(1)
    sizes = [1, 3, 8, 9, 50, 300, 5]
    group = np.concatenate([np.full(s, 10 * g, dtype=np.int64) for g, s in enumerate(sizes)])
    group = np.concatenate([group, np.full(4, -1, dtype=np.int64)])
    order = rng.permutation(group.size)
    group = group[order]
    values = rng.normal(size=(3, group.size))  # columns x units
    values[rng.random(values.shape) < 0.1] = np.nan
    groups = Groups.of(group)
    result = groups.quantiles(values, (0.25, 0.5, 0.75), min_count=3)
    assert result.shape == (3, 3, len(sizes) + 1)
    assert groups.labels.tolist() == [10 * g for g in range(len(sizes))]
    for g in range(len(sizes)):
        members = groups.index == g
        for c in range(3):
            seen = values[c, members]
            seen = seen[np.isfinite(seen)]
            if seen.size >= 3:
                np.testing.assert_allclose(result[:, c, g], np.quantile(seen, [0.25, 0.5, 0.75]))
            else:
                assert np.isnan(result[:, c, g]).all()
    assert np.isnan(result[:, :, -1]).all()  # no group
    assert (groups.index[group == -1] == groups.count).all()


def test_unit_slices_cover_every_unit_once() -> None:
    slices = unit_slices(100_003, 30)
    covered = np.concatenate([np.arange(100_003)[s] for s in slices])
    np.testing.assert_array_equal(covered, np.arange(100_003))
    x = np.arange(12.0).reshape(4, 3)
    np.testing.assert_array_equal(days_first(x, slice(1, 3)), x[1:3].T)
    assert days_first(x, slice(1, 3)).flags.c_contiguous


def test_resolution_is_the_finest_step_the_figures_need() -> None:
    rng = np.random.default_rng(2)
    raw = rng.lognormal(3, 1, (100, 30))
    assert resolution(np.round(raw, 1)) == 0.1
    assert resolution(np.round(raw, 2)) == 0.01
    assert resolution(np.round(raw)) == 1.0
    assert resolution(np.round(raw / 10) * 10) == 1.0
    assert resolution(raw) == 0.001
    assert resolution(np.full((2, 2), np.nan)) == 1.0
