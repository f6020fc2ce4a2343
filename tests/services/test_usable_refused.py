"""Output refused downstream is not usable, wherever usable output is shown.

The tiny county (tests/data/tiny-county): F3 (T-B) makes 10 t of iron a day from 5
January, ungraded; F1 (T-A) 2 t a day at grade 2 and F2 (T-B-1) 3 t a day of which 1 t
at grade 3 and 2 t at grade 1 (pig iron's minimum usable grade is 2). F2 receives F1's
iron and refuses part of it as unfit for use. Each figure is computed before and after
the refusal is stored: the refused tonnes leave usable output and nothing else.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Connection, Engine, select

from planworks.domain.claims import Measure, Query
from planworks.domain.periods import Period, day_number
from planworks.services.audit import audit
from planworks.services.claims import answer
from planworks.services.importing import import_folder
from planworks.services.rankings import RankBy, rank
from planworks.services.series import scope_series
from planworks.services.status import status, status_of_regions
from planworks.store.engine import writing
from planworks.store.tables import products, shipments, units
from tests.conftest import DATA

JANUARY = Period.parse("1959-01")
AS_OF = date(1959, 1, 20)
REFUSED = 3.0  # of 8 t F1 shipped on 6-9 January, F2 refused 3 t on 10 January


def _figures(engine: Engine) -> dict[str, float | None]:
    """Every place usable output is shown, for the province T and the unit F1."""
    (province,) = [
        r
        for r in status(engine, scope="T", product="iron", period=JANUARY, as_of=AS_OF)
        if r.target is not None
    ]
    regions = {r.scope: r for r in status_of_regions(engine, "iron", JANUARY, AS_OF)}
    units_ranked = {
        r.code: r
        for r in rank(engine, "T", "iron", JANUARY, by=RankBy.USABLE, level="units", as_of=AS_OF)
    }
    regions_ranked = {
        r.code: r for r in rank(engine, "T", "iron", JANUARY, by=RankBy.USABLE, as_of=AS_OF)
    }
    series = scope_series(engine, "T-A", "iron", JANUARY, as_of=AS_OF)
    with engine.connect() as conn:
        share = answer(conn, Query(Measure.USABLE_PCT, "T-A", "iron", JANUARY.start, AS_OF), AS_OF)
    (iron,) = [
        p for p in audit(engine, "T-A", start=date(1959, 1, 1), end=AS_OF).products
        if p.product == "iron"
    ]  # fmt: skip
    assert series.grades is not None
    assert isinstance(share, float)
    return {
        "status T": province.usable,
        "regions T": regions["T"].usable,
        "regions T-A": regions["T-A"].usable,
        "regions T-B": regions["T-B"].usable,
        "rank F1": units_ranked["F1"].usable,
        "rank by usable F1": units_ranked["F1"].value,
        "rank T-A": regions_ranked["T-A"].value,
        "series T-A": series.grades.usable,
        "claim T-A %": share * (series.grades.graded + series.grades.ungraded) / 100,
        "audit T-A": iron.usable,
        "reported T": province.cumulative,
    }


def _iron(conn: Connection) -> int:
    return int(conn.execute(select(products.c.id).where(products.c.code == "iron")).scalar_one())


def test_refused_output_leaves_usable_output_everywhere(engine: Engine) -> None:
    import_folder(engine, DATA / "tiny-county")
    before = _figures(engine)
    with writing(engine) as conn:
        ids = dict(conn.execute(select(units.c.code, units.c.id)).all())
        iron = _iron(conn)
        rows = [
            {"source_id": ids["F1"], "target_id": ids["F2"], "product_id": iron,
             "day": day_number(date(1959, 1, d)), "side": side, "quantity": 2.0,
             "rejected": None}
            for d in (6, 7, 8, 9)
            for side in ("sent", "received")
        ]  # fmt: skip
        rows[-1]["day"] = day_number(date(1959, 1, 10))  # the last lot arrives a day late
        rows[-1]["rejected"] = REFUSED
        conn.execute(shipments.insert(), rows)
    after = _figures(engine)
    assert after["reported T"] == before["reported T"]  # reported output is as it was
    for key in before:
        if key in ("reported T", "regions T-B"):
            continue
        assert before[key] is not None
        assert after[key] == pytest.approx(before[key] - REFUSED), key
    assert after["regions T-B"] == before["regions T-B"]  # F2 refused F1's: T-A loses it


def test_a_refusal_after_the_as_of_day_does_not_count_yet(engine: Engine) -> None:
    import_folder(engine, DATA / "tiny-county")
    before = _figures(engine)
    with writing(engine) as conn:
        ids = dict(conn.execute(select(units.c.code, units.c.id)).all())
        conn.execute(
            shipments.insert(),
            [
                {"source_id": ids["F1"], "target_id": ids["F2"], "product_id": _iron(conn),
                 "day": day_number(AS_OF) + 1, "side": "received", "quantity": 2.0,
                 "rejected": 2.0},
            ],
        )  # fmt: skip
    assert _figures(engine) == before
