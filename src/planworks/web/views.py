"""What the reading pages show, gathered from the services within the reader's reach,
and the names, breadcrumbs and progress bars every page shares.

Each view takes the engine and the reader's `Reach`, checks the place asked for as the
API does (a place out of reach raises the same `NotFoundError` as one that does not
exist) and returns plain data for a template. Nothing here knows about HTTP or about
languages: names come in both, and the templates choose. The balance page's view is in
`planworks.web.balance`, the report form's in `planworks.web.reporting`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection, Engine

from planworks.domain.access import Role
from planworks.domain.errors import InputError, InputProblem, NotFoundError
from planworks.domain.model import VALUE, parse_grades
from planworks.domain.periods import Period, parse_date
from planworks.services.access import Reach
from planworks.services.bulletin import bulletin, bulletin_json
from planworks.services.rankings import RankBy, rank
from planworks.services.series import Series, scope_series
from planworks.services.status import StatusRow, status, status_of_regions
from planworks.store.catalog import load_products
from planworks.store.places import list_units, unit_regions
from planworks.store.queries import (
    PlanRecord,
    last_report_day,
    load_plans,
    product_info,
    resolve_scope,
)

__all__ = [
    "BulletinView",
    "Named",
    "ProductName",
    "Progress",
    "RankLine",
    "RegionView",
    "SearchView",
    "StatusView",
    "TreeNode",
    "bulletin_view",
    "crumbs_of",
    "default_scope",
    "optional_period",
    "parse_period_text",
    "place_name",
    "products_by_code",
    "progress_of",
    "region_name",
    "region_view",
    "regions_view",
    "search_view",
    "status_view",
    "unit_names",
]

#: The most plans a region page lists, units it names, search results of each kind, and
#: places a ranking shows.
MAX_PLANS = 200
MAX_UNITS = 100
MAX_FOUND = 50
MAX_RANKED = 100

Floats = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Named:
    """A region, unit or product: its code and names."""

    code: str
    name: str
    name_zh: str | None = None


@dataclass(frozen=True)
class ProductName(Named):
    uom: str = ""
    uom_zh: str | None = None
    grades: tuple[float, ...] = ()


def parse_period_text(text: str) -> Period:
    """A period as the pages write it: 1960, 1960-Q1, 1960-03, 1960-03-D2 or a..b."""
    if ".." in text:
        start, _, end = text.strip().partition("..")
        return Period.of(
            parse_date(start.strip(), field="period"), parse_date(end.strip(), field="period")
        )
    return Period.parse(text)


def optional_period(text: str | None) -> Period | None:
    return parse_period_text(text) if text else None


def products_by_code(conn: Connection) -> dict[str, ProductName]:
    """Every product, and total output value, by code."""
    out = {
        r["code"]: ProductName(
            r["code"],
            r["name"],
            r["name_zh"],
            uom=r["uom"],
            uom_zh=r["uom_zh"],
            grades=parse_grades(r["grades"]),
        )
        for r in load_products(conn).iter_rows(named=True)
    }
    value = product_info(conn, VALUE)
    out[VALUE] = ProductName(VALUE, value.name, value.name_zh, uom=value.uom, uom_zh=value.uom_zh)
    return out


def region_name(reach: Reach, code: str) -> Named:
    name, name_zh = reach.regions.names[code]
    return Named(code, name, name_zh)


def unit_names(conn: Connection, codes: Iterable[str]) -> dict[str, Named]:
    wanted = sorted(set(codes))
    if not wanted:
        return {}
    return {
        u.code: Named(u.code, u.name, u.name_zh)
        for u in list_units(conn, codes=wanted, limit=len(wanted))
    }


def place_name(conn: Connection, reach: Reach, code: str) -> Named:
    """A region or unit already checked to be within reach."""
    if code in reach.regions:
        return region_name(reach, code)
    return unit_names(conn, [code])[code]


def crumbs_of(conn: Connection, reach: Reach, code: str) -> list[Named]:
    """The regions from the top of what the reader may see down to the place."""
    if code in reach.regions:
        path = reach.regions.path(code)
        unit = None
    else:
        path = reach.regions.path(unit_regions(conn, [code]).get(code, ""))
        unit = unit_names(conn, [code]).get(code)
    crumbs = [region_name(reach, c) for c in reversed(path) if reach.region(c)]
    return [*crumbs, unit] if unit is not None else crumbs


def default_scope(conn: Connection, reach: Reach) -> str:
    """Where a reader starts: its region, the top region, or a reporter's first unit."""
    if reach.home is not None:
        return reach.home
    if reach.principal.role is Role.REPORTER:
        if reach.principal.units:
            return min(reach.principal.units)
    elif tops := reach.regions.children(None):
        return tops[0]
    raise NotFoundError("nothing within reach")


