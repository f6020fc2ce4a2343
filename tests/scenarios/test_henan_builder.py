"""The Henan iron and steel replay: a deterministic builder whose rows say what the article says.

The folder is built once for the module; every figure is computed here with polars straight
from the files, by the definitions of MISSION.md, independently of the builder's constants.
"""

from __future__ import annotations

import filecmp
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from planworks.domain.claims import Claim, Measure
from planworks.scenarios.henan import SCENARIO

pytestmark = pytest.mark.slow

PROVINCE = "CN-HA"
AS_OF = date(1958, 10, 31)
FILES = (
    "links.csv",
    "plans.csv",
    "products.csv",
    "recipes.csv",
    "regions.csv",
    "reports.parquet",
    "units.parquet",
)


@pytest.fixture(scope="module")
def folder(henan_folder: Path) -> Path:
    return henan_folder


@pytest.fixture(scope="module")
def regions(folder: Path) -> pl.DataFrame:
    return pl.read_csv(folder / "regions.csv", infer_schema_length=0)


@pytest.fixture(scope="module")
def plans(folder: Path) -> pl.DataFrame:
    return pl.read_csv(
        folder / "plans.csv", schema_overrides={"start": pl.Date(), "end": pl.Date()}
    )


@pytest.fixture(scope="module")
def units(folder: Path) -> pl.DataFrame:
    return pl.read_parquet(folder / "units.parquet")


@pytest.fixture(scope="module")
def reports(folder: Path) -> pl.DataFrame:
    """The reports, with the quantity also in whole kilograms (`kg`) for exact sums."""
    frame = pl.read_parquet(folder / "reports.parquet")
    return frame.with_columns(kg=(pl.col("quantity") * 1000).round().cast(pl.Int64))


def _kg(reports: pl.DataFrame, product: str, first: date, last: date) -> int:
    rows = reports.select("product", "date", "kg").filter(
        (pl.col("product") == product) & pl.col("date").is_between(first, min(last, AS_OF))
    )
    return int(rows["kg"].sum())


def _daily(reports: pl.DataFrame, product: str, first: date, last: date) -> pl.DataFrame:
    return (
        reports.select("product", "date", "kg")
        .filter((pl.col("product") == product) & pl.col("date").is_between(first, min(last, AS_OF)))
        .group_by("date")
        .agg(pl.col("kg").sum())
        .sort("date")
    )


def _plan_target(plans: pl.DataFrame, product: str, first: date, last: date) -> int:
    row = plans.filter(
        (pl.col("scope") == PROVINCE)
        & (pl.col("product") == product)
        & (pl.col("start") == first)
        & (pl.col("end") == last)
    )
    assert row.height == 1
    return int(row["target"][0])


def _completion_date(
    reports: pl.DataFrame, product: str, first: date, last: date, target: int
) -> date | None:
    """The first day of [first, last] whose cumulative output reaches `target` (or None)."""
    daily = _daily(reports, product, first, last).with_columns(cum=pl.col("kg").cum_sum())
    done = daily.filter(pl.col("cum") >= target * 1000)
    return done["date"][0] if done.height else None


def _of_region(reports: pl.DataFrame, units: pl.DataFrame, scope: str) -> pl.DataFrame:
    """The reports of the units in `scope` or in a region under it."""
    if scope == PROVINCE:  # the province holds every unit
        return reports
    inside = units.filter(
        (pl.col("region") == scope) | pl.col("region").str.starts_with(f"{scope}-")
    )
    return reports.join(inside.select(unit="code"), on="unit", how="semi")


