"""The Jinzhou replay: the builder is deterministic and the raw rows say what the article says.

Every figure is computed here with polars straight from the committed CSV files, by the
definitions of MISSION.md and the brief of the measures (units opened, new products,
by-products, workers, output per worker), independently of the builder's own code.
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import polars as pl
import pytest

from planworks.domain.claims import Claim, Measure, Query
from planworks.domain.periods import Period
from planworks.scenarios.jinzhou import SCENARIO

FOLDER = SCENARIO.committed_folder()
AS_OF = date(1960, 6, 3)
CITY = "CN-LN-JZ"
FOOD = "CN-LN-JZ-FOOD"
TIEBEI = "CN-LN-JZ-LH-TIEBEI"
RADIO = "CN-LN-JZ-GT-R01"
MOVEMENT = (date(1960, 2, 22), AS_OF)
FIRST_TEN_DAYS = (date(1960, 2, 22), date(1960, 3, 2))
MAY = (date(1960, 5, 1), date(1960, 5, 31))
STAGES = ("started", "succeeded", "batch", "mass")


def _read(name: str, **dtypes: pl.DataType) -> pl.DataFrame:
    return pl.read_csv(FOLDER / name, schema_overrides=dtypes, infer_schema_length=None)


@pytest.fixture(scope="module")
def regions() -> pl.DataFrame:
    return _read("regions.csv")


@pytest.fixture(scope="module")
def products() -> pl.DataFrame:
    return _read("products.csv", price=pl.Float64())


@pytest.fixture(scope="module")
def units() -> pl.DataFrame:
    return _read(
        "units.csv",
        opened=pl.Date(),
        closed=pl.Date(),
        capacity=pl.Float64(),
        product=pl.String(),
        merged_into=pl.String(),
    )


@pytest.fixture(scope="module")
def reports() -> pl.DataFrame:
    return _read("reports.csv", date=pl.Date(), quantity=pl.Float64())


@pytest.fixture(scope="module")
def trials() -> pl.DataFrame:
    return _read("trials.csv", date=pl.Date())


@pytest.fixture(scope="module")
def recipes() -> pl.DataFrame:
    return _read("recipes.csv", per_unit=pl.Float64())


@pytest.fixture(scope="module")
def workforce() -> pl.DataFrame:
    return _read("workforce.csv", date=pl.Date())


@pytest.fixture(scope="module")
def plans() -> pl.DataFrame:
    return _read("plans.csv", start=pl.Date(), end=pl.Date(), target=pl.Float64())


@pytest.fixture(scope="module")
def tables(
    regions: pl.DataFrame,
    products: pl.DataFrame,
    units: pl.DataFrame,
    reports: pl.DataFrame,
    trials: pl.DataFrame,
    recipes: pl.DataFrame,
    workforce: pl.DataFrame,
    plans: pl.DataFrame,
) -> dict[str, pl.DataFrame]:
    return {
        "regions": regions,
        "products": products,
        "units": units,
        "reports": reports,
        "trials": trials,
        "recipes": recipes,
        "workforce": workforce,
        "plans": plans,
    }


# -- the definitions -------------------------------------------------------------------------
def _units_of(scope: str, regions: pl.DataFrame, units: pl.DataFrame) -> set[str]:
    """The units of a scope: one unit, or every unit of a region and the regions below it."""
    if scope in set(units["code"]):
        return {scope}
    tree = {scope}
    while True:
        grown = tree | set(regions.filter(pl.col("parent").is_in(tree))["code"])
        if grown == tree:
            break
        tree = grown
    return set(units.filter(pl.col("region").is_in(tree))["code"])


def _total(frame: pl.DataFrame, column: str = "quantity") -> float:
    return float(frame[column].sum())


def _between(first: date, last: date, column: str = "date") -> pl.Expr:
    return pl.col(column).is_between(first, last)


def _valued(reports: pl.DataFrame, products: pl.DataFrame) -> pl.DataFrame:
    """Reports with their output value: quantity x the constant price (0 without a price)."""
    prices = products.select(product="code", price=pl.col("price").fill_null(0.0))
    return reports.join(prices, on="product", how="left").with_columns(
        value=pl.col("quantity") * pl.col("price")
    )


def _with_unit(reports: pl.DataFrame, units: pl.DataFrame) -> pl.DataFrame:
    return reports.join(
        units.select(unit="code", main="product", kind="kind"), on="unit", how="left"
    )


def _byproduct_rows(
    reports: pl.DataFrame, units: pl.DataFrame, recipes: pl.DataFrame
) -> pl.DataFrame:
    """Reports of a product that a recipe lists as a by-product of the unit's main product."""
    lines = recipes.filter(pl.col("role") == "byproduct").select(
        main="product", product="input", recipe_kind="kind"
    )
    joined = _with_unit(reports, units).join(lines, on=["main", "product"], how="inner")
    return joined.filter((pl.col("recipe_kind") == "*") | (pl.col("recipe_kind") == pl.col("kind")))


