"""Rankings of regions and units, on the hand-written scenarios."""

from __future__ import annotations

import polars as pl
import pytest
from sqlalchemy import Engine

from planworks.domain.errors import InputError
from planworks.domain.periods import Period
from planworks.services.importing import import_folder
from planworks.services.rankings import RankBy, rank
from tests.conftest import DATA

JANUARY_1960 = Period.parse("1960-01")


@pytest.fixture
def loaded(engine: Engine) -> Engine:
    import_folder(engine, DATA / "westbank")
    import_folder(engine, DATA / "tiny-county")
    return engine


def _codes(rows: list) -> list[tuple[int | None, str]]:  # type: ignore[type-arg]
    return [(r.rank, r.code) for r in rows]


def test_units_by_output_value_and_growth(loaded: Engine) -> None:
    by_output = rank(loaded, "W", "value", JANUARY_1960, by=RankBy.OUTPUT, level="units")
    assert _codes(by_output) == [(1, "M1"), (2, "T1"), (3, "T2"), (4, "T3")]
    assert by_output[0].value == pytest.approx(49_600 + 7_540)
    by_growth = rank(loaded, "W", "value", JANUARY_1960, by=RankBy.GROWTH_PREV, level="units")
    # T3 has nothing in December: unranked, last
    assert _codes(by_growth) == [(1, "M1"), (2, "T1"), (3, "T2"), (None, "T3")]
    assert by_growth[1].value == pytest.approx((6_420 / 4_650 - 1) * 100)


def test_regions_by_fulfilment(loaded: Engine) -> None:
    rows = rank(loaded, "W", "value", JANUARY_1960, by=RankBy.FULFILMENT)
    assert _codes(rows) == [(1, "W-2"), (None, "W-1")]  # W-1 has no plan of its own
    assert rows[0].value == pytest.approx(132.0)


def test_units_by_quality(loaded: Engine) -> None:
    rows = rank(loaded, "T", "iron", Period.parse("1959-01"), by=RankBy.QUALITY, level="units")
    assert _codes(rows) == [(1, "F1"), (2, "F2"), (None, "F3")]  # F3 reports no grades
    assert rows[1].value == pytest.approx((31 * 3 + 62 * 1) / 93)
    usable = rank(
        loaded, "T", "iron", Period.parse("1959-01"), by=RankBy.USABLE_SHARE, level="units"
    )
    assert [r.value for r in usable[:2]] == pytest.approx([100.0, 100 / 3])


def test_quality_needs_grades(loaded: Engine) -> None:
    with pytest.raises(InputError, match="no grades"):
        rank(loaded, "W", "tools", JANUARY_1960, by=RankBy.QUALITY)


def test_usable_output_stands_beside_reported(loaded: Engine) -> None:
    january = Period.parse("1959-01")
    raw = pl.read_csv(DATA / "tiny-county" / "reports.csv", infer_schema_length=0)
    # F2's usable output: its reports graded 3 (the minimum grade is 2; it has no fixes)
    f2_usable = (
        raw.filter(
            (pl.col("unit") == "F2")
            & pl.col("date").str.starts_with("1959-01")
            & (pl.col("grade") == "3")
        )["quantity"]
        .cast(pl.Float64)
        .sum()
    )
    units = {r.code: r for r in rank(loaded, "T", "iron", january, by=RankBy.OUTPUT, level="units")}
    assert units["F1"].usable == pytest.approx(units["F1"].output)  # all graded 2
    assert units["F2"].usable == pytest.approx(f2_usable)
    assert 0 < units["F2"].usable < units["F2"].output  # grade 1 is not usable
    assert units["F3"].usable == 0.0  # reports no grades: nothing shown to be usable
    regions = {r.code: r for r in rank(loaded, "T", "iron", january, by=RankBy.FULFILMENT)}
    assert regions["T-A"].usable == pytest.approx(units["F1"].usable)
    assert regions["T-B"].usable == pytest.approx(f2_usable)
    assert regions["T-B"].output == pytest.approx(units["F2"].output + units["F3"].output)
    bolts = rank(loaded, "T", "bolts", january, by=RankBy.OUTPUT, level="units")
    assert bolts
    assert all(r.usable is None for r in bolts)  # no minimum grade: nothing to tell
