"""Simulated daily reports of small units: honest ones, and frauds of known kinds.

Honest units: a typical level lognormal about 20 (sigma 1 on the log scale), reported to
one decimal place; one weekday about 15% lower; a slow seasonal drift of up to +-10%;
multiplicative noise of 8-15% a day (by unit); about 2% of days missing and 1% broken
down (zero or a small figure); 3% of units with one genuine step up of 20-40%. Capacity
is the typical level (after a step) times 1.1-1.6, and output saturates softly under it
(a furnace at full blast makes its rated output, not 30% more). Grades 1-4 with minimum
2, about 5% of days below it; targets for the panel's days within +-15% of what the unit
makes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import numpy as np

from planworks.audit.panel import Floats, Ints, Panel

FRAUDS = (
    "impossible",
    "copy",
    "repeat",
    "smooth",
    "bunch",
    "track",
    "phantom",
    "unusable",
)


@dataclass(frozen=True)
class Truth:
    """What was simulated: each unit's level, and for frauds their kind and first day."""

    level: Floats  # (units,)
    noise: Floats  # (units,)
    fraud: tuple[str, ...]  # "" for honest units
    start: Ints  # (units,) first fraudulent day, -1 for honest units
    victim: Ints  # (units,) for a copy, the unit copied; -1 otherwise


def panel_of(quantity: list[list[float]] | Floats, **known: object) -> Panel:
    """A panel of the given reports; capacity unknown and one group unless given."""
    q = np.asarray(quantity, dtype=np.float64)
    n = q.shape[0]
    fields: dict[str, object] = {
        "capacity": np.full(n, np.nan),
        "group": np.zeros(n, dtype=np.int64),
    }
    for name, value in known.items():
        fields[name] = value if value is None or isinstance(value, float) else np.asarray(value)
    return Panel(
        units=tuple(f"u{i}" for i in range(n)),
        first_day=date(1958, 10, 1),
        quantity=q,
        **fields,  # type: ignore[arg-type]
    )


def _saturate(raw: Floats, cap: Floats) -> Floats:
    """Output under a capacity: linear up to 90% of it, then bending to at most 105%."""
    knee = 0.9 * cap
    room = 0.15 * cap
    over = np.maximum(raw - knee, 0.0)
    bent = knee + room * (1 - np.exp(-over / room))
    out: Floats = np.where(raw > knee, bent, raw)
    return out


