"""The planners' balance sheet: for each product, resources against uses.

    resources = opening stock + production (the plan where the product has one, else
                the capacity to make it) + carried in
    uses      = the inputs that the plan needs of it, by the recipes + carried out
    surplus   = resources - uses (a deficit if negative)

What the plan needs: planned products are made as planned, and every other product as
much as the plan needs of it, directly or through other products; that is a Leontief
system over the unplanned products, x_u = (I - A_uu)^-1 A_up x_p, with A the recipes
averaged over each product's groups by capacity. With the basis `capacity` every product
is made, and counted, at capacity instead.

For a whole scope the routes inside it cancel out; per node, "carried in" and "carried
out" are the capacities of the routes that cross its edge (the most that could move).
A product's production is spread over its groups by capacity, so that the recipes of the
kinds and regions that would make it set its inputs.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from planworks.domain.model import VALUE
from planworks.planning.leontief import gross_output
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
    production: float  # on the resources side: planned, or the capacity
    carried_in: float
    uses: float
    carried_out: float
    required: float  # what the plan needs made of it (the plan itself if planned)

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
    """What each group would make to carry out the plan, and each product's basis.

    A product's target is the largest of its targets in the network (a province target
    covers the prefecture targets inside it); unplanned products are made as much as the
    plan needs of them. Either way a product's total is spread over its groups by
    capacity, and may exceed it: the balance shows what that would need.
    """
    capacity = network.group_capacity
    bases: list[Basis] = [Basis.CAPACITY] * len(network.products)
    if basis is Basis.CAPACITY:
        return capacity.copy(), bases
    totals = np.zeros(len(network.products))
    planned = np.zeros(len(network.products), dtype=bool)
    for j, product in enumerate(network.products):
        quantities = [t.quantity for t in network.targets if t.product == product]
        if quantities:
            totals[j], planned[j] = max(quantities), True
            bases[j] = Basis.PLAN
    if planned.any() and (~planned).any():
        a = product_coefficients(network)
        free, fixed = np.flatnonzero(~planned), np.flatnonzero(planned)
        totals[free] = gross_output(
            a[free][:, free], a[free][:, fixed] @ totals[fixed], method="auto"
        )
    return _spread(network, totals), bases


def product_coefficients(network: Network) -> sp.csc_array:
    """(products x products): inputs per unit of each product, averaged over its groups
    by capacity (a product no group makes needs nothing: it cannot be made)."""
    capacity = network.group_capacity
    made_by = sp.csr_array(
        (capacity, (network.group_product, np.arange(len(network.groups)))),
        shape=(len(network.products), len(network.groups)),
    )
    per_product: Floats = np.asarray(made_by.sum(axis=1), dtype=np.float64).ravel()
    weights = made_by.multiply(1.0 / np.where(per_product > 0, per_product, 1.0)[:, None])
    # a[i, j] = sum over groups g of product j: share of g x input of i per unit of g
    return sp.csc_array((sp.csr_array(weights) @ network.inputs).T)


def _spread(network: Network, totals: Floats) -> Floats:
    """Product totals spread over each product's groups by capacity."""
    capacity = network.group_capacity
    per_product = np.zeros(len(network.products))
    np.add.at(per_product, network.group_product, capacity)
    share = capacity / np.where(per_product > 0, per_product, 1.0)[network.group_product]
    spread: Floats = totals[network.group_product] * share
    return spread


def material_balance(
    network: Network, basis: Basis = Basis.PLAN, *, by_node: bool = False
) -> list[BalanceLine]:
    """The balance of every product, for the whole network or (`by_node`) each node."""
    schedule, bases = planned_production(network, basis)
    n_nodes, n_products = len(network.nodes), len(network.products)
    # resources: the plan for planned products, the capacity for the others
    planned = np.array([b is Basis.PLAN for b in bases])[network.group_product]
    resource = np.where(planned, schedule, network.group_capacity)
    made = np.zeros((n_nodes, n_products))
    np.add.at(made, (network.group_node, network.group_product), resource)
    required = np.zeros((n_nodes, n_products))
    np.add.at(required, (network.group_node, network.group_product), schedule)
    uses = np.zeros((n_nodes, n_products))
    np.add.at(uses, network.group_node, network.inputs.toarray() * schedule[:, None])
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
                    float(required[:, j].sum()),
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
                    float(required[n, j]),
                )
            )
    return lines
