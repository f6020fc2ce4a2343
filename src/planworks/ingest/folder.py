"""Reading and checking a scenario folder.

`read_folder` reads and checks the catalog files, plans and operations against each
other and against what is already stored, and returns frames ready for the store.
Reports are checked batch by batch (`planworks.ingest.reports`) because a folder may
hold hundreds of millions of them.

Every file is checked as far as it can be, whatever is wrong with the others, so that
one attempt lists every problem: a file that cannot be read, or lacks a required
column, has its rows left unchecked (and references to what it lists, unless its codes
can still be read), and nothing else is held back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from planworks.domain.errors import InputError, InputProblem
from planworks.domain.model import (
    VALUE,
    RecipeRole,
    UnitKind,
    UnitStatus,
    parse_grades,
)
from planworks.domain.tree import find_cycle
from planworks.ingest.files import (
    REQUIRED_FILES,
    SPECS,
    Check,
    Problems,
    TableFile,
    check_header,
    check_unique,
    coerce,
    find_table,
    number_text,
    one_of,
    unknown,
)
from planworks.ingest.ledgers import (
    check_balances,
    check_inputs,
    check_region_reports,
    check_shipments,
)
from planworks.ingest.operations import (
    check_campaigns,
    check_inspections,
    check_trials,
    check_workforce,
)
from planworks.ingest.reports import (
    ReportLookups,
    check_all_reports,
    check_reports,
    folder_lookups,
    prepare_reports,
    report_batches,
)
from planworks.store.catalog import Catalog

__all__ = [
    "FolderData",
    "ReportLookups",
    "check_reports",
    "prepare_reports",
    "read_folder",
    "report_batches",
]

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
    inputs: pl.DataFrame | None = None
    balances: pl.DataFrame | None = None
    shipments: pl.DataFrame | None = None
    region_reports: pl.DataFrame | None = None
    labels: dict[str, str] = field(default_factory=dict)  # file name by table: units.parquet


def read_folder(
    folder: Path, stored: Catalog, stored_campaigns: pl.Series | None = None
) -> FolderData:
    """Read and check every file but the reports; raise `InputError` with all problems.

    When anything is wrong, the reports are checked too before the error is raised (the
    import stops here), so that the error lists their problems as well. The reports of a
    folder without problems are checked as they are written, in one pass.
    """
    if not folder.is_dir():
        raise InputError([InputProblem(f"{folder} is not a folder")])
    problems = Problems()
    found, tables, present = _open_files(folder, problems)
    known = {f"{n}.{ext}" for n in SPECS for ext in ("csv", "parquet")}
    ignored = sorted(p.name for p in folder.iterdir() if p.is_file() and p.name not in known)

    frames: dict[str, pl.DataFrame] = {}
    for name, table in tables.items():
        if name == "reports":
            continue
        try:
            frames[name] = coerce(table.read(), table, problems)
        except InputError as e:  # the file cannot be parsed
            problems.extend(e)

    def codes(name: str, stored_codes: pl.Series) -> pl.Series | None:
        """What a reference to `name` may name: the folder's codes and the stored ones;
        None when the folder's file is there (or required) but its codes cannot be read."""
        if name in frames:
            listed: pl.Series | None = frames[name]["code"]
        elif name in present or name in REQUIRED_FILES:
            listed = _listed_codes(found.get(name))
        else:
            listed = pl.Series("code", [], dtype=pl.String)
        if listed is None:
            return None
        return pl.concat([listed.drop_nulls(), stored_codes.cast(pl.String)]).unique()

    if stored_campaigns is None:
        stored_campaigns = pl.Series("code", [], dtype=pl.String)
    region_codes = codes("regions", stored.regions["code"])
    product_codes = codes("products", stored.products["code"])
    unit_codes = codes("units", stored.units["code"])
    campaign_codes = codes("campaigns", pl.concat([stored.campaigns["code"], stored_campaigns]))
    label = {name: table.label for name, table in found.items()}

    regions = frames.get("regions")
    if regions is not None:
        _check_regions(regions, region_codes, stored, label["regions"], problems)
    products = frames.get("products")
    broken_grades = pl.Series("code", [], dtype=pl.String)
    if products is not None:
        checked = _check_products(products, label["products"], problems)
        wrong = products["grades"].is_not_null() & checked["grades"].is_null()
        products, broken_grades = checked, checked.filter(wrong)["code"]
    units = frames.get("units")
    if units is not None:
        units = _check_units(
            units, region_codes, product_codes, unit_codes, label["units"], problems
        )
    unit_dates = None if units is None else _unit_dates(units, stored)
    plans = frames.get("plans")
    if plans is not None:
        plans = _check_plans(
            plans, region_codes, unit_codes, product_codes, label["plans"], problems
        )
    recipes, links, stocks = frames.get("recipes"), frames.get("links"), frames.get("stocks")
    if recipes is not None:
        _check_recipes(recipes, product_codes, region_codes, label["recipes"], problems)
    if links is not None:
        _check_links(links, region_codes, label["links"], problems)
    if stocks is not None:
        _check_stocks(stocks, region_codes, product_codes, label["stocks"], problems)
    trials = frames.get("trials")
    if trials is not None:
        check_trials(
            trials,
            unit_codes,
            product_codes,
            unit_dates,
            stored.trials,
            problems,
            file=label["trials"],
        )
    campaigns = frames.get("campaigns")
    campaign_dates = stored.campaigns
    if campaigns is not None:
        campaigns = check_campaigns(
            campaigns, region_codes, unit_codes, problems, file=label["campaigns"]
        )
        campaign_dates = pl.concat(
            [_trusted_dates(campaigns, "code", "start", "end"), campaign_dates],
            how="vertical_relaxed",
        )
    inspections = frames.get("inspections")
    if inspections is not None:
        check_inspections(
            inspections,
            campaign_codes,
            campaign_dates,
            unit_codes,
            problems,
            file=label["inspections"],
        )
    workforce = frames.get("workforce")
    if workforce is not None:
        check_workforce(workforce, unit_codes, unit_dates, problems, file=label["workforce"])
    inputs = frames.get("inputs")
    if inputs is not None:
        check_inputs(inputs, unit_codes, product_codes, unit_dates, problems, file=label["inputs"])
    balances = frames.get("balances")
    if balances is not None:
        balances = check_balances(
            balances, unit_codes, product_codes, unit_dates, problems, file=label["balances"]
        )
    shipments = frames.get("shipments")
    if shipments is not None:
        check_shipments(
            shipments, unit_codes, product_codes, unit_dates, problems, file=label["shipments"]
        )
    region_reports = frames.get("region_reports")
    if region_reports is not None:
        check_region_reports(
            region_reports, region_codes, product_codes, problems, file=label["region_reports"]
        )

    if problems:
        reports = tables.get("reports")
        if reports is not None and not problems.full:
            lookups = folder_lookups(
                product_codes, products, broken_grades, unit_codes, unit_dates, stored
            )
            check_all_reports(reports, lookups, problems)
        problems.raise_if_any()
    if regions is None or products is None or units is None:  # required: found above
        raise AssertionError("required files were checked")
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
        inputs=inputs,
        balances=balances,
        shipments=shipments,
        region_reports=region_reports,
        labels=label,
    )


