"""The nouns of planworks: regions, units, products, recipes, links, plans, reports,
new-product trials and inspection campaigns.

These are plain values. Bulk work (millions of reports) runs on columns, not on these
objects; they describe one thing at a time and hold the rules about it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from itertools import pairwise

from planworks.domain.errors import InputError, InputProblem

__all__ = [
    "CODE_FORBIDDEN",
    "VALUE",
    "InspectionCampaign",
    "InspectionProblem",
    "Link",
    "Plan",
    "Product",
    "RecipeLine",
    "RecipeRole",
    "Region",
    "Report",
    "Trial",
    "TrialStage",
    "Unit",
    "UnitKind",
    "UnitStatus",
    "is_usable_grade",
    "parse_grades",
]

#: The product code that stands for total output value in plans and queries.
VALUE = "value"

#: Characters a code may not contain: keys such as `unit|date|product|n` are built from
#: codes with them, and CSV cells are separated by them.
CODE_FORBIDDEN = "|,\t\r\n"


def is_usable_grade(grade: float | None, min_grade: float | None) -> bool:
    """Whether output of this grade counts as usable for a product with this minimum.

    A product without a minimum grade counts all output. A product with one counts
    only graded output at or above it: ungraded output has not shown it is usable.
    """
    if min_grade is None:
        return True
    return grade is not None and grade >= min_grade


class UnitKind(StrEnum):
    """What sort of production unit: 土 indigenous, 洋 small modern, or a large enterprise."""

    INDIGENOUS = "indigenous"
    MODERN = "modern"
    LARGE = "large"


class UnitStatus(StrEnum):
    TRIAL = "trial"
    PRODUCING = "producing"
    SUSPENDED = "suspended"
    MERGED = "merged"
    CLOSED = "closed"


class RecipeRole(StrEnum):
    """How a recipe line relates to the product: consumed, or coming out beside it."""

    INPUT = "input"
    BYPRODUCT = "byproduct"
    WASTE = "waste"


class TrialStage(StrEnum):
    """A new product's way from first attempt to mass production (or abandonment)."""

    STARTED = "started"
    SUCCEEDED = "succeeded"  # first good piece made: "trial-produced successfully"
    BATCH = "batch"
    MASS = "mass"
    ABANDONED = "abandoned"


_TRIAL_NEXT: Mapping[TrialStage, frozenset[TrialStage]] = {
    TrialStage.STARTED: frozenset({TrialStage.SUCCEEDED, TrialStage.ABANDONED}),
    TrialStage.SUCCEEDED: frozenset({TrialStage.BATCH, TrialStage.MASS, TrialStage.ABANDONED}),
    TrialStage.BATCH: frozenset({TrialStage.MASS, TrialStage.ABANDONED}),
    TrialStage.MASS: frozenset(),
    TrialStage.ABANDONED: frozenset(),
}


@dataclass(frozen=True, slots=True)
class Region:
    """A node of the region tree (nation > province > prefecture > county > commune)."""

    code: str
    name: str
    level: str
    parent: str | None = None
    name_zh: str | None = None


def parse_grades(text: str | None) -> tuple[float, ...]:
    """Grades written `200|300|400|500`: numbers, strictly increasing."""
    if text is None or not text.strip():
        return ()
    try:
        grades = tuple(float(g) for g in text.split("|"))
    except ValueError:
        raise InputError(
            [InputProblem(f"grades {text!r} must be numbers separated by |", column="grades")]
        ) from None
    if any(b <= a for a, b in pairwise(grades)):
        raise InputError(
            [InputProblem(f"grades {text!r} must be in increasing order", column="grades")]
        )
    return grades


@dataclass(frozen=True, slots=True)
class Product:
    """A product with its unit of measure, constant price and ordered quality grades."""

    code: str
    name: str
    uom: str
    name_zh: str | None = None
    price: float | None = None
    grades: tuple[float, ...] = ()
    min_grade: float | None = None
    uom_zh: str | None = None  # the unit of measure in Chinese: 吨, 件, 千块

    def __post_init__(self) -> None:
        if self.code == VALUE:
            raise InputError(
                [InputProblem(f"{VALUE!r} is reserved for total output value", column="code")]
            )
        if self.price is not None and self.price < 0:
            raise InputError([InputProblem("price must not be negative", column="price")])
        if self.min_grade is not None and self.grades and self.min_grade not in self.grades:
            raise InputError(
                [
                    InputProblem(
                        f"min_grade {self.min_grade:g} is not one of the grades", column="min_grade"
                    )
                ]
            )

    def is_usable(self, grade: float | None) -> bool:
        """Whether output of this grade counts as usable (see `is_usable_grade`)."""
        return is_usable_grade(grade, self.min_grade)


