"""Forecasts of completion in status, claims and bulletins, on the Hebei replay."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine

from planworks.domain.claims import Measure, Query
from planworks.domain.periods import Period
from planworks.scenarios.hebei import SCENARIO as HEBEI
from planworks.services.bulletin import bulletin
from planworks.services.claims import answer
from planworks.services.scenarios import load_scenario
from planworks.services.status import status, status_of_regions

Q1 = Period.parse("1960-Q1")
MARCH_1 = date(1960, 3, 1)


def test_on_1_march_the_quarter_is_forecast_for_13_march(engine: Engine) -> None:
    load_scenario(engine, HEBEI)
    (row,) = status(engine, scope="CN-HE", product="cement", period=Q1, as_of=MARCH_1)
    assert row.completion_date is None
    assert row.p_meet_pct is not None
    assert row.p_meet_pct > 95
    assert row.completion_p50 is not None
    assert date(1960, 3, 11) <= row.completion_p50 <= date(1960, 3, 15)  # it was the 13th
    (done,) = status(engine, scope="CN-HE", product="cement", period=Q1)
    assert done.completion_date == date(1960, 3, 13)
    assert done.p_meet_pct is None  # met: nothing to forecast
    with engine.connect() as conn:
        query = Query(Measure.COMPLETION_P50, "CN-HE", "cement", Q1.start, Q1.end, MARCH_1)
        assert answer(conn, query, MARCH_1) == row.completion_p50
    overview = status_of_regions(engine, "cement", Q1, MARCH_1)
    assert all(r.p_meet_pct is None for r in overview)  # the overview leaves them out
    asked = status_of_regions(engine, "cement", Q1, MARCH_1, forecast=True)
    (hebei,) = [r for r in asked if r.scope == "CN-HE"]
    assert hebei.completion_p50 == row.completion_p50


def test_a_bulletin_in_progress_says_when_the_plan_will_likely_be_done(engine: Engine) -> None:
    load_scenario(engine, HEBEI)
    written = bulletin(engine, "CN-HE", Q1, as_of=MARCH_1)
    assert "to be completed in time, most likely on" in written.text("en")
    assert "按目前的进度" in written.text("zh")
