"""What the audit page shows: a scope's findings as of a day, crises first, with whose
desk each is on and its verdict; reported against usable output per product; and, for
those who judge findings, what a verdict form sends.

The page reads `planworks.services.audit_access`, which applies the scope rule and
bounds the work: a reporter is refused, a scope out of reach is the 404 of a place that
does not exist, and a region above the reader's reach is never named.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import parse_qsl, urlencode, urlsplit

from sqlalchemy import Connection, Engine

from planworks.audit.panel import Check, Severity
from planworks.domain.access import Action
from planworks.domain.errors import InputError, InputProblem
from planworks.domain.model import VALUE
from planworks.domain.periods import day_number, parse_date
from planworks.services.access import Reach
from planworks.services.audit_access import (
    DEFAULT_LIMIT,
    MAX_SPAN_DAYS,
    AuditSeen,
    FindingSeen,
    audit_scope,
    read_audit,
)
from planworks.services.audit_access import judge as judge_finding
from planworks.store.resolutions import Resolution, resolutions
from planworks.store.revisions import UnitRevisions
from planworks.web.views import (
    Named,
    ProductName,
    crumbs_of,
    place_name,
    products_by_code,
    region_name,
    unit_names,
)

__all__ = [
    "DAY_CHOICES",
    "PAGE",
    "AuditView",
    "FindingLine",
    "ProductLine",
    "Saved",
    "audit_view",
    "back_to",
    "judge",
    "query_of",
    "saved_key",
]

PAGE = "/audit"
#: The runs of days the page offers, up to the as-of day.
DAY_CHOICES = (1, 7, 14, 28, MAX_SPAN_DAYS)
#: The most units the revisions table names.
MAX_REVISED = 50


@dataclass(frozen=True)
class FindingLine:
    """One finding as the page shows it."""

    seen: FindingSeen
    place: Named  # the unit, or for a check of a region's own total, the region
    product: ProductName
    held_by: Named | None  # None: a region above the reader's reach
    may_judge: bool  # the reader may record a verdict on it (and none is recorded yet)

    @property
    def key(self) -> str:
        """The finding's unit (or region), product, day and check, as one string."""
        f = self.seen.found.finding
        return saved_key(f.unit, self.seen.found.product, f.day, f.check.value)

    @property
    def check(self) -> Check:
        return self.seen.found.finding.check

    @property
    def resolution(self) -> Resolution | None:
        return self.seen.found.resolution


@dataclass(frozen=True)
class ProductLine:
    product: ProductName
    units: int
    unit_days: int
    reported: float
    usable: float
    flagged_units: int

    @property
    def usable_pct(self) -> float | None:
        return 100.0 * self.usable / self.reported if self.reported else None


@dataclass(frozen=True)
class Saved:
    """A verdict just recorded, to show after the redirect."""

    resolution: Resolution
    place: Named
    product: ProductName
    check: Check


@dataclass(frozen=True)
class AuditView:
    scope: Named
    crumbs: list[Named]
    start: date | None
    end: date | None
    as_of: date | None
    days: int
    products: list[ProductLine]
    crises: list[FindingLine]
    alerts: list[FindingLine]
    total: int  # findings that match the filters (of which those above are the first)
    crisis_count: int
    alert_count: int
    revisions: list[tuple[Named, UnitRevisions]]
    product_choices: list[ProductName]
    product: str | None
    severity: str | None
    mine: bool
    may_judge: bool
    saved: Saved | None
    here: str  # the page's own address, for the verdict forms to come back to

    @property
    def shown(self) -> int:
        return len(self.crises) + len(self.alerts)

    @property
    def day_choices(self) -> tuple[int, ...]:
        return DAY_CHOICES if self.days in DAY_CHOICES else (*DAY_CHOICES, self.days)


def saved_key(unit: str, product: str, day: date, check: str) -> str:
    return f"{unit}|{product}|{day.isoformat()}|{check}"


def _days_of(text: str | None) -> int:
    if not text:
        return 1
    try:
        days = int(text)
    except ValueError:
        days = 0
    if not 1 <= days <= MAX_SPAN_DAYS:
        raise InputError(
            [InputProblem(f"give from 1 to {MAX_SPAN_DAYS} days, not {text!r}", column="days")]
        )
    return days


def _severity_of(text: str | None) -> Severity | None:
    if not text:
        return None
    if text not in ("alert", "crisis"):
        raise InputError([InputProblem(f"{text!r} is not alert or crisis", column="severity")])
    return Severity[text.upper()]


