"""A red team: a synthetic network whose units report honestly, but for the frauds put in.

The honest units behave the way small units do: each has its own typical output (sizes
spread over orders of magnitude), a weekly rest day, a slow seasonal swing, day-to-day
noise of 8-15%, missing reports, breakdowns, and now and then a genuine step up (a new
furnace); none makes more in a day than its capacity. Some units, known by
construction, cheat in one of the ways the 1958-1960 system could not see:

- sudden inflation: from a day on, every figure x1.5 to x3;
- creeping inflation: +1% a day, compounded, from a day on;
- impossible claims: one to three days above what any unit of the kind can make
  (Lushan county's 34,360 t of pig iron in one day);
- copied figures: another unit's figures, or one figure day after day;
- smoothed series: figures made up around the plan's daily rate, varying by 1%;
- bunching at the plan: the last ten days' figures chosen so that the period ends at
  100-102% of the plan;
- phantom units: units that make nothing, reporting round figures near their group's
  median every day;
- unusable output counted: most output below the minimum usable grade.

`make_red_team` returns the panel the checks read and the truth they are scored on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path

import numpy as np
import numpy.typing as npt
import polars as pl

from planworks.audit.panel import Floats, Ints, Panel

__all__ = ["FRAUDS", "Found", "Fraud", "RedTeam", "make_red_team", "score", "write_red_team"]

GROUP_SIZE = 50  # units of one product, kind and county: they should behave alike
GRADES = np.array([1.0, 2.0, 3.0, 4.0])
HONEST_GRADE_P = np.array([0.05, 0.35, 0.40, 0.20])  # 5% of honest output below grade 2
MIN_GRADE = 2.0
#: What no unit of a kind can make in a day, as a multiple of the kind's largest capacity
#: (the audit's service reads it so from a store's units)
KIND_MAX_OVER_CAPACITY = 2.0


class Fraud(StrEnum):
    """The ways the red team's units cheat."""

    SUDDEN = "sudden inflation"
    CREEPING = "creeping inflation"
    IMPOSSIBLE = "impossible claims"
    COPIED = "copied figures"
    SMOOTHED = "smoothed series"
    BUNCHING = "bunching at the plan"
    PHANTOM = "phantom units"
    UNUSABLE = "unusable output counted"


FRAUDS = tuple(Fraud)


@dataclass(frozen=True)
class RedTeam:
    """The panel and, per unit, the fraud put in (-1: honest) and the day it starts."""

    panel: Panel
    fraud: Ints  # (units,): index into FRAUDS, -1 for an honest unit
    onset: Ints  # (units,): first day (column) of the fraud, -1 for an honest unit

    def units_of(self, fraud: Fraud) -> Ints:
        """The rows of the units that commit `fraud`."""
        rows: Ints = np.flatnonzero(self.fraud == FRAUDS.index(fraud))
        return rows

    @property
    def honest(self) -> npt.NDArray[np.bool_]:
        result: npt.NDArray[np.bool_] = self.fraud < 0
        return result


def make_red_team(
    units: int = 10_000,
    days: int = 120,
    *,
    seed: int = 0,
    fraud_share: float = 0.08,
    first_day: date = date(1958, 9, 1),
) -> RedTeam:
    """A network of `units` over `days`, a `fraud_share` of them cheating, evenly by kind."""
    rng = np.random.default_rng(seed)
    honest = _honest(rng, units, days)
    quantity, grade, typical = honest.quantity, honest.grade, honest.typical
    group = np.arange(units, dtype=np.int64) // GROUP_SIZE
    capacity = typical * rng.uniform(1.1, 1.6, units)
    # An honest unit makes no more than it can: output bends smoothly to its capacity (a
    # hard clip would make it report the capacity itself day after day).
    quantity = quantity / (1.0 + (quantity / capacity[:, None]) ** 6) ** (1.0 / 6.0)
    demonstrated = typical * rng.uniform(1.0, 1.1, units)
    # what no unit of the kind can make in a day: twice the largest capacity there is
    kind_max = np.full(units, float(capacity.max()) * KIND_MAX_OVER_CAPACITY)
    target = typical * days * rng.uniform(0.9, 1.1, units)

    fraud = np.full(units, -1, dtype=np.int64)
    onset = np.full(units, -1, dtype=np.int64)
    cheats = rng.choice(units, size=int(units * fraud_share), replace=False)
    fraud[cheats] = np.arange(len(cheats)) % len(FRAUDS)
    for k, kind in enumerate(FRAUDS):
        rows = cheats[fraud[cheats] == k]
        start = _onsets(rng, kind, len(rows), days)
        onset[rows] = start
        for row, s in zip(rows, start, strict=True):
            _cheat(rng, kind, int(row), int(s), quantity, grade, typical, target, group, kind_max)
    quantity = np.round(quantity, 1)
    panel = Panel(
        units=tuple(f"U{i:06d}" for i in range(units)),
        first_day=first_day,
        quantity=quantity,
        capacity=capacity,
        group=group,
        grade=grade,
        min_grade=MIN_GRADE,
        demonstrated=demonstrated,
        target=target,
        kind_max=kind_max,
    )
    return RedTeam(panel, fraud, onset)


