"""The network a plan is made for: who can make what where, what it takes, how goods move.

Units of the same region, kind and product are interchangeable for planning: they are one
`Group` whose capacity is their sum (a country of 400,000 furnaces is a few thousand
groups). Goods move between balance *nodes* only over transport `Route`s; within a node
they move freely. Every quantity is a total over the plan's period.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from planworks.domain.errors import InputError, InputProblem

__all__ = ["Group", "Network", "RecipeInput", "Route", "Stock", "Target"]

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Group:
    """Interchangeable units: one region, one kind, one product."""

    region: str  # where the units are
    node: str  # the balance node the region belongs to
    kind: str
    product: str
    capacity: float  # over the period
    cost: float = 0.0  # per unit of output
    units: tuple[str, ...] = ()  # the units' codes, for breaking a plan down


@dataclass(frozen=True)
class RecipeInput:
    """Per unit of `product` made by units of `kind` (`*`: any kind), `per_unit` of `item`;
    for units in `region` and below it, or (None) everywhere."""

    product: str
    kind: str
    item: str
    per_unit: float
    region: str | None = None


@dataclass(frozen=True)
class Route:
    """Transport from one node to another, over the period."""

    source: str
    target: str
    mode: str
    capacity: float
    cost: float = 0.0  # per unit carried


@dataclass(frozen=True)
class Stock:
    node: str
    product: str
    quantity: float


@dataclass(frozen=True)
class Target:
    """Make at least `quantity` of `product` in the groups `groups` (indexes into the
    network's groups), each counting `coefficients` per unit (1, or a price for value)."""

    scope: str
    product: str
    quantity: float
    groups: tuple[int, ...]
    coefficients: tuple[float, ...] | None = None
    priority: float = 1.0


@dataclass(frozen=True)
class Network:
    products: tuple[str, ...]
    nodes: tuple[str, ...]
    days: int
    groups: tuple[Group, ...]
    recipes: tuple[RecipeInput, ...] = ()
    routes: tuple[Route, ...] = ()
    stocks: tuple[Stock, ...] = ()
    targets: tuple[Target, ...] = ()
    names: Mapping[str, tuple[str, str | None]] = field(default_factory=dict)  # code -> names
    #: every region of the plan's scope: its balance node, and itself and its ancestors
    region_nodes: Mapping[str, str] = field(default_factory=dict)
    region_scopes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    prices: Mapping[str, float] = field(default_factory=dict)  # constant prices, for value

    def __post_init__(self) -> None:
        problems = []
        products, nodes = set(self.products), set(self.nodes)
        for g in self.groups:
            if g.product not in products or g.node not in nodes:
                problems.append(
                    f"group {g.region}/{g.kind}/{g.product} names an unknown node or product"
                )
            if g.capacity < 0 or g.cost < 0:
                problems.append(f"group {g.region}/{g.kind}/{g.product}: negative capacity or cost")
        for r in self.recipes:
            if r.product not in products or r.item not in products:
                problems.append(f"recipe {r.product} <- {r.item}: unknown product")
        for route in self.routes:
            if route.source not in nodes or route.target not in nodes:
                problems.append(f"route {route.source} -> {route.target}: unknown node")
            if route.capacity < 0 or route.cost < 0:
                problems.append(f"route {route.source} -> {route.target}: negative capacity/cost")
        for t in self.targets:
            if t.quantity <= 0 or t.priority <= 0:
                problems.append(f"target {t.scope} {t.product}: quantity and priority must be > 0")
        if problems:
            raise InputError([InputProblem(p) for p in problems])

    # -- arrays the model is built from ------------------------------------------------
    @cached_property
    def product_index(self) -> dict[str, int]:
        return {p: i for i, p in enumerate(self.products)}

    @cached_property
    def node_index(self) -> dict[str, int]:
        return {n: i for i, n in enumerate(self.nodes)}

    @cached_property
    def group_node(self) -> Ints:
        return np.array([self.node_index[g.node] for g in self.groups], dtype=np.int64)

    @cached_property
    def group_product(self) -> Ints:
        return np.array([self.product_index[g.product] for g in self.groups], dtype=np.int64)

    @cached_property
    def group_capacity(self) -> Floats:
        return np.array([g.capacity for g in self.groups], dtype=np.float64)

    @cached_property
    def group_cost(self) -> Floats:
        return np.array([g.cost for g in self.groups], dtype=np.float64)

    @cached_property
    def inputs(self) -> sp.csr_array:
        """(groups x products): the input of each product per unit of a group's output.

        A group takes the recipe of the nearest region (its own, then upwards) that has
        lines for its product, else the lines for everywhere; there, a kind's own line
        overrides the `*` line for the same input.
        """
        lines: dict[tuple[str | None, str, str], dict[str, float]] = {}
        regions_with: dict[str, set[str | None]] = {}
        for r in self.recipes:
            line = lines.setdefault((r.region, r.product, r.kind), {})
            line[r.item] = line.get(r.item, 0.0) + r.per_unit
            regions_with.setdefault(r.product, set()).add(r.region)
        rows, cols, values = [], [], []
        for i, g in enumerate(self.groups):
            have = regions_with.get(g.product, set())
            upwards = self.region_scopes.get(g.region, (g.region,))
            where = next((r for r in upwards if r in have), None)
            merged = dict(lines.get((where, g.product, "*"), {}))
            merged.update(lines.get((where, g.product, g.kind), {}))
            for item, per_unit in merged.items():
                rows.append(i)
                cols.append(self.product_index[item])
                values.append(per_unit)
        shape = (len(self.groups), len(self.products))
        return sp.csr_array((values, (rows, cols)), shape=shape)

    @cached_property
    def stock_matrix(self) -> Floats:
        out = np.zeros((len(self.nodes), len(self.products)))
        for s in self.stocks:
            out[self.node_index[s.node], self.product_index[s.product]] += s.quantity
        return out

    def name(self, code: str, *, zh: bool = False) -> str:
        """A region's or product's name (Chinese with `zh`, where known), else its code."""
        names = self.names.get(code)
        if names is None:
            return code
        return (names[1] or names[0]) if zh else names[0]


def groups_by_capacity(groups: Sequence[Group]) -> list[Group]:
    """Groups without capacity contribute nothing; drop them to keep the model small."""
    return [g for g in groups if g.capacity > 0]
