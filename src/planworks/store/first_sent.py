"""Writing what the audit reads beside the reports: kept as first sent.

Units' inputs, stock accounts, shipments and regions' own totals are stored once and
never changed, like reports. A row whose key (the unique index of its table) is stored
already with the same figures is a re-send and changes nothing; with other figures it
is refused, naming its row and the figure that differs. Rows of one import with the same
key add up where the format says so (inputs, shipments), with the extra columns of the
first of them that has any.

Like reports, a batch first tries one bulk insert inside a savepoint; only if a key is
taken is the batch staged in a temporary table, compared with the stored rows there and
its new rows inserted from there. The frames
handed in are checked (`planworks.ingest.ledgers`) and their codes resolved to ids.
Reading these tables back is `planworks.store.ledgers`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl
from sqlalchemy import Connection, Table, text
from sqlalchemy.exc import IntegrityError

from planworks.domain.errors import InputError, InputProblem
from planworks.store.bulk import insert_frame
from planworks.store.catalog import SyncCounts
from planworks.store.tables import region_reports, shipments, unit_balances, unit_inputs

__all__ = [
    "record_balances",
    "record_first_sent",
    "record_inputs",
    "record_region_reports",
    "record_shipments",
]


def record_inputs(
    conn: Connection, incoming: pl.DataFrame, *, import_id: int, source: str
) -> SyncCounts:
    """What units used (unit_id, product_id, day, input_id, quantity, extra, row)."""
    return record_first_sent(
        conn,
        unit_inputs,
        incoming,
        keys=["unit_id", "product_id", "day", "input_id"],
        figures=["quantity"],
        add_up=True,
        import_id=import_id,
        source=source,
    )


def record_balances(
    conn: Connection, incoming: pl.DataFrame, *, import_id: int, source: str
) -> SyncCounts:
    """Stock accounts (unit_id, product_id, day, opening, received, shipped, used,
    closing, extra, row), one per key."""
    return record_first_sent(
        conn,
        unit_balances,
        incoming,
        keys=["unit_id", "product_id", "day"],
        figures=["opening", "closing", "received", "shipped", "used"],
        add_up=False,
        import_id=import_id,
        source=source,
    )


def record_shipments(
    conn: Connection, incoming: pl.DataFrame, *, import_id: int, source: str
) -> SyncCounts:
    """Shipments (source_id, target_id, product_id, day, side, quantity, rejected (null:
    none said), extra, row)."""
    return record_first_sent(
        conn,
        shipments,
        incoming,
        keys=["source_id", "target_id", "product_id", "day", "side"],
        figures=["quantity", "rejected"],
        add_up=True,
        import_id=import_id,
        source=source,
    )


def record_region_reports(
    conn: Connection, incoming: pl.DataFrame, *, import_id: int, source: str
) -> SyncCounts:
    """Regions' own totals (region_id, product_id, day, quantity, extra, row), one per key."""
    return record_first_sent(
        conn,
        region_reports,
        incoming,
        keys=["region_id", "product_id", "day"],
        figures=["quantity"],
        add_up=False,
        import_id=import_id,
        source=source,
    )


def record_first_sent(
    conn: Connection,
    table: Table,
    incoming: pl.DataFrame,
    *,
    keys: Sequence[str],
    figures: Sequence[str],
    add_up: bool,
    import_id: int,
    source: str,
) -> SyncCounts:
    """Insert the rows whose key is new; leave those stored with the same figures; raise
    `InputError` naming each row of `source` stored with other figures, before anything
    is inserted.

    `incoming` has the `keys`, the `figures`, `extra` (JSON text or null) and `row` (its
    line in `source`). With `add_up`, rows with the same key are summed into one (else
    the caller has made the keys unique).
    """
    if incoming.height == 0:
        return SyncCounts()
    rows = _one_per_key(incoming, keys, figures, add_up=add_up)
    new = rows.select(
        *keys, *figures, pl.lit(import_id, dtype=pl.Int32).alias("import_id"), "extra"
    )
    # the bulk paths use the driver's cursor, so its own exception class comes through
    taken = (IntegrityError, conn.dialect.loaded_dbapi.IntegrityError)
    try:
        with conn.begin_nested():
            insert_frame(conn, table.name, new)
        return SyncCounts(inserted=rows.height)
    except taken:
        pass  # some keys are stored already: compare their figures, below
    return _against_stored(conn, table, rows, keys, figures, import_id=import_id, source=source)


