"""Reports sent one at a time or in batches (the API and the report form), and reading
stored reports back.

A submission is checked as a whole (the same checks as a folder import, plus the
sender's reach) and written in one transaction, or not at all. Every report sent this
way carries a `report_id`, so a retry is recognised: it writes nothing and answers with
the reports as first stored, receipt included. A correction is a report that
`supersedes` an earlier one, with a reason; the earlier one stays stored.
"""

from __future__ import annotations

import queue
import sys
import threading
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any, NamedTuple, Protocol

import numpy as np
import polars as pl
from sqlalchemy import ColumnElement, Connection, Engine, Row, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from planworks.domain.access import Action, Principal
from planworks.domain.errors import InputError, InputProblem, NotFoundError, PlanworksError
from planworks.domain.periods import day_number, from_day_number
from planworks.ingest.files import Problems
from planworks.ingest.reports import (
    ReportLookups,
    UnitFacts,
    check_typed_reports,
    join_report,
    may_fail,
    resolve_reports,
)
from planworks.services.access import Reach
from planworks.store.catalog import PRODUCT_SCHEMA, Catalog
from planworks.store.engine import writing
from planworks.store.migrate import require_current
from planworks.store.places import RegionIndex, region_index
from planworks.store.queries import is_newest, resolve_scope, units_in_scope
from planworks.store.reports import NewReport, insert_new_reports, natural_key, write_reports
from planworks.store.tables import imports, products, regions, reports, units

__all__ = [
    "BatchCodec",
    "Encoded",
    "Pending",
    "ReportIn",
    "ReportWriter",
    "StoredReport",
    "Submission",
    "SubmitsReports",
    "record_reports",
    "reports_of_scope",
    "stored_reports",
    "write_together",
]

#: What a submission is called in error messages; rows are positions in it (from 0).
BODY = "reports"


class ReportIn(NamedTuple):
    """One report as sent (a named tuple: made by the thousand a second, and sent to the
    writing process, where a frozen dataclass costs several times as much)."""

    report_id: str
    unit: str
    date: date
    product: str
    quantity: float
    grade: float | None = None
    value: float | None = None
    supersedes: str | None = None  # the report_id (or natural key) of the report corrected
    reason: str | None = None


@dataclass(frozen=True)
class StoredReport:
    """A report as stored, with the receipt of the submission that stored it."""

    report_id: str
    unit: str
    date: date
    product: str
    quantity: float
    grade: float | None
    value: float | None
    supersedes: str | None
    reason: str | None
    receipt: int
    recorded_at: datetime


@dataclass(frozen=True)
class Submission:
    reports: list[StoredReport]  # in the order sent
    new: int  # how many were stored by this submission (0: all were stored before)


def record_reports(
    engine: Engine, sent: Sequence[ReportIn], *, sender: Principal, single: bool = False
) -> Submission:
    """Check and store one submission on its own.

    `InputError` naming `reports[i].field` (with `single`, the one report's `field`) on
    bad input; `NotFoundError` for a unit that does not exist or is out of the sender's
    reach; `AccessError` when the sender's role sends no reports at all.
    """
    require_current(engine)
    pending = Pending(sent, sender, single)
    write_together(engine, [pending])
    return pending.future.result()


@dataclass(eq=False)
class Pending:
    """A submission waiting to be written, and what became of it."""

    sent: Sequence[ReportIn]
    sender: Principal
    single: bool
    future: Future[Submission] = field(default_factory=Future)
    first_row: int = 0  # where its rows start in the group's frame

    def fail(self, e: PlanworksError) -> None:
        if isinstance(e, InputError):
            e = InputError([self._named(p) for p in e.problems], more=e.more)
        elif isinstance(e, NotFoundError):
            e = NotFoundError(str(e), field=self._name(e.field))
        self.future.set_exception(e)

    def _name(self, field: str | None) -> str | None:
        if self.single and field is not None and field.startswith(f"{BODY}[0]."):
            return field.removeprefix(f"{BODY}[0].")
        return field

    def _named(self, p: InputProblem) -> InputProblem:
        """A problem named as an API field of this submission: `reports[3].quantity`."""
        name = p.column
        if p.file == BODY and p.row is not None:
            name = f"{BODY}[{p.row - self.first_row}].{p.column or ''}".rstrip(".")
        return InputProblem(p.message, column=self._name(name))


#: A group of at most this many reports is written without frames when it can be (see
#: `_write_few`): a frame costs a fixed few milliseconds, which reports sent one at a
#: time would otherwise pay one group each.
FEW_REPORTS = 200


