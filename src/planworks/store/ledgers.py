"""What the audit's hard checks read beside the reports, as arrays.

The rows of `unit_inputs`, `unit_balances`, `shipments` and `region_reports` over a run of
days, for the units (or regions) of a part of the audit, with each unit's recipe for
the product: the lines of the nearest region (its own, then upwards) that has lines for
the product, else the lines for everywhere; there, a kind's own line overrides the `*`
line for the same input (as planning reads recipes, `planworks.planning.network`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection, Select, func, select

from planworks.store.among import among
from planworks.store.queries import Scope, region_tree, units_in_scope
from planworks.store.tables import (
    recipes,
    region_reports,
    shipments,
    unit_balances,
    unit_inputs,
    units,
)

__all__ = [
    "BalanceRows",
    "InputRows",
    "RegionClaims",
    "ShipmentRows",
    "read_balances",
    "read_inputs",
    "read_region_claims",
    "read_shipments",
    "rejected_by_region",
    "rejected_by_unit",
    "rejected_daily",
]

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]


@dataclass(frozen=True)
class InputRows:
    """One row per unit-day and input: what the unit used, and its recipe's line. On a
    day a unit listed inputs, an input of its recipe it did not list is a row of 0."""

    unit_id: Ints
    day: Ints
    input_id: Ints
    used: Floats
    per_unit: Floats  # NaN: the recipe has no such input (not judged)
    low: Floats  # NaN: the default range
    high: Floats


@dataclass(frozen=True)
class BalanceRows:
    """One row per unit-day: the unit's stock account of the product."""

    unit_id: Ints
    day: Ints
    opening: Floats
    received: Floats
    shipped: Floats
    used: Floats
    closing: Floats


@dataclass(frozen=True)
class ShipmentRows:
    """One row per route, day and side."""

    source_id: Ints
    target_id: Ints
    day: Ints
    sent: npt.NDArray[np.bool_]  # True: the source's report; False: the target's
    quantity: Floats
    receivers: frozenset[int]  # every unit that reported any receipt, of any product


@dataclass(frozen=True)
class RegionClaims:
    """One row per region-day: the total the region reported."""

    region_id: Ints
    day: Ints
    quantity: Floats


def _ints(values: Sequence[object]) -> Ints:
    return np.array(values, dtype=np.int64).reshape(-1)


def _floats(values: Sequence[object]) -> Floats:
    return np.array(values, dtype=np.float64).reshape(-1)


def read_inputs(
    conn: Connection, scope: Scope, product_id: int, first_day: int, last_day: int
) -> InputRows:
    """The inputs the scope's units used to make the product over [first_day,
    last_day], with the line of each unit's recipe for each."""
    rows = conn.execute(
        select(
            unit_inputs.c.unit_id,
            unit_inputs.c.day,
            unit_inputs.c.input_id,
            unit_inputs.c.quantity,
            units.c.kind,
            units.c.region_id,
        )
        .select_from(unit_inputs.join(units, units.c.id == unit_inputs.c.unit_id))
        .where(
            units_in_scope(scope),
            unit_inputs.c.product_id == product_id,
            unit_inputs.c.day.between(first_day, last_day),
        )
        .order_by(unit_inputs.c.unit_id, unit_inputs.c.day, unit_inputs.c.input_id)
    ).all()
    kinds = {r[0]: r[4] for r in rows}
    regions = {r[0]: r[5] for r in rows}
    recipe = _recipes(conn, product_id, set(kinds), kinds, regions)
    by_unit: dict[int, list[int]] = {}
    for unit, item in recipe:
        by_unit.setdefault(unit, []).append(item)
    # A unit that reports its inputs for a day reports all of them: an input of its
    # recipe it left out that day, it did not use.
    listed: dict[tuple[int, int], dict[int, float]] = {}
    for r in rows:
        listed.setdefault((r[0], r[1]), {})[r[2]] = r[3]
    full = [
        (unit, day, item, used.get(item, 0.0))
        for (unit, day), used in listed.items()
        for item in sorted(set(used) | set(by_unit.get(unit, ())))
    ]
    lines = [recipe.get((u, item), (np.nan, np.nan, np.nan)) for u, _, item, _ in full]
    return InputRows(
        unit_id=_ints([r[0] for r in full]),
        day=_ints([r[1] for r in full]),
        input_id=_ints([r[2] for r in full]),
        used=_floats([r[3] for r in full]),
        per_unit=_floats([x[0] for x in lines]),
        low=_floats([x[1] for x in lines]),
        high=_floats([x[2] for x in lines]),
    )


def _recipes(
    conn: Connection,
    product_id: int,
    unit_ids: set[int],
    kinds: Mapping[int, str],
    regions: Mapping[int, int],
) -> dict[tuple[int, int], tuple[float, float, float]]:
    """(unit, input) -> (per_unit, low, high) of the unit's recipe for the product."""
    if not unit_ids:
        return {}
    lines: dict[tuple[int | None, str], dict[int, list[float]]] = {}
    for region, kind, item, per_unit, low, high in conn.execute(
        select(
            recipes.c.region_id,
            recipes.c.kind,
            recipes.c.item_id,
            recipes.c.per_unit,
            recipes.c.low,
            recipes.c.high,
        ).where(recipes.c.product_id == product_id, recipes.c.role == "input")
    ):
        line = lines.setdefault((region, kind), {}).setdefault(item, [0.0, 0.0, 0.0])
        # lines for the same input add up, as in planning; an unknown bound stays unknown
        line[0] += per_unit
        line[1] += np.nan if low is None else low
        line[2] += np.nan if high is None else high
    if not lines:
        return {}
    have = {region for region, _ in lines}
    tree, _ = region_tree(conn)
    nearest: dict[int, int | None] = {}  # region -> the nearest region with lines
    for region in {regions[u] for u in unit_ids}:
        upwards = [region, *tree.ancestors(region), None]
        nearest[region] = next((r for r in upwards if r in have), None)
    out: dict[tuple[int, int], tuple[float, float, float]] = {}
    for unit in unit_ids:
        where = nearest[regions[unit]]
        merged = dict(lines.get((where, "*"), {}))
        merged.update(lines.get((where, kinds[unit]), {}))
        for item, (per_unit, low, high) in merged.items():
            out[(unit, item)] = (per_unit, low, high)
    return out


