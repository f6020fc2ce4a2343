"""The audit of a scope: every check on every unit's daily reports, and who must see what.

For each product the scope's units reported, part by part (whole regions of up to
`PART_UNITS` units), the units' newest figures over the days audited (and `WARM_UP_DAYS`
before them, for the time-series model and the trailing windows to learn each unit)
become a panel; every check screens it; the flagged unit-days
from the first audited day on are the findings, each held by the statisticians of the
region it has climbed to by the as-of day. Alongside: reported against usable output,
and the units that revise their reports, and which way.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import numpy as np
from sqlalchemy import Connection, Engine, func, select, union

from planworks.audit.checks import CRISIS_NAMEPLATE
from planworks.audit.findings import Finding, escalated_to, findings
from planworks.audit.panel import Check, Panel, Severity
from planworks.audit.screening import screen
from planworks.domain.errors import InputError, InputProblem, NotFoundError
from planworks.domain.periods import day_number, from_day_number
from planworks.services.ledger_checks import region_findings, unit_findings
from planworks.store.among import among
from planworks.store.engine import writing
from planworks.store.ledgers import rejected_daily
from planworks.store.migrate import require_current
from planworks.store.panels import PanelRows, read_panel
from planworks.store.queries import (
    ProductInfo,
    Scope,
    load_plans,
    product_info,
    region_tree,
    resolve_scope,
    units_in_scope,
)
from planworks.store.resolutions import Resolution, Verdict, add_resolution, resolutions
from planworks.store.revisions import UnitRevisions, unit_revisions
from planworks.store.tables import (
    products,
    region_reports,
    reports,
    shipments,
    unit_balances,
    units,
)

__all__ = ["WARM_UP_DAYS", "Audit", "AuditFinding", "ProductAudit", "audit", "describe", "resolve"]

#: days read before the first audited day: the model learns each unit's level and noise
WARM_UP_DAYS = 42


@dataclass(frozen=True)
class AuditFinding:
    """A finding with where it stands: the unit's region, and whose desk it is on."""

    finding: Finding
    product: str
    region: str  # the unit's region (for a region's own total: the region above it)
    held_by: str  # the region whose statisticians hold it on the as-of day (or held it
    # when they resolved it)
    resolution: Resolution | None = None


@dataclass(frozen=True)
class ProductAudit:
    """What the audit read of one product."""

    product: str
    units: int
    unit_days: int  # unit-days with a report, in the audited days
    reported: float
    usable: float
    flagged_units: int


@dataclass(frozen=True)
class Audit:
    """Everything the checks found in a scope over [start, end], as of `as_of`."""

    scope: str
    start: date
    end: date
    as_of: date
    products: tuple[ProductAudit, ...]
    findings: tuple[AuditFinding, ...]
    revisions: tuple[UnitRevisions, ...]

    def count(self, severity: Severity | None = None) -> int:
        """Findings at `severity` (all without it)."""
        return sum(1 for f in self.findings if severity in (None, f.finding.severity))


def audit(
    engine: Engine,
    scope: str | None = None,
    *,
    start: date | None = None,
    end: date | None = None,
    as_of: date | None = None,
) -> Audit:
    """Audit `scope` (the top of the region tree without one) over [start, end]; without
    dates, everything in the database; with `as_of` alone, that one day."""
    if (start is None) != (end is None):
        raise InputError([InputProblem("give both --start and --end", column="end")])
    if start is not None and end is not None and start > end:
        raise InputError([InputProblem("--start is after --end", column="start")])
    require_current(engine)
    with engine.connect() as conn:
        where = _scope(conn, scope)
        start, end = _days(conn, where, start, end, as_of)
        as_of = as_of or end
        if as_of < start:
            raise InputError([InputProblem("--as-of is before the first day", column="as-of")])
        end = min(end, as_of)  # nothing after the as-of day has been reported yet
        lo, hi = day_number(start) - WARM_UP_DAYS, day_number(end)
        chains = _regions_up(conn)
        verdicts = resolutions(conn, day_number(start), day_number(end))
        found: list[AuditFinding] = []
        audited: list[ProductAudit] = []
        first = day_number(start)
        for product in _products(conn, where, lo, hi):
            parts: list[ProductAudit] = []
            for part in _parts(conn, where):
                rows = read_panel(conn, part, product.id or 0, lo, hi, product.min_grade)
                of_part, region_of = unit_findings(conn, part, product, rows, first, hi)
                if rows.codes:
                    panel = _panel(conn, rows, product)
                    of_part += findings(panel, screen(panel), first_column=WARM_UP_DAYS)
                    region_of.update(zip(rows.codes, rows.region_codes, strict=True))
                for f in of_part:
                    found.append(
                        _placed(f, product.code, region_of[f.unit], chains, verdicts, as_of)
                    )
                if rows.codes:
                    refused = rejected_daily(conn, part, product.id or 0, first, hi).sum()
                    flagged = {f.unit for f in of_part}
                    parts.append(_product_audit(product, rows, flagged, float(refused)))
            of_regions, answers_to = region_findings(conn, where, product, first, hi)
            for f in of_regions:
                found.append(_placed(f, product.code, answers_to[f.unit], chains, verdicts, as_of))
            if parts:
                audited.append(_together(parts))
        revised = unit_revisions(conn, where, day_number(start), day_number(end))
    found.sort(key=lambda a: (a.finding.day, a.product, a.finding.unit))
    return Audit(where.code, start, end, as_of, tuple(audited), tuple(found), tuple(revised))