def write_together(
    engine: Engine, group: Sequence[Pending], *, few_reports: int = FEW_REPORTS
) -> None:
    """Check and store many submissions in one transaction (a group commit): each gets
    its own receipt and its own outcome. Checks run over all of them at once; if the
    write itself refuses (a report contradicting a stored one), each submission is
    written again on its own, so that only the one at fault fails. An empty group
    writes nothing, but reads what writing needs (a writer readies itself with it).

    A group of up to `few_reports` plain new reports that pass every check is stored
    without frames, read, checked and written in one transaction (on PostgreSQL,
    three round trips fewer than reading on a connection of its own); any other group
    (or one found otherwise on the way) as frames.
    """
    few = 0 < sum(len(p.sent) for p in group) <= few_reports
    stored: list[tuple[Pending, Submission]] | None = None
    try:
        with writing(engine) if few else engine.connect() as conn:
            regions = region_index(conn)
            known = _units(conn, {r.unit for p in group for r in p.sent})
            lookups = _product_lookups(conn)
            ready, rows = _within_reach(group, regions, known)
            if few and ready:
                stored = _write_few(conn, ready, known, lookups)
    except IntegrityError:  # a report_id is stored already: nothing was written
        stored = None  # the frames tell a retry from a contradiction
    if stored is not None:
        for p, done in stored:
            p.future.set_result(done)
    elif ready:
        _write_frames(engine, ready, rows, replace(lookups, units=_units_frame(known)))


def _within_reach(
    group: Sequence[Pending], regions: RegionIndex, known: Sequence[_UnitRow]
) -> tuple[list[Pending], int]:
    """The submissions within their senders' reach, numbered as rows of one frame, and
    how many rows; the others fail."""
    where = {unit.code: unit.region for unit in known}
    ready: list[Pending] = []
    rows = 0
    for p in group:
        try:
            _check_reach(Reach(p.sender, regions), where, p.sent)
        except PlanworksError as e:
            p.fail(e)
            continue
        p.first_row = rows
        rows += len(p.sent)
        ready.append(p)
    return ready, rows


def _write_frames(
    engine: Engine, ready: Sequence[Pending], rows: int, lookups: ReportLookups
) -> None:
    """Check and store submissions (within the sender's reach) as frames."""
    problems = Problems(limit=sys.maxsize)
    every = [r for p in ready for r in p.sent]
    checked = check_typed_reports(_frame(every), lookups, BODY, problems)
    failed = _with_problems(ready, problems.items)
    if failed:
        ready = [p for p in ready if p not in failed]
        if not ready:
            return
        keep = np.zeros(rows, dtype=np.bool_)
        for p in ready:
            keep[p.first_row : p.first_row + len(p.sent)] = True
        checked = checked.filter(pl.Series(keep[checked["row"].to_numpy()]))
    batch = resolve_reports(checked)
    try:
        with writing(engine) as conn:
            now = datetime.now(UTC)
            receipts = _receipts(conn, ready, now)
            starts = np.asarray([p.first_row for p in ready])
            owner = np.searchsorted(starts, batch["row"].to_numpy(), side="right") - 1
            batch = batch.with_columns(
                pl.Series("import_id", np.asarray(receipts)[owner], dtype=pl.Int32)
            )
            written = write_reports(conn, batch, import_id=receipts[0], source=BODY)
    except InputError as e:
        if len(ready) == 1:
            ready[0].fail(e)
        else:
            for p in ready:
                write_together(engine, [p])
        return
    if written.inserted == rows - sum(len(p.sent) for p in failed) and not any(
        r.supersedes for r in every
    ):
        # every report is new, stored as sent: no need to read them back
        stored = {
            r.report_id: _as_stored(r, receipt, now)
            for p, receipt in zip(ready, receipts, strict=True)
            for r in p.sent
        }
    else:
        with engine.connect() as conn:
            stored = stored_reports(conn, [r.report_id for p in ready for r in p.sent])
    empty = []
    for p, receipt in zip(ready, receipts, strict=True):
        mine = [stored[r.report_id] for r in p.sent]
        new = sum(r.receipt == receipt for r in mine)
        if new == 0:
            empty.append(receipt)  # a retry: it keeps no receipt of its own
        p.future.set_result(Submission(mine, new))
    if empty:
        with writing(engine) as conn:
            conn.execute(delete(imports).where(imports.c.id.in_(empty)))


