"""Findings: the flagged unit-days of a panel's screens, and who must see each one.

A finding goes first to the statisticians of the unit's own region (the level above the
unit: never only to the unit, which may be the one inflating). Left unresolved, it
climbs one region up the tree every `CLIMB_DAYS[severity]` days, as Cybersyn's algedonic
signal climbed when no one below acted on it: a crisis climbs fast, an alert slowly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from planworks.audit.panel import Check, Panel, Screen, Severity

__all__ = ["CLIMB_DAYS", "Finding", "escalated_to", "findings"]

#: days a finding waits at a level before it climbs to the region above
CLIMB_DAYS = {Severity.ALERT: 14, Severity.CRISIS: 3}


@dataclass(frozen=True)
class Finding:
    """One check's verdict on one unit-day."""

    unit: str
    day: date
    check: Check
    severity: Severity
    score: float  # the check's statistic
    quantity: float  # what the unit reported that day (NaN: nothing)


def findings(panel: Panel, screens: Sequence[Screen], first_column: int = 0) -> list[Finding]:
    """The unit-days at alert or above in `screens`, from column `first_column` on, in
    the order of day, unit and check; where one check flags a unit-day, one finding."""
    out: list[Finding] = []
    for screen in screens:
        rows, cols = np.nonzero(screen.level[:, first_column:] >= Severity.ALERT)
        cols = cols + first_column
        for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
            out.append(
                Finding(
                    unit=panel.units[r],
                    day=panel.day(c),
                    check=screen.check,
                    severity=Severity(int(screen.level[r, c])),
                    score=float(screen.score[r, c]),
                    quantity=float(panel.quantity[r, c]),
                )
            )
    out.sort(key=lambda f: (f.day, f.unit, list(Check).index(f.check)))
    return out


def escalated_to(severity: Severity, found: date, as_of: date, regions_up: Sequence[str]) -> str:
    """The region whose statisticians hold a finding unresolved on `as_of`.

    `regions_up` runs from the unit's own region to the root; a finding stays at the
    root once it has climbed there.
    """
    if not regions_up:
        raise ValueError("a unit is always in a region")
    if severity < Severity.ALERT:
        return regions_up[0]
    steps = max((as_of - found).days, 0) // CLIMB_DAYS[severity]
    return regions_up[min(steps, len(regions_up) - 1)]
