"""Checking report rows, batch by batch, and resolving them for the store.

A folder may hold hundreds of millions of reports: every check is a column expression
over a batch (Polars), and a batch is resolved to ids (`prepare_reports`) as it is
written. Before anything is written, when the rest of the folder has problems, the
reports are checked against the folder's own units and products (`folder_lookups`,
`check_all_reports`), so that one import lists every problem.

A few reports (one sent through the API) cost more as a frame than as Python values:
each check also says, of one report, whether it may hold (`ReportCheck.holds`), so that
reports none of whose checks may hold are stored without a frame (`may_fail`). Where a
check may hold, the frame's checks decide and word the problems: one set of checks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache, cached_property
from typing import Any

import polars as pl

from planworks.domain.errors import InputError
from planworks.ingest.files import Check, Problems, TableFile, coerce, number_text
from planworks.store.catalog import Catalog
from planworks.store.reports import BATCH_SCHEMA

__all__ = [
    "ProductFacts",
    "ReportCheck",
    "ReportLookups",
    "UnitFacts",
    "check_all_reports",
    "check_reports",
    "check_typed_reports",
    "folder_lookups",
    "join_report",
    "may_fail",
    "prepare_reports",
    "report_batches",
    "resolve_reports",
]

#: A unit as the report checks see it: unit_id, region_id, opened, closed (epoch days).
UnitFacts = tuple[int, int | None, int | None, int | None]
#: A product as the report checks see it: product_id, has_grades (None: unknown), and
#: its grades.
ProductFacts = tuple[int, bool | None, frozenset[float]]


@dataclass(frozen=True)
class ReportLookups:
    """What report checks need to know of units and products, by code.

    `check_units` (`check_products`) is False when the folder's units (products) cannot
    be known, their file being unreadable: the reports' references to them go unchecked.
    """

    units: pl.DataFrame  # unit (code), unit_id, region_id, opened, closed
    products: pl.DataFrame  # product (code), product_id, has_grades (null: unknown)
    grades: pl.DataFrame  # product_id, grade: every allowed (product, grade)
    check_units: bool = True
    check_products: bool = True

    @classmethod
    def of(cls, catalog: Catalog) -> ReportLookups:
        products = catalog.products.select(
            pl.col("code").alias("product"),
            pl.col("id").alias("product_id"),
            pl.col("grades").is_not_null().alias("has_grades"),
        )
        grades = (
            catalog.products.filter(pl.col("grades").is_not_null())
            .select(
                pl.col("id").alias("product_id"),
                pl.col("grades").str.split("|").list.eval(pl.element().cast(pl.Float64)),
            )
            .explode("grades")
            .rename({"grades": "grade"})
            .with_columns(pl.lit(True).alias("grade_ok"))
        )
        return cls(cls.units_of(catalog.units), products, grades)

    @staticmethod
    def units_of(units: pl.DataFrame) -> pl.DataFrame:
        """The `units` lookup of catalog units (code, id, region_id, opened, closed)."""
        return units.select(
            pl.col("code").alias("unit"),
            pl.col("id").alias("unit_id"),
            "region_id",
            pl.col("opened").alias("unit_opened"),
            pl.col("closed").alias("unit_closed"),
        )

    @cached_property
    def product_facts(self) -> Mapping[str, ProductFacts]:
        """The products by code, as `join_report` joins them (kept with the lookups)."""
        grades: dict[int, set[float]] = {}
        for product_id, grade in self.grades.select("product_id", "grade").iter_rows():
            grades.setdefault(product_id, set()).add(grade)
        return {
            code: (product_id, has_grades, frozenset(grades.get(product_id, ())))
            for code, product_id, has_grades in self.products.select(
                "product", "product_id", "has_grades"
            ).iter_rows()
        }


def folder_lookups(
    product_codes: pl.Series | None,
    products: pl.DataFrame | None,
    broken_grades: pl.Series,
    unit_codes: pl.Series | None,
    unit_dates: pl.DataFrame | None,
    stored: Catalog,
) -> ReportLookups:
    """Lookups of the folder's products and units over the stored ones, to check the
    reports before anything is written (the ids are stand-ins: nothing is stored).

    What cannot be known is not checked: a unit's dates if the units file cannot be
    read (its codes may still be), a product's grades if they are wrong or the products
    file cannot be read.
    """

    def numbered(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.with_columns(pl.int_range(pl.len(), dtype=pl.Int32).alias("id"))

    no_products = pl.DataFrame(schema={"code": pl.String, "grades": pl.String})
    if products is not None:
        product_rows = pl.concat(
            [products.select("code", "grades"), stored.products.select("code", "grades")]
        )
    elif product_codes is not None:
        product_rows = product_codes.to_frame("code").with_columns(grades=pl.lit(None, pl.String))
        broken_grades = product_codes
    else:
        product_rows = no_products
    no_units = pl.DataFrame(schema={"code": pl.String, "opened": pl.Int32, "closed": pl.Int32})
    if unit_dates is not None:
        unit_rows = unit_dates.rename({"unit": "code"})
    elif unit_codes is not None:
        unit_rows = unit_codes.to_frame("code").with_columns(
            opened=pl.lit(None, pl.Int32), closed=pl.lit(None, pl.Int32)
        )
    else:
        unit_rows = no_units
    catalog = Catalog(
        regions=pl.DataFrame(),
        products=numbered(
            product_rows.filter(pl.col("code").is_not_null()).unique(
                "code", keep="first", maintain_order=True
            )
        ),
        units=numbered(unit_rows).with_columns(region_id=pl.lit(None, pl.Int32)),
    )
    lookups = ReportLookups.of(catalog)
    unknown_grades = pl.col("product").is_in(broken_grades.implode())
    return replace(
        lookups,
        products=lookups.products.with_columns(
            pl.when(unknown_grades).then(None).otherwise(pl.col("has_grades")).alias("has_grades")
        ),
        check_units=unit_codes is not None,
        check_products=product_codes is not None,
    )


def check_all_reports(table: TableFile, lookups: ReportLookups, problems: Problems) -> None:
    """Check every report batch (until the problems are too many to list)."""
    try:
        for frame in table.batches():
            check_reports(frame, lookups, table, problems)
            if problems.full:
                return
    except InputError as e:  # the file cannot be parsed further
        problems.extend(e)


def check_reports(
    frame: pl.DataFrame, lookups: ReportLookups, table: TableFile, problems: Problems
) -> pl.DataFrame:
    """Check a batch of report rows; the rows joined to their units and products."""
    return check_typed_reports(coerce(frame, table, problems), lookups, table.label, problems)


def check_typed_reports(
    typed: pl.DataFrame, lookups: ReportLookups, file: str, problems: Problems
) -> pl.DataFrame:
    """Check report rows already typed as `coerce` types them (dates as epoch days, with
    `row` and `extra`); the rows joined to their units and products."""
    j = typed.join(lookups.units, on="unit", how="left").join(
        lookups.products, on="product", how="left"
    )
    j = j.join(lookups.grades, on=["product_id", "grade"], how="left")
    problems.check(j, _report_checks(lookups.check_units, lookups.check_products), file=file)
    _check_repeated_ids(j, file, problems)
    return j


#: One report joined to its unit and product: the columns of `check_typed_reports`'s
#: frame, by name.
Joined = Mapping[str, Any]


@dataclass(frozen=True)
class ReportCheck(Check):
    """A report check, also as a test of one joined report: `holds` is True wherever
    `mask` holds (it may be True elsewhere: the frame then decides)."""

    holds: Callable[[Joined], bool]


def join_report(
    typed: Mapping[str, Any], unit: UnitFacts | None, lookups: ReportLookups
) -> dict[str, Any]:
    """One report typed as `coerce` types a row, joined as `check_typed_reports` joins a
    frame (left joins: what is not found is None)."""
    product = lookups.product_facts.get(typed["product"])
    product_id, has_grades, grades = product if product is not None else (None, None, None)
    unit_id, region_id, opened, closed = unit if unit is not None else (None, None, None, None)
    grade = typed["grade"]
    return {
        **typed,
        "unit_id": unit_id,
        "region_id": region_id,
        "unit_opened": opened,
        "unit_closed": closed,
        "product_id": product_id,
        "has_grades": has_grades,
        "grade_ok": True if grades is not None and grade is not None and grade in grades else None,
    }


def may_fail(joined: Sequence[Joined], lookups: ReportLookups) -> bool:
    """Whether a check of `check_typed_reports` may find a problem in these reports
    (False: none can; True: check them as a frame, which decides)."""
    checks = _report_checks(lookups.check_units, lookups.check_products)
    ids = [r["report_id"] for r in joined if r["report_id"] is not None]
    if len(set(ids)) < len(ids):  # a report_id repeated: the frame compares the contents
        return True
    return any(check.holds(r) for r in joined for check in checks)


def _less(a: Any, b: Any) -> bool:
    """a < b, false where either is None (a null), as in a frame's mask."""
    return a is not None and b is not None and bool(a < b)


