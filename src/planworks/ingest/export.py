"""Exporting the database as a scenario folder that imports back to the same state.

Every version of every report is written: plain reports first, ordered so that a
report without a report_id gets back its place among its unit's reports of the day,
then corrections in the order they were made. Plans are written with their version.
Columns that came as extras are written back as columns. What the audit reads beside
the reports (inputs, balances, shipments, region_reports: a row per unit and day) is
written as units and reports are, in batches and in the chosen format, and only when
there is some.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Literal

import polars as pl
import pyarrow.parquet as pq
from sqlalchemy import Connection, Engine, Float, Select, Table, func, literal, select

from planworks.domain.model import VALUE
from planworks.store.migrate import require_current
from planworks.store.tables import (
    campaigns,
    inspection_problems,
    links,
    plans,
    products,
    recipes,
    region_reports,
    regions,
    reports,
    shipments,
    stocks,
    trial_events,
    unit_balances,
    unit_inputs,
    units,
    workforce,
)

__all__ = ["ExportSummary", "export_folder"]

Format = Literal["csv", "parquet"]


@dataclass(frozen=True)
class ExportSummary:
    folder: Path
    files: dict[str, int]  # file name -> rows written


def export_folder(
    engine: Engine,
    folder: Path,
    *,
    fmt: Format = "csv",
    progress: Callable[[int, int], None] | None = None,
    batch_rows: int = 1_000_000,
) -> ExportSummary:
    """Write the whole database as a scenario folder (CSV, or Parquet for big tables)."""
    require_current(engine)
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, int] = {}
    with engine.connect() as conn, conn.begin():  # one consistent snapshot
        for name, stmt in _small_tables().items():
            files[f"{name}.csv"] = _write(_frame(conn, stmt), folder / f"{name}.csv", "csv")
        unit_file = f"units.{fmt}"
        files[unit_file] = _write(_frame(conn, _units()), folder / unit_file, fmt)
        files[f"reports.{fmt}"] = _write_reports(conn, folder, fmt, progress, batch_rows)
        for name, (table, stmt) in _ledgers().items():
            written = _write_ledger(conn, table, stmt, folder / f"{name}.{fmt}", fmt, batch_rows)
            if written:
                files[f"{name}.{fmt}"] = written
    return ExportSummary(folder, files)


def _frame(conn: Connection, stmt: Select[Any]) -> pl.DataFrame:
    result = conn.execute(stmt)
    columns = list(result.keys())
    rows = result.all()
    frame = pl.DataFrame(rows, schema=columns, orient="row", infer_schema_length=None)
    return _expand_extra(frame)


def _expand_extra(frame: pl.DataFrame, names: list[str] | None = None) -> pl.DataFrame:
    """Turn the `extra` column (JSON objects) back into columns of their own (`names`,
    else every key that occurs)."""
    if "extra" not in frame.columns:
        return frame
    extras = [e if isinstance(e, dict) else json.loads(e) if e else {} for e in frame["extra"]]
    if names is None:
        names = sorted({k for e in extras for k in e})
    frame = frame.drop("extra")
    for name in names:
        if name in frame.columns:  # never shadow a column of the format
            continue
        frame = frame.with_columns(pl.Series(name, [e.get(name) for e in extras], dtype=pl.String))
    return frame


def _small_tables() -> dict[str, Select[Any]]:
    parent = regions.alias("parent")
    item = products.alias("item")
    source, target = regions.alias("source"), regions.alias("target")
    return {
        "regions": select(
            regions.c.code,
            parent.c.code.label("parent"),
            regions.c.level,
            regions.c.name,
            regions.c.name_zh,
            regions.c.extra,
        )
        .outerjoin(parent, parent.c.id == regions.c.parent_id)
        .order_by(regions.c.id),
        "products": select(
            products.c.code,
            products.c.name,
            products.c.name_zh,
            products.c.uom,
            products.c.uom_zh,
            products.c.price,
            products.c.grades,
            products.c.min_grade,
            products.c.extra,
        ).order_by(products.c.id),
        "plans": select(
            func.coalesce(regions.c.code, units.c.code).label("scope"),
            func.coalesce(products.c.code, literal(VALUE)).label("product"),
            plans.c.start.label("start"),
            plans.c.end.label("end"),
            plans.c.target,
            plans.c.name.label("plan"),
            plans.c.version,
            plans.c.priority,
            plans.c.extra,
        )
        .select_from(plans)
        .outerjoin(regions, regions.c.id == plans.c.region_id)
        .outerjoin(units, units.c.id == plans.c.unit_id)
        .outerjoin(products, products.c.id == plans.c.product_id)
        .order_by(plans.c.id),
        "recipes": select(
            products.c.code.label("product"),
            recipes.c.kind,
            item.c.code.label("input"),
            recipes.c.per_unit,
            recipes.c.role,
            regions.c.code.label("region"),
            recipes.c.low,
            recipes.c.high,
            recipes.c.extra,
        )
        .join(products, products.c.id == recipes.c.product_id)
        .join(item, item.c.id == recipes.c.item_id)
        .outerjoin(regions, regions.c.id == recipes.c.region_id)
        .order_by(recipes.c.id),
        "links": select(
            source.c.code.label("source"),
            target.c.code.label("target"),
            links.c.mode,
            links.c.capacity,
            links.c.cost,
            links.c.extra,
        )
        .join(source, source.c.id == links.c.source_id)
        .join(target, target.c.id == links.c.target_id)
        .order_by(links.c.id),
        "stocks": select(
            regions.c.code.label("region"),
            products.c.code.label("product"),
            stocks.c.day.label("date"),
            stocks.c.quantity,
            stocks.c.extra,
        )
        .join(regions, regions.c.id == stocks.c.region_id)
        .join(products, products.c.id == stocks.c.product_id)
        .order_by(stocks.c.id),
        "trials": select(
            units.c.code.label("unit"),
            products.c.code.label("product"),
            trial_events.c.stage,
            trial_events.c.day.label("date"),
            trial_events.c.note,
            trial_events.c.extra,
        )
        .join(units, units.c.id == trial_events.c.unit_id)
        .join(products, products.c.id == trial_events.c.product_id)
        .order_by(trial_events.c.id),
        "campaigns": select(
            campaigns.c.code,
            campaigns.c.name,
            campaigns.c.name_zh,
            func.coalesce(regions.c.code, units.c.code).label("scope"),
            campaigns.c.start.label("start"),
            campaigns.c.end.label("end"),
            campaigns.c.inspectors,
            campaigns.c.extra,
        )
        .select_from(campaigns)
        .outerjoin(regions, regions.c.id == campaigns.c.region_id)
        .outerjoin(units, units.c.id == campaigns.c.unit_id)
        .order_by(campaigns.c.id),
        "inspections": select(
            campaigns.c.code.label("campaign"),
            units.c.code.label("unit"),
            inspection_problems.c.found,
            inspection_problems.c.problem,
            inspection_problems.c.measure,
            inspection_problems.c.owner,
            inspection_problems.c.due,
            inspection_problems.c.done,
            inspection_problems.c.extra,
        )
        .join(campaigns, campaigns.c.id == inspection_problems.c.campaign_id)
        .join(units, units.c.id == inspection_problems.c.unit_id)
        .order_by(inspection_problems.c.id),
        "workforce": select(
            units.c.code.label("unit"),
            workforce.c.day.label("date"),
            workforce.c.workers,
            workforce.c.extra,
        )
        .join(units, units.c.id == workforce.c.unit_id)
        .order_by(workforce.c.id),
    }


def _units() -> Select[Any]:
    merged = units.alias("merged")
    return (
        select(
            units.c.code,
            units.c.name,
            units.c.name_zh,
            regions.c.code.label("region"),
            units.c.kind,
            units.c.industry,
            products.c.code.label("product"),
            units.c.capacity,
            units.c.opened,
            units.c.closed,
            units.c.status,
            merged.c.code.label("merged_into"),
            units.c.cost,
            units.c.extra,
        )
        .join(regions, regions.c.id == units.c.region_id)
        .outerjoin(products, products.c.id == units.c.product_id)
        .outerjoin(merged, merged.c.id == units.c.merged_into_id)
        .order_by(units.c.id)
    )


def _ledgers() -> dict[str, tuple[Table, Select[Any]]]:
    """What the audit reads beside the reports, by file: its table, and its rows with codes."""
    made, used = products.alias("made"), products.alias("used")
    source, target = units.alias("source"), units.alias("target")
    return {
        "inputs": (
            unit_inputs,
            select(
                units.c.code.label("unit"),
                unit_inputs.c.day.label("date"),
                made.c.code.label("product"),
                used.c.code.label("input"),
                unit_inputs.c.quantity,
                unit_inputs.c.extra,
            )
            .join(units, units.c.id == unit_inputs.c.unit_id)
            .join(made, made.c.id == unit_inputs.c.product_id)
            .join(used, used.c.id == unit_inputs.c.input_id)
            .order_by(unit_inputs.c.id),
        ),
        "balances": (
            unit_balances,
            select(
                units.c.code.label("unit"),
                unit_balances.c.day.label("date"),
                products.c.code.label("product"),
                unit_balances.c.opening,
                unit_balances.c.closing,
                unit_balances.c.received,
                unit_balances.c.shipped,
                unit_balances.c.used,
                unit_balances.c.extra,
            )
            .join(units, units.c.id == unit_balances.c.unit_id)
            .join(products, products.c.id == unit_balances.c.product_id)
            .order_by(unit_balances.c.id),
        ),
        "shipments": (
            shipments,
            select(
                source.c.code.label("source"),
                target.c.code.label("target"),
                products.c.code.label("product"),
                shipments.c.day.label("date"),
                shipments.c.quantity,
                shipments.c.side,
                shipments.c.rejected,
                shipments.c.extra,
            )
            .join(source, source.c.id == shipments.c.source_id)
            .join(target, target.c.id == shipments.c.target_id)
            .join(products, products.c.id == shipments.c.product_id)
            .order_by(shipments.c.id),
        ),
        "region_reports": (
            region_reports,
            select(
                regions.c.code.label("region"),
                region_reports.c.day.label("date"),
                products.c.code.label("product"),
                region_reports.c.quantity,
                region_reports.c.extra,
            )
            .join(regions, regions.c.id == region_reports.c.region_id)
            .join(products, products.c.id == region_reports.c.product_id)
            .order_by(region_reports.c.id),
        ),
    }


def _write_ledger(
    conn: Connection, table: Table, stmt: Select[Any], path: Path, fmt: Format, batch_rows: int
) -> int:
    """Write a table's rows in batches (the file only if there are rows); how many."""
    # every batch has the same columns, so the extra columns of all rows come first
    keys: set[str] = set()
    for (extra,) in conn.execute(select(table.c.extra).where(table.c.extra.is_not(None))):
        keys.update(extra)
    result = conn.execution_options(stream_results=True, yield_per=batch_rows).execute(stmt)
    columns = list(result.keys())
    # typed alike in every batch, even one where a figure is always empty (Parquet)
    floats = [c for c in columns if c in table.c and isinstance(table.c[c].type, Float)]
    written = 0
    writer: pq.ParquetWriter | None = None
    out: BinaryIO | None = None
    try:
        for part in result.partitions(batch_rows):
            rows = [
                (*r[:-1], None if r[-1] is None else json.dumps(r[-1], sort_keys=True))
                for r in part
            ]
            frame = pl.DataFrame(rows, schema=columns, orient="row", infer_schema_length=None)
            frame = _expand_extra(frame, sorted(keys)).with_columns(
                pl.col("date").cast(pl.Int32).cast(pl.Date),
                *(pl.col(c).cast(pl.Float64) for c in floats),
            )
            out = out or path.open("wb")
            if fmt == "parquet":
                arrow = frame.to_arrow()
                writer = writer or pq.ParquetWriter(out, arrow.schema)
                writer.write_table(arrow)
            else:
                frame.write_csv(out, include_header=written == 0)
            written += frame.height
    finally:
        if writer is not None:
            writer.close()
        if out is not None:
            out.close()
    return written


