"""Plans: read within reach; planners write new versions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from planworks.api.deps import ConnDep, EngineDep, PrincipalDep, ReachDep
from planworks.api.routers.metrics import PeriodQuery
from planworks.api.schemas import PROBLEMS, TEXT_PATTERN, PlanCreate, PlanRead
from planworks.domain.periods import Period
from planworks.services.plans import PlanIn, write_plans
from planworks.services.status import parse_period
from planworks.store.queries import PlanRecord, load_plans

router = APIRouter(tags=["plans"], responses=PROBLEMS)


def plan_read(p: PlanRecord) -> PlanRead:
    return PlanRead(
        id=p.id,
        scope=p.scope,
        product=p.product,
        start=p.start,
        end=p.end,
        target=p.target,
        name=p.name,
        version=p.version,
        priority=p.priority,
    )


@router.get("/plans", response_model=list[PlanRead])
def plans(
    reach: ReachDep,
    conn: ConnDep,
    scope: Annotated[str | None, Query(pattern=TEXT_PATTERN, max_length=64)] = None,
    product: Annotated[str | None, Query(pattern=TEXT_PATTERN, max_length=64)] = None,
    period: PeriodQuery = None,
) -> list[PlanRead]:
    """The newest version of every plan you may see that matches the filters."""
    if scope is not None:
        reach.scope(conn, scope)
    chosen = parse_period(period, None, None)
    found = load_plans(conn, scope=scope, product=product, period=chosen)
    visible = reach.readable(conn, {p.scope for p in found})
    return [plan_read(p) for p in found if p.scope in visible]


@router.post("/plans", response_model=PlanRead, status_code=status.HTTP_201_CREATED)
def create_plan(body: PlanCreate, principal: PrincipalDep, engine: EngineDep) -> PlanRead:
    """State a plan's target: a new version of the plan (scope, product, start, end) if it
    differs from the newest one."""
    write_plans(
        engine,
        [
            PlanIn(
                body.scope,
                body.product,
                body.start,
                body.end,
                body.target,
                body.name,
                body.priority,
            )
        ],
        source="api",
        sender=principal,
    )
    with engine.connect() as conn:
        found = load_plans(
            conn,
            scope=body.scope,
            product=body.product,
            period=Period.of(body.start, body.end),
        )
    return plan_read(found[0])


__all__ = ["plan_read", "router"]
