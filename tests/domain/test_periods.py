from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planworks.domain.errors import InputError
from planworks.domain.periods import Period, PeriodKind, day_number, from_day_number


@pytest.mark.parametrize(
    ("text", "start", "end", "kind"),
    [
        ("1960", date(1960, 1, 1), date(1960, 12, 31), PeriodKind.YEAR),
        ("1960-Q1", date(1960, 1, 1), date(1960, 3, 31), PeriodKind.QUARTER),
        ("1960-q4", date(1960, 10, 1), date(1960, 12, 31), PeriodKind.QUARTER),
        ("1960-02", date(1960, 2, 1), date(1960, 2, 29), PeriodKind.MONTH),
        ("1959-02-D3", date(1959, 2, 21), date(1959, 2, 28), PeriodKind.DEKAD),
        ("1958-10-D2", date(1958, 10, 11), date(1958, 10, 20), PeriodKind.DEKAD),
    ],
)
def test_parse(text: str, start: date, end: date, kind: PeriodKind) -> None:
    period = Period.parse(text)
    assert (period.start, period.end, period.kind) == (start, end, kind)
    assert Period.parse(period.label()) == period


@pytest.mark.parametrize("text", ["1960-13", "60-Q1", "1960-Q5", "1960-02-D4", "Q1", ""])
def test_parse_refuses(text: str) -> None:
    with pytest.raises(InputError, match="not a period"):
        Period.parse(text)


def test_kind_is_recognised_from_dates() -> None:
    assert Period.of(date(1960, 1, 1), date(1960, 3, 31)).kind is PeriodKind.QUARTER
    assert Period.of(date(1960, 1, 11), date(1960, 1, 20)).kind is PeriodKind.DEKAD
    assert Period.of(date(1959, 1, 1), date(1960, 3, 22)).kind is PeriodKind.RANGE


def test_previous_and_year_earlier() -> None:
    assert Period.parse("1960-02").previous() == Period.parse("1960-01")
    assert Period.parse("1960-Q1").previous() == Period.parse("1959-Q4")
    assert Period.parse("1960-03-D1").previous() == Period.parse("1960-02-D3")
    assert Period.parse("1960-02").year_earlier() == Period.parse("1959-02")
    assert Period.parse("1960-01-D1").previous() == Period.parse("1959-12-D3")
    span = Period.of(date(1960, 1, 2), date(1960, 1, 11))
    assert span.previous() == Period.of(date(1959, 12, 23), date(1960, 1, 1))


def test_elapsed_days() -> None:
    q1 = Period.parse("1960-Q1")
    assert q1.days == 91
    assert q1.elapsed_days(date(1959, 12, 31)) == 0
    assert q1.elapsed_days(date(1960, 3, 13)) == 73
    assert q1.elapsed_days(date(1961, 1, 1)) == 91


def test_end_before_start_is_refused() -> None:
    with pytest.raises(InputError, match="ends"):
        Period(date(1960, 2, 1), date(1960, 1, 1))


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_epoch_days_round_trip(d: date) -> None:
    assert from_day_number(day_number(d)) == d
    assert day_number(d + timedelta(days=1)) == day_number(d) + 1


calendar_periods = st.builds(
    lambda y, kind, n: {
        0: lambda: Period.year(y),
        1: lambda: Period.quarter(y, n % 4 + 1),
        2: lambda: Period.month(y, n % 12 + 1),
        3: lambda: Period.dekad(y, n % 12 + 1, n % 3 + 1),
    }[kind](),
    st.integers(1901, 2099),
    st.integers(0, 3),
    st.integers(0, 11),
)


@given(calendar_periods)
def test_previous_period_ends_the_day_before(period: Period) -> None:
    before = period.previous()
    assert before.kind is period.kind
    assert before.end + timedelta(days=1) == period.start
