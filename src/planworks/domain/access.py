"""Who may do what, where: roles, the signed-in principal, and the one scope rule.

A place is a region or a unit. A principal reaches a place when the place lies in the
principal's region subtree (for a reporter: when it is one of the reporter's units),
and a role allows an action anywhere it reaches:

    role          reads             reports   corrects  plans  audits  judges
    admin         everything        yes       yes       yes    yes     yes
    planner       its subtree       no        no        yes    yes     no
    statistician  its subtree       yes       yes       no     yes     yes
    viewer        its subtree       no        no        no     yes     no
    reporter      its own units     yes       yes       no     no      no

`audits` is reading the integrity audit (which reports cannot be true, whose desk each
finding is on); `judges` is recording a verdict on one of its findings. The audit is for
those who judge reports: a reporter may not read it, not even of its own units, since
the unit that sent a report is the one that may have inflated it.

A place out of reach is refused the same way whether or not it exists, so that a
refusal leaks nothing (the API answers 404 for both).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

__all__ = ["Action", "Principal", "Role", "may"]


class Role(StrEnum):
    ADMIN = "admin"
    PLANNER = "planner"
    STATISTICIAN = "statistician"
    VIEWER = "viewer"
    REPORTER = "reporter"

    @property
    def needs_region(self) -> bool:
        """Planners, statisticians and viewers work in one region's subtree."""
        return self in (Role.PLANNER, Role.STATISTICIAN, Role.VIEWER)


class Action(StrEnum):
    READ = "read"
    REPORT = "report"  # send new reports
    CORRECT = "correct"  # supersede a stored report
    PLAN = "plan"  # write plans
    AUDIT = "audit"  # read the integrity audit's findings
    JUDGE = "judge"  # record a verdict on a finding of the audit


_ALLOWED: dict[Role, frozenset[Action]] = {
    Role.ADMIN: frozenset(Action),
    Role.PLANNER: frozenset({Action.READ, Action.PLAN, Action.AUDIT}),
    Role.STATISTICIAN: frozenset(
        {Action.READ, Action.REPORT, Action.CORRECT, Action.AUDIT, Action.JUDGE}
    ),
    Role.VIEWER: frozenset({Action.READ, Action.AUDIT}),
    Role.REPORTER: frozenset({Action.READ, Action.REPORT, Action.CORRECT}),
}


@dataclass(frozen=True)
class Principal:
    """A signed-in user (or a machine using a user's token)."""

    user_id: int
    name: str
    role: Role
    region: str | None = None  # the root of the subtree (planner, statistician, viewer)
    units: frozenset[str] = field(default_factory=frozenset)  # a reporter's units

    def allows(self, action: Action) -> bool:
        """The role allows the action somewhere."""
        return action in _ALLOWED[self.role]

    @property
    def sees_everything(self) -> bool:
        return self.role is Role.ADMIN


def may(
    principal: Principal,
    action: Action,
    *,
    regions: Sequence[str] = (),
    unit: str | None = None,
) -> bool:
    """The principal may do the action at the place.

    `regions`: the codes of the place's region and of every region above it (for a unit,
    those of the unit's region); `unit`: the unit's code when the place is a unit.
    """
    if not principal.allows(action):
        return False
    if principal.sees_everything:
        return True
    if principal.role is Role.REPORTER:
        return unit is not None and unit in principal.units
    return principal.region is not None and principal.region in regions
