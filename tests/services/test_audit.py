"""The audit of a stored network: findings from raw rows, who holds them, verdicts."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from planworks.audit.panel import Check, Severity
from planworks.domain.errors import InputError, NotFoundError
from planworks.scenarios.redteam import Fraud, make_red_team, write_red_team
from planworks.services.audit import WARM_UP_DAYS, Audit, audit, resolve
from planworks.services.importing import import_folder

RED = make_red_team(300, 90, seed=11)
FIRST = RED.panel.first_day
LAST = RED.panel.day(89)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("red-team")
    write_red_team(RED, path)
    return path


@pytest.fixture
def network(engine: Engine, folder: Path) -> Engine:
    import_folder(engine, folder)
    return engine


def _units(rows) -> set[str]:  # type: ignore[no-untyped-def]
    return {RED.panel.units[r] for r in rows}


def test_impossible_claims_are_crises_held_above_the_unit(network: Engine) -> None:
    start = FIRST + timedelta(days=WARM_UP_DAYS)
    result = audit(network, "RT", start=start, end=LAST)
    claims = _units(RED.units_of(Fraud.IMPOSSIBLE))
    crises = {
        f.finding.unit
        for f in result.findings
        if f.finding.check is Check.IMPOSSIBLE and f.finding.severity is Severity.CRISIS
    }
    late = {
        RED.panel.units[r] for r in RED.units_of(Fraud.IMPOSSIBLE) if RED.onset[r] >= WARM_UP_DAYS
    }
    assert late <= crises <= claims
    for f in result.findings:
        assert start <= f.finding.day <= LAST
        assert f.region.startswith("RT-")
        assert f.held_by in (f.region, "RT")  # the unit's county, or climbed to the province
    (iron,) = result.products
    assert iron.units == 300
    assert iron.usable < iron.reported


def test_a_finding_climbs_until_a_verdict_stops_it(network: Engine) -> None:
    result = audit(network, "RT", start=FIRST + timedelta(days=WARM_UP_DAYS), end=LAST)
    crisis = next(f for f in result.findings if f.finding.severity is Severity.CRISIS)
    day = crisis.finding.day
    early = audit(network, "RT", start=day, end=day, as_of=day)
    (same,) = [f for f in early.findings if f.finding == crisis.finding]
    assert same.held_by == crisis.region  # on its day: the unit's own county
    assert crisis.held_by == "RT"  # weeks later, unresolved: the province
    resolve(
        network,
        crisis.finding.unit,
        "iron",
        day,
        crisis.finding.check.value,
        verdict="confirmed",
        by="Statistician Li",
        note="no furnace can make this",
        on=day,
    )
    again = audit(network, "RT", start=FIRST + timedelta(days=WARM_UP_DAYS), end=LAST)
    (resolved,) = [f for f in again.findings if f.finding == crisis.finding]
    assert resolved.resolution is not None
    assert resolved.resolution.verdict == "confirmed"
    assert resolved.held_by == crisis.region
    with pytest.raises(InputError, match="resolved already"):
        resolve(
            network,
            crisis.finding.unit,
            "iron",
            day,
            crisis.finding.check.value,
            verdict="explained",
            by="Li",
            note="again",
            on=day,
        )


def test_a_verdict_after_the_as_of_day_does_not_count_yet(network: Engine) -> None:
    result = audit(network, "RT", start=FIRST + timedelta(days=WARM_UP_DAYS), end=LAST)
    f = result.findings[0]
    resolve(
        network,
        f.finding.unit,
        "iron",
        f.finding.day,
        f.finding.check.value,
        verdict="explained",
        by="Li",
        note="a second furnace",
        on=LAST,
    )
    before = audit(network, "RT", start=f.finding.day, end=f.finding.day)
    (same,) = [g for g in before.findings if g.finding == f.finding]
    assert same.resolution is None


def test_bad_verdicts_and_bad_days_are_refused(network: Engine) -> None:
    with pytest.raises(InputError) as caught:
        resolve(network, "U000001", "iron", FIRST, "hunch", verdict="maybe", by="Li", note="x")
    assert {p.column for p in caught.value.problems} == {"check", "verdict"}
    with pytest.raises(InputError, match="empty"):
        resolve(network, "U000001", "iron", FIRST, "step", verdict="explained", by="Li", note=" ")
    with pytest.raises(NotFoundError, match="NOPE"):
        resolve(network, "NOPE", "iron", FIRST, "step", verdict="explained", by="Li", note="x")
    with pytest.raises(InputError, match="both"):
        audit(network, "RT", start=FIRST)
    with pytest.raises(InputError, match="before"):
        audit(network, "RT", start=LAST, end=LAST, as_of=FIRST)
    with pytest.raises(NotFoundError, match="XX"):
        audit(network, "XX")


def test_an_audit_of_one_unit_and_of_nothing(network: Engine) -> None:
    unit = RED.panel.units[int(RED.units_of(Fraud.SUDDEN)[0])]
    result = audit(network, unit)
    assert {f.finding.unit for f in result.findings} <= {unit}
    assert result.start == FIRST
    empty = audit(network, "RT", start=date(1950, 1, 1), end=date(1950, 1, 31))
    assert empty.findings == ()
    assert empty.products == ()


def test_an_audit_in_parts_finds_what_one_in_a_whole_finds(
    network: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = audit(network, "RT", start=FIRST + timedelta(days=WARM_UP_DAYS), end=LAST)
    monkeypatch.setattr("planworks.services.audit.PART_UNITS", 120)  # a few counties a part
    parts = audit(network, "RT", start=FIRST + timedelta(days=WARM_UP_DAYS), end=LAST)
    ((a,), (b,)) = (parts.products, whole.products)
    assert (a.units, a.unit_days, a.flagged_units) == (b.units, b.unit_days, b.flagged_units)
    assert (a.reported, a.usable) == pytest.approx((b.reported, b.usable))
    local = {Check.CAPACITY, Check.IMPOSSIBLE, Check.UNUSABLE, Check.STEP, Check.DRIFT}

    def keys(a: Audit) -> set[tuple[object, ...]]:  # a finding's score may be NaN
        return {
            (f.finding.unit, f.finding.day, f.finding.check, f.finding.severity)
            for f in a.findings
            if f.finding.check in local
        }

    assert keys(parts) == keys(whole)