def _write_few(
    conn: Connection,
    ready: Sequence[Pending],
    known: Sequence[_UnitRow],
    lookups: ReportLookups,
) -> list[tuple[Pending, Submission]] | None:
    """Store submissions of plain new reports that pass every check, without frames (a
    frame costs more than a few reports' checks), in the caller's write transaction:
    what each submission will be once it commits. None, with nothing written, where the
    frames must decide: a check may fail, or a report corrects another. Raises
    `IntegrityError` where a report_id is stored already (a retry, or a contradiction):
    the caller rolls back and lets the frames decide."""
    every = [r for p in ready for r in p.sent]
    if any(r.supersedes is not None for r in every):
        return None
    facts: dict[str, UnitFacts] = {u.code: (u.id, u.region_id, u.opened, u.closed) for u in known}
    joined = [join_report(_typed(r), facts.get(r.unit), lookups) for r in every]
    if may_fail(joined, lookups):
        return None
    now = datetime.now(UTC)
    receipts = _receipts(conn, ready, now)
    owners = [receipt for p, receipt in zip(ready, receipts, strict=True) for _ in p.sent]
    insert_new_reports(
        conn, [_new_report(j, owner) for j, owner in zip(joined, owners, strict=True)]
    )
    return [
        (p, Submission([_as_stored(r, receipt, now) for r in p.sent], len(p.sent)))
        for p, receipt in zip(ready, receipts, strict=True)
    ]


def _typed(r: ReportIn) -> dict[str, object]:
    """A report as `_frame` types it (one row, without its number)."""
    return {
        "unit": r.unit,
        "date": day_number(r.date),
        "product": r.product,
        "quantity": float(r.quantity),
        "grade": None if r.grade is None else float(r.grade),
        "value": None if r.value is None else float(r.value),
        "report_id": r.report_id,
        "supersedes": r.supersedes,
        "reason": r.reason,
    }


def _new_report(j: Mapping[str, Any], receipt: int) -> NewReport:
    return NewReport(
        j["unit_id"],
        j["region_id"],
        j["product_id"],
        j["date"],
        j["quantity"],
        j["grade"],
        j["value"],
        j["report_id"],
        j["reason"],
        receipt,
    )


def _receipts(conn: Connection, ready: Sequence[Pending], now: datetime) -> list[int]:
    """A receipt (an import) for each submission, in order."""
    return list(
        conn.execute(
            imports.insert().returning(imports.c.id, sort_by_parameter_order=True),
            [{"at": now, "source": "api", "sender": p.sender.name} for p in ready],
        )
        .scalars()
        .all()
    )


def _as_stored(r: ReportIn, receipt: int, at: datetime) -> StoredReport:
    return StoredReport(
        report_id=r.report_id,
        unit=r.unit,
        date=r.date,
        product=r.product,
        quantity=float(r.quantity),
        grade=None if r.grade is None else float(r.grade),
        value=None if r.value is None else float(r.value),
        supersedes=None,
        reason=r.reason,
        receipt=receipt,
        recorded_at=at,
    )


def _with_problems(ready: Sequence[Pending], found: Sequence[InputProblem]) -> set[Pending]:
    """Fail each submission with the problems found in its rows; return those failed."""
    starts = np.asarray([p.first_row for p in ready])
    mine: dict[int, list[InputProblem]] = {}
    for problem in found:
        i = int(np.searchsorted(starts, problem.row or 0, side="right")) - 1
        mine.setdefault(i, []).append(problem)
    for i, problems in mine.items():
        ready[i].fail(InputError(problems))
    return {ready[i] for i in mine}


def _check_reach(reach: Reach, where: Mapping[str, str], sent: Sequence[ReportIn]) -> None:
    if not sent:
        raise InputError([InputProblem("send at least one report", column=BODY)])
    for i, r in enumerate(sent):
        action = Action.REPORT if r.supersedes is None else Action.CORRECT
        reach.require(action)
        if not reach.unit(r.unit, where.get(r.unit), action):
            raise NotFoundError(f"no unit {r.unit!r} you may report for", field=f"{BODY}[{i}].unit")


#: A unit as writing reports needs it: code, id, region_id, opened, closed, region (the
#: region's code).
_UnitRow = Row[str, int, int, int | None, int | None, str]


def _units(conn: Connection, codes: Iterable[str]) -> Sequence[_UnitRow]:
    """The units of these codes that exist (one indexed read), as rows, not objects
    made of them: a batch's group names 20,000 units."""
    wanted = sorted(set(codes))
    if not wanted:
        return []
    return conn.execute(
        select(
            units.c.code,
            units.c.id,
            units.c.region_id,
            units.c.opened,
            units.c.closed,
            regions.c.code.label("region"),
        )
        .join(regions, regions.c.id == units.c.region_id)
        .where(units.c.code.in_(wanted))
    ).all()


