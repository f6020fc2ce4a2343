"""New-product trials, inspection campaigns and their problems, workforce: read and sync.

Like the catalog, each `sync_*` takes checked frames whose codes are resolved to ids,
adds what is new, updates what changed (a problem's measure, a done date) and leaves the
rest, in the caller's transaction. Trials are checked against what is stored too
(`trial_step_problems`, which the folder's checks use before anything is written): steps
go forward only, nothing follows an abandonment, and every step falls while its unit is
open.
"""

from __future__ import annotations

import polars as pl
from sqlalchemy import Connection, select

from planworks.domain.errors import InputError, InputProblem
from planworks.domain.model import TrialStage
from planworks.store.catalog import SyncCounts, sync_keyed
from planworks.store.tables import campaigns, inspection_problems, trial_events, units, workforce

__all__ = [
    "sync_campaigns",
    "sync_inspections",
    "sync_trials",
    "sync_workforce",
    "trial_step_problems",
]

#: The order steps are taken in; abandonment may come after any of them.
_ORDER = [TrialStage.STARTED, TrialStage.SUCCEEDED, TrialStage.BATCH, TrialStage.MASS]
_RANK = {s.value: i for i, s in enumerate(_ORDER)}


def sync_trials(conn: Connection, incoming: pl.DataFrame, *, source: str) -> SyncCounts:
    """Trial steps (unit_id, product_id, stage, day, note, extra, row)."""
    counts = sync_keyed(
        conn,
        trial_events,
        incoming.rename({"date": "day"}),
        ["unit_id", "product_id", "stage"],
        ["day", "note", "extra"],
    )
    _check_steps(conn, incoming, source)
    return counts


def _check_steps(conn: Connection, incoming: pl.DataFrame, source: str) -> None:
    """Every trial touched, as now stored: its steps in order, while its unit is open."""
    touched = incoming.select(
        pl.col("unit_id").alias("unit"), pl.col("product_id").alias("product")
    )
    stored = pl.DataFrame(
        conn.execute(
            select(
                trial_events.c.unit_id,
                trial_events.c.product_id,
                trial_events.c.stage,
                trial_events.c.day,
                units.c.opened,
                units.c.closed,
            )
            .join(units, units.c.id == trial_events.c.unit_id)
            .where(trial_events.c.unit_id.in_(touched["unit"].unique().to_list()))
        ).all(),
        schema={
            "unit": pl.Int32,
            "product": pl.Int32,
            "stage": pl.String,
            "day": pl.Int32,
            "opened": pl.Int32,
            "closed": pl.Int32,
        },
        orient="row",
    ).join(touched.unique(), on=["unit", "product"], how="semi")
    rows = incoming.select(
        pl.col("unit_id").cast(pl.Int32).alias("unit"),
        pl.col("product_id").cast(pl.Int32).alias("product"),
        "stage",
        "row",
    )
    steps = stored.join(rows, on=["unit", "product", "stage"], how="left")
    problems = trial_step_problems(steps, file=source)
    if problems:
        raise InputError(sorted(problems, key=lambda p: p.row or 0))


def trial_step_problems(steps: pl.DataFrame, *, file: str) -> list[InputProblem]:
    """What is wrong with some trials, each given with all its steps, stored and new.

    `steps` has a trial's `unit` and `product` (codes or ids), `stage`, `day`, the unit's
    `opened` and `closed` (epoch days; null where unknown) and `row`, the step's line in
    `file` (null for a step stored before). A problem points at the new step that breaks
    the order; at the stored one only if no new step does.
    """
    steps = steps.filter(pl.col("day").is_not_null() & pl.col("stage").is_not_null())
    trial = ["unit", "product"]
    day = pl.col("day").cast(pl.Date)
    found: list[InputProblem] = []

    def add(frame: pl.DataFrame, message: pl.Expr, row: pl.Expr) -> None:
        for at, text in frame.select(row, message).iter_rows():
            found.append(InputProblem(text, file=file, row=at, column="date"))

    add(
        steps.filter(pl.col("day") < pl.col("opened")),
        pl.format(
            "the trial's {} step ({}) is before the unit opened ({})",
            pl.col("stage"),
            day,
            pl.col("opened").cast(pl.Date),
        ),
        pl.col("row"),
    )
    add(
        steps.filter(
            (pl.col("day") >= pl.col("closed")) & (pl.col("stage") != TrialStage.ABANDONED.value)
        ),
        pl.format(
            "the unit closed on {}; the trial's {} step cannot be on {}",
            pl.col("closed").cast(pl.Date),
            pl.col("stage"),
            day,
        ),
        pl.col("row"),
    )
    forward = (
        steps.with_columns(pl.col("stage").replace_strict(_RANK, default=None).alias("rank"))
        .filter(pl.col("rank").is_not_null())
        .sort([*trial, "rank"])
    )
    ordered = forward.with_columns(
        *(pl.col(c).shift(1).over(trial).alias(f"{c}_before") for c in ("stage", "day", "row"))
    ).filter(pl.col("day") < pl.col("day_before"))
    add(
        ordered,
        pl.format(
            "the trial's {} step ({}) is before its {} step ({}): steps go forward only",
            pl.col("stage"),
            day,
            pl.col("stage_before"),
            pl.col("day_before").cast(pl.Date),
        ),
        pl.coalesce("row", "row_before"),
    )
    abandoned = steps.filter(pl.col("stage") == TrialStage.ABANDONED.value).select(
        *trial, pl.col("day").alias("abandoned"), pl.col("row").alias("abandoned_row")
    )
    after = forward.join(abandoned, on=trial).filter(pl.col("day") > pl.col("abandoned"))
    add(
        after.filter(pl.col("row").is_not_null()),
        pl.format(
            "the trial's {} step ({}) comes after it was abandoned ({}): nothing follows an "
            "abandonment",
            pl.col("stage"),
            day,
            pl.col("abandoned").cast(pl.Date),
        ),
        pl.col("row"),
    )
    add(
        after.filter(pl.col("row").is_null()),
        pl.format(
            "the trial is abandoned ({}) before its {} step ({})",
            pl.col("abandoned").cast(pl.Date),
            pl.col("stage"),
            day,
        ),
        pl.col("abandoned_row"),
    )
    return found


def sync_campaigns(conn: Connection, incoming: pl.DataFrame) -> SyncCounts:
    """Campaigns (code, name, name_zh, region_id or unit_id, start, end, inspectors)."""
    return sync_keyed(
        conn,
        campaigns,
        incoming,
        ["code"],
        ["name", "name_zh", "region_id", "unit_id", "start", "end", "inspectors", "extra"],
    )


def sync_inspections(conn: Connection, incoming: pl.DataFrame) -> SyncCounts:
    """Problems found (campaign_id, unit_id, found, problem; measure, owner, due, done)."""
    return sync_keyed(
        conn,
        inspection_problems,
        incoming,
        ["campaign_id", "unit_id", "found", "problem"],
        ["measure", "owner", "due", "done", "extra"],
    )


def sync_workforce(conn: Connection, incoming: pl.DataFrame) -> SyncCounts:
    """Headcounts (unit_id, day, workers)."""
    return sync_keyed(
        conn, workforce, incoming.rename({"date": "day"}), ["unit_id", "day"], ["workers", "extra"]
    )