def audit_view(
    engine: Engine,
    reach: Reach,
    scope: str | None,
    as_of: str | None = None,
    days: str | None = None,
    product: str | None = None,
    severity: str | None = None,
    mine: bool = False,
    saved: str | None = None,
) -> AuditView:
    """The audit of a place (default: the reader's region) over the `days` days up to
    `as_of` (default: the last day with reports), as the reader may see it."""
    where = audit_scope(reach, scope)
    day = parse_date(as_of, field="as_of") if as_of else None
    span = _days_of(days)
    level = _severity_of(severity)
    seen = read_audit(
        engine,
        reach,
        where,
        as_of=day,
        days=span,
        product=product or None,
        severity=level,
        held_by_me=mine,
        limit=DEFAULT_LIMIT,
    )
    may_judge = reach.principal.allows(Action.JUDGE)
    with engine.connect() as conn:
        products = products_by_code(conn)
        place = place_name(conn, reach, seen.scope)
        crumbs = crumbs_of(conn, reach, seen.scope)
        units = unit_names(
            conn,
            [s.place for s in seen.findings if not s.judges_region]
            + [r.unit for r in seen.revisions[:MAX_REVISED]],
        )
        just_saved = _saved(conn, reach, saved, products, units)

    def named(code: str, region: bool) -> Named:
        if region:
            return region_name(reach, code)
        return units.get(code, Named(code, code))

    lines = [
        FindingLine(
            seen=s,
            place=named(s.place, s.judges_region),
            product=products[s.found.product],
            held_by=None if s.held_by is None else region_name(reach, s.held_by),
            # everything the audit shows a statistician is within its reach to judge
            may_judge=may_judge and s.found.resolution is None,
        )
        for s in seen.findings
    ]
    return AuditView(
        scope=place,
        crumbs=crumbs,
        start=seen.start,
        end=seen.end,
        as_of=seen.as_of,
        days=seen.days or span,
        products=[
            ProductLine(
                products[p.product], p.units, p.unit_days, p.reported, p.usable, p.flagged_units
            )
            for p in seen.products
        ],
        crises=[x for x in lines if x.seen.found.finding.severity is Severity.CRISIS],
        alerts=[x for x in lines if x.seen.found.finding.severity is Severity.ALERT],
        total=seen.total,
        crisis_count=seen.crises,
        alert_count=seen.alerts,
        revisions=[(named(r.unit, False), r) for r in seen.revisions[:MAX_REVISED]],
        product_choices=[p for c, p in sorted(products.items()) if c != VALUE],
        product=product or None,
        severity=None if level is None else level.name.lower(),
        mine=mine,
        may_judge=may_judge,
        saved=just_saved,
        here=_here(seen, span, product, level, mine),
    )


def _here(
    seen: AuditSeen, days: int, product: str | None, level: Severity | None, mine: bool
) -> str:
    """The page's address with its filters and its as-of day made explicit."""
    params = {
        "scope": seen.scope,
        "as_of": None if seen.as_of is None else seen.as_of.isoformat(),
        "days": None if days == 1 else str(days),
        "product": product or None,
        "severity": None if level is None else level.name.lower(),
        "mine": "1" if mine else None,
    }
    kept = {k: v for k, v in params.items() if v}
    return f"{PAGE}?{urlencode(kept)}"


def _saved(
    conn: Connection,
    reach: Reach,
    key: str | None,
    products: dict[str, ProductName],
    units: dict[str, Named],
) -> Saved | None:
    """The verdict named by `key` (unit|product|day|check), if it is recorded and its
    place is within the reader's reach; else nothing (a forged key shows nothing)."""
    if not key:
        return None
    parts = key.split("|")
    if len(parts) != 4 or parts[3] not in {c.value for c in Check} or parts[1] not in products:
        return None
    unit, product, day_text, check_text = parts
    try:
        day = date.fromisoformat(day_text)
    except ValueError:
        return None
    check = Check(check_text)
    if check.judges_region:
        if not reach.region(unit, Action.AUDIT):
            return None
        place = region_name(reach, unit)
    else:
        if not reach.units(conn, [unit], Action.AUDIT).get(unit):
            return None
        place = units.get(unit) or unit_names(conn, [unit])[unit]
    found = resolutions(conn, day_number(day), day_number(day)).get((unit, product, day, check))
    if found is None:
        return None
    return Saved(found, place, products[product], check)


def back_to(target: str, saved: str | None = None) -> str:
    """The audit page a verdict form came from (never another page: else the reader's
    own audit page), with `saved` (the key of the verdict just recorded) in place of
    any earlier one."""
    parts = urlsplit(target)
    ours = not parts.scheme and not parts.netloc and parts.path == PAGE
    params = [(k, v) for k, v in parse_qsl(parts.query) if k != "saved"] if ours else []
    if saved is not None:
        params.append(("saved", saved))
    return f"{PAGE}?{urlencode(params)}" if params else PAGE


def query_of(target: str) -> dict[str, str]:
    """The filters of an audit page's address."""
    return dict(parse_qsl(urlsplit(back_to(target)).query))


def judge(
    engine: Engine,
    reach: Reach,
    values: dict[str, str],
) -> Resolution:
    """Record the verdict of a form: on the finding it names, dated the as-of day of the
    page it was on (the desk the reader was looking at), never after today."""
    problems = []
    check = values.get("check", "")
    if check not in {c.value for c in Check}:
        problems.append(InputProblem(f"{check!r} is not a check", column="check"))
    day_text, on_text = values.get("day", ""), values.get("on", "")
    day = on = None
    try:
        day = date.fromisoformat(day_text)
    except ValueError:
        problems.append(InputProblem(f"{day_text!r} is not a day", column="day"))
    if on_text:
        try:
            on = min(date.fromisoformat(on_text), date.today())
        except ValueError:
            problems.append(InputProblem(f"{on_text!r} is not a day", column="on"))
    if problems or day is None:
        raise InputError(problems)
    return judge_finding(
        engine,
        reach.principal,
        values.get("unit", ""),
        values.get("product", ""),
        day,
        Check(check),
        verdict=values.get("verdict", ""),
        note=values.get("note", ""),
        on=on,
    )