def _measure(
    claim: Claim, reports: pl.DataFrame, plans: pl.DataFrame, units: pl.DataFrame
) -> float | date | None:
    """The claim's query computed from the raw rows of its scope."""
    q = claim.query
    reports = _of_region(reports, units, q.scope)
    match q.measure:
        case Measure.CUMULATIVE:
            return _kg(reports, q.product, q.start, q.end) / 1000
        case Measure.DAILY_MIN:
            return int(_daily(reports, q.product, q.start, q.end)["kg"].min()) / 1000
        case Measure.DAILY_MAX:
            return int(_daily(reports, q.product, q.start, q.end)["kg"].max()) / 1000
        case Measure.FIRST_DAY_OVER:
            assert q.threshold is not None
            daily = _daily(reports, q.product, q.start, q.end)
            over = daily.filter(pl.col("kg") > q.threshold * 1000)
            return over["date"][0] if over.height else None
        case Measure.UNITS_PRODUCING:
            rows = reports.select("unit", "product", "date", "kg").filter(
                (pl.col("product") == q.product)
                & pl.col("date").is_between(q.start, q.end)
                & (pl.col("kg") > 0)
            )
            return rows["unit"].n_unique()
        case Measure.FULFILMENT_PCT:
            assert q.scope == PROVINCE  # the plans checked are the province's
            target = _plan_target(plans, q.product, q.start, q.end)
            return _kg(reports, q.product, q.start, q.end) / 1000 / target * 100
        case Measure.DAYS_AHEAD:
            assert q.scope == PROVINCE
            target = _plan_target(plans, q.product, q.start, q.end)
            done = _completion_date(reports, q.product, q.start, q.end, target)
            return None if done is None else (q.end - done).days
        case _:
            raise AssertionError(f"no test computation for {q.measure}")


# -- the scenario ----------------------------------------------------------------------------
def test_scenario_describes_the_article() -> None:
    assert SCENARIO.name == "henan-steel-1958"
    assert SCENARIO.source == "003_91d11e9cb13de27b.txt"
    assert SCENARIO.as_of == AS_OF
    assert SCENARIO.committed is False
    assert SCENARIO.title
    assert SCENARIO.title_zh
    assert "econstruct" in SCENARIO.notes
    keys = [c.key for c in SCENARIO.claims]
    assert len(keys) == len(set(keys))
    assert all(c.text and c.text_zh for c in SCENARIO.claims)


@pytest.mark.parametrize("claim", SCENARIO.claims, ids=lambda c: c.key)
def test_every_claim_holds_on_the_raw_rows(
    claim: Claim, reports: pl.DataFrame, plans: pl.DataFrame, units: pl.DataFrame
) -> None:
    value = _measure(claim, reports, plans, units)
    assert claim.expect.holds(value), f"{claim.key}: {value} is not {claim.expect.describe()}"


# -- the article's figures, one by one ----------------------------------------------------------
def test_october_iron_is_4_4_million_tonnes_to_the_kilogram(reports: pl.DataFrame) -> None:
    assert _kg(reports, "iron", date(1958, 10, 1), date(1958, 10, 31)) == 4_400_000_000


def test_iron_for_the_year_to_october_is_4_68_million_tonnes(reports: pl.DataFrame) -> None:
    assert _kg(reports, "iron", date(1958, 1, 1), date(1958, 10, 31)) == 4_680_000_000
    # January-September is what remains: 280,000 t.
    assert _kg(reports, "iron", date(1958, 1, 1), date(1958, 9, 30)) == 280_000_000


def test_october_steel_is_300_thousand_and_the_year_313_thousand(reports: pl.DataFrame) -> None:
    assert _kg(reports, "steel", date(1958, 10, 1), date(1958, 10, 31)) == 300_000_000
    assert _kg(reports, "steel", date(1958, 1, 1), date(1958, 10, 31)) == 313_000_000


def test_only_a_few_thousand_tonnes_of_iron_and_no_steel_by_the_end_of_june(
    reports: pl.DataFrame,
) -> None:
    assert 2_000_000 <= _kg(reports, "iron", date(1958, 1, 1), date(1958, 6, 30)) <= 9_999_999
    early_steel = reports.filter(
        (pl.col("product") == "steel") & (pl.col("date") <= date(1958, 6, 30))
    )
    assert early_steel.height == 0


def test_a_few_hundred_tonnes_a_day_in_mid_july(reports: pl.DataFrame) -> None:
    daily = _daily(reports, "iron", date(1958, 7, 11), date(1958, 7, 20))
    assert daily.height == 10
    assert daily["kg"].min() >= 100_000
    assert daily["kg"].max() <= 999_999


def test_the_first_day_over_18000_tonnes_is_15_september(reports: pl.DataFrame) -> None:
    daily = _daily(reports, "iron", date(1958, 1, 1), date(1958, 12, 31))
    before = daily.filter(pl.col("date") < date(1958, 9, 15))
    assert before["kg"].max() <= 18_000_000
    sep15 = daily.filter(pl.col("date") == date(1958, 9, 15))["kg"][0]
    assert 18_000_000 < sep15 < 19_000_000  # 一万八千多吨


