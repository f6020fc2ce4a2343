"""Bulletins: facts gathered from the reports, and the sentences that word them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from planworks.bulletin.compose import Bulletin
from planworks.domain.errors import NotFoundError
from planworks.domain.periods import Period
from planworks.scenarios.base import BulletinSpec
from planworks.scenarios.beijing import SCENARIO as BEIJING
from planworks.scenarios.hebei import SCENARIO as HEBEI
from planworks.scenarios.jinzhou import SCENARIO as JINZHOU
from planworks.services.bulletin import bulletin, bulletin_facts, retell
from planworks.services.claims import answer
from planworks.services.importing import import_folder
from planworks.services.scenarios import load_scenario
from tests.conftest import DATA

JANUARY_1960 = Period.parse("1960-01")


@pytest.fixture
def westbank(engine: Engine) -> Engine:
    import_folder(engine, DATA / "westbank")
    return engine


def _figures_agree(engine: Engine, written: Bulletin, as_of: date) -> None:
    """Every figure of the text is what its query computes on its own."""
    with engine.connect() as conn:
        for f in written.figures():
            got = answer(conn, f.query, as_of)
            if isinstance(f.value, float) and isinstance(got, float):
                assert got == pytest.approx(f.value), f.query.describe()
            else:
                assert got == f.value, f.query.describe()


def test_westbank_facts(westbank: Engine) -> None:
    """The figures of tests/data/westbank/README.md, worked out on paper."""
    facts = bulletin_facts(westbank, "W", JANUARY_1960)
    assert facts.as_of == date(1960, 1, 31)
    (plan,) = facts.plans
    assert (plan.target, plan.cumulative) == (80_000, 65_610)
    assert plan.completion_date is None
    assert plan.growth_prev_pct == pytest.approx((65_610 / 44_950 - 1) * 100)
    assert facts.units_opened is not None
    assert facts.units_opened.value == 1
    assert facts.new_products is not None
    assert facts.new_products.value == 3
    assert facts.new_products_first_days is not None
    assert facts.new_products_first_days.value == 1
    by_scope = {b.scope.code: b for b in facts.byproducts}
    # M1 (by-products 7,540, pork 49,600) and T3 (tools 550) make up W-1
    assert by_scope["W-1"].ratio == pytest.approx(7_540 / (49_600 + 550))
    assert by_scope["W-1"].kinds == 3
    # offal: 62 t of pork leave 31 t; 10.4 t of glue took 26 t of it
    assert by_scope["W"].waste_use_pct == pytest.approx(100 * 26 / 31)
    assert by_scope["W-1"].waste_use_pct == pytest.approx(100 * 26 / 31)
    # T2 merged into T1 on 16 January; T3 opened on 10 January
    assert facts.consolidation is not None
    assert (facts.consolidation.before, facts.consolidation.after) == (3, 3)
    assert facts.consolidation.merged == 1
    (check,) = facts.inspections
    assert (check.inspectors, check.problems, check.with_measure, check.done) == (12, 8, 7, 4)
    (t1,) = facts.labour
    assert t1.unit.code == "T1"
    assert t1.workers_change == -5
    assert t1.per_worker_growth_pct == pytest.approx((640 / 560) / (630 / 640) * 100 - 100)


def test_westbank_words(westbank: Engine) -> None:
    written = bulletin(westbank, "W", JANUARY_1960)
    zh = written.text("zh")
    for phrase in (
        "西岸县1月份生产简报",
        "完成了1月份产值计划的82％，比12月份提高了45.96％",
        "经过合并整顿，办起了一座工厂，一个单位并入了其他单位，单位总数仍为三个",
        "试制成功了三种新产品：骨胶、镰刀、改良犁，开始十天就制成了一种",
        "东风公社1月23日提前八天超额32％完成了1月份产值计划",
        "查出了八项问题",
        "农具一厂节省了五个人，生产效率提高了16％",
        "废料利用率达到83.9％",
    ):
        assert phrase in zh
    en = written.text("en")
    assert "1 new factory opened and 1 unit merged into another: still 3 units in all" in en
    assert "3 new products were trial-produced successfully: glue, sickle and improved plough" in en
    assert "1,650 pieces of farm tools" in en
    assert "found 8 problems, 87.5% of them with a measure taken; 4 have been dealt with" in en
    _figures_agree(westbank, written, date(1960, 1, 31))


def test_default_period_is_the_last_month(westbank: Engine) -> None:
    facts = bulletin_facts(westbank, "W")
    assert facts.period == JANUARY_1960


def test_a_scope_without_reports_needs_a_period(engine: Engine, tmp_path: Path) -> None:
    files = {
        "regions": "code,parent,level,name\nE,,county,Empty\n",
        "products": "code,name,uom,price\niron,Iron,t,200\n",
        "units": "code,name,region,kind,product,opened\nF,Furnace,E,indigenous,iron,1958-09-01\n",
    }
    for name, text in files.items():
        (tmp_path / f"{name}.csv").write_text(text)
    import_folder(engine, tmp_path)
    with pytest.raises(NotFoundError, match="E has no reports"):
        bulletin_facts(engine, "E")
    assert bulletin_facts(engine, "E", JANUARY_1960).totals == ()


@pytest.mark.parametrize("scenario", [HEBEI, BEIJING, JINZHOU], ids=lambda s: s.name)
def test_replay_bulletins_say_what_the_articles_said(engine: Engine, scenario) -> None:  # type: ignore[no-untyped-def]
    load_scenario(engine, scenario)
    spec: BulletinSpec = scenario.bulletin
    written, missing = retell(engine, spec)
    assert missing == []
    _figures_agree(engine, written, spec.end)


def test_a_missing_phrase_is_reported(engine: Engine) -> None:
    load_scenario(engine, HEBEI)
    assert HEBEI.bulletin is not None
    spec = BulletinSpec("CN-HE", date(1960, 1, 1), date(1960, 3, 22), ("提前十八天", "提前十九天"))
    _, missing = retell(engine, spec)
    assert missing == ["提前十九天"]
