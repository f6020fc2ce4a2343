"""The Hongqi county scenario (tests/data/hongqi), written from the user documentation
alone: status, rankings and bulletins against the figures worked out by hand."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine

from planworks.domain.periods import Period
from planworks.services.bulletin import bulletin, bulletin_facts
from planworks.services.claims import answer
from planworks.services.importing import import_folder
from planworks.services.rankings import RankBy, rank
from planworks.services.status import status, status_of_regions
from tests.conftest import DATA

SEPTEMBER = Period.parse("1958-09")
OCTOBER = Period.parse("1958-10")


@pytest.fixture
def county(engine: Engine) -> Engine:
    import_folder(engine, DATA / "hongqi")
    return engine


def _row(engine: Engine, scope: str, product: str, period: Period):  # type: ignore[no-untyped-def]
    (row,) = status(engine, scope=scope, product=product, period=period)
    return row


def test_plans_as_worked_out_by_hand(county: Engine) -> None:
    hq = _row(county, "HQ", "value", OCTOBER)
    assert hq.cumulative == pytest.approx(142_170)
    assert (hq.completion_date, hq.days_ahead) == (date(1958, 10, 29), 2)
    assert hq.growth_prev_pct == pytest.approx((142_170 / 116_700 - 1) * 100)
    df1 = _row(county, "DF1", "value", OCTOBER)
    assert (df1.cumulative, df1.completion_date) == (41_220, date(1958, 10, 30))
    sl = _row(county, "HQ-SL", "value", OCTOBER)
    assert sl.completion_date is None
    assert sl.fulfilment_pct == pytest.approx(58_140 / 60_000 * 100)
    q4 = _row(county, "HQ", "iron", Period(date(1958, 10, 1), date(1958, 12, 31)))
    assert q4.cumulative == 600
    assert q4.ahead_days == pytest.approx((600 - 1_800 * 31 / 92) / (1_800 / 92))
    (merged,) = status(county, scope="DF1", product="value", period=OCTOBER, with_merged=True)
    assert merged.cumulative == pytest.approx(41_220 + 9_000)


def test_rankings_carry_targets_whatever_they_rank_by(county: Engine) -> None:
    rows = rank(county, "HQ", "value", OCTOBER, by=RankBy.OUTPUT, level="units")
    assert [(r.code, r.output) for r in rows[:3]] == [
        ("SL1", 44_640),
        ("DF1", 41_220),
        ("QJ1", 18_600),
    ]
    assert [r.target for r in rows[:3]] == [40_000, 38_000, 20_000]
    communes = rank(county, "HQ", "value", OCTOBER, by=RankBy.FULFILMENT)
    assert [r.code for r in communes] == ["HQ-QJ", "HQ-DF", "HQ-SL"]


def test_a_region_without_regions_below_asks_for_units(county: Engine) -> None:
    from planworks.domain.errors import InputError

    with pytest.raises(InputError, match="--level units"):
        rank(county, "HQ-DF", "value", OCTOBER, by=RankBy.OUTPUT)


def test_only_the_next_tasks_each_in_its_period(county: Engine) -> None:
    """On 30 September: October's and the fourth quarter's tasks, not December's."""
    written = bulletin(county, "HQ", SEPTEMBER)
    en, zh = written.text("en"), written.text("zh")
    assert "The tasks for October: 130,000 yuan of output value and 500 t of pig iron" in en
    assert "The tasks for the fourth quarter: 1,800 t of pig iron" in en
    assert "December" not in en
    assert "红旗县布置了10月份总产值十三万元、生铁五百吨的生产任务" in zh
    targets = [f for f in written.figures() if f.label == "target"]
    # September's own plan, and the three to come
    assert sorted(f.value for f in targets) == [500, 1_800, 110_000, 130_000]  # type: ignore[type-var]


def test_opened_merged_and_closed(county: Engine) -> None:
    written = bulletin(county, "HQ", OCTOBER)
    assert (
        "1 new furnace opened, 1 unit merged into another and 1 closed: from 10 units to 9"
        in written.text("en")
    )
    assert (
        "经过合并整顿，建起了一座炼铁炉，一个单位并入了其他单位，关闭了一个，单位由十个调整为九个"
        in (written.text("zh"))
    )
    september = bulletin(county, "HQ", SEPTEMBER).text("en")
    assert "4 new furnaces, 3 new pits and 3 new factories opened" in september


def test_a_commune_bulletin_has_its_units_inspection(county: Engine) -> None:
    facts = bulletin_facts(county, "HQ-DF", OCTOBER)
    (qc,) = facts.inspections
    assert (qc.problems, qc.with_measure, qc.done) == (2, 2, 2)
    zh = bulletin(county, "HQ-DF", OCTOBER).text("zh")
    assert "查出了两项问题，条条都采取了措施，已解决两项" in zh


def test_words_for_one_and_for_nothing(county: Engine) -> None:
    en = bulletin(county, "HQ", OCTOBER).text("en")
    assert "made 1 kind of by-product" in en
    assert "1 kinds" not in en
    assert "Shengli Commune made 1 kind of by-product" in en
    assert "taking in others' too" in en  # Shengli uses more slag than it leaves
    qianjin = bulletin(county, "HQ-QJ", OCTOBER).text("en")
    assert "0% of its wastes" not in qianjin
    assert "yuans" not in en


def test_while_the_month_runs(county: Engine) -> None:
    written = bulletin(county, "HQ", OCTOBER, as_of=date(1958, 10, 15))
    en = written.text("en")
    assert "From 1 to 15 October, Hongqi County produced 280 t of pig iron" in en
    assert "By 15 October, Dongfeng furnace 1 had reached 40.3% of its output value plan" in en
    assert "3 days behind schedule" in en
    assert "10月1日至15日红旗县生产生铁二百八十吨" in written.text("zh")


def test_every_number_has_its_figure(county: Engine) -> None:
    """The usable share, the problems dealt with, the best day and the targets are
    figures with queries too, and each query computes the value shown."""
    written = bulletin(county, "HQ", OCTOBER)
    labels = {f.label for f in written.figures()}
    assert {"% usable", "problems dealt with", "the best day", "target"} <= labels
    with county.connect() as conn:
        for f in written.figures():
            got = answer(conn, f.query, date(1958, 10, 31))
            if isinstance(f.value, float) and isinstance(got, float):
                assert got == pytest.approx(f.value), f.query.describe()
            else:
                assert got == f.value, f.query.describe()
    usable = next(f for f in written.figures() if f.label == "% usable")
    assert usable.value == pytest.approx(434 / 600 * 100)


def test_status_shows_reported_and_usable_side_by_side(county: Engine) -> None:
    (row,) = status(county, scope="HQ", product="iron", period=OCTOBER)
    assert (row.cumulative, row.usable) == pytest.approx((600.0, 434.0))
    (hq,) = [r for r in status_of_regions(county, "iron", OCTOBER) if r.scope == "HQ"]
    assert hq.usable == pytest.approx(434.0)
    (value,) = status(county, scope="HQ", product="value", period=OCTOBER)
    assert value.usable is None