def _units_frame(known: Sequence[_UnitRow]) -> pl.DataFrame:
    """The `units` lookup of `ReportLookups` for these units."""
    return ReportLookups.units_of(
        pl.DataFrame([u[:5] for u in known], schema=_UNIT_SCHEMA, orient="row")
    )


def _product_lookups(conn: Connection) -> ReportLookups:
    """The lookups of every product (kept between calls while the products stay the
    same), with no units."""
    stored = tuple(
        tuple(row)
        for row in conn.execute(
            select(products.c.id, products.c.code, products.c.grades).order_by(products.c.id)
        )
    )
    url = str(conn.engine.url)
    with _products_lock:
        known = _product_lookups_kept.get(url)
    if known is not None and known[0] == stored:
        return known[1]
    rows = pl.DataFrame(stored, schema=_PRODUCT_SCHEMA, orient="row")
    catalog = Catalog(regions=pl.DataFrame(), products=rows, units=_NO_UNITS)
    made = ReportLookups.of(catalog)
    with _products_lock:
        _product_lookups_kept[url] = (stored, made)
    return made


_UNIT_SCHEMA = {
    "code": pl.String,
    "id": pl.Int32,
    "region_id": pl.Int32,
    "opened": pl.Int32,
    "closed": pl.Int32,
}
_NO_UNITS = pl.DataFrame(schema=_UNIT_SCHEMA)
#: What `ReportLookups.of` reads of the products.
_PRODUCT_SCHEMA = {c: PRODUCT_SCHEMA[c] for c in ("id", "code", "grades")}
_products_lock = threading.Lock()
_product_lookups_kept: dict[str, tuple[tuple[object, ...], ReportLookups]] = {}


def _frame(sent: Sequence[ReportIn]) -> pl.DataFrame:
    """Reports typed as `coerce` types a reports file, rows numbered from 0."""
    return pl.DataFrame(
        {
            "row": list(range(len(sent))),
            "unit": [r.unit for r in sent],
            "date": [day_number(r.date) for r in sent],
            "product": [r.product for r in sent],
            "quantity": [float(r.quantity) for r in sent],
            "grade": [r.grade for r in sent],
            "value": [r.value for r in sent],
            "report_id": [r.report_id for r in sent],
            "supersedes": [r.supersedes for r in sent],
            "reason": [r.reason for r in sent],
            "extra": [None] * len(sent),
        },
        schema=_SENT_SCHEMA,
    )


_SENT_SCHEMA = {
    "row": pl.Int64,
    "unit": pl.String,
    "date": pl.Int32,
    "product": pl.String,
    "quantity": pl.Float64,
    "grade": pl.Float64,
    "value": pl.Float64,
    "report_id": pl.String,
    "supersedes": pl.String,
    "reason": pl.String,
    "extra": pl.String,
}


def stored_reports(conn: Connection, report_ids: Sequence[str]) -> dict[str, StoredReport]:
    """The stored reports of these report_ids, by report_id."""
    found = _stored(conn, reports.c.report_id.in_(sorted(set(report_ids))))
    return {r.report_id: r for r in found}


def reports_of_scope(
    conn: Connection, scope: str, first: date, last: date, *, limit: int, offset: int = 0
) -> list[StoredReport]:
    """The reports in force (none superseding them) of a scope's units over [first, last],
    by day, unit and report_id."""
    where = resolve_scope(conn, scope)
    return _stored(
        conn,
        units_in_scope(where)
        & reports.c.day.between(day_number(first), day_number(last))
        & is_newest(),
        order=True,
        limit=limit,
        offset=offset,
    )


