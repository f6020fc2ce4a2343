"""Henan's November 1958 tasks, checked against the replay's capacities."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from planworks.domain.periods import Period
from planworks.planning.balance import Basis, material_balance
from planworks.planning.optimal import optimal_plan
from planworks.planning.weaklinks import LinkKind, chain_links
from planworks.services.planning import network_for

pytestmark = pytest.mark.slow
NOVEMBER = Period.parse("1958-11")


def test_the_tasks_need_more_coal_than_the_pits_can_dig(henan: Engine) -> None:
    network, _ = network_for(henan, "CN-HA", NOVEMBER)
    assert {(t.product, t.quantity) for t in network.targets} == {
        ("iron", 800_000),
        ("steel", 400_000),
        ("rolled-steel", 30_000),
    }
    lines = {line.product: line for line in material_balance(network)}
    assert lines["iron"].basis is Basis.PLAN
    assert lines["iron"].production == pytest.approx(800_000)
    # iron for the steel task: 400 kt of steel
    assert lines["iron"].uses > 400_000
    assert lines["iron"].surplus > 0
    assert lines["coal"].basis is Basis.CAPACITY
    assert lines["coal"].surplus < 0  # coal is short
    assert lines["iron-ore"].surplus > 0


def test_coal_is_the_link_that_binds(henan: Engine) -> None:
    network, _ = network_for(henan, "CN-HA", NOVEMBER)
    plan = optimal_plan(network)
    binding = [c for c in chain_links(plan) if c.binds and c.kind is LinkKind.CAPACITY]
    assert [c.product for c in binding] == ["coal"]
    shortfall = dict(zip([t.product for t in network.targets], plan.shortfall, strict=True))
    assert shortfall["iron"] > 0
