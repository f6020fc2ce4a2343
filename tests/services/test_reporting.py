"""Submissions written together (a group commit): each keeps its own outcome."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine, func, select

from planworks.domain.access import Principal, Role
from planworks.domain.errors import InputError, NotFoundError
from planworks.domain.periods import Period
from planworks.services.importing import import_folder
from planworks.services.reporting import (
    Pending,
    ReportIn,
    ReportWriter,
    record_reports,
    write_together,
)
from planworks.services.status import status
from planworks.store.tables import imports
from tests.conftest import DATA

ADMIN = Principal(1, "admin", Role.ADMIN)
F1 = Principal(2, "f1", Role.REPORTER, units=frozenset({"F1"}))
JAN = Period.of(date(1959, 1, 1), date(1959, 1, 31))


def sent(report_id: str, unit: str = "F1", quantity: float = 1.0, **kw: object) -> ReportIn:
    return ReportIn(report_id, unit, date(1959, 1, 25), "iron", quantity, **kw)  # type: ignore[arg-type]


@pytest.fixture
def county(engine: Engine) -> Engine:
    import_folder(engine, DATA / "tiny-county")
    return engine


def cumulative(engine: Engine, scope: str) -> float:
    return status(engine, scope=scope, product="iron", period=JAN)[0].cumulative


def test_a_group_is_one_write_with_a_receipt_each(county: Engine) -> None:
    before = cumulative(county, "T")
    group = [
        Pending([sent("g-1")], F1, single=True),
        Pending([sent("g-2", "F2", 2.0), sent("g-3", "F2", 3.0)], ADMIN, single=False),
    ]
    write_together(county, group)
    a, b = (p.future.result() for p in group)
    assert (a.new, b.new) == (1, 2)
    assert a.reports[0].receipt != b.reports[0].receipt
    assert {r.receipt for r in b.reports} == {b.reports[0].receipt}
    assert cumulative(county, "T") == before + 6.0


def test_one_bad_submission_fails_alone(county: Engine) -> None:
    group = [
        Pending([sent("h-1")], F1, single=True),
        Pending([sent("h-2", quantity=-1)], ADMIN, single=False),  # bad content
        Pending([sent("h-3", "F2")], F1, single=True),  # out of reach
        Pending([sent("h-4", "F2")], ADMIN, single=True),
    ]
    write_together(county, group)
    assert group[0].future.result().new == 1
    with pytest.raises(InputError) as bad:
        group[1].future.result()
    assert [p.column for p in bad.value.problems] == ["reports[0].quantity"]
    with pytest.raises(NotFoundError) as far:
        group[2].future.result()
    assert far.value.field == "unit"
    assert group[3].future.result().new == 1


def test_a_contradiction_found_in_writing_fails_only_its_sender(county: Engine) -> None:
    record_reports(county, [sent("k-1")], sender=F1)
    group = [
        Pending([sent("k-2")], F1, single=True),
        Pending([sent("k-1", quantity=5.0)], F1, single=True),  # k-1 is stored otherwise
    ]
    write_together(county, group)
    assert group[0].future.result().new == 1
    with pytest.raises(InputError) as clash:
        group[1].future.result()
    assert clash.value.problems[0].column == "report_id"


def test_a_retry_keeps_no_receipt_of_its_own(county: Engine) -> None:
    first = record_reports(county, [sent("m-1")], sender=F1)
    with county.connect() as conn:
        receipts = conn.execute(select(func.count()).select_from(imports)).scalar_one()
    again = record_reports(county, [sent("m-1")], sender=F1)
    assert again == type(first)(first.reports, 0)
    with county.connect() as conn:
        assert conn.execute(select(func.count()).select_from(imports)).scalar_one() == receipts


def test_the_writer_answers_every_submission(county: Engine) -> None:
    writer = ReportWriter(county)
    try:
        futures = [writer.submit([sent(f"w-{i}")], sender=F1, single=True) for i in range(50)]
        bad = writer.submit([sent("w-bad", grade=9.0)], sender=F1)
        assert sum(f.result(timeout=60).new for f in futures) == 50
        with pytest.raises(InputError):
            bad.result(timeout=60)
    finally:
        writer.close()