# -- a plan's progress ------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    """One plan (or, without a target, one scope's output) as a progress bar."""

    row: StatusRow
    scope: Named
    product: ProductName

    @property
    def period(self) -> Period:
        return self.row.period

    @property
    def actual_pct(self) -> float | None:
        """Output as a share of the target (may pass 100)."""
        r = self.row
        return None if not r.target else 100.0 * r.cumulative / r.target

    @property
    def expected_pct(self) -> float | None:
        r = self.row
        if not r.target or r.expected_to_date is None:
            return None
        return min(100.0, 100.0 * r.expected_to_date / r.target)

    @property
    def state(self) -> str:
        """done, short (over and not done), ahead, behind, on-schedule, running, or actual
        (no target)."""
        r = self.row
        if r.target is None:
            return "actual"
        if r.completion_date is not None:
            return "done"
        if r.as_of >= r.end:
            return "short"
        if r.ahead_days is None or math.isnan(r.ahead_days):
            return "running"
        days = round(r.ahead_days)
        return "ahead" if days > 0 else "behind" if days < 0 else "on-schedule"

    @property
    def days(self) -> int | None:
        """Days ahead (done, ahead) or behind (behind)."""
        r = self.row
        if self.state == "done":
            return r.days_ahead
        if self.state in ("ahead", "behind") and r.ahead_days is not None:
            return abs(round(r.ahead_days))
        return None


def progress_of(
    conn: Connection, reach: Reach, rows: Iterable[StatusRow], products: dict[str, ProductName]
) -> list[Progress]:
    rows = list(rows)
    names = unit_names(conn, [r.scope for r in rows if r.scope not in reach.regions])
    out = []
    for r in rows:
        place = (
            region_name(reach, r.scope)
            if r.scope in reach.regions
            else names.get(r.scope, Named(r.scope, r.scope_name, r.scope_name_zh))
        )
        out.append(Progress(r, place, products[r.product]))
    return out


# -- regions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TreeNode:
    region: Named
    children: list[Named]


@dataclass(frozen=True)
class RegionView:
    region: Named
    crumbs: list[Named]
    children: list[TreeNode]
    units: list[Named]
    more_units: bool
    plans: list[Progress]
    more_plans: bool
    products: list[ProductName]
    periods: list[str]  # the periods of the plans here and below, for the filter
    product: str | None
    period: str | None
    below: bool


def regions_view(reach: Reach) -> list[TreeNode]:
    """The top of what the reader may see: each region with the regions just below it."""
    if reach.principal.role is Role.REPORTER:
        return []
    tops = reach.regions.children(None) if reach.home is None else [reach.home]
    return [
        TreeNode(region_name(reach, c), [region_name(reach, k) for k in reach.regions.children(c)])
        for c in tops
        if reach.region(c)
    ]


