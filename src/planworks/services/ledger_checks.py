"""The audit's hard checks of inputs, stocks, shipments and regions' own totals, as findings.

The rows come from `planworks.store.ledgers`; the judging is `planworks.audit.ledgers`.
What a unit made on a day is its reported output (the newest versions), from the same
panel the other checks read. A unit-day flagged on several lines (two inputs, two
routes) is one finding of the check: the most severe line's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
from sqlalchemy import Connection, select

from planworks.audit.findings import Finding
from planworks.audit.ledgers import inputs_used, not_received, region_totals, stock_balance
from planworks.audit.panel import Check, Floats, Ints, Levels, Severity
from planworks.domain.periods import from_day_number
from planworks.metrics.rollup import rollup
from planworks.store.ledgers import read_balances, read_inputs, read_region_claims, read_shipments
from planworks.store.panels import PanelRows
from planworks.store.queries import ProductInfo, Scope, region_tree
from planworks.store.series import read_totals
from planworks.store.tables import regions, units

__all__ = ["region_findings", "unit_findings"]

#: a place's code and the region whose statisticians it answers to
Places = dict[str, str]
#: keeps what a check flagged: (check, units, days, levels, scores, quantities)
Keep = Callable[[Check, Ints, Ints, Levels, Floats, Floats], None]


def unit_findings(
    conn: Connection, part: Scope, product: ProductInfo, rows: PanelRows, first: int, last: int
) -> tuple[list[Finding], Places]:
    """What the inputs, stock and shipment checks find among the units of `part` on the
    days [first, last] (`rows`: their panel, for what each made), and each flagged
    unit's region."""
    if product.id is None:
        return [], {}
    worst: dict[tuple[int, int, Check], tuple[int, float, float]] = {}

    def keep(check: Check, unit: Ints, day: Ints, level: Levels, score: Floats, q: Floats) -> None:
        """Keep the flagged lines from `first` on, the most severe of each unit-day."""
        for i in np.flatnonzero((level >= Severity.ALERT) & (day >= first)).tolist():
            key = (int(unit[i]), int(day[i]), check)
            held = worst.get(key)
            if held is None or int(level[i]) > held[0]:
                worst[key] = (int(level[i]), float(score[i]), float(q[i]))

    made = _Made(rows)

    inputs = read_inputs(conn, part, product.id, first, last)
    judged = ~np.isnan(inputs.per_unit)
    output = made(inputs.unit_id, inputs.day)
    level, score = inputs_used(
        output[judged],
        inputs.used[judged],
        inputs.per_unit[judged],
        inputs.low[judged],
        inputs.high[judged],
    )
    keep(Check.INPUTS, inputs.unit_id[judged], inputs.day[judged], level, score, output[judged])

    stock = read_balances(conn, part, product.id, first - 1, last)
    previous = np.full(len(stock.day), np.nan)
    follows = (stock.unit_id[1:] == stock.unit_id[:-1]) & (stock.day[1:] == stock.day[:-1] + 1)
    previous[1:][follows] = stock.closing[:-1][follows]
    output = np.nan_to_num(made(stock.unit_id, stock.day))
    level, score = stock_balance(
        stock.opening, output, stock.received, stock.shipped, stock.used, stock.closing, previous
    )
    keep(Check.BALANCE, stock.unit_id, stock.day, level, score, output)

    _routes(conn, part, product.id, first, last, keep)

    places = _unit_places(conn, {unit for unit, _, _ in worst})
    out = [
        Finding(
            unit=places[unit][0],
            day=from_day_number(day),
            check=check,
            severity=Severity(level),
            score=score,
            quantity=q,
        )
        for (unit, day, check), (level, score, q) in worst.items()
    ]
    return out, dict(places.values())


