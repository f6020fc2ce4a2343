"""Writing reports: bulk, idempotent, append-only, with aggregates kept in step.

A batch is a Polars frame whose codes are already resolved to ids (see `BATCH_SCHEMA`;
an optional `import_id` column gives each row its own import, else all rows are the
caller's `import_id`).
`write_reports` first tries the fast path: one bulk insert (executemany on SQLite, COPY
on PostgreSQL) inside a savepoint. If a key is already taken it falls back to staging
the batch's keys in a temporary table, so that re-sent reports are recognised and
skipped and contradicting ones are refused, then inserts the rest. Corrections
(`supersedes`) are written one by one after the batch: they are rare, and each must
find the report it replaces and withdraw that report's contribution to the aggregates.

A few reports known to be new and plain (a report_id each, none a correction), as the
API receives them one at a time, are written without a frame (`insert_new_reports`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import polars as pl
from sqlalchemy import Connection, select, text
from sqlalchemy.exc import IntegrityError

from planworks.domain.errors import InputError, InputProblem
from planworks.domain.periods import day_number, from_day_number, parse_date
from planworks.store.bulk import insert_frame
from planworks.store.series import PendingAggregates
from planworks.store.tables import products, reports, units

__all__ = [
    "BATCH_SCHEMA",
    "INSERT_COLUMNS",
    "NewReport",
    "WriteResult",
    "insert_new_reports",
    "insert_reports_bulk",
    "natural_key",
    "presum",
    "write_reports",
]

#: The columns of a batch handed to `write_reports`.
BATCH_SCHEMA: Mapping[str, pl.DataType] = {
    "row": pl.Int64(),  # line in the source file (header = 1), for error messages
    "unit_id": pl.Int32(),
    "region_id": pl.Int32(),
    "product_id": pl.Int32(),
    "day": pl.Int32(),
    "seq": pl.Int32(),  # null where report_id is given
    "quantity": pl.Float64(),
    "grade": pl.Float64(),
    "value": pl.Float64(),
    "report_id": pl.String(),
    "supersedes": pl.String(),  # the report_id (or natural key) of the report corrected
    "reason": pl.String(),
    "extra": pl.String(),  # JSON text of columns beyond the format's own, or null
}

#: The reports columns a bulk insert writes, in order.
INSERT_COLUMNS = (
    "unit_id",
    "product_id",
    "day",
    "seq",
    "quantity",
    "grade",
    "value",
    "report_id",
    "reason",
    "import_id",
    "extra",
)

_DELTA_COLUMNS = ("unit_id", "region_id", "product_id", "day", "quantity", "grade", "value")


@dataclass(frozen=True)
class WriteResult:
    inserted: int  # new reports counted from now on
    unchanged: int  # reports already stored exactly so (a re-send)
    corrections: int  # of the inserted, how many supersede an earlier report


def natural_key(unit: str, day: int, product: str, seq: int) -> str:
    """The name of a report that came without a report_id: `unit|date|product|n`."""
    return f"{unit}|{from_day_number(day).isoformat()}|{product}|{seq}"


def write_reports(
    conn: Connection,
    batch: pl.DataFrame,
    *,
    import_id: int,
    source: str | None = None,
    pending: PendingAggregates | None = None,
    presummed: PendingAggregates | None = None,
) -> WriteResult:
    """Write a batch of reports and update the aggregates, in the caller's transaction.

    With `pending`, the batch's contributions wait there for the caller to flush them
    (once, for many batches) before it commits. `presummed` holds the contributions of
    all the batch's plain reports, summed ahead (see `presum`); it is used when all of
    them turn out to be new. Raises `InputError` naming the rows of `source` that
    contradict stored reports.
    """
    aggregates = pending if pending is not None else PendingAggregates()
    plain = batch.filter(pl.col("supersedes").is_null())
    corrections = batch.filter(pl.col("supersedes").is_not_null())
    inserted = _insert_plain(conn, plain, import_id=import_id, source=source)
    if presummed is not None and inserted.height == plain.height:
        aggregates.absorb(presummed)
    else:
        aggregates.add(_deltas(inserted, +1))
    done = _write_corrections(
        conn, corrections, import_id=import_id, source=source, aggregates=aggregates
    )
    if pending is None:
        aggregates.flush(conn)
    return WriteResult(
        inserted=inserted.height + done,
        unchanged=plain.height - inserted.height + corrections.height - done,
        corrections=done,
    )


def presum(batch: pl.DataFrame) -> PendingAggregates:
    """The contributions of a batch's plain reports, summed ahead of writing it."""
    summed = PendingAggregates()
    summed.add(_deltas(batch.filter(pl.col("supersedes").is_null()), +1))
    return summed


