"""Seed 002's chain: the engine names the link that binds, in every constructed case."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from planworks.domain.periods import Period
from planworks.planning.balance import material_balance
from planworks.planning.optimal import optimal_plan
from planworks.planning.weaklinks import LinkKind, chain_links, weak_links
from planworks.scenarios.chain import (
    BINDINGS,
    CHAIN_PARAMETERS,
    COAL_FIELD,
    PLAN_END,
    PLAN_START,
    PROVINCE,
    STEEL_CENTRE,
    build_chain,
)
from planworks.services.importing import import_folder
from planworks.services.planning import network_for

MAY = Period(PLAN_START, PLAN_END)


def _load(engine: Engine, tmp_path: Path, binding: str) -> None:
    folder = tmp_path / binding
    build_chain(folder, binding)  # type: ignore[arg-type]
    import_folder(engine, folder)


@pytest.mark.parametrize("binding", BINDINGS)
def test_the_engine_names_the_weak_link(engine: Engine, tmp_path: Path, binding: str) -> None:
    _load(engine, tmp_path, binding)
    network, _ = network_for(engine, PROVINCE, MAY)
    plan = optimal_plan(network)
    expected = CHAIN_PARAMETERS[binding]  # type: ignore[index]
    (target,) = network.targets
    assert target.quantity - plan.shortfall[0] == pytest.approx(expected.optimum())

    binding_links = [c for c in chain_links(plan) if c.binds]
    assert len(binding_links) == 1
    (link,) = binding_links
    top = weak_links(plan)[0]
    need = expected.per_rolled_steel()
    if binding == "transport":
        assert (link.kind, link.source, link.target) == (
            LinkKind.TRANSPORT,
            COAL_FIELD,
            STEEL_CENTRE,
        )
        assert (top.kind, top.source, top.target) == (
            LinkKind.TRANSPORT,
            COAL_FIELD,
            STEEL_CENTRE,
        )
        assert top.value == pytest.approx(1 / need["coal"])
    else:
        assert (link.kind, link.product) == (LinkKind.CAPACITY, binding)
        assert (top.kind, top.product) == (LinkKind.CAPACITY, binding)
        assert top.value == pytest.approx(1 / need[binding])
    assert top.gives == "rolled-steel"


def test_the_balance_shows_the_same_deficit(engine: Engine, tmp_path: Path) -> None:
    """At the plan's 3,100 t, the coal variant needs more coal than its mines can dig."""
    _load(engine, tmp_path, "coal")
    network, _ = network_for(engine, PROVINCE, MAY)
    lines = {line.product: line for line in material_balance(network)}
    params = CHAIN_PARAMETERS["coal"]
    coal = lines["coal"]
    assert coal.production == pytest.approx(params.coal_mines * params.days)
    assert coal.surplus < 0


def test_another_provinces_recipes_do_not_leak_in(engine: Engine, tmp_path: Path) -> None:
    """Recipes of another province, and for everywhere, leave Jiangxi's technology alone."""
    _load(engine, tmp_path, "transport")
    other = tmp_path / "other"
    other.mkdir()
    (other / "regions.csv").write_text(
        "code,parent,level,name\nCN,,nation,China\nCN-HA,CN,province,Henan\n", encoding="utf-8"
    )
    (other / "products.csv").write_text(
        "code,name,uom\ncoal,coal,t\niron,iron,t\n", encoding="utf-8"
    )
    (other / "units.csv").write_text("code,name,region,kind,opened\n", encoding="utf-8")
    (other / "recipes.csv").write_text(
        "product,kind,input,per_unit,role,region\n"
        "iron,modern,coal,9,input,CN-HA\n"
        "iron,modern,coal,7,input,\n",
        encoding="utf-8",
    )
    import_folder(engine, other)
    plan = optimal_plan(network_for(engine, PROVINCE, MAY)[0])
    assert weak_links(plan)[0].value == pytest.approx(1 / 3.25)
