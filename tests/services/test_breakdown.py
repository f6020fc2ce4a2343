"""Breakdowns kept as plans, and what they change in the status."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine

from planworks.domain.periods import Period
from planworks.services.breakdown import Into, breakdown, save_parts
from planworks.services.importing import import_folder
from planworks.services.status import status
from tests.conftest import DATA

JANUARY = Period.parse("1959-01")


@pytest.fixture
def county(engine: Engine) -> Engine:
    import_folder(engine, DATA / "tiny-county")
    return engine


def test_to_units_by_capacity_and_by_plan(county: Engine) -> None:
    plan, parts = breakdown(county, "T", "iron", JANUARY, into=Into.UNITS)
    # F1 2 t x 31 days, F2 3 t x 31 days, F3 10 t x 15 days (open 5-19 January)
    assert {p.scope: p.target for p in parts} == pytest.approx(
        {"F1": 60.984, "F2": 91.475, "F3": 147.541}
    )
    assert sum(p.target for p in parts) == pytest.approx(plan.target)
    _, planned = breakdown(county, "T", "iron", JANUARY, into=Into.UNITS, by_plan=True)
    assert sum(p.target for p in planned) == pytest.approx(300.0)


def test_saved_units_become_plans_measured_like_any(county: Engine) -> None:
    plan, parts = breakdown(county, "T", "iron", JANUARY, into=Into.UNITS)
    assert save_parts(county, plan, parts, "iron").inserted == 3
    assert save_parts(county, plan, parts, "iron").inserted == 0  # the same again: no change
    (f2,) = status(county, scope="F2", product="iron", period=JANUARY)
    assert f2.target == pytest.approx(91.475)
    assert f2.cumulative == pytest.approx(93.0)
    assert f2.plan == "January plan (breakdown)"


def test_a_breakdown_by_ten_days_shapes_expected_to_date(county: Engine) -> None:
    plan, parts = breakdown(county, "T", "iron", JANUARY, into=Into.DEKADS)
    save_parts(county, plan, parts, "iron")
    rows = {
        r.period.label(): r
        for r in status(county, scope="T", product="iron", as_of=date(1959, 1, 15))
    }
    january = rows["1959-01"]
    # 10 days of the first part, 5 of the second's 10
    assert january.expected_to_date == pytest.approx(96.774 + 96.774 / 2)
    assert rows["1959-01-D1"].target == pytest.approx(96.774)
