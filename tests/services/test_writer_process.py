"""The report writer in a process of its own: the same outcomes as the writing thread,
errors whole across the pipe, and a writing process that dies is replaced."""

from __future__ import annotations

import json
import pickle
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from planworks.domain.errors import InputError, InputProblem, NotFoundError, StoreError
from planworks.services.reporting import ReportWriter, record_reports
from planworks.services.writer_process import ReportWriterProcess
from planworks.store.engine import make_engine
from planworks.store.tables import reports
from tests.services.test_reporting import ADMIN, F1, county, sent

__all__ = ["county"]

WAIT = 120  # seconds: the first answer waits for the writing process to start


@pytest.fixture
def writer(county: Engine) -> Iterator[ReportWriterProcess]:
    made = ReportWriterProcess(county)
    try:
        yield made
    finally:
        made.close()


def stored(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(reports)).scalar_one())


def test_it_answers_as_the_writing_thread_does(county: Engine) -> None:
    """The same submissions through each writer: the same reports stored, the same
    errors, field for field (receipts and times aside)."""
    submissions = [
        ([sent("s-1")], F1, True),
        ([sent("s-2", "F2", 2.0), sent("s-3", "F2", 3.0, grade=1.0)], ADMIN, False),
        ([sent("s-4", quantity=-1.0)], F1, True),  # bad content
        ([sent("s-5", "F2")], F1, True),  # out of reach
        ([sent("s-1")], F1, True),  # a retry
    ]

    def outcomes(writer: ReportWriter | ReportWriterProcess, tag: str) -> list[object]:
        futures = [
            writer.submit(
                [r._replace(report_id=f"{tag}{r.report_id}") for r in sent_],
                sender=who,
                single=single,
            )
            for sent_, who, single in submissions
        ]
        seen: list[object] = []
        for future in futures:
            error = future.exception(timeout=WAIT)
            if error is None:
                done = future.result()
                seen.append(
                    (
                        done.new,
                        [(r.report_id[1:], r.unit, r.quantity, r.grade) for r in done.reports],
                    )
                )
            elif isinstance(error, InputError):
                seen.append((type(error), error.problems, error.more))
            elif isinstance(error, NotFoundError):
                seen.append((type(error), str(error), error.field))
            else:
                seen.append(error)
        return seen

    thread = ReportWriter(county)
    try:
        by_thread = outcomes(thread, "t")
    finally:
        thread.close()
    process = ReportWriterProcess(county)
    try:
        by_process = outcomes(process, "p")
    finally:
        process.close()
    assert by_process == by_thread
    assert by_process[0] == (1, [("s-1", "F1", 1.0, None)])
    assert by_process[4] == (0, [("s-1", "F1", 1.0, None)])  # the retry wrote nothing
    assert by_process[2][0] is InputError
    assert by_process[3][0] is NotFoundError


def test_many_senders_at_once(writer: ReportWriterProcess, county: Engine) -> None:
    before = stored(county)
    futures = [writer.submit([sent(f"m-{i}")], sender=F1, single=True) for i in range(200)]
    assert sum(f.result(timeout=WAIT).new for f in futures) == 200
    assert stored(county) == before + 200
    receipts = {f.result().reports[0].receipt for f in futures}
    assert len(receipts) == 200  # one receipt per submission, however they were grouped


def test_a_retry_answers_with_the_report_as_first_stored(
    writer: ReportWriterProcess, county: Engine
) -> None:
    first = writer.submit([sent("r-1", quantity=4.0)], sender=F1, single=True).result(WAIT)
    again = writer.submit([sent("r-1", quantity=4.0)], sender=F1, single=True).result(WAIT)
    assert (first.new, again.new) == (1, 0)
    assert again.reports == first.reports
    # and what record_reports (no writer at all) finds stored is the same
    assert record_reports(county, [sent("r-1", quantity=4.0)], sender=F1).reports == first.reports