def _main_rows(reports: pl.DataFrame, units: pl.DataFrame) -> pl.DataFrame:
    """Reports of the unit's main product."""
    return _with_unit(reports, units).filter(pl.col("product") == pl.col("main"))


def _headcount(workforce: pl.DataFrame, unit: str, day: date) -> int:
    """The unit's workers on a day: the last headcount given on or before it."""
    rows = workforce.filter((pl.col("unit") == unit) & (pl.col("date") <= day)).sort("date")
    return int(rows["workers"][-1]) if rows.height else 0


def _worker_days(workforce: pl.DataFrame, unit: str, first: date, last: date) -> int:
    days = (last - first).days + 1
    return sum(_headcount(workforce, unit, first + timedelta(days=k)) for k in range(days))


def _first_successes(trials: pl.DataFrame, in_scope: set[str]) -> pl.DataFrame:
    return (
        trials.filter(pl.col("unit").is_in(in_scope) & (pl.col("stage") == "succeeded"))
        .group_by("product")
        .agg(pl.col("date").min().alias("first"))
    )


def _output_per_worker(
    reports: pl.DataFrame,
    units: pl.DataFrame,
    workforce: pl.DataFrame,
    unit: str,
    period: Period,
    *,
    main_only: bool = True,
) -> float:
    rows = _main_rows(reports, units) if main_only else reports
    rows = rows.filter((pl.col("unit") == unit) & _between(period.start, period.end))
    return _total(rows) / _worker_days(workforce, unit, period.start, period.end)