def region_view(
    engine: Engine,
    reach: Reach,
    code: str,
    product: str | None = None,
    period: str | None = None,
    below: bool = False,
) -> RegionView:
    """A region: where it sits, what is below it, and the progress of its plans (with
    `below`, also those of every region and unit below it)."""
    if not reach.region(code):
        raise NotFoundError(f"no region {code!r} within your reach", field="code")
    chosen = optional_period(period)
    with engine.connect() as conn:
        products = products_by_code(conn)
        if product and product not in products:
            raise NotFoundError(f"no product has the code {product!r}", field="product")
        children = [
            TreeNode(
                region_name(reach, c), [region_name(reach, k) for k in reach.regions.children(c)]
            )
            for c in reach.regions.children(code)
        ]
        here = list_units(conn, regions_in=[code], limit=MAX_UNITS + 1)
        inside = set(reach.regions.subtree(code))
        where: dict[str, str] = {}  # the region of each unit with a plan
        if below:
            every = load_plans(conn, product=product or None, period=chosen)
            where = unit_regions(conn, [p.scope for p in every if p.scope not in reach.regions])
            mine = [p for p in every if p.scope in inside or where.get(p.scope) in inside]
        else:
            mine = load_plans(conn, scope=code, product=product or None, period=chosen)
        periods = sorted({Period.of(p.start, p.end).label() for p in mine})
        rows = _plan_rows(engine, code, mine, product or None, chosen, below)
        order = {c: i for i, c in enumerate(reach.regions.tree.order)}
        rows.sort(
            key=lambda r: (
                order.get(r.scope, order.get(where.get(r.scope, ""), 0)),
                r.scope,
                r.start,
                -(r.end - r.start).days,
                r.product,
            )
        )
        plans = progress_of(conn, reach, rows[:MAX_PLANS], products)
        crumbs = crumbs_of(conn, reach, code)
    return RegionView(
        region=region_name(reach, code),
        crumbs=crumbs,
        children=children,
        units=[Named(u.code, u.name, u.name_zh) for u in here[:MAX_UNITS]],
        more_units=len(here) > MAX_UNITS,
        plans=plans,
        more_plans=len(rows) > MAX_PLANS,
        products=[p for c, p in sorted(products.items()) if c != VALUE] + [products[VALUE]],
        periods=periods,
        product=product or None,
        period=None if chosen is None else chosen.label(),
        below=below,
    )


def _plan_rows(
    engine: Engine,
    code: str,
    plans: Sequence[PlanRecord],
    product: str | None,
    period: Period | None,
    below: bool,
) -> list[StatusRow]:
    """The status of these plans: one pass of `status` per product and period."""
    if not below:
        if not plans and (product is None or period is None):
            return []
        return status(engine, scope=code, product=product, period=period, forecast=False)
    wanted = {(p.scope, p.product, p.start, p.end) for p in plans}
    rows: list[StatusRow] = []
    for key_product, start, end in sorted({(p.product, p.start, p.end) for p in plans}):
        found = status(engine, product=key_product, period=Period.of(start, end), forecast=False)
        rows += [r for r in found if (r.scope, r.product, r.start, r.end) in wanted]
    return rows


# -- search ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchView:
    q: str
    regions: list[Named]
    units: list[Named]


def search_view(engine: Engine, reach: Reach, q: str) -> SearchView:
    """Regions and units within reach whose code or name holds `q`."""
    q = q.strip()
    if len(q) < 2:
        return SearchView(q, [], [])
    needle = q.lower()
    visible = reach.region_codes()
    found = [
        c
        for c in reach.regions.tree.order
        if (visible is None or c in visible)
        and (
            needle in c.lower()
            or needle in reach.regions.names[c][0].lower()
            or q in (reach.regions.names[c][1] or "")
        )
    ]
    codes = None
    within = None
    if reach.principal.role is Role.REPORTER:
        codes = sorted(reach.principal.units)
    elif visible is not None:
        within = sorted(visible)
    with engine.connect() as conn:
        units = (
            list_units(conn, regions_in=within, codes=codes, search=q, limit=MAX_FOUND)
            if codes is None or codes
            else []
        )
    return SearchView(
        q,
        [region_name(reach, c) for c in found[:MAX_FOUND]],
        [Named(u.code, u.name, u.name_zh) for u in units],
    )


# -- a plan's page ---------------------------------------------------------------------


@dataclass(frozen=True)
class RankLine:
    rank: int | None
    place: Named
    value: float | None
    output: float
    target: float | None
    usable: float | None


