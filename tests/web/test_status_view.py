"""The plan page measures its plan and the regions it ranks in one pass: what it shows is
what the status and the ranking give when each is asked on its own."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest
from sqlalchemy import Engine

from planworks.domain.access import Principal, Role
from planworks.domain.periods import Period
from planworks.services.access import Reach
from planworks.services.rankings import RankBy, rank
from planworks.services.status import status, status_of_regions
from planworks.web.views import status_view

from .conftest import TIANJIN

HEBEI = "CN-HE"
Q1 = Period.parse("1960-Q1")


def _reach(engine: Engine, principal: Principal) -> Reach:
    with engine.connect() as conn:
        return Reach.of(conn, principal)


ADMIN = Principal(user_id=1, name="admin", role=Role.ADMIN)


@pytest.mark.parametrize("by", list(RankBy))
@pytest.mark.parametrize("period", ["1960-Q1", "1960-03"])  # completed; in progress
def test_the_plan_and_its_ranking_are_those_asked_on_their_own(
    hebei: Engine, by: RankBy, period: str
) -> None:
    view = status_view(hebei, _reach(hebei, ADMIN), HEBEI, "cement", period, by=by.value)
    (alone,) = status(hebei, scope=HEBEI, product="cement", period=Period.parse(period))
    assert view.progress is not None
    assert view.progress.row == alone
    if period == "1960-03":  # in progress on the last report day: forecast
        assert alone.p_meet_pct is not None
    ranked = rank(hebei, HEBEI, "cement", Period.parse(period), by=by)
    assert [(line.place.code, line.rank, line.value, line.output) for line in view.ranking] == [
        (r.code, r.rank, r.value, r.output) for r in ranked
    ]
    assert view.ranking  # Hebei's prefectures, each ranked or listed after


def test_the_chart_counts_the_days_the_bars_count(hebei: Engine) -> None:
    view = status_view(hebei, _reach(hebei, ADMIN), HEBEI, "cement", "1960-Q1")
    assert view.progress is not None
    assert view.series is not None
    row, series = view.progress.row, view.series
    counted = int(np.count_nonzero(~np.isnan(series.daily)))
    assert counted == (min(row.as_of, Q1.end) - Q1.start).days + 1
    assert series.cumulative[counted - 1] == pytest.approx(row.cumulative)


def test_a_viewer_sees_the_ranking_of_what_is_within_reach(hebei: Engine) -> None:
    viewer = Principal(user_id=2, name="tianjin", role=Role.VIEWER, region=TIANJIN)
    view = status_view(hebei, _reach(hebei, viewer), TIANJIN, "cement", "1960-Q1")
    assert view.progress is not None
    assert view.progress.row.scope == TIANJIN
    reach = _reach(hebei, viewer)
    assert all(reach.region(line.place.code) for line in view.ranking if view.level == "regions")


def test_only_the_regions_asked_are_forecast(hebei: Engine) -> None:
    as_of = Q1.start + timedelta(days=59)  # 1 March, the quarter in progress
    (alone,) = status(hebei, scope=HEBEI, product="cement", period=Q1, as_of=as_of)
    assert alone.completion_p50 is not None
    rows = status_of_regions(hebei, "cement", Q1, as_of, forecast=[HEBEI])
    (mine,) = [r for r in rows if r.scope == HEBEI]
    assert mine == alone
    assert all(r.p_meet_pct is None for r in rows if r.scope != HEBEI)
    # the same rows, less the forecasts, as the overview without any
    plain = status_of_regions(hebei, "cement", Q1, as_of)
    forecast_fields = ("p_meet_pct", "completion_p10", "completion_p50", "completion_p90")
    strip = dict.fromkeys(forecast_fields)
    assert [r.__class__(**(r.__dict__ | strip)) for r in rows] == plain
