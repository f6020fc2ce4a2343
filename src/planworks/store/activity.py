"""Counting what units did: opened, stayed open, tried new products, were inspected,
made by-products, employed people.

Scopes are `Scope`s (a region subtree or a unit); periods are epoch-day bounds, both
days included. Reports count in their newest version only.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, and_, case, func, or_, select
from sqlalchemy.sql import ColumnElement, Subquery

from planworks.domain.errors import NotFoundError
from planworks.domain.model import RecipeRole, TrialStage
from planworks.store.queries import Scope, is_newest, region_tree, units_in_scope
from planworks.store.tables import (
    campaigns,
    inspection_problems,
    products,
    recipes,
    reports,
    trial_events,
    units,
    workforce,
)

__all__ = [
    "ByproductTotals",
    "Inspection",
    "byproduct_totals",
    "has_byproducts",
    "inspection",
    "main_industry",
    "new_product_names",
    "new_products",
    "opened_by_industry",
    "output_per_worker",
    "units_closed",
    "units_merged",
    "units_open",
    "units_opened",
    "workers_on",
]


def units_opened(conn: Connection, scope: Scope, first: int, last: int) -> int:
    """Units of the scope whose opening day falls in [first, last]."""
    stmt = (
        select(func.count())
        .select_from(units)
        .where(units_in_scope(scope), units.c.opened.between(first, last))
    )
    return int(conn.execute(stmt).scalar_one())


def _industry() -> ColumnElement[str]:
    return func.coalesce(units.c.industry, products.c.code)  # else its main product's


def main_industry(conn: Connection, scope: Scope, product_id: int) -> str | None:
    """The industry most of the scope's units making a product as their main one belong
    to: what to call them, furnaces or plants. A unit without an industry counts as of
    its main product's (furnaces make iron)."""
    industry = _industry()
    stmt = (
        select(industry)
        .select_from(units)
        .outerjoin(products, products.c.id == units.c.product_id)
        .where(units_in_scope(scope), units.c.product_id == product_id)
        .group_by(industry)
        .order_by(func.count().desc(), industry)
    )
    found: str | None = conn.execute(stmt.limit(1)).scalar()
    return found


def opened_by_industry(conn: Connection, scope: Scope, first: int, last: int) -> dict[str, int]:
    """Units of the scope opened in [first, last], counted by industry (as `main_industry`
    names them; "" for none), the most first."""
    industry = _industry()
    stmt = (
        select(func.coalesce(industry, ""), func.count())
        .select_from(units)
        .outerjoin(products, products.c.id == units.c.product_id)
        .where(units_in_scope(scope), units.c.opened.between(first, last))
        .group_by(industry)
        .order_by(func.count().desc(), industry)
    )
    return {str(name): int(n) for name, n in conn.execute(stmt)}


def units_merged(conn: Connection, scope: Scope, first: int, last: int) -> int:
    """Units of the scope merged into another unit on a day in [first, last]."""
    stmt = (
        select(func.count())
        .select_from(units)
        .where(
            units_in_scope(scope),
            units.c.merged_into_id.is_not(None),
            units.c.closed.between(first, last),
        )
    )
    return int(conn.execute(stmt).scalar_one())


def units_closed(conn: Connection, scope: Scope, first: int, last: int) -> int:
    """Units of the scope closed on a day in [first, last], not by a merge."""
    stmt = (
        select(func.count())
        .select_from(units)
        .where(
            units_in_scope(scope),
            units.c.merged_into_id.is_(None),
            units.c.closed.between(first, last),
        )
    )
    return int(conn.execute(stmt).scalar_one())


def units_open(conn: Connection, scope: Scope, day: int) -> int:
    """Units of the scope open on the day (opened by then, not closed yet)."""
    stmt = (
        select(func.count())
        .select_from(units)
        .where(
            units_in_scope(scope),
            units.c.opened <= day,
            or_(units.c.closed.is_(None), units.c.closed > day),
        )
    )
    return int(conn.execute(stmt).scalar_one())


def _first_successes(scope: Scope) -> Subquery:
    """Each product's first successful trial at a unit of the scope: (product_id, day)."""
    return (
        select(trial_events.c.product_id, func.min(trial_events.c.day).label("day"))
        .join(units, units.c.id == trial_events.c.unit_id)
        .where(units_in_scope(scope), trial_events.c.stage == TrialStage.SUCCEEDED.value)
        .group_by(trial_events.c.product_id)
        .subquery()
    )


