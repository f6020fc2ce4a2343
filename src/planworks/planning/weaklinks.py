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

__all__ = ["LinkKind", "WeakLink", "weak_links"]


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


def _gain(net: Network, value: float, gives: str | None, *, zh: bool) -> str:
    if gives is None:
        return f"{value:.3g} 个百分点" if zh else f"{value:.3g} points of the plans' shortfall"
    uom = "t"
    name = net.name(gives, zh=zh)
    return f"{name} {value:.3g} {uom}/日" if zh else f"+{value:.3g} {uom}/day of {name}"


def _capacity(
    net: Network, region: str, kind: str, product: str, value: float, gives: str | None
) -> WeakLink:
    where, what = net.name(region), net.name(product)
    where_zh, what_zh = net.name(region, zh=True), net.name(product, zh=True)
    kind_zh = {"indigenous": "土法", "modern": "洋法", "large": "大型"}.get(kind, kind)
    return WeakLink(
        LinkKind.CAPACITY,
        value,
        gives,
        region=region,
        product=product,
        unit_kind=kind,
        text=f"{kind} {what} units in {where} (capacity): +1 t/day of capacity gives "
        f"{_gain(net, value, gives, zh=False)}",
        text_zh=f"{where_zh}{kind_zh}{what_zh}生产能力：每日增加1吨，可增产"
        f"{_gain(net, value, gives, zh=True)}",
    )


def _transport(
    net: Network, source: str, target: str, mode: str, value: float, gives: str | None
) -> WeakLink:
    mode_zh = {"rail": "铁路", "road": "公路", "water": "水运"}.get(mode, mode)
    return WeakLink(
        LinkKind.TRANSPORT,
        value,
        gives,
        source=source,
        target=target,
        mode=mode,
        text=f"{mode} link {net.name(source)} -> {net.name(target)}: +1 t/day of capacity "
        f"gives {_gain(net, value, gives, zh=False)}",
        text_zh=f"{net.name(source, zh=True)}至{net.name(target, zh=True)}{mode_zh}运力："
        f"每日增加1吨，可增产{_gain(net, value, gives, zh=True)}",
    )


def _input(net: Network, node: str, product: str, value: float, gives: str | None) -> WeakLink:
    return WeakLink(
        LinkKind.INPUT,
        value,
        gives,
        region=node,
        product=product,
        text=f"{net.name(product)} in {net.name(node)}: +1 t/day more gives "
        f"{_gain(net, value, gives, zh=False)}",
        text_zh=f"{net.name(node, zh=True)}{net.name(product, zh=True)}：每日多1吨，可增产"
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
        text_zh=f"{net.name(scope, zh=True)}{net.name(product, zh=True)}计划：每日缺"
        f"{short:,.4g}吨（计划每日{planned:,.4g}吨）",
    )
