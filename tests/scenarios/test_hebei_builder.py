"""The Hebei cement replay: the builder is deterministic and the raw rows say what the article says.

Every figure is computed here with polars straight from the committed CSV files, by the
definitions of MISSION.md, independently of the builder's own constants.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest

from planworks.domain.claims import Claim, Measure, Query
from planworks.domain.periods import Period
from planworks.scenarios.hebei import SCENARIO

FOLDER = SCENARIO.committed_folder()
AS_OF = date(1960, 3, 22)


def _read(name: str, **dtypes: pl.DataType) -> pl.DataFrame:
    return pl.read_csv(FOLDER / name, schema_overrides=dtypes, infer_schema_length=None)


@pytest.fixture(scope="module")
def regions() -> pl.DataFrame:
    return _read("regions.csv")


@pytest.fixture(scope="module")
def products() -> pl.DataFrame:
    return _read("products.csv")


@pytest.fixture(scope="module")
def units() -> pl.DataFrame:
    return _read("units.csv", opened=pl.Date(), closed=pl.Date(), capacity=pl.Int64())


@pytest.fixture(scope="module")
def plans() -> pl.DataFrame:
    return _read("plans.csv", start=pl.Date(), end=pl.Date())


@pytest.fixture(scope="module")
def reports() -> pl.DataFrame:
    return _read("reports.csv", date=pl.Date(), quantity=pl.Int64(), grade=pl.Int64())


def _between(first: date, last: date) -> pl.Expr:
    return pl.col("date").is_between(first, last)


def _total(reports: pl.DataFrame, first: date, last: date) -> int:
    return int(reports.filter(_between(first, last))["quantity"].sum())


def _plan_target(plans: pl.DataFrame, first: date, last: date) -> int:
    row = plans.filter(
        (pl.col("scope") == "CN-HE")
        & (pl.col("product") == "cement")
        & (pl.col("start") == first)
        & (pl.col("end") == last)
    )
    assert row.height == 1
    return int(row["target"][0])


def _completion_date(reports: pl.DataFrame, first: date, last: date, target: int) -> date | None:
    """The first day of [first, last] whose cumulative output reaches `target`."""
    daily = (
        reports.filter(_between(first, min(last, AS_OF)))
        .group_by("date")
        .agg(pl.col("quantity").sum())
        .sort("date")
        .with_columns(cumulative=pl.col("quantity").cum_sum())
    )
    reached = daily.filter(pl.col("cumulative") >= target)
    return reached["date"][0] if reached.height else None


# -- the builder ----------------------------------------------------------------------------


def test_scenario_describes_the_replay() -> None:
    assert SCENARIO.name == "hebei-cement-1960"
    assert SCENARIO.committed
    assert SCENARIO.source == "000_cd61388c9d1ae60c.txt"
    assert SCENARIO.as_of == AS_OF
    assert SCENARIO.title
    assert SCENARIO.title_zh
    assert "reconstruction" in SCENARIO.notes
    keys = [claim.key for claim in SCENARIO.claims]
    assert len(keys) == len(set(keys)) == 10
    for claim in SCENARIO.claims:
        assert claim.text
        assert claim.text_zh
        assert (claim.query.scope, claim.query.product) == ("CN-HE", "cement")


# -- the article's figures ------------------------------------------------------------------
def test_total_is_303087_tonnes(reports: pl.DataFrame) -> None:
    assert reports["date"].min() == date(1959, 1, 1)
    assert reports["date"].max() == AS_OF
    assert _total(reports, date(1959, 1, 1), AS_OF) == 303_087


def test_fifty_odd_plants_produced(reports: pl.DataFrame) -> None:
    producing = reports.filter(pl.col("quantity") > 0)["unit"].n_unique()
    assert 50 <= producing <= 59


def test_mean_grade_is_over_300_with_20_percent_at_400(reports: pl.DataFrame) -> None:
    tonnes = reports["quantity"].sum()
    mean_grade = (reports["quantity"] * reports["grade"]).sum() / tonnes
    share_400 = reports.filter(pl.col("grade") == 400)["quantity"].sum() / tonnes * 100
    assert 305 <= mean_grade <= 320
    assert round(share_400, 1) == 20.0


def test_february_beat_its_plan_and_january_by_3_35_percent(
    reports: pl.DataFrame, plans: pl.DataFrame
) -> None:
    january = _total(reports, date(1960, 1, 1), date(1960, 1, 31))
    february = _total(reports, date(1960, 2, 1), date(1960, 2, 29))
    assert february > _plan_target(plans, date(1960, 2, 1), date(1960, 2, 29))
    assert round((february / january - 1) * 100, 2) == 3.35


def test_q1_plan_completed_on_13_march_18_days_ahead(
    reports: pl.DataFrame, plans: pl.DataFrame
) -> None:
    first, last = date(1960, 1, 1), date(1960, 3, 31)
    target = _plan_target(plans, first, last)
    assert _total(reports, first, date(1960, 3, 12)) < target
    assert _total(reports, first, date(1960, 3, 13)) >= target
    done = _completion_date(reports, first, last, target)
    assert done == date(1960, 3, 13)
    assert (last - done).days == 18


def _evaluate(
    query: Query,
    reports: pl.DataFrame,
    plans: pl.DataFrame,
    units: pl.DataFrame,
    in_scope: set[str],
) -> float | date | None:
    """A query's value by MISSION.md's definitions (the measures this replay uses)."""
    rows = reports.filter(pl.col("unit").is_in(in_scope) & (pl.col("product") == query.product))
    as_of = query.as_of or AS_OF
    last = min(query.end, as_of)
    cumulative = _total(rows, query.start, last)
    mine = units.filter(pl.col("code").is_in(in_scope))
    match query.measure:
        case Measure.CUMULATIVE:
            return cumulative
        case Measure.UNITS_OPENED:
            return mine.filter(pl.col("opened").is_between(query.start, last)).height
        case Measure.UNITS_OPEN:  # open on the last day: merged and closed units are not
            gone = pl.col("closed").is_not_null() & (pl.col("closed") <= last)
            return mine.filter((pl.col("opened") <= last) & ~gone).height
        case Measure.UNITS_PRODUCING:
            return rows.filter(_between(query.start, last) & (pl.col("quantity") > 0))[
                "unit"
            ].n_unique()
        case Measure.MEAN_GRADE | Measure.GRADE_SHARE_PCT:
            graded = rows.filter(_between(query.start, last) & pl.col("grade").is_not_null())
            tonnes = graded["quantity"].sum()
            if query.measure is Measure.MEAN_GRADE:
                return float((graded["quantity"] * graded["grade"]).sum() / tonnes)
            at_grade = graded.filter(pl.col("grade") == query.grade)["quantity"].sum()
            return float(at_grade / tonnes * 100)
        case Measure.OVERFULFILMENT_PCT:
            return (cumulative / _plan_target(plans, query.start, query.end) - 1) * 100
        case Measure.GROWTH_PREV_PCT:
            assert as_of >= query.end  # the whole period against the whole previous one
            previous = Period.of(query.start, query.end).previous()
            return (cumulative / _total(rows, previous.start, previous.end) - 1) * 100
        case Measure.COMPLETION_DATE | Measure.DAYS_AHEAD:
            target = _plan_target(plans, query.start, query.end)
            done = _completion_date(rows, query.start, query.end, target)
            if query.measure is Measure.COMPLETION_DATE or done is None:
                return done
            return (query.end - done).days
    raise AssertionError(f"no evaluation for {query.measure}")


@pytest.mark.parametrize("claim", SCENARIO.claims, ids=lambda claim: claim.key)
def test_claim_holds_on_the_raw_rows(
    claim: Claim,
    reports: pl.DataFrame,
    plans: pl.DataFrame,
    units: pl.DataFrame,
    regions: pl.DataFrame,
) -> None:
    scope = {claim.query.scope}
    while True:  # the scope's whole subtree of regions
        grown = scope | set(regions.filter(pl.col("parent").is_in(scope))["code"])
        if grown == scope:
            break
        scope = grown
    in_scope = set(units.filter(pl.col("region").is_in(scope))["code"])
    value = _evaluate(claim.query, reports, plans, units, in_scope)
    assert claim.expect.holds(value), f"{claim.key}: {value} is not {claim.expect.describe()}"


# -- consistency of the rows ----------------------------------------------------------------
def test_regions_form_a_tree(regions: pl.DataFrame) -> None:
    first_line = (FOLDER / "regions.csv").read_text(encoding="utf-8").splitlines()[1]
    assert first_line == "CN,,nation,China,中国"
    assert regions.row(1) == ("CN-HE", "CN", "province", "Hebei", "河北省")
    assert regions["code"].is_unique().all()
    parent_level = regions.join(
        regions.select(parent="code", parent_level="level"), on="parent", how="left"
    )
    expected = {"province": "nation", "prefecture": "province", "county": "prefecture"}
    for level, parent in expected.items():
        assert set(parent_level.filter(pl.col("level") == level)["parent_level"]) == {parent}
    assert parent_level.filter(pl.col("parent").is_null())["code"].to_list() == ["CN"]


def test_units_stand_in_counties(units: pl.DataFrame, regions: pl.DataFrame) -> None:
    assert units["code"].is_unique().all()
    counties = set(regions.filter(pl.col("level") == "county")["code"])
    assert set(units["region"]) <= counties


def test_reports_come_from_modern_plants_open_that_day(
    reports: pl.DataFrame, units: pl.DataFrame
) -> None:
    joined = reports.join(units, left_on="unit", right_on="code", how="left")
    assert joined["kind"].null_count() == 0  # every unit exists
    assert set(joined["kind"]) == {"modern"}
    open_that_day = (pl.col("opened") <= pl.col("date")) & (
        pl.col("closed").is_null() | (pl.col("date") < pl.col("closed"))
    )
    assert joined.filter(~open_that_day).height == 0


def test_reports_are_positive_whole_tonnes_of_known_grades(
    reports: pl.DataFrame, products: pl.DataFrame
) -> None:
    cement = products.filter(pl.col("code") == "cement").row(0, named=True)
    grades = {int(g) for g in cement["grades"].split("|")}
    assert grades == {200, 300, 400, 500}
    assert cement["min_grade"] == 200
    assert set(reports["product"]) == {"cement"}
    assert set(reports["grade"]) <= grades
    assert reports["quantity"].min() > 0
    assert reports.select(pl.struct("unit", "date", "grade").is_unique().all()).item()


def test_no_plant_day_above_capacity(reports: pl.DataFrame, units: pl.DataFrame) -> None:
    per_day = reports.group_by("unit", "date").agg(pl.col("quantity").sum())
    joined = per_day.join(units, left_on="unit", right_on="code")
    assert joined.filter(pl.col("quantity") > pl.col("capacity")).height == 0


def test_modern_plants_opened_late_1958_or_during_1959(units: pl.DataFrame) -> None:
    modern = units.filter(pl.col("kind") == "modern")
    assert 50 <= modern.height <= 59
    assert modern["opened"].min() >= date(1958, 9, 1)
    assert modern["opened"].max() <= date(1959, 12, 31)
    assert set(modern["status"]) == {"producing"}
    assert modern["closed"].null_count() == modern.height
    assert modern["capacity"].min() > 0
    assert set(modern["industry"]) == set(modern["product"]) == {"cement"}


def test_seven_thousand_indigenous_plants_were_merged_or_closed(
    units: pl.DataFrame, regions: pl.DataFrame
) -> None:
    indigenous = units.filter(pl.col("kind") == "indigenous")
    assert 7_000 < indigenous.height < 8_000
    assert indigenous["opened"].min() >= date(1958, 1, 1)
    assert indigenous["opened"].max() <= date(1958, 12, 31)
    assert indigenous["closed"].null_count() == 0
    assert indigenous["closed"].max() < date(1959, 7, 1)
    assert set(indigenous["status"]) == {"merged", "closed"}
    closed = indigenous.filter(pl.col("status") == "closed")
    assert closed["merged_into"].null_count() == closed.height

    merged = indigenous.filter(pl.col("status") == "merged")
    assert merged.height > indigenous.height / 2
    parent = dict(zip(regions["code"], regions["parent"], strict=True))
    modern = units.filter(pl.col("kind") == "modern").select(
        merged_into="code", into_region="region", into_opened="opened"
    )
    into = merged.join(modern, on="merged_into", how="left")
    assert into["into_region"].null_count() == 0  # merged into an existing modern plant
    assert into.filter(pl.col("into_opened") > pl.col("closed")).height == 0
    for region, into_region in zip(into["region"], into["into_region"], strict=True):
        assert region == into_region or parent[region] == parent[into_region]


def test_plans_are_the_provinces(plans: pl.DataFrame) -> None:
    assert set(plans["scope"]) == {"CN-HE"}
    months = [
        _plan_target(plans, date(1960, m, 1), date(1960, m + 1, 1) - timedelta(days=1))
        for m in (1, 2, 3)
    ]
    assert sum(months) == _plan_target(plans, date(1960, 1, 1), date(1960, 3, 31))
    assert _plan_target(plans, date(1959, 1, 1), date(1959, 12, 31)) > 0
