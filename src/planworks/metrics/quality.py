"""Quality: shares by grade, the quantity-weighted mean grade, usable output.

Usable output is what counts: output at or above the product's minimum grade (all of it
where the product has none), less what the units downstream refused as unfit for use.
"""

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
    usable: float  # quantity that counts: at or above the minimum grade, not refused
    rejected: float = 0.0  # refused downstream as unfit for use


def quality(
    by_grade: Mapping[float, float],
    total: float,
    min_grade: float | None,
    rejected: float = 0.0,
) -> Quality:
    """Quality of `total` output of which `by_grade` gives the graded part and of which
    the units it was shipped to refused `rejected`.

    Without a minimum grade all output is usable; with one, only graded output at or
    above it (ungraded output has not shown it is usable). What was refused downstream
    is not usable either, whatever its grade (never below nothing).
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
        usable=max(usable - rejected, 0.0),
        rejected=rejected,
    )
