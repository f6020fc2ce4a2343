"""Moving frames in and out of the database at the speed of the driver.

SQLAlchemy's executemany builds a parameter dict per row, which costs more than the
database's own work for millions of rows. Here rows go to the driver as tuples
(SQLite) or as one COPY stream (PostgreSQL), inside the caller's transaction. A few
rows are added as tuples on both (`add_rows`): a COPY through a staging table costs
PostgreSQL more statements than a handful of rows cost it.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

import polars as pl
from sqlalchemy import Connection

__all__ = ["add_frame", "add_rows", "insert_frame", "placeholder"]

#: Up to this many rows, `add_frame` adds them as tuples on PostgreSQL too.
FEW_ROWS = 1_000


def insert_frame(conn: Connection, table: str, frame: pl.DataFrame) -> None:
    """Append a frame's rows to `table` (its columns named as the frame's)."""
    if frame.height == 0:
        return
    if conn.dialect.name == "postgresql":
        _copy(conn, table, frame)
        return
    placeholders = ", ".join("?" * frame.width)
    columns = ", ".join(f'"{c}"' for c in frame.columns)
    cursor: Any = conn.connection.cursor()
    try:
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({placeholders})",
            zip(*(frame[c].to_list() for c in frame.columns), strict=True),
        )
    finally:
        cursor.close()


def _copy(conn: Connection, table: str, frame: pl.DataFrame) -> None:
    """COPY a frame in CSV (an empty field is NULL, a quoted empty one an empty string)."""
    buffer = io.BytesIO()
    frame.write_csv(buffer, include_header=False)
    data = buffer.getbuffer()
    columns = ", ".join(f'"{c}"' for c in frame.columns)
    cursor: Any = conn.connection.cursor()
    try:
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT csv)") as copy:
            step = 8 << 20
            for i in range(0, len(data), step):
                copy.write(data[i : i + step])
    finally:
        cursor.close()


def add_frame(conn: Connection, table: str, keys: Sequence[str], frame: pl.DataFrame) -> None:
    """Add the frame's other columns to the rows of `table` with the same keys,
    inserting the rows that are not there yet."""
    if frame.height == 0:
        return
    if conn.dialect.name == "postgresql" and frame.height > FEW_ROWS:
        columns = ", ".join(f'"{c}"' for c in frame.columns)
        staging = f"incoming_{table}"
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {staging}")
        conn.exec_driver_sql(
            f"CREATE TEMPORARY TABLE {staging} (LIKE {table} INCLUDING DEFAULTS) ON COMMIT DROP"
        )
        _copy(conn, staging, frame)
        conn.exec_driver_sql(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {staging} "
            + _adding(table, keys, frame.columns)
        )
        conn.exec_driver_sql(f"DROP TABLE {staging}")
        return
    rows = zip(*(frame[c].to_list() for c in frame.columns), strict=True)
    add_rows(conn, table, keys, frame.columns, rows)


def add_rows(
    conn: Connection,
    table: str,
    keys: Sequence[str],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
) -> None:
    """Add each row's values of the other columns to the row of `table` with the same
    keys, inserting the rows that are not there yet (tuples in `columns`' order)."""
    names = ", ".join(f'"{c}"' for c in columns)
    placeholders = ", ".join([placeholder(conn)] * len(columns))
    cursor: Any = conn.connection.cursor()
    try:
        cursor.executemany(
            f"INSERT INTO {table} ({names}) VALUES ({placeholders}) "
            + _adding(table, keys, columns),
            list(rows),
        )
    finally:
        cursor.close()


def _adding(table: str, keys: Sequence[str], columns: Sequence[str]) -> str:
    """The clause of an insert that adds to the row of the same keys, if there is one."""
    conflict = ", ".join(f'"{k}"' for k in keys)
    adds = ", ".join(f'"{c}" = {table}."{c}" + excluded."{c}"' for c in columns if c not in keys)
    return f"ON CONFLICT ({conflict}) DO UPDATE SET {adds}"


def placeholder(conn: Connection) -> str:
    """The driver's mark for a parameter (`?` for SQLite, `%s` for psycopg)."""
    return "?" if conn.dialect.paramstyle == "qmark" else "%s"
