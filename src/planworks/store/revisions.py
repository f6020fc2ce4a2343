"""Revisions: every version of a report, and how often and which way units revise.

Reports are append-only: a correction is a new row that supersedes an older one, with a
reason, brought by an import (or an API call) that says when it arrived and who sent it.
So a report's history is the chain of rows that supersede one another.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, func, select

from planworks.domain.errors import NotFoundError
from planworks.domain.periods import from_day_number
from planworks.store.queries import Scope, units_in_scope
from planworks.store.tables import imports, products, reports, units

__all__ = ["UnitRevisions", "Version", "report_history", "unit_revisions"]


@dataclass(frozen=True)
class Version:
    """One version of a report: what it said, when it arrived, who sent it, and why."""

    id: int
    report_id: str | None
    unit: str
    product: str
    day: date
    quantity: float
    grade: float | None
    supersedes: int | None
    reason: str | None
    arrived: datetime | None
    source: str | None
    sender: str | None


def report_history(conn: Connection, key: str | int) -> list[Version]:
    """Every version of the report with that report_id (or row id), oldest first."""
    column = reports.c.id if isinstance(key, int) else reports.c.report_id
    start = conn.execute(select(reports.c.id).where(column == key)).scalar_one_or_none()
    if start is None:
        raise NotFoundError(f"no report {key!r}")
    chain = _versions(conn, start)
    first = chain[0]
    while first.supersedes is not None:  # back to the first version
        chain = _versions(conn, first.supersedes) + chain
        first = chain[0]
    last = chain[-1]
    while True:  # and on to the newest
        later = conn.execute(
            select(reports.c.id).where(reports.c.supersedes == last.id)
        ).scalar_one_or_none()
        if later is None:
            return chain
        chain += _versions(conn, later)
        last = chain[-1]


def _versions(conn: Connection, report_id: int) -> list[Version]:
    stmt = (
        select(
            reports.c.id,
            reports.c.report_id,
            units.c.code,
            products.c.code,
            reports.c.day,
            reports.c.quantity,
            reports.c.grade,
            reports.c.supersedes,
            reports.c.reason,
            imports.c.at,
            imports.c.source,
            imports.c.sender,
        )
        .select_from(
            reports.join(units, units.c.id == reports.c.unit_id)
            .join(products, products.c.id == reports.c.product_id)
            .outerjoin(imports, imports.c.id == reports.c.import_id)
        )
        .where(reports.c.id == report_id)
    )
    r = conn.execute(stmt).one()
    return [
        Version(
            id=r[0],
            report_id=r[1],
            unit=r[2],
            product=r[3],
            day=from_day_number(r[4]),
            quantity=r[5],
            grade=r[6],
            supersedes=r[7],
            reason=r[8],
            arrived=r[9],
            source=r[10],
            sender=r[11],
        )
    ]


@dataclass(frozen=True)
class UnitRevisions:
    """How one unit revised its reports over a run of days."""

    unit: str
    reports: int  # reports first sent for those days
    revisions: int  # corrections of them
    mean_change_pct: float | None  # mean of (new - old) / old over the corrections

    @property
    def share_pct(self) -> float:
        return 100.0 * self.revisions / self.reports if self.reports else 0.0


def unit_revisions(conn: Connection, scope: Scope, first: int, last: int) -> list[UnitRevisions]:
    """Per unit of `scope` that revised anything in [first, last]: the share of its
    reports revised and the bias of the revisions (up or down, on average, %)."""
    old = reports.alias("old")
    within = reports.c.day.between(first, last)
    change = func.avg(
        (reports.c.quantity - old.c.quantity) / func.nullif(old.c.quantity, 0.0) * 100.0
    )
    revised = {
        r[0]: (r[1], r[2])
        for r in conn.execute(
            select(reports.c.unit_id, func.count(), change)
            .select_from(
                reports.join(old, old.c.id == reports.c.supersedes).join(
                    units, units.c.id == reports.c.unit_id
                )
            )
            .where(units_in_scope(scope), within)
            .group_by(reports.c.unit_id)
        )
    }
    if not revised:
        return []
    sent = conn.execute(
        select(units.c.id, units.c.code, func.count())
        .select_from(reports.join(units, units.c.id == reports.c.unit_id))
        .where(units.c.id.in_(list(revised)), within, reports.c.supersedes.is_(None))
        .group_by(units.c.id, units.c.code)
        .order_by(units.c.code)
    ).all()
    return [
        UnitRevisions(
            code,
            count,
            revised[unit_id][0],
            None if revised[unit_id][1] is None else float(revised[unit_id][1]),
        )
        for unit_id, code, count in sent
    ]
