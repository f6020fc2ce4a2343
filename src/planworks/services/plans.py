"""Writing plans one by one (the API, a breakdown), each as a new version where it differs.

A plan is never changed in place: a new target is a new version of the plan (scope,
product, start, end), and the old versions stay stored, as a folder import keeps them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

import polars as pl
from sqlalchemy import Engine, select

from planworks.domain.access import Action, Principal
from planworks.domain.errors import InputError, InputProblem, NotFoundError
from planworks.domain.model import VALUE
from planworks.domain.periods import day_number
from planworks.services.access import Reach
from planworks.store.catalog import SyncCounts, sync_plans
from planworks.store.engine import writing
from planworks.store.migrate import require_current
from planworks.store.tables import imports, products, regions, units

__all__ = ["PlanIn", "write_plans"]

#: What a submission of plans is called in error messages.
BODY = "plans"


@dataclass(frozen=True)
class PlanIn:
    """One plan's target as stated by a planner."""

    scope: str  # a region (with everything below it) or a unit
    product: str  # a product code, or VALUE
    start: date
    end: date
    target: float
    name: str | None = None
    priority: float | None = None


def write_plans(
    engine: Engine,
    items: Sequence[PlanIn],
    *,
    source: str,
    sender: Principal | None = None,
) -> SyncCounts:
    """Store the plans (new versions where they differ from the newest stored ones);
    with a `sender`, every scope must be within its reach for planning."""
    require_current(engine)
    problems: list[InputProblem] = []
    for i, p in enumerate(items):
        if p.end < p.start:
            problems.append(InputProblem("end is before start", column=f"{BODY}[{i}].end"))
        if not p.target >= 0:
            problems.append(
                InputProblem("target must not be negative", column=f"{BODY}[{i}].target")
            )
    if problems:
        raise InputError(problems)
    with writing(engine) as conn:
        if sender is not None:
            reach = Reach.of(conn, sender)
            for i, p in enumerate(items):
                reach.scope(conn, p.scope, Action.PLAN, field=f"{BODY}[{i}].scope")
        scopes = sorted({p.scope for p in items})
        region_ids = dict(
            conn.execute(
                select(regions.c.code, regions.c.id).where(regions.c.code.in_(scopes))
            ).all()
        )
        unit_ids = dict(
            conn.execute(select(units.c.code, units.c.id).where(units.c.code.in_(scopes))).all()
        )
        product_ids = dict(
            conn.execute(
                select(products.c.code, products.c.id).where(
                    products.c.code.in_(sorted({p.product for p in items}))
                )
            ).all()
        )
        for i, p in enumerate(items):
            if p.scope not in region_ids and p.scope not in unit_ids:
                raise NotFoundError(f"no region or unit {p.scope!r}", field=f"{BODY}[{i}].scope")
            if p.product != VALUE and p.product not in product_ids:
                raise NotFoundError(f"no product {p.product!r}", field=f"{BODY}[{i}].product")
        import_id = conn.execute(
            imports.insert()
            .values(
                at=datetime.now(UTC),
                source=source,
                sender=sender.name if sender is not None else None,
            )
            .returning(imports.c.id)
        ).scalar_one()
        frame = pl.DataFrame(
            {
                "row": list(range(len(items))),
                "region_id": [region_ids.get(p.scope) for p in items],
                "unit_id": [None if p.scope in region_ids else unit_ids[p.scope] for p in items],
                "product_id": [product_ids.get(p.product) for p in items],
                "start": [day_number(p.start) for p in items],
                "end": [day_number(p.end) for p in items],
                "target": [float(p.target) for p in items],
                "name": [p.name for p in items],
                "version": [None] * len(items),
                "priority": [p.priority for p in items],
                "extra": [None] * len(items),
            },
            schema={
                "row": pl.Int64,
                "region_id": pl.Int32,
                "unit_id": pl.Int32,
                "product_id": pl.Int32,
                "start": pl.Int32,
                "end": pl.Int32,
                "target": pl.Float64,
                "name": pl.String,
                "version": pl.Int64,
                "priority": pl.Float64,
                "extra": pl.String,
            },
        )
        try:
            return sync_plans(conn, frame, import_id=import_id, source=BODY)
        except InputError as e:
            raise InputError(
                [
                    InputProblem(p.message, column=f"{BODY}[{p.row}].{p.column or 'scope'}")
                    for p in e.problems
                ]
            ) from None