def _open_files(
    folder: Path, problems: Problems
) -> tuple[dict[str, TableFile], dict[str, TableFile], set[str]]:
    """The folder's files: those that could be opened, those of them whose header has
    every required column, and the names of all there (even those that could not be)."""
    found: dict[str, TableFile] = {}
    complete: dict[str, TableFile] = {}
    present: set[str] = set()
    for name in SPECS:
        try:
            table = find_table(folder, name)
        except InputError as e:
            problems.extend(e)
            present.add(name)
            continue
        if table is None:
            if name in REQUIRED_FILES:
                problems.add(InputProblem(f"{name}.csv (or {name}.parquet) is missing", file=name))
            continue
        present.add(name)
        found[name] = table
        if check_header(table, problems):
            complete[name] = table
    return found, complete, present


def _listed_codes(table: TableFile | None) -> pl.Series | None:
    """The codes of a file whose rows cannot be checked (a required column is missing),
    so that references to them still can be; None if it has none to read."""
    if table is None or "code" not in table.columns:
        return None
    try:
        listed = table.read()["code"].cast(pl.String).str.strip_chars()
    except InputError:
        return None
    return listed.filter(listed != "")


def _unit_dates(units: pl.DataFrame, stored: Catalog) -> pl.DataFrame:
    """unit, opened, closed of every unit: the folder's, else the stored one's."""
    return (
        pl.concat(
            [
                _trusted_dates(units, "code", "opened", "closed"),
                stored.units.select("code", "opened", "closed"),
            ],
            how="vertical_relaxed",
        )
        .filter(pl.col("code").is_not_null())
        .unique("code", keep="first", maintain_order=True)
        .rename({"code": "unit"})
    )


