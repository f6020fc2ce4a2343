"""The Beijing January 1959 replay: the builder is deterministic and the raw rows say what
the article says.

Every figure is computed here with polars straight from the committed CSV files, by the
definitions of MISSION.md (output value = quantity x constant price unless a report gives
a value), independently of the builder's own constants.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest

from planworks.domain.claims import Claim, Measure, Query
from planworks.domain.periods import Period
from planworks.scenarios.beijing import SCENARIO

FOLDER = SCENARIO.committed_folder()
AS_OF = date(1959, 1, 31)
JANUARY = (date(1959, 1, 1), date(1959, 1, 31))
DECEMBER = (date(1958, 12, 1), date(1958, 12, 31))
JANUARY_1958 = (date(1958, 1, 1), date(1958, 1, 31))
CITY, NCRE, XINGHUA, SHANGYI = "CN-BJ", "BJ-NCRE", "BJ-XINGHUA", "BJ-SHANGYI"
WORKSHOPS = ("BJ-XINGHUA-CUCL", "BJ-XINGHUA-INT", "BJ-XINGHUA-IND")
FORBIDDEN = ("|", ",", "\t", "\r", "\n")


def _read(name: str, **dtypes: pl.DataType) -> pl.DataFrame:
    return pl.read_csv(FOLDER / name, schema_overrides=dtypes, infer_schema_length=None)


@pytest.fixture(scope="module")
def regions() -> pl.DataFrame:
    return _read("regions.csv")


@pytest.fixture(scope="module")
def products() -> pl.DataFrame:
    return _read("products.csv", price=pl.Float64(), grades=pl.String())


@pytest.fixture(scope="module")
def units() -> pl.DataFrame:
    return _read("units.csv", opened=pl.Date(), closed=pl.Date(), capacity=pl.Float64())


@pytest.fixture(scope="module")
def plans() -> pl.DataFrame:
    return _read("plans.csv", start=pl.Date(), end=pl.Date(), target=pl.Float64())


@pytest.fixture(scope="module")
def reports(products: pl.DataFrame) -> pl.DataFrame:
    """The reports with their output value: the report's own, else quantity x price."""
    raw = _read("reports.csv", date=pl.Date(), quantity=pl.Float64(), grade=pl.Int64())
    given = pl.col("value") if "value" in raw.columns else pl.lit(None, dtype=pl.Float64)
    return raw.join(products.select("code", "price"), left_on="product", right_on="code").select(
        *raw.columns,
        pl.coalesce(given, pl.col("quantity") * pl.col("price")).alias("output_value"),
    )


@pytest.fixture(scope="module")
def campaigns() -> pl.DataFrame:
    return _read("campaigns.csv", start=pl.Date(), end=pl.Date(), inspectors=pl.Int64())


@pytest.fixture(scope="module")
def inspections() -> pl.DataFrame:
    return _read(
        "inspections.csv",
        found=pl.Date(),
        due=pl.Date(),
        done=pl.Date(),
        measure=pl.String(),
        owner=pl.String(),
    )


# -- definitions ----------------------------------------------------------------------------
def _subtree(regions: pl.DataFrame, code: str) -> set[str]:
    scope = {code}
    while True:
        grown = scope | set(regions.filter(pl.col("parent").is_in(scope))["code"])
        if grown == scope:
            return scope
        scope = grown


def _units_in(scope: str, regions: pl.DataFrame, units: pl.DataFrame) -> set[str]:
    """A unit's own code, or every unit standing in the region's subtree."""
    if scope in set(units["code"]):
        return {scope}
    return set(units.filter(pl.col("region").is_in(_subtree(regions, scope)))["code"])


def _value(reports: pl.DataFrame, in_scope: set[str], first: date, last: date) -> float:
    rows = reports.filter(pl.col("unit").is_in(in_scope) & pl.col("date").is_between(first, last))
    return float(rows["output_value"].sum())


def _target(plans: pl.DataFrame, scope: str, first: date, last: date) -> float:
    row = plans.filter(
        (pl.col("scope") == scope)
        & (pl.col("product") == "value")
        & (pl.col("start") == first)
        & (pl.col("end") == last)
    )
    assert row.height == 1
    return float(row["target"][0])


