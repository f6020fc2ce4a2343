"""A hand-written county with value plans, a merge, trials, by-products, an inspection."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine

from planworks.domain.claims import Measure, Query
from planworks.domain.periods import Period
from planworks.services.claims import answer
from planworks.services.importing import import_folder
from planworks.services.status import status
from tests.conftest import DATA

JANUARY = Period.parse("1960-01")
FOLDER = DATA / "westbank"


@pytest.fixture
def county(engine: Engine) -> Engine:
    summary = import_folder(engine, FOLDER)
    assert (summary.trials.inserted, summary.campaigns.inserted) == (8, 1)
    assert (summary.inspections.inserted, summary.workforce.inserted) == (8, 3)
    return engine


def test_value_plans(county: Engine) -> None:
    rows = {r.scope: r for r in status(county, product="value")}
    assert rows["W"].cumulative == pytest.approx(65_610)
    assert rows["W"].fulfilment_pct == pytest.approx(82.0125)
    assert rows["W"].growth_prev_pct == pytest.approx((65_610 / 44_950 - 1) * 100)
    assert rows["W-2"].completion_date == date(1960, 1, 23)
    assert rows["W-2"].days_ahead == 8
    assert rows["W-2"].overfulfilment_pct == pytest.approx(32.0)


def _answer(
    engine: Engine,
    measure: Measure,
    scope: str = "W",
    *,
    start: date = JANUARY.start,
    end: date = JANUARY.end,
    **extra: object,
) -> object:
    query = Query(measure, scope, "*", start, end, **extra)  # type: ignore[arg-type]
    with engine.connect() as conn:
        return answer(conn, query, date(1960, 1, 31))


@pytest.mark.parametrize(
    ("measure", "scope", "extra", "expected"),
    [
        (Measure.UNITS_OPENED, "W", {}, 1),
        (Measure.UNITS_OPEN, "W", {}, 3),
        (Measure.UNITS_OPEN, "W", {"end": date(1960, 1, 15)}, 4),
        (Measure.NEW_PRODUCTS, "W", {}, 3),
        (Measure.NEW_PRODUCTS, "W", {"end": date(1960, 1, 10)}, 1),
        (Measure.PROBLEMS_FOUND, "W", {"campaign": "W-1960-01"}, 8),
        (Measure.PROBLEMS_FOUND, "M1", {}, 3),
        (Measure.PROBLEMS_WITH_MEASURE_PCT, "W", {"campaign": "W-1960-01"}, 87.5),
        (Measure.INSPECTORS, "W", {"campaign": "W-1960-01"}, 12),
        (Measure.BYPRODUCT_RATIO, "M1", {}, 7_540 / 49_600),
        (Measure.BYPRODUCT_RATIO, "W-1", {}, 7_540 / (49_600 + 550)),  # with T3's tools
        (Measure.BYPRODUCTS, "M1", {}, 3),
        (Measure.WASTE_USE_PCT, "M1", {}, 100 * 26 / 31),  # offal: glue took 26 t of 31 t
        (Measure.WASTE_USE_PCT, "T1", {}, None),  # tools leave no waste
        (Measure.WORKERS_CHANGE, "T1", {}, -5),
        (
            Measure.OUTPUT_PER_WORKER_GROWTH_PCT,
            "T1",
            {"start": date(1960, 1, 16)},
            (640 / 560) / (630 / 640) * 100 - 100,
        ),
    ],
)
def test_what_units_did(
    county: Engine, measure: Measure, scope: str, extra: dict[str, object], expected: float
) -> None:
    assert _answer(county, measure, scope, **extra) == pytest.approx(expected)


def test_reimport_changes_nothing_and_updates_a_problem(county: Engine, tmp_path) -> None:
    again = import_folder(county, FOLDER)
    assert not again.changed_anything
    import shutil

    folder = tmp_path / "w"
    shutil.copytree(FOLDER, folder)
    text = (folder / "inspections.csv").read_text(encoding="utf-8")
    (folder / "inspections.csv").write_text(
        text.replace(
            "forge burns too much coal,,,,", "forge burns too much coal,reline,Li,,1960-01-20"
        ),
        encoding="utf-8",
    )
    summary = import_folder(county, folder)
    assert summary.inspections.updated == 1
    assert _answer(county, Measure.PROBLEMS_WITH_MEASURE_PCT, campaign="W-1960-01") == 100.0


def test_a_units_history_follows_it_through_a_merge(county: Engine) -> None:
    (alone,) = status(county, scope="T1", product="tools", period=JANUARY)
    (merged,) = status(county, scope="T1", product="tools", period=JANUARY, with_merged=True)
    assert alone.cumulative == pytest.approx(1_240)
    assert merged.cumulative == pytest.approx(1_240 + 300)  # T2's half month before it merged
    assert merged.growth_prev_pct == pytest.approx((1_540 / (930 + 620) - 1) * 100)