def _evaluate(query: Query, t: dict[str, pl.DataFrame]) -> float | date | None:
    """A query's value by the definitions (the measures this replay uses)."""
    units, reports, products = t["units"], t["reports"], t["products"]
    in_scope = _units_of(query.scope, t["regions"], units)
    last = min(query.end, query.as_of or AS_OF)
    period = Period.of(query.start, query.end)
    mine = reports.filter(pl.col("unit").is_in(in_scope))
    match query.measure:
        case Measure.UNITS_OPENED:
            opened = units.filter(
                pl.col("code").is_in(in_scope) & _between(query.start, last, "opened")
            )
            return opened.height
        case Measure.NEW_PRODUCTS:
            firsts = _first_successes(t["trials"], in_scope)
            return firsts.filter(_between(query.start, last, "first")).height
        case Measure.BYPRODUCTS:
            rows = _byproduct_rows(mine, units, t["recipes"])
            rows = rows.filter(_between(query.start, last) & (pl.col("quantity") > 0))
            return rows["product"].n_unique()
        case Measure.BYPRODUCT_RATIO:
            period_rows = _valued(mine.filter(_between(query.start, last)), products)
            by = _total(_byproduct_rows(period_rows, units, t["recipes"]), "value")
            return by / _total(_main_rows(period_rows, units), "value")
        case Measure.WORKERS_CHANGE:
            (unit,) = in_scope
            workforce = t["workforce"]
            return _headcount(workforce, unit, last) - _headcount(workforce, unit, query.start)
        case Measure.OUTPUT_PER_WORKER_GROWTH_PCT:
            (unit,) = in_scope
            now = _output_per_worker(reports, units, t["workforce"], unit, period)
            before = _output_per_worker(reports, units, t["workforce"], unit, period.previous())
            return (now / before - 1) * 100
        case Measure.CUMULATIVE:
            rows = mine.filter((pl.col("product") == query.product) & _between(query.start, last))
            return _total(rows)
        case Measure.OVERFULFILMENT_PCT:
            plan = t["plans"].filter(
                (pl.col("scope") == query.scope)
                & (pl.col("product") == query.product)
                & (pl.col("start") == query.start)
                & (pl.col("end") == query.end)
            )
            assert plan.height == 1
            rows = mine.filter((pl.col("product") == query.product) & _between(query.start, last))
            return (_total(rows) / _total(plan, "target") - 1) * 100
        case Measure.GROWTH_PREV_PCT:
            assert query.product == "value"
            assert last >= query.end  # whole periods
            previous = period.previous()
            valued = _valued(mine, products)
            now = _total(valued.filter(_between(query.start, query.end)), "value")
            before = _total(valued.filter(_between(previous.start, previous.end)), "value")
            return (now / before - 1) * 100
    raise AssertionError(f"no evaluation for {query.measure}")


# -- the builder -----------------------------------------------------------------------------


def test_scenario_describes_the_replay() -> None:
    assert SCENARIO.name == "jinzhou-new-products-1960"
    assert SCENARIO.committed
    assert SCENARIO.source == "001_b9ad766cd1670af9.txt"
    assert SCENARIO.as_of == AS_OF
    assert SCENARIO.title
    assert "锦州" in SCENARIO.title_zh
    assert "reconstruction" in SCENARIO.notes
    keys = [claim.key for claim in SCENARIO.claims]
    assert len(keys) == len(set(keys))
    measures = {claim.query.measure for claim in SCENARIO.claims}
    assert {
        Measure.UNITS_OPENED,
        Measure.NEW_PRODUCTS,
        Measure.BYPRODUCTS,
        Measure.BYPRODUCT_RATIO,
        Measure.WORKERS_CHANGE,
        Measure.OUTPUT_PER_WORKER_GROWTH_PCT,
    } <= measures
    for claim in SCENARIO.claims:
        assert claim.text
        assert claim.text_zh
        if claim.query.measure in (
            Measure.UNITS_OPENED,
            Measure.NEW_PRODUCTS,
            Measure.BYPRODUCTS,
            Measure.BYPRODUCT_RATIO,
            Measure.WORKERS_CHANGE,
            Measure.OUTPUT_PER_WORKER_GROWTH_PCT,
        ):
            assert claim.query.product == "*"


# -- the article's figures -------------------------------------------------------------------
@pytest.mark.parametrize("claim", SCENARIO.claims, ids=lambda claim: claim.key)
def test_claim_holds_on_the_raw_rows(claim: Claim, tables: dict[str, pl.DataFrame]) -> None:
    value = _evaluate(claim.query, tables)
    assert claim.expect.holds(value), f"{claim.key}: {value} is not {claim.expect.describe()}"


def test_nine_hundred_odd_factories_opened_in_just_over_three_months(
    units: pl.DataFrame, regions: pl.DataFrame
) -> None:
    in_city = _units_of(CITY, regions, units)
    opened = units.filter(pl.col("code").is_in(in_city) & _between(*MOVEMENT, "opened"))
    assert 900 <= opened.height <= 999
    # "just over three months": from the movement's start to the dispatch
    assert 3 * 30 < (MOVEMENT[1] - MOVEMENT[0]).days < 4 * 30
    assert opened["opened"].min() == MOVEMENT[0]
    # all but the Tiebei plant are small indigenous factories of the movement
    assert set(opened["kind"]) == {"indigenous"}
    assert TIEBEI in set(opened["code"])
    # nothing else opened in the movement or after it
    assert units.filter(pl.col("opened") > MOVEMENT[1]).height == 0


