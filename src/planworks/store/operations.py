"""New-product trials, inspection campaigns and their problems, workforce: read and sync.

Like the catalog, each `sync_*` takes checked frames whose codes are resolved to ids,
adds what is new, updates what changed (a problem's measure, a done date) and leaves the
rest, in the caller's transaction. Trials are checked against what is stored too: steps
go forward only and never before the unit opened.
"""

from __future__ import annotations

from itertools import pairwise

import polars as pl
from sqlalchemy import Connection, select

from planworks.domain.errors import InputError, InputProblem
from planworks.domain.model import TrialStage
from planworks.domain.periods import from_day_number
from planworks.store.catalog import SyncCounts, sync_keyed
from planworks.store.tables import campaigns, inspection_problems, trial_events, units, workforce

__all__ = ["sync_campaigns", "sync_inspections", "sync_trials", "sync_workforce"]

#: The order steps are taken in; abandonment may come after any of them.
_ORDER = [TrialStage.STARTED, TrialStage.SUCCEEDED, TrialStage.BATCH, TrialStage.MASS]


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
    """Every trial touched: steps in order, none before its unit opened."""
    touched = incoming.select("unit_id", "product_id").unique()
    stored = pl.DataFrame(
        conn.execute(
            select(
                trial_events.c.unit_id,
                trial_events.c.product_id,
                trial_events.c.stage,
                trial_events.c.day,
                units.c.opened,
            )
            .join(units, units.c.id == trial_events.c.unit_id)
            .where(trial_events.c.unit_id.in_(touched["unit_id"].unique().to_list()))
        ).all(),
        schema={
            "unit_id": pl.Int32,
            "product_id": pl.Int32,
            "stage": pl.String,
            "day": pl.Int32,
            "opened": pl.Int32,
        },
        orient="row",
    ).join(touched, on=["unit_id", "product_id"], how="semi")
    rows = {
        (r["unit_id"], r["product_id"], r["stage"]): (r["row"], r["unit"], r["product"])
        for r in incoming.iter_rows(named=True)
    }
    problems = []
    for (unit_id, product_id), steps in stored.group_by(["unit_id", "product_id"]):
        day = dict(zip(steps["stage"].to_list(), steps["day"].to_list(), strict=True))
        opened = int(steps["opened"][0])
        for stage, when in day.items():
            if when < opened:
                where = rows.get((unit_id, product_id, stage))
                problems.append(
                    InputProblem(
                        f"the trial's {stage} step ({from_day_number(when)}) is before the unit "
                        f"opened ({from_day_number(opened)})",
                        file=source,
                        row=where[0] if where else None,
                        column="date",
                    )
                )
        taken = [(s, day[s]) for s in _ORDER if s in day]
        for (a, day_a), (b, day_b) in pairwise(taken):
            if day_b < day_a:
                where = rows.get((unit_id, product_id, b)) or rows.get((unit_id, product_id, a))
                problems.append(
                    InputProblem(
                        f"the trial's {b} step ({from_day_number(day_b)}) is before its {a} step "
                        f"({from_day_number(day_a)}): steps go forward only",
                        file=source,
                        row=where[0] if where else None,
                        column="date",
                    )
                )
        if TrialStage.ABANDONED in day and taken and day[TrialStage.ABANDONED] < taken[-1][1]:
            where = rows.get((unit_id, product_id, TrialStage.ABANDONED))
            problems.append(
                InputProblem(
                    "the trial is abandoned before its last step",
                    file=source,
                    row=where[0] if where else None,
                    column="date",
                )
            )
    if problems:
        raise InputError(sorted(problems, key=lambda p: p.row or 0))


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
