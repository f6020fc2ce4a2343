"""The replays through the whole system: import the raw rows, derive the article's figures."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import Engine

from planworks.audit.panel import Check, Severity
from planworks.domain.periods import Period
from planworks.scenarios import SCENARIOS
from planworks.scenarios.beijing import SCENARIO as BEIJING
from planworks.scenarios.hebei import SCENARIO as HEBEI
from planworks.scenarios.henan import LUSHAN_CLAIM_DAY, LUSHAN_CLAIM_T
from planworks.scenarios.henan import SCENARIO as HENAN
from planworks.scenarios.jinzhou import SCENARIO as JINZHOU
from planworks.services.audit import audit
from planworks.services.bulletin import retell
from planworks.services.claims import check_claims
from planworks.services.scenarios import load_scenario
from planworks.services.status import status, status_of_regions


def _failures(engine: Engine, scenario) -> list[str]:  # type: ignore[no-untyped-def]
    results = check_claims(engine, scenario.claims, scenario.as_of)
    return [
        f"{r.claim.key}: {r.value!r} vs {r.claim.expect.describe()}" for r in results if not r.holds
    ]


def test_hebei_figures(engine: Engine) -> None:
    assert load_scenario(engine, HEBEI) is not None
    assert load_scenario(engine, HEBEI) is None  # the same folder: skipped
    assert _failures(engine, HEBEI) == []
    (q1,) = status(engine, scope="CN-HE", product="cement", period=Period.parse("1960-Q1"))
    assert (q1.completion_date, q1.days_ahead) == (date(1960, 3, 13), 18)
    (feb,) = status(engine, scope="CN-HE", product="cement", period=Period.parse("1960-02"))
    assert feb.growth_prev_pct == pytest.approx(3.35, abs=0.005)
    assert feb.overfulfilment_pct is not None
    assert feb.overfulfilment_pct > 0
    (total,) = status(
        engine,
        scope="CN-HE",
        product="cement",
        period=Period(date(1959, 1, 1), date(1960, 3, 22)),
    )
    assert total.cumulative == 303_087
    assert total.target is None


@pytest.mark.parametrize("scenario", [BEIJING, JINZHOU], ids=lambda s: s.name)
def test_committed_replay_figures(engine: Engine, scenario) -> None:  # type: ignore[no-untyped-def]
    assert load_scenario(engine, scenario) is not None
    assert _failures(engine, scenario) == []


@pytest.mark.slow
def test_henan_figures(henan: Engine) -> None:
    assert _failures(henan, HENAN) == []


@pytest.mark.slow
def test_henan_bulletin(henan: Engine) -> None:
    assert HENAN.bulletin is not None
    _, missing = retell(henan, HENAN.bulletin)
    assert missing == []


@pytest.mark.slow
def test_henan_year_plans_and_november_tasks(henan: Engine) -> None:
    rows = {(r.product, r.start): r for r in status(henan, scope="CN-HA")}
    iron_year = rows[("iron", date(1958, 1, 1))]
    assert iron_year.as_of == date(1958, 10, 31)  # the last day reported
    assert iron_year.days_ahead is not None
    assert iron_year.days_ahead > 0
    november = {p: rows[(p, date(1958, 11, 1))] for p in ("iron", "steel", "rolled-steel")}
    assert {p: r.target for p, r in november.items()} == {
        "iron": 800_000,
        "steel": 400_000,
        "rolled-steel": 30_000,
    }
    assert all(r.cumulative == 0 for r in november.values())  # not begun as of 31 October


@pytest.mark.slow
def test_henan_every_region_adds_up(henan: Engine) -> None:
    october = Period.parse("1958-10")
    rows = status_of_regions(henan, "iron", october)
    by_code = {r.scope: r for r in rows}
    assert by_code["CN-HA"].cumulative == pytest.approx(4_400_000, abs=1)
    prefectures = [r for r in rows if r.scope.count("-") == 2 and r.scope.startswith("CN-HA-")]
    assert sum(r.cumulative for r in prefectures) == pytest.approx(4_400_000, abs=1)
    lushan = by_code["CN-HA-XC-LS"]
    (same,) = status(henan, scope="CN-HA-XC-LS", product="iron", period=october)
    assert same.cumulative == pytest.approx(lushan.cumulative)


_HARD = (Check.CAPACITY, Check.IMPOSSIBLE)


@pytest.mark.slow
def test_henan_audit_flags_lushans_claimed_day(henan: Engine) -> None:
    lushan = "CN-HA-XC-LS"
    day = LUSHAN_CLAIM_DAY
    found = audit(henan, lushan, start=day, end=day)
    crises = [
        f
        for f in found.findings
        if f.product == "iron"
        and f.finding.check in _HARD
        and f.finding.severity is Severity.CRISIS
        and f.finding.day == day
    ]
    claimants = {f.finding.unit for f in crises if f.finding.quantity > LUSHAN_CLAIM_T / 2}
    assert len(claimants) == 1  # the furnace that carries the county's claim
    (claimant,) = claimants
    caught = {f.finding.check for f in crises if f.finding.unit == claimant}
    assert caught == set(_HARD)
    assert all(f.region == lushan and f.held_by == lushan for f in crises)
    # A near case: the same furnace the day before, an ordinary day, is not flagged.
    before = day - timedelta(days=1)
    ordinary = audit(henan, claimant, start=before, end=before)
    assert [(p.product, p.unit_days) for p in ordinary.products] == [("iron", 1)]
    assert [f for f in ordinary.findings if f.finding.check in _HARD] == []


def test_the_committed_replays_share_one_database(engine: Engine) -> None:
    """`make run` loads every replay into one database: a product of two replays is one
    product (one unit of measure, one constant price), so each still says what its
    article says whichever is loaded after it."""
    committed = [s for s in SCENARIOS.values() if s.committed]
    for scenario in committed:
        load_scenario(engine, scenario)
    for scenario in committed:
        assert _failures(engine, scenario) == [], scenario.name
        if scenario.bulletin is not None:
            _, missing = retell(engine, scenario.bulletin)
            assert missing == [], scenario.name
