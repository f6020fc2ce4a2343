"""Checking a folder's trials, campaigns, inspections and workforce.

Each check takes the typed file and what is known of what it names: codes (None when
the file that lists them cannot be read, and the reference cannot be checked) and the
units' opening and closing days (`unit_dates`: unit, opened, closed; None likewise).
Every step, problem and headcount must fall on a day its unit and campaign allow.
"""

from __future__ import annotations

import polars as pl

from planworks.domain.model import TrialStage
from planworks.ingest.files import Check, Problems, check_unique, one_of, unknown
from planworks.store.operations import trial_step_problems

__all__ = ["check_campaigns", "check_inspections", "check_trials", "check_workforce"]

_STAGES = [s.value for s in TrialStage]
_TRIAL = ["unit", "product"]


def check_trials(
    frame: pl.DataFrame,
    units: pl.Series | None,
    products: pl.Series | None,
    unit_dates: pl.DataFrame | None,
    stored_steps: pl.DataFrame,
    problems: Problems,
    *,
    file: str,
) -> None:
    """Trial steps: known units, products and stages; each trial with its stored steps
    goes forward only, and its steps fall while its unit is open."""
    problems.check(
        frame,
        [
            *unknown("unit", units, "unit"),
            *unknown("product", products, "product"),
            one_of("stage", _STAGES),
        ],
        file=file,
    )
    check_unique(frame, [*_TRIAL, "stage"], problems, file=file)
    new = (
        frame.filter(
            pl.col("unit").is_not_null()
            & pl.col("product").is_not_null()
            & pl.col("stage").is_in(_STAGES)
        )
        .unique([*_TRIAL, "stage"], keep="first", maintain_order=True)
        .select(*_TRIAL, "stage", pl.col("date").alias("day"), "row")
    )
    # a new step replaces the stored step of its stage
    stored = (
        stored_steps.join(new.select(_TRIAL).unique(), on=_TRIAL, how="semi")
        .join(new, on=[*_TRIAL, "stage"], how="anti")
        .select(*_TRIAL, "stage", "day", pl.lit(None, dtype=pl.Int64).alias("row"))
    )
    steps = pl.concat([new, stored], how="vertical_relaxed")
    for problem in trial_step_problems(_with_unit_dates(steps, unit_dates), file=file):
        problems.add(problem)


def check_campaigns(
    frame: pl.DataFrame,
    regions: pl.Series | None,
    units: pl.Series | None,
    problems: Problems,
    *,
    file: str,
) -> pl.DataFrame:
    """Campaigns: a known scope (a region or a unit), an end not before the start."""
    known = regions is not None and units is not None
    is_region = pl.col("scope").is_in((regions if regions is not None else _none()).implode())
    is_unit = pl.col("scope").is_in((units if units is not None else _none()).implode())
    check_unique(frame, ["code"], problems, file=file)
    scope = [
        Check(
            ~is_region & ~is_unit,
            pl.format("unknown scope {} (neither a region nor a unit)", pl.col("scope")),
            "scope",
        )
    ]
    problems.check(
        frame,
        [
            *(scope if known else []),
            Check(pl.col("end") < pl.col("start"), "the campaign ends before it starts", "end"),
            Check(pl.col("inspectors") < 0, "inspectors must not be negative", "inspectors"),
        ],
        file=file,
    )
    return frame.with_columns(is_region.alias("scope_is_region"))


def check_inspections(
    frame: pl.DataFrame,
    campaigns: pl.Series | None,
    campaign_dates: pl.DataFrame,
    units: pl.Series | None,
    problems: Problems,
    *,
    file: str,
) -> None:
    """Problems found: known campaign and unit, found while the campaign ran (from its
    start to its end, if it has one), due and done not before found.

    `campaign_dates`: code, start, end of every campaign known (the folder's first).
    """
    dates = campaign_dates.select(
        pl.col("code").alias("campaign"),
        pl.col("start").alias("campaign_start"),
        pl.col("end").alias("campaign_end"),
    ).unique("campaign", keep="first")
    found = pl.col("found").cast(pl.Date)
    problems.check(
        frame.join(dates, on="campaign", how="left"),
        [
            *unknown("campaign", campaigns, "campaign"),
            *unknown("unit", units, "unit"),
            Check(pl.col("done") < pl.col("found"), "done before it was found", "done"),
            Check(pl.col("due") < pl.col("found"), "due before it was found", "due"),
            Check(
                pl.col("found") < pl.col("campaign_start"),
                pl.format(
                    "campaign {} began on {}; it cannot have found a problem on {}",
                    pl.col("campaign"),
                    pl.col("campaign_start").cast(pl.Date),
                    found,
                ),
                "found",
            ),
            Check(
                pl.col("found") > pl.col("campaign_end"),
                pl.format(
                    "campaign {} ended on {}; it cannot have found a problem on {}",
                    pl.col("campaign"),
                    pl.col("campaign_end").cast(pl.Date),
                    found,
                ),
                "found",
            ),
        ],
        file=file,
    )
    check_unique(frame, ["campaign", "unit", "found", "problem"], problems, file=file)


def check_workforce(
    frame: pl.DataFrame,
    units: pl.Series | None,
    unit_dates: pl.DataFrame | None,
    problems: Problems,
    *,
    file: str,
) -> None:
    """Headcounts: a known unit, workers not negative, dated while the unit is open (a
    headcount of 0 may mark its closing)."""
    day = pl.col("date").cast(pl.Date)
    problems.check(
        _with_unit_dates(frame, unit_dates),
        [
            *unknown("unit", units, "unit"),
            Check(pl.col("workers") < 0, "workers must not be negative", "workers"),
            Check(
                pl.col("date") < pl.col("opened"),
                pl.format(
                    "unit {} opened on {}; it has no headcount on {}",
                    pl.col("unit"),
                    pl.col("opened").cast(pl.Date),
                    day,
                ),
                "date",
            ),
            Check(
                (pl.col("date") >= pl.col("closed")) & (pl.col("workers") > 0),
                pl.format(
                    "unit {} closed on {}; it cannot have {} workers from {}",
                    pl.col("unit"),
                    pl.col("closed").cast(pl.Date),
                    pl.col("workers"),
                    day,
                ),
                "date",
            ),
        ],
        file=file,
    )
    check_unique(frame, ["unit", "date"], problems, file=file)


def _with_unit_dates(frame: pl.DataFrame, unit_dates: pl.DataFrame | None) -> pl.DataFrame:
    """The frame with its unit's `opened` and `closed` (null where unknown)."""
    if unit_dates is None:
        return frame.with_columns(
            pl.lit(None, dtype=pl.Int32).alias("opened"),
            pl.lit(None, dtype=pl.Int32).alias("closed"),
        )
    return frame.join(unit_dates, on="unit", how="left")


def _none() -> pl.Series:
    return pl.Series([], dtype=pl.String)