def _stored(
    conn: Connection,
    condition: ColumnElement[bool],
    *,
    order: bool = False,
    limit: int | None = None,
    offset: int = 0,
) -> list[StoredReport]:
    earlier = aliased(reports)
    earlier_product = aliased(products)
    stmt = (
        select(
            reports.c.report_id,
            reports.c.seq,
            units.c.code.label("unit"),
            reports.c.day,
            products.c.code.label("product"),
            reports.c.quantity,
            reports.c.grade,
            reports.c.value,
            earlier.c.report_id.label("supersedes"),
            earlier.c.day.label("earlier_day"),
            earlier.c.seq.label("earlier_seq"),
            earlier_product.c.code.label("earlier_product"),
            reports.c.reason,
            reports.c.import_id,
            imports.c.at,
        )
        .join(units, units.c.id == reports.c.unit_id)
        .join(products, products.c.id == reports.c.product_id)
        .join(imports, imports.c.id == reports.c.import_id)
        .outerjoin(earlier, earlier.c.id == reports.c.supersedes)
        .outerjoin(earlier_product, earlier_product.c.id == earlier.c.product_id)
        .where(condition)
    )
    if order:
        stmt = stmt.order_by(reports.c.day, units.c.code, reports.c.id)
    rows = conn.execute(stmt.limit(limit).offset(offset)).all()
    return [
        StoredReport(
            report_id=r.report_id
            if r.report_id is not None
            else natural_key(r.unit, r.day, r.product, r.seq),
            unit=r.unit,
            date=from_day_number(r.day),
            product=r.product,
            quantity=r.quantity,
            grade=r.grade,
            value=r.value,
            supersedes=r.supersedes
            if r.supersedes is not None or r.earlier_day is None
            else natural_key(r.unit, r.earlier_day, r.earlier_product, r.earlier_seq),
            reason=r.reason,
            receipt=r.import_id,
            recorded_at=r.at if r.at.tzinfo else r.at.replace(tzinfo=UTC),
        )
        for r in rows
    ]


class BatchCodec(Protocol):
    """How a batch's body becomes reports, and its outcome the answer's body. It goes
    with the body to where the writer runs, so it must pickle (a module's object)."""

    def decode(self, body: bytes) -> list[ReportIn]:
        """The reports of a body; a `PlanworksError` says what is wrong with it."""
        ...

    def encode(self, done: Submission) -> bytes: ...


class Encoded(NamedTuple):
    """A batch sent as a body, as stored: how many reports it stored, and the answer."""

    new: int
    body: bytes

    @classmethod
    def of(cls, done: Submission, codec: BatchCodec) -> Encoded:
        return cls(done.new, codec.encode(done))


class SubmitsReports(Protocol):
    """What writes the reports sent to the app: `ReportWriter` (a thread) or
    `writer_process.ReportWriterProcess` (a process of its own)."""

    def submit(
        self, sent: Sequence[ReportIn], *, sender: Principal, single: bool = False
    ) -> Future[Submission]: ...

    def submit_body(
        self, body: bytes, codec: BatchCodec, *, sender: Principal
    ) -> Future[Encoded]: ...

    def close(self) -> None: ...


class ReportWriter:
    """Writes the submissions that arrive while another is being written all together,
    in one transaction (a group commit): a thousand reporters sending one report each
    cost a few writes, not a thousand. One thread writes, so writes never wait on each
    other's locks, on SQLite or on the aggregate rows of PostgreSQL.
    """

    def __init__(self, engine: Engine, *, max_reports: int = 20_000) -> None:
        self.engine = engine
        self.max_reports = max_reports
        self._queue: queue.SimpleQueue[Pending | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="report-writer", daemon=True)
        self._thread.start()

    def submit(
        self, sent: Sequence[ReportIn], *, sender: Principal, single: bool = False
    ) -> Future[Submission]:
        """Queue a submission; the future holds its outcome (or its error)."""
        pending = Pending(sent, sender, single)
        self._queue.put(pending)
        return pending.future

    def submit_body(self, body: bytes, codec: BatchCodec, *, sender: Principal) -> Future[Encoded]:
        """Queue a batch sent as a body: decoded here, its outcome encoded by `codec`."""
        answer: Future[Encoded] = Future()
        try:
            sent = codec.decode(body)
        except PlanworksError as e:
            answer.set_exception(e)
            return answer

        def encode(done: Future[Submission]) -> None:
            error = done.exception()
            if error is not None:
                answer.set_exception(error)
                return
            try:
                answer.set_result(Encoded.of(done.result(), codec))
            except Exception as e:
                answer.set_exception(e)

        self.submit(sent, sender=sender).add_done_callback(encode)
        return answer

    def close(self) -> None:
        """Write what is queued, then stop."""
        self._queue.put(None)
        self._thread.join()

    def _run(self) -> None:
        stopping = False
        while not stopping:
            first = self._queue.get()
            if first is None:
                return
            group, size = [first], len(first.sent)
            while size < self.max_reports:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    stopping = True
                    break
                group.append(more)
                size += len(more.sent)
            try:
                write_together(self.engine, group)
            except Exception as e:  # the database failed: every waiting sender hears of it
                for p in group:
                    if not p.future.done():
                        p.future.set_exception(e)
