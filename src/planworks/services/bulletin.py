"""Gathering a bulletin's facts for a scope and period from the database.

What it looks at, all computed with the metrics of `planworks.metrics` and the queries
of `planworks.store`: the scope's own plans in the period (and those about to start),
the output of its planned products and of its largest others, over the period and the
year so far, with growth and the number of units producing; where the year stood before
the period (quarter ends, record days); the best day of the period; quality; units
opened and new products; by-products; inspections; headcounts; and the units' plans, the
best and the worst.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import numpy as np
from sqlalchemy import Connection, Engine, Select, and_, select

from planworks.bulletin.compose import Bulletin, compose
from planworks.bulletin.facts import (
    BulletinFacts,
    Byproducts,
    Consolidation,
    Figure,
    Inspection,
    Labour,
    Milestone,
    Named,
    PlanFact,
    QualityFact,
    Record,
    Total,
)
from planworks.domain.claims import Measure, Query
from planworks.domain.errors import InputError, InputProblem, NotFoundError
from planworks.domain.model import VALUE
from planworks.domain.periods import Period, day_number
from planworks.metrics.quality import quality
from planworks.metrics.records import record_days
from planworks.scenarios.base import BulletinSpec
from planworks.services.status import StatusRow, scope_status
from planworks.store.activity import (
    byproduct_totals,
    has_byproducts,
    inspection,
    main_industry,
    new_product_names,
    new_products,
    opened_by_industry,
    output_per_worker,
    units_closed,
    units_merged,
    units_open,
    units_opened,
    workers_on,
)
from planworks.store.among import among
from planworks.store.ledgers import rejected_daily
from planworks.store.migrate import require_current
from planworks.store.queries import (
    ProductInfo,
    Scope,
    daily_by_grade,
    daily_series,
    first_report_year,
    last_report_day,
    load_plans,
    product_info,
    region_tree,
    resolve_scope,
    units_producing,
)
from planworks.store.tables import campaigns, inspection_problems, products, units, workforce

__all__ = ["bulletin", "bulletin_facts", "bulletin_json", "retell"]

#: How many of a scope's largest unplanned products a bulletin mentions.
TOP_PRODUCTS = 2
#: Plans starting within this many days after the as-of date are announced.
UPCOMING_DAYS = 31
#: Output per worker after a headcount cut: over this many days, against as many before.
LABOUR_DAYS = 30
#: New products are named when there are at most this many.
NAMED_PRODUCTS = 5


def bulletin(
    engine: Engine, scope: str | None, period: Period | None = None, as_of: date | None = None
) -> Bulletin:
    """The bulletin of a scope for a period, in English and Chinese."""
    return compose(bulletin_facts(engine, scope, period, as_of))


def bulletin_facts(
    engine: Engine, scope: str | None, period: Period | None = None, as_of: date | None = None
) -> BulletinFacts:
    """The facts of a bulletin for a scope (default: the top region) and period.

    Without a period, the month of the scope's last report; without an as-of day, the
    period's last day or the last report's, whichever is sooner.
    """
    require_current(engine)
    with engine.connect() as conn:
        code = scope or _top_region(conn)
        where = resolve_scope(conn, code)
        named = Named(where.code, where.name, where.name_zh)
        value = product_info(conn, VALUE)
        last = last_report_day(conn, where, value)
        if period is None:
            if last is None:
                raise NotFoundError(f"{code} has no reports: give a period")
            period = Period.parse(f"{last:%Y-%m}")
        as_of = as_of or min(period.end, last or period.end)
        if as_of < period.start:
            raise InputError(
                [
                    InputProblem(
                        f"as of {as_of} is before the period {period.label()} begins",
                        column="as_of",
                    )
                ]
            )
        gather = _Gatherer(conn, where, named, period, as_of)
        return gather.facts()


def _behind(fact: PlanFact) -> float:
    """How far a plan not yet completed is behind: days behind schedule while it runs,
    percentage points short once its period is over."""
    if fact.as_of >= fact.period.end:
        return 100.0 - (fact.fulfilment_pct or 0.0)
    return -(fact.ahead_days or 0.0)


def _top_region(conn: Connection) -> str:
    tree, codes = region_tree(conn)
    return codes[tree.roots()[0]]


class _Gatherer:
    def __init__(
        self, conn: Connection, scope: Scope, named: Named, period: Period, as_of: date
    ) -> None:
        self.conn, self.scope, self.named = conn, scope, named
        self.period, self.as_of = period, as_of
        self.first, self.last = day_number(period.start), day_number(min(period.end, as_of))

    def query(
        self,
        measure: Measure,
        product: str = "*",
        *,
        start: date | None = None,
        end: date | None = None,
        grade: float | None = None,
        campaign: str | None = None,
    ) -> Query:
        return Query(
            measure,
            self.scope.code,
            product,
            start or self.period.start,
            end or self.period.end,
            self.as_of,
            grade=grade,
            campaign=campaign,
        )

    def named_product(self, info: ProductInfo) -> Named:
        return Named(info.code, info.name, info.name_zh, info.uom)

    # -- plans ------------------------------------------------------------------------------
    def plan_fact(self, row: StatusRow, scope: Named) -> PlanFact:
        product = self.named_product(product_info(self.conn, row.product))
        q = Query
        p = row.period

        def fig(label: str, measure: Measure, value: float | date | None) -> Figure:
            return Figure(
                label, value, q(measure, row.scope, row.product, p.start, p.end, row.as_of)
            )

        return PlanFact(
            scope,
            product,
            p,
            row.as_of,
            row.target or 0.0,
            row.cumulative,
            row.fulfilment_pct,
            row.completion_date,
            row.days_ahead,
            row.overfulfilment_pct,
            row.growth_prev_pct,
            row.growth_yoy_pct,
            (
                fig("output", Measure.CUMULATIVE, row.cumulative),
                fig("% of plan", Measure.FULFILMENT_PCT, row.fulfilment_pct),
                fig("completed on", Measure.COMPLETION_DATE, row.completion_date),
                fig("days ahead", Measure.DAYS_AHEAD, row.days_ahead),
                fig("% over plan", Measure.OVERFULFILMENT_PCT, row.overfulfilment_pct),
                fig("% on the period before", Measure.GROWTH_PREV_PCT, row.growth_prev_pct),
                fig("% on a year before", Measure.GROWTH_YOY_PCT, row.growth_yoy_pct),
                fig("target", Measure.TARGET, row.target),
                fig("days ahead (+) or behind (-)", Measure.AHEAD_DAYS, row.ahead_days),
                fig("% chance of meeting the plan", Measure.P_MEET_PCT, row.p_meet_pct),
                fig("completed by (10%)", Measure.COMPLETION_P10, row.completion_p10),
                fig("completed by (50%)", Measure.COMPLETION_P50, row.completion_p50),
                fig("completed by (90%)", Measure.COMPLETION_P90, row.completion_p90),
            ),
            row.ahead_days,
            row.p_meet_pct,
            row.completion_p10,
            row.completion_p50,
            row.completion_p90,
        )

    def plans(self) -> tuple[list[PlanFact], list[PlanFact]]:
        """The scope's plans in the period, and those about to start."""
        now, soon = [], []
        horizon = self.as_of + timedelta(days=UPCOMING_DAYS)
        for plan in load_plans(self.conn, scope=self.scope.code):
            period = Period.of(plan.start, plan.end)
            if plan.start <= self.as_of and plan.end >= self.period.start:
                row = scope_status(
                    self.conn, plan.scope, plan.product, period, self.as_of, plan=plan
                )
                now.append(self.plan_fact(row, self.named))
            elif self.as_of < plan.start <= horizon:
                row = scope_status(
                    self.conn, plan.scope, plan.product, period, self.as_of, plan=plan
                )
                soon.append(self.plan_fact(row, self.named))
        return now, soon

    def part_plans(self) -> tuple[list[PlanFact], list[PlanFact]]:
        """Plans of the scope's units and of the regions just below it, for periods in the
        bulletin's: the best (completed furthest ahead) and the worst (furthest behind)."""
        if self.scope.is_unit:
            return [], []
        candidates = [
            p
            for p in load_plans(self.conn)
            if p.end >= self.period.start and p.start <= self.as_of and p.scope != self.scope.code
        ]
        tree, codes = region_tree(self.conn)
        top = tree.order.index(self.scope.region_ids[0])
        below = {codes[tree.order[j]] for j, p in enumerate(tree.parent_index) if p == top}
        scopes = sorted({p.scope for p in candidates} - below)
        in_scope = set(below)
        for i in range(0, len(scopes), 5000):  # under SQLite's limit of bound parameters
            in_scope.update(
                self.conn.execute(
                    select(units.c.code).where(
                        units.c.code.in_(scopes[i : i + 5000]),
                        among(units.c.region_id, self.scope.region_ids),
                    )
                ).scalars()
            )
        facts = []
        for plan in candidates:
            if plan.scope not in in_scope:
                continue
            row = scope_status(
                self.conn,
                plan.scope,
                plan.product,
                Period.of(plan.start, plan.end),
                self.as_of,
                plan=plan,
            )
            part = Named(plan.scope, row.scope_name, row.scope_name_zh)
            facts.append(self.plan_fact(row, part))
        done = [f for f in facts if f.completion_date is not None]
        best = sorted(done, key=lambda f: (-(f.days_ahead or 0), -(f.overfulfilment_pct or 0)))
        behind = [f for f in facts if f.completion_date is None and _behind(f) > 0]
        worst = sorted(behind, key=_behind, reverse=True)
        return best[:3], worst[:2]

    # -- output -----------------------------------------------------------------------------
    def products(self, planned: list[PlanFact]) -> list[ProductInfo]:
        """The products to speak of: the planned ones, then the largest by value."""
        chosen = [p.product.code for p in planned if p.product.code != VALUE]
        rows = self.conn.execute(select(products.c.code, products.c.price)).all()
        values = []
        for code, price in rows:
            if code in chosen:
                continue
            info = product_info(self.conn, code)
            made = float(daily_series(self.conn, self.scope, info, self.first, self.last).sum())
            if made > 0:
                values.append((made * (price or 0.0), made, code))
        values.sort(reverse=True)
        value_planned = any(p.product.code == VALUE for p in planned)
        if len(values) + len(chosen) > 1 and not value_planned and values and values[0][0] > 0:
            chosen.insert(0, VALUE)  # several products: their total value first
        chosen += [code for _, _, code in values[:TOP_PRODUCTS]]
        return [product_info(self.conn, c) for c in dict.fromkeys(chosen)]

    def total(self, info: ProductInfo) -> Total:
        row = scope_status(
            self.conn, self.scope.code, info.code, self.period, self.as_of, plan=None
        )
        year_start = date(self.as_of.year, 1, 1)
        year_total = None
        if self.period.start > year_start:
            year_total = float(
                daily_series(self.conn, self.scope, info, day_number(year_start), self.last).sum()
            )
        producing = (
            None
            if self.scope.is_unit
            else units_producing(
                self.conn,
                self.scope,
                info,
                Period(self.period.start, min(self.period.end, self.as_of)),
            )
        )
        product = self.named_product(info)
        figures = [Figure("output", row.cumulative, self.query(Measure.CUMULATIVE, info.code))]
        if year_total is not None:
            figures.append(
                Figure(
                    "the year so far",
                    year_total,
                    self.query(Measure.CUMULATIVE, info.code, start=year_start, end=self.as_of),
                )
            )
        if producing is not None:
            figures.append(
                Figure(
                    "units producing",
                    float(producing),
                    self.query(Measure.UNITS_PRODUCING, info.code),
                )
            )
        return Total(
            product,
            row.cumulative,
            year_total,
            row.growth_prev_pct,
            row.growth_yoy_pct,
            producing,
            tuple(figures),
            None if info.id is None else main_industry(self.conn, self.scope, info.id),
        )

    def history(
        self, info: ProductInfo, period_total: float
    ) -> tuple[list[Milestone], Record | None]:
        """Where the year stood before the period, its record days, and the period's best
        day (a record if it beat every day reported before it)."""
        year_start = date(self.as_of.year, 1, 1)
        first_year = first_report_year(self.conn, info) or year_start.year
        start = min(date(first_year, 1, 1), year_start, self.period.start)
        daily = daily_series(self.conn, self.scope, info, day_number(start), self.last)
        product = self.named_product(info)
        before = self.first - day_number(start)  # days before the period

        def on(k: int) -> date:
            return start + timedelta(days=k)

        milestones: list[Milestone] = []
        this_year = max(0, (year_start - start).days)
        running = np.cumsum(daily[this_year:])
        quarter_ends = (date(year_start.year, m, d) for m, d in ((3, 31), (6, 30), (9, 30)))
        for quarter_end in quarter_ends if info.id is not None else ():  # things, not value
            k = (quarter_end - year_start).days
            if this_year + k < before and running[k] > 0:
                amount = float(running[k])
                milestones.append(
                    Milestone(
                        product,
                        quarter_end,
                        amount,
                        "cumulative",
                        amount < 0.01 * period_total,
                        Figure(
                            f"the year's output by {quarter_end}",
                            amount,
                            self.query(
                                Measure.CUMULATIVE, info.code, start=year_start, end=quarter_end
                            ),
                        ),
                    )
                )
        # "satellites" of the year before the period: record days at least double the
        # record before them
        records = record_days(daily[:before]) if before > 0 else np.array([], dtype=np.int64)
        best_so_far = 0.0
        satellites = []
        for k in records.tolist():
            amount = float(daily[k])
            doubled = best_so_far > 0 and amount >= 2 * best_so_far
            if doubled and k >= this_year and amount >= 0.001 * period_total and info.id:
                satellites.append(
                    Milestone(
                        product,
                        on(k),
                        amount,
                        "record",
                        False,
                        Figure(
                            f"the record day of {on(k)}",
                            amount,
                            self.query(Measure.DAILY_MAX, info.code, start=on(k), end=on(k)),
                        ),
                    )
                )
            best_so_far = max(best_so_far, amount)
        milestones += satellites[:2]
        period_days = daily[before:]
        record = None
        if period_days.size and period_days.max() > 0:
            k = int(period_days.argmax())
            amount = float(period_days[k])
            earlier = float(daily[: before + k].max(initial=0.0))
            record = Record(
                product,
                on(before + k),
                amount,
                earlier > 0 and amount > earlier,  # a record beats an earlier best
                Figure("the most in a day", amount, self.query(Measure.DAILY_MAX, info.code)),
                Figure("the best day", on(before + k), self.query(Measure.BEST_DAY, info.code)),
            )
        return milestones, record

    def quality_fact(self, info: ProductInfo, total: float) -> QualityFact | None:
        if not info.grades:
            return None
        graded = {
            g: float(v.sum())
            for g, v in daily_by_grade(self.conn, self.scope, info, self.first, self.last).items()
        }
        if not graded:
            return None
        refused = 0.0
        if info.id is not None:
            refused = float(
                rejected_daily(self.conn, self.scope, info.id, self.first, self.last).sum()
            )
        q = quality(graded, total, info.min_grade, refused)
        figures = [Figure("mean grade", q.mean_grade, self.query(Measure.MEAN_GRADE, info.code))]
        figures += [
            Figure(
                f"% at grade {g:g}", share, self.query(Measure.GRADE_SHARE_PCT, info.code, grade=g)
            )
            for g, share in q.shares_pct.items()
        ]
        if q.usable < total:
            usable_pct = 100 * q.usable / total if total else None
            figures.append(
                Figure("% usable", usable_pct, self.query(Measure.USABLE_PCT, info.code))
            )
        return QualityFact(
            self.named_product(info), q.mean_grade, q.shares_pct, q.usable, total, tuple(figures)
        )

    # -- what units did --------------------------------------------------------------------
    def movement(self) -> tuple[Figure | None, Figure | None, Figure | None, list[Named]]:
        opened = units_opened(self.conn, self.scope, self.first, self.last)
        found = new_products(self.conn, self.scope, self.first, self.last)
        names = []
        if 0 < found <= NAMED_PRODUCTS:
            rows = new_product_names(self.conn, self.scope, self.first, self.last, found)
            names = [Named(code, name, name_zh) for code, name, name_zh in rows]
        first_days = None
        if found and self.period.days > 20:
            end = self.period.start + timedelta(days=9)
            first_days = Figure(
                "new products in the first ten days",
                float(new_products(self.conn, self.scope, self.first, day_number(end))),
                self.query(Measure.NEW_PRODUCTS, end=end),
            )
        return (
            Figure("units opened", float(opened), self.query(Measure.UNITS_OPENED))
            if opened
            else None,
            Figure("new products", float(found), self.query(Measure.NEW_PRODUCTS))
            if found
            else None,
            first_days,
            names,
        )

    def consolidation(self) -> Consolidation | None:
        """Units opened, merged into others and closed in the period, when any were merged
        or closed, and the count of units open before and after."""
        if self.scope.is_unit:
            return None
        merged = units_merged(self.conn, self.scope, self.first, self.last)
        closed = units_closed(self.conn, self.scope, self.first, self.last)
        if not merged and not closed:
            return None
        opened = units_opened(self.conn, self.scope, self.first, self.last)
        before = units_open(self.conn, self.scope, self.first - 1)
        after = units_open(self.conn, self.scope, self.last)
        day_before = self.period.start - timedelta(days=1)
        return Consolidation(
            before,
            after,
            opened,
            merged,
            closed,
            (
                Figure(
                    "units open before",
                    float(before),
                    self.query(Measure.UNITS_OPEN, start=day_before, end=day_before),
                ),
                Figure("units opened", float(opened), self.query(Measure.UNITS_OPENED)),
                Figure("units merged", float(merged), self.query(Measure.UNITS_MERGED)),
                Figure("units closed", float(closed), self.query(Measure.UNITS_CLOSED)),
                Figure("units open at the end", float(after), self.query(Measure.UNITS_OPEN)),
            ),
        )

    def byproducts(self) -> list[Byproducts]:
        """By-products of the scope, and of each region just below it that makes some."""
        if not has_byproducts(self.conn):
            return []
        scopes = [self.scope]
        if not self.scope.is_unit:
            tree, codes = region_tree(self.conn)
            top = self.scope.region_ids[0]
            i = tree.order.index(top)
            children = [tree.order[j] for j, p in enumerate(tree.parent_index) if p == i]
            scopes += [resolve_scope(self.conn, codes[c]) for c in children]
        out = []
        for s in scopes:
            totals = byproduct_totals(self.conn, s, self.first, self.last)
            if not totals.byproducts and totals.waste_use_pct is None:
                continue

            def query(measure: Measure, code: str = s.code) -> Query:
                return Query(measure, code, "*", self.period.start, self.period.end, self.as_of)

            figures = [
                Figure(
                    "by-product value / main-product value",
                    totals.ratio,
                    query(Measure.BYPRODUCT_RATIO),
                ),
                Figure("kinds of by-product", float(totals.byproducts), query(Measure.BYPRODUCTS)),
            ]
            if totals.waste_use_pct is not None:
                figures.append(
                    Figure("% of wastes used", totals.waste_use_pct, query(Measure.WASTE_USE_PCT))
                )
            month, month_ratio = self._last_month(), None
            if month is not None and totals.byproducts:
                m_first, m_last = day_number(month.start), day_number(month.end)
                month_ratio = byproduct_totals(self.conn, s, m_first, m_last).ratio
                figures.append(
                    Figure(
                        f"by-product value / main-product value in {month.label()}",
                        month_ratio,
                        Query(
                            Measure.BYPRODUCT_RATIO, s.code, "*", month.start, month.end, self.as_of
                        ),
                    )
                )
            out.append(
                Byproducts(
                    Named(s.code, s.name, s.name_zh),
                    totals.ratio,
                    totals.byproducts,
                    tuple(figures),
                    totals.waste_use_pct,
                    month,
                    month_ratio,
                )
            )
        return out

    def _last_month(self) -> Period | None:
        """The last whole month of a period longer than a month, up to the as-of day."""
        if self.period.days <= 31:
            return None
        end = min(self.period.end, self.as_of)
        if (end + timedelta(days=1)).day != 1:  # not a month's last day: the month before
            end = end.replace(day=1) - timedelta(days=1)
        month = Period.parse(f"{end:%Y-%m}")
        return month if month.start >= self.period.start else None

    def inspections(self) -> list[Inspection]:
        # campaigns of the scope in the period, and those that found problems at its units
        region_ids = list(self.scope.region_ids)
        units_here = self._units_in_scope()
        found_here = select(inspection_problems.c.campaign_id).where(
            inspection_problems.c.unit_id.in_(units_here),
            inspection_problems.c.found.between(self.first, self.last),
        )
        stmt = (
            select(campaigns.c.code, campaigns.c.name, campaigns.c.name_zh)
            .where(
                and_(
                    campaigns.c.start <= self.last,
                    (campaigns.c.end.is_(None)) | (campaigns.c.end >= self.first),
                    among(campaigns.c.region_id, region_ids) | campaigns.c.unit_id.in_(units_here),
                )
                | campaigns.c.id.in_(found_here)
            )
            .order_by(campaigns.c.start, campaigns.c.code)
        )
        out = []
        for code, name, name_zh in self.conn.execute(stmt):
            found = inspection(self.conn, self.scope, self.first, self.last, code)
            q = self.query(Measure.PROBLEMS_FOUND, campaign=code)
            out.append(
                Inspection(
                    Named(code, name, name_zh),
                    found.inspectors,
                    found.problems,
                    found.with_measure,
                    found.done,
                    (
                        Figure("problems found", float(found.problems), q),
                        Figure(
                            "% with a measure",
                            found.with_measure_pct,
                            self.query(Measure.PROBLEMS_WITH_MEASURE_PCT, campaign=code),
                        ),
                        Figure(
                            "inspectors",
                            None if found.inspectors is None else float(found.inspectors),
                            self.query(Measure.INSPECTORS, campaign=code),
                        ),
                        Figure(
                            "problems dealt with",
                            float(found.done),
                            self.query(Measure.PROBLEMS_DONE, campaign=code),
                        ),
                    ),
                )
            )
        return out

    def _units_in_scope(self) -> Select[tuple[int]]:
        """The ids of the scope's units, as a subquery (a province has half a million)."""
        if self.scope.unit_ids:
            return select(units.c.id).where(units.c.id.in_(list(self.scope.unit_ids)))
        return select(units.c.id).where(among(units.c.region_id, self.scope.region_ids))

    def labour(self) -> list[Labour]:
        """Headcount cuts in the period, with output per worker in the month after against
        the same number of days before."""
        changes = self.conn.execute(
            select(
                workforce.c.unit_id, workforce.c.day, units.c.code, units.c.name, units.c.name_zh
            )
            .join(units, units.c.id == workforce.c.unit_id)
            .where(
                workforce.c.unit_id.in_(self._units_in_scope()),
                workforce.c.day.between(self.first + 1, self.last),
            )
            .order_by(workforce.c.day)
        ).all()
        out = []
        for unit_id, day, code, name, name_zh in changes:
            unit = Scope(code, name, name_zh, unit_ids=(unit_id,))
            change = workers_on(self.conn, unit, day) - workers_on(self.conn, unit, day - 1)
            if change >= 0:
                continue
            last = min(day + LABOUR_DAYS - 1, self.last)
            after = output_per_worker(self.conn, unit, day, last)
            before = output_per_worker(self.conn, unit, 2 * day - last - 1, day - 1)
            growth = None if not after or not before else (after / before - 1) * 100
            changed_on = self.period.start + timedelta(days=day - self.first)
            until = self.period.start + timedelta(days=last - self.first)

            def query(measure: Measure, start: date, end: date, code: str = code) -> Query:
                return Query(measure, code, "*", start, end, self.as_of)

            out.append(
                Labour(
                    Named(code, name, name_zh),
                    change,
                    growth,
                    (
                        Figure(
                            "change in workers",
                            float(change),
                            query(
                                Measure.WORKERS_CHANGE, changed_on - timedelta(days=1), changed_on
                            ),
                        ),
                        Figure(
                            "% output per worker",
                            growth,
                            query(Measure.OUTPUT_PER_WORKER_GROWTH_PCT, changed_on, until),
                        ),
                    ),
                )
            )
        return out

    def facts(self) -> BulletinFacts:
        plans, upcoming = self.plans()
        totals, milestones, records, qualities = [], [], [], []
        for info in self.products(plans):
            total = self.total(info)
            totals.append(total)
            history, record = self.history(info, total.period_total)
            milestones += history
            if record is not None:
                records.append(record)
            fact = self.quality_fact(info, total.period_total)
            if fact is not None:
                qualities.append(fact)
        opened, found, first_days, names = self.movement()
        opened_by = (
            {}
            if opened is None
            else opened_by_industry(self.conn, self.scope, self.first, self.last)
        )
        best, worst = self.part_plans()
        return BulletinFacts(
            scope=self.named,
            period=self.period,
            as_of=self.as_of,
            plans=tuple(plans),
            totals=tuple(totals),
            milestones=tuple(milestones),
            records=tuple(records),
            quality=tuple(qualities),
            units_opened=opened,
            units_opened_by=tuple(opened_by.items()),
            consolidation=self.consolidation(),
            new_products=found,
            new_products_first_days=first_days,
            new_product_names=tuple(names),
            byproducts=tuple(self.byproducts()),
            inspections=tuple(self.inspections()),
            labour=tuple(self.labour()),
            best_units=tuple(best),
            worst_units=tuple(worst),
            upcoming=tuple(upcoming),
        )


def retell(engine: Engine, spec: BulletinSpec) -> tuple[Bulletin, list[str]]:
    """A scenario's bulletin, and the source's phrases it does not contain (the Chinese
    ones in its Chinese text, the English ones in its English text)."""
    written = bulletin(engine, spec.scope, Period.of(spec.start, spec.end), spec.end)
    zh, en = written.text("zh"), written.text("en")
    return written, [p for p in spec.phrases if p not in zh] + [
        p for p in spec.phrases_en if p not in en
    ]


def bulletin_json(written: Bulletin) -> dict[str, Any]:
    """A bulletin as plain data: its title and sentences, each figure with its query."""
    return {
        "title": {"en": written.title_en, "zh": written.title_zh},
        "sentences": [
            {
                "en": s.en,
                "zh": s.zh,
                "figures": [
                    {
                        "label": f.label,
                        "value": f.value.isoformat() if isinstance(f.value, date) else f.value,
                        "query": f.query.describe(),
                    }
                    for f in s.figures
                ],
            }
            for s in written.sentences
        ],
    }