def _trusted_dates(frame: pl.DataFrame, code: str, first: str, last: str) -> pl.DataFrame:
    """code, first, last, left empty where last is before first: which of the two is wrong
    cannot be told (that is reported), so nothing is checked against them."""
    wrong = pl.col(last) < pl.col(first)
    return frame.select(
        code,
        *(pl.when(wrong).then(None).otherwise(pl.col(c)).alias(c) for c in (first, last)),
    )


def _check_regions(
    frame: pl.DataFrame, codes: pl.Series | None, stored: Catalog, file: str, problems: Problems
) -> None:
    check_unique(frame, ["code"], problems, file=file)
    problems.check(
        frame,
        [
            *unknown("parent", codes, "parent region"),
            Check(
                pl.col("parent") == pl.col("code"), "a region cannot be its own parent", "parent"
            ),
        ],
        file=file,
    )
    _check_tree(frame, stored.regions, file, problems)


def _check_tree(frame: pl.DataFrame, stored: pl.DataFrame, file: str, problems: Problems) -> None:
    """The regions, with those stored, form a tree: no region is its own ancestor."""
    code_of = dict(zip(stored["id"].to_list(), stored["code"].to_list(), strict=True))
    parent: dict[str, str | None] = {
        c: code_of.get(p) if p is not None else None
        for c, p in zip(stored["code"].to_list(), stored["parent_id"].to_list(), strict=True)
    }
    rows = frame.filter(
        pl.col("code").is_not_null() & pl.col("parent").ne_missing(pl.col("code"))
    ).unique("code", keep="first", maintain_order=True)
    row_of = dict(zip(rows["code"].to_list(), rows["row"].to_list(), strict=True))
    parent.update(zip(rows["code"].to_list(), rows["parent"].to_list(), strict=True))
    cycle = find_cycle(parent)
    if cycle is None:
        return
    first = next(c for c in cycle if c in row_of)  # the stored regions form a tree
    problems.add(
        InputProblem(
            "the regions form a cycle: " + " -> ".join([*cycle, cycle[0]]),
            file=file,
            row=row_of[first],
            column="parent",
        )
    )