def resolve(
    engine: Engine,
    unit: str,
    product: str,
    day: date,
    check: str,
    *,
    verdict: str,
    by: str,
    note: str,
    on: date | None = None,
) -> Resolution:
    """Record a statistician's verdict on a finding, given `on` a day (default: today)."""
    problems = []
    if check not in {c.value for c in Check}:
        problems.append(InputProblem(f"{check!r} is not a check", column="check"))
    if verdict not in {v.value for v in Verdict}:
        problems.append(
            InputProblem(f"{verdict!r} is not a verdict (confirmed, explained)", column="verdict")
        )
    if problems:
        raise InputError(problems)
    r = Resolution(unit, product, day, check, Verdict(verdict), on or date.today(), by, note)
    require_current(engine)
    with writing(engine) as conn:
        add_resolution(conn, r)
    return r


def _placed(
    f: Finding,
    product: str,
    region: str,
    chains: dict[str, list[str]],
    verdicts: dict[tuple[str, str, date, str], Resolution],
    as_of: date,
) -> AuditFinding:
    """A finding with its verdict, if given by the as-of day, and whose desk it is on:
    it starts with the statisticians of `region` and climbs from there."""
    done = verdicts.get((f.unit, product, f.day, f.check.value))
    if done is not None and done.resolved_on > as_of:
        done = None  # not resolved yet on the as-of day
    on = as_of if done is None else done.resolved_on
    held = escalated_to(f.severity, f.day, on, chains[region])
    return AuditFinding(f, product, region, held, done)


def _days(
    conn: Connection, scope: Scope, start: date | None, end: date | None, as_of: date | None
) -> tuple[date, date]:
    """The days to audit: as given, else the as-of day alone, else every day with reports."""
    if start is not None and end is not None:
        return start, end
    if as_of is not None:
        return as_of, as_of
    first, last = _report_days(conn, scope)
    if first is None or last is None:
        raise NotFoundError(f"{scope.code} has no reports")
    return from_day_number(first), from_day_number(last)


#: Units read and screened at once: a year of days of this many units is about a gigabyte
#: of panel and screens.
PART_UNITS = 20_000


def _parts(conn: Connection, scope: Scope) -> list[Scope]:
    """The scope in parts of whole regions of up to about `PART_UNITS` units each (a unit
    scope is one part): peer groups are a region's units of a kind, so no group is split."""
    if scope.is_unit:
        return [scope]
    counts: dict[int, int] = dict(
        conn.execute(
            select(units.c.region_id, func.count())
            .where(among(units.c.region_id, scope.region_ids))
            .group_by(units.c.region_id)
        ).all()
    )
    parts: list[list[int]] = [[]]
    size = 0
    for region in scope.region_ids:  # in tree order: a part is regions near each other
        n = int(counts.get(region, 0))
        if parts[-1] and size + n > PART_UNITS:
            parts.append([])
            size = 0
        parts[-1].append(region)
        size += n
    return [replace(scope, region_ids=tuple(p)) for p in parts if p]


def _together(parts: list[ProductAudit]) -> ProductAudit:
    return ProductAudit(
        product=parts[0].product,
        units=sum(p.units for p in parts),
        unit_days=sum(p.unit_days for p in parts),
        reported=sum(p.reported for p in parts),
        usable=sum(p.usable for p in parts),
        flagged_units=sum(p.flagged_units for p in parts),
    )


def _scope(conn: Connection, code: str | None) -> Scope:
    if code is not None:
        return resolve_scope(conn, code)
    tree, codes = region_tree(conn)
    roots = tree.roots()
    if len(roots) != 1:
        raise InputError([InputProblem("the region tree has several tops: name a scope")])
    return resolve_scope(conn, codes[roots[0]])


def _report_days(conn: Connection, scope: Scope) -> tuple[int | None, int | None]:
    stmt = (
        select(func.min(reports.c.day), func.max(reports.c.day))
        .select_from(reports.join(units, units.c.id == reports.c.unit_id))
        .where(units_in_scope(scope))
    )
    first, last = conn.execute(stmt).one()
    return first, last


