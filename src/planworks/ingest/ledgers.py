"""Checking a folder's inputs, stock accounts, shipments and regions' own totals.

These are what the audit reads beside the reports (`inputs`, `balances`, `shipments`,
`region_reports`), mostly one row per unit and day. Each check takes the typed file and
what is known of what it names: codes (None when the file that lists them cannot be
read, and the reference cannot be checked) and the units' opening and closing days
(`unit_dates`: unit, opened, closed; None likewise). A unit's rows fall while it is
open, as its reports do: from `opened`, up to the day before `closed`.

Whether a row contradicts what is stored is checked as the import writes
(`planworks.store.first_sent`).
"""

from __future__ import annotations

import polars as pl

from planworks.ingest.files import Check, Problems, check_unique, number_text, one_of, unknown

__all__ = [
    "BALANCE_FIGURES",
    "SIDES",
    "check_balances",
    "check_inputs",
    "check_region_reports",
    "check_shipments",
]

#: Who reported a shipment: its source (`sent`) or its target (`received`).
SIDES = ["sent", "received"]

#: The figures of a stock account; the last three may be left out (0).
BALANCE_FIGURES = ("opening", "closing", "received", "shipped", "used")


def check_inputs(
    frame: pl.DataFrame,
    units: pl.Series | None,
    products: pl.Series | None,
    unit_dates: pl.DataFrame | None,
    problems: Problems,
    *,
    file: str,
) -> None:
    """What units used: known unit, product and input, a quantity not negative, on a
    day the unit is open. Rows of the same unit, day, product and input add up."""
    problems.check(
        _with_dates(frame, "unit", unit_dates),
        [
            *unknown("unit", units, "unit"),
            *unknown("product", products, "product"),
            *unknown("input", products, "product"),
            _not_negative("quantity"),
            *_while_open("unit", "report for"),
        ],
        file=file,
    )


def check_balances(
    frame: pl.DataFrame,
    units: pl.Series | None,
    products: pl.Series | None,
    unit_dates: pl.DataFrame | None,
    problems: Problems,
    *,
    file: str,
) -> pl.DataFrame:
    """Stock accounts: known unit and product, figures not negative, on a day the unit is
    open, one per unit, day and product. Returns them with received, shipped and used
    left out as 0."""
    problems.check(
        _with_dates(frame, "unit", unit_dates),
        [
            *unknown("unit", units, "unit"),
            *unknown("product", products, "product"),
            *(_not_negative(c) for c in BALANCE_FIGURES),
            *_while_open("unit", "report for"),
        ],
        file=file,
    )
    check_unique(frame, ["unit", "date", "product"], problems, file=file)
    return frame.with_columns(pl.col(c).fill_null(0.0) for c in ("received", "shipped", "used"))


def check_shipments(
    frame: pl.DataFrame,
    units: pl.Series | None,
    products: pl.Series | None,
    unit_dates: pl.DataFrame | None,
    problems: Problems,
    *,
    file: str,
) -> None:
    """Shipments: known source, target and product, two different units, both open that
    day, a quantity not negative, a side that is `sent` or `received`; what the target
    refused (`rejected`, on a received row only) not negative nor more than it received.
    Rows of the same source, target, product, day and side add up."""
    dated = _with_dates(_with_dates(frame, "source", unit_dates), "target", unit_dates)
    problems.check(
        dated,
        [
            *unknown("source", units, "unit"),
            *unknown("target", units, "unit"),
            *unknown("product", products, "product"),
            Check(
                pl.col("source") == pl.col("target"),
                "a shipment needs two different units (source and target are the same)",
                "target",
            ),
            _not_negative("quantity"),
            one_of("side", SIDES),
            _not_negative("rejected"),
            Check(
                pl.col("rejected").is_not_null() & (pl.col("side") == "sent"),
                "rejected is what the target refused: it belongs on a received row",
                "rejected",
            ),
            Check(
                (pl.col("rejected") > pl.col("quantity")) & (pl.col("quantity") >= 0),
                pl.format(
                    "rejected {} is more than the {} received",
                    number_text("rejected"),
                    number_text("quantity"),
                ),
                "rejected",
            ),
            *_while_open("source", "send goods on"),
            *_while_open("target", "receive goods on"),
        ],
        file=file,
    )


def check_region_reports(
    frame: pl.DataFrame,
    regions: pl.Series | None,
    products: pl.Series | None,
    problems: Problems,
    *,
    file: str,
) -> None:
    """Regions' own totals: known region and product, a quantity not negative, one per
    region, day and product."""
    problems.check(
        frame,
        [
            *unknown("region", regions, "region"),
            *unknown("product", products, "product"),
            _not_negative("quantity"),
        ],
        file=file,
    )
    check_unique(frame, ["region", "date", "product"], problems, file=file)


def _not_negative(column: str) -> Check:
    return Check(pl.col(column) < 0, f"{column} must not be negative", column)


def _with_dates(frame: pl.DataFrame, unit: str, unit_dates: pl.DataFrame | None) -> pl.DataFrame:
    """The frame with the opening and closing days of the unit in column `unit`, as
    `{unit}_opened` and `{unit}_closed` (null where unknown)."""
    opened, closed = f"{unit}_opened", f"{unit}_closed"
    if unit_dates is None:
        return frame.with_columns(
            pl.lit(None, dtype=pl.Int32).alias(opened), pl.lit(None, dtype=pl.Int32).alias(closed)
        )
    dates = unit_dates.select(
        pl.col("unit").alias(unit), pl.col("opened").alias(opened), pl.col("closed").alias(closed)
    )
    return frame.join(dates, on=unit, how="left")


def _while_open(unit: str, doing: str) -> list[Check]:
    """The row's `date` is not before the opening of the unit in column `unit`, nor on
    or after its closing: "unit U opened on D; it cannot {doing} D'"."""
    checks = []
    for bound in ("opened", "closed"):
        limit = pl.col(f"{unit}_{bound}")
        outside = pl.col("date") < limit if bound == "opened" else pl.col("date") >= limit
        message = f"{unit} {{}} {bound} on {{}}; it cannot {doing} {{}}"
        shown = pl.format(message, pl.col(unit), limit.cast(pl.Date), pl.col("date").cast(pl.Date))
        checks.append(Check(outside, shown, "date"))
    return checks
