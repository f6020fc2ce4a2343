"""The planners' balance sheet: for each product, resources against uses.

    resources = opening stock + production (at plan, or at capacity where nothing is
                planned) + carried in
    uses      = inputs the planned production of every product needs (by its recipes)
                + carried out
    surplus   = resources - uses (a deficit if negative)

For a whole scope the routes inside it cancel out; per node, "carried in" and "carried
out" are the capacities of the routes that cross its edge (the most that could move).
Planned production of a product is spread over its groups by capacity, so that the
recipes of the kinds that would make it set its inputs.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from planworks.domain.model import VALUE
from planworks.planning.network import Network

__all__ = ["BalanceLine", "Basis", "material_balance", "planned_production"]

Floats = npt.NDArray[np.float64]


class Basis(StrEnum):
    PLAN = "plan"  # the targets, capacity where a product has none
    CAPACITY = "capacity"  # everything at capacity


@dataclass(frozen=True)
class BalanceLine:
    node: str | None  # None: the whole scope
    product: str
    basis: Basis  # what production was taken at, for this product
    opening_stock: float
    production: float
    carried_in: float
    uses: float
    carried_out: float

    @property
    def resources(self) -> float:
        return self.opening_stock + self.production + self.carried_in

    @property
    def needs(self) -> float:
        return self.uses + self.carried_out

    @property
    def surplus(self) -> float:
        return self.resources - self.needs


def planned_production(network: Network, basis: Basis = Basis.PLAN) -> tuple[Floats, list[Basis]]:
    """Production of each group on the basis, and the basis each product ended up on.

    A product's target is the largest of its targets in the network (a province target
    covers the prefecture targets inside it); it is spread over the product's groups by
    capacity, and may exceed their capacity: the balance shows what that would need.
    """
    capacity = network.group_capacity
    production = capacity.copy()
    used: list[Basis] = [Basis.CAPACITY] * len(network.products)
    if basis is Basis.CAPACITY:
        return production, used
    for j, product in enumerate(network.products):
        planned = [t.quantity for t in network.targets if t.product == product]
        if not planned:
            continue
        members = network.group_product == j
        total = capacity[members].sum()
        share = capacity[members] / total if total > 0 else np.full(members.sum(), 0.0)
        production[members] = max(planned) * share
        used[j] = Basis.PLAN
    return production, used


def material_balance(
    network: Network, basis: Basis = Basis.PLAN, *, by_node: bool = False
) -> list[BalanceLine]:
    """The balance of every product, for the whole network or (`by_node`) each node."""
    production, bases = planned_production(network, basis)
    n_nodes, n_products = len(network.nodes), len(network.products)
    made = np.zeros((n_nodes, n_products))
    np.add.at(made, (network.group_node, network.group_product), production)
    uses = np.zeros((n_nodes, n_products))
    np.add.at(uses, network.group_node, network.inputs.toarray() * production[:, None])
    carried_in = np.zeros(n_nodes)
    carried_out = np.zeros(n_nodes)
    for route in network.routes:
        carried_in[network.node_index[route.target]] += route.capacity
        carried_out[network.node_index[route.source]] += route.capacity
    stock = network.stock_matrix
    lines = []
    if not by_node:
        for j, product in enumerate(network.products):
            if product == VALUE:
                continue
            lines.append(
                BalanceLine(
                    None,
                    product,
                    bases[j],
                    float(stock[:, j].sum()),
                    float(made[:, j].sum()),
                    0.0,
                    float(uses[:, j].sum()),
                    0.0,
                )
            )
        return lines
    for n, node in enumerate(network.nodes):
        for j, product in enumerate(network.products):
            # route capacity is shared by every product; each line shows it whole
            lines.append(
                BalanceLine(
                    node,
                    product,
                    bases[j],
                    float(stock[n, j]),
                    float(made[n, j]),
                    float(carried_in[n]),
                    float(uses[n, j]),
                    float(carried_out[n]),
                )
            )
    return lines
