"""Synthetic production networks: a scenario folder of any size, for benchmarks and checks.

`generate` writes a whole scenario folder (regions, products, units, plans, recipes, links and
daily reports) in the format of MISSION.md, from a handful of numbers and a seed. Everything is
synthetic and labelled so: the root region is `SY` ("Synthetia", 合成国) and every code starts
with `SY`, so a synthetic network can never be mistaken for (or collide with) a replay.

The model, per unit and day: output = capacity x utilisation (per unit) x weekly shape (the rest
day is lower) x seasonal shape (a winter dip) x start-up ramp x noise; about 2% of days are not
reported and about 1% are idle (reported as 0). Grades are drawn per unit-day around a per-unit
quality. Plans are set at 0.9-1.1 of the output the model expects, computed analytically, so
they do not peek at the drawn reports.

Scale is the point: 400,000 units over 365 days is 146 million report rows. Reports are made
a few days at a time with NumPy and written as one Parquet row group (or CSV block) per chunk,
so memory stays bounded; each day has its own random stream, so the rows of a day do not depend
on how days are chunked, and the same arguments always give byte-identical files.
"""

from __future__ import annotations

import contextlib
import math
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from planworks.domain.periods import day_number

__all__ = ["SynthSummary", "default_counties", "generate"]

_F64 = npt.NDArray[np.float64]
_I64 = npt.NDArray[np.int64]
_Bool = npt.NDArray[np.bool_]

# -- the network's vocabulary ------------------------------------------------------------

PRODUCTS = ("coal", "iron-ore", "iron", "steel", "rolled-steel")
KINDS = ("indigenous", "modern", "large")
_GRADED = np.array([False, False, True, True, False])
_GRADES = (1.0, 2.0, 3.0)

_PRODUCT_ROWS: tuple[tuple[str, str, str, str, float | None, str | None, float | None], ...] = (
    # code, name, name_zh, uom, constant price (yuan per t), grades, min_grade
    ("coal", "Coal", "煤", "t", 20.0, None, None),
    ("iron-ore", "Iron ore", "铁矿石", "t", 12.0, None, None),
    ("iron", "Pig iron", "生铁", "t", 150.0, "1|2|3", 2.0),
    ("steel", "Steel", "钢", "t", 300.0, "1|2|3", 2.0),
    ("rolled-steel", "Rolled steel", "钢材", "t", 600.0, None, None),
    # a waste, not made by any unit: listed so that recipes can name it
    ("slag", "Slag", "炉渣", "t", None, None, None),
)

_INDUSTRY = ("coal mining", "ore mining", "ironmaking", "steelmaking", "steel rolling")

#: What a unit is called, by product (rows) and kind (columns).
_NOUN = (
    ("coal pit", "coal mine", "colliery"),
    ("ore pit", "ore mine", "iron mine"),
    ("iron furnace", "blast furnace", "ironworks"),
    ("steel furnace", "steel plant", "steelworks"),
    ("rolling shop", "rolling mill", "rolling works"),
)

#: Share of units by kind.
_KIND_SHARE = np.array([0.85, 0.14, 0.01])

#: Product mix by kind (rows sum to 1): the chain coal -> ore -> iron -> steel -> rolled steel
#: has many pits and furnaces at the bottom and few rolling mills at the top.
_PRODUCT_MIX = np.array(
    [
        [0.40, 0.28, 0.26, 0.06, 0.00],
        [0.30, 0.20, 0.28, 0.15, 0.07],
        [0.25, 0.15, 0.25, 0.22, 0.13],
    ]
)

#: Median capacity in t per day by kind (rows) and product (columns), and the lognormal spread
#: by kind: a backyard furnace makes about a tonne a day, a large ironworks a few hundred.
_CAPACITY_MEDIAN = np.array(
    [
        [6.0, 5.0, 1.2, 0.6, 0.5],
        [60.0, 50.0, 15.0, 12.0, 12.0],
        [1500.0, 1200.0, 300.0, 250.0, 200.0],
    ]
)
_CAPACITY_SIGMA = np.array([0.6, 0.5, 0.4])

#: Utilisation per unit ~ Beta(a, b) by kind: small units run further below capacity.
_UTILISATION_BETA = np.array([[4.0, 3.0], [6.0, 3.0], [9.0, 2.0]])

#: Day-to-day noise (lognormal sigma) by kind; each unit gets 0.7-1.3 times its kind's.
_NOISE_SIGMA = np.array([0.25, 0.15, 0.08])

#: Weekly shape, Monday to Sunday (the rest day), and how strongly each kind follows it:
#: large plants run continuous processes and barely slow down on the rest day.
_WEEK = np.array([1.0, 1.03, 1.04, 1.03, 1.0, 0.97, 0.65])
_WEEK_AMPLITUDE = np.array([1.0, 0.8, 0.3])