@dataclass(frozen=True)
class StatusView:
    scope: Named
    is_region: bool
    crumbs: list[Named]
    products: list[ProductName]
    plans: list[tuple[PlanRecord, Period]]  # every plan of this place, to choose another
    product_names: dict[str, ProductName]
    product: ProductName | None = None
    period: Period | None = None
    progress: Progress | None = None
    series: Series | None = None
    chart: dict[str, Any] = field(default_factory=dict)
    grades: list[tuple[float, float, float]] = field(default_factory=list)
    ranking: list[RankLine] = field(default_factory=list)
    ranked_more: bool = False
    by: RankBy = RankBy.OUTPUT
    by_options: list[RankBy] = field(default_factory=list)
    level: str | None = None  # regions, units, or None: nothing to rank


def _numbers(values: Floats) -> list[float | None]:
    return [None if math.isnan(v) else round(float(v), 6) for v in values]


def _chart(s: Series) -> dict[str, Any]:
    """The series as the page's charts read it (JSON)."""
    return {
        "dates": [d.isoformat() for d in s.dates],
        "daily": _numbers(s.daily),
        "cumulative": _numbers(s.cumulative),
        "expected": None if s.expected is None else _numbers(s.expected),
        "target": s.target,
        "records": [d.isoformat() for d in s.records],
        "uom": s.uom,
        "grades": [
            {"grade": g, "quantity": s.grade_totals.get(g, 0.0), "share": pct}
            for g, pct in (s.grades.shares_pct.items() if s.grades is not None else ())
        ],
    }


def _choose(
    conn: Connection, scope: str, product: str | None, period: Period | None
) -> tuple[str | None, Period | None]:
    """The product and period to show when not both are given: the scope's latest plan
    (the longest of those ending last), else the unit's product and the month of the
    scope's last report."""
    if product and period:
        return product, period
    plans = load_plans(conn, scope=scope, product=product, period=period)
    if plans:
        p = max(plans, key=lambda p: (p.end, (p.end - p.start).days))
        return p.product, Period.of(p.start, p.end)
    if not product:
        found = list_units(conn, codes=[scope], limit=1)
        product = found[0].product if found else None
    if product and not period:
        last = last_report_day(conn, resolve_scope(conn, scope), product_info(conn, product))
        period = None if last is None else Period.month(last.year, last.month)
    return product, period


def status_view(
    engine: Engine,
    reach: Reach,
    scope: str | None,
    product: str | None,
    period: str | None,
    by: str | None = None,
    level: str | None = None,
) -> StatusView:
    """One plan of a place (or the place's output over a period): its figures, its
    series, and the ranking of what lies below the place."""
    chosen = optional_period(period)
    if by and by not in {b.value for b in RankBy}:
        raise InputError([InputProblem(f"{by!r} is not a ranking figure", column="by")])
    if level and level not in ("regions", "units"):
        raise InputError([InputProblem(f"{level!r} is not regions or units", column="level")])
    with engine.connect() as conn:
        where = scope or default_scope(conn, reach)
        reach.scope(conn, where)
        products = products_by_code(conn)
        if product and product not in products:
            raise NotFoundError(f"no product has the code {product!r}", field="product")
        place = place_name(conn, reach, where)
        crumbs = crumbs_of(conn, reach, where)
        plans = [(p, Period.of(p.start, p.end)) for p in load_plans(conn, scope=where)]
        product, chosen = _choose(conn, where, product or None, chosen)
    is_region = where in reach.regions
    base = StatusView(
        scope=place,
        is_region=is_region,
        crumbs=crumbs,
        products=[p for c, p in sorted(products.items()) if c != VALUE] + [products[VALUE]],
        plans=plans,
        product_names=products,
    )
    if product is None or chosen is None:
        return base
    info = products[product]
    chosen_level = None
    below: list[str] = []
    if is_region:
        has_children = bool(reach.regions.children(where))
        chosen_level = level or ("regions" if has_children else "units")
        if chosen_level == "regions" and not has_children:
            chosen_level = "units"
        if chosen_level == "regions":
            below = reach.regions.children(where)
    planned = any(p.product == product and span == chosen for p, span in plans)
    rows, measured = _measured(engine, where, product, chosen, below if planned else None)
    if not rows:
        return base
    # counted up to the status's own as-of day: the chart and the bars agree, and the
    # scope's last report day is not looked for twice
    series = scope_series(engine, where, product, chosen, min(rows[0].as_of, chosen.end))
    with engine.connect() as conn:
        (progress,) = progress_of(conn, reach, rows[:1], products)
    grades = []
    if series.grades is not None:
        grades = [
            (g, series.grade_totals.get(g, 0.0), pct) for g, pct in series.grades.shares_pct.items()
        ]
    by_options = [b for b in RankBy if info.grades or b not in _GRADED]
    ranked_by = RankBy(by) if by else RankBy.OUTPUT
    ranking: list[RankLine] = []
    if chosen_level is not None:
        ranking = _ranking(engine, reach, where, product, chosen, ranked_by, chosen_level, measured)
    return StatusView(
        scope=place,
        is_region=is_region,
        crumbs=crumbs,
        products=base.products,
        plans=plans,
        product_names=products,
        product=info,
        period=chosen,
        progress=progress,
        series=series,
        chart=_chart(series),
        grades=grades,
        ranking=ranking[:MAX_RANKED],
        ranked_more=len(ranking) > MAX_RANKED,
        by=ranked_by,
        by_options=by_options,
        level=chosen_level,
    )


