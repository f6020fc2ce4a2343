"""Rankings: the regions below a region, or its units, ordered by one figure.

The figures are the status figures (output, fulfilment of the plan for exactly the
period, growth) and quality ones (mean grade, usable output, usable share). Those
without the figure (no plan, no graded output) come last, unranked. Regions are ranked
from the aggregates (each with its subtree); units from their own reports.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

import numpy as np
from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.sql import ColumnElement

from planworks.domain.errors import InputError, InputProblem
from planworks.domain.periods import Period, day_number
from planworks.metrics.fulfilment import growth_pct
from planworks.metrics.quality import Quality, quality
from planworks.services.status import StatusRow, status_of_regions
from planworks.store.among import among
from planworks.store.ledgers import rejected_by_unit, rejected_daily
from planworks.store.migrate import require_current
from planworks.store.places import region_index
from planworks.store.queries import (
    ProductInfo,
    daily_by_grade,
    is_newest,
    load_plans,
    product_info,
    resolve_scope,
)
from planworks.store.tables import products, reports, units

__all__ = ["RankBy", "RankRow", "rank"]


class RankBy(StrEnum):
    OUTPUT = "output"
    FULFILMENT = "fulfilment"
    GROWTH_YOY = "growth-yoy"
    GROWTH_PREV = "growth-prev"
    QUALITY = "quality"  # the quantity-weighted mean grade
    USABLE = "usable"  # usable output
    USABLE_SHARE = "usable-share"  # usable output as a share of output


@dataclass(frozen=True)
class RankRow:
    rank: int | None  # None: no figure to rank by
    code: str
    name: str
    value: float | None
    output: float  # as reported
    target: float | None = None
    usable: float | None = None  # of the output, what is at or above the minimum grade


def rank(
    engine: Engine,
    scope: str | None,
    product: str,
    period: Period,
    *,
    by: RankBy,
    level: str = "regions",
    as_of: date | None = None,
    measured: Collection[StatusRow] = (),
) -> list[RankRow]:
    """The regions just below `scope` (or the top regions), or (`level="units"`) the units
    in it, ranked best first. `measured`: status rows (as of `as_of`) already at hand;
    those of the regions ranked are not measured again."""
    if level not in ("regions", "units"):
        raise InputError([InputProblem(f"{level!r} is not regions or units", column="--level")])
    require_current(engine)
    with engine.connect() as conn:
        info = product_info(conn, product)
        if by in (RankBy.QUALITY, RankBy.USABLE, RankBy.USABLE_SHARE) and not info.grades:
            raise InputError(
                [InputProblem(f"{product} has no grades to rank quality by", column="--by")]
            )
        if level == "units":
            if scope is None:
                raise InputError([InputProblem("ranking units needs a scope", column="scope")])
            return _ranked(_units(conn, scope, info, period, by, as_of))
    with engine.connect() as conn:
        regions_ = region_index(conn)
    if scope is None:
        roots = regions_.children(None)
        below = regions_.children(roots[0]) if len(roots) == 1 else roots
    else:
        if scope not in regions_:
            raise InputError([InputProblem(f"{scope!r} is not a region", column="scope")])
        below = regions_.children(scope)
        if not below:
            raise InputError(
                [
                    InputProblem(
                        f"{scope} has no regions below it: rank its units with --level units",
                        column="scope",
                    )
                ]
            )
    known = {r.scope: r for r in measured if (r.product, r.period) == (product, period)}
    if all(code in known for code in below):
        chosen = [known[code] for code in below]
    else:
        chosen = status_of_regions(engine, product, period, as_of, only=below)
    with engine.connect() as conn:
        return _ranked(_region_rows(conn, chosen, info, period, by))


def _ranked(rows: Iterable[RankRow]) -> list[RankRow]:
    with_value = sorted((r for r in rows if r.value is not None), key=lambda r: -(r.value or 0))
    without = [r for r in rows if r.value is None]
    ranked = [replace(r, rank=i) for i, r in enumerate(with_value, start=1)]
    return ranked + sorted(without, key=lambda r: r.code)


def _region_rows(
    conn: Connection, rows: list[StatusRow], info: ProductInfo, period: Period, by: RankBy
) -> list[RankRow]:
    out = []
    for r in rows:
        value: float | None
        if by is RankBy.OUTPUT:
            value = r.cumulative
        elif by is RankBy.FULFILMENT:
            value = r.fulfilment_pct
        elif by is RankBy.GROWTH_YOY:
            value = r.growth_yoy_pct
        elif by is RankBy.GROWTH_PREV:
            value = r.growth_prev_pct
        else:
            scope = resolve_scope(conn, r.scope)
            first, last = day_number(period.start), day_number(min(period.end, r.as_of))
            graded = {
                g: float(v.sum()) for g, v in daily_by_grade(conn, scope, info, first, last).items()
            }
            refused = float(rejected_daily(conn, scope, info.id or 0, first, last).sum())
            q = quality(graded, r.cumulative, info.min_grade, refused)
            value = _quality_value(by, q, r.cumulative)
        usable = r.usable if info.min_grade is not None else None
        out.append(RankRow(None, r.scope, r.scope_name, value, r.cumulative, r.target, usable))
    return out


def _quality_value(by: RankBy, q: Quality, total: float) -> float | None:
    if by is RankBy.QUALITY:
        return q.mean_grade
    if by is RankBy.USABLE:
        return q.usable
    return None if total <= 0 else 100.0 * q.usable / total


def _units(
    conn: Connection,
    scope: str,
    info: ProductInfo,
    period: Period,
    by: RankBy,
    as_of: date | None,
) -> list[RankRow]:
    """Every unit of the scope that reported the product (any product for value)."""
    where = resolve_scope(conn, scope)
    unit_filter = (
        units.c.id.in_(where.unit_ids)
        if where.is_unit
        else among(units.c.region_id, where.region_ids)
    )
    last_day = min(period.end, as_of) if as_of else period.end
    now = _unit_output(conn, unit_filter, info, period.start, last_day)
    earlier = {}
    if by in (RankBy.GROWTH_YOY, RankBy.GROWTH_PREV):
        before = period.year_earlier() if by is RankBy.GROWTH_YOY else period.previous()
        days = (last_day - period.start).days
        stop = (
            before.end
            if last_day >= period.end
            else min(before.end, date.fromordinal(before.start.toordinal() + days))
        )
        earlier = _unit_output(conn, unit_filter, info, before.start, stop)
    targets = {p.scope: p.target for p in load_plans(conn, product=info.code, period=period)}
    grades: dict[str, dict[float, float]] = defaultdict(dict)
    if info.min_grade is not None and info.id is not None:  # usable shown beside output
        stmt = (
            select(units.c.code, reports.c.grade, func.sum(reports.c.quantity))
            .join(units, units.c.id == reports.c.unit_id)
            .where(
                unit_filter,
                reports.c.product_id == info.id,
                reports.c.grade.is_not(None),
                reports.c.day.between(day_number(period.start), day_number(last_day)),
                is_newest(),
            )
            .group_by(units.c.code, reports.c.grade)
        )
        for code, grade, quantity in conn.execute(stmt):
            grades[code][float(grade)] = float(quantity)
    names = dict(conn.execute(select(units.c.code, units.c.name).where(unit_filter)).all())
    refused: dict[str, float] = {}
    if info.id is not None:
        first, last = day_number(period.start), day_number(last_day)
        by_id = rejected_by_unit(conn, where, info.id, first, last)
        if by_id:
            code_of = dict(
                conn.execute(select(units.c.id, units.c.code).where(among(units.c.id, by_id))).all()
            )
            refused = {code_of[u]: float(v.sum()) for u, v in by_id.items()}
    out = []
    for code, output in now.items():
        q = quality(grades.get(code, {}), output, info.min_grade, refused.get(code, 0.0))
        value: float | None
        if by is RankBy.OUTPUT:
            value = output
        elif by is RankBy.FULFILMENT:
            target = targets.get(code)
            value = None if not target else 100.0 * output / target
        elif by in (RankBy.GROWTH_YOY, RankBy.GROWTH_PREV):
            value = _growth(output, earlier.get(code, 0.0))
        else:
            value = _quality_value(by, q, output)
        usable = None if info.min_grade is None else q.usable
        out.append(
            RankRow(None, code, names.get(code, code), value, output, targets.get(code), usable)
        )
    return out


def _growth(now: float, before: float) -> float | None:
    g = float(growth_pct(np.array([now]), np.array([before]))[0])
    return None if np.isnan(g) else g  # nothing before


def _unit_output(
    conn: Connection, unit_filter: ColumnElement[bool], info: ProductInfo, start: date, end: date
) -> dict[str, float]:
    """Each unit's output (or output value) over [start, end]."""
    amount = (
        reports.c.quantity
        if info.id is not None
        else func.coalesce(reports.c.value, reports.c.quantity * func.coalesce(products.c.price, 0))
    )
    stmt = (
        select(units.c.code, func.sum(amount))
        .join(units, units.c.id == reports.c.unit_id)
        .join(products, products.c.id == reports.c.product_id)
        .where(unit_filter, reports.c.day.between(day_number(start), day_number(end)), is_newest())
        .group_by(units.c.code)
    )
    if info.id is not None:
        stmt = stmt.where(reports.c.product_id == info.id)
    return {code: float(total or 0.0) for code, total in conn.execute(stmt)}