#: Depth of the winter dip (in mid-January) by kind: frozen ground stops pits and furnaces.
_WINTER_DIP = np.array([0.25, 0.12, 0.05])

#: Quality: a unit's mean grade level ~ N(mean, sd) by kind; a day's grade is its rounded mean
#: plus N(0, _GRADE_SD), clipped to the grade range.
_QUALITY_MEAN = np.array([1.7, 2.3, 2.7])
_QUALITY_SD = np.array([0.4, 0.3, 0.2])
_GRADE_SD = 0.6

#: Chance by kind that a unit opens during the period, or closes during it, and the oldest a
#: unit already open at the start may be (in days).
_OPENS = np.array([0.10, 0.05, 0.01])
_CLOSES = np.array([0.04, 0.01, 0.0])
_MAX_AGE_DAYS = np.array([730, 1825, 7300])

_P_MISSING = 0.02  # a day the unit does not report
_P_IDLE = 0.01  # a day it reports 0
_RAMP_DAYS = 14  # a new unit reaches full output over its first two weeks
_PLAN_SPREAD = 0.1  # targets are 0.9-1.1 of the expected output

_CHUNK_ROWS = 4_000_000  # report rows per chunk (one Parquet row group)

#: Recipes: product, kind, input, per unit of output, role. Indigenous units burn much more
#: coal and ore per tonne than modern and large ones.
_RECIPE_ROWS: tuple[tuple[str, str, str, float, str], ...] = (
    ("iron", "indigenous", "iron-ore", 2.2, "input"),
    ("iron", "indigenous", "coal", 3.0, "input"),
    ("iron", "indigenous", "slag", 0.9, "waste"),
    ("iron", "modern", "iron-ore", 1.8, "input"),
    ("iron", "modern", "coal", 1.5, "input"),
    ("iron", "modern", "slag", 0.6, "waste"),
    ("iron", "large", "iron-ore", 1.6, "input"),
    ("iron", "large", "coal", 0.9, "input"),
    ("iron", "large", "slag", 0.4, "waste"),
    ("steel", "indigenous", "iron", 1.35, "input"),
    ("steel", "indigenous", "coal", 0.8, "input"),
    ("steel", "modern", "iron", 1.15, "input"),
    ("steel", "modern", "coal", 0.4, "input"),
    ("steel", "large", "iron", 1.08, "input"),
    ("steel", "large", "coal", 0.25, "input"),
    ("rolled-steel", "indigenous", "steel", 1.5, "input"),
    ("rolled-steel", "modern", "steel", 1.3, "input"),
    ("rolled-steel", "large", "steel", 1.15, "input"),
)

#: Syllables for synthetic place names, with a character for each. All start with a consonant,
#: so joined syllables read unambiguously.
_SYLLABLES = (
    ("bao", "宝"), ("bei", "北"), ("bin", "滨"), ("chang", "昌"), ("cheng", "城"),
    ("chun", "春"), ("dong", "东"), ("feng", "丰"), ("fu", "福"), ("gang", "岗"),
    ("guang", "广"), ("gui", "桂"), ("hai", "海"), ("he", "河"), ("heng", "恒"),
    ("hong", "红"), ("hua", "华"), ("huai", "淮"), ("jian", "建"), ("jiang", "江"),
    ("jin", "金"), ("jing", "靖"), ("kang", "康"), ("lin", "林"), ("ling", "陵"),
    ("long", "隆"), ("lu", "鹿"), ("luo", "洛"), ("mei", "梅"), ("ming", "明"),
    ("nan", "南"), ("ning", "宁"), ("ping", "平"), ("qing", "青"), ("quan", "泉"),
    ("rong", "荣"), ("shan", "山"), ("shi", "石"), ("shun", "顺"), ("song", "松"),
    ("tai", "泰"), ("tian", "田"), ("tong", "通"), ("wei", "渭"), ("wen", "文"),
    ("xi", "西"), ("xin", "新"), ("xing", "兴"), ("yang", "阳"), ("ying", "营"),
    ("yong", "永"), ("yu", "玉"), ("yuan", "源"), ("yun", "云"), ("ze", "泽"),
    ("zhang", "章"), ("zhao", "昭"), ("zhen", "镇"), ("zhong", "中"), ("zhou", "州"),
)  # fmt: skip

_ROOT = ("SY", "nation", "Synthetia", "合成国")

# Independent random streams, so that e.g. the plans do not shift when the report model changes.
_STREAM_REGIONS, _STREAM_UNITS, _STREAM_PLANS, _STREAM_LINKS, _STREAM_REPORTS = range(5)

_REPORT_SCHEMA = pa.schema(
    [
        ("unit", pa.dictionary(pa.int32(), pa.string())),
        ("date", pa.date32()),
        ("product", pa.dictionary(pa.int8(), pa.string())),
        ("quantity", pa.float64()),
        ("grade", pa.float64()),
    ]
)


