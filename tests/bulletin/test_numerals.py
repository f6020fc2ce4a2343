"""Numbers written as the originals write them."""

from __future__ import annotations

from datetime import date

import pytest

from planworks.bulletin.numerals import (
    en_about,
    en_few,
    en_number,
    en_pct,
    zh_about,
    zh_date,
    zh_few,
    zh_number,
    zh_ordinal,
    zh_pct,
    zh_times,
)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (303_087, "三十万三千零八十七"),  # seed 000
        (4_400_000, "四百四十万"),  # seed 003
        (4_680_000, "四百六十八万"),
        (313_000, "三十一万三千"),
        (864, "八百六十四"),  # seed 004
        (18, "十八"),
    ],
)
def test_exact(value: float, words: str) -> None:
    assert zh_number(value) == words


def test_two_is_liang_when_counting() -> None:
    assert zh_number(2) == "两"  # 提前两天, 两种新产品
    assert zh_number(2_214) == "两千二百一十四"
    assert zh_number(22) == "二十二"
    assert zh_number(200) == "二百"
    assert zh_number(2.7, 1) == "二点七"  # 二点七倍
    assert zh_ordinal(2) == "二"  # 第二季度, 二级


@pytest.mark.parametrize(
    ("value", "words", "english"),
    [
        (942, "九百多", "more than 900"),  # seed 001: 九百多座工厂
        (1_087, "一千多", "more than 1,000"),  # 一千多种新产品
        (1_174, "一千多", "more than 1,000"),
        (1_812, "一千八百多", "more than 1,800"),
        (330, "三百多", "more than 300"),
        (461_255, "四十多万", "more than 400,000"),  # seed 003: 四十多万座
        (136_200.5, "十三万多", "more than 130,000"),  # 十三万多吨
        (18_436.25, "一万八千多", "more than 18,000"),  # 一万八千多吨
        (31, "三十一", "31"),  # small counts stay exact
        (900, "九百", "900"),
    ],
)
def test_about(value: float, words: str, english: str) -> None:
    assert zh_about(value) == words
    assert en_about(value) == english


def test_few_and_percentages_and_times() -> None:
    assert zh_few(5_216.9) == "几千"  # seed 003: 只产铁几千吨
    assert zh_few(312.5) == "几百"  # 几百吨
    assert en_few(5_216.9) == "a few thousand"
    assert zh_pct(3.35) == "3.35％"
    assert zh_pct(20.0) == "20％"
    assert zh_pct(99.98, 0) == "100％"  # not 1％: whole numbers keep their zeros
    assert en_pct(20.0, 0) == "20%"
    assert zh_pct(275.3) == "275.3％"
    assert zh_times(275.3) == "二点七倍"  # seed 004's headline
    assert zh_times(110.0) == "一倍多"  # 提高了一倍多
    assert zh_times(100.0) == "一倍"
    assert zh_times(99.98) == "一倍"  # as a percentage it would read 100％
    assert zh_date(date(1960, 3, 13)) == "3月13日"
    assert en_number(303_087.0) == "303,087"
    assert en_number(2.5, 1) == "2.5"
