"""An optimal plan for a synthetic country: build and solve, vs the same model in linopy.

A synthetic network (units, recipes, transport links between prefectures, plans for every
province, prefecture and county) is imported without its reports. For the year 1959:

- **network**: `network_for` reads the catalog and groups the units (region, kind,
  product) into the planning network;
- **build**: `build_model` turns it into the first-stage LP as sparse matrices;
- **solve**: `optimal_plan` solves both stages with HiGHS (least shortfall, least cost);
- **linopy build / solve**: the same first-stage LP written in linopy, the general
  modeller, from the same network, and solved by it with HiGHS.

The objectives of the two first-stage solves must agree. Goals: the whole solve under
60 s and 8 GB; the build well under the solve.
"""

from __future__ import annotations

import resource
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
import xarray as xr

from benchmarks.common import fresh_database, log, median, subset_folder, synthetic_folder, timed
from planworks.domain.periods import Period
from planworks.planning.lp import solve
from planworks.planning.network import Network
from planworks.planning.optimal import build_model, optimal_plan
from planworks.services.importing import import_folder
from planworks.services.planning import network_for

CATALOG = ("regions.csv", "products.csv", "units.parquet", "recipes.csv", "links.csv", "plans.csv")


def linopy_model(net: Network) -> Any:
    """The first-stage model, written the way a linopy user would write it."""
    import linopy

    n_groups, n_products = len(net.groups), len(net.products)
    n_routes, n_targets = len(net.routes), len(net.targets)
    m = linopy.Model()
    groups = pd.RangeIndex(n_groups, name="group")
    p = m.add_variables(
        lower=0, upper=xr.DataArray(net.group_capacity, coords=[groups]), name="production"
    )
    routes = pd.RangeIndex(n_routes, name="route")
    products = pd.RangeIndex(n_products, name="product")
    f = m.add_variables(lower=0, coords=[routes, products], name="flow")
    quantities = np.array([t.quantity for t in net.targets])
    targets = pd.RangeIndex(n_targets, name="target")
    s = m.add_variables(lower=0, upper=xr.DataArray(quantities, coords=[targets]), name="shortfall")

    # balance rows, keyed node * products + product
    made = p.groupby(
        xr.DataArray(net.group_node * n_products + net.group_product, coords=[groups], name="row")
    ).sum()
    uses = sp.coo_array(net.inputs)
    used = (
        (p.isel(group=xr.DataArray(uses.row, dims="term")) * xr.DataArray(-uses.data, dims="term"))
        .groupby(
            xr.DataArray(net.group_node[uses.row] * n_products + uses.col, dims="term", name="row")
        )
        .sum()
    )
    source = np.array([net.node_index[r.source] for r in net.routes])
    target = np.array([net.node_index[r.target] for r in net.routes])
    flows = f.stack(term=("route", "product"))
    route_of, product_of = np.divmod(np.arange(n_routes * n_products), n_products)
    carried_out = (
        (flows * -1)
        .groupby(xr.DataArray(source[route_of] * n_products + product_of, dims="term", name="row"))
        .sum()
    )
    carried_in = flows.groupby(
        xr.DataArray(target[route_of] * n_products + product_of, dims="term", name="row")
    ).sum()
    balance = linopy.merge([made, used, carried_out, carried_in], dim="_term", join="outer")
    rows = balance.coords["row"].values
    stock = net.stock_matrix.ravel()[rows]
    m.add_constraints(
        balance >= xr.DataArray(-stock, coords=[balance.coords["row"]]), name="balance"
    )
    capacity = np.array([r.capacity for r in net.routes])
    m.add_constraints(f.sum("product") <= xr.DataArray(capacity, coords=[routes]), name="route")

    members = [(t, g) for t, target_ in enumerate(net.targets) for g in target_.groups]
    t_of = np.array([t for t, _ in members])
    g_of = np.array([g for _, g in members])
    coefficients = np.concatenate(
        [
            np.ones(len(t.groups)) if t.coefficients is None else np.asarray(t.coefficients)
            for t in net.targets
        ]
    )
    achieved = (
        (p.isel(group=xr.DataArray(g_of, dims="term")) * xr.DataArray(coefficients, dims="term"))
        .groupby(xr.DataArray(t_of, dims="term", name="target"))
        .sum()
    )
    m.add_constraints(achieved + s >= xr.DataArray(quantities, coords=[targets]), name="target")
    priorities = np.array([t.priority for t in net.targets])
    m.add_objective((s * xr.DataArray(priorities / quantities, coords=[targets])).sum())
    return m


def run(*, units: int, repeat: int) -> dict[str, Any]:
    source = synthetic_folder(units, 31)
    catalog = subset_folder(source, "plan-catalog", CATALOG)
    year = Period.year(1959)
    out: dict[str, Any] = {"units": units, "period": year.label()}
    with fresh_database("sqlite", "plan") as engine:
        seconds, _ = timed(lambda: import_folder(engine, catalog))
        log(f"catalog of {units:,} units imported in {seconds:.0f} s")
        runs: dict[str, list[float]] = {
            k: []
            for k in ("network", "build", "first_solve", "plan", "linopy_build", "linopy_solve")
        }
        for i in range(repeat):
            t, (network, _) = timed(lambda: network_for(engine, "SY", year))
            runs["network"].append(t)
            t, (lp, _) = timed(lambda n=network: build_model(n))
            runs["build"].append(t)
            t, first = timed(lambda m=lp: solve(m))
            runs["first_solve"].append(t)
            t, plan = timed(lambda n=network: optimal_plan(n))
            runs["plan"].append(t)
            peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
            t, model = timed(lambda n=network: linopy_model(n))
            runs["linopy_build"].append(t)
            t, _ = timed(lambda m=model: m.solve("highs", io_api="direct", output_flag=False))
            runs["linopy_solve"].append(t)
            agree = abs(model.objective.value - first.objective) <= 1e-6 * max(
                1.0, abs(first.objective)
            )
            log(
                f"#{i + 1}: {len(network.groups):,} groups, {lp.shape[1]:,} columns, "
                f"{lp.shape[0]:,} rows; network {runs['network'][-1]:.1f} s, build "
                f"{runs['build'][-1]:.2f} s, plan {runs['plan'][-1]:.1f} s; linopy build "
                f"{runs['linopy_build'][-1]:.1f} s, solve {runs['linopy_solve'][-1]:.1f} s; "
                f"objectives agree: {agree}"
            )
        out.update(
            groups=len(network.groups),
            columns=lp.shape[1],
            rows=lp.shape[0],
            nonzeros=int(lp.matrix.nnz),
            targets=len(network.targets),
            weighted_shortfall=plan.weighted_shortfall,
            objectives_agree=bool(agree),
            peak_memory_gb=round(peak_gb, 2),
            seconds=runs,
            medians={k: round(median(v), 3) for k, v in runs.items()},
            goal="plan (network + build + both solves) < 60 s and < 8 GB; build << solve",
        )
        out["medians"]["whole_plan"] = round(median(runs["network"]) + median(runs["plan"]), 3)
    return out
