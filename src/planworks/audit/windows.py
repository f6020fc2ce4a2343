"""Trailing windows over days and order statistics within peer groups, for many units at once.

The checks judge each unit-day on the run of days that ends there and compare a unit with
the other units of its group on the same day. Both are done here for all units in a few
passes of array arithmetic: trailing sums by cumulative sums along the days, and group
quantiles by sorting each group's values in a padded block (groups of like size share a
block, so a panel of 8,000 groups of 50 units costs about what one group of 400,000 does).

A check works through a panel a slice of a few thousand units at a time (`unit_slices`),
turned days-first (`days_first`: days x units, each day's figures contiguous). A slice's
arrays then fit the processor's cache and its temporaries are reused by the next slice,
where arrays of a whole panel (96 MB a matrix at 400,000 units x 30 days) would be mapped
afresh from the system for every temporary and streamed through memory; and operations
along the days (cumulative sums, shifted comparisons) work on whole contiguous rows
instead of stepping through rows of a few dozen days. The functions here take and give
days-first arrays.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from planworks.audit.panel import Floats, Ints

__all__ = [
    "Groups",
    "cumulative",
    "days_first",
    "resolution",
    "trailing_count",
    "trailing_extreme",
    "trailing_sum",
    "unit_slices",
]

Bools = npt.NDArray[np.bool_]

#: Cells per slice of work: 1 MB of float64.
_SLICE_CELLS = 1 << 17
#: Blocks pad each group to the next power of two at least this large; smaller blocks
#: would multiply the number of blocks without saving much memory.
_MIN_WIDTH = 8


def unit_slices(units: int, days: int) -> list[slice]:
    """Slices of the units small enough that a days x units float64 array is ~1 MB."""
    size = max(256, _SLICE_CELLS // max(days, 1))
    return [slice(i, min(i + size, units)) for i in range(0, units, size)]


def days_first(x: npt.NDArray[Any], units: slice | Ints) -> npt.NDArray[Any]:
    """The rows `units` of a units x days array, as a contiguous days x units array."""
    return np.ascontiguousarray(x[units].T)


def cumulative(x: npt.NDArray[Any], dtype: type[np.generic]) -> npt.NDArray[Any]:
    """Cumulative sums along the days (axis 0) as `dtype`, a row of units at a time."""
    out = x.astype(dtype)
    for j in range(1, out.shape[0]):
        out[j] += out[j - 1]
    return out


def trailing_sum(x: Floats, window: int) -> Floats:
    """Sums of x over the `window` days ending at each day, for days window-1 onward.

    x must hold no NaN (put zeros where nothing counts). Row k of the result is the
    window ending at day k + window - 1.
    """
    c = cumulative(x, np.float64)
    out = c[window - 1 :].copy()
    out[1:] -= c[: c.shape[0] - window]
    return out


def trailing_count(mask: Bools, window: int) -> npt.NDArray[np.int16]:
    """How many days of the `window` ending at each day are set, for days window-1 onward."""
    c = cumulative(mask, np.int16)
    out = c[window - 1 :].copy()
    out[1:] -= c[: c.shape[0] - window]
    return out


def trailing_extreme(x: Floats, window: int, pick: np.ufunc) -> Floats:
    """The least (`np.fmin`) or greatest (`np.fmax`) of x over the `window` days ending at
    each day, for days window-1 onward; NaN only where the whole window is NaN.

    Windows of 2, 4, 8... days are built by doubling, and the last is two overlapping
    windows of the largest power of two: a handful of passes for any window.
    """
    span = 1
    best = x
    while 2 * span <= window:
        best = pick(best[span:], best[:-span])
        span *= 2
    if span < window:
        best = pick(best[window - span :], best[: best.shape[0] - (window - span)])
    result: Floats = best
    return result


def resolution(quantity: Floats, sample: int = 200_000, seed: int = 0) -> float:
    """The finest decimal step the panel's figures are reported to (0.1: one decimal place).

    Judged on a sample of the non-zero figures: the finest of 1, 0.1, 0.01 and 0.001 that at
    least 5% of them need (one figure in ten at one decimal place is a whole number, so a
    panel reported to tenths still shows tenths in 90% of its figures). Figures finer than
    0.001 are taken as reported to 0.001.
    """
    flat = quantity.ravel()
    if flat.size > sample:
        flat = flat[np.random.default_rng(seed).integers(0, flat.size, sample)]
    flat = flat[np.isfinite(flat) & (flat != 0)]
    if flat.size == 0:
        return 1.0
    step = 1.0
    for finer in (0.1, 0.01, 0.001):
        scaled = flat / step
        off_grid = np.abs(scaled - np.rint(scaled)) > 1e-6 * np.maximum(1.0, np.abs(scaled))
        if off_grid.mean() < 0.05:
            break
        step = finer
    return step


@dataclass(frozen=True)
class _Block:
    """Groups of like size, padded to one width, with their units in group order."""

    groups: Ints  # (rows,) group numbers
    units: Ints  # the units of these groups, group by group
    slot: Ints  # each of those units' place within its group
    offsets: Ints  # (rows + 1,) where each group's units start in `units`
    width: int


@dataclass(frozen=True)
class Groups:
    """A panel's peer groups, indexed for per-group quantiles of values of their units.

    `index[i]` is unit i's group number in 0..count-1, or `count` for a unit of no group
    (label -1); arrays indexed by group number get one more row (NaN) for those.
    """

    labels: Ints  # (count,) the group labels
    index: Ints  # (units,)
    size: Ints  # (count,) units in each group
    blocks: tuple[_Block, ...]

    @property
    def count(self) -> int:
        return int(self.labels.size)

    @classmethod
    def of(cls, group: Ints) -> Groups:
        """Index the groups of a panel (its `group` array)."""
        grouped = group >= 0
        labels, inverse = np.unique(group[grouped], return_inverse=True)
        count = int(labels.size)
        index = np.full(group.shape, count, dtype=np.int64)
        index[grouped] = inverse
        size = np.bincount(inverse, minlength=count).astype(np.int64)
        order = np.argsort(index, kind="stable")[: int(grouped.sum())]  # ungrouped last
        starts = np.concatenate(([0], np.cumsum(size)[:-1])).astype(np.int64)
        slot = np.arange(order.size) - starts[index[order]]  # place in group, by `order`
        width = np.maximum(_MIN_WIDTH, 2 ** np.ceil(np.log2(np.maximum(size, 1)))).astype(np.int64)
        blocks = []
        for w in np.unique(width):
            members = np.flatnonzero(width == w)
            take = np.isin(index[order], members)
            offsets = np.concatenate(([0], np.cumsum(size[members]))).astype(np.int64)
            blocks.append(_Block(members, order[take], slot[take], offsets, int(w)))
        return cls(labels, index, size, tuple(blocks))

    def quantiles(self, values: Floats, qs: Sequence[float], min_count: int = 1) -> Floats:
        """Each group's quantiles of `values` (columns x units: a row per day), row by row.

        NaN values are left out; values must otherwise be finite. Returns
        (len(qs), columns, count + 1), NaN where a group has fewer than `min_count`
        values in a row and in the last column (no group): `result[k][:, index]` gives
        each unit its group's quantile. Quantiles interpolate linearly between order
        statistics, as `np.quantile` does by default.
        """
        m = values.shape[0]
        out = np.full((len(qs), m, self.count + 1), np.nan)
        for block in self.blocks:
            rows = block.groups.size
            step = max(1, _SLICE_CELLS // (m * block.width))
            for a in range(0, rows, step):
                b = min(a + step, rows)
                lo_unit, hi_unit = block.offsets[a], block.offsets[b]
                # each unit's cell: its group's row (counted from a) times width plus slot
                row = np.repeat(np.arange(b - a), np.diff(block.offsets[a : b + 1]))
                cell = row * block.width + block.slot[lo_unit:hi_unit]
                flat = np.full((m, (b - a) * block.width), np.nan)
                flat[:, cell] = values[:, block.units[lo_unit:hi_unit]]
                padded = flat.reshape(m, b - a, block.width)
                padded.sort(axis=2)  # NaN sorts last
                n = np.count_nonzero(~np.isnan(padded), axis=2)  # (m, rows)
                top = np.maximum(n - 1, 0)
                enough = n >= max(min_count, 1)
                for k, q in enumerate(qs):
                    pos = q * top
                    lo = np.floor(pos).astype(np.int64)
                    hi = np.minimum(lo + 1, top)
                    below = np.take_along_axis(padded, lo[:, :, None], axis=2)[:, :, 0]
                    above = np.take_along_axis(padded, hi[:, :, None], axis=2)[:, :, 0]
                    value = below + (pos - lo) * (above - below)
                    out[k][:, block.groups[a:b]] = np.where(enough, value, np.nan)
        return out
