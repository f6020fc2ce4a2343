"""Panels for the checks' tests: one written out by hand, or a network of honest units.

Honest units are the red team's (`planworks.scenarios.redteam`) with no one cheating:
sizes over orders of magnitude, rest days, seasons, noise, breakdowns, missing days,
genuine steps up. The frauds are the red team's too; the tests build no others.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from planworks.audit.panel import Floats, Panel
from planworks.scenarios.redteam import make_red_team


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


def honest(seed: int, units: int, days: int) -> Panel:
    """A panel of `units` honest units over `days` days."""
    return make_red_team(units, days, seed=seed, fraud_share=0.0).panel
