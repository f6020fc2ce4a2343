"""What the balance page shows: a region's material balance for a period, the optimal
plan's flows (and a Sankey diagram of them), the links of the chain and the weak links."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from planworks.domain.errors import InputError, InputProblem, NotFoundError
from planworks.domain.periods import Period
from planworks.planning.balance import BalanceLine, Basis, material_balance
from planworks.planning.network import Network
from planworks.planning.optimal import optimal_plan
from planworks.planning.weaklinks import ChainLink, WeakLink, chain_links, weak_links
from planworks.services.access import Reach
from planworks.services.planning import network_for, plan_json
from planworks.store.queries import load_plans
from planworks.web.views import (
    Named,
    crumbs_of,
    default_scope,
    optional_period,
    region_name,
)

__all__ = ["BalanceView", "ChainRow", "balance_view", "sankey"]


@dataclass(frozen=True)
class ChainRow:
    link: ChainLink
    label: str
    label_zh: str


@dataclass(frozen=True)
class BalanceView:
    scope: Named
    crumbs: list[Named]
    period: Period
    network: Network
    lines: list[BalanceLine]
    flows: list[dict[str, Any]]
    production: list[dict[str, Any]]
    targets: list[dict[str, Any]]
    chain: list[ChainRow]
    weak: list[WeakLink]

    def name(self, code: str, lang: str) -> str:
        return self.network.name(code, zh=lang == "zh")


def balance_view(
    engine: Engine, reach: Reach, scope: str | None, period: str | None
) -> BalanceView:
    """A region's material balance for a period (default: that of its latest plan), the
    optimal plan's flows, the links of the chain and the weak links."""
    chosen = optional_period(period)
    with engine.connect() as conn:
        where = scope or default_scope(conn, reach)
        reach.scope(conn, where)
        if where not in reach.regions:
            raise NotFoundError(f"{where!r} is a unit: a balance is of a region", field="scope")
        if chosen is None:
            inside = set(reach.regions.subtree(where))
            found = [p for p in load_plans(conn) if p.scope in inside]
            if not found:
                raise InputError(
                    [InputProblem("no plans here or below: give a period", column="period")]
                )
            latest = max(found, key=lambda p: (p.end, (p.end - p.start).days))
            chosen = Period.of(latest.start, latest.end)
        crumbs = crumbs_of(conn, reach, where)
    network, _ = network_for(engine, where, chosen)
    result = optimal_plan(network)
    solved = plan_json(result)
    return BalanceView(
        scope=region_name(reach, where),
        crumbs=crumbs,
        period=chosen,
        network=network,
        lines=material_balance(network, Basis.PLAN),
        flows=solved["flows"],
        production=solved["production"],
        targets=solved["targets"],
        chain=[
            ChainRow(c, c.label(network), c.label(network, zh=True)) for c in chain_links(result)
        ],
        weak=weak_links(result),
    )


def sankey(
    view: BalanceView, lang: str, units_of: str, made: str, kind: Callable[[str], str]
) -> dict[str, Any]:
    """The optimal plan as a Sankey diagram: each group of units makes a product in its
    node, and the product moves between nodes. Links that would close a loop (a product
    carried both ways) are left out: a Sankey diagram cannot draw one.

    `units_of` is a message with {kind} and {region}, `made` names production and
    `kind` names a kind of unit, all in `lang`."""
    net = view.network
    zh = lang == "zh"
    labels: dict[str, str] = {}
    links: list[dict[str, Any]] = []
    after: dict[str, set[str]] = {}

    def reaches(a: str, b: str) -> bool:
        seen, todo = set(), [a]
        while todo:
            x = todo.pop()
            if x == b:
                return True
            if x not in seen:
                seen.add(x)
                todo.extend(after.get(x, ()))
        return False

    def add(source: str, target: str, value: float, mode: str | None) -> None:
        if value <= 1e-9 or reaches(target, source):
            return
        after.setdefault(source, set()).add(target)
        links.append({"source": source, "target": target, "value": round(value, 6), "mode": mode})

    def stock(node: str, product: str) -> str:
        key = f"{product}@{node}"
        labels[key] = f"{net.name(product, zh=zh)} · {net.name(node, zh=zh)}"
        return key

    groups = {(g.region, g.kind, g.product): g for g in net.groups}
    for p in view.production:
        group = groups.get((p["region"], p["kind"], p["product"]))
        if group is None or p["planned"] <= 1e-9:
            continue
        key = f"make:{p['kind']}:{p['product']}@{p['region']}"
        labels[key] = units_of.format(kind=kind(p["kind"]), region=net.name(p["region"], zh=zh))
        add(key, stock(group.node, p["product"]), p["planned"], made)
    for f in view.flows:
        add(
            stock(f["source"], f["product"]),
            stock(f["target"], f["product"]),
            f["quantity"],
            f["mode"],
        )
    used = {k for link in links for k in (link["source"], link["target"])}
    return {
        "nodes": [{"name": k, "label": labels[k]} for k in labels if k in used],
        "links": links,
    }
