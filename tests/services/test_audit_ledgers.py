"""The audit's hard checks of inputs, stocks, shipments and regions' totals, on stored rows.

The tiny county (tests/data/tiny-county): F1 makes 2 t of iron a day in T-A, F2 3 t in
T-B-1, F3 10 t in T-B from 5 January. Beside their reports, each case stores what a unit
used, its stock account, its shipments, or what a county reported itself, once in a way
that cannot be true and once in a near way that can.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select

from planworks.audit.ledgers import TRANSIT_DAYS
from planworks.audit.panel import Check, Severity
from planworks.domain.periods import day_number
from planworks.services.audit import audit, resolve
from planworks.services.importing import import_folder
from planworks.store.engine import writing
from planworks.store.tables import (
    products,
    recipes,
    region_reports,
    regions,
    shipments,
    unit_balances,
    unit_inputs,
    units,
)

TINY = Path(__file__).parents[1] / "data" / "tiny-county"


def jan(day: int) -> int:
    return day_number(date(1959, 1, day))


@pytest.fixture
def county(engine: Engine) -> dict[str, int]:
    """The tiny county with coal, and the ids of its units, regions and products."""
    import_folder(engine, TINY)
    with writing(engine) as conn:
        conn.execute(products.insert().values(code="coal", name="Coal", uom="t"))
        ids = dict(conn.execute(select(units.c.code, units.c.id)).all())
        ids |= dict(conn.execute(select(regions.c.code, regions.c.id)).all())
        ids |= dict(conn.execute(select(products.c.code, products.c.id)).all())
        # 4 t of coal a tonne of iron in indigenous furnaces (range 2 to 8 by default)
        conn.execute(
            recipes.insert().values(
                product_id=ids["iron"], kind="indigenous", item_id=ids["coal"], per_unit=4.0,
                role="input",
            )
        )  # fmt: skip
    return ids


def _store(engine: Engine, table: Any, rows: list[dict[str, Any]]) -> None:
    with writing(engine) as conn:
        conn.execute(table.insert(), rows)


def _found(engine: Engine, scope: str, check: Check) -> dict[tuple[str, int], Severity]:
    result = audit(engine, scope, start=date(1959, 1, 6), end=date(1959, 1, 31))
    return {
        (f.finding.unit, f.finding.day.day): f.finding.severity
        for f in result.findings
        if f.finding.check is check
    }


def test_output_the_coal_burnt_cannot_make_is_found(engine: Engine, county: dict[str, int]) -> None:
    coal = [(8.0, 12.0)] * 7  # honest: 4 t a tonne, F1 2 t and F2 3 t a day, 6-12 January
    coal[2] = (1.5, 7.0)  # 8 Jan: F1 coal for 0.4 t (crisis); F2 2.3 t a tonne (in range)
    coal[4] = (3.5, 25.0)  # 10 Jan: F1 1.75 t a tonne (alert); F2 8.3 t a tonne (alert)
    _store(
        engine,
        unit_inputs,
        [
            {"unit_id": county[u], "product_id": county["iron"], "day": jan(6 + i),
             "input_id": county["coal"], "quantity": q}
            for i, pair in enumerate(coal)
            for u, q in zip(("F1", "F2"), pair, strict=True)
        ],
    )  # fmt: skip
    assert _found(engine, "T", Check.INPUTS) == {
        ("F1", 8): Severity.CRISIS,
        ("F1", 10): Severity.ALERT,
        ("F2", 10): Severity.ALERT,
    }


def test_a_day_that_lists_no_coal_burnt_none(engine: Engine, county: dict[str, int]) -> None:
    # F1 lists only ore on 7 January: the coal of its recipe it did not use.
    _store(
        engine,
        products,
        [{"code": "ore", "name": "Iron ore", "uom": "t"}],
    )
    with writing(engine) as conn:
        ore = conn.execute(select(products.c.id).where(products.c.code == "ore")).scalar_one()
    _store(
        engine,
        unit_inputs,
        [
            {"unit_id": county["F1"], "product_id": county["iron"], "day": jan(6),
             "input_id": county["coal"], "quantity": 8.0},
            {"unit_id": county["F1"], "product_id": county["iron"], "day": jan(7),
             "input_id": ore, "quantity": 4.0},
        ],
    )  # fmt: skip
    assert _found(engine, "T", Check.INPUTS) == {("F1", 7): Severity.CRISIS}


def test_output_that_is_not_in_stock_nor_shipped_is_found(
    engine: Engine, county: dict[str, int]
) -> None:
    # F3 makes 10 t a day and ships it all: stock 5 t at each day's start and end
    days = {6: 10.0, 7: 9.95, 8: 4.0, 9: 10.0, 10: 10.0}  # shipped each day
    closing = {6: 5.0, 7: 5.0, 8: 5.0, 9: 5.0, 10: 15.0}
    opening = {6: 5.0, 7: 5.0, 8: 5.0, 9: 5.0, 10: 5.0}
    _store(
        engine,
        unit_balances,
        [
            {"unit_id": county["F3"], "product_id": county["iron"], "day": jan(d),
             "opening": opening[d], "received": 0.0, "shipped": days[d], "used": 0.0,
             "closing": closing[d]}
            for d in days
        ],
    )  # fmt: skip
    # 7 Jan: 0.05 t off, within rounding; 8 Jan: 6 t of the 10 made are nowhere (crisis);
    # 10 Jan: 10 t more in stock than the account explains (alert)
    assert _found(engine, "T", Check.BALANCE) == {
        ("F3", 8): Severity.CRISIS,
        ("F3", 10): Severity.ALERT,
    }


def test_goods_shipped_but_never_received_are_found(engine: Engine, county: dict[str, int]) -> None:
    rows = []
    for d in range(6, 13):
        rows.append((d, "sent", 10.0))
        if d == 9:
            continue  # 9 January's 10 t never arrive
        rows.append((d + 1, "received", 9.9 if d == 11 else 10.0))  # 1% short: no finding
    _store(
        engine,
        shipments,
        [
            {"source_id": county["F3"], "target_id": county["F2"], "product_id": county["iron"],
             "day": jan(d), "side": side, "quantity": q}
            for d, side, q in rows
        ],
    )  # fmt: skip
    # Shipments carry no waybill: what arrives on a route pays off the oldest shipment
    # first, and the later shipments' arrivals cover the missing one until the last of
    # them is due (12 January's, due on the 19th), when the total falls 10 t short.
    assert _found(engine, "T", Check.SHIPPED) == {("F3", 12 + TRANSIT_DAYS): Severity.ALERT}


def test_shipments_to_a_unit_that_reports_no_receipts_are_not_judged(
    engine: Engine, county: dict[str, int]
) -> None:
    _store(
        engine,
        shipments,
        [
            {"source_id": county["F3"], "target_id": county["F1"], "product_id": county["iron"],
             "day": jan(d), "side": "sent", "quantity": 10.0}
            for d in range(6, 13)
        ],
    )  # fmt: skip
    assert _found(engine, "T", Check.SHIPPED) == {}


def test_a_county_total_unlike_its_units_sum_is_found_and_held_above_it(
    engine: Engine, county: dict[str, int]
) -> None:
    # T-B's units (F2 3 t, F3 10 t) make 13 t a day, 6-12 January
    claims = {6: 13.0, 7: 13.7, 8: 40.0, 9: 14.0, 10: 12.0}
    _store(
        engine,
        region_reports,
        [
            {"region_id": county["T-B"], "product_id": county["iron"], "day": jan(d),
             "quantity": q}
            for d, q in claims.items()
        ],
    )  # fmt: skip
    assert _found(engine, "T", Check.REGION_TOTAL) == {
        ("T-B", 8): Severity.CRISIS,
        ("T-B", 9): Severity.ALERT,
        ("T-B", 10): Severity.ALERT,
    }
    as_of = date(1959, 1, 9)
    result = audit(engine, "T", start=date(1959, 1, 8), end=as_of)
    (claim,) = [
        f
        for f in result.findings
        if f.finding.check is Check.REGION_TOTAL and f.finding.day.day == 8
    ]
    assert claim.region == "T"  # the statisticians of the province above the county
    assert claim.held_by == "T"
    assert claim.finding.quantity == 40.0
    # a verdict on the county's total is recorded against the region
    resolve(engine, "T-B", "iron", date(1959, 1, 8), "region_total", verdict="confirmed",
            by="stat", note="the county added a furnace's week", on=as_of)  # fmt: skip
    after = audit(engine, "T", start=date(1959, 1, 8), end=as_of)
    (judged,) = [
        f
        for f in after.findings
        if f.finding.check is Check.REGION_TOTAL and f.finding.day.day == 8
    ]
    assert judged.resolution is not None
    assert judged.resolution.verdict.value == "confirmed"
    # the county's own audit lists it too, on the desk of the province above it
    (seen,) = [
        f
        for f in audit(engine, "T-B", start=date(1959, 1, 8), end=date(1959, 1, 8)).findings
        if f.finding.check is Check.REGION_TOTAL
    ]
    assert seen.held_by == "T"


def test_a_folder_with_every_ledger_file_is_audited_from_its_rows(
    engine: Engine, tmp_path: Path
) -> None:
    """The files as a user writes them, imported and audited: each check finds its case."""
    folder = tmp_path / "tiny-ledgers"
    shutil.copytree(TINY, folder)
    with (folder / "products.csv").open("a", encoding="utf-8") as f:
        f.write("coal,Coal,煤,t,10,,\n")
    (folder / "recipes.csv").write_text(
        "product,kind,input,per_unit,role,low,high\niron,indigenous,coal,4,input,3,6\n",
        encoding="utf-8",
    )
    (folder / "inputs.csv").write_text(
        "unit,date,product,input,quantity\n"
        "F1,1959-01-06,iron,coal,8\n"  # 4 t a tonne
        "F1,1959-01-07,iron,coal,2\n",  # 1 t a tonne: below half the low end
        encoding="utf-8",
    )
    (folder / "balances.csv").write_text(
        "unit,date,product,opening,closing,shipped\n"
        "F3,1959-01-06,iron,5,5,10\n"
        "F3,1959-01-07,iron,5,5,3\n",  # 7 t of the 10 made are nowhere
        encoding="utf-8",
    )
    (folder / "shipments.csv").write_text(
        "source,target,product,date,quantity,side\n"
        "F3,F2,iron,1959-01-06,10,sent\n"
        "F3,F2,iron,1959-01-07,10,received\n"
        "F3,F2,iron,1959-01-08,10,sent\n",  # never received
        encoding="utf-8",
    )
    (folder / "region_reports.csv").write_text(
        "region,date,product,quantity\nT-B,1959-01-06,iron,13\nT-B,1959-01-07,iron,30\n",
        encoding="utf-8",
    )
    import_folder(engine, folder)
    result = audit(engine, "T", start=date(1959, 1, 6), end=date(1959, 1, 20))
    found = {
        (f.finding.check, f.finding.unit, f.finding.day.day, f.finding.severity)
        for f in result.findings
        if f.finding.check in (Check.INPUTS, Check.BALANCE, Check.SHIPPED, Check.REGION_TOTAL)
    }
    assert found == {
        (Check.INPUTS, "F1", 7, Severity.CRISIS),
        (Check.BALANCE, "F3", 7, Severity.CRISIS),
        (Check.SHIPPED, "F3", 8 + TRANSIT_DAYS, Severity.CRISIS),
        (Check.REGION_TOTAL, "T-B", 7, Severity.CRISIS),
    }