def new_products(conn: Connection, scope: Scope, first: int, last: int) -> int:
    """Distinct products first trial-produced successfully in the scope in [first, last]."""
    firsts = _first_successes(scope)
    stmt = select(func.count()).select_from(firsts).where(firsts.c.day.between(first, last))
    return int(conn.execute(stmt).scalar_one())


def new_product_names(
    conn: Connection, scope: Scope, first: int, last: int, limit: int
) -> list[tuple[str, str, str | None]]:
    """The first `limit` of those products, by the day of their first success:
    (code, name, Chinese name)."""
    firsts = _first_successes(scope)
    stmt = (
        select(products.c.code, products.c.name, products.c.name_zh)
        .join(firsts, firsts.c.product_id == products.c.id)
        .where(firsts.c.day.between(first, last))
        .order_by(firsts.c.day, products.c.code)
        .limit(limit)
    )
    return [(code, name, name_zh) for code, name, name_zh in conn.execute(stmt)]


@dataclass(frozen=True)
class Inspection:
    problems: int
    with_measure: int
    done: int
    inspectors: int | None  # of the campaign, when one is named

    @property
    def with_measure_pct(self) -> float | None:
        return None if self.problems == 0 else 100.0 * self.with_measure / self.problems


def inspection(
    conn: Connection, scope: Scope, first: int, last: int, campaign: str | None = None
) -> Inspection:
    """Problems found at the scope's units in [first, last] (of the named campaign, if
    one is), how many had a measure, and how many were dealt with by `last`."""
    done = inspection_problems.c.done
    stmt = (
        select(
            func.count(),
            func.sum(case((func.length(func.trim(inspection_problems.c.measure)) > 0, 1), else_=0)),
            func.sum(case((and_(done.is_not(None), done <= last), 1), else_=0)),
        )
        .select_from(inspection_problems)
        .join(units, units.c.id == inspection_problems.c.unit_id)
        .where(inspection_problems.c.found.between(first, last), units_in_scope(scope))
    )
    inspectors = None
    if campaign is not None:
        found = conn.execute(
            select(campaigns.c.id, campaigns.c.inspectors).where(campaigns.c.code == campaign)
        ).one_or_none()
        if found is None:
            raise NotFoundError(f"no inspection campaign has the code {campaign!r}")
        stmt = stmt.where(inspection_problems.c.campaign_id == found.id)
        inspectors = found.inspectors
    count, measured, dealt_with = conn.execute(stmt).one()
    return Inspection(int(count), int(measured or 0), int(dealt_with or 0), inspectors)


@dataclass(frozen=True)
class ByproductTotals:
    main_value: float  # output value of the units' main products
    byproduct_value: float  # output value of their by-products
    byproducts: int  # distinct by-products made (output above 0)
    waste_made: float = 0.0  # wastes their main products leave, by their recipes' rates
    waste_used: float = 0.0  # wastes their products took in as inputs, by the same

    @property
    def ratio(self) -> float | None:
        return None if self.main_value <= 0 else self.byproduct_value / self.main_value

    @property
    def waste_use_pct(self) -> float | None:
        """Share of the wastes left that went into products (综合利用率)."""
        return None if self.waste_made <= 0 else 100 * self.waste_used / self.waste_made


_Lines = dict[tuple[int, str, int | None], dict[int, float]]


def _recipe_lines(conn: Connection, role: RecipeRole) -> _Lines:
    """Recipe lines of one role: (product, kind, region) -> {item: per unit}."""
    lines: _Lines = {}
    stmt = select(
        recipes.c.product_id,
        recipes.c.kind,
        recipes.c.region_id,
        recipes.c.item_id,
        recipes.c.per_unit,
    ).where(recipes.c.role == role.value)
    for product, kind, region, item, per_unit in conn.execute(stmt):
        lines.setdefault((product, kind, region), {})[item] = float(per_unit)
    return lines


