"""Scenarios planworks ships: the seed replays (and the synthetic network generator)."""

from __future__ import annotations

from planworks.domain.errors import NotFoundError
from planworks.scenarios import beijing, chain, hebei, henan, jinzhou
from planworks.scenarios.base import DATA_DIR, Scenario

__all__ = ["DATA_DIR", "SCENARIOS", "Scenario", "get_scenario"]

#: Every shipped scenario by name, in the order `scenario list` shows them.
SCENARIOS: dict[str, Scenario] = {
    s.name: s
    for s in (hebei.SCENARIO, henan.SCENARIO, beijing.SCENARIO, chain.SCENARIO, jinzhou.SCENARIO)
}


def get_scenario(name: str) -> Scenario:
    try:
        return SCENARIOS[name]
    except KeyError:
        known = ", ".join(SCENARIOS)
        raise NotFoundError(f"no scenario {name!r}; the scenarios are: {known}") from None