def _deltas(frame: pl.DataFrame, sign: int) -> pl.DataFrame:
    d = frame.select(_DELTA_COLUMNS)
    if sign < 0:
        d = d.with_columns(pl.col("quantity") * -1, pl.col("value") * -1)
    return d.with_columns(pl.lit(sign, dtype=pl.Int64).alias("reports"))


class NewReport(NamedTuple):
    """A report checked and resolved to ids, with a report_id and correcting none."""

    unit_id: int
    region_id: int | None
    product_id: int
    day: int
    quantity: float
    grade: float | None
    value: float | None
    report_id: str
    reason: str | None
    import_id: int


def insert_new_reports(conn: Connection, batch: Sequence[NewReport]) -> None:
    """Insert reports and add them to the aggregates, in the caller's transaction.

    The path of a few reports: no frame, no savepoint. Raises `IntegrityError` if one
    of them is stored already (its report_id taken): the caller then rolls back and
    writes them with `write_reports`, which tells re-sends from contradictions.
    """
    if not batch:
        return
    conn.execute(
        reports.insert(),
        [
            {
                "unit_id": r.unit_id,
                "product_id": r.product_id,
                "day": r.day,
                "quantity": r.quantity,
                "grade": r.grade,
                "value": r.value,
                "report_id": r.report_id,
                "reason": r.reason,
                "import_id": r.import_id,
            }
            for r in batch
        ],
    )
    aggregates = PendingAggregates()
    aggregates.add_rows(
        (r.unit_id, r.region_id, r.product_id, r.quantity, r.grade, r.value, 1, r.day)
        for r in batch
    )
    aggregates.flush(conn)


# -- plain reports ----------------------------------------------------------------------------


def _insert_plain(
    conn: Connection, batch: pl.DataFrame, *, import_id: int, source: str | None
) -> pl.DataFrame:
    """Insert the reports of the batch not stored yet; return those inserted."""
    if batch.height == 0:
        return batch
    # the bulk paths use the driver's cursor, so its own exception class comes through
    taken = (IntegrityError, conn.dialect.loaded_dbapi.IntegrityError)
    try:
        with conn.begin_nested():
            insert_reports_bulk(conn, batch, import_id=import_id)
        return batch
    except taken:
        pass  # some keys are taken: find out by whom, below
    fresh = _against_stored(conn, batch, import_id=import_id, source=source)
    insert_reports_bulk(conn, fresh, import_id=import_id)
    return fresh


def insert_reports_bulk(conn: Connection, batch: pl.DataFrame, *, import_id: int | None) -> None:
    """Append rows to `reports` as fast as the database allows, nothing checked.

    The import's fast path, and the baseline the import benchmark compares it with.
    """
    if batch.height == 0:
        return
    if "import_id" not in batch.columns:  # else each row names its own import
        batch = batch.with_columns(pl.lit(import_id, dtype=pl.Int32).alias("import_id"))
    rows = batch.select(INSERT_COLUMNS)
    insert_frame(conn, "reports", rows)


_CONTENT = ("unit_id", "product_id", "day", "quantity", "grade", "value")


