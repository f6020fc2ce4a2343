"""The integrity audit as one reader may read and judge it.

`read_audit` is `planworks.services.audit.audit` behind the scope rule and a bound on
the work of one request: the reader's role must allow `Action.AUDIT` (a reporter's does
not: findings are for those who judge reports, never only for the unit that sent them),
the scope must lie within reach (out of reach looks exactly like not there), and a run
of at most `MAX_SPAN_DAYS` days is audited; without days, the last day with reports in
the scope (a daily audit, which reads `WARM_UP_DAYS` days before it). What a finding
says of the tree above the reader's reach is hidden: a finding that has climbed past the
top of the reader's subtree is held "above", without naming the region (and so is the
region above a region whose own total is judged, where such a finding starts).

`judge` records a verdict (`Action.JUDGE`: statisticians and administrators) on a finding
whose unit, or for a check of a region's own total the region, lies within reach.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Connection, Engine

from planworks.audit.panel import Check, Severity
from planworks.domain.access import Action, Principal
from planworks.domain.errors import AccessError, InputError, InputProblem, NotFoundError
from planworks.domain.model import VALUE
from planworks.services.access import Reach
from planworks.services.audit import AuditFinding, ProductAudit, audit, describe, resolve
from planworks.store.queries import last_report_day, product_info, resolve_scope
from planworks.store.resolutions import Resolution
from planworks.store.revisions import UnitRevisions

__all__ = [
    "DEFAULT_LIMIT",
    "MAX_LIMIT",
    "MAX_SPAN_DAYS",
    "AuditSeen",
    "FindingSeen",
    "audit_scope",
    "judge",
    "read_audit",
]

#: The most days one request audits (a quarter); each reads WARM_UP_DAYS more before.
MAX_SPAN_DAYS = 92
#: Findings one answer holds unless asked for fewer, and at most.
DEFAULT_LIMIT = 500
MAX_LIMIT = 5000


@dataclass(frozen=True)
class FindingSeen:
    """A finding as one reader sees it."""

    found: AuditFinding
    region: str | None  # where its desk starts (the unit's region; for a region's own
    # total, the region above it); None: above the reader's reach
    held_by: str | None  # the region whose desk it is on; None: above the reader's reach
    mine: bool  # on the reader's own desk
    what: str  # the finding in words (English)

    @property
    def place(self) -> str:
        """The unit judged, or for a check of a region's own total, the region."""
        return self.found.finding.unit

    @property
    def judges_region(self) -> bool:
        return self.found.finding.check.judges_region


@dataclass(frozen=True)
class AuditSeen:
    """What one reader may see of a scope's audit: the findings asked for, in order of
    severity (crises first), then of day, product and unit; `total` counts every finding
    that matches the filters, of which `findings` holds those from `offset` on, up to the
    limit. The days are None where the scope has no reports at all."""

    scope: str
    start: date | None
    end: date | None
    as_of: date | None
    products: tuple[ProductAudit, ...]
    findings: tuple[FindingSeen, ...]
    total: int
    crises: int
    alerts: int
    revisions: tuple[UnitRevisions, ...]
    desks: frozenset[str]  # the regions whose desk is the reader's own

    @property
    def days(self) -> int:
        """How many days were audited."""
        if self.start is None or self.end is None:
            return 0
        return (self.end - self.start).days + 1


def audit_scope(reach: Reach, scope: str | None) -> str:
    """The scope to audit: the one asked for, else the reader's region (an administrator's:
    the top of the tree); `AccessError` if the role may not read the audit at all."""
    reach.require(Action.AUDIT)
    if scope:
        return scope
    if reach.home is not None:
        return reach.home
    tops = reach.regions.children(None)
    if not tops:
        raise NotFoundError("there are no regions yet", field="scope")
    return tops[0]


def _problem(message: str, field: str) -> InputError:
    return InputError([InputProblem(message, column=field)])


def _days(
    start: date | None, end: date | None, as_of: date | None, days: int
) -> tuple[date, date, date | None] | None:
    """The first and last day to audit and the as-of day (None: the `days` days up to
    the last day with reports)."""
    if start is None and end is None:
        if as_of is None:
            return None
        try:
            return as_of - timedelta(days=days - 1), as_of, as_of
        except OverflowError:
            raise _problem("too early a day", "as_of") from None
    if start is None:
        raise _problem("give the first day too (start)", "start")
    if end is None:
        raise _problem("give the last day too (end)", "end")
    if start > end:
        raise _problem(f"the first day ({start}) is after the last ({end})", "start")
    span = (end - start).days + 1
    if span > MAX_SPAN_DAYS:
        raise _problem(
            f"{span} days asked for: at most {MAX_SPAN_DAYS} days are audited at once", "end"
        )
    if as_of is not None and as_of < start:
        raise _problem(f"the as-of day ({as_of}) is before the first day ({start})", "as_of")
    return start, end, as_of