class _Made:
    """What each unit reported it made on a day (NaN: nothing), from its panel."""

    def __init__(self, rows: PanelRows) -> None:
        self.rows = rows
        self.at = {int(u): i for i, u in enumerate(rows.unit_ids)}

    def __call__(self, unit: Ints, day: Ints) -> Floats:
        out = np.full(len(unit), np.nan)
        row = np.array([self.at.get(int(u), -1) for u in unit], dtype=np.int64)
        col = day - self.rows.first_day
        inside = (row >= 0) & (col >= 0) & (col < self.rows.days)
        out[inside] = self.rows.quantity[row[inside], col[inside]]
        return out


def _routes(
    conn: Connection,
    part: Scope,
    product_id: int,
    first: int,
    last: int,
    keep: Keep,
) -> None:
    """Shipments sent but not received, on routes to units that report receipts."""
    sent = read_shipments(conn, part, product_id, last)
    watched = np.array([t in sent.receivers for t in sent.target_id.tolist()], dtype=np.bool_)
    if not watched.any():
        return
    source, target = sent.source_id[watched], sent.target_id[watched]
    day, is_sent, q = sent.day[watched], sent.sent[watched], sent.quantity[watched]
    keys = np.stack([source, target], axis=1)
    routes, route = np.unique(keys, axis=0, return_inverse=True)
    route = route.reshape(-1)
    start = int(day.min())
    width = last - start + 1
    shipped = np.zeros((len(routes), width))
    arrived = np.zeros((len(routes), width))
    np.add.at(shipped, (route[is_sent], day[is_sent] - start), q[is_sent])
    np.add.at(arrived, (route[~is_sent], day[~is_sent] - start), q[~is_sent])
    level, score, outstanding = not_received(shipped, arrived)
    r, c = np.nonzero(level >= Severity.ALERT)
    source_of = routes[r, 0].astype(np.int64)
    keep(Check.SHIPPED, source_of, c + start, level[r, c], score[r, c], outstanding[r, c])


def _unit_places(conn: Connection, unit_ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """Each unit's code and its region's code."""
    wanted = sorted(set(unit_ids))
    if not wanted:
        return {}
    rows = conn.execute(
        select(units.c.id, units.c.code, regions.c.code)
        .select_from(units.join(regions, regions.c.id == units.c.region_id))
        .where(units.c.id.in_(wanted))
    ).all()
    return {r[0]: (r[1], r[2]) for r in rows}


def region_findings(
    conn: Connection, scope: Scope, product: ProductInfo, first: int, last: int
) -> tuple[list[Finding], Places]:
    """What the check of regions' own totals finds in `scope` on [first, last]: each
    finding's `unit` is the region's code, and it answers to the region above it (the
    top of the tree to itself)."""
    if product.id is None or scope.is_unit:
        return [], {}
    claims = read_region_claims(conn, scope.region_ids, product.id, first, last)
    if not len(claims.day):
        return [], {}
    tree, codes = region_tree(conn)
    index = tree.index()
    claimed = sorted({int(r) for r in claims.region_id})
    forest, kept = tree.spanned(index[r] for r in claimed)
    ids = [tree.order[i] for i in kept]
    own = read_totals(conn, product.id, first, last, ids, with_value=False)
    row_of = {r: i for i, r in enumerate(own.region_ids)}
    matrix = own.quantity[[row_of[r] for r in ids]]
    totals = rollup(forest, matrix)
    at = {r: i for i, r in enumerate(ids)}
    units_sum = totals[[at[int(r)] for r in claims.region_id], claims.day - first]
    level, score = region_totals(claims.quantity, units_sum)
    out: list[Finding] = []
    answers_to: Places = {}
    for i in np.flatnonzero(level >= Severity.ALERT).tolist():
        region = int(claims.region_id[i])
        parents = tree.ancestors(region)
        code = codes[region]
        answers_to[code] = codes[parents[0]] if parents else code
        out.append(
            Finding(
                unit=code,
                day=from_day_number(int(claims.day[i])),
                check=Check.REGION_TOTAL,
                severity=Severity(int(level[i])),
                score=float(score[i]),
                quantity=float(claims.quantity[i]),
            )
        )
    return out, answers_to
