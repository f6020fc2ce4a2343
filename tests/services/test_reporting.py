"""Submissions written together (a group commit): each keeps its own outcome."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import aliased

from planworks.domain.access import Principal, Role
from planworks.domain.errors import InputError, NotFoundError
from planworks.domain.periods import Period
from planworks.services import reporting
from planworks.services.importing import import_folder
from planworks.services.reporting import (
    Pending,
    ReportIn,
    ReportWriter,
    record_reports,
    write_together,
)
from planworks.services.status import status
from planworks.store.engine import make_engine
from planworks.store.tables import day_grades, day_totals, imports, reports, unit_months
from tests.conftest import DATA, create_pg_database, drop_pg_database

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


def test_plain_new_reports_are_stored_without_frames(
    county: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_frames(*_: object) -> None:
        raise AssertionError("checked as a frame")

    monkeypatch.setattr(reporting, "check_typed_reports", no_frames)
    before = cumulative(county, "T")
    group = [
        Pending([sent("n-1", grade=2.0)], F1, single=True),
        Pending([sent("n-2", "F2", 2.0, value=300.0), sent("n-3", "F2", 3.0)], ADMIN, False),
    ]
    write_together(county, group)
    a, b = (p.future.result() for p in group)
    assert (a.new, b.new) == (1, 2)
    assert a.reports[0].receipt != b.reports[0].receipt
    assert cumulative(county, "T") == before + 6.0


@pytest.fixture
def twin(backend: str, tmp_path: Path, sqlite_template: Path) -> Iterator[Engine]:
    """A second empty database of the same backend."""
    if backend == "sqlite":
        path = tmp_path / "twin.db"
        shutil.copyfile(sqlite_template, path)
        engine = make_engine(path)
        yield engine
        engine.dispose()
        return
    url = create_pg_database("planworks_twin")
    engine = make_engine(url)
    yield engine
    engine.dispose()
    drop_pg_database(url)


def _groups() -> list[list[Pending]]:
    """Groups of submissions, written in turn: the first all plain and new; the others
    each with something only frames settle (a retry, a correction, a bad report)."""
    d = date(1959, 1, 31)
    return [
        [
            Pending([sent("t-1", grade=1.0)], F1, single=True),
            Pending(
                [
                    ReportIn("t-2", "F2", d, "iron", 2.0, grade=2.0, value=300.0),
                    ReportIn("t-3", "F2", date(1959, 2, 1), "iron", 3.0),
                    ReportIn("t-4", "W1", date(1958, 12, 31), "bolts", 500.0, value=250.0),
                    ReportIn("t-5", "F2", d, "iron", 1.5, grade=2.0),
                ],
                ADMIN,
                single=False,
            ),
        ],
        [
            Pending([ReportIn("t-2", "F2", d, "iron", 2.0, grade=2.0, value=300.0)], ADMIN, False),
            Pending([sent("t-6")], F1, single=True),
        ],
        [Pending([sent("t-7", quantity=2.5, supersedes="t-1", reason="misread")], ADMIN, True)],
        [
            Pending([sent("t-8", grade=5.0)], F1, single=True),
            Pending([ReportIn("t-9", "W1", d, "bolts", 40.0)], ADMIN, single=True),
        ],
    ]


def _outcome(p: Pending) -> Any:
    error = p.future.exception()
    if error is not None:
        return type(error).__name__, str(error)
    done = p.future.result()
    return done.new, [(*r.__dict__.values(),)[:9] for r in done.reports]  # without the receipt


def _contents(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """What is stored, with no ids or times (a rolled back sequence is not reused)."""
    earlier = aliased(reports)
    with engine.connect() as conn:
        stored = conn.execute(
            select(
                *(c for c in reports.c if c.name not in ("id", "import_id", "supersedes")),
                earlier.c.report_id.label("corrects"),
                imports.c.sender,
            )
            .join(imports, imports.c.id == reports.c.import_id)
            .outerjoin(earlier, earlier.c.id == reports.c.supersedes)
        ).all()
        out = {"reports": sorted(map(tuple, stored), key=repr)}
        for table in (day_totals, day_grades, unit_months):
            out[table.name] = sorted(map(tuple, conn.execute(select(table)).all()), key=repr)
        out["imports"] = sorted(
            map(tuple, conn.execute(select(imports.c.source, imports.c.sender)).all()), key=repr
        )
    return out


def test_stored_without_frames_as_with_them(
    county: Engine, twin: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_folder(twin, DATA / "tiny-county")
    framed = []
    check = reporting.check_typed_reports

    def counted(*args: Any) -> Any:
        framed.append(args)
        return check(*args)

    monkeypatch.setattr(reporting, "check_typed_reports", counted)
    as_frames, outcomes = [], []
    for fast, slow in zip(_groups(), _groups(), strict=True):
        framed.clear()
        write_together(county, fast)
        as_frames.append(len(framed))
        write_together(twin, slow, few_reports=0)
        outcomes.append([_outcome(p) for p in fast])
        assert outcomes[-1] == [_outcome(p) for p in slow]
    assert as_frames == [0, 1, 1, 1]  # the first group only is stored without frames
    news = [[o[0] for o in group] for group in outcomes]
    assert news == [[1, 4], [0, 1], [1], ["InputError", 1]]
    assert _contents(county) == _contents(twin)