def _at_least(a: Any, b: Any) -> bool:
    """a >= b, false where either is None (a null), as in a frame's mask."""
    return a is not None and b is not None and bool(a >= b)


@cache
def _report_checks(check_units: bool, check_products: bool) -> list[ReportCheck]:
    """The checks of a report (kept: the same expressions serve every frame)."""
    graded = pl.col("grade").is_not_null()
    correction = pl.col("supersedes").is_not_null()
    on = {"date": pl.col("date").cast(pl.Date), "opened": pl.col("unit_opened").cast(pl.Date)}
    of_units = [
        ReportCheck(
            pl.col("unit").is_not_null() & pl.col("unit_id").is_null(),
            pl.format("unknown unit {}", pl.col("unit")),
            "unit",
            lambda r: r["unit"] is not None and r["unit_id"] is None,
        ),
        ReportCheck(
            pl.col("date") < pl.col("unit_opened"),
            pl.format(
                "unit {} opened on {}; it cannot report for {}",
                pl.col("unit"),
                on["opened"],
                on["date"],
            ),
            "date",
            lambda r: _less(r["date"], r["unit_opened"]),
        ),
        ReportCheck(
            pl.col("date") >= pl.col("unit_closed"),
            pl.format(
                "unit {} closed on {}; it cannot report for {}",
                pl.col("unit"),
                pl.col("unit_closed").cast(pl.Date),
                on["date"],
            ),
            "date",
            lambda r: _at_least(r["date"], r["unit_closed"]),
        ),
    ]
    of_products = [
        ReportCheck(
            pl.col("product").is_not_null() & pl.col("product_id").is_null(),
            pl.format("unknown product {}", pl.col("product")),
            "product",
            lambda r: r["product"] is not None and r["product_id"] is None,
        ),
        ReportCheck(
            graded & pl.col("has_grades") & pl.col("grade_ok").is_null(),
            pl.format(
                "grade {} is not one of the grades of {}",
                number_text("grade"),
                pl.col("product"),
            ),
            "grade",
            lambda r: r["grade"] is not None and r["has_grades"] is True and r["grade_ok"] is None,
        ),
        ReportCheck(
            graded & ~pl.col("has_grades"),
            pl.format("product {} has no grades", pl.col("product")),
            "grade",
            lambda r: r["grade"] is not None and r["has_grades"] is False,
        ),
    ]
    return [
        *(of_units if check_units else []),
        *(of_products if check_products else []),
        ReportCheck(
            pl.col("quantity") < 0,
            "quantity must not be negative",
            "quantity",
            lambda r: _less(r["quantity"], 0),
        ),
        ReportCheck(
            pl.col("value") < 0,
            "value must not be negative",
            "value",
            lambda r: _less(r["value"], 0),
        ),
        ReportCheck(
            correction & pl.col("reason").is_null(),
            "a correction (supersedes) needs a reason",
            "reason",
            lambda r: r["supersedes"] is not None and r["reason"] is None,
        ),
        ReportCheck(
            correction & pl.col("report_id").is_null(),
            "a correction (supersedes) needs its own report_id",
            "report_id",
            lambda r: r["supersedes"] is not None and r["report_id"] is None,
        ),
    ]