_GRADED = (RankBy.QUALITY, RankBy.USABLE, RankBy.USABLE_SHARE)


def _measured(
    engine: Engine, scope: str, product: str, period: Period, below: list[str] | None
) -> tuple[list[StatusRow], list[StatusRow]]:
    """The status of the page's plan; for a region's plan, also that of the regions
    `below` it (to rank), measured in the same pass over the same read of the region
    aggregates rather than in a second one. `below` is None for any other page."""
    if below is None:
        return status(engine, scope=scope, product=product, period=period), []
    found = status_of_regions(engine, product, period, only=[scope, *below], forecast=[scope])
    mine = [r for r in found if r.scope == scope]
    return mine, [r for r in found if r.scope != scope]


def _ranking(
    engine: Engine,
    reach: Reach,
    scope: str,
    product: str,
    period: Period,
    by: RankBy,
    level: str,
    measured: list[StatusRow],
) -> list[RankLine]:
    """The regions just below `scope` (or its units) ranked, only those within reach;
    `measured`: the status rows of the regions below, when already measured."""
    rows = rank(engine, scope, product, period, by=by, level=level, measured=measured)
    with engine.connect() as conn:
        visible = reach.readable(conn, {r.code for r in rows})
        names = (
            unit_names(conn, [r.code for r in rows if r.code in visible])
            if level == "units"
            else {}
        )
    return [
        RankLine(
            r.rank,
            region_name(reach, r.code)
            if level == "regions"
            else names.get(r.code, Named(r.code, r.name)),
            r.value,
            r.output,
            r.target,
            r.usable,
        )
        for r in rows
        if r.code in visible
    ]


# -- the bulletin ------------------------------------------------------------------------


@dataclass(frozen=True)
class BulletinView:
    scope: Named
    crumbs: list[Named]
    period: str | None
    title: dict[str, str]
    sentences: list[dict[str, Any]]


def bulletin_view(
    engine: Engine, reach: Reach, scope: str | None, period: str | None
) -> BulletinView:
    """The bulletin of a place for a period (default: the month of its last report)."""
    chosen = optional_period(period)
    with engine.connect() as conn:
        where = scope or default_scope(conn, reach)
        reach.scope(conn, where)
        place = place_name(conn, reach, where)
        crumbs = crumbs_of(conn, reach, where)
    written = bulletin_json(bulletin(engine, where, chosen))
    return BulletinView(
        place,
        crumbs,
        None if chosen is None else chosen.label(),
        written["title"],
        written["sentences"],
    )
