"""Claims: figures a source (a newspaper article, a bulletin) states about a scenario.

A replay lists the claims of its article as *queries* over the raw reports plus what
the article says the answer is. planworks computes each query from the data and then
checks it against the article's words; the expectation is never what gets printed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from planworks.domain.periods import Period

__all__ = ["Claim", "Expect", "Measure", "Query"]


class Measure(StrEnum):
    """What a query computes, each as MISSION.md defines it."""

    CUMULATIVE = "cumulative"  # sum over the period (as of `as_of`)
    FULFILMENT_PCT = "fulfilment_pct"  # of the plan for exactly this scope, product, period
    COMPLETION_DATE = "completion_date"
    DAYS_AHEAD = "days_ahead"
    OVERFULFILMENT_PCT = "overfulfilment_pct"
    TARGET = "target"  # the plan's target
    AHEAD_DAYS = "ahead_days"  # ahead (+) or behind (-) of the plan to date, in days
    P_MEET_PCT = "p_meet_pct"  # forecast: the chance of meeting the plan by the end
    COMPLETION_P10 = "completion_p10"  # forecast: completion dates, 10th, 50th and 90th
    COMPLETION_P50 = "completion_p50"  # percentile
    COMPLETION_P90 = "completion_p90"
    GROWTH_PREV_PCT = "growth_prev_pct"  # vs the previous period of the same kind
    GROWTH_YOY_PCT = "growth_yoy_pct"  # vs the same period a year earlier
    MEAN_GRADE = "mean_grade"  # quantity-weighted
    GRADE_SHARE_PCT = "grade_share_pct"  # share of graded quantity at `grade`
    FIRST_DAY_OVER = "first_day_over"  # first day with output above `threshold`
    DAILY_MIN = "daily_min"  # smallest day in the period
    DAILY_MAX = "daily_max"
    BEST_DAY = "best_day"  # the (first) day with the most output
    USABLE_PCT = "usable_pct"  # share of output at or above the minimum grade
    UNITS_PRODUCING = "units_producing"  # distinct units with output > 0 in the period
    UNITS_OPENED = "units_opened"  # units of the scope opened in the period
    UNITS_OPEN = "units_open"  # units of the scope open on the period's last day
    UNITS_MERGED = "units_merged"  # units merged into another in the period
    UNITS_CLOSED = "units_closed"  # units closed in the period (not merged)
    NEW_PRODUCTS = "new_products"  # distinct products first trial-produced in the period
    PROBLEMS_FOUND = "problems_found"  # inspection problems found (of `campaign`, if given)
    PROBLEMS_WITH_MEASURE_PCT = "problems_with_measure_pct"  # share with a measure taken
    INSPECTORS = "inspectors"  # the inspectors of `campaign`
    PROBLEMS_DONE = "problems_done"  # problems found whose measure was carried out
    BYPRODUCT_RATIO = "byproduct_ratio"  # by-product value / main-product value
    BYPRODUCTS = "byproducts"  # distinct by-products made in the period
    WASTE_USE_PCT = "waste_use_pct"  # wastes taken in as inputs / wastes left, by weight
    WORKERS_CHANGE = "workers_change"  # workers on the last day - workers on the first
    OUTPUT_PER_WORKER_GROWTH_PCT = "output_per_worker_growth_pct"  # vs the previous period


_MEASURE_WORDS = {
    Measure.CUMULATIVE: "total",
    Measure.FULFILMENT_PCT: "% of plan",
    Measure.COMPLETION_DATE: "plan completed on",
    Measure.DAYS_AHEAD: "days ahead of plan",
    Measure.OVERFULFILMENT_PCT: "% over plan",
    Measure.TARGET: "plan target",
    Measure.AHEAD_DAYS: "days ahead (+) or behind (-) of the plan to date",
    Measure.P_MEET_PCT: "% chance of meeting the plan (forecast)",
    Measure.COMPLETION_P10: "completed by, 10% likely (forecast)",
    Measure.COMPLETION_P50: "completed by, 50% likely (forecast)",
    Measure.COMPLETION_P90: "completed by, 90% likely (forecast)",
    Measure.GROWTH_PREV_PCT: "% on the previous period",
    Measure.GROWTH_YOY_PCT: "% on a year before",
    Measure.MEAN_GRADE: "mean grade",
    Measure.GRADE_SHARE_PCT: "% at grade",
    Measure.FIRST_DAY_OVER: "first day over",
    Measure.DAILY_MIN: "least in a day",
    Measure.DAILY_MAX: "most in a day",
    Measure.BEST_DAY: "the day of the most output",
    Measure.USABLE_PCT: "% usable",
    Measure.UNITS_PRODUCING: "units producing",
    Measure.UNITS_OPENED: "units opened",
    Measure.UNITS_OPEN: "units open at the end",
    Measure.UNITS_MERGED: "units merged into others",
    Measure.UNITS_CLOSED: "units closed",
    Measure.NEW_PRODUCTS: "new products trial-produced",
    Measure.PROBLEMS_FOUND: "problems found",
    Measure.PROBLEMS_WITH_MEASURE_PCT: "% of problems with a measure",
    Measure.INSPECTORS: "inspectors",
    Measure.PROBLEMS_DONE: "problems dealt with",
    Measure.BYPRODUCT_RATIO: "by-product value / main-product value",
    Measure.BYPRODUCTS: "kinds of by-product",
    Measure.WASTE_USE_PCT: "% of wastes used",
    Measure.WORKERS_CHANGE: "change in workers",
    Measure.OUTPUT_PER_WORKER_GROWTH_PCT: "% output per worker on the period before",
}


@dataclass(frozen=True, slots=True)
class Query:
    """A question about one scope and product over one period."""

    measure: Measure
    scope: str
    product: str
    start: date
    end: date
    as_of: date | None = None
    grade: float | None = None
    threshold: float | None = None
    campaign: str | None = None  # an inspection campaign's code

    @property
    def period(self) -> Period:
        return Period.of(self.start, self.end)

    def describe(self) -> str:
        """What is computed, in words: `days ahead of plan: CN-HE cement 1960-Q1`."""
        what = _MEASURE_WORDS[self.measure]
        if self.measure is Measure.GRADE_SHARE_PCT and self.grade is not None:
            what = f"% at grade {self.grade:g}"
        if self.measure is Measure.FIRST_DAY_OVER and self.threshold is not None:
            what = f"first day over {self.threshold:,.0f}"
        product = "" if self.product == "*" else f" {self.product}"
        return f"{what}: {self.scope}{product} {self.period.label()}"


@dataclass(frozen=True, slots=True)
class Expect:
    """What the source says the answer is: an exact value, a bound, a range or a date.

    `tolerance` absorbs the source's rounding ("4.4 million tons" -> 50,000 t).
    """

    equals: float | None = None
    at_least: float | None = None
    at_most: float | None = None
    above: float | None = None
    below: float | None = None
    on: date | None = None
    tolerance: float = 0.0

    def holds(self, value: float | date | None) -> bool:
        if value is None:
            return False
        if self.on is not None:
            return value == self.on
        if isinstance(value, date):
            return False
        checks = [
            self.equals is None or abs(value - self.equals) <= self.tolerance,
            self.at_least is None or value >= self.at_least,
            self.at_most is None or value <= self.at_most,
            self.above is None or value > self.above,
            self.below is None or value < self.below,
        ]
        return all(checks)

    def describe(self) -> str:
        if self.on is not None:
            return self.on.isoformat()
        parts = []
        if self.equals is not None:
            tol = f" ± {self.tolerance:,.6g}" if self.tolerance else ""
            parts.append(f"= {self.equals:,.6g}{tol}")
        for sign, bound in (
            (">=", self.at_least),
            (">", self.above),
            ("<=", self.at_most),
            ("<", self.below),
        ):
            if bound is not None:
                parts.append(f"{sign} {bound:,.6g}")
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class Claim:
    """A figure from the source: its words (English and the original) and how to check it."""

    key: str
    text: str
    text_zh: str
    query: Query
    expect: Expect
