"""The weak link: which limits hold the plan back, and what one more unit of each is worth.

From the duals of the least-shortfall solve. Limits come first, ranked by value: the
capacity of a region's units of one kind and product, and the capacity of a transport
route. Then the materials at each node, by the value of one more unit of them there (a
shadow price: along a chain it is positive for everything downstream of the bottleneck,
so it says where goods are short, not what binds). Then the targets left short.

Values are per day: what +1 unit a day of the limit, over the whole period, gives back
a day. Where one target alone is short, in units of its product ("+1 t/day of rail
capacity gives +0.42 t/day of rolled steel"); otherwise in points of the plans'
weighted shortfall share.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from planworks.planning.network import Network
from planworks.planning.optimal import PlanResult

__all__ = ["ChainLink", "LinkKind", "WeakLink", "chain_links", "weak_links"]


class LinkKind(StrEnum):
    CAPACITY = "capacity"
    TRANSPORT = "transport"
    INPUT = "input"
    TARGET = "target"


_ORDER = {LinkKind.CAPACITY: 0, LinkKind.TRANSPORT: 0, LinkKind.INPUT: 1, LinkKind.TARGET: 2}


@dataclass(frozen=True)
class WeakLink:
    kind: LinkKind
    value: float  # per day, in units of `gives` (or share points when `gives` is None)
    gives: str | None  # the product of the one short target the value is counted in
    region: str | None = None  # capacity: the units' region; input: the node; target: scope
    product: str | None = None
    unit_kind: str | None = None  # capacity: the units' kind
    source: str | None = None  # transport
    target: str | None = None
    mode: str | None = None
    text: str = ""
    text_zh: str = ""

    def to_json(self) -> dict[str, object]:
        return {k: (v.value if isinstance(v, StrEnum) else v) for k, v in self.__dict__.items()}


def weak_links(result: PlanResult, *, tolerance: float = 1e-9) -> list[WeakLink]:
    """Every limit, material and target that holds the plan back, ranked."""
    net, layout, duals = result.network, result.layout, result.pricing
    quantities = np.array([t.quantity for t in net.targets], dtype=np.float64)
    priorities = np.array([t.priority for t in net.targets], dtype=np.float64)
    short = np.flatnonzero(result.shortfall > tolerance * np.maximum(quantities, 1.0))
    if short.size == 0:
        return []
    one = int(short[0]) if short.size == 1 else None
    # share points (of the weighted shortfall) -> units of the short target's product
    scale = quantities[one] / priorities[one] if one is not None else 100.0
    gives = net.targets[one].product if one is not None else None
    found: list[WeakLink] = []

    def add(link: WeakLink) -> None:
        if link.value > tolerance:
            found.append(link)

    group_duals = duals.col_dual[: layout.groups]
    for g, group in enumerate(net.groups):
        add(_capacity(net, group.region, group.kind, group.product, -group_duals[g] * scale, gives))
    route_duals = duals.row_dual[layout.route_row_start : layout.target_row_start]
    for r, route in enumerate(net.routes):
        add(_transport(net, route.source, route.target, route.mode, -route_duals[r] * scale, gives))
    balance = duals.row_dual[: layout.route_row_start].reshape(layout.nodes, layout.products)
    for n, node in enumerate(net.nodes):
        for j, product in enumerate(net.products):
            add(_input(net, node, product, balance[n, j] * scale, gives))
    for t in short:
        target = net.targets[t]
        add(
            _target(
                net,
                target.scope,
                target.product,
                float(result.shortfall[t]) / net.days,
                target.quantity / net.days,
            )
        )
    return sorted(found, key=lambda w: (_ORDER[w.kind], -w.value))


@dataclass(frozen=True)
class ChainLink:
    """One link of the chain: a product's producers, or a transport route, as planned."""

    kind: LinkKind  # CAPACITY (a product's producers) or TRANSPORT
    product: str | None  # CAPACITY
    source: str | None  # TRANSPORT
    target: str | None
    mode: str | None
    capacity: float  # over the period
    used: float
    value: float  # the best value of +1 t/day of it (as in `weak_links`)
    binds: bool  # used to the full, and worth more

    @property
    def utilisation(self) -> float:
        return self.used / self.capacity if self.capacity > 0 else 0.0

    @property
    def full(self) -> bool:
        return self.used >= self.capacity * (1 - 1e-6)

    def label(self, net: Network, *, zh: bool = False) -> str:
        if self.product is not None:
            return net.name(self.product, zh=zh)
        arrow = "至" if zh else " -> "
        return (
            f"{net.name(self.source or '', zh=zh)}{arrow}{net.name(self.target or '', zh=zh)}"
            + ("" if zh else f" ({self.mode})")
        )


