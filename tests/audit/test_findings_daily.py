"""Findings, who holds them, and the daily audit of one more day."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pytest

from planworks.audit.daily import DailyAudit
from planworks.audit.findings import CLIMB_DAYS, escalated_to, findings
from planworks.audit.panel import Check, Panel, Screen, Severity
from planworks.scenarios.redteam import make_red_team

DAY = date(1958, 10, 1)


def _panel(q: list[list[float]]) -> Panel:
    quantity = np.array(q, dtype=float)
    n = quantity.shape[0]
    return Panel(
        units=tuple(f"U{i}" for i in range(n)),
        first_day=DAY,
        quantity=quantity,
        capacity=np.full(n, 10.0),
        group=np.zeros(n, dtype=np.int64),
    )


def test_findings_are_the_flagged_unit_days_in_order() -> None:
    panel = _panel([[1, 2, 3], [4, 5, 6]])
    a = Screen.empty(Check.CAPACITY, panel.shape)
    b = Screen.empty(Check.STEP, panel.shape)
    a.level[1, 2], a.score[1, 2] = Severity.CRISIS, 3.5
    a.level[0, 0] = Severity.ALERT
    b.level[0, 2] = Severity.ALERT
    found = findings(panel, [b, a])
    assert [(f.unit, f.day.day, f.check, f.severity) for f in found] == [
        ("U0", 1, Check.CAPACITY, Severity.ALERT),
        ("U0", 3, Check.STEP, Severity.ALERT),
        ("U1", 3, Check.CAPACITY, Severity.CRISIS),
    ]
    assert (found[2].score, found[2].quantity) == (3.5, 6.0)
    assert [f.day.day for f in findings(panel, [a, b], first_column=1)] == [3, 3]


@pytest.mark.parametrize("severity", [Severity.ALERT, Severity.CRISIS])
def test_an_unresolved_finding_climbs_a_region_each_period(severity: Severity) -> None:
    up = ["county", "prefecture", "province", "nation"]
    step = CLIMB_DAYS[severity]
    held = [escalated_to(severity, DAY, DAY + timedelta(days=d), up) for d in range(0, 5 * step)]
    assert held[0] == held[step - 1] == "county"  # first the unit's own region
    assert held[step] == "prefecture"
    assert held[3 * step] == held[-1] == "nation"  # and no higher than the top
    assert escalated_to(severity, DAY, DAY - timedelta(days=9), up) == "county"


def test_crises_climb_faster_than_alerts() -> None:
    assert CLIMB_DAYS[Severity.CRISIS] < CLIMB_DAYS[Severity.ALERT]
    assert escalated_to(Severity.NORMAL, DAY, DAY + timedelta(days=400), ["a", "b"]) == "a"
    with pytest.raises(ValueError, match="region"):
        escalated_to(Severity.ALERT, DAY, DAY, [])


@pytest.fixture(scope="module")
def running() -> tuple[DailyAudit, Panel]:
    red = make_red_team(600, DailyAudit.WINDOW_DAYS + 20, seed=4, fraud_share=0.0)
    history = replace(
        red.panel,
        quantity=red.panel.quantity[:, :-1],
        grade=None if red.panel.grade is None else red.panel.grade[:, :-1],
    )
    return DailyAudit.start(history), red.panel


def test_the_daily_audit_judges_one_new_day(running: tuple[DailyAudit, Panel]) -> None:
    daily, full = running
    before = daily.panel.first_day
    today = full.quantity[:, -1].copy()
    today[7] = full.kind_max[7] * 3  # type: ignore[index]
    today[9] = full.capacity[9] * 1.6
    screens = daily.add_day(today, None if full.grade is None else full.grade[:, -1])
    assert daily.panel.shape == (600, DailyAudit.WINDOW_DAYS)
    assert daily.panel.first_day == before + timedelta(days=1)
    assert all(s.level.shape == (600, 1) for s in screens)
    assert Check.BUNCHING not in {s.check for s in screens}
    level = {s.check: s.level[:, 0] for s in screens}
    assert level[Check.IMPOSSIBLE][7] == Severity.CRISIS
    assert level[Check.CAPACITY][9] >= Severity.ALERT
    flagged = np.any([s.level[:, 0] > 0 for s in screens], axis=0)
    flagged[[7, 9]] = False
    assert flagged.mean() < 0.02  # an ordinary day of honest units
