"""The optimal plan: production by group, flows on routes, shortfall by target.

The linear program, over the plan's period (columns, then rows):

    production p[g]       0 <= p[g] <= capacity[g]
    flow f[r, j]          0 <= f[r, j]             (route r carrying product j)
    shortfall s[t]        0 <= s[t] <= target[t]

    balance (node n, product j):
        made at n + carried in - carried out - used as inputs at n  >=  - opening stock
    route r:              sum_j f[r, j] <= capacity[r]
    target t:             sum of its groups' output (x coefficient) + s[t] >= target[t]

It is solved twice. First for the least weighted shortfall, sum_t priority[t] *
s[t] / target[t] (each target's shortfall as a share of it, so tonnes of coal and of
rolled steel weigh alike); the duals of this solve say what one more unit of each limit
is worth. Then, with that shortfall held, for the least cost (production and transport
costs, and a very small cost on every activity so that nothing is made for nothing).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from planworks.planning.lp import INF, InfeasibleError, LinearProgram, Solution, solve
from planworks.planning.network import Network

__all__ = ["Layout", "PlanResult", "build_model", "optimal_plan"]

Floats = npt.NDArray[np.float64]

#: The cost of every unit made or carried in the second solve: tiny, it only breaks ties.
_ACTIVITY_COST = 1e-6


@dataclass(frozen=True)
class Layout:
    """Where each block of columns and rows of the model starts."""

    groups: int
    routes: int
    products: int
    nodes: int
    targets: int

    @property
    def flow_start(self) -> int:
        return self.groups

    @property
    def shortfall_start(self) -> int:
        return self.groups + self.routes * self.products

    @property
    def columns(self) -> int:
        return self.shortfall_start + self.targets

    @property
    def route_row_start(self) -> int:
        return self.nodes * self.products

    @property
    def target_row_start(self) -> int:
        return self.route_row_start + self.routes

    @property
    def rows(self) -> int:
        return self.target_row_start + self.targets

    def flow(self, route: int, product: int) -> int:
        return self.flow_start + route * self.products + product

    def balance_row(self, node: int, product: int) -> int:
        return node * self.products + product


def build_model(network: Network, *, hard_targets: bool = False) -> tuple[LinearProgram, Layout]:
    """The first-stage model (least weighted shortfall), as sparse matrices."""
    n_groups, n_products = len(network.groups), len(network.products)
    n_nodes, n_routes, n_targets = len(network.nodes), len(network.routes), len(network.targets)
    layout = Layout(n_groups, n_routes, n_products, n_nodes, n_targets)
    rows: list[npt.NDArray[np.int64]] = []
    cols: list[npt.NDArray[np.int64]] = []
    vals: list[Floats] = []

    def put(r: npt.ArrayLike, c: npt.ArrayLike, v: npt.ArrayLike) -> None:
        rr, cc = np.asarray(r, dtype=np.int64), np.asarray(c, dtype=np.int64)
        rows.append(rr)
        cols.append(cc)
        vals.append(np.broadcast_to(np.asarray(v, dtype=np.float64), rr.shape))

    group_ids = np.arange(n_groups)
    # output of each group counts in its node's balance of its product
    put(network.group_node * n_products + network.group_product, group_ids, 1.0)
    # inputs each group uses, in its node's balances
    inputs = sp.coo_array(network.inputs)
    put(network.group_node[inputs.row] * n_products + inputs.col, inputs.row, -inputs.data)
    # flows: out of the source's balance, into the target's, within the route's capacity
    if n_routes:
        node_index = network.node_index
        source = np.array([node_index[r.source] for r in network.routes], dtype=np.int64)
        target = np.array([node_index[r.target] for r in network.routes], dtype=np.int64)
        route_of, product_of = np.divmod(np.arange(n_routes * n_products), n_products)
        flows = layout.flow_start + np.arange(n_routes * n_products)
        put(source[route_of] * n_products + product_of, flows, -1.0)
        put(target[route_of] * n_products + product_of, flows, 1.0)
        put(layout.route_row_start + route_of, flows, 1.0)
    # targets: their groups' output (x coefficient), plus the shortfall
    if n_targets:
        sizes = np.array([len(t.groups) for t in network.targets], dtype=np.int64)
        members = np.concatenate([np.asarray(t.groups, dtype=np.int64) for t in network.targets])
        coefficients = np.concatenate(
            [
                np.ones(len(t.groups)) if t.coefficients is None else np.asarray(t.coefficients)
                for t in network.targets
            ]
        )
        put(layout.target_row_start + np.repeat(np.arange(n_targets), sizes), members, coefficients)
        put(
            layout.target_row_start + np.arange(n_targets),
            layout.shortfall_start + np.arange(n_targets),
            1.0,
        )
    matrix = sp.csc_array(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
        shape=(layout.rows, layout.columns),
    )
    quantities = np.array([t.quantity for t in network.targets], dtype=np.float64)
    priorities = np.array([t.priority for t in network.targets], dtype=np.float64)
    cost = np.zeros(layout.columns)
    cost[layout.shortfall_start :] = priorities / quantities
    col_lower = np.zeros(layout.columns)
    col_upper = np.full(layout.columns, INF)
    col_upper[:n_groups] = network.group_capacity
    col_upper[layout.shortfall_start :] = 0.0 if hard_targets else quantities
    row_lower = np.concatenate([-network.stock_matrix.ravel(), np.full(n_routes, -INF), quantities])
    row_upper = np.concatenate(
        [
            np.full(n_nodes * n_products, INF),
            np.array([r.capacity for r in network.routes], dtype=np.float64),
            np.full(n_targets, INF),
        ]
    )
    return LinearProgram(cost, matrix, row_lower, row_upper, col_lower, col_upper), layout


@dataclass(frozen=True)
class PlanResult:
    """An optimal plan, and the first solve (whose duals price the limits)."""

    network: Network
    layout: Layout
    production: Floats  # by group, over the period
    flows: Floats  # routes x products
    shortfall: Floats  # by target
    weighted_shortfall: float
    cost: float
    pricing: Solution  # the least-shortfall solve
    build_seconds: float
    solve_seconds: float

    @property
    def met(self) -> bool:
        return bool(np.all(self.shortfall <= 1e-9 * np.maximum(1.0, self._quantities)))

    @property
    def _quantities(self) -> Floats:
        return np.array([t.quantity for t in self.network.targets], dtype=np.float64)


def optimal_plan(
    network: Network, *, hard_targets: bool = False, method: str = "choose"
) -> PlanResult:
    """The plan with the least weighted shortfall and, among those, the least cost.

    With `hard_targets`, no shortfall is allowed, and `InfeasibleError` says why.
    """
    started = time.perf_counter()
    lp, layout = build_model(network, hard_targets=hard_targets)
    built = time.perf_counter() - started
    try:
        first = solve(lp, method=method)
    except InfeasibleError as e:
        raise InfeasibleError(_explain(network, layout, e), e.rows, e.columns, e.capped) from None
    # second stage: hold the shortfall, minimise cost
    weights = lp.cost[layout.shortfall_start :]
    held = sp.csc_array(
        (
            weights,
            (
                np.zeros(layout.targets, dtype=np.int64),
                np.arange(layout.shortfall_start, layout.columns),
            ),
        ),
        shape=(1, layout.columns),
    )
    cost = np.full(layout.columns, _ACTIVITY_COST)
    cost[: layout.groups] += network.group_cost
    for r, route in enumerate(network.routes):
        start = layout.flow(r, 0)
        cost[start : start + layout.products] += route.cost
    cost[layout.shortfall_start :] = 0.0
    bound = first.objective + 1e-9 * abs(first.objective) + 1e-12
    second_lp = LinearProgram(
        cost,
        sp.csc_array(sp.vstack([lp.matrix, held])),
        np.append(lp.row_lower, -INF),
        np.append(lp.row_upper, bound),
        lp.col_lower,
        lp.col_upper,
    )
    second = solve(second_lp, method=method)
    # within the bounds: the solver may leave a variable outside them by up to its
    # feasibility tolerance (a shortfall of -1e-7 tonnes), which no reader should see
    x = np.clip(second.x, second_lp.col_lower, second_lp.col_upper)
    flows = x[layout.flow_start : layout.shortfall_start].reshape(layout.routes, layout.products)
    return PlanResult(
        network=network,
        layout=layout,
        production=x[: layout.groups],
        flows=flows,
        shortfall=x[layout.shortfall_start :],
        weighted_shortfall=first.objective,
        cost=float(
            network.group_cost @ x[: layout.groups]
            + sum(route.cost * flows[r].sum() for r, route in enumerate(network.routes))
        ),
        pricing=first,
        build_seconds=built,
        solve_seconds=first.seconds + second.seconds,
    )


def _explain(network: Network, layout: Layout, error: InfeasibleError) -> str:
    """The conflicting constraints of an infeasible plan, in words."""
    words = []
    for row in error.rows.tolist():
        if row < layout.route_row_start:
            node, product = divmod(row, layout.products)
            words.append(
                f"the balance of {network.name(network.products[product])} in "
                f"{network.name(network.nodes[node])}"
            )
        elif row < layout.target_row_start:
            route = network.routes[row - layout.route_row_start]
            words.append(
                f"the {route.mode} capacity {network.name(route.source)} -> "
                f"{network.name(route.target)} ({route.capacity:,.6g})"
            )
        else:
            target = network.targets[row - layout.target_row_start]
            words.append(
                f"the target of {target.quantity:,.6g} {network.name(target.product)} for "
                f"{network.name(target.scope)}"
            )
    for col in error.capped.tolist():
        if col < layout.groups:
            g = network.groups[col]
            words.append(
                f"the capacity of {g.kind} {network.name(g.product)} units in "
                f"{network.name(g.region)} ({g.capacity:,.6g})"
            )
    listed = "; ".join(dict.fromkeys(words)) or "the model's bounds"
    return f"the targets cannot all be met; these conflict: {listed}"