@dataclass(frozen=True)
class _Honest:
    quantity: Floats
    grade: Floats
    typical: Floats


def _honest(rng: np.random.Generator, units: int, days: int) -> _Honest:
    typical = rng.lognormal(np.log(20.0), 1.0, units)
    t = np.arange(days)
    rest_day = rng.integers(0, 7, units)
    weekly = np.where((t[None, :] - rest_day[:, None]) % 7 == 0, 0.85, 1.0)
    phase = rng.uniform(0, 2 * np.pi, units)
    seasonal = 1.0 + 0.1 * np.sin(2 * np.pi * t[None, :] / 180.0 + phase[:, None])
    noise_sd = rng.uniform(0.08, 0.15, units)
    noise = np.exp(rng.normal(0.0, 1.0, (units, days)) * noise_sd[:, None])
    quantity = typical[:, None] * weekly * seasonal * noise
    # a genuine step up for a few: a new furnace joins the unit
    steps = rng.random(units) < 0.03
    step_day = rng.integers(10, days, units)
    step = np.where(steps, rng.uniform(1.2, 1.4, units), 1.0)
    quantity *= np.where(t[None, :] >= step_day[:, None], step[:, None], 1.0)
    broken = rng.random((units, days)) < 0.01
    quantity[broken] *= rng.uniform(0.0, 0.3, int(broken.sum()))
    grade = rng.choice(GRADES, size=(units, days), p=HONEST_GRADE_P)
    missing = rng.random((units, days)) < 0.02
    quantity[missing] = np.nan
    grade[missing] = np.nan
    return _Honest(quantity, grade, typical)


def _onsets(rng: np.random.Generator, kind: Fraud, n: int, days: int) -> Ints:
    if kind in (Fraud.PHANTOM, Fraud.BUNCHING):
        return np.full(n, 0 if kind is Fraud.PHANTOM else days - 10, dtype=np.int64)
    if kind is Fraud.CREEPING:  # a creep needs time to show: 40 days and more of it
        lo, hi = days // 6, days - 40
    else:
        lo, hi = days // 4, days - 20
    return rng.integers(lo, max(hi, lo + 1), n)  # a short panel: frauds start early


def _cheat(
    rng: np.random.Generator,
    kind: Fraud,
    row: int,
    start: int,
    quantity: Floats,
    grade: Floats,
    typical: Floats,
    target: Floats,
    group: Ints,
    kind_max: Floats,
) -> None:
    q = quantity[row]
    days = q.shape[0]
    after = slice(start, days)
    if kind is Fraud.SUDDEN:
        q[after] *= rng.uniform(1.5, 3.0)
    elif kind is Fraud.CREEPING:
        q[after] *= 1.01 ** np.arange(days - start)
    elif kind is Fraud.IMPOSSIBLE:
        claims = start + np.unique(rng.integers(0, 10, rng.integers(1, 4)))
        q[claims[claims < days]] = float(kind_max[row]) * rng.uniform(1.2, 10.0)
    elif kind is Fraud.COPIED:
        peers = np.flatnonzero(group == group[row])
        source = int(rng.choice(peers[peers != row]))
        if rng.random() < 0.5:
            q[after] = quantity[source, after]
        else:
            q[after] = round(float(np.nanmedian(q[:start])), 1)
    elif kind is Fraud.SMOOTHED:
        rate = target[row] / days
        q[after] = rate * (1.0 + rng.normal(0.0, 0.01, days - start))
    elif kind is Fraud.BUNCHING:
        done = float(np.nansum(q[:start]))
        # a unit that cheats to reach its plan is one still short of it
        target[row] = max(target[row], done / 0.85)
        aim = target[row] * rng.uniform(1.0, 1.02)
        share = rng.uniform(0.8, 1.2, days - start)
        q[after] = max(aim - done, 0.0) * share / share.sum()
        # the last figure closes the gap exactly: the period lands where it was aimed
        q[days - 1] += aim - float(np.nansum(q))
    elif kind is Fraud.PHANTOM:
        median = float(np.median(typical[group == group[row]]))
        step = 10.0 if median >= 50 else 5.0 if median >= 10 else 1.0
        q[:] = np.maximum(np.round(median * rng.normal(1.0, 0.02, days) / step) * step, step)
        grade[row] = 3.0
    elif kind is Fraud.UNUSABLE:
        grade[row, after] = np.where(rng.random(days - start) < 0.8, 1.0, 2.0)
        grade[row, after][np.isnan(q[after])] = np.nan


