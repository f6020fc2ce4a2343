"""The aggregates agree with the raw reports, whatever the batches and corrections."""

from __future__ import annotations

import shutil
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection, Engine, select, text

from planworks.domain.periods import day_number
from planworks.metrics.rollup import rollup
from planworks.services.importing import import_folder
from planworks.store.catalog import load_catalog
from planworks.store.reports import BATCH_SCHEMA, write_reports
from planworks.store.series import PendingAggregates, read_grades, read_totals
from planworks.store.tables import unit_months
from tests.conftest import DATA

FIRST = date(1958, 12, 20)  # the reports cross a year boundary
DAYS = 25


@pytest.fixture
def catalog_engine(engine: Engine, tmp_path: Path) -> Engine:
    folder = tmp_path / "catalog"
    folder.mkdir()
    for name in ("regions.csv", "products.csv", "units.csv"):
        shutil.copy(DATA / "tiny-county" / name, folder / name)
    import_folder(engine, folder)
    return engine


report = st.tuples(
    st.sampled_from(["F1", "F2", "F3", "W1"]),
    st.integers(0, DAYS - 1),
    st.integers(0, 50),  # quantity in whole tonnes (exact sums)
    st.sampled_from([None, 1.0, 2.0, 3.0]),
    st.sampled_from([None, 0, 7, 40]),  # value given (whole yuan), or none
)
batches = st.lists(st.lists(report, min_size=1, max_size=12), min_size=1, max_size=4)
corrections = st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 50)), max_size=6)


def _frame(rows: list[dict[str, object]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=dict(BATCH_SCHEMA))


@pytest.fixture(params=[PendingAggregates.small_at, 0, 5], ids=["python", "polars", "mixed"])
def summing(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Small batches are summed in Python, big ones with Polars: every batch one way or
    the other, or each by its size (up to 5 rows in Python)."""
    monkeypatch.setattr(PendingAggregates, "small_at", request.param)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(batches=batches, fixes=corrections)
def test_aggregates_match_the_live_reports(
    catalog_engine: Engine,
    summing: None,
    batches: list[list[tuple[str, int, int, float | None, int | None]]],
    fixes,
) -> None:
    with catalog_engine.connect() as conn:
        trans = conn.begin()
        try:
            _check(conn, batches, fixes)
        finally:
            trans.rollback()


def _check(conn: Connection, batches, fixes) -> None:
    catalog = load_catalog(conn)
    unit = {r["code"]: r for r in catalog.units.iter_rows(named=True)}
    iron = catalog.products.filter(pl.col("code") == "iron")["id"][0]
    bolts = catalog.products.filter(pl.col("code") == "bolts")["id"][0]
    import_id = conn.execute(
        text("INSERT INTO imports (at, source) VALUES (CURRENT_TIMESTAMP, 'test') RETURNING id")
    ).scalar_one()
    live: dict[str, dict[str, object]] = {}  # report_id -> report, as the naive model
    row = 2
    for b, batch in enumerate(batches):
        rows = []
        for code, offset, quantity, grade, value in batch:
            u = unit[code]
            product = bolts if code == "W1" else iron
            rid = f"r{row}"
            rows.append(
                {
                    "row": row,
                    "unit_id": u["id"],
                    "region_id": u["region_id"],
                    "product_id": product,
                    "day": day_number(FIRST) + offset,
                    "seq": None,
                    "quantity": float(quantity),
                    "grade": None if code == "W1" else grade,
                    "value": None if value is None else float(value),
                    "report_id": rid,
                    "supersedes": None,
                    "reason": None,
                    "extra": None,
                }
            )
            row += 1
        # corrections of the current versions (a correction may itself be corrected)
        current = dict(live) | {str(r["report_id"]): r for r in rows}
        for pick, quantity in fixes if b == len(batches) - 1 else []:
            target_id = sorted(current)[pick % len(current)]
            fix = {
                **current.pop(target_id),
                "row": row,
                "report_id": f"fix{row}",
                "supersedes": target_id,
                "reason": "recount",
                "quantity": float(quantity),
            }
            rows.append(fix)
            current[f"fix{row}"] = fix
            row += 1
        write_reports(conn, _frame(rows), import_id=import_id, source="test")
        for r in rows:
            live[str(r["report_id"])] = r
            if r["supersedes"] is not None:
                live.pop(str(r["supersedes"]), None)
    _compare(conn, catalog, live, iron)


def _compare(conn: Connection, catalog, live: dict[str, dict[str, object]], iron: int) -> None:
    tree = catalog.region_tree()
    index = tree.index()
    first, last = day_number(FIRST), day_number(FIRST) + DAYS - 1
    expected_own = np.zeros((len(tree), DAYS))
    expected_value = np.zeros((len(tree), DAYS))  # value given
    expected_valued = np.zeros((len(tree), DAYS))  # quantity that value covers
    by_grade: dict[float, float] = defaultdict(float)
    per_unit_month: dict[tuple[int, int], float] = defaultdict(float)
    reports_per_unit_month: dict[tuple[int, int], int] = defaultdict(int)
    for r in live.values():
        if r["product_id"] != iron:
            continue
        at = index[r["region_id"]], int(r["day"]) - first
        expected_own[at] += float(r["quantity"])
        if r["value"] is not None:
            expected_value[at] += float(r["value"])
            expected_valued[at] += float(r["quantity"])
        if r["grade"] is not None:
            by_grade[float(r["grade"])] += float(r["quantity"])
        month = (FIRST + timedelta(days=int(r["day"]) - first)).month
        per_unit_month[(int(r["unit_id"]), month)] += float(r["quantity"])
        reports_per_unit_month[(int(r["unit_id"]), month)] += 1
    stored = read_totals(conn, iron, first, last)
    own, value, valued = (np.zeros((len(tree), DAYS)) for _ in range(3))
    for i, region_id in enumerate(stored.region_ids):
        own[index[region_id]] = stored.quantity[i]
        value[index[region_id]] = stored.value[i]
        valued[index[region_id]] = stored.valued[i]
    assert own == pytest.approx(expected_own)
    assert value == pytest.approx(expected_value)
    assert valued == pytest.approx(expected_valued)
    # the subtree totals (a region = itself + its children) equal the raw sums below it
    totals = rollup(tree, own)
    for i, region_id in enumerate(tree.order):
        below = set(tree.subtree(region_id))
        raw = sum(
            float(r["quantity"])
            for r in live.values()
            if r["product_id"] == iron and r["region_id"] in below
        )
        assert totals[i].sum() == pytest.approx(raw)
    grades = read_grades(conn, iron, first, last, list(tree.order))
    assert {g: v.sum() for g, v in grades.items() if v.sum()} == pytest.approx(
        {g: v for g, v in by_grade.items() if v}
    )
    months = conn.execute(
        select(
            unit_months.c.unit_id,
            unit_months.c.month,
            unit_months.c.quantity,
            unit_months.c.reports,
        ).where(unit_months.c.product_id == iron)
    ).all()
    stored_months = {(u, m % 12 + 1): q for u, m, q, _ in months if q}
    assert stored_months == pytest.approx({k: v for k, v in per_unit_month.items() if v})
    counted = {(u, m % 12 + 1): n for u, m, _, n in months if n}
    assert counted == dict(reports_per_unit_month)