def _against_stored(
    conn: Connection, batch: pl.DataFrame, *, import_id: int, source: str | None
) -> pl.DataFrame:
    """The rows of the batch to insert, after comparing it with what is stored.

    A report with a report_id is a re-send if that report_id is stored with the same
    content, and a contradiction if stored with other content. A report without one is
    a re-send if an earlier import stored an identical report for its unit, day and
    product that no other row of the batch matched already, and a contradiction if an
    earlier import stored reports for that unit, day and product but none identical.
    Reports of this same import (earlier chunks of a big file) are siblings, never
    re-sends: a new report gets the next free `seq` of its unit, day and product.
    """
    with_id = batch.filter(pl.col("report_id").is_not_null())
    without = batch.filter(pl.col("report_id").is_null())
    clashes: list[pl.DataFrame] = []
    keep: list[pl.DataFrame] = []
    if with_id.height:
        stored = _stored_by_report_id(conn, with_id)
        matched = with_id.join(stored, on="report_id", how="inner", suffix="_s")
        same = (
            pl.all_horizontal(*(pl.col(c).eq_missing(pl.col(f"{c}_s")) for c in _CONTENT))
            & pl.col("supersedes_s").is_null()
        )
        clashes.append(matched.filter(~same).select("row", "report_id"))
        keep.append(with_id.join(stored.select("report_id"), on="report_id", how="anti"))
    if without.height:
        kept, clash = _match_without_id(conn, without, import_id=import_id)
        keep.append(kept)
        clashes.append(clash)
    clash_rows = pl.concat(clashes).sort("row") if clashes else pl.DataFrame()
    if clash_rows.height:
        problems = [
            InputProblem(_clash_text(r["report_id"]), file=source, row=r["row"], column=col)
            for r in clash_rows.head(InputError.shown).iter_rows(named=True)
            for col in ["report_id" if r["report_id"] else "quantity"]
        ]
        raise InputError(problems, more=clash_rows.height - len(problems))
    return pl.concat(keep).sort("row")


def _stage(conn: Connection, name: str, rows: pl.DataFrame, ddl: str) -> None:
    conn.execute(text(f"DROP TABLE IF EXISTS {name}"))
    conn.execute(text(f"CREATE TEMPORARY TABLE {name} ({ddl})"))
    insert_frame(conn, name, rows)


def _stored_by_report_id(conn: Connection, batch: pl.DataFrame) -> pl.DataFrame:
    _stage(conn, "incoming_ids", batch.select("report_id").unique(), "report_id VARCHAR(128)")
    found = conn.execute(
        text(
            "SELECT r.report_id, r.unit_id, r.product_id, r.day, r.quantity, r.grade, r.value, "
            "r.supersedes FROM incoming_ids i JOIN reports r ON r.report_id = i.report_id"
        )
    ).all()
    conn.execute(text("DROP TABLE incoming_ids"))
    schema: dict[str, pl.DataType] = {"report_id": pl.String()}
    schema.update({f"{c}_s": BATCH_SCHEMA[c] for c in _CONTENT})
    schema["supersedes_s"] = pl.Int64()
    return pl.DataFrame(found, schema=schema, orient="row")


