"""Each report check's test of one report agrees with its column form.

A few reports are stored without a frame when no check's `holds` is True for any of
them (`may_fail`). That is sound only if `holds` is True wherever the frame's `mask`
is; it is worth having only if it is not True much more often.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planworks.ingest.files import Problems
from planworks.ingest.reports import (
    ReportLookups,
    _report_checks,
    check_typed_reports,
    join_report,
    may_fail,
)
from planworks.services.reporting import _SENT_SCHEMA
from planworks.store.catalog import Catalog

OPENED, CLOSED = 100, 200  # epoch days of unit U2

CATALOG = Catalog(
    regions=pl.DataFrame(),
    products=pl.DataFrame(
        {"code": ["iron", "bolts", "coal"], "id": [1, 2, 3], "grades": ["1|2|3", None, "0|1.5"]},
        schema={"code": pl.String, "id": pl.Int32, "grades": pl.String},
    ),
    units=pl.DataFrame(
        {
            "code": ["U1", "U2", "U3"],
            "id": [10, 20, 30],
            "region_id": [1, 2, None],
            "opened": [None, OPENED, OPENED],
            "closed": [None, CLOSED, None],
        },
        schema={
            "code": pl.String,
            "id": pl.Int32,
            "region_id": pl.Int32,
            "opened": pl.Int32,
            "closed": pl.Int32,
        },
    ),
)
LOOKUPS = ReportLookups.of(CATALOG)
#: The same, with a product whose grades cannot be known (a folder's broken grades).
UNKNOWN_GRADES = replace(
    LOOKUPS,
    products=LOOKUPS.products.with_columns(
        pl.when(pl.col("product") == "coal").then(None).otherwise(pl.col("has_grades"))
    ),
)
LOOKUP_KINDS = {
    "stored": LOOKUPS,
    "grades unknown": UNKNOWN_GRADES,
    "units unchecked": replace(LOOKUPS, check_units=False),
    "products unchecked": replace(LOOKUPS, check_products=False),
}
UNIT_FACTS = {
    code: (unit_id, region_id, opened, closed)
    for code, unit_id, region_id, opened, closed in CATALOG.units.iter_rows()
}

amounts = st.one_of(
    st.sampled_from([0.0, -0.0, 1.0, -1.0, 2.5]),
    st.floats(allow_nan=False, allow_infinity=True, width=64),
)
reports = st.fixed_dictionaries(
    {
        "unit": st.sampled_from(["U1", "U2", "U3", "U9", None]),
        "date": st.sampled_from([OPENED - 1, OPENED, CLOSED - 1, CLOSED, CLOSED + 1, 0, -5]),
        "product": st.sampled_from(["iron", "bolts", "coal", "salt", None]),
        "quantity": amounts,
        "grade": st.one_of(st.none(), st.sampled_from([0.0, -0.0, 1.0, 1.5, 2.0, 4.0]), amounts),
        "value": st.one_of(st.none(), amounts),
        "report_id": st.one_of(st.none(), st.sampled_from(["a", "b", "c", "d", "e", "f"])),
        "supersedes": st.one_of(st.none(), st.just("a")),
        "reason": st.one_of(st.none(), st.just("misread")),
        "extra": st.none(),
    }
)


def _frame(sent: list[dict[str, Any]]) -> pl.DataFrame:
    return pl.DataFrame([{"row": i, **r} for i, r in enumerate(sent)], schema=_SENT_SCHEMA)


def _joined(sent: list[dict[str, Any]], lookups: ReportLookups) -> list[dict[str, Any]]:
    return [join_report(r, UNIT_FACTS.get(r["unit"] or ""), lookups) for r in sent]


@pytest.mark.parametrize("kind", sorted(LOOKUP_KINDS))
@settings(max_examples=150, deadline=None)
@given(sent=st.lists(reports, min_size=1, max_size=6))
def test_each_check_holds_for_a_report_exactly_where_its_mask_does(
    kind: str, sent: list[dict[str, Any]]
) -> None:
    lookups = LOOKUP_KINDS[kind]
    frame = check_typed_reports(_frame(sent), lookups, "reports", Problems())
    joined = _joined(sent, lookups)
    for check in _report_checks(lookups.check_units, lookups.check_products):
        masked = frame.select(check.mask.fill_null(False)).to_series().to_list()
        held = [check.holds(r) for r in joined]
        assert held == masked, (check.column, check.message)


@pytest.mark.parametrize("kind", sorted(LOOKUP_KINDS))
@settings(max_examples=150, deadline=None)
@given(sent=st.lists(reports, min_size=1, max_size=6))
def test_reports_that_cannot_fail_have_no_problems(kind: str, sent: list[dict[str, Any]]) -> None:
    lookups = LOOKUP_KINDS[kind]
    problems = Problems()
    check_typed_reports(_frame(sent), lookups, "reports", problems)
    if not may_fail(_joined(sent, lookups), lookups):
        assert not problems.items


def test_a_grade_that_is_not_a_number_goes_to_the_frame() -> None:
    """NaN matches NaN in a frame's join but not in Python: the frame decides."""
    report = {
        "unit": "U1",
        "date": OPENED,
        "product": "iron",
        "quantity": 1.0,
        "grade": math.nan,
        "value": None,
        "report_id": "n",
        "supersedes": None,
        "reason": None,
        "extra": None,
    }
    assert may_fail(_joined([report], LOOKUPS), LOOKUPS)
    assert not may_fail(_joined([{**report, "grade": 2.0}], LOOKUPS), LOOKUPS)


def test_a_report_id_sent_twice_goes_to_the_frame() -> None:
    report = {
        "unit": "U1",
        "date": OPENED,
        "product": "bolts",
        "quantity": 1.0,
        "grade": None,
        "value": None,
        "report_id": "twice",
        "supersedes": None,
        "reason": None,
        "extra": None,
    }
    assert not may_fail(_joined([report], LOOKUPS), LOOKUPS)
    assert may_fail(_joined([report, report], LOOKUPS), LOOKUPS)
