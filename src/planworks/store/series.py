"""Daily aggregates: add report deltas to them, and read them back as arrays.

A series row holds one region's (own units') daily figures for one product and year as
366 little-endian float64 (day of year - 1 is the index; 31 December of a common year
is index 364 and index 365 stays 0). Adding a batch of reports is a read-modify-write
of the rows it touches, inside the batch's transaction; rows are locked in key order
(`SELECT ... FOR UPDATE` on PostgreSQL; SQLite has one writer at a time anyway).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt
import polars as pl
from sqlalchemy import Connection, Table, select
from sqlalchemy.dialects import postgresql, sqlite

from planworks.store.among import among
from planworks.store.bulk import add_frame, add_rows, placeholder
from planworks.store.tables import day_grades, day_totals

__all__ = [
    "SLOTS",
    "Daily",
    "PendingAggregates",
    "add_report_deltas",
    "decode",
    "encode",
    "read_grades",
    "read_totals",
    "read_usable",
    "split_days",
]

SLOTS = 366
_ZERO = np.zeros(SLOTS).astype("<f8").tobytes()

T = TypeVar("T")
Key = tuple[Any, ...]  # a row's primary key values (ints and floats)
#: One report's contribution: unit_id, region_id, product_id, quantity, grade, value,
#: reports (+1 counted, -1 withdrawn), day (epoch day).
Delta = tuple[int, int | None, int, float, float | None, float | None, int, int]
Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]


def encode(values: Floats) -> bytes:
    return np.ascontiguousarray(values, dtype="<f8").tobytes()


def decode(blob: bytes) -> Floats:
    return np.frombuffer(blob, dtype="<f8").astype(np.float64)


def decode_many(blobs: Sequence[bytes]) -> Floats:
    """Year vectors, one row each."""
    return np.frombuffer(b"".join(blobs), dtype="<f8").reshape(len(blobs), SLOTS).astype(np.float64)


def split_days(days: npt.ArrayLike) -> tuple[Ints, Ints]:
    """(year, day of year - 1) of epoch days."""
    d = np.asarray(days, dtype="int64")
    years = d.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    starts = (years - 1970).astype("datetime64[Y]").astype("datetime64[D]").astype(np.int64)
    return years, d - starts


def _year_start(year: int) -> int:
    return int(np.datetime64(f"{year:04d}-01-01", "D").astype(np.int64))


def add_report_deltas(conn: Connection, deltas: pl.DataFrame) -> None:
    """Add signed report contributions to every aggregate, now.

    `deltas` has columns unit_id, region_id, product_id, day, quantity, grade (null if
    none), value (null if none), reports (+1 for a report counted, -1 for one withdrawn).
    A superseded report enters with its quantities negated.
    """
    pending = PendingAggregates()
    pending.add(deltas)
    pending.flush(conn)


class PendingAggregates:
    """Report contributions summed in memory, to be written to the aggregates at once.

    A big import adds every batch here and flushes once before it commits, so that a
    unit-month touched by a hundred batches is written once, not a hundred times.
    Small batches (the reports sent through the API) are summed in plain Python: a
    Polars operation costs a few hundred microseconds however small its frame, and a
    group of a dozen reports would spend more on those than on the database.
    """

    #: Re-sum the per-unit rows when this many are waiting, to bound memory.
    compact_at = 4_000_000
    #: Batches of at most this many rows are summed in plain Python.
    small_at = 500

    def __init__(self) -> None:
        self._clear()

    def _clear(self) -> None:
        self._totals: list[pl.DataFrame] = []
        self._grades: list[pl.DataFrame] = []
        self._months: list[pl.DataFrame] = []
        self._waiting = 0
        self._few = _FewSums()

    def add(self, deltas: pl.DataFrame) -> None:
        if deltas.height == 0:
            return
        if deltas.height <= self.small_at:
            self._few.add(deltas)
            return
        d = deltas.with_columns(
            pl.col("value").fill_null(0.0).alias("value_given"),
            pl.when(pl.col("value").is_null())
            .then(0.0)
            .otherwise(pl.col("quantity"))
            .alias("valued"),
        )
        years, slots = split_days(d["day"].to_numpy())
        d = d.with_columns(
            pl.Series("year", years, dtype=pl.Int32),
            pl.Series("slot", slots, dtype=pl.Int32),
            pl.Series("month", _months(d["day"].to_numpy()), dtype=pl.Int32),
        )
        self._totals.append(_sum_totals(d))
        graded = d.filter(pl.col("grade").is_not_null())
        if graded.height:
            self._grades.append(_sum_grades(graded))
        self._months.append(_sum_months(d))
        self._waiting += self._months[-1].height
        if self._waiting > self.compact_at:
            self._months = [_sum_months(pl.concat(self._months))]
            self._waiting = self._months[0].height

    def add_rows(self, deltas: Iterable[Delta]) -> None:
        """Contributions as tuples (a few reports, summed without a frame)."""
        self._few.add_rows(deltas)

    def absorb(self, other: PendingAggregates) -> None:
        """Take over everything waiting in `other` (summed elsewhere, e.g. in a worker)."""
        self._totals += other._totals
        self._grades += other._grades
        self._months += other._months
        self._waiting += other._waiting
        self._few.absorb(other._few)
        other._clear()
        if self._waiting > self.compact_at:
            self._months = [_sum_months(pl.concat(self._months))]
            self._waiting = self._months[0].height

    def flush(self, conn: Connection) -> None:
        """Write everything waiting to the aggregates (in the caller's transaction)."""
        totals = self._few.totals
        if self._totals:
            grouped = _sum_totals(pl.concat(self._totals))
            summed = _vectors(grouped, _TOTAL_KEYS, ("quantity", "value_given", "valued"))
            totals = _merged(summed, totals)
        _write_vectors(conn, day_totals, _TOTAL_KEYS, ("quantity", "value", "valued"), totals)
        grades = self._few.grades
        if self._grades:
            summed = _vectors(_sum_grades(pl.concat(self._grades)), _GRADE_KEYS, ("quantity",))
            grades = _merged(summed, grades)
        _write_vectors(conn, day_grades, _GRADE_KEYS, ("quantity",), grades)
        if self._months:
            months = self._months + ([self._few.months_frame()] if self._few.months else [])
            frame = _sum_months(pl.concat(months))
            add_frame(conn, "unit_months", _MONTH_KEYS, frame.rename({"value_given": "value"}))
        elif self._few.months:
            add_rows(conn, "unit_months", _MONTH_KEYS, _MONTH_COLUMNS, self._few.month_rows())
        self._clear()


_TOTAL_KEYS = ("product_id", "year", "region_id")
_GRADE_KEYS = ("product_id", "year", "grade", "region_id")
_MONTH_KEYS = ("unit_id", "product_id", "month")
_MONTH_COLUMNS = (*_MONTH_KEYS, "quantity", "value", "valued", "reports")


def _months(days: npt.NDArray[Any]) -> Ints:
    """Months since year 0 (year * 12 + month - 1) of epoch days."""
    months: Ints = days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    return months + 1970 * 12


class _FewSums:
    """Contributions summed in dicts: year vectors by key, unit-month sums by key."""

    def __init__(self) -> None:
        self.totals: dict[Key, Floats] = {}  # -> (quantity, value given, valued) x SLOTS
        self.grades: dict[Key, Floats] = {}  # -> (quantity,) x SLOTS
        self.months: dict[Key, list[float]] = {}  # -> quantity, value given, valued, reports

    def add(self, deltas: pl.DataFrame) -> None:
        c = deltas.select(
            "unit_id", "region_id", "product_id", "quantity", "grade", "value", "reports", "day"
        ).to_dict(as_series=False)
        self.add_rows(zip(*c.values(), strict=True))

    def add_rows(self, deltas: Iterable[Delta]) -> None:
        rows = list(deltas)
        days = np.fromiter((r[7] for r in rows), dtype=np.int64, count=len(rows))
        years, slots = split_days(days)
        dated = zip(rows, years.tolist(), slots.tolist(), _months(days).tolist(), strict=True)
        for (unit, region, product, quantity, grade, value, reports, _), year, slot, month in dated:
            given, valued = (0.0, 0.0) if value is None else (value, quantity)
            vectors = self.totals.get((product, year, region))
            if vectors is None:
                vectors = self.totals[(product, year, region)] = np.zeros((3, SLOTS))
            vectors[:, slot] += (quantity, given, valued)
            if grade is not None:
                vector = self.grades.get((product, year, grade, region))
                if vector is None:
                    vector = self.grades[(product, year, grade, region)] = np.zeros((1, SLOTS))
                vector[0, slot] += quantity
            sums = self.months.setdefault((unit, product, month), [0.0, 0.0, 0.0, 0])
            sums[0] += quantity
            sums[1] += given
            sums[2] += valued
            sums[3] += reports

    def absorb(self, other: _FewSums) -> None:
        self.totals = _merged(self.totals, other.totals)
        self.grades = _merged(self.grades, other.grades)
        for key, add in other.months.items():
            sums = self.months.setdefault(key, [0.0, 0.0, 0.0, 0])
            for i in range(4):
                sums[i] += add[i]

    def month_rows(self) -> list[tuple[Any, ...]]:
        """The unit-month sums as rows of `_MONTH_COLUMNS`, in key order."""
        return [(*key, *sums[:3], int(sums[3])) for key, sums in sorted(self.months.items())]

    def months_frame(self) -> pl.DataFrame:
        keys = sorted(self.months)
        sums = [self.months[k] for k in keys]
        return pl.DataFrame(
            {
                "unit_id": [k[0] for k in keys],
                "product_id": [k[1] for k in keys],
                "month": [k[2] for k in keys],
                "quantity": [s[0] for s in sums],
                "value_given": [s[1] for s in sums],
                "valued": [s[2] for s in sums],
                "reports": [int(s[3]) for s in sums],
            },
            schema={
                "unit_id": pl.Int32,
                "product_id": pl.Int32,
                "month": pl.Int32,
                "quantity": pl.Float64,
                "value_given": pl.Float64,
                "valued": pl.Float64,
                "reports": pl.Int64,
            },
        )


def _merged(into: dict[Key, Floats], more: dict[Key, Floats]) -> dict[Key, Floats]:
    """`into` with `more` added key by key (`into` may be changed)."""
    if not into:
        return dict(more)
    for key, add in more.items():
        have = into.get(key)
        into[key] = add.copy() if have is None else have + add
    return into


def _sum_totals(d: pl.DataFrame) -> pl.DataFrame:
    return d.group_by("product_id", "year", "region_id", "slot").agg(
        pl.col("quantity").sum(), pl.col("value_given").sum(), pl.col("valued").sum()
    )


def _sum_grades(d: pl.DataFrame) -> pl.DataFrame:
    return d.group_by("product_id", "year", "grade", "region_id", "slot").agg(
        pl.col("quantity").sum()
    )


def _sum_months(d: pl.DataFrame) -> pl.DataFrame:
    return (
        d.group_by("unit_id", "product_id", "month")
        .agg(
            pl.col("quantity").sum(),
            pl.col("value_given").sum(),
            pl.col("valued").sum(),
            pl.col("reports").sum(),
        )
        .sort("unit_id", "product_id", "month")
    )


def _vectors(
    grouped: pl.DataFrame, keys: Sequence[str], measures: Sequence[str]
) -> dict[Key, Floats]:
    """Per-slot sums (one row per key and slot) as year vectors by key, one row per measure."""
    rows = grouped.sort([*keys, "slot"])
    key_frame = rows.select(keys).unique(maintain_order=True)
    # position of each grouped row's key in key_frame, to scatter slots into vectors
    idx = rows.join(key_frame.with_row_index("k"), on=list(keys), how="left")["k"].to_numpy()
    slot = rows["slot"].to_numpy()
    matrix = np.zeros((key_frame.height, len(measures), SLOTS))
    for j, source in enumerate(measures):
        np.add.at(matrix[:, j, :], (idx, slot), rows[source].to_numpy())
    return {key: matrix[i] for i, key in enumerate(key_frame.rows())}


def _write_vectors(
    conn: Connection,
    table: Table,
    keys: Sequence[str],
    measures: Sequence[str],
    vectors: dict[Key, Floats],
) -> None:
    """Add year vectors (by key, one row per measure) to the rows of `table`."""
    if not vectors:
        return
    key_rows = sorted(vectors)
    current = _lock_and_read(conn, table, keys, key_rows, measures)
    missing = [k for k in key_rows if k not in current]
    if missing:
        _ensure_rows(conn, table, keys, missing, measures)
        current.update(_lock_and_read(conn, table, keys, missing, measures))
    mark = placeholder(conn)
    sets = ", ".join(f"{m} = {mark}" for m in measures)
    where = " AND ".join(f"{k} = {mark}" for k in keys)
    params = [
        (
            *(
                encode(decode(old) + add)
                for old, add in zip(current[key], vectors[key], strict=True)
            ),
            *key,
        )
        for key in key_rows
    ]
    conn.exec_driver_sql(f"UPDATE {table.name} SET {sets} WHERE {where}", params)


def _ensure_rows(
    conn: Connection,
    table: Table,
    keys: Sequence[str],
    key_rows: Sequence[Key],
    measures: Sequence[str],
) -> None:
    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    values = [
        {**dict(zip(keys, key, strict=True)), **dict.fromkeys(measures, _ZERO)} for key in key_rows
    ]
    for chunk in _chunks(values, 5000):
        conn.execute(insert(table).on_conflict_do_nothing(), chunk)


def _lock_and_read(
    conn: Connection,
    table: Table,
    keys: Sequence[str],
    key_rows: Sequence[Key],
    measures: Sequence[str],
) -> dict[Key, tuple[bytes, ...]]:
    """The current vectors of the given keys that exist, locked for update, read in key
    order: one indexed read for each value of the leading keys."""
    lead, last = list(keys[:-1]), keys[-1]
    groups: dict[Key, list[Any]] = {}
    for key in key_rows:
        groups.setdefault(key[:-1], []).append(key[-1])
    mark = placeholder(conn)
    columns = ", ".join([*keys, *measures])
    lock = " FOR UPDATE" if conn.dialect.name == "postgresql" else ""
    out: dict[Key, tuple[bytes, ...]] = {}
    for head in sorted(groups):
        for chunk in _chunks(sorted(groups[head]), 5000):
            where = " AND ".join(f"{k} = {mark}" for k in lead)
            among = ", ".join([mark] * len(chunk))
            sql = (
                f"SELECT {columns} FROM {table.name} WHERE {where} AND {last} IN ({among}) "
                f"ORDER BY {last}{lock}"
            )
            for row in conn.exec_driver_sql(sql, (*head, *chunk)).fetchall():
                out[tuple(row[: len(keys)])] = tuple(row[len(keys) :])
    return out


def _chunks(items: Sequence[T], size: int) -> Iterable[Sequence[T]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


@dataclass(frozen=True)
class Daily:
    """Daily figures of some regions over a run of days: rows = regions, columns = days."""

    first_day: int  # epoch day of column 0
    region_ids: tuple[int, ...]
    quantity: Floats
    value: Floats  # value given in reports
    valued: Floats  # quantity that given value covers

    def output_value(self, price: float | None) -> Floats:
        """Output value: the value reports give, else quantity x constant price."""
        value: Floats = self.value + (price or 0.0) * (self.quantity - self.valued)
        return value


def read_totals(
    conn: Connection,
    product_id: int,
    first_day: int,
    last_day: int,
    region_ids: Sequence[int] | None = None,
    *,
    with_value: bool = True,
) -> Daily:
    """Each region's own daily totals of a product over [first_day, last_day].

    Without `region_ids`, every region with any figure in those years. Without
    `with_value`, only quantities are read (value and valued are left 0).
    """
    y0, _ = split_days([first_day])
    y1, _ = split_days([last_day])
    measures = [day_totals.c.quantity]
    if with_value:
        measures += [day_totals.c.value, day_totals.c.valued]
    stmt = select(day_totals.c.region_id, day_totals.c.year, *measures).where(
        day_totals.c.product_id == product_id,
        day_totals.c.year.between(int(y0[0]), int(y1[0])),
    )
    if region_ids is not None:
        stmt = stmt.where(among(day_totals.c.region_id, region_ids))
    rows = conn.execute(stmt).all()
    ids = tuple(sorted({r[0] for r in rows} if region_ids is None else set(region_ids)))
    pos = {r: i for i, r in enumerate(ids)}
    width = last_day - first_day + 1
    out = [np.zeros((len(ids), width)) for _ in range(3)]
    by_year: dict[int, list[Any]] = {}
    for row in rows:
        by_year.setdefault(row[1], []).append(row)
    for year, of_year in by_year.items():  # a year's rows at once: one decode, one add
        at = np.array([pos[r[0]] for r in of_year], dtype=np.int64)
        for m in range(len(measures)):
            blobs = [r[2 + m] for r in of_year]
            _add_years(out[m], at, blobs, year, first_day, last_day)
    return Daily(first_day, ids, out[0], out[1], out[2])


def read_usable(
    conn: Connection, product_id: int, first_day: int, last_day: int, min_grade: float
) -> tuple[tuple[int, ...], Floats]:
    """Each region's own daily quantity graded at or above `min_grade` over [first_day,
    last_day]: the regions with any (ascending ids) and their rows."""
    y0, _ = split_days([first_day])
    y1, _ = split_days([last_day])
    rows = conn.execute(
        select(
            day_grades.c.region_id, day_grades.c.year, day_grades.c.grade, day_grades.c.quantity
        ).where(
            day_grades.c.product_id == product_id,
            day_grades.c.year.between(int(y0[0]), int(y1[0])),
            day_grades.c.grade >= min_grade,
        )
    ).all()
    ids = tuple(sorted({r[0] for r in rows}))
    pos = {r: i for i, r in enumerate(ids)}
    out = np.zeros((len(ids), last_day - first_day + 1))
    # a year's rows of one grade at once: one decode, one add (a region once in each)
    blocks: dict[tuple[int, float], list[Any]] = {}
    for row in rows:
        blocks.setdefault((row[1], row[2]), []).append(row)
    for (year, _grade), of_block in blocks.items():
        at = np.array([pos[r[0]] for r in of_block], dtype=np.int64)
        _add_years(out, at, [r[3] for r in of_block], year, first_day, last_day)
    return ids, out


def _add_years(
    out: Floats, rows: Ints, blobs: Sequence[bytes], year: int, first_day: int, last_day: int
) -> None:
    """Add year vectors (one blob per row of `out`, no row twice) into `out`'s columns
    [first_day, last_day], where the year overlaps them."""
    start = _year_start(year)
    lo, hi = max(first_day, start), min(last_day, start + SLOTS - 1)
    if lo > hi:
        return
    block = decode_many(blobs)
    out[rows, lo - first_day : hi - first_day + 1] += block[:, lo - start : hi - start + 1]


def read_grades(
    conn: Connection,
    product_id: int,
    first_day: int,
    last_day: int,
    region_ids: Sequence[int],
) -> dict[float, Floats]:
    """Daily quantity by grade over [first_day, last_day], summed over the given regions."""
    y0, _ = split_days([first_day])
    y1, _ = split_days([last_day])
    stmt = select(day_grades.c.grade, day_grades.c.year, day_grades.c.quantity).where(
        day_grades.c.product_id == product_id,
        day_grades.c.year.between(int(y0[0]), int(y1[0])),
        among(day_grades.c.region_id, region_ids),
    )
    width = last_day - first_day + 1
    out: dict[float, Floats] = {}
    for row in conn.execute(stmt):
        target = out.setdefault(float(row.grade), np.zeros(width))
        _place(target, decode(row.quantity), _year_start(row.year), first_day, last_day)
    return out


def _place(target: Floats, vector: Floats, year_start: int, first_day: int, last_day: int) -> None:
    """Add the part of a year vector that falls in [first_day, last_day] into `target`."""
    lo = max(first_day, year_start)
    hi = min(last_day, year_start + SLOTS - 1)
    if lo > hi:
        return
    target[lo - first_day : hi - first_day + 1] += vector[lo - year_start : hi - year_start + 1]