def chain_links(result: PlanResult, *, tolerance: float = 1e-6) -> list[ChainLink]:
    """Each product's producers (raw materials first) and each route: capacity, use, value.

    A link binds when it is used to the full and one more unit of it would shrink the
    shortfall: where the chain is weak.
    """
    net = result.network
    values: dict[tuple[LinkKind, str], float] = {}
    for w in weak_links(result):
        key = (
            (w.kind, w.product or "")
            if w.kind is LinkKind.CAPACITY
            else (w.kind, f"{w.source}>{w.target}>{w.mode}")
        )
        values[key] = max(values.get(key, 0.0), w.value)
    links = []
    for j in _chain_order(net):
        product = net.products[j]
        members = net.group_product == j
        capacity = float(net.group_capacity[members].sum())
        if capacity <= 0:
            continue
        used = float(result.production[members].sum())
        value = values.get((LinkKind.CAPACITY, product), 0.0)
        full = bool(used >= capacity * (1 - tolerance))
        links.append(
            ChainLink(
                LinkKind.CAPACITY,
                product,
                None,
                None,
                None,
                capacity,
                used,
                value,
                bool(full and value > tolerance),
            )
        )
    for r, route in enumerate(net.routes):
        used = float(result.flows[r].sum())
        value = values.get((LinkKind.TRANSPORT, f"{route.source}>{route.target}>{route.mode}"), 0.0)
        full = bool(used >= route.capacity * (1 - tolerance))
        links.append(
            ChainLink(
                LinkKind.TRANSPORT,
                None,
                route.source,
                route.target,
                route.mode,
                route.capacity,
                used,
                value,
                bool(full and value > tolerance),
            )
        )
    return links


def _chain_order(net: Network) -> list[int]:
    """Products by how far along the chain they are: raw materials first."""
    needs: dict[str, set[str]] = {p: set() for p in net.products}
    for r in net.recipes:
        needs[r.product].add(r.item)
    depth: dict[str, int] = {}

    def depth_of(product: str, seen: frozenset[str] = frozenset()) -> int:
        if product not in depth:
            inputs = needs[product] - seen - {product}
            depth[product] = 1 + max((depth_of(i, seen | {product}) for i in inputs), default=-1)
        return depth[product]

    return sorted(range(len(net.products)), key=lambda j: (depth_of(net.products[j]), j))


def _gain(net: Network, value: float, gives: str | None, *, zh: bool) -> str:
    """What one more unit gives back, in words."""
    if gives is None:
        if zh:
            return f"可使计划缺口每日减少{value:.3g}个百分点"
        return f"gives back {value:.3g} points a day of the plans' shortfall"
    if zh:
        return f"可每日增产{net.name(gives, zh=True)}{value:.3g}吨"
    return f"gives +{value:.3g} t/day of {net.name(gives)}"


_KIND_ZH = {"indigenous": "土法", "modern": "洋法", "large": "大型"}
_MODE_ZH = {"rail": "铁路", "road": "公路", "water": "水运"}


def _capacity(
    net: Network, region: str, kind: str, product: str, value: float, gives: str | None
) -> WeakLink:
    return WeakLink(
        LinkKind.CAPACITY,
        value,
        gives,
        region=region,
        product=product,
        unit_kind=kind,
        text=f"{kind} {net.name(product)} units in {net.name(region)} (capacity): +1 t/day "
        f"of capacity {_gain(net, value, gives, zh=False)}",
        text_zh=f"{net.name(region, zh=True)}{_KIND_ZH.get(kind, kind)}"
        f"{net.name(product, zh=True)}生产能力每日增加1吨，{_gain(net, value, gives, zh=True)}",
    )


def _transport(
    net: Network, source: str, target: str, mode: str, value: float, gives: str | None
) -> WeakLink:
    return WeakLink(
        LinkKind.TRANSPORT,
        value,
        gives,
        source=source,
        target=target,
        mode=mode,
        text=f"{mode} link {net.name(source)} -> {net.name(target)}: +1 t/day of capacity "
        f"{_gain(net, value, gives, zh=False)}",
        text_zh=f"{net.name(source, zh=True)}至{net.name(target, zh=True)}"
        f"{_MODE_ZH.get(mode, mode)}运力每日增加1吨，{_gain(net, value, gives, zh=True)}",
    )


def _input(net: Network, node: str, product: str, value: float, gives: str | None) -> WeakLink:
    return WeakLink(
        LinkKind.INPUT,
        value,
        gives,
        region=node,
        product=product,
        text=f"{net.name(product)} in {net.name(node)}: +1 t/day more "
        f"{_gain(net, value, gives, zh=False)}",
        text_zh=f"{net.name(node, zh=True)}{net.name(product, zh=True)}每日多1吨，"
        f"{_gain(net, value, gives, zh=True)}",
    )


def _target(net: Network, scope: str, product: str, short: float, planned: float) -> WeakLink:
    return WeakLink(
        LinkKind.TARGET,
        short,
        product,
        region=scope,
        product=product,
        text=f"target of {net.name(product)} for {net.name(scope)}: short by {short:,.4g} "
        f"t/day of {planned:,.4g} t/day",
        text_zh=f"{net.name(scope, zh=True)}{net.name(product, zh=True)}计划每日缺"
        f"{short:,.4g}吨（计划每日{planned:,.4g}吨）",
    )