def prepare_reports(
    frame: pl.DataFrame, lookups: ReportLookups, table: TableFile, problems: Problems
) -> pl.DataFrame:
    """Check a batch of report rows and resolve it into `BATCH_SCHEMA` for the store."""
    return resolve_reports(check_reports(frame, lookups, table, problems))


def resolve_reports(j: pl.DataFrame) -> pl.DataFrame:
    """Checked report rows (`check_typed_reports`) as a batch in `BATCH_SCHEMA`."""
    batch = j.select(
        "row",
        "unit_id",
        "region_id",
        "product_id",
        pl.col("date").alias("day"),
        _seq(j).alias("seq"),
        "quantity",
        "grade",
        "value",
        "report_id",
        "supersedes",
        "reason",
        "extra",
    )
    # a report_id sent twice in one batch with the same content counts once
    batch = batch.filter(pl.col("report_id").is_null() | pl.col("report_id").is_first_distinct())
    return batch.cast(dict(BATCH_SCHEMA))  # type: ignore[arg-type]


def _seq(frame: pl.DataFrame) -> pl.Expr:
    """The n-th row of its unit, product and day in the batch (null where report_id is given).

    Most days have one row per unit and product; the numbering window (costly) runs only
    when some key repeats.
    """
    key = pl.struct("unit_id", "product_id", "date")
    if not frame.select(key.is_duplicated().any()).item():
        return pl.when(pl.col("report_id").is_null()).then(pl.lit(0, dtype=pl.Int32))
    return pl.when(pl.col("report_id").is_null()).then(
        pl.int_range(pl.len()).over("unit_id", "product_id", "date")
    )


def _check_repeated_ids(frame: pl.DataFrame, file: str, problems: Problems) -> None:
    ids = frame.filter(pl.col("report_id").is_not_null())
    if ids.height == ids["report_id"].n_unique():
        return
    content = ["unit", "date", "product", "quantity", "grade", "value", "supersedes"]
    first = ids.group_by("report_id").agg(pl.col("row").min().alias("first_row"))
    variants = ids.join(first, on="report_id").join(
        ids.select("report_id", *content, pl.col("row").alias("first_row")),
        on=["report_id", "first_row"],
        suffix="_first",
    )
    differs = pl.any_horizontal(*(~pl.col(c).eq_missing(pl.col(f"{c}_first")) for c in content))
    problems.rows(
        variants,
        differs,
        pl.format(
            "report_id {} is on row {} already, with other content",
            pl.col("report_id"),
            pl.col("first_row"),
        ),
        file=file,
        column="report_id",
    )


def report_batches(
    table: TableFile, lookups: ReportLookups, problems: Problems, *, rows: int
) -> Iterator[tuple[int, pl.DataFrame]]:
    """(rows read so far, checked batch) for each batch of the reports file."""
    done = 0
    for frame in table.batches(rows):
        done += frame.height
        yield done, prepare_reports(frame, lookups, table, problems)
