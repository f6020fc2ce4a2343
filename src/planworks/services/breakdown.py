"""Breaking a stored plan down, and keeping the parts as plans of their own.

The parts are ordinary plans (of units, or of shorter periods of the same scope), so the
fulfilment metrics measure them like any other; a breakdown by days or ten-day periods
also gives the parent plan's expected-to-date its shape (see `planned_daily`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from enum import StrEnum

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection, Engine, select

from planworks.domain.errors import NotFoundError
from planworks.domain.periods import Period, PeriodKind, day_number
from planworks.planning.breakdown import Part, split_by_weight, split_period
from planworks.planning.optimal import optimal_plan
from planworks.services.planning import network_for
from planworks.services.plans import PlanIn, write_plans
from planworks.store.among import among
from planworks.store.catalog import SyncCounts
from planworks.store.migrate import require_current
from planworks.store.queries import PlanRecord, load_plans, region_tree
from planworks.store.tables import products, units

__all__ = ["Into", "breakdown", "planned_daily", "save_parts"]

Floats = npt.NDArray[np.float64]


class Into(StrEnum):
    UNITS = "units"
    DAYS = "days"
    DEKADS = "dekads"


def _plan(conn: Connection, scope: str, product: str, period: Period) -> PlanRecord:
    found = load_plans(conn, scope=scope, product=product, period=period)
    if not found:
        raise NotFoundError(f"no plan for {scope}, {product}, {period.label()} to break down")
    return found[0]


def breakdown(
    engine: Engine,
    scope: str,
    product: str,
    period: Period,
    *,
    into: Into,
    by_plan: bool = False,
) -> tuple[PlanRecord, list[Part]]:
    """The parts of the plan for exactly this scope, product and period.

    Into units: by what each unit can make in the period, or (`by_plan`) by what the
    optimal plan of the scope gives its group.
    """
    require_current(engine)
    with engine.connect() as conn:
        plan = _plan(conn, scope, product, period)
        if into is not Into.UNITS:
            kind = PeriodKind.RANGE if into is Into.DAYS else PeriodKind.DEKAD
            return plan, split_period(scope, plan.target, period, kind)
        weights = _unit_capacity(conn, scope, product, period)
    if by_plan:
        network, _ = network_for(engine, scope, period)
        result = optimal_plan(network)
        planned = {}
        for g, group in enumerate(network.groups):
            if group.product != product:
                continue
            total = sum(weights.get(u, 0.0) for u in group.units)
            for u in group.units:
                if total > 0:
                    planned[u] = float(result.production[g]) * weights.get(u, 0.0) / total
        weights = planned
    if not any(w > 0 for w in weights.values()):
        raise NotFoundError(f"no unit in {scope} can make {product} in {period.label()}")
    return plan, split_by_weight(plan.target, period.start, period.end, weights)


def _unit_capacity(conn: Connection, scope: str, product: str, period: Period) -> dict[str, float]:
    """What each unit of the scope making the product can make in the period."""
    tree, code_of = region_tree(conn)
    id_of = {c: i for i, c in code_of.items()}
    if scope not in id_of:
        raise NotFoundError(f"{scope} is not a region: only a region's plan goes to its units")
    first, last = day_number(period.start), day_number(period.end)
    rows = conn.execute(
        select(units.c.code, units.c.capacity, units.c.opened, units.c.closed)
        .join(products, products.c.id == units.c.product_id)
        .where(
            products.c.code == product,
            among(units.c.region_id, tree.subtree(id_of[scope])),
            units.c.capacity > 0,
            units.c.opened <= last,
        )
    ).all()
    out: dict[str, float] = defaultdict(float)
    for code, capacity, opened, closed in rows:
        stop = last + 1 if closed is None else min(closed, last + 1)
        out[code] += capacity * max(stop - max(opened, first), 0)
    return dict(out)


def save_parts(engine: Engine, plan: PlanRecord, parts: list[Part], product: str) -> SyncCounts:
    """Store the parts as plans (new versions where they differ from stored ones)."""
    name = f"{plan.name or plan.scope} (breakdown)"
    return write_plans(
        engine,
        [PlanIn(p.scope, product, p.start, p.end, p.target, name, plan.priority) for p in parts],
        source=f"breakdown of plan {plan.id}",
    )


def planned_daily(
    conn: Connection,
    plan: PlanRecord,
    period: Period,
    candidates: Sequence[PlanRecord] | None = None,
) -> Floats | None:
    """The plan's target per day as its breakdown into shorter periods has it, if it has one.

    The shorter plans of the same scope and product must cover each day of the period
    exactly once; their shape is kept and scaled to the plan's own target. `candidates`
    saves a query per plan when many are measured: plans read already, of any scope.
    """
    first = day_number(period.start)
    daily = np.zeros(period.days)
    covered = np.zeros(period.days, dtype=np.int64)
    if candidates is None:
        candidates = load_plans(conn, scope=plan.scope, product=plan.product)
    for p in candidates:
        if (p.scope, p.product) != (plan.scope, plan.product):
            continue
        if p.id == plan.id or p.start < period.start or p.end > period.end:
            continue
        if (p.start, p.end) == (period.start, period.end):
            continue
        lo, hi = day_number(p.start) - first, day_number(p.end) - first + 1
        daily[lo:hi] += p.target / (hi - lo)
        covered[lo:hi] += 1
    if not np.all(covered == 1) or daily.sum() <= 0:
        return None
    scaled: Floats = daily * (plan.target / daily.sum())
    return scaled