def test_more_than_130000_tonnes_in_the_last_three_days_of_september(
    reports: pl.DataFrame,
) -> None:
    total = _kg(reports, "iron", date(1958, 9, 28), date(1958, 9, 30))
    assert 130_000_000 <= total <= 139_999_999


def test_more_than_400000_furnaces_produced_iron_in_october(
    reports: pl.DataFrame, units: pl.DataFrame
) -> None:
    october = reports.select("unit", "product", "date", "kg").filter(
        (pl.col("product") == "iron") & (pl.col("date") >= date(1958, 10, 1)) & (pl.col("kg") > 0)
    )
    producing = october.select("unit").unique()
    assert 400_000 <= producing.height <= 499_999
    kinds = units.select(pl.col("code").alias("unit"), "kind")
    indigenous = producing.join(kinds, on="unit").filter(pl.col("kind") == "indigenous")
    assert indigenous.height >= 400_000  # the article counts indigenous furnaces
    # Some furnaces skip some days: fewer rows than furnaces times days.
    assert october.height < producing.height * 31


@pytest.mark.parametrize("product", ["iron", "steel"])
def test_the_years_task_is_completed_ahead_of_schedule_and_exceeded(
    product: str, reports: pl.DataFrame, plans: pl.DataFrame
) -> None:
    first, last = date(1958, 1, 1), date(1958, 12, 31)
    target = _plan_target(plans, product, first, last)
    assert _kg(reports, product, first, last) > target * 1000
    done = _completion_date(reports, product, first, last, target)
    assert done is not None
    assert date(1958, 10, 1) <= done <= AS_OF  # completed during October


def test_lushans_day_is_one_furnace_far_beyond_its_capacity(
    reports: pl.DataFrame, units: pl.DataFrame
) -> None:
    """34,360 t reported for Lushan county in 1958, on a reconstructed day (15 October)."""
    day = date(1958, 10, 15)
    iron = reports.filter(pl.col("product") == "iron")
    lushan = _of_region(iron, units, "CN-HA-XC-LS").join(
        units.select(unit="code", kind="kind", capacity="capacity"), on="unit"
    )
    claimed = lushan.filter(pl.col("date") == day)
    assert claimed["kg"].sum() == 34_360_000
    over = claimed.filter(pl.col("quantity") > 2 * pl.col("capacity"))
    assert over.height == 1  # one furnace carries the claim; the others report what they made
    (claimant,) = over.rows(named=True)
    assert claimant["kind"] == "modern"
    assert claimant["quantity"] > 1_000 * claimant["capacity"]
    # On every other day of October no furnace of the county reports twice its capacity.
    october = lushan.filter(pl.col("date").is_between(date(1958, 10, 1), AS_OF))
    others = october.filter(pl.col("date") != day)
    assert others.height > 0
    assert (others["quantity"] <= 2 * others["capacity"]).all()
    assert claimant["unit"] in set(others["unit"])


def test_november_tasks(plans: pl.DataFrame) -> None:
    first, last = date(1958, 11, 1), date(1958, 11, 30)
    assert _plan_target(plans, "iron", first, last) == 800_000
    assert _plan_target(plans, "steel", first, last) == 400_000
    assert _plan_target(plans, "rolled-steel", first, last) == 30_000


def test_prefecture_plans_add_up_to_the_province(
    plans: pl.DataFrame, regions: pl.DataFrame
) -> None:
    prefectures = regions.filter(pl.col("level") == "prefecture")["code"]
    annual = plans.filter(pl.col("start") == date(1958, 1, 1))
    for product in ("iron", "steel"):
        rows = annual.filter(pl.col("product") == product)
        split = rows.filter(pl.col("scope").is_in(prefectures.implode()))
        assert split.height == prefectures.len()
        assert split["target"].sum() == _plan_target(
            plans, product, date(1958, 1, 1), date(1958, 12, 31)
        )


