"""A hand-written scenario folder, imported as a new user would: every figure checked."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine, func, select

from planworks.domain.claims import Measure, Query
from planworks.domain.periods import Period
from planworks.services.claims import answer
from planworks.services.importing import import_folder
from planworks.services.status import scope_status, status
from planworks.store.tables import reports, units
from tests.conftest import DATA

JANUARY = Period.month(1959, 1)
FOLDER = DATA / "tiny-county"


@pytest.fixture
def county(engine: Engine) -> Engine:
    import_folder(engine, FOLDER)
    return engine


def _row(engine: Engine, scope: str, product: str, period: Period = JANUARY):
    (row,) = status(engine, scope=scope, product=product, period=period)
    return row


def test_province_iron_plan(county: Engine) -> None:
    row = _row(county, "T", "iron")
    assert row.target == 300
    assert row.cumulative == pytest.approx(307)
    assert row.fulfilment_pct == pytest.approx(307 / 3)
    assert row.completion_date == date(1959, 1, 30)
    assert row.days_ahead == 1
    assert row.overfulfilment_pct == pytest.approx(7 / 3)
    assert row.as_of == date(1959, 1, 31)  # the last day reported
    assert row.plan == "January plan"
    assert row.growth_prev_pct is None  # no iron in December


def test_county_and_unit_plans(county: Engine) -> None:
    county_row = _row(county, "T-A", "iron")
    assert county_row.cumulative == pytest.approx(64)
    assert county_row.completion_date == date(1959, 1, 19)
    assert county_row.days_ahead == 12
    unit_row = _row(county, "F2", "iron", Period(date(1959, 1, 1), date(1959, 1, 10)))
    assert unit_row.cumulative == pytest.approx(30)
    assert unit_row.completion_date == date(1959, 1, 7)
    assert unit_row.days_ahead == 3
    assert unit_row.fulfilment_pct == pytest.approx(150)


def test_output_value_plan_and_growth(county: Engine) -> None:
    row = _row(county, "T", "value")
    assert row.cumulative == pytest.approx(47_950)
    assert row.fulfilment_pct == pytest.approx(95.9)
    assert row.completion_date is None
    assert row.days_ahead is None
    assert row.growth_prev_pct == pytest.approx((47_950 / 1_550 - 1) * 100)


def test_expected_to_date_mid_period(county: Engine) -> None:
    with county.connect() as conn:
        row = scope_status(conn, "T", "iron", JANUARY, as_of=date(1959, 1, 10))
    # 5 t on each of 1-4 January, then 15 t a day: 20 + 6 x 15 = 110 by the 10th
    assert row.cumulative == pytest.approx(110)
    assert row.expected_to_date == pytest.approx(300 * 10 / 31)
    assert row.ahead_days == pytest.approx((110 - 300 * 10 / 31) / (300 / 31))
    assert row.overfulfilment_pct is None  # the period is not over


def test_actuals_without_a_plan(county: Engine) -> None:
    row = _row(county, "T-B", "iron")
    assert row.target is None
    assert row.fulfilment_pct is None
    assert row.cumulative == pytest.approx(93 + 150)


@pytest.mark.parametrize(
    ("measure", "extra", "expected"),
    [
        (Measure.MEAN_GRADE, {}, 283 / 157),
        (Measure.GRADE_SHARE_PCT, {"grade": 1}, 62 / 157 * 100),
        (Measure.GRADE_SHARE_PCT, {"grade": 3}, 31 / 157 * 100),
        (Measure.UNITS_PRODUCING, {}, 3),
        (Measure.DAILY_MAX, {}, 17),
        (Measure.FIRST_DAY_OVER, {"threshold": 16}, date(1959, 1, 15)),
    ],
)
def test_quality_and_records(county: Engine, measure: Measure, extra: dict, expected) -> None:
    query = Query(measure, "T", "iron", JANUARY.start, JANUARY.end, **extra)
    with county.connect() as conn:
        value = answer(conn, query, date(1959, 1, 31))
    assert value == (pytest.approx(expected) if isinstance(expected, float | int) else expected)


def test_correction_counts_once_and_is_kept(county: Engine) -> None:
    with county.connect() as conn:
        stored = conn.execute(select(func.count()).select_from(reports)).scalar_one()
        extra = conn.execute(select(units.c.extra).where(units.c.code == "F1")).scalar_one()
    assert stored == 171  # every row, the superseded one included
    assert extra == {"manager": "Wang"}


def test_reimport_changes_nothing(county: Engine) -> None:
    again = import_folder(county, FOLDER)
    assert not again.changed_anything
    assert again.reports_unchanged == 171
    assert _row(county, "T", "iron").cumulative == pytest.approx(307)


def test_grouped_status_agrees_with_single_scope_status(county: Engine) -> None:
    rows = status(county)
    with county.connect() as conn:
        for row in rows:
            single = scope_status(conn, row.scope, row.product, row.period)
            assert single == row


def test_every_region_at_once(county: Engine) -> None:
    from planworks.services.status import status_of_regions

    rows = {r.scope: r for r in status_of_regions(county, "iron", JANUARY)}
    assert set(rows) == {"T", "T-A", "T-B", "T-B-1"}
    assert rows["T"].cumulative == pytest.approx(307)
    assert rows["T-B"].cumulative == pytest.approx(243)  # itself (F3) and T-B-1 (F2)
    assert rows["T-B-1"].cumulative == pytest.approx(93)
    assert rows["T"].days_ahead == 1  # measured against its plan
    assert rows["T-B"].target is None
