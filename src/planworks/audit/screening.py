"""Every check on a panel: the hard checks, the patterns, and the time-series model."""

from __future__ import annotations

from planworks.audit.checks import screen_all
from planworks.audit.dynamic import screen_dynamic
from planworks.audit.panel import Panel, Screen

__all__ = ["screen"]


def screen(panel: Panel) -> list[Screen]:
    """The screens of every check, in the order of `Check`."""
    return [*screen_all(panel), *screen_dynamic(panel)]
