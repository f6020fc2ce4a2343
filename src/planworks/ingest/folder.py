"""Reading and checking a scenario folder.

`read_folder` reads and checks the catalog files and plans against each other and
against what is already stored, and returns frames ready for the store. Reports are
checked batch by batch (`prepare_reports`) because a folder may hold hundreds of
millions of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from planworks.domain.errors import InputError, InputProblem
from planworks.domain.model import (
    VALUE,
    RecipeRole,
    TrialStage,
    UnitKind,
    UnitStatus,
    parse_grades,
)
from planworks.ingest.files import (
    REQUIRED_FILES,
    SPECS,
    Check,
    Problems,
    TableFile,
    check_header,
    coerce,
    find_table,
    number_text,
)
from planworks.store.catalog import Catalog
from planworks.store.reports import BATCH_SCHEMA

__all__ = ["FolderData", "ReportLookups", "prepare_reports", "read_folder"]

_KINDS = [k.value for k in UnitKind]
_STATUSES = [s.value for s in UnitStatus]
_ROLES = [r.value for r in RecipeRole]


@dataclass
class FolderData:
    """A checked scenario folder: catalog frames by code, and where the reports are."""

    folder: Path
    regions: pl.DataFrame
    products: pl.DataFrame
    units: pl.DataFrame
    plans: pl.DataFrame | None
    recipes: pl.DataFrame | None
    links: pl.DataFrame | None
    stocks: pl.DataFrame | None
    trials: pl.DataFrame | None
    campaigns: pl.DataFrame | None
    inspections: pl.DataFrame | None
    workforce: pl.DataFrame | None
    reports: TableFile | None
    ignored: list[str] = field(default_factory=list)


def read_folder(
    folder: Path, stored: Catalog, stored_campaigns: pl.Series | None = None
) -> FolderData:
    """Read and check every file but the reports; raise `InputError` with all problems."""
    if not folder.is_dir():
        raise InputError([InputProblem(f"{folder} is not a folder")])
    if stored_campaigns is None:
        stored_campaigns = pl.Series("code", [], dtype=pl.String)
    problems = Problems()
    tables: dict[str, TableFile] = {}
    for name in SPECS:
        table = find_table(folder, name)
        if table is None:
            if name in REQUIRED_FILES:
                problems.add(InputProblem(f"{name}.csv (or {name}.parquet) is missing", file=name))
            continue
        check_header(table, problems)
        tables[name] = table
    problems.raise_if_any()
    known = {f"{n}.{ext}" for n in SPECS for ext in ("csv", "parquet")}
    ignored = sorted(p.name for p in folder.iterdir() if p.is_file() and p.name not in known)

    def load(name: str) -> pl.DataFrame | None:
        table = tables.get(name)
        return None if table is None else coerce(table.read(), table, problems)

    regions = load("regions")
    products = load("products")
    units = load("units")
    plans, recipes, links = load("plans"), load("recipes"), load("links")
    stocks = load("stocks")
    trials, campaigns = load("trials"), load("campaigns")
    inspections, workforce = load("inspections"), load("workforce")
    problems.raise_if_any()
    if regions is None or products is None or units is None:  # required files, found above
        raise AssertionError("required files were checked")

    region_codes = _codes(regions, stored.regions)
    product_codes = _codes(products, stored.products)
    unit_codes = _codes(units, stored.units)
    _check_regions(regions, region_codes, tables["regions"].label, problems)
    products = _check_products(products, tables["products"].label, problems)
    units = _check_units(units, region_codes, product_codes, unit_codes, tables["units"], problems)
    if plans is not None:
        plans = _check_plans(
            plans, region_codes, unit_codes, product_codes, tables["plans"], problems
        )
    if recipes is not None:
        _check_recipes(recipes, product_codes, region_codes, tables["recipes"].label, problems)
    if links is not None:
        _check_links(links, region_codes, tables["links"].label, problems)
    if stocks is not None:
        _check_stocks(stocks, region_codes, product_codes, tables["stocks"].label, problems)
    if trials is not None:
        _check_trials(trials, unit_codes, product_codes, tables["trials"].label, problems)
    campaign_codes = stored_campaigns
    if campaigns is not None:
        campaigns = _check_campaigns(
            campaigns, region_codes, unit_codes, tables["campaigns"].label, problems
        )
        campaign_codes = pl.concat([campaigns["code"], stored_campaigns]).unique()
    if inspections is not None:
        _check_inspections(
            inspections, campaign_codes, unit_codes, tables["inspections"].label, problems
        )
    if workforce is not None:
        _check_workforce(workforce, unit_codes, tables["workforce"].label, problems)
    problems.raise_if_any()
    return FolderData(
        folder=folder,
        regions=regions,
        products=products,
        units=units,
        plans=plans,
        recipes=recipes,
        links=links,
        stocks=stocks,
        trials=trials,
        campaigns=campaigns,
        inspections=inspections,
        workforce=workforce,
        reports=tables.get("reports"),
        ignored=ignored,
    )


def _codes(incoming: pl.DataFrame, stored: pl.DataFrame) -> pl.Series:
    return pl.concat([incoming["code"], stored["code"]]).unique()


def _unique_codes(frame: pl.DataFrame, file: str, problems: Problems, keys: list[str]) -> None:
    first = frame.group_by(keys).agg(pl.col("row").min().alias("first_row"))
    dupes = frame.join(first, on=keys).filter(pl.col("row") != pl.col("first_row"))
    problems.rows(
        dupes,
        pl.lit(True),
        pl.format("the same {} as row {}", pl.lit(", ".join(keys)), pl.col("first_row")),
        file=file,
        column=keys[0],
    )


def _unknown(column: str, known: pl.Series, what: str) -> Check:
    """A reference that names nothing in the folder or the database."""
    return Check(
        pl.col(column).is_not_null() & ~pl.col(column).is_in(known.implode()),
        pl.format("unknown {} {}", pl.lit(what), pl.col(column)),
        column,
    )


def _one_of(column: str, allowed: list[str]) -> Check:
    listed = ", ".join(allowed)
    return Check(
        ~pl.col(column).is_in(allowed),
        pl.format("{} {} is not one of {}", pl.lit(column), pl.col(column), pl.lit(listed)),
        column,
    )


def _check_regions(frame: pl.DataFrame, codes: pl.Series, file: str, problems: Problems) -> None:
    _unique_codes(frame, file, problems, ["code"])
    problems.check(
        frame,
        [
            _unknown("parent", codes, "parent region"),
            Check(
                pl.col("parent") == pl.col("code"), "a region cannot be its own parent", "parent"
            ),
        ],
        file=file,
    )


def _check_products(frame: pl.DataFrame, file: str, problems: Problems) -> pl.DataFrame:
    _unique_codes(frame, file, problems, ["code"])
    problems.check(
        frame,
        [
            Check(pl.col("code") == VALUE, f"{VALUE!r} is reserved for total output value", "code"),
            Check(pl.col("price") < 0, "price must not be negative", "price"),
        ],
        file=file,
    )
    canonical: list[str | None] = []
    for row, grades, min_grade in frame.select("row", "grades", "min_grade").iter_rows():
        try:
            parsed = parse_grades(grades)
        except InputError as e:
            for p in e.problems:
                problems.add(InputProblem(p.message, file=file, row=row, column="grades"))
            canonical.append(None)
            continue
        if min_grade is not None and min_grade not in parsed:
            problems.add(
                InputProblem(
                    f"min_grade {min_grade:g} is not one of the grades"
                    if parsed
                    else "min_grade needs grades",
                    file=file,
                    row=row,
                    column="min_grade",
                )
            )
        canonical.append("|".join(f"{g:g}" for g in parsed) or None)
    return frame.with_columns(pl.Series("grades", canonical, dtype=pl.String))


def _check_units(
    frame: pl.DataFrame,
    regions: pl.Series,
    products: pl.Series,
    units: pl.Series,
    table: TableFile,
    problems: Problems,
) -> pl.DataFrame:
    file = table.label
    _unique_codes(frame, file, problems, ["code"])
    frame = frame.with_columns(
        pl.when(pl.col("status").is_not_null())
        .then(pl.col("status"))
        .when(pl.col("merged_into").is_not_null())
        .then(pl.lit(UnitStatus.MERGED.value))
        .when(pl.col("closed").is_not_null())
        .then(pl.lit(UnitStatus.CLOSED.value))
        .otherwise(pl.lit(UnitStatus.PRODUCING.value))
        .alias("status")
    )
    problems.check(
        frame,
        [
            _unknown("region", regions, "region"),
            _unknown("product", products, "product"),
            _unknown("merged_into", units, "unit"),
            _one_of("kind", _KINDS),
            _one_of("status", _STATUSES),
            Check(pl.col("capacity") < 0, "capacity must not be negative", "capacity"),
            Check(pl.col("cost") < 0, "cost must not be negative", "cost"),
            Check(pl.col("closed") < pl.col("opened"), "closed before it opened", "closed"),
            Check(
                pl.col("merged_into") == pl.col("code"),
                "a unit cannot be merged into itself",
                "merged_into",
            ),
        ],
        file=file,
    )
    return frame


def _check_plans(
    frame: pl.DataFrame,
    regions: pl.Series,
    units: pl.Series,
    products: pl.Series,
    table: TableFile,
    problems: Problems,
) -> pl.DataFrame:
    is_region = pl.col("scope").is_in(regions.implode())
    is_unit = pl.col("scope").is_in(units.implode())
    problems.check(
        frame,
        [
            Check(
                ~is_region & ~is_unit,
                pl.format("unknown scope {} (neither a region nor a unit)", pl.col("scope")),
                "scope",
            ),
            Check(
                is_region & is_unit,
                pl.format("scope {} is both a region and a unit code", pl.col("scope")),
                "scope",
            ),
            Check(
                (pl.col("product") != VALUE) & ~pl.col("product").is_in(products.implode()),
                pl.format(
                    "unknown product {} (a product code, or {} for total output value)",
                    pl.col("product"),
                    pl.lit(VALUE),
                ),
                "product",
            ),
            Check(pl.col("end") < pl.col("start"), "the plan ends before it starts", "end"),
            Check(pl.col("target") <= 0, "target must be a number above 0", "target"),
            Check(pl.col("version") < 1, "version must be 1 or more", "version"),
            Check(pl.col("priority") <= 0, "priority must be a number above 0", "priority"),
        ],
        file=table.label,
    )
    return frame.with_columns(is_region.alias("scope_is_region"))


def _check_recipes(
    frame: pl.DataFrame, products: pl.Series, regions: pl.Series, file: str, problems: Problems
) -> None:
    problems.check(
        frame,
        [
            _unknown("product", products, "product"),
            _unknown("region", regions, "region"),
            _unknown("input", products, "product"),
            _one_of("kind", [*_KINDS, "*"]),
            _one_of("role", _ROLES),
            Check(pl.col("per_unit") <= 0, "per_unit must be a number above 0", "per_unit"),
            Check(
                pl.col("input") == pl.col("product"), "a product cannot be its own input", "input"
            ),
        ],
        file=file,
    )
    _unique_codes(frame, file, problems, ["product", "kind", "input", "role", "region"])


def _check_links(frame: pl.DataFrame, regions: pl.Series, file: str, problems: Problems) -> None:
    problems.check(
        frame,
        [
            _unknown("source", regions, "region"),
            _unknown("target", regions, "region"),
            Check(
                pl.col("source") == pl.col("target"), "a link needs two different regions", "target"
            ),
            Check(pl.col("capacity") < 0, "capacity must not be negative", "capacity"),
            Check(pl.col("cost") < 0, "cost must not be negative", "cost"),
        ],
        file=file,
    )
    _unique_codes(frame, file, problems, ["source", "target", "mode"])


def _check_stocks(
    frame: pl.DataFrame, regions: pl.Series, products: pl.Series, file: str, problems: Problems
) -> None:
    problems.check(
        frame,
        [
            _unknown("region", regions, "region"),
            _unknown("product", products, "product"),
            Check(pl.col("quantity") < 0, "quantity must not be negative", "quantity"),
        ],
        file=file,
    )
    _unique_codes(frame, file, problems, ["region", "product", "date"])


_STAGES = [s.value for s in TrialStage]


def _check_trials(
    frame: pl.DataFrame, units: pl.Series, products: pl.Series, file: str, problems: Problems
) -> None:
    problems.check(
        frame,
        [
            _unknown("unit", units, "unit"),
            _unknown("product", products, "product"),
            _one_of("stage", _STAGES),
        ],
        file=file,
    )
    _unique_codes(frame, file, problems, ["unit", "product", "stage"])


def _check_campaigns(
    frame: pl.DataFrame, regions: pl.Series, units: pl.Series, file: str, problems: Problems
) -> pl.DataFrame:
    is_region = pl.col("scope").is_in(regions.implode())
    is_unit = pl.col("scope").is_in(units.implode())
    _unique_codes(frame, file, problems, ["code"])
    problems.check(
        frame,
        [
            Check(
                ~is_region & ~is_unit,
                pl.format("unknown scope {} (neither a region nor a unit)", pl.col("scope")),
                "scope",
            ),
            Check(pl.col("end") < pl.col("start"), "the campaign ends before it starts", "end"),
            Check(pl.col("inspectors") < 0, "inspectors must not be negative", "inspectors"),
        ],
        file=file,
    )
    return frame.with_columns(is_region.alias("scope_is_region"))


def _check_inspections(
    frame: pl.DataFrame, campaigns: pl.Series, units: pl.Series, file: str, problems: Problems
) -> None:
    problems.check(
        frame,
        [
            _unknown("campaign", campaigns, "campaign"),
            _unknown("unit", units, "unit"),
            Check(pl.col("done") < pl.col("found"), "done before it was found", "done"),
        ],
        file=file,
    )
    _unique_codes(frame, file, problems, ["campaign", "unit", "found", "problem"])


def _check_workforce(frame: pl.DataFrame, units: pl.Series, file: str, problems: Problems) -> None:
    problems.check(
        frame,
        [
            _unknown("unit", units, "unit"),
            Check(pl.col("workers") < 0, "workers must not be negative", "workers"),
        ],
        file=file,
    )
    _unique_codes(frame, file, problems, ["unit", "date"])


# -- reports ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportLookups:
    """What report checks need to know of units and products, by code."""

    units: pl.DataFrame  # unit (code), unit_id, region_id, opened, closed
    products: pl.DataFrame  # product (code), product_id, has_grades
    grades: pl.DataFrame  # product_id, grade: every allowed (product, grade)

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
        units = catalog.units.select(
            pl.col("code").alias("unit"),
            pl.col("id").alias("unit_id"),
            "region_id",
            pl.col("opened").alias("unit_opened"),
            pl.col("closed").alias("unit_closed"),
        )
        return cls(units, products, grades)


def prepare_reports(
    frame: pl.DataFrame, lookups: ReportLookups, table: TableFile, problems: Problems
) -> pl.DataFrame:
    """Check a batch of report rows and resolve it into `BATCH_SCHEMA` for the store."""
    file = table.label
    typed = coerce(frame, table, problems)
    j = typed.join(lookups.units, on="unit", how="left").join(
        lookups.products, on="product", how="left"
    )
    j = j.join(lookups.grades, on=["product_id", "grade"], how="left")
    graded = pl.col("grade").is_not_null()
    correction = pl.col("supersedes").is_not_null()
    on = {"date": pl.col("date").cast(pl.Date), "opened": pl.col("unit_opened").cast(pl.Date)}
    problems.check(
        j,
        [
            Check(
                pl.col("unit").is_not_null() & pl.col("unit_id").is_null(),
                pl.format("unknown unit {}", pl.col("unit")),
                "unit",
            ),
            Check(
                pl.col("product").is_not_null() & pl.col("product_id").is_null(),
                pl.format("unknown product {}", pl.col("product")),
                "product",
            ),
            Check(pl.col("quantity") < 0, "quantity must not be negative", "quantity"),
            Check(pl.col("value") < 0, "value must not be negative", "value"),
            Check(
                pl.col("date") < pl.col("unit_opened"),
                pl.format(
                    "unit {} opened on {}; it cannot report for {}",
                    pl.col("unit"),
                    on["opened"],
                    on["date"],
                ),
                "date",
            ),
            Check(
                pl.col("date") >= pl.col("unit_closed"),
                pl.format(
                    "unit {} closed on {}; it cannot report for {}",
                    pl.col("unit"),
                    pl.col("unit_closed").cast(pl.Date),
                    on["date"],
                ),
                "date",
            ),
            Check(
                graded & pl.col("has_grades") & pl.col("grade_ok").is_null(),
                pl.format(
                    "grade {} is not one of the grades of {}",
                    number_text("grade"),
                    pl.col("product"),
                ),
                "grade",
            ),
            Check(
                graded & ~pl.col("has_grades"),
                pl.format("product {} has no grades", pl.col("product")),
                "grade",
            ),
            Check(
                correction & pl.col("reason").is_null(),
                "a correction (supersedes) needs a reason",
                "reason",
            ),
            Check(
                correction & pl.col("report_id").is_null(),
                "a correction (supersedes) needs its own report_id",
                "report_id",
            ),
        ],
        file=file,
    )
    _check_repeated_ids(j, file, problems)
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