def _check_products(frame: pl.DataFrame, file: str, problems: Problems) -> pl.DataFrame:
    """Products, with their grades written canonically (null where they are wrong)."""
    check_unique(frame, ["code"], problems, file=file)
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
    regions: pl.Series | None,
    products: pl.Series | None,
    units: pl.Series | None,
    file: str,
    problems: Problems,
) -> pl.DataFrame:
    check_unique(frame, ["code"], problems, file=file)
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
            *unknown("region", regions, "region"),
            *unknown("product", products, "product"),
            *unknown("merged_into", units, "unit"),
            one_of("kind", _KINDS),
            one_of("status", _STATUSES),
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
    regions: pl.Series | None,
    units: pl.Series | None,
    products: pl.Series | None,
    file: str,
    problems: Problems,
) -> pl.DataFrame:
    is_region = pl.col("scope").is_in(_or_none(regions).implode())
    is_unit = pl.col("scope").is_in(_or_none(units).implode())
    scope = [
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
    ]
    product = Check(
        (pl.col("product") != VALUE) & ~pl.col("product").is_in(_or_none(products).implode()),
        pl.format(
            "unknown product {} (a product code, or {} for total output value)",
            pl.col("product"),
            pl.lit(VALUE),
        ),
        "product",
    )
    problems.check(
        frame,
        [
            *(scope if regions is not None and units is not None else []),
            *([product] if products is not None else []),
            Check(pl.col("end") < pl.col("start"), "the plan ends before it starts", "end"),
            Check(pl.col("target") <= 0, "target must be a number above 0", "target"),
            Check(pl.col("version") < 1, "version must be 1 or more", "version"),
            Check(pl.col("priority") <= 0, "priority must be a number above 0", "priority"),
        ],
        file=file,
    )
    # a row without a version is the plan's current target: one per plan
    check_unique(
        frame.filter(pl.col("version").is_null()),
        ["scope", "product", "start", "end"],
        problems,
        file=file,
    )
    return frame.with_columns(is_region.alias("scope_is_region"))


def _or_none(codes: pl.Series | None) -> pl.Series:
    return pl.Series("code", [], dtype=pl.String) if codes is None else codes


def _check_recipes(
    frame: pl.DataFrame,
    products: pl.Series | None,
    regions: pl.Series | None,
    file: str,
    problems: Problems,
) -> None:
    problems.check(
        frame,
        [
            *unknown("product", products, "product"),
            *unknown("region", regions, "region"),
            *unknown("input", products, "product"),
            one_of("kind", [*_KINDS, "*"]),
            one_of("role", _ROLES),
            Check(pl.col("per_unit") <= 0, "per_unit must be a number above 0", "per_unit"),
            Check(pl.col("low") <= 0, "low must be a number above 0", "low"),
            Check(pl.col("high") <= 0, "high must be a number above 0", "high"),
            Check(
                (pl.col("low") > pl.col("per_unit")) & (pl.col("per_unit") > 0),
                pl.format(
                    "low {} is above per_unit {}: the range must hold per_unit",
                    number_text("low"),
                    number_text("per_unit"),
                ),
                "low",
            ),
            Check(
                (pl.col("high") < pl.col("per_unit")) & (pl.col("high") > 0),
                pl.format(
                    "high {} is below per_unit {}: the range must hold per_unit",
                    number_text("high"),
                    number_text("per_unit"),
                ),
                "high",
            ),
            Check(
                pl.col("input") == pl.col("product"), "a product cannot be its own input", "input"
            ),
        ],
        file=file,
    )
    check_unique(
        frame,
        ["product", "kind", "input", "role", "region"],
        problems,
        file=file,
        optional=("region",),
    )


def _check_links(
    frame: pl.DataFrame, regions: pl.Series | None, file: str, problems: Problems
) -> None:
    problems.check(
        frame,
        [
            *unknown("source", regions, "region"),
            *unknown("target", regions, "region"),
            Check(
                pl.col("source") == pl.col("target"), "a link needs two different regions", "target"
            ),
            Check(pl.col("capacity") < 0, "capacity must not be negative", "capacity"),
            Check(pl.col("cost") < 0, "cost must not be negative", "cost"),
        ],
        file=file,
    )
    check_unique(frame, ["source", "target", "mode"], problems, file=file)


def _check_stocks(
    frame: pl.DataFrame,
    regions: pl.Series | None,
    products: pl.Series | None,
    file: str,
    problems: Problems,
) -> None:
    problems.check(
        frame,
        [
            *unknown("region", regions, "region"),
            *unknown("product", products, "product"),
            Check(pl.col("quantity") < 0, "quantity must not be negative", "quantity"),
        ],
        file=file,
    )
    check_unique(frame, ["region", "product", "date"], problems, file=file)