@dataclass(frozen=True)
class Found:
    """How many of one fraud's units the checks found, and how soon."""

    fraud: Fraud
    units: int
    found: int
    median_delay_days: float | None  # from the fraud's first day to the first flag

    @property
    def recall_pct(self) -> float:
        return 100.0 * self.found / self.units if self.units else 100.0


def score(red: RedTeam, flagged: npt.NDArray[np.bool_]) -> tuple[list[Found], float]:
    """Each fraud's units found (flagged on a day from its start on), and the share of
    honest unit-days flagged, %."""
    days = flagged.shape[1]
    col = np.arange(days)
    found = []
    for fraud in FRAUDS:
        rows = red.units_of(fraud)
        hits = flagged[rows] & (col[None, :] >= red.onset[rows, None])
        seen = hits.any(axis=1)
        delay = hits[seen].argmax(axis=1) - red.onset[rows][seen]
        found.append(
            Found(
                fraud,
                len(rows),
                int(seen.sum()),
                float(np.median(delay)) if len(delay) else None,
            )
        )
    honest = flagged[red.honest]
    return found, 100.0 * float(honest.mean()) if honest.size else 0.0


def write_red_team(red: RedTeam, folder: Path) -> None:
    """The red team as a scenario folder: a province of counties (one a group), each
    unit's plan for the panel's days, and a report for every unit-day with a figure."""
    p = red.panel
    n, days = p.shape
    folder.mkdir(parents=True, exist_ok=True)
    counties = np.unique(p.group)
    pl.DataFrame(
        {
            "code": ["RT", *(f"RT-{g:04d}" for g in counties)],
            "parent": [None, *(["RT"] * len(counties))],
            "level": ["province", *(["county"] * len(counties))],
            "name": ["Red team", *(f"County {g}" for g in counties)],
        }
    ).write_csv(folder / "regions.csv")
    pl.DataFrame(
        {
            "code": ["iron"],
            "name": ["Pig iron"],
            "uom": ["t"],
            "price": [150.0],
            "grades": ["|".join(str(int(g)) for g in GRADES)],
            "min_grade": [int(MIN_GRADE)],
        }
    ).write_csv(folder / "products.csv")
    pl.DataFrame(
        {
            "code": list(p.units),
            "name": [f"Furnace {u}" for u in p.units],
            "region": [f"RT-{g:04d}" for g in p.group],
            "kind": ["indigenous"] * n,
            "product": ["iron"] * n,
            "capacity": np.round(p.capacity, 1),
            "opened": [(p.first_day - timedelta(days=365)).isoformat()] * n,
        }
    ).write_csv(folder / "units.csv")
    last = p.day(days - 1).isoformat()
    if p.target is not None:
        pl.DataFrame(
            {
                "scope": list(p.units),
                "product": ["iron"] * n,
                "start": [p.first_day.isoformat()] * n,
                "end": [last] * n,
                "target": np.round(p.target, 1),
            }
        ).write_csv(folder / "plans.csv")
    rows, cols = np.nonzero(~np.isnan(p.quantity))
    grade = p.grade[rows, cols] if p.grade is not None else np.full(len(rows), np.nan)
    dates = np.datetime64(p.first_day, "D") + cols.astype("timedelta64[D]")
    pl.DataFrame(
        {
            "unit": np.array(p.units, dtype=object)[rows].tolist(),
            "date": dates,
            "product": ["iron"] * len(rows),
            "quantity": p.quantity[rows, cols],
            "grade": pl.Series(grade).fill_nan(None).cast(pl.Int64),
        }
    ).write_parquet(folder / "reports.parquet")