def test_a_thousand_odd_new_products_three_hundred_odd_in_ten_days(
    trials: pl.DataFrame, units: pl.DataFrame, regions: pl.DataFrame
) -> None:
    firsts = _first_successes(trials, _units_of(CITY, regions, units))
    movement = firsts.filter(_between(*MOVEMENT, "first"))
    ten_days = firsts.filter(_between(*FIRST_TEN_DAYS, "first"))
    assert 1000 <= movement.height <= 1999
    assert 300 <= ten_days.height <= 399
    assert "optical-glass" in set(ten_days["product"])  # "光学玻璃等三百多种"
    assert {"caustic-soda", "petroleum-jelly"} <= set(ten_days["product"])
    # some were made before the movement: they are not its new products
    before = firsts.filter(pl.col("first") < MOVEMENT[0])
    assert before.height > 0
    # products tried by several units count once; trials that never succeeded not at all
    succeeded = trials.filter(pl.col("stage") == "succeeded")
    assert succeeded.height > firsts.height
    tried = set(trials["product"])
    assert len(tried) > firsts.height
    # many went into batch or mass production; a few were abandoned
    stages = trials.group_by("stage").agg(pl.col("product").n_unique())
    counts = dict(stages.iter_rows())
    assert counts["batch"] > 600
    assert counts["mass"] > 300
    assert 10 <= counts["abandoned"] <= 100


def test_food_company_makes_31_medicines_from_waste(
    recipes: pl.DataFrame, reports: pl.DataFrame, units: pl.DataFrame, products: pl.DataFrame
) -> None:
    food = units.filter(pl.col("region") == FOOD)
    assert food.height >= 3
    assert set(food["product"]) == {"meat"}
    byproducts = recipes.filter((pl.col("product") == "meat") & (pl.col("role") == "byproduct"))
    wastes = recipes.filter((pl.col("product") == "meat") & (pl.col("role") == "waste"))
    assert byproducts.height == byproducts["input"].n_unique() == 31
    assert set(wastes["input"]) == {"pig-waste", "cattle-waste", "sheep-waste"}
    # every medicine takes the wastes as inputs
    inputs = recipes.filter(pl.col("role") == "input")
    for medicine in byproducts["input"]:
        taken = set(inputs.filter(pl.col("product") == medicine)["input"])
        assert taken, medicine
        assert taken <= set(wastes["input"]), medicine
    # wastes have no price; liver extract injection is one of the medicines
    waste_prices = products.filter(pl.col("code").is_in(wastes["input"].implode()))["price"]
    assert waste_prices.null_count() == 3
    assert "liver-extract-injection" in set(byproducts["input"])
    # the food factories report only meat and medicines, every medicine in May
    food_reports = reports.filter(pl.col("unit").is_in(food["code"].implode()))
    assert set(food_reports["product"]) == {"meat"} | set(byproducts["input"])
    may = food_reports.filter(_between(*MAY) & (pl.col("product") != "meat"))
    assert may["product"].n_unique() == 31


def test_each_food_factory_reached_or_is_close_to_byproducts_above_main_products(
    reports: pl.DataFrame, units: pl.DataFrame, products: pl.DataFrame, recipes: pl.DataFrame
) -> None:
    may = _valued(reports.filter(_between(*MAY)), products)
    by = _byproduct_rows(may, units, recipes).group_by("unit").agg(pl.col("value").sum())
    main = _main_rows(may, units).group_by("unit").agg(pl.col("value").sum().alias("main"))
    ratios = by.join(main, on="unit").with_columns(ratio=pl.col("value") / pl.col("main"))
    food = set(units.filter(pl.col("region") == FOOD)["code"])
    assert set(ratios["unit"]) == food
    above = ratios.filter(pl.col("ratio") >= 1)
    close = ratios.filter((pl.col("ratio") < 1) & (pl.col("ratio") >= 0.9))
    assert above.height >= 1
    assert close.height >= 1
    assert above.height + close.height == len(food)
    assert _total(ratios, "value") >= _total(ratios, "main")
    # before the movement there were no medicines: the ratio grew from nothing
    january = _valued(reports.filter(_between(date(1960, 1, 1), date(1960, 1, 31))), products)
    assert _byproduct_rows(january, units, recipes).height == 0


