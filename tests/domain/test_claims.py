from __future__ import annotations

from datetime import date

from planworks.domain.claims import Expect, Measure, Query


def test_expectations() -> None:
    assert Expect(equals=303_087).holds(303_087.0)
    assert not Expect(equals=303_087).holds(300_387.0)
    assert Expect(equals=4_400_000, tolerance=1).holds(4_400_000.4)
    assert Expect(at_least=2_000, at_most=9_999).holds(5_216.9)
    assert not Expect(above=18_000).holds(18_000.0)
    assert Expect(on=date(1958, 9, 15)).holds(date(1958, 9, 15))
    assert not Expect(on=date(1958, 9, 15)).holds(18_436.25)
    assert not Expect(equals=0).holds(None)
    assert Expect(at_least=2_000, at_most=9_999).describe() == ">= 2,000, <= 9,999"


def test_query_words() -> None:
    q = Query(Measure.DAYS_AHEAD, "CN-HE", "cement", date(1960, 1, 1), date(1960, 3, 31))
    assert q.describe() == "days ahead of plan: CN-HE cement 1960-Q1"
    over = Query(
        Measure.FIRST_DAY_OVER,
        "CN-HA",
        "iron",
        date(1958, 1, 1),
        date(1958, 12, 31),
        threshold=18_000,
    )
    assert over.describe() == "first day over 18,000: CN-HA iron 1958"