def read_balances(
    conn: Connection, scope: Scope, product_id: int, first_day: int, last_day: int
) -> BalanceRows:
    """The scope's units' stock accounts of the product over [first_day, last_day]."""
    c = unit_balances.c
    rows = conn.execute(
        select(c.unit_id, c.day, c.opening, c.received, c.shipped, c.used, c.closing)
        .select_from(unit_balances.join(units, units.c.id == c.unit_id))
        .where(
            units_in_scope(scope),
            c.product_id == product_id,
            c.day.between(first_day, last_day),
        )
        .order_by(c.unit_id, c.day)
    ).all()
    columns = list(zip(*rows, strict=True)) if rows else [()] * 7
    return BalanceRows(
        unit_id=_ints(columns[0]),
        day=_ints(columns[1]),
        opening=_floats(columns[2]),
        received=_floats(columns[3]),
        shipped=_floats(columns[4]),
        used=_floats(columns[5]),
        closing=_floats(columns[6]),
    )


def read_shipments(conn: Connection, scope: Scope, product_id: int, last_day: int) -> ShipmentRows:
    """Every shipment of the product from the scope's units, as either side reported it, up to
    `last_day` (from the first: what is outstanding on a route is counted from its start),
    and which units report receipts at all."""
    c = shipments.c
    rows = conn.execute(
        select(c.source_id, c.target_id, c.day, c.side, c.quantity)
        .select_from(shipments.join(units, units.c.id == c.source_id))
        .where(
            units_in_scope(scope),
            c.product_id == product_id,
            c.day <= last_day,
        )
        .order_by(c.source_id, c.target_id, c.day)
    ).all()
    targets = {r[1] for r in rows}
    receivers: set[int] = set()
    if targets:
        receivers = set(
            conn.execute(
                select(c.target_id)
                .where(among(c.target_id, targets), c.side == "received")
                .distinct()
            ).scalars()
        )
    return ShipmentRows(
        source_id=_ints([r[0] for r in rows]),
        target_id=_ints([r[1] for r in rows]),
        day=_ints([r[2] for r in rows]),
        sent=np.array([r[3] == "sent" for r in rows], dtype=np.bool_),
        quantity=_floats([r[4] for r in rows]),
        receivers=frozenset(receivers),
    )


def read_region_claims(
    conn: Connection, region_ids: Sequence[int], product_id: int, first_day: int, last_day: int
) -> RegionClaims:
    """The totals the regions themselves reported for the product over the days."""
    c = region_reports.c
    rows = conn.execute(
        select(c.region_id, c.day, c.quantity)
        .where(
            among(c.region_id, region_ids),
            c.product_id == product_id,
            c.day.between(first_day, last_day),
        )
        .order_by(c.region_id, c.day)
    ).all()
    return RegionClaims(
        region_id=_ints([r[0] for r in rows]),
        day=_ints([r[1] for r in rows]),
        quantity=_floats([r[2] for r in rows]),
    )


def _rejected(product_id: int, first_day: int, last_day: int) -> Select[Any]:
    """What units refused of the product, received on [first_day, last_day]: (the
    shipping unit's region, the unit, the day, the quantity refused)."""
    c = shipments.c
    return (
        select(units.c.region_id, c.source_id, c.day, func.sum(c.rejected))
        .select_from(shipments.join(units, units.c.id == c.source_id))
        .where(
            c.product_id == product_id,
            c.side == "received",
            c.rejected > 0,
            c.day.between(first_day, last_day),
        )
        .group_by(units.c.region_id, c.source_id, c.day)
    )


def rejected_by_region(
    conn: Connection, product_id: int, first_day: int, last_day: int
) -> tuple[tuple[int, ...], Floats]:
    """What was refused downstream of each region's own units' output, by the day it was
    refused, over [first_day, last_day]: the regions with any (ascending ids) and their
    rows, as `planworks.store.series.read_usable` gives usable output."""
    rows = conn.execute(_rejected(product_id, first_day, last_day)).all()
    ids = tuple(sorted({r[0] for r in rows}))
    pos = {r: i for i, r in enumerate(ids)}
    out = np.zeros((len(ids), last_day - first_day + 1))
    for region, _, day, quantity in rows:
        out[pos[region], day - first_day] += quantity
    return ids, out


def rejected_daily(
    conn: Connection, scope: Scope, product_id: int, first_day: int, last_day: int
) -> Floats:
    """What was refused downstream of the scope's units' output, by day."""
    out = np.zeros(last_day - first_day + 1)
    for of_unit in rejected_by_unit(conn, scope, product_id, first_day, last_day).values():
        out += of_unit
    return out


def rejected_by_unit(
    conn: Connection, scope: Scope, product_id: int, first_day: int, last_day: int
) -> dict[int, Floats]:
    """What was refused downstream of each of the scope's units' output, by day (units
    with none left out)."""
    stmt = _rejected(product_id, first_day, last_day).where(units_in_scope(scope))
    out: dict[int, Floats] = {}
    for _, unit, day, quantity in conn.execute(stmt):
        row = out.setdefault(unit, np.zeros(last_day - first_day + 1))
        row[day - first_day] += quantity
    return out