def test_medicines_use_no_more_waste_than_the_meat_leaves(
    reports: pl.DataFrame, units: pl.DataFrame, recipes: pl.DataFrame
) -> None:
    food = units.filter(pl.col("region") == FOOD)["code"].implode()
    monthly = (
        reports.filter(pl.col("unit").is_in(food))
        .with_columns(month=pl.col("date").dt.month())
        .group_by("unit", "month", "product")
        .agg(pl.col("quantity").sum())
    )
    left = (
        monthly.filter(pl.col("product") == "meat")
        .join(
            recipes.filter(pl.col("role") == "waste").select("input", "per_unit"),
            how="cross",
        )
        .with_columns(left=pl.col("quantity") * pl.col("per_unit"))
        .select("unit", "month", waste="input", left="left")
    )
    used = (
        monthly.join(
            recipes.filter(pl.col("role") == "input").select(
                product="product", waste="input", per_unit="per_unit"
            ),
            on="product",
        )
        .with_columns(used=pl.col("quantity") * pl.col("per_unit"))
        .group_by("unit", "month", "waste")
        .agg(pl.col("used").sum())
    )
    balance = left.join(used, on=["unit", "month", "waste"], how="left").fill_null(0.0)
    assert balance.filter(pl.col("used") > pl.col("left")).height == 0
    assert _total(balance, "used") > 0


def test_tiebei_saved_21_workers_and_doubled_output_per_worker(
    reports: pl.DataFrame, units: pl.DataFrame, workforce: pl.DataFrame
) -> None:
    rows = workforce.filter(pl.col("unit") == TIEBEI).sort("date")
    changes = rows["workers"].diff().drop_nulls().to_list()
    assert changes[-1] == -21
    automated = rows["date"][-1]
    assert (
        _headcount(workforce, TIEBEI, automated)
        - _headcount(workforce, TIEBEI, automated - timedelta(days=1))
        == -21
    )
    after = Period(automated, automated + timedelta(days=29))
    for main_only in (True, False):  # caustic soda alone, or with petroleum jelly
        now = _output_per_worker(reports, units, workforce, TIEBEI, after, main_only=main_only)
        before = _output_per_worker(
            reports, units, workforce, TIEBEI, after.previous(), main_only=main_only
        )
        assert now / before == pytest.approx(2.0, abs=0.01)
    tiebei = units.filter(pl.col("code") == TIEBEI).row(0, named=True)
    assert tiebei["product"] == "caustic-soda"
    assert set(reports.filter(pl.col("unit") == TIEBEI)["product"]) == {
        "caustic-soda",
        "petroleum-jelly",
    }


def test_tiebei_produces_several_times_its_original_plan(
    reports: pl.DataFrame, plans: pl.DataFrame
) -> None:
    assert set(plans["scope"]) == {TIEBEI}
    for product, target in plans.select("product", "target").iter_rows():
        made = _total(
            reports.filter(
                (pl.col("unit") == TIEBEI) & (pl.col("product") == product) & _between(*MAY)
            )
        )
        assert made >= 4 * target  # at least two doublings (翻了好几番)