def _completion_date(
    reports: pl.DataFrame, in_scope: set[str], first: date, last: date, target: float
) -> date | None:
    """The first day of [first, min(last, as of)] whose cumulative value reaches `target`."""
    daily = (
        reports.filter(
            pl.col("unit").is_in(in_scope) & pl.col("date").is_between(first, min(last, AS_OF))
        )
        .group_by("date")
        .agg(pl.col("output_value").sum())
        .sort("date")
        .with_columns(cumulative=pl.col("output_value").cum_sum())
    )
    reached = daily.filter(pl.col("cumulative") >= target)
    return reached["date"][0] if reached.height else None


def _earliest(days: pl.Series) -> date:
    first = days.min()
    assert isinstance(first, date)
    return first


def _latest(days: pl.Series) -> date:
    last = days.max()
    assert isinstance(last, date)
    return last


def _year_before(d: date) -> date:
    return d.replace(year=d.year - 1)


def _evaluate(
    query: Query,
    tables: dict[str, pl.DataFrame],
) -> float | date | None:
    """A query's value by MISSION.md's definitions (the measures this replay uses)."""
    reports, plans = tables["reports"], tables["plans"]
    in_scope = _units_in(query.scope, tables["regions"], tables["units"])
    as_of = query.as_of or AS_OF
    last = min(query.end, as_of)
    if query.measure in (
        Measure.PROBLEMS_FOUND,
        Measure.PROBLEMS_WITH_MEASURE_PCT,
        Measure.INSPECTORS,
    ):
        problems = tables["inspections"].filter(
            (pl.col("campaign") == query.campaign) & pl.col("found").is_between(query.start, last)
        )
        if query.measure is Measure.PROBLEMS_FOUND:
            return problems.height
        if query.measure is Measure.PROBLEMS_WITH_MEASURE_PCT:
            measured = problems.filter(pl.col("measure").str.strip_chars().str.len_chars() > 0)
            return measured.height / problems.height * 100
        campaign = tables["campaigns"].filter(pl.col("code") == query.campaign)
        return float(campaign["inspectors"][0])
    assert query.product == "value"
    cumulative = _value(reports, in_scope, query.start, last)
    match query.measure:
        case Measure.COMPLETION_DATE | Measure.DAYS_AHEAD:
            target = _target(plans, query.scope, query.start, query.end)
            done = _completion_date(reports, in_scope, query.start, query.end, target)
            if query.measure is Measure.COMPLETION_DATE or done is None:
                return done
            return (query.end - done).days
        case Measure.OVERFULFILMENT_PCT:
            assert as_of >= query.end
            return (cumulative / _target(plans, query.scope, query.start, query.end) - 1) * 100
        case Measure.GROWTH_YOY_PCT:
            assert as_of >= query.end  # whole months
            before = _value(reports, in_scope, _year_before(query.start), _year_before(query.end))
            return (cumulative / before - 1) * 100
        case Measure.GROWTH_PREV_PCT:
            assert as_of >= query.end
            previous = Period.of(query.start, query.end).previous()
            return (cumulative / _value(reports, in_scope, previous.start, previous.end) - 1) * 100
    raise AssertionError(f"no evaluation for {query.measure}")


# -- the builder ----------------------------------------------------------------------------


def test_scenario_describes_the_replay() -> None:
    assert SCENARIO.name == "beijing-industry-1959"
    assert SCENARIO.committed
    assert SCENARIO.source == "004_32458be4526a5db2.txt"
    assert SCENARIO.as_of == AS_OF
    assert SCENARIO.title
    assert "二点七倍" in SCENARIO.title_zh
    assert "reconstruction" in SCENARIO.notes
    keys = [claim.key for claim in SCENARIO.claims]
    assert len(keys) == len(set(keys)) == 11
    for claim in SCENARIO.claims:
        assert claim.text
        assert claim.text_zh
        assert claim.query.scope in (CITY, NCRE, XINGHUA, SHANGYI)
        assert (claim.query.start, claim.query.end) == JANUARY
        assert claim.query.product in ("value", "*")
        assert (claim.query.product == "*") == (claim.query.campaign is not None)


