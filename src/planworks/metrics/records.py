"""Records ("satellites", 卫星): days above every earlier day, and first days over a mark."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["first_day_over", "record_days"]

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]


def record_days(daily: Floats) -> Ints:
    """Indices of the days whose output is above that of every earlier day.

    The first day with any output is the first record; a day equal to the best so far
    is not a record.
    """
    x = np.asarray(daily, dtype=np.float64)
    if x.size == 0:
        return np.zeros(0, dtype=np.int64)
    best_before = np.concatenate(([0.0], np.maximum.accumulate(x)[:-1]))
    return np.flatnonzero(x > best_before).astype(np.int64)


def first_day_over(daily: Floats, threshold: float) -> int | None:
    """Index of the first day with output above `threshold`, or None."""
    above = np.flatnonzero(np.asarray(daily, dtype=np.float64) > threshold)
    return int(above[0]) if above.size else None
