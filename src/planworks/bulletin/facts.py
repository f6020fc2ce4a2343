"""What a bulletin can say: figures computed for a scope and period, each with its query.

Plain values: `planworks.services.bulletin` computes them from the database, and
`planworks.bulletin.compose` turns them into sentences. Every figure carries the query
that produced it, so that `--explain` can list where each number of the text comes from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from planworks.domain.claims import Query
from planworks.domain.periods import Period

__all__ = [
    "BulletinFacts",
    "Byproducts",
    "Consolidation",
    "Figure",
    "Inspection",
    "Labour",
    "Milestone",
    "Named",
    "PlanFact",
    "QualityFact",
    "Record",
    "Total",
]


@dataclass(frozen=True)
class Named:
    """A region, unit or product: its code and its names."""

    code: str
    name: str
    name_zh: str | None = None
    uom: str = ""
    uom_zh: str | None = None

    def zh(self) -> str:
        return self.name_zh or self.name


@dataclass(frozen=True)
class Figure:
    """A number of the bulletin and the query that computed it."""

    label: str
    value: float | date | None
    query: Query


@dataclass(frozen=True)
class PlanFact:
    """The state of one plan."""

    scope: Named
    product: Named  # `value` for total output value
    period: Period
    as_of: date
    target: float
    cumulative: float
    fulfilment_pct: float | None
    completion_date: date | None
    days_ahead: int | None
    overfulfilment_pct: float | None
    growth_prev_pct: float | None
    growth_yoy_pct: float | None
    figures: tuple[Figure, ...]
    ahead_days: float | None = None  # ahead (+) or behind (-) of the plan to date, in days
    p_meet_pct: float | None = None  # in progress: the forecast's chance of meeting it
    completion_p10: date | None = None  # and its completion dates (None: not by the end)
    completion_p50: date | None = None
    completion_p90: date | None = None


@dataclass(frozen=True)
class Total:
    """Output of a product (or value) over the period, and over the year so far."""

    product: Named
    period_total: float
    year_total: float | None  # from 1 January to the as-of date, when the period is shorter
    growth_prev_pct: float | None
    growth_yoy_pct: float | None
    units_producing: int | None
    figures: tuple[Figure, ...]
    industry: str | None = None  # of most units making it: says whether they are furnaces


@dataclass(frozen=True)
class Milestone:
    """Where a product stood before the period: a quarter's end, a record day."""

    product: Named
    day: date
    amount: float
    kind: str  # "cumulative" (the year's total by `day`) or "record" (a record day)
    small: bool  # small against the period's own output: said as "a few thousand"
    figure: Figure


@dataclass(frozen=True)
class Record:
    """The best day of a product in the period, and whether it beat every earlier day."""

    product: Named
    day: date
    amount: float
    all_time: bool
    figure: Figure
    day_figure: Figure | None = None


@dataclass(frozen=True)
class QualityFact:
    product: Named
    mean_grade: float | None
    shares_pct: dict[float, float]
    usable: float
    total: float
    figures: tuple[Figure, ...]


@dataclass(frozen=True)
class Byproducts:
    scope: Named
    ratio: float | None
    kinds: int
    figures: tuple[Figure, ...]
    waste_use_pct: float | None = None  # share of the wastes left that went into products
    #: the last whole month of a longer period, and its ratio (where the trend shows)
    month: Period | None = None
    month_ratio: float | None = None


@dataclass(frozen=True)
class Inspection:
    campaign: Named
    inspectors: int | None
    problems: int
    with_measure: int
    done: int
    figures: tuple[Figure, ...]


@dataclass(frozen=True)
class Consolidation:
    """Units opened, merged into others and closed in the period, and the units open
    before and after."""

    before: int  # open the day before the period
    after: int  # open on its last day
    opened: int
    merged: int
    closed: int
    figures: tuple[Figure, ...]


@dataclass(frozen=True)
class Labour:
    """A unit that changed its headcount while its output per worker changed."""

    unit: Named
    workers_change: int
    per_worker_growth_pct: float | None
    figures: tuple[Figure, ...]


@dataclass(frozen=True)
class BulletinFacts:
    scope: Named
    period: Period
    as_of: date
    plans: tuple[PlanFact, ...] = ()  # the scope's own plans in the period
    totals: tuple[Total, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    records: tuple[Record, ...] = ()
    quality: tuple[QualityFact, ...] = ()
    units_opened: Figure | None = None
    units_opened_by: tuple[tuple[str, int], ...] = ()  # (industry, count), the most first
    consolidation: Consolidation | None = None
    new_products: Figure | None = None
    new_products_first_days: Figure | None = None
    new_product_names: tuple[Named, ...] = ()  # when they are few, by first success
    byproducts: tuple[Byproducts, ...] = ()
    inspections: tuple[Inspection, ...] = ()
    labour: tuple[Labour, ...] = ()
    best_units: tuple[PlanFact, ...] = ()  # plans of units and regions just below, best first
    worst_units: tuple[PlanFact, ...] = ()  # those behind, the furthest first
    upcoming: tuple[PlanFact, ...] = ()  # plans that start after the as-of date
    notes: tuple[str, ...] = field(default=())
