"""The planning network of a scope and period, read from the database.

- Units of the scope open during the period, with a product and a capacity, are grouped
  by region, kind and product; a group's capacity is the sum over its units of capacity
  per day x days open in the period.
- Balance nodes: goods move between regions only over transport links, so each region
  belongs to its nearest ancestor (or itself) that a link of the scope starts or ends at;
  regions with none belong to the scope itself. Within a node goods move freely.
- Targets: the plans for exactly this period whose scope is the scope or a region below
  it (a value plan counts every product at its constant price). Plans of single units are
  left to the unit breakdown.
- Opening stocks: the latest stock on or before the first day, by node.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, func, select

from planworks.domain.errors import InputError, InputProblem
from planworks.domain.model import VALUE
from planworks.domain.periods import Period, day_number
from planworks.domain.tree import RegionTree
from planworks.planning.network import Group, Network, RecipeInput, Route, Stock, Target
from planworks.planning.optimal import PlanResult
from planworks.planning.weaklinks import chain_links
from planworks.store.among import among
from planworks.store.migrate import require_current
from planworks.store.queries import load_plans, region_tree
from planworks.store.tables import links, products, recipes, regions, stocks, units

__all__ = ["PlanningScope", "network_for", "plan_json"]


@dataclass(frozen=True)
class PlanningScope:
    """Where a network came from, for messages and for storing a breakdown."""

    scope: str
    period: Period
    skipped_plans: tuple[str, ...]  # unit plans, left to the breakdown


def network_for(engine: Engine, scope: str, period: Period) -> tuple[Network, PlanningScope]:
    """The network of a region scope for a period."""
    require_current(engine)
    with engine.connect() as conn:
        return _network(conn, scope, period)


def _network(conn: Connection, scope: str, period: Period) -> tuple[Network, PlanningScope]:
    tree, code_of = region_tree(conn)
    id_of = {c: i for i, c in code_of.items()}
    if scope not in id_of:
        raise InputError([InputProblem(f"{scope!r} is not a region", column="scope")])
    inside = set(tree.subtree(id_of[scope]))
    parent = {
        tree.order[i]: (tree.order[p] if p >= 0 else None) for i, p in enumerate(tree.parent_index)
    }

    link_rows = conn.execute(
        select(
            links.c.source_id, links.c.target_id, links.c.mode, links.c.capacity, links.c.cost
        ).where(among(links.c.source_id, inside), among(links.c.target_id, inside))
    ).all()
    endpoints = {r.source_id for r in link_rows} | {r.target_id for r in link_rows}
    node_cache: dict[int, int] = {}

    def node_of(region: int) -> int:
        if region not in node_cache:
            r: int | None = region
            while r is not None and r not in endpoints and r != id_of[scope]:
                r = parent[r]
            node_cache[region] = r if r is not None else id_of[scope]
        return node_cache[region]

    first, last = day_number(period.start), day_number(period.end)
    unit_rows = conn.execute(
        select(
            units.c.code,
            units.c.region_id,
            units.c.kind,
            units.c.capacity,
            units.c.opened,
            units.c.closed,
            units.c.cost,
            products.c.code.label("product"),
        )
        .join(products, products.c.id == units.c.product_id)
        .where(
            among(units.c.region_id, inside),
            units.c.capacity > 0,
            units.c.opened <= last,
            (units.c.closed.is_(None)) | (units.c.closed > first),
            units.c.status.not_in(["suspended"]),
        )
    ).all()
    grouped: dict[tuple[int, str, str], list[tuple[str, float, float]]] = defaultdict(list)
    for u in unit_rows:
        start = max(u.opened, first)
        stop = last + 1 if u.closed is None else min(u.closed, last + 1)
        days_open = max(stop - start, 0)
        if days_open:
            grouped[(u.region_id, u.kind, u.product)].append(
                (u.code, u.capacity * days_open, (u.cost or 0.0))
            )
    groups = []
    for (region_id, kind, product), members in sorted(grouped.items()):
        capacity = sum(m[1] for m in members)
        cost = sum(m[1] * m[2] for m in members) / capacity if capacity else 0.0
        groups.append(
            Group(
                code_of[region_id],
                code_of[node_of(region_id)],
                kind,
                product,
                capacity,
                cost,
                tuple(m[0] for m in members),
            )
        )

    product_rows = conn.execute(
        select(
            products.c.id, products.c.code, products.c.name, products.c.name_zh, products.c.price
        ).order_by(products.c.id)
    ).all()
    product_code = {p.id: p.code for p in product_rows}
    price = {p.code: p.price or 0.0 for p in product_rows}
    # lines for everywhere, and for the scope, the regions in it and the regions above it
    near = inside | set(tree.ancestors(id_of[scope]))
    recipe_lines = tuple(
        RecipeInput(
            product_code[r.product_id],
            r.kind,
            product_code[r.item_id],
            r.per_unit,
            None if r.region_id is None else code_of[r.region_id],
        )
        for r in conn.execute(
            select(
                recipes.c.product_id,
                recipes.c.kind,
                recipes.c.item_id,
                recipes.c.per_unit,
                recipes.c.region_id,
            ).where(recipes.c.role == "input")
        )
        if r.region_id is None or r.region_id in near
    )
    nodes = sorted({g.node for g in groups} | {code_of[e] for e in endpoints} | {scope})
    routes = tuple(
        Route(
            code_of[r.source_id],
            code_of[r.target_id],
            r.mode,
            r.capacity * period.days,
            r.cost or 0.0,
        )
        for r in link_rows
    )
    targets, skipped = _targets(conn, scope, period, groups, tree, id_of, code_of, price)
    stock_lines = _stocks(conn, inside, first, code_of, node_of, product_code)
    names = {
        code_of[r.id]: (r.name, r.name_zh)
        for r in conn.execute(
            select(regions.c.id, regions.c.name, regions.c.name_zh).where(
                among(regions.c.id, inside)
            )
        )
    }
    names.update({p.code: (p.name, p.name_zh) for p in product_rows})
    # each region and every region above it, to the root: recipes of a province reach
    # plans for its prefectures
    region_scopes = {code_of[r]: tuple(code_of[a] for a in (r, *tree.ancestors(r))) for r in inside}
    network = Network(
        products=tuple(p.code for p in product_rows),
        nodes=tuple(nodes),
        days=period.days,
        groups=tuple(groups),
        recipes=recipe_lines,
        routes=routes,
        stocks=stock_lines,
        targets=targets,
        names=names,
        region_nodes={code_of[r]: code_of[node_of(r)] for r in inside},
        region_scopes=region_scopes,
        prices=price,
    )
    return network, PlanningScope(scope, period, skipped)


def _targets(
    conn: Connection,
    scope: str,
    period: Period,
    groups: list[Group],
    tree: RegionTree[int],
    id_of: dict[str, int],
    code_of: dict[int, str],
    price: dict[str, float],
) -> tuple[tuple[Target, ...], tuple[str, ...]]:
    inside_codes = {code_of[i] for i in tree.subtree(id_of[scope])}
    # each group counts for its own region and every region above it (within the scope)
    below: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(groups):
        for region in (g.region, *(code_of[a] for a in tree.ancestors(id_of[g.region]))):
            below[region].append(i)
            if region == scope:
                break
    targets, skipped = [], []
    for plan in load_plans(conn, period=period):
        if plan.scope not in inside_codes:
            if plan.scope not in id_of:
                skipped.append(f"{plan.scope} {plan.product}")
            continue
        members = [
            i for i in below.get(plan.scope, []) if plan.product in (VALUE, groups[i].product)
        ]
        coefficients = (
            tuple(price[groups[i].product] for i in members) if plan.product == VALUE else None
        )
        targets.append(
            Target(
                plan.scope,
                plan.product,
                plan.target,
                tuple(members),
                coefficients,
                plan.priority or 1.0,
            )
        )
    return tuple(targets), tuple(skipped)


def _stocks(
    conn: Connection,
    inside: set[int],
    first: int,
    code_of: dict[int, str],
    node_of: Callable[[int], int],
    product_code: dict[int, str],
) -> tuple[Stock, ...]:
    latest = (
        select(stocks.c.region_id, stocks.c.product_id, func.max(stocks.c.day).label("day"))
        .where(among(stocks.c.region_id, inside), stocks.c.day <= first)
        .group_by(stocks.c.region_id, stocks.c.product_id)
        .subquery()
    )
    rows = conn.execute(
        select(stocks.c.region_id, stocks.c.product_id, stocks.c.quantity).join(
            latest,
            (latest.c.region_id == stocks.c.region_id)
            & (latest.c.product_id == stocks.c.product_id)
            & (latest.c.day == stocks.c.day),
        )
    ).all()
    return tuple(
        Stock(code_of[node_of(r.region_id)], product_code[r.product_id], r.quantity) for r in rows
    )


def plan_json(result: PlanResult) -> dict[str, Any]:
    """An optimal plan as plain data: targets, production, flows and the chain's links."""
    net = result.network
    return {
        "weighted_shortfall": result.weighted_shortfall,
        "cost": result.cost,
        "build_seconds": result.build_seconds,
        "solve_seconds": result.solve_seconds,
        "targets": [
            {
                "scope": t.scope,
                "product": t.product,
                "target": t.quantity,
                "planned": t.quantity - float(result.shortfall[i]),
                "shortfall": float(result.shortfall[i]),
            }
            for i, t in enumerate(net.targets)
        ],
        "production": [
            {
                "region": g.region,
                "kind": g.kind,
                "product": g.product,
                "capacity": g.capacity,
                "planned": float(result.production[i]),
            }
            for i, g in enumerate(net.groups)
        ],
        "flows": [
            {
                "source": r.source,
                "target": r.target,
                "mode": r.mode,
                "product": p,
                "quantity": float(result.flows[i, j]),
            }
            for i, r in enumerate(net.routes)
            for j, p in enumerate(net.products)
            if result.flows[i, j] > 1e-9
        ],
        "chain": [
            {**c.__dict__, "kind": c.kind.value, "utilisation": c.utilisation, "name": c.label(net)}
            for c in chain_links(result)
        ],
    }