# -- the article's figures ------------------------------------------------------------------
def test_city_plan_completed_on_31_january(
    reports: pl.DataFrame, plans: pl.DataFrame, units: pl.DataFrame, regions: pl.DataFrame
) -> None:
    city = _units_in(CITY, regions, units)
    assert city == set(units["code"])  # every unit stands in Beijing
    target = _target(plans, CITY, *JANUARY)
    assert _value(reports, city, date(1959, 1, 1), date(1959, 1, 30)) < target
    assert _value(reports, city, *JANUARY) >= target
    assert _completion_date(reports, city, *JANUARY, target) == date(1959, 1, 31)


def test_city_output_value_275_3_percent_above_january_1958(
    reports: pl.DataFrame, units: pl.DataFrame, regions: pl.DataFrame
) -> None:
    city = _units_in(CITY, regions, units)
    ratio = _value(reports, city, *JANUARY) / _value(reports, city, *JANUARY_1958)
    assert (ratio - 1) * 100 == pytest.approx(275.3, abs=0.05)
    assert int((ratio - 1) * 10) / 10 == 2.7  # the headline: increased by 2.7 times


def test_radio_factory_one_day_ahead_and_17_percent_over(
    reports: pl.DataFrame, plans: pl.DataFrame
) -> None:
    target = _target(plans, NCRE, *JANUARY)
    assert _value(reports, {NCRE}, date(1959, 1, 1), date(1959, 1, 29)) < target
    assert _value(reports, {NCRE}, date(1959, 1, 1), date(1959, 1, 30)) >= target
    assert _completion_date(reports, {NCRE}, *JANUARY, target) == date(1959, 1, 30)
    january = _value(reports, {NCRE}, *JANUARY)
    assert (january / target - 1) * 100 == pytest.approx(17, abs=0.05)
    # "the factory's task was more than four times greater than last year"
    assert january > 4 * _value(reports, {NCRE}, *JANUARY_1958)


def test_xinghua_six_days_ahead_after_its_new_workshops(
    reports: pl.DataFrame, plans: pl.DataFrame, units: pl.DataFrame
) -> None:
    target = _target(plans, XINGHUA, *JANUARY)
    done = _completion_date(reports, {XINGHUA}, *JANUARY, target)
    assert done is not None
    assert (JANUARY[1] - done).days == 6
    workshops = units.filter(pl.col("code").is_in(WORKSHOPS)).sort("code")
    assert (
        workshops["region"].to_list() == [units.filter(pl.col("code") == XINGHUA)["region"][0]] * 3
    )
    # The cuprous chloride workshop: opened in January, 50 t a year.
    cucl = workshops.row(0, named=True)
    assert cucl["opened"].month == 1
    assert cucl["opened"].year == 1959
    assert cucl["product"] == "cuprous-chloride"
    assert cucl["capacity"] == pytest.approx(50 / 365, abs=0.001)
    made = reports.filter(pl.col("unit") == cucl["code"])
    assert made["quantity"].max() <= cucl["capacity"]
    # The intermediate workshop stood for fifteen days while it was rebuilt.
    rebuilt = reports.filter(
        (pl.col("unit") == "BJ-XINGHUA-INT") & pl.col("date").is_between(*JANUARY)
    )
    idle = set(_days(*JANUARY)) - set(rebuilt["date"])
    assert len(idle) == 15
    assert max(idle) < done
    # All three were producing before the plan was reached.
    for code in WORKSHOPS:
        first = reports.filter((pl.col("unit") == code) & (pl.col("date") > max(idle)))
        assert _earliest(first["date"]) < done


def test_shangyi_111_percent_over_and_more_than_double_december(
    reports: pl.DataFrame, plans: pl.DataFrame
) -> None:
    january = _value(reports, {SHANGYI}, *JANUARY)
    target = _target(plans, SHANGYI, *JANUARY)
    assert (january / target - 1) * 100 == pytest.approx(111, abs=0.05)
    growth = (january / _value(reports, {SHANGYI}, *DECEMBER) - 1) * 100
    assert 100 < growth < 200  # 提高了一倍多


