"""Tiny plans with known optima, and the invariants of any plan."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planworks.planning.lp import InfeasibleError
from planworks.planning.network import Group, Network, RecipeInput, Route, Stock, Target
from planworks.planning.optimal import optimal_plan
from planworks.planning.weaklinks import LinkKind, weak_links

DAYS = 10


def chain(*, coal: float, route: float, stock: float = 0.0, target: float = 200.0) -> Network:
    """Coal mined at A (per period), carried to B, where iron takes 3 t of coal a tonne."""
    return Network(
        products=("coal", "iron"),
        nodes=("A", "B"),
        days=DAYS,
        groups=(
            Group("A", "A", "indigenous", "coal", coal),
            Group("B", "B", "modern", "iron", 1_000.0),
        ),
        recipes=(RecipeInput("iron", "*", "coal", 3.0),),
        routes=(Route("A", "B", "rail", route),),
        stocks=(Stock("B", "coal", stock),) if stock else (),
        targets=(Target("B", "iron", target, groups=(1,)),),
        names={"A": ("Coal field", "煤田"), "B": ("Iron town", "铁城"), "iron": ("iron", "生铁")},
    )


def test_one_group_short_of_its_target() -> None:
    net = Network(
        products=("iron",),
        nodes=("A",),
        days=DAYS,
        groups=(Group("A", "A", "indigenous", "iron", 100.0),),
        targets=(Target("A", "iron", 150.0, groups=(0,)),),
    )
    plan = optimal_plan(net)
    assert plan.production == pytest.approx([100.0])
    assert plan.shortfall == pytest.approx([50.0])
    (top, *rest) = weak_links(plan)
    assert top.kind is LinkKind.CAPACITY
    assert top.value == pytest.approx(1.0)  # +1 t/day of capacity, +1 t/day of iron
    assert rest[-1].kind is LinkKind.TARGET


def test_transport_binds() -> None:
    plan = optimal_plan(chain(coal=300.0, route=200.0))
    # 200 t of coal arrive: 66.67 t of iron
    assert plan.production[1] == pytest.approx(200 / 3)
    assert plan.flows[0] == pytest.approx([200.0, 0.0])
    assert plan.shortfall == pytest.approx([200 - 200 / 3])
    links = weak_links(plan)
    assert links[0].kind is LinkKind.TRANSPORT
    assert (links[0].source, links[0].target, links[0].mode) == ("A", "B", "rail")
    assert links[0].value == pytest.approx(1 / 3)
    assert links[0].gives == "iron"
    assert "rail link Coal field -> Iron town" in links[0].text
    assert "煤田至铁城铁路运力" in links[0].text_zh
    assert not any(w.kind is LinkKind.CAPACITY for w in links)  # the mines have coal to spare


def test_coal_binds() -> None:
    plan = optimal_plan(chain(coal=120.0, route=500.0))
    assert plan.production[1] == pytest.approx(40.0)
    top = weak_links(plan)[0]
    assert (top.kind, top.product, top.region) == (LinkKind.CAPACITY, "coal", "A")
    assert top.value == pytest.approx(1 / 3)


def test_stock_adds_to_what_comes_by_rail() -> None:
    plan = optimal_plan(chain(coal=300.0, route=200.0, stock=30.0))
    assert plan.production[1] == pytest.approx(230 / 3)


def test_targets_met_and_nothing_made_for_nothing() -> None:
    plan = optimal_plan(chain(coal=1_000.0, route=1_000.0, target=100.0))
    assert plan.met
    assert plan.production == pytest.approx([300.0, 100.0])  # not a tonne more
    assert weak_links(plan) == []


def test_cheaper_units_first() -> None:
    net = Network(
        products=("iron",),
        nodes=("A",),
        days=DAYS,
        groups=(
            Group("A", "A", "indigenous", "iron", 100.0, cost=50.0),
            Group("A", "A", "modern", "iron", 100.0, cost=20.0),
        ),
        targets=(Target("A", "iron", 120.0, groups=(0, 1)),),
    )
    plan = optimal_plan(net)
    assert plan.production == pytest.approx([20.0, 100.0])
    assert plan.cost == pytest.approx(20 * 50 + 100 * 20)


def test_priorities_decide_who_gets_the_coal() -> None:
    base = chain(coal=90.0, route=1_000.0)
    steel_net = Network(
        products=("coal", "iron", "coke"),
        nodes=base.nodes,
        days=DAYS,
        groups=(*base.groups, Group("B", "B", "modern", "coke", 1_000.0)),
        recipes=(*base.recipes, RecipeInput("coke", "*", "coal", 1.0)),
        routes=base.routes,
        targets=(
            Target("B", "iron", 30.0, groups=(1,), priority=10.0),
            Target("B", "coke", 90.0, groups=(2,)),
        ),
    )
    plan = optimal_plan(steel_net)
    assert plan.shortfall[0] == pytest.approx(0.0, abs=1e-6)  # iron first: 90 t of coal
    assert plan.shortfall[1] == pytest.approx(90.0)


def test_hard_targets_that_cannot_be_met_say_why() -> None:
    with pytest.raises(InfeasibleError) as caught:
        optimal_plan(chain(coal=120.0, route=1_000.0), hard_targets=True)
    message = str(caught.value)
    assert "capacity of indigenous coal units in Coal field" in message
    assert "target of 200 iron for Iron town" in message


@st.composite
def networks(draw: st.DrawFn) -> Network:
    products = ("coal", "ore", "iron", "steel")
    nodes = tuple(f"N{i}" for i in range(draw(st.integers(1, 4))))
    groups = tuple(
        Group(n, n, kind, p, draw(st.floats(0, 500)))
        for n in nodes
        for p in products
        for kind in ("indigenous", "modern")
        if draw(st.booleans())
    )
    recipes = (
        RecipeInput("iron", "*", "coal", draw(st.floats(0.5, 4))),
        RecipeInput("iron", "*", "ore", draw(st.floats(0.5, 3))),
        RecipeInput("iron", "modern", "coal", draw(st.floats(0.5, 2))),
        RecipeInput("steel", "*", "iron", draw(st.floats(1, 1.5))),
    )
    routes = tuple(
        Route(a, b, "rail", draw(st.floats(0, 300)))
        for a in nodes
        for b in nodes
        if a != b and draw(st.booleans())
    )
    targets = tuple(
        Target(
            n,
            p,
            draw(st.floats(1, 400)),
            groups=tuple(i for i, g in enumerate(groups) if g.node == n and g.product == p),
        )
        for n in nodes
        for p in ("iron", "steel")
        if draw(st.booleans())
    )
    stocks = tuple(Stock(n, "coal", draw(st.floats(0, 100))) for n in nodes)
    return Network(products, nodes, DAYS, groups, recipes, routes, stocks, targets)


@settings(max_examples=60, deadline=None)
@given(networks())
def test_every_plan_keeps_every_limit(net: Network) -> None:
    plan = optimal_plan(net)
    tol = 1e-6
    assert np.all(plan.production <= net.group_capacity + tol)
    assert np.all(plan.production >= -tol)
    assert np.all(plan.flows >= -tol)
    for r, route in enumerate(net.routes):
        assert plan.flows[r].sum() <= route.capacity + tol
    made = np.zeros((len(net.nodes), len(net.products)))
    np.add.at(made, (net.group_node, net.group_product), plan.production)
    used = np.zeros_like(made)
    np.add.at(used, net.group_node, net.inputs.toarray() * plan.production[:, None])
    moved = np.zeros_like(made)
    for r, route in enumerate(net.routes):
        moved[net.node_index[route.source]] -= plan.flows[r]
        moved[net.node_index[route.target]] += plan.flows[r]
    assert np.all(net.stock_matrix + made + moved - used >= -1e-5)
    for t, target in enumerate(net.targets):
        achieved = plan.production[list(target.groups)].sum() if target.groups else 0.0
        assert achieved + plan.shortfall[t] >= target.quantity - 1e-5
        assert 0 <= plan.shortfall[t] <= target.quantity + tol


def test_recipes_of_the_nearest_region_apply() -> None:
    net = Network(
        products=("coal", "iron"),
        nodes=("N",),
        days=DAYS,
        groups=(
            Group("HA-1", "N", "modern", "iron", 10.0),
            Group("JX-1", "N", "modern", "iron", 10.0),
            Group("XX-1", "N", "modern", "iron", 10.0),
        ),
        recipes=(
            RecipeInput("iron", "*", "coal", 3.0),  # everywhere
            RecipeInput("iron", "*", "coal", 4.0, region="HA"),  # Henan's furnaces
            RecipeInput("iron", "modern", "coal", 2.0, region="JX"),  # Jiangxi's modern ones
        ),
        region_scopes={
            "HA-1": ("HA-1", "HA", "CN"),
            "JX-1": ("JX-1", "JX", "CN"),
            "XX-1": ("XX-1", "XX", "CN"),
        },
    )
    assert net.inputs.toarray()[:, 0].tolist() == [4.0, 2.0, 3.0]