def honest(
    rng: np.random.Generator,
    units: int,
    days: int,
    group_size: int = 50,
    first_day: date = date(1958, 9, 1),
) -> tuple[Panel, Truth]:
    """A panel of honest units (see the module docstring)."""
    level = np.exp(rng.normal(np.log(20.0), 1.0, units))
    noise = rng.uniform(0.08, 0.15, units)
    group = (np.arange(units) // group_size).astype(np.int64)
    t = np.arange(days)
    dip = rng.integers(0, 7, units)
    weekly = np.where((t[None, :] + dip[:, None]) % 7 == 0, 0.85, 1.0)
    phase = rng.uniform(0, 2 * np.pi, int(group.max()) + 1)[group] + rng.normal(0, 0.3, units)
    amplitude = rng.uniform(0.0, 0.1, units)
    season = 1 + amplitude[:, None] * np.sin(2 * np.pi * t[None, :] / 365 + phase[:, None])
    steps = rng.random(units) < 0.03
    step_day = rng.integers(0, days, units)
    step_up = np.where(steps, rng.uniform(1.2, 1.4, units), 1.0)
    step = np.where(steps[:, None] & (t[None, :] >= step_day[:, None]), step_up[:, None], 1.0)
    shock = np.exp(rng.normal(0, 1, (units, days)) * noise[:, None] - noise[:, None] ** 2 / 2)
    cap = level * step_up * rng.uniform(1.1, 1.6, units)  # a step up is new capacity
    raw = level[:, None] * weekly * season * step * shock
    q = _saturate(raw, cap[:, None])
    broken = rng.random((units, days)) < 0.01
    q = np.where(
        broken, q * rng.uniform(0, 0.3, (units, days)) * (rng.random((units, days)) < 0.5), q
    )
    q = np.round(q, 1)
    q[rng.random((units, days)) < 0.02] = np.nan
    grade = rng.choice(np.array([2.0, 3.0, 4.0]), size=(units, days), p=[0.3, 0.5, 0.2])
    grade[rng.random((units, days)) < 0.05] = 1.0
    grade[rng.random((units, days)) < 0.005] = np.nan
    shown = level * (1 + amplitude) * rng.uniform(0.95, 1.05, units)
    demonstrated = np.where(rng.random(units) < 0.7, np.minimum(shown, cap), np.nan)
    expected = np.nansum(np.where(np.isnan(q), level[:, None], q), axis=1)
    target = np.round(expected * rng.uniform(0.85, 1.15, units), 0)
    kind_max = np.full(units, 1.5 * float(cap.max()))
    panel = Panel(
        units=tuple(f"u{i}" for i in range(units)),
        first_day=first_day,
        quantity=q,
        capacity=cap,
        group=group,
        grade=grade,
        min_grade=2.0,
        demonstrated=demonstrated,
        target=target,
        kind_max=kind_max,
    )
    fraud = tuple("" for _ in range(units))
    minus = np.full(units, -1, dtype=np.int64)
    return panel, Truth(level, noise, fraud, minus, minus.copy())


def inject(
    rng: np.random.Generator,
    panel: Panel,
    truth: Truth,
    kind: str,
    units: Ints,
    start: Ints,
    label: str | None = None,
) -> tuple[Panel, Truth]:
    """Replace `units`' reports from their `start` days with frauds of one kind.

    For "bunch" the units' whole series is rescaled so that their fulfilment at the end
    lands in [100%, 102%); "track" reports the daily plan with 0.3% noise, corrected to
    stay on the plan line; "phantom" units are invented from the first day. The units
    are marked as frauds of `label` (default: the kind).
    """
    q = panel.quantity.copy()
    grade = None if panel.grade is None else panel.grade.copy()
    d = q.shape[1]
    fraud = list(truth.fraud)
    first = truth.start.copy()
    victim = truth.victim.copy()
    group_median = {
        int(g): float(np.median(truth.level[panel.group == g])) for g in np.unique(panel.group)
    }
    for i, s in zip(units.tolist(), start.tolist(), strict=True):
        fraud[i] = label or kind
        first[i] = s
        span = d - s
        if kind == "impossible":
            factor = rng.uniform(1.3, 4.0)
            q[i, s:] = np.round(panel.capacity[i] * factor * rng.uniform(0.9, 1.1, span), 1)
        elif kind == "copy":
            peers = np.flatnonzero((panel.group == panel.group[i]) & (np.array(fraud) == ""))
            j = int(rng.choice(peers[~np.isin(peers, units)]))  # one that stays honest
            victim[i] = j
            scale = 2.0 if rng.random() < 0.3 else 1.0
            q[i, s:] = q[j, s:] * scale
        elif kind == "repeat":
            figure = round(float(truth.level[i]), 1)
            q[i, s:] = figure
            vary = rng.random(span) < 0.1
            q[i, s:][vary] = np.round(figure * rng.uniform(0.9, 1.1, int(vary.sum())), 1)
        elif kind == "smooth":
            drift = np.linspace(1.0, rng.uniform(0.95, 1.1), span)
            sd = rng.uniform(0.005, 0.02)
            q[i, s:] = np.round(truth.level[i] * drift * rng.normal(1, sd, span), 1)
        elif kind == "bunch":
            assert panel.target is not None
            fulfil = rng.uniform(1.001, 1.019)
            total = np.nansum(q[i])
            q[i] = np.round(q[i] * panel.target[i] * fulfil / total, 1)
            q[i, d - 1] = np.round(panel.target[i] * fulfil - np.nansum(q[i, : d - 1]), 1)
            first[i] = d - 1
        elif kind == "track":
            assert panel.target is not None
            plan = panel.target[i] / d
            series = np.round(plan * rng.normal(1, 0.003, d), 1)
            q[i] = series
            first[i] = 0
        elif kind == "phantom":
            base = group_median[int(panel.group[i])]
            round_to = float(rng.choice([1.0, 5.0, 10.0])) if base > 8 else 1.0
            invented = base * rng.normal(1, 0.03, d)
            q[i] = np.maximum(np.round(invented / round_to) * round_to, round_to)
            first[i] = 0
        elif kind == "unusable":
            assert grade is not None
            bad = rng.random(span) < rng.uniform(0.6, 0.9)
            grade[i, s:] = np.where(bad, 1.0, grade[i, s:])
        else:
            raise ValueError(kind)
    panel = replace(panel, quantity=q, grade=grade)
    return panel, replace(truth, fraud=tuple(fraud), start=first, victim=victim)