def test_inspection_found_864_problems_with_a_measure_each(
    campaigns: pl.DataFrame, inspections: pl.DataFrame
) -> None:
    (campaign,) = campaigns.rows(named=True)
    assert campaign["scope"] == NCRE
    assert 500 <= campaign["inspectors"] <= 599  # 五百多人
    assert campaign["start"] >= JANUARY[0]
    assert campaign["end"] <= date(1959, 1, 15)  # early January
    problems = inspections.filter(pl.col("campaign") == campaign["code"])
    assert problems.height == 864
    assert problems.filter(pl.col("measure").str.strip_chars().str.len_chars() > 0).height == 864
    assert problems["owner"].null_count() == 0
    checks = problems["problem"].str.extract(r"check of ([a-z ]+):")
    assert set(checks) == {"tasks", "key points", "production order", "technological revolution"}


@pytest.mark.parametrize("claim", SCENARIO.claims, ids=lambda claim: claim.key)
def test_claim_holds_on_the_raw_rows(
    claim: Claim,
    reports: pl.DataFrame,
    plans: pl.DataFrame,
    units: pl.DataFrame,
    regions: pl.DataFrame,
    campaigns: pl.DataFrame,
    inspections: pl.DataFrame,
) -> None:
    tables = {
        "reports": reports,
        "plans": plans,
        "units": units,
        "regions": regions,
        "campaigns": campaigns,
        "inspections": inspections,
    }
    value = _evaluate(claim.query, tables)
    assert claim.expect.holds(value), f"{claim.key}: {value} is not {claim.expect.describe()}"


def test_the_three_factories_are_a_small_part_of_the_city(reports: pl.DataFrame) -> None:
    city = _value(reports, set(reports["unit"]), *JANUARY)
    named = _value(reports, {NCRE, XINGHUA, SHANGYI, *WORKSHOPS}, *JANUARY)
    assert named < 0.05 * city
    producing = reports.filter(pl.col("date").is_between(*JANUARY))["unit"].n_unique()
    assert producing >= 200


# -- consistency of the rows ----------------------------------------------------------------
def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def test_regions_form_a_tree(regions: pl.DataFrame) -> None:
    lines = (FOLDER / "regions.csv").read_text(encoding="utf-8").splitlines()
    assert lines[1] == "CN,,nation,China,中国"
    assert lines[2] == "CN-BJ,CN,province,Beijing,北京市"
    assert regions["code"].is_unique().all()
    below = regions.filter(pl.col("parent") == CITY)
    assert below.group_by("level").len().sort("level").rows() == [("county", 4), ("district", 13)]
    assert regions.filter(pl.col("parent").is_null())["code"].to_list() == ["CN"]
    assert _subtree(regions, "CN") == set(regions["code"])


def test_codes_are_unique_and_clean(
    regions: pl.DataFrame,
    products: pl.DataFrame,
    units: pl.DataFrame,
    campaigns: pl.DataFrame,
) -> None:
    for table in (regions, products, units, campaigns):
        assert table["code"].is_unique().all()
        for code in table["code"]:
            assert not any(c in code for c in FORBIDDEN), code
    assert "value" not in set(products["code"])
    assert 300 <= products.height <= 500
    assert 200 <= units.height <= 500


def test_every_reference_exists(
    regions: pl.DataFrame,
    products: pl.DataFrame,
    units: pl.DataFrame,
    plans: pl.DataFrame,
    reports: pl.DataFrame,
    campaigns: pl.DataFrame,
    inspections: pl.DataFrame,
) -> None:
    region_codes, unit_codes = set(regions["code"]), set(units["code"])
    product_codes = set(products["code"])
    assert set(regions["parent"].drop_nulls()) <= region_codes
    assert set(units["region"]) <= region_codes
    assert set(units["product"]) <= product_codes
    assert not region_codes & unit_codes  # a scope is a region or a unit, never both
    assert set(plans["scope"]) <= region_codes | unit_codes
    assert set(plans["product"]) <= product_codes | {"value"}
    assert set(reports["unit"]) <= unit_codes
    assert set(reports["product"]) == product_codes  # and every product is made
    assert set(campaigns["scope"]) <= region_codes | unit_codes
    assert set(inspections["campaign"]) <= set(campaigns["code"])
    assert set(inspections["unit"]) <= unit_codes
    assert reports["output_value"].null_count() == 0