def _products(conn: Connection, scope: Scope, lo: int, hi: int) -> list[ProductInfo]:
    """The products the scope's units reported over [lo, hi], or kept stock accounts of,
    or shipped, and those its regions reported totals of."""
    by_units = [
        select(t.c.product_id)
        .select_from(t.join(units, units.c.id == t.c[unit]))
        .where(units_in_scope(scope), t.c.day.between(lo, hi))
        for t, unit in ((reports, "unit_id"), (unit_balances, "unit_id"), (shipments, "source_id"))
    ]
    of_regions = select(region_reports.c.product_id).where(
        among(region_reports.c.region_id, scope.region_ids),
        region_reports.c.day.between(lo, hi),
    )
    codes = conn.execute(
        select(products.c.code)
        .where(products.c.id.in_(union(*by_units, of_regions)))
        .order_by(products.c.code)
    ).scalars()
    return [product_info(conn, code) for code in codes]


def _regions_up(conn: Connection) -> dict[str, list[str]]:
    """Each region's code and those of the regions above it, up to the top."""
    tree, codes = region_tree(conn)
    return {codes[r]: [codes[a] for a in [r, *tree.ancestors(r)]] for r in codes}


def _panel(conn: Connection, rows: PanelRows, product: ProductInfo) -> Panel:
    """The checks' panel of what the store holds on these units."""
    groups: dict[tuple[int, str], int] = {}
    group = np.array(
        [
            groups.setdefault((int(region), kind), len(groups))
            for region, kind in zip(rows.region_ids, rows.kinds, strict=True)
        ],
        dtype=np.int64,
    )
    return Panel(
        units=rows.codes,
        first_day=from_day_number(rows.first_day),
        quantity=rows.quantity,
        capacity=rows.capacity,
        group=group,
        grade=rows.grade if product.grades else None,
        min_grade=product.min_grade,
        demonstrated=rows.demonstrated,
        target=_targets(conn, rows, product),
        kind_max=_kind_max(conn, rows, product),
    )


def _targets(conn: Connection, rows: PanelRows, product: ProductInfo) -> np.ndarray:
    """Each unit's plans for the panel's days, pro rata where a plan runs beyond them."""
    at = {code: i for i, code in enumerate(rows.codes)}
    lo, hi = rows.first_day, rows.first_day + rows.days - 1
    target = np.full(len(rows.codes), np.nan)
    for plan in load_plans(conn, product=product.code):
        i = at.get(plan.scope)
        if i is None:
            continue
        s, e = day_number(plan.start), day_number(plan.end)
        overlap = min(e, hi) - max(s, lo) + 1
        if overlap > 0:
            share = plan.target * overlap / (e - s + 1)
            target[i] = share if np.isnan(target[i]) else target[i] + share
    return target


def _kind_max(conn: Connection, rows: PanelRows, product: ProductInfo) -> np.ndarray:
    """Per unit, what no unit of its kind can make in a day: twice the largest capacity
    of any unit of the kind making the product (twice its nameplate is what the capacity
    check already calls impossible for one unit)."""
    best = dict(
        conn.execute(
            select(units.c.kind, func.max(units.c.capacity))
            .where(units.c.product_id == product.id)
            .group_by(units.c.kind)
        ).all()
    )
    return np.array(
        [np.nan if best.get(k) is None else CRISIS_NAMEPLATE * float(best[k]) for k in rows.kinds],
        dtype=np.float64,
    )


def _product_audit(
    product: ProductInfo, rows: PanelRows, flagged: set[str], refused: float
) -> ProductAudit:
    """What was read of a product: output as reported, and usable (at or above the
    minimum grade, less what was refused downstream)."""
    q = rows.quantity[:, WARM_UP_DAYS:]
    return ProductAudit(
        product=product.code,
        units=len(rows.codes),
        unit_days=int((~np.isnan(q)).sum()),
        reported=float(np.nansum(q)),
        usable=max(float(np.nansum(rows.usable[:, WARM_UP_DAYS:])) - refused, 0.0),
        flagged_units=len(flagged),
    )


def describe(f: AuditFinding) -> str:
    """A finding in words."""
    words = {
        Check.CAPACITY: "above the unit's capacity",
        Check.IMPOSSIBLE: "above what any unit of its kind can make in a day",
        Check.UNUSABLE: "output below the usable grade counted",
        Check.OUTLIER: "a figure the unit's series does not explain",
        Check.STEP: "a sudden rise of level",
        Check.SLOPE: "a change of growth",
        Check.DRIFT: "a run of figures each a little above forecast (creeping inflation)",
        Check.PEER: "growth unlike the unit's peers'",
        Check.SMOOTH: "figures too even for a unit of its kind",
        Check.REPEATED: "the same figure day after day, or another unit's figures",
        Check.ROUND: "too many round figures",
        Check.BUNCHING: "fulfilment heaped just above the plan",
        Check.BENFORD: "first digits unlike Benford's law",
        Check.INPUTS: "inputs per unit of output outside the recipe's range",
        Check.BALANCE: "a stock account that does not balance",
        Check.SHIPPED: "shipped to a unit that did not receive it",
        Check.REGION_TOTAL: "the region's reported total unlike the sum of its units' reports",
    }
    return words[f.finding.check]