# -- the folder ------------------------------------------------------------------------------
def test_region_tree(folder: Path, regions: pl.DataFrame) -> None:
    lines = (folder / "regions.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "code,parent,level,name,name_zh"
    assert "CN,,nation,China,中国" in lines
    assert "CN-HA,CN,province,Henan,河南省" in lines
    assert regions["code"].is_unique().all()
    assert set(regions["level"]) == {"nation", "province", "prefecture", "county"}
    codes = set(regions["code"])
    assert set(regions["parent"].drop_nulls()) <= codes
    counties = regions.filter(pl.col("level") == "county")
    assert 100 <= counties.height <= 120
    lushan = regions.filter(pl.col("code") == "CN-HA-XC-LS").row(0, named=True)
    assert (lushan["parent"], lushan["name_zh"]) == ("CN-HA-XC", "鲁山县")
    xuchang = regions.filter(pl.col("code") == "CN-HA-XC").row(0, named=True)
    assert xuchang["name_zh"] == "许昌专区"


def test_products_recipes_and_links(folder: Path, regions: pl.DataFrame) -> None:
    products = pl.read_csv(folder / "products.csv")
    assert products["code"].to_list() == ["iron", "steel", "rolled-steel", "coal", "iron-ore"]
    assert (products["uom"] == "t").all()
    assert (products["price"] > 0).all()
    recipes = pl.read_csv(folder / "recipes.csv")
    assert set(recipes["role"]) == {"input"}
    coal = recipes.filter((pl.col("product") == "iron") & (pl.col("input") == "coal"))
    per_kind = dict(zip(coal["kind"], coal["per_unit"], strict=True))
    assert per_kind["indigenous"] > per_kind["modern"]
    links = pl.read_csv(folder / "links.csv")
    codes = set(regions["code"])
    assert set(links["source"]) <= codes
    assert set(links["target"]) <= codes
    assert (links["capacity"] > 0).all()


def test_units(units: pl.DataFrame, regions: pl.DataFrame) -> None:
    assert units.schema == pl.Schema(
        {
            "code": pl.String(),
            "name": pl.String(),
            "name_zh": pl.String(),
            "region": pl.String(),
            "kind": pl.String(),
            "industry": pl.String(),
            "product": pl.String(),
            "capacity": pl.Float64(),
            "opened": pl.Date(),
            "closed": pl.Date(),
        }
    )
    assert units["code"].is_unique().all()
    assert not units["code"].str.contains(r"[|,]").any()
    assert set(units["region"]) <= set(regions["code"])
    assert set(units["kind"]) == {"indigenous", "modern"}
    assert set(units["product"]) == {"iron", "steel", "rolled-steel", "coal", "iron-ore"}
    assert (units["capacity"] > 0).all()
    assert units["opened"].null_count() == 0
    closed = units.filter(pl.col("closed").is_not_null())
    assert (closed["closed"] > closed["opened"]).all()
    assert units.filter(pl.col("region").str.starts_with("CN-HA-XC-LS")).height > 0


def test_reports_refer_to_open_units(reports: pl.DataFrame, units: pl.DataFrame) -> None:
    assert reports.select("unit", "date", "product", "quantity").schema == pl.Schema(
        {"unit": pl.String(), "date": pl.Date(), "product": pl.String(), "quantity": pl.Float64()}
    )
    assert 10_000_000 <= reports.height <= 16_000_000
    known = units.select(pl.col("code").alias("unit"), "opened", "closed", unit_product="product")
    joined = reports.select("unit", "date", "product").join(known, on="unit", how="left")
    assert joined["opened"].null_count() == 0  # every unit exists
    assert (joined["date"] >= joined["opened"]).all()
    closed = joined.filter(pl.col("closed").is_not_null())
    assert (closed["date"] < closed["closed"]).all()
    assert (joined["product"] == joined["unit_product"]).all()


def test_report_quantities(reports: pl.DataFrame) -> None:
    checks = reports.select(
        positive=(pl.col("kg") > 0).all(),
        three_decimals=((pl.col("kg") / 1000 - pl.col("quantity")).abs() < 1e-9).all(),
        first=pl.col("date").min(),
        last=pl.col("date").max(),
    ).row(0, named=True)
    assert checks == {
        "positive": True,
        "three_decimals": True,
        "first": date(1958, 1, 20),  # the first small modern blast furnace
        "last": AS_OF,
    }


def test_one_row_per_unit_day_and_product(reports: pl.DataFrame) -> None:
    per_day = reports.group_by("date", "product").agg(
        rows=pl.len(), units=pl.col("unit").n_unique()
    )
    assert (per_day["rows"] == per_day["units"]).all()


def test_building_twice_gives_identical_files(folder: Path, tmp_path: Path) -> None:
    SCENARIO.build(tmp_path)
    _, mismatch, errors = filecmp.cmpfiles(folder, tmp_path, FILES, shallow=False)
    assert mismatch == []
    assert errors == []