def _match_without_id(
    conn: Connection, batch: pl.DataFrame, *, import_id: int
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(rows to insert with their seq, rows that contradict an earlier import)."""
    day_keys = ["unit_id", "product_id", "day"]
    _stage(
        conn,
        "incoming_days",
        batch.select(day_keys).unique(),
        "unit_id INTEGER, product_id INTEGER, day INTEGER",
    )
    found = conn.execute(
        text(
            "SELECT r.unit_id, r.product_id, r.day, r.seq, r.quantity, r.grade, r.value, "
            "r.import_id FROM incoming_days i JOIN reports r ON r.unit_id = i.unit_id "
            "AND r.product_id = i.product_id AND r.day = i.day WHERE r.seq IS NOT NULL"
        )
    ).all()
    conn.execute(text("DROP TABLE incoming_days"))
    stored = pl.DataFrame(
        found,
        schema={
            **{c: BATCH_SCHEMA[c] for c in (*day_keys, "seq", *_CONTENT[3:])},
            "import_id": pl.Int64,
        },
        orient="row",
    )
    earlier = stored.filter(pl.col("import_id") != import_id)
    # pair identical reports one to one: the n-th identical row with the n-th stored one
    content = list(_CONTENT)
    ranked = batch.with_columns(pl.int_range(pl.len()).over(content).alias("nth"))
    earlier_ranked = earlier.select(content).with_columns(
        pl.int_range(pl.len()).over(content).alias("nth")
    )
    unmatched = ranked.join(earlier_ranked, on=[*content, "nth"], how="anti", nulls_equal=True)
    clash = unmatched.join(earlier.select(day_keys).unique(), on=day_keys, how="semi")
    fresh = unmatched.join(earlier.select(day_keys).unique(), on=day_keys, how="anti")
    next_seq = stored.group_by(day_keys).agg((pl.col("seq").max() + 1).alias("first_free"))
    fresh = (
        fresh.join(next_seq, on=day_keys, how="left")
        .with_columns(
            (pl.col("first_free").fill_null(0) + pl.int_range(pl.len()).over(day_keys))
            .cast(pl.Int32)
            .alias("seq")
        )
        .select(batch.columns)
    )
    return fresh, clash.select("row", "report_id")


def _clash_text(report_id: str | None) -> str:
    if report_id:
        return (
            f"report_id {report_id!r} is already stored with different content; "
            "to change a report, send a correction with its own report_id, "
            "`supersedes` and a reason"
        )
    return (
        "reports for this unit, day and product are already stored, none with this content; "
        "to change one, send a correction (report_id, supersedes, reason); to add a further "
        "report for the day, give it a report_id"
    )


# -- corrections ------------------------------------------------------------------------------


def _write_corrections(
    conn: Connection,
    batch: pl.DataFrame,
    *,
    import_id: int,
    source: str | None,
    aggregates: PendingAggregates,
) -> int:
    """Insert corrections in file order; return how many were new."""
    written = 0
    problems: list[InputProblem] = []
    for r in batch.sort("row").iter_rows(named=True):

        def refuse(message: str, column: str = "supersedes", row: int = r["row"]) -> None:
            problems.append(InputProblem(message, file=source, row=row, column=column))

        if r["report_id"] is None:
            refuse("a correction needs its own report_id", "report_id")
            continue
        existing = conn.execute(
            select(reports).where(reports.c.report_id == r["report_id"])
        ).one_or_none()
        target = _find_report(conn, r["supersedes"])
        if target is None:
            refuse(f"there is no report {r['supersedes']!r} to supersede")
            continue
        if existing is not None:
            if existing.supersedes == target.id and _same_content(existing, r):
                continue  # this correction was imported before
            refuse(f"report_id {r['report_id']!r} is already stored with different content")
            continue
        if target.unit_id != r["unit_id"]:
            refuse("a correction must be for the same unit as the report it supersedes", "unit")
            continue
        later = conn.execute(
            select(reports.c.report_id, reports.c.id).where(reports.c.supersedes == target.id)
        ).first()
        if later is not None:
            refuse(
                f"report {r['supersedes']!r} was already superseded by "
                f"{later.report_id or later.id}; correct that report instead"
            )
            continue
        values = {c: r[c] for c in INSERT_COLUMNS if c in r}
        values.update(supersedes=target.id, import_id=r.get("import_id") or import_id, seq=None)
        if values.get("extra") is not None:
            values["extra"] = json.loads(str(values["extra"]))
        conn.execute(reports.insert().values(values))
        # same unit, so the superseded report counted in the same region
        old = {c: getattr(target, c) for c in _DELTA_COLUMNS if c != "region_id"}
        old["region_id"] = r["region_id"]
        frame = pl.DataFrame([old, r], schema=dict(BATCH_SCHEMA))
        aggregates.add(pl.concat([_deltas(frame[:1], -1), _deltas(frame[1:], +1)]))
        written += 1
    if problems:
        raise InputError(problems)
    return written


def _same_content(row: Any, r: Mapping[str, Any]) -> bool:
    return bool(
        row.unit_id == r["unit_id"]
        and row.product_id == r["product_id"]
        and row.day == r["day"]
        and row.quantity == r["quantity"]
        and row.grade == r["grade"]
        and row.value == r["value"]
    )


def _find_report(conn: Connection, name: str) -> Any:
    """The stored report called `name`: a report_id, or a natural key `unit|date|product|n`."""
    row = conn.execute(select(reports).where(reports.c.report_id == name)).one_or_none()
    if row is not None:
        return row
    parts = name.split("|")
    if len(parts) != 4 or not parts[3].isdigit():
        return None
    unit_code, day_text, product_code, seq = parts
    try:
        day = day_number(parse_date(day_text))
    except InputError:
        return None
    return conn.execute(
        select(reports)
        .join(units, units.c.id == reports.c.unit_id)
        .join(products, products.c.id == reports.c.product_id)
        .where(
            units.c.code == unit_code,
            products.c.code == product_code,
            reports.c.day == day,
            reports.c.seq == int(seq),
        )
    ).one_or_none()
