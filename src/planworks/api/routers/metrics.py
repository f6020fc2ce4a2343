"""Figures of a scope: plan status, daily series, rankings, bulletins, balances."""

from __future__ import annotations

import math
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query

from planworks.api.deps import ConnDep, EngineDep, ReachDep
from planworks.api.schemas import (
    PROBLEMS,
    TEXT_PATTERN,
    BalanceRead,
    BulletinRead,
    GradeShare,
    RankRead,
    SeriesRead,
    StatusRead,
)
from planworks.domain.errors import InputError, InputProblem, NotFoundError
from planworks.domain.periods import Period
from planworks.planning.balance import Basis, material_balance
from planworks.planning.optimal import optimal_plan
from planworks.planning.weaklinks import weak_links
from planworks.services.access import Reach
from planworks.services.bulletin import bulletin, bulletin_json
from planworks.services.planning import network_for, plan_json
from planworks.services.rankings import RankBy, rank
from planworks.services.series import scope_series
from planworks.services.status import StatusRow, parse_period, status

router = APIRouter(tags=["figures"], responses=PROBLEMS)

ScopeQuery = Annotated[
    str | None, Query(pattern=TEXT_PATTERN, max_length=64, description="A region or unit code.")
]
#: the shapes `Period.parse` takes: 1960, 1960-Q1, 1960-02, 1960-02-D1 (a ten-day 旬)
PERIOD_PATTERN = r"^(18|19|2\d)\d{2}(-(Q[1-4]|(0[1-9]|1[0-2])(-D[1-3])?))?$"
PeriodQuery = Annotated[
    str | None,
    Query(pattern=PERIOD_PATTERN, description="1960, 1960-Q1, 1960-02 or 1960-02-D1."),
]
DayQuery = Annotated[date | None, Query()]


def period_of(period: str | None, start: date | None, end: date | None) -> Period | None:
    """The period asked for, problems named as query fields."""
    try:
        return parse_period(period, start, end)
    except InputError as e:
        raise InputError(
            [InputProblem(p.message, column=f"query.{p.column or 'period'}") for p in e.problems]
        ) from None


def _require_period(chosen: Period | None) -> Period:
    if chosen is None:
        raise InputError(
            [InputProblem("give a period, or a start and an end", column="query.period")]
        )
    return chosen


def _scope(reach: Reach, conn: ConnDep, scope: str | None) -> str:
    """The scope asked for (default: the reader's home region), checked within reach."""
    chosen = scope or reach.home
    if chosen is None:
        if reach.principal.sees_everything:
            tops = reach.regions.children(None)
            if tops:
                return tops[0]
        raise InputError([InputProblem("give a scope", column="query.scope")])
    reach.scope(conn, chosen)
    return chosen


def status_read(r: StatusRow) -> StatusRead:
    return StatusRead.model_validate(r.to_json())


@router.get("/status", response_model=list[StatusRead])
def plan_status(
    reach: ReachDep,
    conn: ConnDep,
    engine: EngineDep,
    scope: ScopeQuery = None,
    product: Annotated[str | None, Query(pattern=TEXT_PATTERN, max_length=64)] = None,
    period: PeriodQuery = None,
    start: DayQuery = None,
    end: DayQuery = None,
    as_of: DayQuery = None,
) -> list[StatusRead]:
    """The state of every plan you may see that matches the filters; with a scope, a
    product and a period but no plan, the scope's actuals."""
    chosen = period_of(period, start, end)
    if scope is not None:
        reach.scope(conn, scope)
    rows = status(engine, scope=scope, product=product, period=chosen, as_of=as_of)
    visible = reach.readable(conn, {r.scope for r in rows})
    return [status_read(r) for r in rows if r.scope in visible]


def _numbers(values: Any) -> list[float | None]:
    return [None if math.isnan(v) else round(float(v), 6) for v in values]