_DATE_COLUMNS = ("start", "end", "opened", "closed", "date", "found", "due", "done")


def _write(frame: pl.DataFrame, path: Path, fmt: Format) -> int:
    dates = [c for c in _DATE_COLUMNS if c in frame.columns]
    frame = frame.with_columns(pl.col(c).cast(pl.Int32).cast(pl.Date) for c in dates)
    if fmt == "parquet":
        frame.write_parquet(path)
    else:
        frame.write_csv(path)
    return frame.height


def _reports(corrections: bool) -> Select[Any]:
    """Reports with codes (and the report each corrects), plain ones or corrections."""
    target = reports.alias("target")
    target_unit, target_product = units.alias("target_unit"), products.alias("target_product")
    stmt = (
        select(
            units.c.code.label("unit"),
            reports.c.day.label("date"),
            products.c.code.label("product"),
            reports.c.quantity,
            reports.c.grade,
            reports.c.value,
            reports.c.report_id,
            reports.c.reason,
            reports.c.extra,
            target.c.report_id.label("target_id"),
            target_unit.c.code.label("target_unit"),
            target.c.day.label("target_day"),
            target_product.c.code.label("target_product"),
            target.c.seq.label("target_seq"),
        )
        .select_from(reports)
        .join(units, units.c.id == reports.c.unit_id)
        .join(products, products.c.id == reports.c.product_id)
        .outerjoin(target, target.c.id == reports.c.supersedes)
        .outerjoin(target_unit, target_unit.c.id == target.c.unit_id)
        .outerjoin(target_product, target_product.c.id == target.c.product_id)
    )
    if corrections:
        return stmt.where(reports.c.supersedes.is_not(None)).order_by(reports.c.id)
    return stmt.where(reports.c.supersedes.is_(None)).order_by(
        reports.c.unit_id, reports.c.product_id, reports.c.day, reports.c.seq, reports.c.id
    )