def read_audit(
    engine: Engine,
    reach: Reach,
    scope: str | None = None,
    *,
    start: date | None = None,
    end: date | None = None,
    as_of: date | None = None,
    product: str | None = None,
    severity: Severity | None = None,
    held_by_me: bool = False,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
    days: int = 1,
) -> AuditSeen:
    """The audit of `scope` over [start, end] as of `as_of`, as `reach` may see it;
    without a start and an end, the `days` days up to the as-of day (default: the last
    day with reports). Findings of `product` only, at `severity` only, on the reader's
    own desk only (`held_by_me`), from `offset`, at most `limit`.

    `AccessError` if the role may not read the audit; `NotFoundError` (field `scope`)
    for a scope out of reach or not there, alike; `InputError` naming `start`, `end`,
    `as_of`, `days` or `limit` for days or a limit it will not audit.
    """
    where = audit_scope(reach, scope)
    if not 1 <= limit <= MAX_LIMIT:
        raise _problem(f"the limit is from 1 to {MAX_LIMIT}", "limit")
    if not 1 <= days <= MAX_SPAN_DAYS:
        raise _problem(f"from 1 to {MAX_SPAN_DAYS} days are audited at once", "days")
    chosen = _days(start, end, as_of, days)
    desks = _desks(reach)
    with engine.connect() as conn:
        reach.scope(conn, where, Action.AUDIT)
        if product is not None and (product == VALUE or not _product_exists(conn, product)):
            raise NotFoundError(f"no product has the code {product!r}", field="product")
        if chosen is None:
            last = last_report_day(conn, resolve_scope(conn, where), product_info(conn, VALUE))
            if last is None:  # nothing reported here yet: nothing to audit
                return AuditSeen(where, None, None, None, (), (), 0, 0, 0, (), desks)
            chosen = (last - timedelta(days=days - 1), last, last)
    first, final, on = chosen
    result = audit(engine, where, start=first, end=final, as_of=on)
    reachable = _cached(lambda code: reach.region(code, Action.AUDIT))
    seen = [
        FindingSeen(
            f,
            f.region if reachable(f.region) else None,
            f.held_by if reachable(f.held_by) else None,
            f.held_by in desks,
            describe(f),
        )
        for f in result.findings
        if (product is None or f.product == product)
        and (severity is None or f.finding.severity is severity)
        and reachable(f.finding.unit if f.finding.check.judges_region else f.region)
    ]
    if held_by_me:
        seen = [s for s in seen if s.mine]
    seen.sort(key=lambda s: -s.found.finding.severity)  # stable: the audit's order within
    crises = sum(1 for s in seen if s.found.finding.severity is Severity.CRISIS)
    return AuditSeen(
        scope=result.scope,
        start=result.start,
        end=result.end,
        as_of=result.as_of,
        products=tuple(p for p in result.products if product is None or p.product == product),
        findings=tuple(seen[offset : offset + limit]),
        total=len(seen),
        crises=crises,
        alerts=len(seen) - crises,
        revisions=result.revisions[:limit],
        desks=desks,
    )


def _desks(reach: Reach) -> frozenset[str]:
    """The regions whose desk is the reader's own: its region; an administrator's, the
    top of the tree."""
    if reach.home is not None:
        return frozenset({reach.home})
    if reach.principal.sees_everything:
        return frozenset(reach.regions.children(None))
    return frozenset()


def _cached(test: Callable[[str], bool]) -> Callable[[str], bool]:
    """`test`, asked once per code (a region's many findings ask the same question)."""
    known: dict[str, bool] = {}

    def cached(code: str) -> bool:
        if code not in known:
            known[code] = test(code)
        return known[code]

    return cached


def judge(
    engine: Engine,
    principal: Principal,
    unit: str,
    product: str,
    day: date,
    check: Check,
    *,
    verdict: str,
    note: str,
    on: date | None = None,
) -> Resolution:
    """Record `principal`'s verdict on the finding (unit, product, day, check), dated `on`
    (default: today); for a check of a region's own total, `unit` is the region's code.

    `AccessError` if the role may not judge findings, or the finding is of the total of
    the principal's own region (it is judged in the region above); `NotFoundError` (field
    `unit`) for a place out of reach or not there, alike, and (field `product`) for an
    unknown product; `InputError` naming `on`, `note`, `verdict` or `check` (a finding
    resolved already).
    """
    today = date.today()
    if on is not None and on > today:
        raise _problem(f"a verdict cannot be dated after today ({today})", "on")
    with engine.connect() as conn:
        reach = Reach.of(conn, principal)
        reach.require(Action.JUDGE)
        if check.judges_region:
            within = reach.region(unit, Action.JUDGE)
        else:
            within = reach.units(conn, [unit], Action.JUDGE).get(unit, False)
        if not within:
            raise NotFoundError(f"no unit or region {unit!r} within your reach", field="unit")
        if check.judges_region:
            # a region's own total is judged above it, never by the region that sent it
            above = reach.regions.path(unit)[1:2]
            if above and not reach.region(above[0], Action.JUDGE):
                raise AccessError(
                    f"{unit}'s own total is for the statisticians of the region above it"
                )
        if product == VALUE or not _product_exists(conn, product):
            raise NotFoundError(f"no product has the code {product!r}", field="product")
    try:
        return resolve(
            engine,
            unit,
            product,
            day,
            check.value,
            verdict=verdict,
            by=principal.name,
            note=note,
            on=on or today,
        )
    except InputError as e:
        raise InputError(  # the day it was resolved is the API's `on`
            [
                InputProblem(p.message, column="on" if p.column == "resolved_on" else p.column)
                for p in e.problems
            ]
        ) from None


def _product_exists(conn: Connection, code: str) -> bool:
    try:
        product_info(conn, code)
    except NotFoundError:
        return False
    return True
