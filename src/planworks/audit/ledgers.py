"""Hard checks of what units report beside their output: inputs, stocks, shipments, and
the totals regions report themselves.

An inflated figure of output has to come from somewhere and go somewhere. A furnace that
claims a tonne of iron must have burnt the coal for it; a tonne made is in stock at the
end of the day, or shipped, or used; a tonne shipped arrives at the unit it was sent to;
and what a county reports upward is the sum of what its units report. Each check holds
the output against one of those accounts, row by row, in NumPy over all rows at once:

- `inputs_used`: inputs per unit of output against the recipe's range. Below it, the
  output claimed is more than the inputs could make (alert; crisis below half of it).
  Above it, the output is less than the inputs should have made: waste, or output not
  reported (alert).
- `stock_balance`: opening + made + received - shipped - used against the closing stock.
  A surplus is output that is nowhere (alert; crisis when it is half the day's output or
  more); a shortfall is stock from nowhere (alert). A day's opening unlike the day
  before's closing is an alert too: stock that changed overnight.
- `not_received`: what a unit shipped against what the unit it shipped to says it
  received, `TRANSIT_DAYS` later. Each new shortfall is an alert on the day the goods were
  due; a crisis when half of all that was ever shipped on the route has not arrived.
- `region_totals`: a region's own reported total against the sum of its units' reports:
  either way an alert; a crisis when the region claims twice the sum or more.

Every function returns a level (`Severity` values) and a score per row of its input.
"""

from __future__ import annotations

import numpy as np

from planworks.audit.panel import Floats, Levels, Severity

__all__ = [
    "BALANCE_TOLERANCE",
    "INPUT_RANGE",
    "REGION_TOLERANCE",
    "TRANSIT_DAYS",
    "inputs_used",
    "not_received",
    "region_totals",
    "stock_balance",
]

#: a recipe line's range of inputs per unit of output where it gives none: per_unit
#: times these (a furnace of the same kind may burn half or twice the coal of another)
INPUT_RANGE = (0.5, 2.0)

#: a stock account balances within this share of what passed through it (opening + made
#: + received): figures are rounded, and stock is weighed roughly
BALANCE_TOLERANCE = 0.01

#: days goods may take from the unit that ships them to the unit that receives them
TRANSIT_DAYS = 7
#: a route's shortfall within this share of what was shipped on it is not a finding
SHIPPED_TOLERANCE = 0.02

#: a region's total agrees with its units' sum within this share of the sum (and half a
#: unit of measure: totals are reported rounded)
REGION_TOLERANCE = 0.02


def _levels(n: int) -> Levels:
    return np.zeros(n, dtype=np.int8)


def inputs_used(
    output: Floats, used: Floats, per_unit: Floats, low: Floats, high: Floats
) -> tuple[Levels, Floats]:
    """Judge inputs per unit of output, one row per unit-day and input.

    `output` is the unit's output that day (NaN: none reported), `used` how much of the
    input it says it used, `per_unit` the recipe's input per unit of output and `low`,
    `high` its range (NaN: `INPUT_RANGE` times per_unit). The score is the inputs per
    unit of output as a multiple of the recipe's `per_unit`. A day without output is not
    judged: nothing is claimed.
    """
    low = np.where(np.isnan(low), INPUT_RANGE[0] * per_unit, low)
    high = np.where(np.isnan(high), INPUT_RANGE[1] * per_unit, high)
    judged = (output > 0) & (per_unit > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(judged, used / output, np.nan)
    level = _levels(len(output))
    level[judged & ((ratio < low) | (ratio > high))] = Severity.ALERT
    level[judged & (ratio < low / 2)] = Severity.CRISIS
    with np.errstate(divide="ignore", invalid="ignore"):
        score: Floats = ratio / per_unit
    return level, score


def stock_balance(
    opening: Floats,
    made: Floats,
    received: Floats,
    shipped: Floats,
    used: Floats,
    closing: Floats,
    previous_closing: Floats,
) -> tuple[Levels, Floats]:
    """Judge stock accounts, one row per unit-day and product.

    `made` is the unit's reported output that day (0 where none), `previous_closing` the
    closing stock of the unit's account the day before (NaN: no account that day). The
    score is the gap (opening + made + received - shipped - used - closing) as a share of
    what passed through the account; where only the overnight change is wrong, that
    change as a share of the larger of the two stocks.
    """
    through = opening + made + received
    gap = through - shipped - used - closing
    slack = BALANCE_TOLERANCE * np.maximum(through, 1.0)
    overnight = opening - previous_closing
    moved = ~np.isnan(overnight) & (
        np.abs(overnight) > BALANCE_TOLERANCE * np.maximum(np.fmax(opening, previous_closing), 1.0)
    )
    level = _levels(len(opening))
    level[(np.abs(gap) > slack) | moved] = Severity.ALERT
    level[(gap > slack) & (made > 0) & (gap >= 0.5 * made)] = Severity.CRISIS
    with np.errstate(divide="ignore", invalid="ignore"):
        score: Floats = np.where(
            moved & (np.abs(gap) <= slack),
            overnight / np.maximum(np.fmax(opening, previous_closing), 1.0),
            gap / np.maximum(through, 1.0),
        )
    return level, score


def not_received(sent: Floats, received: Floats) -> tuple[Levels, Floats, Floats]:
    """Judge routes (a source, a target, a product), one row each, day by day.

    `sent` and `received` are (routes, days): what the source reported shipped on the
    route each day and what the target reported received. Goods sent on day d are due by
    day d + `TRANSIT_DAYS`; on each day, the outstanding amount is everything sent up to
    `TRANSIT_DAYS` before minus everything received up to then (shipments carry no
    waybill: what arrives pays off the oldest shipment first, so a lost shipment shows
    once the later ones' arrivals no longer cover it). A day is flagged when the
    outstanding amount grows beyond `SHIPPED_TOLERANCE` of what was sent on the route by
    then; the score is the outstanding share of it. Returns the levels, the scores and
    the outstanding amounts, each (routes, days).
    """
    routes, days = sent.shape
    due = np.zeros_like(sent)
    if days > TRANSIT_DAYS:
        due[:, TRANSIT_DAYS:] = np.cumsum(np.nan_to_num(sent), axis=1)[:, : days - TRANSIT_DAYS]
    outstanding = due - np.cumsum(np.nan_to_num(received), axis=1)
    slack = SHIPPED_TOLERANCE * due
    before = np.concatenate([np.zeros((routes, 1)), outstanding[:, :-1]], axis=1)
    grew = (outstanding > slack) & (outstanding > before + slack) & (due > 0)
    level = np.zeros((routes, days), dtype=np.int8)
    level[grew] = Severity.ALERT
    level[grew & (outstanding >= 0.5 * due)] = Severity.CRISIS
    with np.errstate(divide="ignore", invalid="ignore"):
        score: Floats = np.where(due > 0, outstanding / due, np.nan)
    return level, score, outstanding


def region_totals(claimed: Floats, units_sum: Floats) -> tuple[Levels, Floats]:
    """Judge regions' own reported totals, one row per region-day and product, against
    the sum of their units' reports that day. The score is claimed / sum (inf where the
    units reported nothing)."""
    gap = claimed - units_sum
    slack = REGION_TOLERANCE * units_sum + 0.5
    level = _levels(len(claimed))
    level[np.abs(gap) > slack] = Severity.ALERT
    level[(gap > slack) & (claimed >= 2 * units_sum)] = Severity.CRISIS
    with np.errstate(divide="ignore", invalid="ignore"):
        score: Floats = np.where(units_sum > 0, claimed / units_sum, np.inf)
    return level, score
