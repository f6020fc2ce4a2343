"""The domain: entities, value objects, periods, the region tree, claims and errors.

Standard library only; everything else in planworks depends on it, it on nothing.
"""

from planworks.domain.claims import Claim, Expect, Measure, Query
from planworks.domain.errors import (
    InputError,
    InputProblem,
    NotFoundError,
    PlanworksError,
    StoreError,
)
from planworks.domain.model import (
    CODE_FORBIDDEN,
    VALUE,
    InspectionCampaign,
    InspectionProblem,
    Link,
    Plan,
    Product,
    RecipeLine,
    RecipeRole,
    Region,
    Report,
    Trial,
    TrialStage,
    Unit,
    UnitKind,
    UnitStatus,
    is_usable_grade,
    parse_grades,
)
from planworks.domain.periods import Period, PeriodKind, day_number, from_day_number, parse_date
from planworks.domain.tree import RegionTree, find_cycle

__all__ = [
    "CODE_FORBIDDEN",
    "VALUE",
    "Claim",
    "Expect",
    "InputError",
    "InputProblem",
    "InspectionCampaign",
    "InspectionProblem",
    "Link",
    "Measure",
    "NotFoundError",
    "Period",
    "PeriodKind",
    "Plan",
    "PlanworksError",
    "Product",
    "Query",
    "RecipeLine",
    "RecipeRole",
    "Region",
    "RegionTree",
    "Report",
    "StoreError",
    "Trial",
    "TrialStage",
    "Unit",
    "UnitKind",
    "UnitStatus",
    "day_number",
    "find_cycle",
    "from_day_number",
    "is_usable_grade",
    "parse_date",
    "parse_grades",
]
