"""Reading reports as panels: each unit's daily figures of one product, as matrices.

The integrity checks read units day by day, so a panel holds the newest version of every
report of the units of a scope over a run of days (several reports of a unit on a day
add up), with the grade of what was reported and what each unit is known to manage.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection, and_, case, func, select

from planworks.domain.periods import from_day_number
from planworks.store.queries import Scope, is_newest, units_in_scope
from planworks.store.tables import regions, reports, unit_months, units

__all__ = ["PanelRows", "read_panel"]

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]


@dataclass(frozen=True)
class PanelRows:
    """The units that reported a product over [first_day, last_day], and their days.

    `quantity` is NaN where a unit sent no report that day; `grade` is the
    quantity-weighted grade of the day's graded reports (NaN: none graded); `usable` is
    the quantity graded at or above `min_grade` (all of it when there is no minimum).
    `demonstrated` is a unit's best month's mean daily output before `first_day`.
    """

    first_day: int
    unit_ids: Ints
    codes: tuple[str, ...]
    region_ids: Ints
    region_codes: tuple[str, ...]
    kinds: tuple[str, ...]
    capacity: Floats
    demonstrated: Floats
    quantity: Floats  # (units, days)
    grade: Floats  # (units, days)
    usable: Floats  # (units, days)

    @property
    def days(self) -> int:
        return int(self.quantity.shape[1])


def read_panel(
    conn: Connection,
    scope: Scope,
    product_id: int,
    first_day: int,
    last_day: int,
    min_grade: float | None,
) -> PanelRows:
    """The panel of `product_id` over [first_day, last_day] for the units of `scope`."""
    graded = reports.c.grade.is_not(None)
    usable = graded if min_grade is None else reports.c.grade >= min_grade
    stmt = (
        select(
            reports.c.unit_id,
            reports.c.day,
            func.sum(reports.c.quantity),
            func.sum(case((graded, reports.c.quantity * reports.c.grade), else_=0.0)),
            func.sum(case((graded, reports.c.quantity), else_=0.0)),
            func.sum(
                case((usable, reports.c.quantity), else_=0.0)
                if min_grade is not None
                else reports.c.quantity
            ),
        )
        .select_from(reports.join(units, units.c.id == reports.c.unit_id))
        .where(
            units_in_scope(scope),
            reports.c.product_id == product_id,
            reports.c.day.between(first_day, last_day),
            is_newest(),
        )
        .group_by(reports.c.unit_id, reports.c.day)
    )
    rows = np.array(conn.execute(stmt).all(), dtype=np.float64).reshape(-1, 6)
    unit_ids = np.unique(rows[:, 0]).astype(np.int64)
    catalog = _units(conn, unit_ids)
    n, width = len(unit_ids), last_day - first_day + 1
    at = np.searchsorted(unit_ids, rows[:, 0].astype(np.int64))
    col = rows[:, 1].astype(np.int64) - first_day
    quantity = np.full((n, width), np.nan)
    grade = np.full((n, width), np.nan)
    usable_q = np.full((n, width), np.nan)
    quantity[at, col] = rows[:, 2]
    usable_q[at, col] = rows[:, 5]
    weighted, weight = rows[:, 3], rows[:, 4]
    has_grade = weight > 0
    grade[at[has_grade], col[has_grade]] = weighted[has_grade] / weight[has_grade]
    return PanelRows(
        first_day=first_day,
        unit_ids=unit_ids,
        codes=catalog.codes,
        region_ids=catalog.region_ids,
        region_codes=catalog.region_codes,
        kinds=catalog.kinds,
        capacity=catalog.capacity,
        demonstrated=_demonstrated(conn, unit_ids, product_id, first_day),
        quantity=quantity,
        grade=grade,
        usable=usable_q,
    )


@dataclass(frozen=True)
class _Catalog:
    codes: tuple[str, ...]
    region_ids: Ints
    region_codes: tuple[str, ...]
    kinds: tuple[str, ...]
    capacity: Floats


def _units(conn: Connection, unit_ids: Ints) -> _Catalog:
    """The units' codes, regions, kinds and capacities, in the order of `unit_ids`."""
    stmt = (
        select(units.c.id, units.c.code, units.c.region_id, regions.c.code, units.c.kind)
        .add_columns(units.c.capacity)
        .select_from(units.join(regions, regions.c.id == units.c.region_id))
        .where(units.c.id.in_(unit_ids.tolist()))
        .order_by(units.c.id)
    )
    rows = conn.execute(stmt).all() if len(unit_ids) else []
    return _Catalog(
        codes=tuple(r[1] for r in rows),
        region_ids=np.array([r[2] for r in rows], dtype=np.int64),
        region_codes=tuple(r[3] for r in rows),
        kinds=tuple(r[4] for r in rows),
        capacity=np.array([np.nan if r[5] is None else r[5] for r in rows], dtype=np.float64),
    )


def _demonstrated(conn: Connection, unit_ids: Ints, product_id: int, first_day: int) -> Floats:
    """Each unit's best whole month before `first_day`: its mean output per day."""
    first = from_day_number(first_day)
    month = first.year * 12 + first.month - 1
    stmt = select(unit_months.c.unit_id, unit_months.c.month, unit_months.c.quantity).where(
        and_(
            unit_months.c.product_id == product_id,
            unit_months.c.month < month,
            unit_months.c.unit_id.in_(unit_ids.tolist()),
        )
    )
    out = np.full(len(unit_ids), np.nan)
    rows = conn.execute(stmt).all() if len(unit_ids) else []
    for unit_id, m, quantity in rows:
        days = _days_in_month(m)
        i = int(np.searchsorted(unit_ids, unit_id))
        out[i] = np.fmax(out[i], quantity / days)
    return out


def _days_in_month(month: int) -> int:
    year, m = divmod(month, 12)
    return calendar.monthrange(year, m + 1)[1]
