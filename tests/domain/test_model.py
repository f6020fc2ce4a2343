from __future__ import annotations

from datetime import date

import pytest

from planworks.domain.errors import InputError
from planworks.domain.model import (
    InspectionCampaign,
    InspectionProblem,
    Product,
    Report,
    Trial,
    TrialStage,
    parse_grades,
)


def test_grades() -> None:
    assert parse_grades("200|300|400|500") == (200, 300, 400, 500)
    assert parse_grades("") == ()
    with pytest.raises(InputError, match="increasing"):
        parse_grades("300|200")
    with pytest.raises(InputError, match="numbers"):
        parse_grades("A|B")


def test_usable_output() -> None:
    cement = Product("cement", "Cement", "t", grades=(200, 300, 400), min_grade=300)
    assert cement.is_usable(300)
    assert not cement.is_usable(200)
    assert not cement.is_usable(None)  # ungraded output has not shown it is usable
    assert Product("bolts", "Bolts", "piece").is_usable(None)
    with pytest.raises(InputError, match="min_grade"):
        Product("cement", "Cement", "t", grades=(200, 300), min_grade=250)
    with pytest.raises(InputError, match="reserved"):
        Product("value", "Value", "yuan")


def test_reports_are_checked() -> None:
    with pytest.raises(InputError, match="quantity"):
        Report("F1", date(1958, 10, 1), "iron", -1.0)
    with pytest.raises(InputError, match="reason"):
        Report("F1", date(1958, 10, 1), "iron", 1.0, supersedes="r1")


def test_trial_moves_forward_only() -> None:
    trial = Trial("TB", "caustic-soda", date(1960, 3, 1))
    trial = trial.advance(TrialStage.SUCCEEDED, date(1960, 3, 5))
    trial = trial.advance(TrialStage.MASS, date(1960, 3, 20))
    assert trial.stage is TrialStage.MASS
    with pytest.raises(InputError, match="cannot go"):
        trial.advance(TrialStage.BATCH, date(1960, 4, 1))
    with pytest.raises(InputError, match="before"):
        Trial("TB", "glass", date(1960, 3, 1)).advance(TrialStage.SUCCEEDED, date(1960, 2, 1))


def test_inspection_shares() -> None:
    found = date(1959, 1, 5)
    problems = (
        InspectionProblem("W1", found, "loose belt", measure="tighten", done=date(1959, 1, 6)),
        InspectionProblem("W1", found, "no spare tubes", measure="order spares"),
        InspectionProblem("W2", found, "unclear task"),
    )
    campaign = InspectionCampaign("NCR-1959", "Mass inspection", found, problems=problems)
    assert campaign.share_with_measure == pytest.approx(2 / 3)
    assert campaign.share_resolved == pytest.approx(1 / 3)