def test_radio_factory_was_merged_from_repair_cooperatives(
    units: pl.DataFrame, trials: pl.DataFrame, reports: pl.DataFrame
) -> None:
    radio = units.filter(pl.col("code") == RADIO).row(0, named=True)
    merged = units.filter(pl.col("merged_into") == RADIO)
    assert merged.height >= 2
    assert set(merged["status"]) == {"merged"}
    assert (merged["closed"] == radio["opened"]).all()
    assert radio["opened"] < MOVEMENT[0]
    # less than a month for the equipment; then the parts, now in batch production
    equipment = reports.filter(
        (pl.col("unit") == RADIO) & (pl.col("product") == "indigenous-equipment")
    )
    assert _total(equipment) == 77
    assert (equipment["date"].max() - radio["opened"]).days < 30
    parts = trials.filter(pl.col("unit") == RADIO)
    batch = set(parts.filter(pl.col("stage") == "batch")["product"])
    assert batch == set(parts["product"])
    assert len(batch) >= 10


def test_output_value_grew_as_new_products_went_into_production(
    reports: pl.DataFrame, products: pl.DataFrame
) -> None:
    valued = _valued(reports, products)
    months = [_total(valued.filter(pl.col("date").dt.month() == m), "value") for m in (3, 4, 5)]
    assert months[0] < months[1] < months[2]


# -- consistency of the rows -----------------------------------------------------------------
def test_regions_form_a_tree(regions: pl.DataFrame) -> None:
    first_line = (FOLDER / "regions.csv").read_text(encoding="utf-8").splitlines()[1]
    assert first_line == "CN,,nation,China,中国"
    assert regions.row(1) == ("CN-LN", "CN", "province", "Liaoning", "辽宁省")
    assert regions.row(2)[:4] == (CITY, "CN-LN", "prefecture", "Jinzhou")
    assert regions["code"].is_unique().all()
    assert set(regions["parent"].drop_nulls()) <= set(regions["code"])
    assert regions.filter(pl.col("parent").is_null())["code"].to_list() == ["CN"]
    below_city = regions.filter(pl.col("parent") == CITY)
    assert set(below_city["level"]) == {"district", "county", "company"}
    assert FOOD in set(below_city["code"])


def test_codes_are_unique_and_clean(
    products: pl.DataFrame, units: pl.DataFrame, regions: pl.DataFrame
) -> None:
    for frame in (products, units, regions):
        assert frame["code"].is_unique().all()
        assert not frame["code"].str.contains(r"[|,\t\n]").any()
    assert products["name"].null_count() == products["name_zh"].null_count() == 0
    unpriced = set(products.filter(pl.col("price").is_null())["code"])
    assert unpriced == {
        "pig-waste",
        "cattle-waste",
        "sheep-waste",
        "indigenous-equipment",
        "instruments-and-moulds",
    }


def test_every_reference_exists(tables: dict[str, pl.DataFrame]) -> None:
    regions = set(tables["regions"]["code"])
    products = set(tables["products"]["code"])
    units = tables["units"]
    unit_codes = set(units["code"])
    assert set(units["region"]) <= regions
    assert set(units["product"].drop_nulls()) <= products
    assert set(units["merged_into"].drop_nulls()) <= unit_codes
    for name in ("reports", "trials"):
        assert set(tables[name]["unit"]) <= unit_codes, name
        assert set(tables[name]["product"]) <= products, name
    recipes = tables["recipes"]
    assert set(recipes["product"]) | set(recipes["input"]) <= products
    assert set(recipes["role"]) == {"input", "byproduct", "waste"}
    assert set(tables["workforce"]["unit"]) <= unit_codes
    plans = tables["plans"]
    assert set(plans["scope"]) <= unit_codes | regions
    assert set(plans["product"]) <= products
    # every product is used somewhere
    used = (
        set(tables["reports"]["product"])
        | set(tables["trials"]["product"])
        | set(units["product"].drop_nulls())
        | set(recipes["input"])
    )
    assert used == products