@dataclass(frozen=True, slots=True)
class SynthSummary:
    """What `generate` wrote: sizes, counts, the files (in writing order) and the time taken."""

    units: int
    days: int
    reports: int
    regions: int
    plans: int
    files: tuple[Path, ...]
    seconds: float


def generate(
    folder: Path,
    *,
    units: int,
    days: int,
    seed: int = 0,
    start: date = date(1959, 1, 1),
    counties: int | None = None,
    fmt: Literal["parquet", "csv"] = "parquet",
    progress: Callable[[int, int], None] | None = None,
) -> SynthSummary:
    """Write a synthetic scenario folder of `units` units reporting for `days` days from `start`.

    `counties` defaults to about one county per 135 units (1 to 2,900); provinces (up to 31)
    and prefectures (up to about 340) scale with it. `fmt` chooses how the two large tables,
    units and reports, are written (the small ones are always CSV); a stale copy of those two in
    the other format is removed so the folder is unambiguous. `progress(done_days, days)` is
    called after each chunk of days is written. The same arguments give byte-identical files.
    """
    began = time.perf_counter()
    if units < 1 or days < 1:
        raise ValueError("units and days must be at least 1")
    if seed < 0:
        raise ValueError("seed must be at least 0")
    if counties is not None and counties < 1:
        raise ValueError("counties must be at least 1")
    if fmt not in ("parquet", "csv"):
        raise ValueError(f"fmt must be 'parquet' or 'csv', not {fmt!r}")
    n_counties = counties if counties is not None else default_counties(units)
    folder.mkdir(parents=True, exist_ok=True)
    other = "csv" if fmt == "parquet" else "parquet"
    for stale in ("units", "reports"):
        (folder / f"{stale}.{other}").unlink(missing_ok=True)

    regions = _make_regions(_rng(seed, _STREAM_REGIONS), n_counties)
    net = _make_units(_rng(seed, _STREAM_UNITS), regions, units, days, day_number(start))
    files: list[Path] = []

    files.append(_write_csv(folder / "regions.csv", regions.table()))
    files.append(_write_csv(folder / "products.csv", _products_table()))
    units_table = net.table(regions)
    if fmt == "parquet":
        files.append(_write_parquet(folder / "units.parquet", units_table))
    else:
        files.append(_write_csv(folder / "units.csv", units_table))
    plans = _make_plans(_rng(seed, _STREAM_PLANS), regions, net, start, days)
    files.append(_write_csv(folder / "plans.csv", plans))
    files.append(_write_csv(folder / "recipes.csv", _recipes_table()))
    files.append(_write_csv(folder / "links.csv", _make_links(_rng(seed, _STREAM_LINKS), regions)))
    path = folder / f"reports.{fmt}"
    n_reports = _write_reports(path, fmt, net, seed, day_number(start), days, progress)
    files.append(path)

    return SynthSummary(
        units=units,
        days=days,
        reports=n_reports,
        regions=regions.count,
        plans=plans.num_rows,
        files=tuple(files),
        seconds=time.perf_counter() - began,
    )


def default_counties(units: int) -> int:
    """How many counties `generate` makes for `units` units when not told: about one per 135."""
    return min(2900, max(1, math.floor(units / 135 + 0.5)))


def _rng(seed: int, *key: int) -> np.random.Generator:
    return np.random.default_rng([seed, *key])


# -- strings, vectorised -----------------------------------------------------------------


def _digits(values: npt.NDArray[np.integer[Any]], width: int) -> Any:
    """Non-negative integers as zero-padded strings (an Arrow string array)."""
    return pc.utf8_lpad(pa.array(values).cast(pa.string()), width=width, padding="0")


def _join(*parts: Any) -> Any:
    """Element-wise concatenation of Arrow string arrays and plain strings."""
    return pc.binary_join_element_wise(*parts, "")


def _width(largest: int, least: int) -> int:
    return max(least, len(str(largest)))


# -- regions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Regions:
    """The region tree, level by level; codes and names are Arrow string arrays."""

    province_code: Any
    province_name: Any
    province_zh: Any
    prefecture_code: Any
    prefecture_name: Any
    prefecture_zh: Any
    prefecture_province: _I64  # index of each prefecture's province
    prefecture_xy: _F64  # a synthetic map position, for the links
    prefecture_is_hub: _Bool  # the first prefecture of each province is its hub
    county_code: Any
    county_name: Any
    county_zh: Any
    county_prefecture: _I64

    @property
    def count(self) -> int:
        return 1 + len(self.province_code) + len(self.prefecture_code) + len(self.county_code)

    def table(self) -> Any:
        n_p, n_f, n_c = len(self.province_code), len(self.prefecture_code), len(self.county_code)
        return pa.table(
            {
                "code": pa.concat_arrays(
                    [
                        pa.array([_ROOT[0]]),
                        self.province_code,
                        self.prefecture_code,
                        self.county_code,
                    ]
                ),
                "parent": pa.concat_arrays(
                    [
                        pa.array([None], pa.string()),
                        pa.array(np.full(n_p, _ROOT[0])),
                        self.province_code.take(pa.array(self.prefecture_province)),
                        self.prefecture_code.take(pa.array(self.county_prefecture)),
                    ]
                ),
                "level": pa.array(
                    np.repeat(
                        np.array([_ROOT[1], "province", "prefecture", "county"]),
                        [1, n_p, n_f, n_c],
                    )
                ),
                "name": pa.concat_arrays(
                    [
                        pa.array([_ROOT[2]]),
                        self.province_name,
                        self.prefecture_name,
                        self.county_name,
                    ]
                ),
                "name_zh": pa.concat_arrays(
                    [pa.array([_ROOT[3]]), self.province_zh, self.prefecture_zh, self.county_zh]
                ),
            }
        )