@router.get("/series", response_model=SeriesRead)
def series(
    reach: ReachDep,
    conn: ConnDep,
    engine: EngineDep,
    product: Annotated[str, Query(pattern=TEXT_PATTERN, max_length=64)],
    scope: ScopeQuery = None,
    period: PeriodQuery = None,
    start: DayQuery = None,
    end: DayQuery = None,
    as_of: DayQuery = None,
) -> SeriesRead:
    """Output per day, cumulative against the plan's path, record days and grade shares."""
    where = _scope(reach, conn, scope)
    s = scope_series(engine, where, product, _require_period(period_of(period, start, end)), as_of)
    shares = []
    if s.grades is not None:
        shares = [
            GradeShare(grade=g, quantity=s.grade_totals[g], share_pct=round(pct, 6))
            for g, pct in s.grades.shares_pct.items()
        ]
    return SeriesRead(
        scope=s.scope,
        scope_name=s.scope_name,
        product=s.product,
        uom=s.uom,
        start=s.period.start,
        end=s.period.end,
        as_of=s.as_of,
        dates=s.dates,
        daily=_numbers(s.daily),
        cumulative=_numbers(s.cumulative),
        target=s.target,
        expected=None if s.expected is None else [round(float(v), 6) for v in s.expected],
        records=s.records,
        grades=shares,
        usable=None if s.grades is None else s.grades.usable,
        ungraded=None if s.grades is None else s.grades.ungraded,
    )


@router.get("/rankings", response_model=list[RankRead])
def rankings(
    reach: ReachDep,
    conn: ConnDep,
    engine: EngineDep,
    product: Annotated[str, Query(pattern=TEXT_PATTERN, max_length=64)],
    scope: ScopeQuery = None,
    period: PeriodQuery = None,
    start: DayQuery = None,
    end: DayQuery = None,
    by: RankBy = RankBy.FULFILMENT,
    level: Annotated[str, Query(pattern="^(regions|units)$")] = "regions",
    as_of: DayQuery = None,
) -> list[RankRead]:
    """The regions just below a scope (or its units) ranked, best first. Only what lies
    within your reach is ranked: a ranking never shows a place you may not see."""
    where = _scope(reach, conn, scope)
    if where not in reach.regions:
        raise InputError(
            [InputProblem("rank the units of a region: give a region", column="query.scope")]
        )
    rows = rank(
        engine,
        where,
        product,
        _require_period(period_of(period, start, end)),
        by=by,
        level=level,
        as_of=as_of,
    )
    visible = reach.readable(conn, {r.code for r in rows})
    return [
        RankRead(
            rank=r.rank,
            code=r.code,
            name=r.name,
            value=r.value,
            output=r.output,
            target=r.target,
            usable=r.usable,
        )
        for r in rows
        if r.code in visible
    ]


@router.get("/bulletin", response_model=BulletinRead)
def news_bulletin(
    reach: ReachDep,
    conn: ConnDep,
    engine: EngineDep,
    scope: ScopeQuery = None,
    period: PeriodQuery = None,
    start: DayQuery = None,
    end: DayQuery = None,
    as_of: DayQuery = None,
) -> BulletinRead:
    """The scope's bulletin in English and Chinese, every figure with its query."""
    where = _scope(reach, conn, scope)
    written = bulletin(engine, where, period_of(period, start, end), as_of)
    return BulletinRead.model_validate(bulletin_json(written))


@router.get("/balance", response_model=BalanceRead)
def balance(
    reach: ReachDep,
    conn: ConnDep,
    engine: EngineDep,
    scope: ScopeQuery = None,
    period: PeriodQuery = None,
    start: DayQuery = None,
    end: DayQuery = None,
    basis: Basis = Basis.PLAN,
) -> BalanceRead:
    """The material balance of a region, the optimal plan's flows and the links of the
    chain, the binding ones marked, and the weak links ranked."""
    where = _scope(reach, conn, scope)
    if where not in reach.regions:
        raise NotFoundError(f"{where!r} is a unit: a balance is of a region", field="scope")
    chosen = _require_period(period_of(period, start, end))
    network, _ = network_for(engine, where, chosen)
    lines = material_balance(network, basis)
    result = optimal_plan(network)
    solved = plan_json(result)
    return BalanceRead(
        scope=where,
        start=chosen.start,
        end=chosen.end,
        lines=[
            {
                "node": line.node,
                "product": line.product,
                "name": network.name(line.product),
                "basis": line.basis.value,
                "opening_stock": line.opening_stock,
                "production": line.production,
                "carried_in": line.carried_in,
                "uses": line.uses,
                "carried_out": line.carried_out,
                "surplus": line.surplus,
            }
            for line in lines
        ],
        flows=solved["flows"],
        chain=solved["chain"],
        weak_links=[w.to_json() for w in weak_links(result)],
        targets=solved["targets"],
    )