def _one_per_key(
    incoming: pl.DataFrame, keys: Sequence[str], figures: Sequence[str], *, add_up: bool
) -> pl.DataFrame:
    """One row per key, at the first row of its key, with `rows`: the rows it sums."""
    if not add_up or not incoming.select(pl.struct(keys).is_duplicated().any()).item():
        return incoming.select(
            *keys, *figures, "extra", "row", pl.concat_list(pl.col("row")).alias("rows")
        )
    return (
        incoming.sort("row")
        .group_by(keys, maintain_order=True)
        .agg(
            # a figure none of the rows gives stays unsaid (null), not 0
            *(
                pl.when(pl.col(f).is_not_null().any()).then(pl.col(f).sum()).alias(f)
                for f in figures
            ),
            pl.col("extra").drop_nulls().first(),
            pl.col("row").first(),
            pl.col("row").alias("rows"),
        )
        .select(*keys, *figures, "extra", "row", "rows")
    )


def _against_stored(
    conn: Connection,
    table: Table,
    rows: pl.DataFrame,
    keys: Sequence[str],
    figures: Sequence[str],
    *,
    import_id: int,
    source: str,
) -> SyncCounts:
    """Stage the rows beside the table and compare them there, so that re-importing
    millions of identical rows moves nothing back out of the database; then insert the
    new ones from the staging table."""
    staging = f"incoming_{table.name}"
    staged = ", ".join(f'"{c}"' for c in (*keys, *figures, "extra"))
    conn.execute(text(f"DROP TABLE IF EXISTS {staging}"))
    # the staging table takes its columns' types from the table itself
    conn.execute(
        text(
            f"CREATE TEMPORARY TABLE {staging} AS SELECT {staged}, "
            f'CAST(NULL AS BIGINT) AS "row" FROM {table.name} LIMIT 0'
        )
    )
    insert_frame(conn, staging, rows.select(*keys, *figures, "extra", "row"))
    if conn.dialect.name == "postgresql":
        conn.execute(text(f"ANALYZE {staging}"))
    on = " AND ".join(f't."{k}" = i."{k}"' for k in keys)
    joined = f"FROM {staging} i JOIN {table.name} t ON {on}"
    sent = ", ".join(f'i."{f}"' for f in figures)
    kept = ", ".join(f't."{f}"' for f in figures)
    # figures may be null (unsaid): null is the same as null, and differs from a number
    distinct = "IS DISTINCT FROM" if conn.dialect.name == "postgresql" else "IS NOT"
    differs = " OR ".join(f'i."{f}" {distinct} t."{f}"' for f in figures)
    clashes = conn.execute(
        text(f'SELECT i."row", {sent}, {kept} {joined} WHERE {differs} ORDER BY i."row"')
    ).all()
    if clashes:
        _refuse(clashes, rows, figures, source)
    matched = int(conn.execute(text(f"SELECT count(*) {joined}")).scalar_one())
    columns = ", ".join(f'"{c}"' for c in (*keys, *figures, "import_id", "extra"))
    values = ", ".join(f'i."{c}"' for c in (*keys, *figures))
    conn.execute(
        text(
            f"INSERT INTO {table.name} ({columns}) SELECT {values}, :import_id, i.extra "
            f"FROM {staging} i WHERE NOT EXISTS (SELECT 1 FROM {table.name} t WHERE {on})"
        ),
        {"import_id": import_id},
    )
    conn.execute(text(f"DROP TABLE {staging}"))
    return SyncCounts(inserted=rows.height - matched, unchanged=matched)


def _refuse(
    clashes: Sequence[Sequence[Any]], rows: pl.DataFrame, figures: Sequence[str], source: str
) -> None:
    """Raise the error that names every figure of every row that differs from the stored."""
    clash_rows = [c[0] for c in clashes]
    together = dict(rows.filter(pl.col("row").is_in(clash_rows)).select("row", "rows").iter_rows())
    n = len(figures)
    problems = [
        InputProblem(
            _clash_text(column, c[1 + i], c[1 + n + i], together[c[0]]),
            file=source,
            row=c[0],
            column=column,
        )
        for c in clashes
        for i, column in enumerate(figures)
        if c[1 + i] != c[1 + n + i]
    ]
    shown = problems[: InputError.shown]
    raise InputError(shown, more=len(problems) - len(shown))


def _clash_text(column: str, sent: float | None, kept: float | None, together: list[int]) -> str:
    summed = f" (rows {', '.join(map(str, together))} together)" if len(together) > 1 else ""
    return (
        f"already stored with another {column}: {_number(kept)} stored, "
        f"{_number(sent)} sent{summed}; figures are kept as first sent"
    )


def _number(x: float | None) -> str:
    """A number as people write it: 5, not 5.0; nothing (null) as none."""
    return "none" if x is None else repr(float(x)).removesuffix(".0")