def test_a_contradicting_resend_fails_alone(writer: ReportWriterProcess) -> None:
    writer.submit([sent("c-1", quantity=4.0)], sender=F1, single=True).result(WAIT)
    clash = writer.submit([sent("c-1", quantity=5.0)], sender=F1, single=True)
    fine = writer.submit([sent("c-2")], sender=F1, single=True)
    with pytest.raises(InputError):
        clash.result(WAIT)
    assert fine.result(WAIT).new == 1


def test_a_writing_process_that_dies_is_replaced(
    writer: ReportWriterProcess, county: Engine
) -> None:
    assert writer.submit([sent("d-1")], sender=F1, single=True).result(WAIT).new == 1
    dead = writer._process
    dead.kill()
    dead.join(WAIT)
    # whatever was in flight when it died fails plainly; then writing goes on
    answers = []
    for i in range(3):
        future = writer.submit([sent(f"d-{i + 2}")], sender=F1, single=True)
        try:
            answers.append(future.result(WAIT).new)
        except StoreError:
            answers.append(None)
    assert answers[-1] == 1
    assert writer._process is not dead
    assert writer._process.is_alive()


def test_a_writer_that_cannot_start_again_fails_the_report_not_the_server(
    writer: ReportWriterProcess, tmp_path: Path
) -> None:
    url = writer.url
    writer._process.kill()
    writer._process.join(WAIT)
    writer.url = str(tmp_path / "nowhere" / "missing.db")  # the database has gone
    for i in range(2):  # the first may instead meet the old process's broken pipe
        lost = writer.submit([sent(f"n-{i}")], sender=F1, single=True)
        with pytest.raises(StoreError):
            lost.result(WAIT)
    writer.url = url  # and is back: the next submission starts a writer again
    assert writer.submit([sent("n-9")], sender=F1, single=True).result(WAIT).new == 1


def test_close_writes_what_is_queued(county: Engine) -> None:
    before = stored(county)
    writer = ReportWriterProcess(county)
    futures = [writer.submit([sent(f"q-{i}")], sender=F1, single=True) for i in range(20)]
    writer.close()
    assert all(f.result(timeout=0).new == 1 for f in futures)
    assert stored(county) == before + 20
    assert not writer._process.is_alive()


def test_a_writer_that_cannot_start_says_so(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="did not start"):
        ReportWriterProcess(make_engine(tmp_path / "not-a-planworks-database.db"))


def test_an_in_memory_database_is_refused() -> None:
    with pytest.raises(StoreError, match="in-memory"):
        ReportWriterProcess(make_engine("sqlite://"))


def test_errors_cross_the_pipe_whole() -> None:
    problem = InputProblem("must not be negative", file="reports", row=3, column="quantity")
    error = pickle.loads(pickle.dumps(InputError([problem], more=2)))
    assert isinstance(error, InputError)
    assert (error.problems, error.more) == ((problem,), 2)
    assert str(error) == str(InputError([problem], more=2))
    missing = pickle.loads(pickle.dumps(NotFoundError("no unit 'X'", field="reports[0].unit")))
    assert (str(missing), missing.field) == ("no unit 'X'", "reports[0].unit")


def test_the_codecs_are_loaded_as_the_writing_process_starts(
    county: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = tmp_path / "imported-by"
    monkeypatch.setenv("PLANWORKS_PROBE_FILE", str(seen))
    monkeypatch.delitem(sys.modules, "tests.services.probe_codec", raising=False)
    from tests.services.probe_codec import CODEC

    writer = ReportWriterProcess(county, codecs=[CODEC])
    try:
        child = writer._process.pid
        assert str(child) in seen.read_text().split()  # before any batch was sent
        body = json.dumps([["probe-1", "F1", "1959-01-25", "iron", 2.0]]).encode()
        assert writer.submit_body(body, CODEC, sender=ADMIN).result(timeout=60).body == b"1"
    finally:
        writer.close()
