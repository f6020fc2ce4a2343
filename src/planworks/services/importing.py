"""Importing a scenario folder: all of it, or nothing.

Every file but the reports is read and checked before the database is touched. Then
one write transaction syncs the catalog and plans and streams the reports through in
batches, keeping the aggregates in step; any problem rolls everything back, so after a
failed import the database is exactly as it was.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow.parquet as pq
from sqlalchemy import Connection, Engine, select, update

from planworks.domain.model import VALUE
from planworks.ingest.files import Problems
from planworks.ingest.folder import FolderData, ReportLookups, read_folder, report_batches
from planworks.store.catalog import (
    SyncCounts,
    load_catalog,
    sync_links,
    sync_plans,
    sync_products,
    sync_recipes,
    sync_regions,
    sync_stocks,
    sync_units,
)
from planworks.store.engine import writing
from planworks.store.first_sent import (
    record_balances,
    record_inputs,
    record_region_reports,
    record_shipments,
)
from planworks.store.migrate import require_current
from planworks.store.operations import (
    sync_campaigns,
    sync_inspections,
    sync_trials,
    sync_workforce,
)
from planworks.store.reports import presum, write_reports
from planworks.store.series import PendingAggregates
from planworks.store.tables import campaigns, imports, products, regions, units

__all__ = ["ImportSummary", "Progress", "import_folder"]

#: progress(rows read, rows in the file or None if unknown)
Progress = Callable[[int, int | None], None]


@dataclass(frozen=True)
class ImportSummary:
    folder: str
    import_id: int
    regions: SyncCounts
    products: SyncCounts
    units: SyncCounts
    recipes: SyncCounts
    links: SyncCounts
    stocks: SyncCounts
    plans: SyncCounts
    trials: SyncCounts = field(default_factory=SyncCounts)
    campaigns: SyncCounts = field(default_factory=SyncCounts)
    inspections: SyncCounts = field(default_factory=SyncCounts)
    workforce: SyncCounts = field(default_factory=SyncCounts)
    inputs: SyncCounts = field(default_factory=SyncCounts)
    balances: SyncCounts = field(default_factory=SyncCounts)
    shipments: SyncCounts = field(default_factory=SyncCounts)
    region_reports: SyncCounts = field(default_factory=SyncCounts)
    reports_read: int = 0
    reports_inserted: int = 0
    reports_unchanged: int = 0
    corrections: int = 0
    ignored: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def changed_anything(self) -> bool:
        counts = (
            self.regions,
            self.products,
            self.units,
            self.recipes,
            self.links,
            self.stocks,
            self.plans,
            self.trials,
            self.campaigns,
            self.inspections,
            self.workforce,
            self.inputs,
            self.balances,
            self.shipments,
            self.region_reports,
        )
        return self.reports_inserted > 0 or any(c.inserted or c.updated for c in counts)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def import_folder(
    engine: Engine,
    folder: Path,
    *,
    sender: str | None = None,
    progress: Progress | None = None,
    batch_rows: int = 1_000_000,
) -> ImportSummary:
    """Import a scenario folder in one transaction; raise `InputError` on bad input."""
    started = time.perf_counter()
    require_current(engine)
    with engine.connect() as conn:
        stored_campaigns = pl.Series(
            "code", conn.execute(select(campaigns.c.code)).scalars().all(), dtype=pl.String
        )
        data = read_folder(folder, load_catalog(conn), stored_campaigns)
    with writing(engine) as conn:
        import_id = conn.execute(
            imports.insert()
            .values(at=datetime.now(UTC), source=str(folder.resolve()), sender=sender)
            .returning(imports.c.id)
        ).scalar_one()
        summary = _import(conn, data, import_id, progress, batch_rows)
        summary = replace(summary, seconds=round(time.perf_counter() - started, 3))
        conn.execute(
            update(imports).where(imports.c.id == import_id).values(summary=summary.as_dict())
        )
    return summary


def _import(
    conn: Connection,
    data: FolderData,
    import_id: int,
    progress: Progress | None,
    batch_rows: int,
) -> ImportSummary:
    label = {name: f"{name}.csv" for name in ("regions", "products", "units", "plans")}
    region_counts = sync_regions(conn, data.regions, source=label["regions"])
    product_counts = sync_products(conn, data.products, source=label["products"])
    region_ids = _ids(conn, regions)
    product_ids = _ids(conn, products)
    unit_counts = sync_units(
        conn,
        data.units.with_columns(
            _resolve("region", region_ids).alias("region_id"),
            _resolve("product", product_ids).alias("product_id"),
        ),
        source=label["units"],
    )
    recipe_counts = SyncCounts()
    if data.recipes is not None:
        recipe_counts = sync_recipes(
            conn,
            data.recipes.with_columns(
                _resolve("product", product_ids).alias("product_id"),
                _resolve("input", product_ids).alias("item_id"),
                _resolve("region", region_ids).alias("region_id"),
            ),
        )
    link_counts = SyncCounts()
    if data.links is not None:
        link_counts = sync_links(
            conn,
            data.links.with_columns(
                _resolve("source", region_ids).alias("source_id"),
                _resolve("target", region_ids).alias("target_id"),
            ),
        )
    stock_counts = SyncCounts()
    if data.stocks is not None:
        stock_counts = sync_stocks(
            conn,
            data.stocks.with_columns(
                _resolve("region", region_ids).alias("region_id"),
                _resolve("product", product_ids).alias("product_id"),
                pl.col("date").alias("day"),
            ),
        )
    plan_counts = SyncCounts()
    if data.plans is not None:
        unit_ids = _ids(conn, units)
        plan_counts = sync_plans(
            conn,
            data.plans.with_columns(
                pl.when(pl.col("scope_is_region"))
                .then(_resolve("scope", region_ids))
                .alias("region_id"),
                pl.when(~pl.col("scope_is_region"))
                .then(_resolve("scope", unit_ids))
                .alias("unit_id"),
                pl.when(pl.col("product") != VALUE)
                .then(_resolve("product", product_ids))
                .alias("product_id"),
                pl.col("plan").alias("name"),
            ),
            import_id=import_id,
            source=label["plans"],
        )
    operations = _sync_operations(conn, data, region_ids, product_ids)
    ledgers = _record_ledgers(conn, data, region_ids, product_ids, import_id)
    read = inserted = unchanged = corrections = 0
    if data.reports is not None:
        lookups = ReportLookups.of(load_catalog(conn))
        problems = Problems()
        pending = PendingAggregates()
        total = _row_count(data)
        batches = report_batches(data.reports, lookups, problems, rows=batch_rows)

        def prepare() -> tuple[int, pl.DataFrame, PendingAggregates | None] | None:
            item = next(batches, None)
            if item is None:
                return None
            # a batch with problems is never written, so never summed
            return item[0], item[1], None if problems else presum(item[1])

        # read, check and sum the next batch in a worker while this one is written:
        # the database works on the other core meanwhile
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="import") as worker:
            ahead = worker.submit(prepare)
            while (item := ahead.result()) is not None:
                done, batch, summed = item
                read = done
                if problems.full:
                    break
                ahead = worker.submit(prepare)
                if problems:
                    continue  # keep checking, to report as many problems as we can at once
                result = write_reports(
                    conn,
                    batch,
                    import_id=import_id,
                    source=data.reports.label,
                    pending=pending,
                    presummed=summed,
                )
                inserted += result.inserted
                unchanged += result.unchanged
                corrections += result.corrections
                if progress is not None:
                    progress(done, total)
        problems.raise_if_any()
        pending.flush(conn)
    return ImportSummary(
        folder=str(data.folder),
        import_id=import_id,
        regions=region_counts,
        products=product_counts,
        units=unit_counts,
        recipes=recipe_counts,
        links=link_counts,
        stocks=stock_counts,
        plans=plan_counts,
        trials=operations.get("trials", SyncCounts()),
        campaigns=operations.get("campaigns", SyncCounts()),
        inspections=operations.get("inspections", SyncCounts()),
        workforce=operations.get("workforce", SyncCounts()),
        inputs=ledgers.get("inputs", SyncCounts()),
        balances=ledgers.get("balances", SyncCounts()),
        shipments=ledgers.get("shipments", SyncCounts()),
        region_reports=ledgers.get("region_reports", SyncCounts()),
        reports_read=read,
        reports_inserted=inserted,
        reports_unchanged=unchanged,
        corrections=corrections,
        ignored=data.ignored,
    )


def _sync_operations(
    conn: Connection, data: FolderData, region_ids: dict[str, int], product_ids: dict[str, int]
) -> dict[str, SyncCounts]:
    """Trials, campaigns, inspection problems and workforce (after the catalog)."""
    out: dict[str, SyncCounts] = {}
    unit_ids = _ids(conn, units)
    if data.trials is not None:
        out["trials"] = sync_trials(
            conn,
            data.trials.with_columns(
                _resolve("unit", unit_ids).alias("unit_id"),
                _resolve("product", product_ids).alias("product_id"),
            ),
            source="trials.csv",
        )
    if data.campaigns is not None:
        out["campaigns"] = sync_campaigns(
            conn,
            data.campaigns.with_columns(
                pl.when(pl.col("scope_is_region"))
                .then(_resolve("scope", region_ids))
                .alias("region_id"),
                pl.when(~pl.col("scope_is_region"))
                .then(_resolve("scope", unit_ids))
                .alias("unit_id"),
            ),
        )
    if data.inspections is not None:
        campaign_ids = _ids(conn, campaigns)
        out["inspections"] = sync_inspections(
            conn,
            data.inspections.with_columns(
                _resolve("campaign", campaign_ids).alias("campaign_id"),
                _resolve("unit", unit_ids).alias("unit_id"),
            ),
        )
    if data.workforce is not None:
        out["workforce"] = sync_workforce(
            conn, data.workforce.with_columns(_resolve("unit", unit_ids).alias("unit_id"))
        )
    return out


def _record_ledgers(
    conn: Connection,
    data: FolderData,
    region_ids: dict[str, int],
    product_ids: dict[str, int],
    import_id: int,
) -> dict[str, SyncCounts]:
    """Inputs, stock accounts, shipments and regions' own totals (kept as first sent)."""
    out: dict[str, SyncCounts] = {}
    unit_ids = _ids(conn, units)

    def source(name: str) -> str:
        return data.labels.get(name, f"{name}.csv")

    if data.inputs is not None:
        out["inputs"] = record_inputs(
            conn,
            data.inputs.with_columns(
                _resolve("unit", unit_ids).alias("unit_id"),
                _resolve("product", product_ids).alias("product_id"),
                _resolve("input", product_ids).alias("input_id"),
                pl.col("date").alias("day"),
            ),
            import_id=import_id,
            source=source("inputs"),
        )
    if data.balances is not None:
        out["balances"] = record_balances(
            conn,
            data.balances.with_columns(
                _resolve("unit", unit_ids).alias("unit_id"),
                _resolve("product", product_ids).alias("product_id"),
                pl.col("date").alias("day"),
            ),
            import_id=import_id,
            source=source("balances"),
        )
    if data.shipments is not None:
        out["shipments"] = record_shipments(
            conn,
            data.shipments.with_columns(
                _resolve("source", unit_ids).alias("source_id"),
                _resolve("target", unit_ids).alias("target_id"),
                _resolve("product", product_ids).alias("product_id"),
                pl.col("date").alias("day"),
            ),
            import_id=import_id,
            source=source("shipments"),
        )
    if data.region_reports is not None:
        out["region_reports"] = record_region_reports(
            conn,
            data.region_reports.with_columns(
                _resolve("region", region_ids).alias("region_id"),
                _resolve("product", product_ids).alias("product_id"),
                pl.col("date").alias("day"),
            ),
            import_id=import_id,
            source=source("region_reports"),
        )
    return out


def _ids(conn: Connection, table: Any) -> dict[str, int]:
    return dict(conn.execute(select(table.c.code, table.c.id)).all())


def _resolve(column: str, ids: dict[str, int]) -> pl.Expr:
    return pl.col(column).replace_strict(ids, default=None, return_dtype=pl.Int32)


def _row_count(data: FolderData) -> int | None:
    if data.reports is None or not data.reports.is_parquet:
        return None
    return int(pq.ParquetFile(data.reports.path).metadata.num_rows)
