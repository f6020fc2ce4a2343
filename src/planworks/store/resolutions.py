"""Statisticians' verdicts on the audit's findings.

A finding is its unit, product, day and check (for a check of a region's own reported
total, `region_total`, the region in place of the unit); it is resolved once, with a verdict
(`confirmed`: the report was false; `explained`: it was true after all), the day, who
resolved it and why. Verdicts are kept, never changed: a second verdict on the same
finding is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum

from sqlalchemy import Connection, func, select

from planworks.domain.errors import InputError, InputProblem, NotFoundError
from planworks.domain.periods import day_number, from_day_number
from planworks.store.tables import audit_resolutions, products, regions, units

#: the check whose findings judge a region's own total, not a unit's reports
REGION_CHECK = "region_total"

__all__ = ["Resolution", "Verdict", "add_resolution", "resolutions"]


class Verdict(StrEnum):
    CONFIRMED = "confirmed"  # the report was false
    EXPLAINED = "explained"  # it was true: a new furnace, a good week


@dataclass(frozen=True)
class Resolution:
    unit: str
    product: str
    day: date
    check: str
    verdict: Verdict
    resolved_on: date
    by: str
    note: str


def add_resolution(conn: Connection, r: Resolution) -> None:
    """Record a verdict; refused if the unit or product is unknown, the note or the name
    empty, the verdict given before the day it judges, or the finding resolved already."""
    problems = []
    if not r.note.strip():
        problems.append(InputProblem("say why: the note is empty", column="note"))
    if not r.by.strip():
        problems.append(InputProblem("say who resolved it", column="by"))
    if r.resolved_on < r.day:
        problems.append(InputProblem("resolved before the day it judges", column="resolved_on"))
    if problems:
        raise InputError(problems)
    place = regions if r.check == REGION_CHECK else units
    place_id = conn.execute(select(place.c.id).where(place.c.code == r.unit)).scalar_one_or_none()
    if place_id is None:
        what = "region" if r.check == REGION_CHECK else "unit"
        raise NotFoundError(f"no {what} has the code {r.unit!r}")
    product_id = conn.execute(
        select(products.c.id).where(products.c.code == r.product)
    ).scalar_one_or_none()
    if product_id is None:
        raise NotFoundError(f"no product has the code {r.product!r}")
    column = "region_id" if r.check == REGION_CHECK else "unit_id"
    key = {column: place_id, "product_id": product_id, "day": day_number(r.day), "check": r.check}
    earlier = conn.execute(
        select(audit_resolutions.c.by, audit_resolutions.c.resolved_on).where(
            *(audit_resolutions.c[k] == v for k, v in key.items())
        )
    ).one_or_none()
    if earlier is not None:
        when = from_day_number(earlier.resolved_on)
        raise InputError(
            [InputProblem(f"resolved already, on {when} by {earlier.by}", column="check")]
        )
    conn.execute(
        audit_resolutions.insert().values(
            **key,
            verdict=r.verdict.value,
            resolved_on=day_number(r.resolved_on),
            at=datetime.now(UTC),
            by=r.by,
            note=r.note,
        )
    )


def resolutions(
    conn: Connection, first: int, last: int
) -> dict[tuple[str, str, date, str], Resolution]:
    """The verdicts on findings of days in [first, last], by (unit, product, day, check)
    (the region's code in place of the unit's for a region's total)."""
    stmt = (
        select(
            func.coalesce(units.c.code, regions.c.code),
            products.c.code,
            audit_resolutions.c.day,
            audit_resolutions.c.check,
            audit_resolutions.c.verdict,
            audit_resolutions.c.resolved_on,
            audit_resolutions.c.by,
            audit_resolutions.c.note,
        )
        .select_from(
            audit_resolutions.outerjoin(units, units.c.id == audit_resolutions.c.unit_id)
            .outerjoin(regions, regions.c.id == audit_resolutions.c.region_id)
            .join(products, products.c.id == audit_resolutions.c.product_id)
        )
        .where(audit_resolutions.c.day.between(first, last))
    )
    out = {}
    for unit, product, day, check, verdict, on, by, note in conn.execute(stmt):
        r = Resolution(
            unit,
            product,
            from_day_number(day),
            check,
            Verdict(verdict),
            from_day_number(on),
            by,
            note,
        )
        out[(r.unit, r.product, r.day, r.check)] = r
    return out