@dataclass(frozen=True, slots=True)
class Unit:
    """A production unit: a furnace, a mine, a workshop, a plant."""

    code: str
    name: str
    region: str
    kind: UnitKind
    opened: date
    name_zh: str | None = None
    industry: str | None = None
    product: str | None = None
    capacity: float | None = None  # of its main product, per day
    closed: date | None = None
    status: UnitStatus = UnitStatus.PRODUCING
    merged_into: str | None = None


@dataclass(frozen=True, slots=True)
class RecipeLine:
    """Per unit of `product` made by units of `kind` (or any kind: `*`), this much `item`."""

    product: str
    kind: str
    item: str
    per_unit: float
    role: RecipeRole = RecipeRole.INPUT


@dataclass(frozen=True, slots=True)
class Link:
    """Transport capacity per day from one region to another."""

    source: str
    target: str
    mode: str
    capacity: float


@dataclass(frozen=True, slots=True)
class Plan:
    """A target for a scope (region subtree or unit), a product or total value, a period."""

    scope: str
    product: str  # a product code or VALUE
    start: date
    end: date
    target: float
    name: str | None = None
    version: int = 1


@dataclass(frozen=True, slots=True)
class Report:
    """What a unit produced on a day. Append-only: a correction supersedes, never edits."""

    unit: str
    day: date
    product: str
    quantity: float
    grade: float | None = None
    value: float | None = None
    report_id: str | None = None
    supersedes: str | None = None
    reason: str | None = None
    extra: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        problems = []
        if not self.quantity >= 0:  # also catches NaN
            problems.append(InputProblem("quantity must be a number >= 0", column="quantity"))
        if self.value is not None and not self.value >= 0:
            problems.append(InputProblem("value must be a number >= 0", column="value"))
        if self.supersedes is not None and not (self.reason and self.reason.strip()):
            problems.append(InputProblem("a correction needs a reason", column="reason"))
        if problems:
            raise InputError(problems)


@dataclass(frozen=True, slots=True)
class Trial:
    """A new product a unit is trying to make."""

    unit: str
    product: str
    started: date
    stage: TrialStage = TrialStage.STARTED
    history: tuple[tuple[TrialStage, date], ...] = ()

    def advance(self, stage: TrialStage, on: date) -> Trial:
        """The trial moved on to `stage`; stages only go forward, never back."""
        if stage not in _TRIAL_NEXT[self.stage]:
            raise InputError(
                [InputProblem(f"a trial cannot go from {self.stage} to {stage}", column="stage")]
            )
        last = self.history[-1][1] if self.history else self.started
        if on < last:
            raise InputError(
                [InputProblem(f"{stage} on {on} is before the previous step ({last})")]
            )
        return Trial(self.unit, self.product, self.started, stage, (*self.history, (stage, on)))


@dataclass(frozen=True, slots=True)
class InspectionProblem:
    """A problem an inspection found at a unit, and the measure taken for it."""

    unit: str
    found: date
    description: str
    measure: str | None = None
    owner: str | None = None
    due: date | None = None
    done: date | None = None

    @property
    def has_measure(self) -> bool:
        return bool(self.measure and self.measure.strip())


@dataclass(frozen=True, slots=True)
class InspectionCampaign:
    """A mass inspection: who went where, what they found, what was done about it."""

    code: str
    name: str
    start: date
    end: date | None = None
    inspectors: int | None = None
    problems: tuple[InspectionProblem, ...] = ()

    @property
    def share_with_measure(self) -> float:
        if not self.problems:
            return 0.0
        return sum(p.has_measure for p in self.problems) / len(self.problems)

    @property
    def share_resolved(self) -> float:
        if not self.problems:
            return 0.0
        return sum(p.done is not None for p in self.problems) / len(self.problems)
