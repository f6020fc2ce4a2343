"""The one scope rule: the role table the docstring draws is the one `may` applies."""

from __future__ import annotations

import pytest

from planworks.domain import access
from planworks.domain.access import Action, Principal, Role, may

#: the docstring's columns, as actions
COLUMNS = {
    "reports": Action.REPORT,
    "corrects": Action.CORRECT,
    "plans": Action.PLAN,
    "audits": Action.AUDIT,
    "judges": Action.JUDGE,
}


def _table() -> dict[Role, set[Action]]:
    """The role table of the module's docstring: for each role, the actions it allows."""
    doc = access.__doc__ or ""
    lines = [line.split() for line in doc.splitlines() if line.startswith("    ")]
    header = lines[0]
    assert header[:2] == ["role", "reads"]
    allowed: dict[Role, set[Action]] = {}
    for cells in lines[1:]:
        role = Role(cells[0])
        answers = cells[-len(header[2:]) :]
        allowed[role] = {Action.READ} | {
            COLUMNS[name] for name, yes in zip(header[2:], answers, strict=True) if yes == "yes"
        }
    return allowed


def test_the_docstring_s_table_is_the_rule() -> None:
    table = _table()
    assert set(table) == set(Role)
    assert set(COLUMNS.values()) | {Action.READ} == set(Action)
    for role, actions in table.items():
        principal = Principal(1, "someone", role, region="R")
        assert {a for a in Action if principal.allows(a)} == actions, role


REGIONS = ("R-1", "R")  # a place in R-1, below R


@pytest.mark.parametrize(
    ("role", "region", "action", "allowed"),
    [
        (Role.STATISTICIAN, "R", Action.AUDIT, True),
        (Role.STATISTICIAN, "R", Action.JUDGE, True),
        (Role.STATISTICIAN, "S", Action.JUDGE, False),  # beside its subtree
        (Role.STATISTICIAN, "R-1-1", Action.AUDIT, False),  # below the place
        (Role.VIEWER, "R", Action.AUDIT, True),
        (Role.VIEWER, "R", Action.JUDGE, False),
        (Role.PLANNER, "R-1", Action.AUDIT, True),
        (Role.PLANNER, "R-1", Action.JUDGE, False),
        (Role.ADMIN, None, Action.JUDGE, True),
    ],
)
def test_who_reads_and_judges_the_audit_where(
    role: Role, region: str | None, action: Action, allowed: bool
) -> None:
    principal = Principal(1, "someone", role, region=region)
    assert may(principal, action, regions=REGIONS, unit="U1") is allowed


def test_a_reporter_neither_reads_nor_judges_the_audit_of_its_own_unit() -> None:
    reporter = Principal(1, "u1", Role.REPORTER, units=frozenset({"U1"}))
    assert may(reporter, Action.READ, regions=REGIONS, unit="U1")
    assert not may(reporter, Action.AUDIT, regions=REGIONS, unit="U1")
    assert not may(reporter, Action.JUDGE, regions=REGIONS, unit="U1")
