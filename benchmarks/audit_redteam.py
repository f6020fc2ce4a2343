"""The audit against a red team, and the daily audit of a large network.

1. A synthetic network of `units` over `days` (`planworks.scenarios.redteam`), 8% of its
   units cheating in one of eight ways from a day on (known by construction). Every
   check screens the panel; a fraud is found when its unit is flagged (alert or above)
   on any day from the fraud's first day on. Reported: per kind of fraud, the units
   found and how many days after the fraud began; the share of honest unit-days
   flagged, by check and in all.
2. The daily audit of `daily_units` units: the new day's figures of every unit, read
   against the trailing window and the time-series model carried from the day before.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any

import numpy as np

from benchmarks.common import log
from planworks.audit.daily import DailyAudit
from planworks.audit.panel import Floats
from planworks.audit.screening import screen
from planworks.scenarios.redteam import make_red_team, score


def run(*, units: int, days: int, daily_units: int, repeat: int) -> dict[str, Any]:
    out: dict[str, Any] = {"units": units, "days": days}
    red = make_red_team(units, days, seed=1)
    began = time.perf_counter()
    screens = screen(red.panel)
    out["screen_seconds"] = round(time.perf_counter() - began, 2)
    flagged = np.zeros(red.panel.shape, dtype=bool)
    per_check: dict[str, np.ndarray] = {}
    honest = red.honest
    for s in screens:  # a check may come twice (repeated figures, copied figures)
        hit = s.flagged()
        flagged |= hit
        per_check[s.check.value] = per_check.get(s.check.value, False) | hit
    by_check = {k: round(100.0 * float(v[honest].mean()), 4) for k, v in per_check.items()}
    found, honest_pct = score(red, flagged)
    out["frauds"] = {
        f.fraud.value: {
            "units": f.units,
            "found": f.found,
            "recall_pct": round(f.recall_pct, 1),
            "median_delay_days": f.median_delay_days,
        }
        for f in found
    }
    total = sum(f.units for f in found)
    out["recall_pct"] = round(100.0 * sum(f.found for f in found) / total, 1)
    out["honest_unit_days_flagged_pct"] = round(honest_pct, 3)
    out["honest_flagged_pct_by_check"] = by_check
    out["goal"] = "recall_pct >= 95 and honest_unit_days_flagged_pct <= 1"
    log(f"red team {units:,} units x {days} days: screened in {out['screen_seconds']} s")
    for f in found:
        log(
            f"  {f.fraud.value:26} {f.found:4}/{f.units:<4} {f.recall_pct:5.1f}%  "
            f"median {f.median_delay_days} days after it began"
        )
    log(f"  all frauds {out['recall_pct']}%; honest unit-days flagged {honest_pct:.3f}%")
    out["daily"] = _daily(daily_units, repeat)
    return out


def _daily(units: int, repeat: int) -> dict[str, Any]:
    """The audit of one more day for `units` units, after four weeks of days before it."""
    window = DailyAudit.WINDOW_DAYS
    red = make_red_team(units, window + repeat, seed=2, fraud_share=0.01)
    p = red.panel
    began = time.perf_counter()
    history = replace(p, quantity=p.quantity[:, :window], grade=_days(p.grade, 0, window))
    daily = DailyAudit.start(history)
    took = time.perf_counter() - began
    log(f"daily audit of {units:,} units: the first {window} days run in {took:.0f} s")
    seconds = []
    flagged = []
    for j in range(window, window + repeat):
        began = time.perf_counter()
        screens = daily.add_day(p.quantity[:, j], None if p.grade is None else p.grade[:, j])
        seconds.append(time.perf_counter() - began)
        flagged.append(int(np.any([s.level[:, 0] > 0 for s in screens], axis=0).sum()))
        log(f"daily audit of {units:,} units: {seconds[-1]:.2f} s, {flagged[-1]:,} units flagged")
    return {
        "units": units,
        "window_days": window,
        "seconds": seconds,
        "median_seconds": round(float(np.median(seconds)), 3),
        "units_flagged": flagged,
        "goal": "median_seconds < 5",
    }


def _days(x: Floats | None, lo: int, hi: int) -> Floats | None:
    return None if x is None else x[:, lo:hi]