_REPORT_SCHEMA = {
    "unit": pl.String,
    "date": pl.Int32,
    "product": pl.String,
    "quantity": pl.Float64,
    "grade": pl.Float64,
    "value": pl.Float64,
    "report_id": pl.String,
    "reason": pl.String,
    "extra": pl.String,
    "target_id": pl.String,
    "target_unit": pl.String,
    "target_day": pl.Int32,
    "target_product": pl.String,
    "target_seq": pl.Int32,
}
_REPORT_COLUMNS = [
    "unit",
    "date",
    "product",
    "quantity",
    "grade",
    "value",
    "report_id",
    "supersedes",
    "reason",
]


def _write_reports(
    conn: Connection,
    folder: Path,
    fmt: Format,
    progress: Callable[[int, int], None] | None,
    batch_rows: int,
) -> int:
    total = int(conn.execute(select(func.count()).select_from(reports)).scalar_one())
    path = folder / f"reports.{fmt}"
    written = 0
    writer: pq.ParquetWriter | None = None
    with path.open("wb") as out:
        try:
            for frame in _report_frames(conn, batch_rows):
                if fmt == "parquet":
                    table = frame.to_arrow()
                    writer = writer or pq.ParquetWriter(out, table.schema)
                    writer.write_table(table)
                else:
                    frame.write_csv(out, include_header=written == 0)
                written += frame.height
                if progress is not None:
                    progress(written, total)
        finally:
            if writer is not None:
                writer.close()
        if written == 0:
            empty = pl.DataFrame(
                schema={c: _REPORT_SCHEMA.get(c, pl.String) for c in _REPORT_COLUMNS}
            )
            empty = empty.with_columns(pl.col("date").cast(pl.Date))
            if fmt == "parquet":
                empty.write_parquet(out)
            else:
                empty.write_csv(out)
    return written


