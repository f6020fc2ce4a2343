"""Numbers as the reports of the time write them, in English and in Chinese.

Three ways of saying a number, chosen by what it is:

- exact: official totals, counts of things listed one by one (三十万三千零八十七吨,
  八百六十四项问题, 提前十八天);
- about ("over", X多): counts from a mass movement and record days, the lower bound
  to the leading digit (two digits when it is a one): 942 -> 九百多, 461,255 -> 四十多万,
  136,200 -> 十三万多, 18,436 -> 一万八千多;
- few ("a few", 几): small early amounts against a large later one: 5,217 -> 几千.

Percentages stay in Arabic figures with a full-width sign (3.35％), as in the originals;
day and month too (3月13日). Chinese numerals come from cn2an.
"""

from __future__ import annotations

import math
from datetime import date

import cn2an

__all__ = [
    "en_about",
    "en_date",
    "en_few",
    "en_number",
    "en_pct",
    "zh_about",
    "zh_date",
    "zh_few",
    "zh_number",
    "zh_ordinal",
    "zh_pct",
    "zh_times",
]


def _round(x: float, decimals: int) -> float:
    return round(x, decimals) if decimals else float(round(x))


def zh_number(x: float, decimals: int = 0) -> str:
    """Exact, in Chinese numerals, as a count or amount: 303087 -> 三十万三千零八十七,
    2.75 -> 二点七五; two of something is 两 (两天, 两千吨), as it is said."""
    value = _round(x, decimals)
    if value == int(value):
        text = str(cn2an.an2cn(int(value)))
        if text == "二" or text.startswith(("二千", "二万", "二亿")):
            return "两" + text[1:]
        return text
    return str(cn2an.an2cn(f"{value:.{decimals}f}".rstrip("0")))


def zh_ordinal(n: int) -> str:
    """A number that names rather than counts: 第二季度, 二级, 二百号."""
    return str(cn2an.an2cn(n))


def en_number(x: float, decimals: int = 0) -> str:
    value = _round(x, decimals)
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.{decimals}f}".rstrip("0")


def _lower_bound(n: float) -> int:
    """The round number a report would say 'over'.

    One leading digit (九百多, 四十多万), two when the first is a one and the number is
    counted in ten-thousands (十三万多, 一万八千多) or the second is large (一千八百多);
    but 1,174 is 一千多.
    """
    whole = math.floor(n)
    if whole < 100:
        return whole
    text = str(whole)
    digits = len(text)
    keep = 2 if text[0] == "1" and (whole >= 10_000 or text[1] >= "5") else 1
    unit = int(10 ** (digits - keep))
    return (whole // unit) * unit


def zh_about(n: float) -> str:
    """A count or amount 'and more': 942 -> 九百多, 461255 -> 四十多万, 31 -> 三十一."""
    base = _lower_bound(n)
    if base == n or n < 100:
        return zh_number(n)
    if base >= 100_000 and (base // 10_000) % 10 == 0:
        return f"{zh_number(base // 10_000)}多万"  # 四十多万: forty-odd ten-thousands
    return f"{zh_number(base)}多"


def en_about(n: float) -> str:
    base = _lower_bound(n)
    if base == n or n < 100:
        return en_number(n)
    return f"more than {base:,}"


_FEW_ZH = [(10**5, "几十万"), (10**4, "几万"), (1000, "几千"), (100, "几百"), (10, "几十")]
_FEW_EN = [
    (10**5, "a few hundred thousand"),
    (10**4, "a few tens of thousands"),
    (1000, "a few thousand"),
    (100, "a few hundred"),
    (10, "a few dozen"),
]


def zh_few(n: float) -> str:
    """The order of magnitude only: 5217 -> 几千, 313 -> 几百."""
    return next((word for bound, word in _FEW_ZH if n >= bound), zh_number(n))


def en_few(n: float) -> str:
    return next((word for bound, word in _FEW_EN if n >= bound), en_number(n))


def _pct_digits(x: float, decimals: int) -> str:
    text = f"{abs(x):.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text  # 100, not 1


def zh_pct(x: float, decimals: int = 2) -> str:
    """3.35％, 20％, 275.3％: Arabic figures, full-width sign, no trailing zeros."""
    return f"{_pct_digits(x, decimals)}％"


def en_pct(x: float, decimals: int = 2) -> str:
    return f"{_pct_digits(x, decimals)}%"


def zh_times(growth_pct: float) -> str:
    """Growth as times: 275.3% -> 二点七倍, 110% -> 一倍多, 100% -> 一倍."""
    times = round(growth_pct, 1) / 100.0  # 99.98% is said as 100%: 一倍
    if times >= 2:
        return f"{zh_number(math.floor(times * 10) / 10, 1)}倍"
    if times >= 1:
        return "一倍" if times == 1 else "一倍多"
    return zh_pct(growth_pct)


def zh_date(d: date, *, year: bool = False) -> str:
    """3月13日 (with the year: 1960年3月13日)."""
    return f"{d.year}年{d.month}月{d.day}日" if year else f"{d.month}月{d.day}日"


def en_date(d: date, *, year: bool = False) -> str:
    return f"{d.day} {d:%B}" + (f" {d.year}" if year else "")
