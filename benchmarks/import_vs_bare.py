"""Bulk import of synthetic reports vs a bare insert of the same rows into the same store.

The bare insert reads the same Parquet file in the same batches, turns unit and product
codes into ids, and appends the rows with the same driver path (executemany on SQLite,
COPY on PostgreSQL) into the same table with the same indexes, in one transaction. The
import does that too, plus what makes it an import: checking every value, telling re-sent
reports from new ones, and keeping the daily and monthly aggregates in step. Each run
starts from a fresh database that already holds the catalog (regions, products, units),
so both measure the reports alone; the two alternate, A B A B.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from benchmarks.common import (
    fresh_database,
    log,
    median,
    subset_folder,
    synthetic_folder,
    timed,
)
from planworks.ingest.files import find_table
from planworks.services.importing import import_folder
from planworks.store.catalog import load_catalog
from planworks.store.engine import writing
from planworks.store.reports import insert_reports_bulk

CATALOG = ("regions.csv", "products.csv", "units.parquet")


def bare_insert(engine: Any, folder: Path, batch_rows: int) -> int:
    """Read, map codes to ids, append: the least any loader must do."""
    table = find_table(folder, "reports")
    assert table is not None
    with engine.connect() as conn:
        catalog = load_catalog(conn)
    units = catalog.units.select(pl.col("code").alias("unit"), pl.col("id").alias("unit_id"))
    products = catalog.products.select(
        pl.col("code").alias("product"), pl.col("id").alias("product_id")
    )
    rows = 0
    with writing(engine) as conn:
        for frame in table.batches(batch_rows):
            batch = (
                frame.join(units, on="unit", how="left")
                .join(products, on="product", how="left")
                .select(
                    "unit_id",
                    "product_id",
                    pl.col("date").cast(pl.Int32).alias("day"),
                    pl.lit(0, dtype=pl.Int32).alias("seq"),
                    "quantity",
                    "grade",
                    pl.lit(None, dtype=pl.Float64).alias("value"),
                    pl.lit(None, dtype=pl.String).alias("report_id"),
                    pl.lit(None, dtype=pl.String).alias("reason"),
                    pl.lit(None, dtype=pl.String).alias("extra"),
                )
            )
            insert_reports_bulk(conn, batch, import_id=None)
            rows += batch.height
    return rows


def run(*, units: int, days: int, backends: list[str], repeat: int) -> dict[str, Any]:
    source = synthetic_folder(units, days)
    catalog = subset_folder(source, "catalog", CATALOG)
    folder = subset_folder(source, "catalog+reports", (*CATALOG, "reports.parquet"))
    out: dict[str, Any] = {"units": units, "days": days, "backends": {}}
    for backend in backends:
        imports, bares, rows = [], [], 0
        for i in range(repeat):
            for kind in ("import", "bare"):
                with fresh_database(backend, f"{kind}-{i}") as engine:
                    import_folder(engine, catalog)
                    if kind == "import":
                        seconds, summary = timed(lambda e=engine: import_folder(e, folder))
                        rows = summary.reports_inserted
                        imports.append(seconds)
                    else:
                        seconds, rows = timed(lambda e=engine: bare_insert(e, folder, 1_000_000))
                        bares.append(seconds)
                log(f"{backend} {kind} #{i + 1}: {rows:,} rows in {seconds:.1f} s")
        import_rate, bare_rate = rows / median(imports), rows / median(bares)
        out["backends"][backend] = {
            "reports": rows,
            "import_seconds": imports,
            "bare_seconds": bares,
            "import_rows_per_s": round(import_rate),
            "bare_rows_per_s": round(bare_rate),
            "import_rate_vs_bare": round(import_rate / bare_rate, 3),
            "goal": "import_rate_vs_bare >= 0.70",
        }
        log(
            f"{backend}: import {import_rate:,.0f} rows/s, bare {bare_rate:,.0f} rows/s, "
            f"ratio {import_rate / bare_rate:.2f}"
        )
    return out