def _report_frames(conn: Connection, batch_rows: int) -> Iterator[pl.DataFrame]:
    # every batch has the same columns, so the extra columns of all reports come first
    keys: set[str] = set()
    for (extra,) in conn.execute(select(reports.c.extra).where(reports.c.extra.is_not(None))):
        keys.update(extra)
    extras = sorted(keys - set(_REPORT_COLUMNS))
    for corrections in (False, True):
        result = conn.execution_options(stream_results=True, yield_per=batch_rows).execute(
            _reports(corrections)
        )
        for part in result.partitions(batch_rows):
            rows = [
                (*r[:8], None if r[8] is None else json.dumps(r[8], sort_keys=True), *r[9:])
                for r in part
            ]
            frame = pl.DataFrame(rows, schema=_REPORT_SCHEMA, orient="row")
            # the report corrected, by its report_id or else its natural key unit|date|product|n
            natural = pl.concat_str(
                [
                    pl.col("target_unit"),
                    pl.col("target_day").cast(pl.Date).dt.to_string("%Y-%m-%d"),
                    pl.col("target_product"),
                    pl.col("target_seq").cast(pl.String),
                ],
                separator="|",
            )
            frame = frame.with_columns(
                pl.col("date").cast(pl.Date),
                pl.coalesce(pl.col("target_id"), natural).alias("supersedes"),
            )
            yield _expand_extra(frame, extras).select(*_REPORT_COLUMNS, *extras)