def test_units_are_coherent(units: pl.DataFrame, trials: pl.DataFrame) -> None:
    assert set(units["kind"]) <= {"indigenous", "modern", "large"}
    assert set(units["status"]) <= {"trial", "producing", "suspended", "merged", "closed"}
    closed = units.filter(pl.col("closed").is_not_null())
    assert closed.filter(pl.col("closed") < pl.col("opened")).height == 0
    assert set(closed["status"]) <= {"merged", "closed"}
    assert units.filter(pl.col("status").is_in(["merged", "closed"]))["closed"].null_count() == 0
    merged = units.filter(pl.col("status") == "merged")
    assert merged["merged_into"].null_count() == 0
    # a new factory is producing once its main product reached batch production
    new = units.filter(pl.col("opened") >= MOVEMENT[0]).join(
        trials.filter(pl.col("stage") == "batch").select(code="unit", product="product"),
        on=["code", "product"],
        how="left",
        coalesce=False,
    )
    producing = new.filter(pl.col("status") == "producing")
    assert producing["code_right"].null_count() == 0
    assert (
        new.filter(pl.col("status") == "trial")["code_right"].null_count()
        == new.filter(pl.col("status") == "trial").height
    )


def test_reports_come_from_units_open_that_day(reports: pl.DataFrame, units: pl.DataFrame) -> None:
    joined = reports.join(units, left_on="unit", right_on="code", how="left")
    assert joined["opened"].null_count() == 0
    open_that_day = (pl.col("opened") <= pl.col("date")) & (
        pl.col("closed").is_null() | (pl.col("date") < pl.col("closed"))
    )
    assert joined.filter(~open_that_day).height == 0
    assert reports.filter(pl.col("quantity") <= 0).height == 0
    assert reports.filter(pl.col("date") >= AS_OF).height == 0
    assert reports.select(pl.struct("unit", "date", "product").is_unique().all()).item()


def test_new_factories_report_their_main_product_within_capacity(
    reports: pl.DataFrame, units: pl.DataFrame
) -> None:
    joined = reports.join(units, left_on="unit", right_on="code", how="inner")
    new = joined.filter((pl.col("opened") >= MOVEMENT[0]) & (pl.col("unit") != TIEBEI))
    assert new.filter(pl.col("product") != pl.col("product_right")).height == 0
    main = joined.filter(pl.col("product") == pl.col("product_right"))
    assert main.filter(pl.col("quantity") > pl.col("capacity")).height == 0
    assert new["unit"].n_unique() > 700


def test_trial_steps_go_forward_from_the_units_opening(
    trials: pl.DataFrame, units: pl.DataFrame
) -> None:
    assert set(trials["stage"]) <= {*STAGES, "abandoned"}
    assert trials.select(pl.struct("unit", "product", "stage").is_unique().all()).item()
    joined = trials.join(units.select(unit="code", opened="opened", closed="closed"), on="unit")
    assert joined.height == trials.height
    assert joined.filter(pl.col("date") < pl.col("opened")).height == 0
    assert (
        joined.filter(pl.col("closed").is_not_null() & (pl.col("date") >= pl.col("closed")))[
            "stage"
        ].to_list()
        == []
    )
    assert trials.filter(pl.col("date") >= AS_OF).height == 0
    wide = trials.pivot(on="stage", index=["unit", "product"], values="date")
    assert wide["started"].null_count() == 0
    # started <= succeeded <= batch <= mass, and no step is skipped
    for earlier, later in pairwise(STAGES):
        both = wide.filter(pl.col(earlier).is_not_null() & pl.col(later).is_not_null())
        assert both.filter(pl.col(later) < pl.col(earlier)).height == 0, (earlier, later)
    for k, stage in enumerate(STAGES[2:], start=2):
        reached = wide.filter(pl.col(stage).is_not_null())
        assert reached[STAGES[k - 1]].null_count() == 0, stage
    # abandoning is the last step
    gave_up = wide.filter(pl.col("abandoned").is_not_null())
    for stage in STAGES:
        assert gave_up.filter(pl.col(stage) > pl.col("abandoned")).height == 0
    assert gave_up["mass"].null_count() == gave_up.height