def test_reports_come_from_units_open_that_day(reports: pl.DataFrame, units: pl.DataFrame) -> None:
    joined = reports.join(units, left_on="unit", right_on="code", how="left")
    assert joined["opened"].null_count() == 0
    open_that_day = (pl.col("opened") <= pl.col("date")) & (
        pl.col("closed").is_null() | (pl.col("date") < pl.col("closed"))
    )
    assert joined.filter(~open_that_day).height == 0
    assert reports.filter(pl.col("quantity") <= 0).height == 0
    periods = {(d.year, d.month) for d in reports["date"].unique()}
    assert periods == {(1958, 1), (1958, 12), (1959, 1)}


def test_every_factory_reports_in_each_month_it_was_open(
    reports: pl.DataFrame, units: pl.DataFrame
) -> None:
    for first, last in (JANUARY_1958, DECEMBER, JANUARY):
        open_all_month = units.filter(
            (pl.col("opened") <= first) & (pl.col("closed").is_null() | (pl.col("closed") > last))
        )
        reporting = set(reports.filter(pl.col("date").is_between(first, last))["unit"])
        assert set(open_all_month["code"]) <= reporting, first


def test_grades_are_valid(reports: pl.DataFrame, products: pl.DataFrame) -> None:
    graded = products.filter(pl.col("grades").is_not_null())
    grades = {}
    for row in graded.iter_rows(named=True):
        values = [float(g) for g in row["grades"].split("|")]
        assert values == sorted(set(values))
        assert float(row["min_grade"]) in values
        grades[row["code"]] = set(values)
    with_grade = reports.filter(pl.col("grade").is_not_null())
    assert with_grade.height > 0
    assert set(with_grade["product"]) <= set(grades)
    for product, grade in with_grade.select("product", "grade").unique().iter_rows():
        assert float(grade) in grades[product]


def test_no_unit_day_above_its_capacity(reports: pl.DataFrame, units: pl.DataFrame) -> None:
    main = reports.join(
        units.select("code", "product", "capacity"),
        left_on=["unit", "product"],
        right_on=["code", "product"],
    )
    per_day = main.group_by("unit", "date", "capacity").agg(pl.col("quantity").sum())
    over = per_day.filter(
        pl.col("capacity").is_not_null() & (pl.col("quantity") > pl.col("capacity"))
    )
    assert over.height == 0


def test_units_have_consistent_status(units: pl.DataFrame) -> None:
    assert set(units["kind"]) == {"indigenous", "modern", "large"}
    assert set(units["status"]) <= {"producing", "closed"}
    closed = units.filter(pl.col("status") == "closed")
    assert closed["closed"].null_count() == 0
    assert (
        units.filter(pl.col("status") == "producing")["closed"].null_count()
        == units.filter(pl.col("status") == "producing").height
    )
    assert units.filter(pl.col("closed") <= pl.col("opened")).height == 0


def test_inspection_rows_are_valid(inspections: pl.DataFrame, campaigns: pl.DataFrame) -> None:
    assert inspections.select(
        pl.struct("campaign", "unit", "found", "problem").is_unique().all()
    ).item()
    (campaign,) = campaigns.rows(named=True)
    assert _earliest(inspections["found"]) >= campaign["start"]
    assert _latest(inspections["found"]) <= campaign["end"]
    assert inspections.filter(pl.col("due") < pl.col("found")).height == 0
    done = inspections.filter(pl.col("done").is_not_null())
    assert done.filter(pl.col("done") < pl.col("found")).height == 0
    assert _latest(done["done"]) <= AS_OF
    assert done.height > 0.8 * inspections.height