def _recipe(
    lines: _Lines, product: int, kind: str, places: tuple[int | None, ...]
) -> dict[int, float]:
    """The lines for a unit's product: its own region's first, then the regions above it,
    then those for anywhere; for its kind before those for any kind."""
    for region in places:
        for k in (kind, "*"):
            found = lines.get((product, k, region))
            if found is not None:
                return found
    return {}


def has_byproducts(conn: Connection) -> bool:
    """Whether any recipe lists a by-product or a waste (else there is nothing to count)."""
    roles = (RecipeRole.BYPRODUCT.value, RecipeRole.WASTE.value)
    stmt = select(recipes.c.product_id).where(recipes.c.role.in_(roles))
    return conn.execute(stmt.limit(1)).first() is not None


def byproduct_totals(conn: Connection, scope: Scope, first: int, last: int) -> ByproductTotals:
    """Main-product and by-product output of the scope's units in [first, last], by value,
    and the wastes they left and took in, by weight.

    A unit's recipe is the one for its main product, its kind (else any kind), and its
    region (else the nearest region above it that has one, else anywhere). Its by-products
    are the products that recipe lists as `byproduct`; the wastes it leaves are the
    recipe's `waste` lines times its main-product output; the wastes it uses are the
    `input` lines, that are some recipe's waste, of the recipes of everything it makes.
    """
    value = func.coalesce(reports.c.value, reports.c.quantity * func.coalesce(products.c.price, 0))
    made = conn.execute(
        select(
            reports.c.product_id,
            units.c.product_id.label("main"),
            units.c.kind,
            units.c.region_id,
            func.sum(value),
            func.sum(reports.c.quantity),
        )
        .join(units, units.c.id == reports.c.unit_id)
        .join(products, products.c.id == reports.c.product_id)
        .where(units_in_scope(scope), reports.c.day.between(first, last), is_newest())
        .group_by(reports.c.product_id, units.c.product_id, units.c.kind, units.c.region_id)
    ).all()
    byproduct_lines = _recipe_lines(conn, RecipeRole.BYPRODUCT)
    waste_lines = _recipe_lines(conn, RecipeRole.WASTE)
    wastes = {item for items in waste_lines.values() for item in items}
    input_lines = _recipe_lines(conn, RecipeRole.INPUT) if wastes else {}
    tree, _ = region_tree(conn)
    main_value = by_value = waste_made = waste_used = 0.0
    kinds_made: set[int] = set()
    for product, main, kind, region, total, quantity in made:
        places = (region, *tree.ancestors(region), None)
        amount = float(quantity or 0)
        if wastes:
            uses = _recipe(input_lines, product, kind, places)
            waste_used += amount * sum(per for item, per in uses.items() if item in wastes)
        if product == main:
            main_value += float(total or 0)
            waste_made += amount * sum(_recipe(waste_lines, main, kind, places).values())
        elif product in _recipe(byproduct_lines, main, kind, places):
            by_value += float(total or 0)
            if amount > 0:
                kinds_made.add(product)
    return ByproductTotals(main_value, by_value, len(kinds_made), waste_made, waste_used)


def workers_on(conn: Connection, scope: Scope, day: int) -> int:
    """The scope's headcount on a day: each unit's latest row on or before it."""
    latest = (
        select(workforce.c.unit_id, func.max(workforce.c.day).label("day"))
        .join(units, units.c.id == workforce.c.unit_id)
        .where(units_in_scope(scope), workforce.c.day <= day)
        .group_by(workforce.c.unit_id)
        .subquery()
    )
    stmt = select(func.coalesce(func.sum(workforce.c.workers), 0)).join(
        latest, and_(latest.c.unit_id == workforce.c.unit_id, latest.c.day == workforce.c.day)
    )
    return int(conn.execute(stmt).scalar_one())


def output_per_worker(conn: Connection, scope: Scope, first: int, last: int) -> float | None:
    """Main-product output per worker-day over [first, last] (None without workers)."""
    worker_days = sum(workers_on(conn, scope, d) for d in range(first, last + 1))
    if worker_days == 0:
        return None
    made = conn.execute(
        select(func.coalesce(func.sum(reports.c.quantity), 0.0))
        .join(units, units.c.id == reports.c.unit_id)
        .where(
            units_in_scope(scope),
            reports.c.product_id == units.c.product_id,
            reports.c.day.between(first, last),
            is_newest(),
        )
    ).scalar_one()
    return float(made) / worker_days
