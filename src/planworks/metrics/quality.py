"""Quality: shares by grade, the quantity-weighted mean grade, usable output."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from planworks.domain.model import is_usable_grade

__all__ = ["Quality", "quality"]


@dataclass(frozen=True)
class Quality:
    graded: float  # quantity with a grade
    ungraded: float  # quantity reported without one
    shares_pct: dict[float, float]  # grade -> share of the graded quantity, %
    mean_grade: float | None  # quantity-weighted, over graded quantity
    usable: float  # quantity that counts: at or above the minimum grade


def quality(by_grade: Mapping[float, float], total: float, min_grade: float | None) -> Quality:
    """Quality of `total` output of which `by_grade` gives the graded part.

    Without a minimum grade all output is usable; with one, only graded output at or
    above it (ungraded output has not shown it is usable).
    """
    graded = float(sum(by_grade.values()))
    shares = {g: q / graded * 100.0 for g, q in sorted(by_grade.items())} if graded else {}
    mean = sum(g * q for g, q in by_grade.items()) / graded if graded else None
    if min_grade is None:
        usable = total
    else:
        usable = float(sum(q for g, q in by_grade.items() if is_usable_grade(g, min_grade)))
    return Quality(
        graded=graded,
        ungraded=max(total - graded, 0.0),
        shares_pct=shares,
        mean_grade=mean,
        usable=usable,
    )