def _split(rng: np.random.Generator, total: int, parts: int) -> _I64:
    """`total` items shared among `parts` groups, each at least one, unevenly."""
    weights = rng.dirichlet(np.full(parts, 3.0))
    extra: _I64 = rng.multinomial(total - parts, weights).astype(np.int64)
    return extra + 1


def _names(rng: np.random.Generator, n: int) -> tuple[Any, Any]:
    """`n` distinct pronounceable names, and their Chinese forms (one character a syllable)."""
    s = len(_SYLLABLES)
    length = 2
    while s**length < n:
        length += 1
    picks = rng.choice(s**length, size=n, replace=False)
    pinyin = pa.array([p for p, _ in _SYLLABLES])
    hanzi = pa.array([h for _, h in _SYLLABLES])
    latin: list[Any] = []
    chinese: list[Any] = []
    for place in range(length - 1, -1, -1):
        digit = pa.array((picks // s**place) % s)
        latin.append(pinyin.take(digit))
        chinese.append(hanzi.take(digit))
    return pc.utf8_capitalize(_join(*latin)), _join(*chinese)


def _make_regions(rng: np.random.Generator, n_counties: int) -> _Regions:
    # At full size (2,900 counties) the tree has 31 provinces and 340 prefectures, as China
    # had; smaller networks shrink the upper levels more slowly than the counties.
    scale = n_counties / 2900
    n_prov = int(min(31, max(1, round(31 * scale**0.5))))
    n_pref = int(min(n_counties, max(n_prov, round(340 * scale**0.75))))

    prefs_per_prov = _split(rng, n_pref, n_prov)
    counties_per_pref = _split(rng, n_counties, n_pref)
    pref_prov = np.repeat(np.arange(n_prov), prefs_per_prov)
    county_pref = np.repeat(np.arange(n_pref), counties_per_pref)
    pref_first = np.cumsum(prefs_per_prov) - prefs_per_prov
    county_first = np.cumsum(counties_per_pref) - counties_per_pref
    pref_rank = np.arange(n_pref) - pref_first[pref_prov]
    county_rank = np.arange(n_counties) - county_first[county_pref]

    prov_code = _join("SY-P", _digits(np.arange(1, n_prov + 1), _width(n_prov, 2)))
    pref_code = _join(
        prov_code.take(pa.array(pref_prov)),
        "-F",
        _digits(pref_rank + 1, _width(int(prefs_per_prov.max()), 2)),
    )
    county_code = _join(
        pref_code.take(pa.array(county_pref)),
        "-C",
        _digits(county_rank + 1, _width(int(counties_per_pref.max()), 3)),
    )

    name, zh = _names(rng, n_prov + n_pref + n_counties)
    a, b = n_prov, n_prov + n_pref
    centre = rng.uniform(0.0, 100.0, size=(n_prov, 2))
    xy = centre[pref_prov] + rng.normal(0.0, 6.0, size=(n_pref, 2))
    return _Regions(
        province_code=prov_code,
        province_name=name.slice(0, a),
        province_zh=_join(zh.slice(0, a), "省"),
        prefecture_code=pref_code,
        prefecture_name=name.slice(a, b - a),
        prefecture_zh=_join(zh.slice(a, b - a), "地区"),
        prefecture_province=pref_prov,
        prefecture_xy=xy,
        prefecture_is_hub=pref_rank == 0,
        county_code=county_code,
        county_name=name.slice(b),
        county_zh=_join(zh.slice(b), "县"),
        county_prefecture=county_pref,
    )


# -- units -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Units:
    """Every unit as columns, sorted by county, product and kind (the order of the codes)."""

    code: Any  # Arrow strings
    name: Any
    county: _I64
    kind: _I64
    product: _I64
    capacity: _F64
    rate: _F64  # capacity x utilisation: the expected output of a normal full day
    noise: _F64  # lognormal sigma of the day-to-day noise
    quality: _F64  # mean grade level
    opened: _I64  # epoch day
    closed: _I64  # epoch day it no longer reports on; a day far in the future if never

    def table(self, regions: _Regions) -> Any:
        never = self.closed >= _NEVER
        closed = pa.array(np.where(never, 0, self.closed).astype(np.int32), mask=never)
        return pa.table(
            {
                "code": self.code,
                "name": self.name,
                "region": regions.county_code.take(pa.array(self.county)),
                "kind": pa.array(KINDS).take(pa.array(self.kind)),
                "industry": pa.array(_INDUSTRY).take(pa.array(self.product)),
                "product": pa.array(PRODUCTS).take(pa.array(self.product)),
                "capacity": pa.array(self.capacity),
                "opened": pa.array(self.opened.astype(np.int32)).view(pa.date32()),
                "closed": closed.view(pa.date32()),
            }
        )


_NEVER = 10**7  # an epoch day in the year 29349: "not closed"


def _make_units(
    rng: np.random.Generator, regions: _Regions, n: int, days: int, start: int
) -> _Units:
    # Every draw is made for every unit, whether used or not, so that one column's draws never
    # shift another's.
    kind = rng.choice(len(KINDS), size=n, p=_KIND_SHARE)
    mix = np.cumsum(_PRODUCT_MIX, axis=1)[kind]
    product = np.minimum((rng.random(n)[:, None] >= mix).sum(axis=1), len(PRODUCTS) - 1)
    n_counties = len(regions.county_code)
    # Counties differ in size: a lognormal weight each.
    weight = rng.lognormal(0.0, 0.7, size=n_counties)
    county = rng.choice(n_counties, size=n, p=weight / weight.sum())
    capacity = np.maximum(
        np.round(
            _CAPACITY_MEDIAN[kind, product]
            * np.exp(_CAPACITY_SIGMA[kind] * rng.standard_normal(n)),
            3,
        ),
        0.001,
    )
    utilisation = rng.beta(_UTILISATION_BETA[kind, 0], _UTILISATION_BETA[kind, 1])
    noise = _NOISE_SIGMA[kind] * rng.uniform(0.7, 1.3, size=n)
    quality = np.clip(rng.normal(_QUALITY_MEAN[kind], _QUALITY_SD[kind]), 0.6, 3.4)

    age = rng.integers(1, _MAX_AGE_DAYS[kind] + 1)
    opens_late = (rng.random(n) < _OPENS[kind]) & (days > 1)
    open_day = np.where(opens_late, rng.integers(1, max(days, 2), size=n), -age)
    # A closing unit closes on a day after its first day in the period, inside the period.
    first = np.maximum(open_day, 0)
    closes = (rng.random(n) < _CLOSES[kind]) & (first <= days - 2)
    close_day = (
        first + 1 + np.floor(rng.random(n) * np.maximum(days - 1 - first, 1)).astype(np.int64)
    )
    closed = np.where(closes, start + close_day, _NEVER)

    order = np.lexsort((kind, product, county))
    kind, product, county = kind[order], product[order], county[order]
    # The name numbers units of one noun in one county: "Baoshan iron furnace 12".
    group = (county * len(PRODUCTS) + product) * len(KINDS) + kind
    is_first = np.r_[True, group[1:] != group[:-1]]
    first_of_group = np.flatnonzero(is_first)
    seq = np.arange(n) - first_of_group[np.cumsum(is_first) - 1] + 1
    nouns = pa.array([noun for row in _NOUN for noun in row])
    name = _join(
        regions.county_name.take(pa.array(county)),
        " ",
        nouns.take(pa.array(product * len(KINDS) + kind)),
        " ",
        pa.array(seq).cast(pa.string()),
    )
    code = _join("SY-U", _digits(np.arange(1, n + 1), _width(n, 6)))
    return _Units(
        code=code,
        name=name,
        county=county.astype(np.int64),
        kind=kind.astype(np.int64),
        product=product.astype(np.int64),
        capacity=capacity[order],
        rate=(capacity * utilisation)[order],
        noise=noise[order],
        quality=quality[order],
        opened=(start + open_day)[order].astype(np.int64),
        closed=closed[order].astype(np.int64),
    )


# -- the daily model ---------------------------------------------------------------------


def _shape(days: _I64) -> _F64:
    """Weekly x seasonal factor for each kind (rows) on each epoch day (columns)."""
    weekday = (days + 3) % 7  # epoch day 0 (1970-01-01) was a Thursday; Monday is 0
    week = 1.0 + _WEEK_AMPLITUDE[:, None] * (_WEEK[weekday][None, :] - 1.0)
    # The dip is deepest in mid-January (epoch day 14 is 15 January).
    winter = (1.0 + np.cos(2.0 * np.pi * (days - 14) / 365.2425)) / 2.0
    season = 1.0 - _WINTER_DIP[:, None] * winter[None, :]
    out: _F64 = week * season
    return out


def _day_rows(net: _Units, seed: int, index: int, day: int) -> tuple[_I64, _F64, _F64]:
    """The reports of one day: unit indices (ascending), quantities, grades (NaN: none)."""
    rng = _rng(seed, _STREAM_REPORTS, index)
    n = len(net.kind)
    draw = rng.random(n)
    present = (net.opened <= day) & (day < net.closed) & (draw >= _P_MISSING)
    unit = np.flatnonzero(present)
    kind = net.kind[unit]
    sigma = net.noise[unit]
    factor = _shape(np.array([day], dtype=np.int64))[:, 0]
    ramp = np.minimum(1.0, (day - net.opened[unit] + 1) / _RAMP_DAYS)
    # exp(sigma z - sigma^2 / 2) has mean 1, so noise does not move the expected output.
    noise = np.exp(sigma * rng.standard_normal(unit.size) - sigma * sigma / 2.0)
    quantity = net.rate[unit] * factor[kind] * ramp * noise
    quantity[draw[unit] < _P_MISSING + _P_IDLE] = 0.0
    quantity = np.round(quantity, 3)
    # Idle days keep their drawn grade: it weighs nothing in quantity-weighted figures.
    grade = np.full(unit.size, np.nan)
    graded = _GRADED[net.product[unit]]
    level = np.rint(net.quality[unit[graded]] + _GRADE_SD * rng.standard_normal(int(graded.sum())))
    grade[graded] = np.asarray(_GRADES)[np.clip(level, 1, len(_GRADES)).astype(np.int64) - 1]
    return unit.astype(np.int64), quantity, grade


def _write_reports(
    path: Path,
    fmt: str,
    net: _Units,
    seed: int,
    start: int,
    days: int,
    progress: Callable[[int, int], None] | None,
) -> int:
    """Write the reports, a chunk of days at a time; return how many rows were written."""
    chunk = max(1, min(days, _CHUNK_ROWS // len(net.kind)))
    products = pa.array(PRODUCTS)
    product_of = net.product.astype(np.int8)
    total = 0
    with contextlib.ExitStack() as stack:
        partial = stack.enter_context(_replacing(path))
        writer: Any
        if fmt == "parquet":
            # The unit column is written straight from its dictionary (no string per row), with
            # room for a dictionary of every unit. The Arrow schema is not stored, so readers
            # see plain string columns, as the format says.
            writer = pq.ParquetWriter(
                partial,
                _REPORT_SCHEMA,
                compression="zstd",
                use_dictionary=["unit", "date", "product", "grade"],
                dictionary_pagesize_limit=64 << 20,
                store_schema=False,
            )
        else:
            sink = stack.enter_context(pa.OSFile(str(partial), "wb"))
            sink.write(_header(_REPORT_SCHEMA.names))
            writer = pacsv.CSVWriter(sink, _plain(_REPORT_SCHEMA), write_options=_CSV_OPTIONS)
        stack.callback(writer.close)
        for first in range(0, days, chunk):
            parts = [
                _day_rows(net, seed, i, start + i) for i in range(first, min(days, first + chunk))
            ]
            unit = np.concatenate([p[0] for p in parts])
            counts = [p[0].size for p in parts]
            day = np.repeat(np.arange(start + first, start + first + len(parts)), counts)
            columns = {
                "unit": pa.DictionaryArray.from_arrays(pa.array(unit.astype(np.int32)), net.code),
                "date": pa.array(day.astype(np.int32)).view(pa.date32()),
                "product": pa.DictionaryArray.from_arrays(pa.array(product_of[unit]), products),
                "quantity": pa.array(np.concatenate([p[1] for p in parts])),
                "grade": pa.array(np.concatenate([p[2] for p in parts]), from_pandas=True),
            }
            if fmt == "parquet":
                table = pa.table(columns, schema=_REPORT_SCHEMA)
                writer.write_table(table, row_group_size=max(1, table.num_rows))
            else:
                columns["unit"] = columns["unit"].dictionary_decode()
                columns["product"] = columns["product"].dictionary_decode()
                writer.write_table(pa.table(columns))
            total += unit.size
            if progress is not None:
                progress(first + len(parts), days)
    return total


# -- plans -------------------------------------------------------------------------------


def _periods(first: date, last: date) -> list[tuple[str, date, date]]:
    """Calendar years, quarters and months that intersect [first, last], as (plan, start, end)."""
    out: list[tuple[str, date, date]] = []
    for year in range(first.year, last.year + 1):
        out.append(("annual", date(year, 1, 1), date(year, 12, 31)))
    for year in range(first.year, last.year + 1):
        for q in range(4):
            s = date(year, 3 * q + 1, 1)
            e = (date(year + 1, 1, 1) if q == 3 else date(year, 3 * q + 4, 1)) - timedelta(1)
            if s <= last and e >= first:
                out.append(("quarterly", s, e))
    for year in range(first.year, last.year + 1):
        for m in range(1, 13):
            s = date(year, m, 1)
            e = (date(year + 1, 1, 1) if m == 12 else date(year, m + 1, 1)) - timedelta(1)
            if s <= last and e >= first:
                out.append(("monthly", s, e))
    return out


def _make_plans(
    rng: np.random.Generator, regions: _Regions, net: _Units, start: date, days: int
) -> Any:
    """Plans for every province, prefecture and county, for each product it makes.

    A target is the output the model expects for the scope and period times 0.9-1.1. The
    expectation is analytical: each unit's full-day rate x the share of days it produces x
    the sum of the weekly, seasonal and start-up shape over the days it is open in the period.
    It extends past the generated days when a calendar period does, as a plan made in advance
    would.
    """
    end = start + timedelta(days - 1)
    periods = _periods(start, end)
    lo, hi = day_number(date(start.year, 1, 1)), day_number(date(end.year, 12, 31))
    shape = _shape(np.arange(lo, hi + 1, dtype=np.int64))
    cum = np.concatenate([np.zeros((len(KINDS), 1)), np.cumsum(shape, axis=1)], axis=1)
    rate = net.rate * (1.0 - _P_MISSING - _P_IDLE)

    county = net.county
    prefecture = regions.county_prefecture[county]
    province = regions.prefecture_province[prefecture]
    levels = (
        (0, regions.province_code, province, ("annual", "quarterly", "monthly")),
        (1, regions.prefecture_code, prefecture, ("annual",)),
        (2, regions.county_code, county, ("annual",)),
    )
    n_products = len(PRODUCTS)
    kind_order = {"annual": 0, "quarterly": 1, "monthly": 2}
    cols: dict[str, list[Any]] = {k: [] for k in ("level", "scope", "product", "kind", "start")}
    cols |= {"end": [], "target": [], "plan": []}
    for plan, s, e in periods:
        a = np.clip(np.maximum(net.opened, day_number(s)) - lo, 0, hi - lo + 1)
        b = np.clip(np.minimum(net.closed, day_number(e) + 1) - lo, 0, hi - lo + 1)
        b = np.maximum(a, b)
        days_shape = cum[net.kind, b] - cum[net.kind, a]
        # Less what the start-up ramp withholds on a unit's first days that fall in the period.
        for age in range(_RAMP_DAYS - 1):
            t = net.opened + age - lo
            inside = (t >= a) & (t < b)
            withheld = 1.0 - (age + 1) / _RAMP_DAYS
            days_shape -= inside * withheld * shape[net.kind, np.clip(t, 0, hi - lo)]
        expected = rate * days_shape
        for level, codes, region, kinds in levels:
            if plan not in kinds:
                continue
            size = len(codes) * n_products
            total = np.bincount(region * n_products + net.product, expected, minlength=size)
            factor = rng.uniform(1.0 - _PLAN_SPREAD, 1.0 + _PLAN_SPREAD, size=size)
            target = np.round(total * factor, 3)
            keep = np.flatnonzero(target > 0)
            cols["level"].append(np.full(keep.size, level))
            cols["scope"].append(keep // n_products)
            cols["product"].append(keep % n_products)
            cols["kind"].append(np.full(keep.size, kind_order[plan]))
            cols["start"].append(np.full(keep.size, day_number(s)))
            cols["end"].append(np.full(keep.size, day_number(e)))
            cols["target"].append(target[keep])
            cols["plan"].append(np.full(keep.size, plan))
    flat = {k: np.concatenate(v) for k, v in cols.items()}
    order = np.lexsort((flat["start"], flat["kind"], flat["product"], flat["scope"], flat["level"]))
    flat = {k: v[order] for k, v in flat.items()}
    scope = pa.chunked_array(
        [
            codes.take(pa.array(flat["scope"][flat["level"] == level]))
            for level, codes, _, _ in levels
        ],
        pa.string(),
    ).combine_chunks()
    return pa.table(
        {
            "scope": scope,
            "product": pa.array(PRODUCTS).take(pa.array(flat["product"])),
            "start": pa.array(flat["start"].astype(np.int32)).view(pa.date32()),
            "end": pa.array(flat["end"].astype(np.int32)).view(pa.date32()),
            "target": pa.array(flat["target"]),
            "plan": pa.array(flat["plan"]),
        }
    )


# -- links -------------------------------------------------------------------------------

_MODES = ("rail", "road", "water")
_LINK_MEDIAN = np.array([8000.0, 600.0, 3000.0])  # t per day, by mode
_LINK_SIGMA = np.array([0.5, 0.6, 0.6])
_NEIGHBOURS = 3


def _make_links(rng: np.random.Generator, regions: _Regions) -> Any:
    """Transport links between prefectures, both ways, with a capacity in t per day.

    Each prefecture has road (sometimes water) links to its nearest neighbours and a rail link
    to its province's hub; each hub has rail links to the nearest other hubs.
    """
    xy = regions.prefecture_xy
    n = len(xy)
    hub_index = np.flatnonzero(regions.prefecture_is_hub)
    edges: list[_I64] = []  # rows (a, b, mode) with a < b
    if n > 1:
        dist = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
        np.fill_diagonal(dist, np.inf)
        k = min(_NEIGHBOURS, n - 1)
        near = np.argsort(dist, axis=1, kind="stable")[:, :k]
        a = np.repeat(np.arange(n), k)
        b = near.ravel()
        water = rng.random(a.size) < 0.15
        edges.append(np.stack([a, b, np.where(water, 2, 1)], axis=1))
        hub = hub_index[regions.prefecture_province]
        spoke = np.flatnonzero(hub != np.arange(n))
        edges.append(np.stack([spoke, hub[spoke], np.zeros(spoke.size, np.int64)], axis=1))
        if hub_index.size > 1:
            hub_dist = dist[np.ix_(hub_index, hub_index)]
            kh = min(2, hub_index.size - 1)
            near_hub = hub_index[np.argsort(hub_dist, axis=1, kind="stable")[:, :kh]]
            ha = np.repeat(hub_index, kh)
            edges.append(np.stack([ha, near_hub.ravel(), np.zeros(ha.size, np.int64)], axis=1))
    if edges:
        e = np.concatenate(edges)
        e = np.stack([np.minimum(e[:, 0], e[:, 1]), np.maximum(e[:, 0], e[:, 1]), e[:, 2]], axis=1)
        e = np.unique(e, axis=0)  # sorted by (a, b, mode)
    else:
        e = np.zeros((0, 3), np.int64)
    mode = e[:, 2]
    capacity = np.round(
        _LINK_MEDIAN[mode] * np.exp(_LINK_SIGMA[mode] * rng.standard_normal(len(e)))
    )
    # Both directions, with the same capacity.
    src = np.concatenate([e[:, 0], e[:, 1]])
    dst = np.concatenate([e[:, 1], e[:, 0]])
    mode2 = np.concatenate([mode, mode])
    cap2 = np.concatenate([capacity, capacity])
    order = np.lexsort((mode2, dst, src))
    codes = regions.prefecture_code
    return pa.table(
        {
            "source": codes.take(pa.array(src[order], pa.int64())),
            "target": codes.take(pa.array(dst[order], pa.int64())),
            "mode": pa.array(_MODES).take(pa.array(mode2[order], pa.int64())),
            "capacity": pa.array(cap2[order], pa.float64()),
        }
    )


# -- constant tables -----------------------------------------------------------------------


def _columns(rows: Sequence[tuple[Any, ...]], names: Sequence[str]) -> dict[str, list[Any]]:
    return {name: [row[i] for row in rows] for i, name in enumerate(names)}


def _products_table() -> Any:
    names = ("code", "name", "name_zh", "uom", "price", "grades", "min_grade")
    types = (pa.string(),) * 4 + (pa.float64(), pa.string(), pa.float64())  # price may be null
    cols = _columns(_PRODUCT_ROWS, names)
    return pa.table({n: pa.array(cols[n], t) for n, t in zip(names, types, strict=True)})


def _recipes_table() -> Any:
    names = ("product", "kind", "input", "per_unit", "role")
    table = pa.table(_columns(_RECIPE_ROWS, names))
    # Synthetia's technology: the lines hold for units under the synthetic root only
    return table.append_column("region", pa.array(["SY"] * table.num_rows))


# -- writing -----------------------------------------------------------------------------

_CSV_OPTIONS = pacsv.WriteOptions(include_header=False, quoting_style="none")


def _header(names: Sequence[str]) -> bytes:
    # Arrow quotes header names whatever the quoting style; the format wants them bare.
    return (",".join(names) + "\n").encode()


def _plain(schema: Any) -> Any:
    """The schema with dictionary columns as their value type (CSV has no dictionaries)."""
    return pa.schema(
        [
            pa.field(f.name, f.type.value_type if pa.types.is_dictionary(f.type) else f.type)
            for f in schema
        ]
    )


@contextlib.contextmanager
def _replacing(path: Path) -> Iterator[Path]:
    """A temporary path that replaces `path` when the block succeeds, so that an interrupted
    run never leaves a truncated file that looks complete."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        yield partial
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, path)


def _write_csv(path: Path, table: Any) -> Path:
    with _replacing(path) as partial, pa.OSFile(str(partial), "wb") as sink:
        sink.write(_header(table.column_names))
        if table.num_rows:
            pacsv.write_csv(table, sink, _CSV_OPTIONS)
    return path


def _write_parquet(path: Path, table: Any) -> Path:
    with _replacing(path) as partial:
        pq.write_table(table, partial, compression="zstd", store_schema=False)
    return path
