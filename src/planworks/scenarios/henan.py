"""The Henan iron and steel replay, 1958 (seed 003): its claims and a builder of its folder.

Xinhua, Zhengzhou, 7 November 1958 (Renmin Ribao, 8 November, page 3): in October Henan made
4.4 Mt of pig iron and 300 kt of steel, 4.68 Mt and 313 kt for the year; only a few thousand
tonnes of iron and no steel by the end of June; a few hundred tonnes a day in mid-July; the
first day over 18,000 t on 15 September; more than 130,000 t in the last three days of
September; more than 400,000 indigenous furnaces in production in October.

`build` reconstructs about half a million furnaces, mines and mills and about twelve million
daily reports whose sums give every one of those figures exactly. Which furnace stood where,
its capacity, the day it was lit and what it made each day are reconstruction; so are prices,
recipes, rail capacities and the annual plan targets (see `NOTES`).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from planworks.domain.claims import Claim, Expect, Measure, Query
from planworks.domain.periods import day_number
from planworks.scenarios.base import BulletinSpec, Scenario

__all__ = ["SCENARIO", "build"]

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]
_Rng = np.random.Generator

YEAR = 1958
PROVINCE = "CN-HA"
SEED = 19581108  # the day the article appeared

# The article's figures, in kilograms: the builder makes the raw rows add up to these exactly.
_KG_PER_T = 1000
OCTOBER_IRON_KG = 4_400_000 * _KG_PER_T
YEAR_IRON_KG = 4_680_000 * _KG_PER_T
OCTOBER_STEEL_KG = 300_000 * _KG_PER_T
YEAR_STEEL_KG = 313_000 * _KG_PER_T
# Reconstruction inside the article's bounds: "18,000-odd" on 15 September and "130,000-odd"
# over 28-30 September.
SEPTEMBER_15_IRON_KG = 18_436_250
LAST_THREE_DAYS_IRON_KG = (43_871_500, 45_306_250, 47_022_750)

NOVEMBER_TASKS_T = (("iron", 800_000), ("steel", 400_000), ("rolled-steel", 30_000))
ANNUAL_IRON_PLAN_T = 4_000_000  # reconstruction
ANNUAL_STEEL_PLAN_T = 300_000  # reconstruction


def _day(month: int, day: int) -> int:
    return day_number(date(YEAR, month, day))


FIRST_DAY = _day(1, 1)
LAST_DAY = _day(10, 31)  # the article speaks from the start of November
_NEVER = np.iinfo(np.int32).max  # "closed" of a unit that is still open

# Not from the article: a 1958 figure reported for Lushan county (鲁山县, Xuchang prefecture),
# 34,360 t of pig iron in one day, about eight times what the county's furnaces make in a day
# here. The replay carries it so that the integrity audit can be shown to catch it.
LUSHAN = "XC-LS"
LUSHAN_CLAIM_T = 34_360
# Reconstruction: the sources give the figure, not the day. Mid-October: the storm of
# openings is over (10 October), so the county's furnaces are lit and have reported for days;
# the province makes ~146,000 t that day, from which the other counties can give up the
# ~30,000 t the claim adds; and ordinary October days lie a week and more on either side.
LUSHAN_CLAIM_DAY = date(YEAR, 10, 15)


# -- regions -------------------------------------------------------------------------------
# Henan as it stood in October 1958, before the mergers of December 1958: nine cities under
# the province and eight prefectures (专区). The weight of each place is its relative share of
# indigenous iron furnaces (reconstruction: the hill counties with ore and coal built most).
_Place = tuple[str, str, str, float]  # code suffix, English name, Chinese name, weight

_CITIES: tuple[_Place, ...] = (
    ("ZZ", "Zhengzhou city", "郑州市", 3.0),
    ("KFS", "Kaifeng city", "开封市", 1.0),
    ("LYS", "Luoyang city", "洛阳市", 3.0),
    ("XXS", "Xinxiang city", "新乡市", 2.0),
    ("JZ", "Jiaozuo city", "焦作市", 3.0),
    ("AYS", "Anyang city", "安阳市", 3.0),
    ("HB", "Hebi city", "鹤壁市", 2.0),
    ("PDS", "Pingdingshan city", "平顶山市", 2.0),
    ("SMX", "Sanmenxia city", "三门峡市", 1.0),
)

_PREFECTURES: tuple[tuple[str, str, str, tuple[_Place, ...]], ...] = (
    (
        "KF",
        "Kaifeng prefecture",
        "开封专区",
        (
            ("KF", "Kaifeng county", "开封县", 1.0),
            ("ZM", "Zhongmu county", "中牟县", 1.0),
            ("WS", "Weishi county", "尉氏县", 1.0),
            ("TX", "Tongxu county", "通许县", 1.0),
            ("QX", "Qi county", "杞县", 1.0),
            ("LK", "Lankao county", "兰考县", 1.0),
            ("XY", "Xingyang county", "荥阳县", 2.0),
            ("GW", "Guangwu county", "广武县", 1.5),
            ("MX", "Mi county", "密县", 4.0),
            ("XZ", "Xinzheng county", "新郑县", 2.0),
            ("GX", "Gong county", "巩县", 6.0),
            ("DF", "Dengfeng county", "登封县", 5.0),
        ),
    ),
    (
        "LY",
        "Luoyang prefecture",
        "洛阳专区",
        (
            ("YS", "Yanshi county", "偃师县", 2.0),
            ("MJ", "Mengjin county", "孟津县", 2.0),
            ("YY", "Yiyang county", "宜阳县", 4.0),
            ("YC", "Yichuan county", "伊川县", 3.0),
            ("SX", "Song county", "嵩县", 3.0),
            ("LN", "Luoning county", "洛宁县", 3.0),
            ("XA", "Xin'an county", "新安县", 6.0),
            ("MC", "Mianchi county", "渑池县", 4.0),
            ("SHX", "Shan county", "陕县", 3.0),
            ("LB", "Lingbao county", "灵宝县", 3.0),
            ("LS", "Lushi county", "卢氏县", 3.0),
            ("LC", "Luanchuan county", "栾川县", 3.0),
            ("YIY", "Yiyang county (Ruyang)", "伊阳县", 3.0),
        ),
    ),
    (
        "XX",
        "Xinxiang prefecture",
        "新乡专区",
        (
            ("XX", "Xinxiang county", "新乡县", 1.5),
            ("HJ", "Huojia county", "获嘉县", 1.5),
            ("HX", "Hui county", "辉县", 4.0),
            ("JX", "Ji county", "汲县", 3.0),
            ("YJ", "Yanjin county", "延津县", 1.0),
            ("YY", "Yuanyang county", "原阳县", 1.0),
            ("FQ", "Fengqiu county", "封丘县", 1.0),
            ("CY", "Changyuan county", "长垣县", 1.0),
            ("XW", "Xiuwu county", "修武县", 4.0),
            ("BA", "Bo'ai county", "博爱县", 3.0),
            ("WZ", "Wuzhi county", "武陟县", 1.5),
            ("QY", "Qinyang county", "沁阳县", 3.0),
            ("WX", "Wen county", "温县", 1.5),
            ("MX", "Meng county", "孟县", 1.5),
            ("JY", "Jiyuan county", "济源县", 5.0),
        ),
    ),
    (
        "AY",
        "Anyang prefecture",
        "安阳专区",
        (
            ("AY", "Anyang county", "安阳县", 7.0),
            ("LX", "Lin county", "林县", 7.0),
            ("TY", "Tangyin county", "汤阴县", 3.0),
            ("QX", "Qi county", "淇县", 3.0),
            ("XX", "Xun county", "浚县", 1.5),
            ("HX", "Hua county", "滑县", 1.0),
            ("NH", "Neihuang county", "内黄县", 1.0),
            ("PY", "Puyang county", "濮阳县", 1.0),
            ("QF", "Qingfeng county", "清丰县", 1.0),
            ("NL", "Nanle county", "南乐县", 1.0),
            ("FX", "Fan county", "范县", 1.0),
        ),
    ),
    (
        "SQ",
        "Shangqiu prefecture",
        "商丘专区",
        (
            ("SQ", "Shangqiu county", "商丘县", 1.0),
            ("YUC", "Yucheng county", "虞城县", 1.0),
            ("XY", "Xiayi county", "夏邑县", 1.0),
            ("YOC", "Yongcheng county", "永城县", 1.5),
            ("MQ", "Minquan county", "民权县", 1.0),
            ("NL", "Ningling county", "宁陵县", 1.0),
            ("SX", "Sui county", "睢县", 1.0),
            ("ZC", "Zhecheng county", "柘城县", 1.0),
            ("LY", "Luyi county", "鹿邑县", 1.0),
            ("DC", "Dancheng county", "郸城县", 1.0),
            ("HY", "Huaiyang county", "淮阳县", 1.0),
            ("TK", "Taikang county", "太康县", 1.0),
            ("SHQ", "Shenqiu county", "沈丘县", 1.0),
        ),
    ),
    (
        "XC",
        "Xuchang prefecture",
        "许昌专区",
        (
            ("XC", "Xuchang county", "许昌县", 2.0),
            ("XCS", "Xuchang city", "许昌市", 1.0),
            ("CG", "Changge county", "长葛县", 2.0),
            ("YL", "Yanling county", "鄢陵县", 1.0),
            ("FG", "Fugou county", "扶沟县", 1.0),
            ("XH", "Xihua county", "西华县", 1.0),
            ("SS", "Shangshui county", "商水县", 1.0),
            ("XIC", "Xiangcheng county (项城)", "项城县", 1.0),
            ("LY", "Linying county", "临颍县", 1.0),
            ("YC", "Yancheng county", "郾城县", 1.5),
            ("LH", "Luohe city", "漯河市", 1.0),
            ("WY", "Wuyang county", "舞阳县", 7.0),
            ("YEX", "Ye county", "叶县", 3.0),
            ("XAC", "Xiangcheng county (襄城)", "襄城县", 3.0),
            ("JX", "Jia county", "郏县", 4.0),
            ("BF", "Baofeng county", "宝丰县", 4.0),
            ("LS", "Lushan county", "鲁山县", 8.0),
            ("YUX", "Yu county", "禹县", 8.0),
            ("LR", "Linru county", "临汝县", 5.0),
        ),
    ),
    (
        "NY",
        "Nanyang prefecture",
        "南阳专区",
        (
            ("NY", "Nanyang county", "南阳县", 2.0),
            ("NYS", "Nanyang city", "南阳市", 1.0),
            ("NZ", "Nanzhao county", "南召县", 4.0),
            ("FC", "Fangcheng county", "方城县", 4.0),
            ("BY", "Biyang county", "泌阳县", 4.0),
            ("TH", "Tanghe county", "唐河县", 2.0),
            ("TB", "Tongbai county", "桐柏县", 4.0),
            ("XY", "Xinye county", "新野县", 1.0),
            ("DX", "Deng county", "邓县", 1.5),
            ("ZP", "Zhenping county", "镇平县", 2.0),
            ("NX", "Neixiang county", "内乡县", 3.0),
            ("XC", "Xichuan county", "淅川县", 3.0),
            ("XX", "Xixia county", "西峡县", 4.0),
        ),
    ),
    (
        "XY",
        "Xinyang prefecture",
        "信阳专区",
        (
            ("XY", "Xinyang county", "信阳县", 4.0),
            ("XYS", "Xinyang city", "信阳市", 1.0),
            ("LS", "Luoshan county", "罗山县", 3.0),
            ("GS", "Guangshan county", "光山县", 3.0),
            ("XX", "Xin county", "新县", 3.0),
            ("SC", "Shangcheng county", "商城县", 4.0),
            ("GSH", "Gushi county", "固始县", 2.0),
            ("HC", "Huangchuan county", "潢川县", 2.0),
            ("XIX", "Xi county", "息县", 1.0),
            ("HB", "Huaibin county", "淮滨县", 1.0),
            ("ZY", "Zhengyang county", "正阳县", 1.0),
            ("QS", "Queshan county", "确山县", 4.0),
            ("RN", "Runan county", "汝南县", 1.0),
            ("SCA", "Shangcai county", "上蔡县", 1.0),
            ("PY", "Pingyu county", "平舆县", 1.0),
            ("XP", "Xiping county", "西平县", 2.0),
            ("SP", "Suiping county", "遂平县", 3.0),
            ("XCA", "Xincai county", "新蔡县", 1.0),
        ),
    ),
)


@dataclass(frozen=True, slots=True)
class _Places:
    """The regions units stand in (cities and counties), as parallel columns."""

    codes: tuple[str, ...]
    names: tuple[str, ...]
    names_zh: tuple[str, ...]
    weights: Floats

    def index(self, code: str) -> int:
        return self.codes.index(f"{PROVINCE}-{code}")

    def weights_of(self, table: Sequence[tuple[str, float]]) -> Floats:
        """A probability vector over the places from (code suffix, weight) pairs."""
        w = np.zeros(len(self.codes))
        for code, weight in table:
            w[self.index(code)] = weight
        return w / float(w.sum())


def _region_rows() -> list[tuple[str, str, str, str, str]]:
    rows = [("CN", "", "nation", "China", "中国"), (PROVINCE, "CN", "province", "Henan", "河南省")]
    for code, name, name_zh, _ in _CITIES:
        rows.append((f"{PROVINCE}-{code}", PROVINCE, "prefecture", name, name_zh))
    for pcode, pname, pname_zh, counties in _PREFECTURES:
        prefecture = f"{PROVINCE}-{pcode}"
        rows.append((prefecture, PROVINCE, "prefecture", pname, pname_zh))
        for code, name, name_zh, _ in counties:
            rows.append((f"{prefecture}-{code}", prefecture, "county", name, name_zh))
    return rows


def _places() -> _Places:
    places = [(f"{PROVINCE}-{c}", n, z, w) for c, n, z, w in _CITIES]
    for pcode, _, _, counties in _PREFECTURES:
        places += [(f"{PROVINCE}-{pcode}-{c}", n, z, w) for c, n, z, w in counties]
    return _Places(
        codes=tuple(p[0] for p in places),
        names=tuple(p[1] for p in places),
        names_zh=tuple(p[2] for p in places),
        weights=np.array([p[3] for p in places]) / sum(p[3] for p in places),
    )


# Where the mines and the modern plants stood (reconstruction after the known coal fields of
# Jiaozuo, Pingdingshan, Hebi, Yima and Mixian and the ore of Wuyang, Anyang and Linxian).
_COAL_PLACES = (
    ("JZ", 6.0), ("PDS", 5.0), ("HB", 4.0), ("KF-MX", 4.0), ("KF-DF", 3.0), ("KF-GX", 3.0),
    ("KF-XZ", 1.0), ("LY-YY", 3.0), ("LY-XA", 3.0), ("LY-MC", 3.0), ("LY-YIY", 1.0),
    ("XC-YUX", 4.0), ("XC-LR", 3.0), ("XC-BF", 3.0), ("XC-JX", 2.0), ("XC-LS", 2.0),
    ("AY-AY", 3.0), ("AY-LX", 1.0), ("XX-XW", 2.0), ("XX-BA", 2.0), ("XX-HX", 2.0),
    ("XX-JY", 2.0), ("XX-QY", 1.0),
)  # fmt: skip
_ORE_PLACES = (
    ("XC-WY", 8.0), ("AY-AY", 6.0), ("AY-LX", 6.0), ("XC-LS", 5.0), ("XC-YUX", 3.0),
    ("LY-XA", 3.0), ("KF-GX", 2.0), ("KF-DF", 2.0), ("LY-LC", 2.0), ("LY-SX", 2.0),
    ("XX-JY", 3.0), ("XX-HX", 2.0), ("NY-BY", 4.0), ("NY-TB", 3.0), ("NY-XX", 2.0),
    ("NY-FC", 2.0), ("NY-NZ", 2.0), ("XY-XY", 3.0), ("XY-QS", 3.0), ("XC-YEX", 1.0),
    ("XC-LR", 2.0), ("XY-SC", 1.0),
)  # fmt: skip
_MODERN_IRON_PLACES = (
    "AYS", "ZZ", "LYS", "JZ", "XXS", "PDS", "HB", "XC-YUX", "XC-LS", "XC-WY", "AY-AY",
    "AY-LX", "KF-GX", "LY-XA", "XX-JY", "NY-NZ", "XY-XY", "KFS", "SMX", "NY-BY",
)  # fmt: skip
_MODERN_STEEL_PLACES = (
    "ZZ", "LYS", "AYS", "XXS", "KFS", "JZ", "PDS", "HB", "XC-YUX", "XC-LS", "XC-WY",
    "AY-AY", "AY-LX", "XC-XCS", "NY-NYS", "XY-XYS",
)  # fmt: skip


# -- unit types ----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Type:
    """A sort of unit: its name in both languages, kind, industry and product."""

    name: str
    name_zh: str
    kind: str
    industry: str
    product: str


_IRON_INDIGENOUS = _Type("indigenous iron furnace", "土炼铁炉", "indigenous", "iron", "iron")
_IRON_MODERN = _Type("small modern blast furnace", "小高炉", "modern", "iron", "iron")
_STEEL_INDIGENOUS = _Type("indigenous steel furnace", "土炼钢炉", "indigenous", "steel", "steel")
_STEEL_CONVERTER = _Type("small converter", "小转炉", "modern", "steel", "steel")
_STEEL_ELECTRIC = _Type("small electric steel furnace", "小电炉", "modern", "steel", "steel")
_ROLLING_MILL = _Type("rolling mill", "轧钢厂", "modern", "steel", "rolled-steel")
_COAL_PIT = _Type("small coal pit", "小煤窑", "indigenous", "coal", "coal")
_COAL_MINE = _Type("coal mine", "煤矿", "modern", "coal", "coal")
_ORE_PIT = _Type("small iron-ore pit", "土铁矿", "indigenous", "iron-ore", "iron-ore")
_ORE_MINE = _Type("iron mine", "铁矿", "modern", "iron-ore", "iron-ore")
_TYPES = (
    _IRON_INDIGENOUS,
    _IRON_MODERN,
    _STEEL_INDIGENOUS,
    _STEEL_CONVERTER,
    _STEEL_ELECTRIC,
    _ROLLING_MILL,
    _COAL_PIT,
    _COAL_MINE,
    _ORE_PIT,
    _ORE_MINE,
)


@dataclass(frozen=True, slots=True)
class _Fleet:
    """Units of one code series (HA-FE-..., HA-ST-...), ordered by the day they opened."""

    prefix: str  # code prefix, e.g. "HA-FE-"
    digits: int
    product: str
    kind: npt.NDArray[np.int8]  # index into _TYPES
    region: Ints  # index into _Places
    capacity: Floats  # t/day
    skill: Floats  # how well the crew runs it, mean 1
    opened: Ints  # epoch day
    closed: Ints  # epoch day it stopped (it reports only before), _NEVER if open

    @property
    def size(self) -> int:
        return int(self.opened.size)

    @property
    def modern(self) -> Bools:
        return np.isin(self.kind, [i for i, t in enumerate(_TYPES) if t.kind == "modern"])


@dataclass(frozen=True, slots=True)
class _Part:
    """Units of one type, in any order."""

    kind: int
    region: Ints
    capacity: Floats
    opened: Ints
    skill: Floats
    closed: Ints


def _fleet(prefix: str, digits: int, product: str, parts: Sequence[_Part], rng: _Rng) -> _Fleet:
    """Join parts into a fleet ordered by opening day (ties in random order: who came first)."""
    opened = np.concatenate([p.opened for p in parts])
    order = np.lexsort((rng.random(opened.size), opened))
    kind = np.concatenate([np.full(p.opened.size, p.kind, np.int8) for p in parts])
    return _Fleet(
        prefix=prefix,
        digits=digits,
        product=product,
        kind=kind[order],
        region=np.concatenate([p.region for p in parts])[order],
        capacity=np.concatenate([p.capacity for p in parts])[order],
        skill=np.concatenate([p.skill for p in parts])[order],
        opened=opened[order],
        closed=np.concatenate([p.closed for p in parts])[order],
    )


def _part(
    type_: _Type,
    region: Ints,
    capacity: Floats,
    opened: Ints,
    rng: _Rng,
    closed: Ints | None = None,
) -> _Part:
    """Units of one type; each gets a crew whose skill scales its output (mean 1)."""
    n = opened.size
    skill = np.clip(rng.lognormal(-0.045, 0.3, n), 0.4, 1.6)
    return _Part(
        kind=_TYPES.index(type_),
        region=region.astype(np.int64),
        capacity=np.round(capacity, 2),
        opened=opened.astype(np.int64),
        skill=skill,
        closed=np.full(n, _NEVER, np.int64) if closed is None else closed.astype(np.int64),
    )


def _opening_days(knots: Sequence[tuple[tuple[int, int], int]]) -> Ints:
    """One opening day per unit, from the cumulative number opened by each knot day.

    Between knots the openings are spread evenly; a knot the day after another is a storm
    of openings on that one day.
    """
    xs = np.array([_day(m, d) for (m, d), _ in knots])
    ys = np.array([n for _, n in knots], dtype=np.float64)
    days = np.arange(xs[0], xs[-1] + 1)
    cumulative = np.rint(np.interp(days, xs, ys)).astype(np.int64)
    return np.repeat(days, np.diff(cumulative, prepend=0))


def _spread_days(rng: _Rng, n: int, first: int, last: int, power: float) -> Ints:
    """n opening days in [first, last], denser towards the end when power < 1."""
    return first + np.floor((last - first + 1) * rng.random(n) ** power).astype(np.int64)


# Cumulative indigenous iron furnaces in production by the end of each knot day
# (reconstruction). Trial furnaces from June, furnaces multiplying from July, a storm of
# openings on 15 September, 28-30 September and the first ten days of October.
_IRON_FURNACES_OPENED = (
    ((5, 31), 0),
    ((6, 30), 600),
    ((7, 31), 3_000),
    ((8, 31), 9_000),
    ((9, 14), 24_000),
    ((9, 15), 40_000),
    ((9, 27), 58_000),
    ((9, 28), 128_000),
    ((9, 30), 175_000),
    ((10, 1), 215_000),
    ((10, 5), 310_000),
    ((10, 10), 390_000),
    ((10, 20), 440_000),
    ((10, 31), 462_000),
)
_STEEL_FURNACES_OPENED = (
    ((7, 4), 0),
    ((7, 5), 10),
    ((7, 31), 150),
    ((8, 31), 800),
    ((9, 27), 2_500),
    ((9, 30), 6_500),
    ((10, 10), 17_000),
    ((10, 20), 27_000),
    ((10, 31), 35_000),
)
# The small modern blast furnaces that made Henan's iron in the first half of the year.
_EARLY_MODERN_IRON = (
    ("AYS", date(1958, 1, 20), 8.0),
    ("ZZ", date(1958, 2, 15), 10.0),
    ("LYS", date(1958, 3, 20), 13.0),
    ("XC-YUX", date(1958, 4, 25), 12.0),
    ("JZ", date(1958, 5, 20), 18.0),
    ("XC-WY", date(1958, 6, 10), 20.0),
)
_ROLLING_MILLS = (
    ("ZZ", date(1958, 9, 25), 300.0),
    ("LYS", date(1958, 10, 1), 200.0),
    ("AYS", date(1958, 10, 5), 250.0),
    ("XXS", date(1958, 10, 10), 150.0),
    ("KFS", date(1958, 10, 15), 120.0),
    ("XC-YUX", date(1958, 10, 20), 100.0),
)
_COAL_MINES = (
    ("JZ", date(1950, 1, 1), 2500.0),
    ("JZ", date(1952, 7, 1), 2000.0),
    ("JZ", date(1955, 10, 1), 1800.0),
    ("JZ", date(1957, 7, 1), 1500.0),
    ("PDS", date(1957, 1, 1), 1800.0),
    ("PDS", date(1957, 12, 1), 1500.0),
    ("PDS", date(1958, 7, 1), 1200.0),
    ("HB", date(1957, 7, 1), 1200.0),
    ("HB", date(1958, 5, 1), 1000.0),
    ("LY-YY", date(1956, 1, 1), 800.0),
    ("KF-MX", date(1956, 7, 1), 600.0),
)
_ORE_MINES = (
    ("XC-WY", date(1958, 8, 1), 1500.0),
    ("AY-AY", date(1957, 10, 1), 1200.0),
    ("AY-LX", date(1958, 6, 1), 800.0),
    ("XC-LS", date(1958, 8, 15), 600.0),
    ("NY-BY", date(1958, 9, 1), 500.0),
)


def _listed(
    type_: _Type,
    rows: Sequence[tuple[str, date, float]],
    places: _Places,
    rng: _Rng,
) -> _Part:
    """A part from an explicit list of (place, opening day, capacity)."""
    return _part(
        type_,
        np.array([places.index(p) for p, _, _ in rows]),
        np.array([c for _, _, c in rows]),
        np.array([day_number(d) for _, d, _ in rows]),
        rng,
    )


def _choose_places(rng: _Rng, n: int, pool: Sequence[str], places: _Places) -> Ints:
    return np.array([places.index(pool[i]) for i in rng.integers(0, len(pool), n)], np.int64)


def _iron_fleet(rng: _Rng, places: _Places) -> _Fleet:
    opened = _opening_days(_IRON_FURNACES_OPENED)
    n = opened.size
    # The first furnaces went up where ore and coal lay at hand; later every county built them.
    early = np.square(places.weights) / np.square(places.weights).sum()
    region = np.where(
        opened < _day(9, 1),
        rng.choice(len(places.codes), n, p=early),
        rng.choice(len(places.codes), n, p=places.weights),
    )
    capacity = np.clip(rng.lognormal(np.log(0.6), 0.55, n), 0.08, 4.0)
    # A few furnaces lit before 20 September collapsed or were abandoned before November.
    closing = (opened < _day(9, 20)) & (rng.random(n) < 0.04)
    first_close = opened + 5
    close_day = first_close + np.floor(rng.random(n) * (_day(10, 25) - first_close + 1))
    closed = np.where(closing, close_day.astype(np.int64), _NEVER)
    indigenous = _part(_IRON_INDIGENOUS, region, capacity, opened, rng, closed)
    early_modern = _listed(_IRON_MODERN, _EARLY_MODERN_IRON, places, rng)
    m = 26
    late_modern = _part(
        _IRON_MODERN,
        _choose_places(rng, m, _MODERN_IRON_PLACES, places),
        rng.choice(np.array([10.0, 13.0, 18.0, 25.0, 35.0, 50.0]), m),
        _spread_days(rng, m, _day(7, 1), _day(10, 28), 0.5),
        rng,
    )
    return _fleet("HA-FE-", 7, "iron", (indigenous, early_modern, late_modern), rng)


def _steel_fleet(rng: _Rng, places: _Places) -> _Fleet:
    opened = _opening_days(_STEEL_FURNACES_OPENED)
    n = opened.size
    region = rng.choice(len(places.codes), n, p=places.weights)
    capacity = np.clip(rng.lognormal(np.log(0.7), 0.5, n), 0.05, 3.0)
    indigenous = _part(_STEEL_INDIGENOUS, region, capacity, opened, rng)
    converters = _part(
        _STEEL_CONVERTER,
        _choose_places(rng, 40, _MODERN_STEEL_PLACES, places),
        rng.choice(np.array([8.0, 12.0, 15.0, 20.0, 30.0]), 40),
        _spread_days(rng, 40, _day(8, 1), _day(10, 28), 0.6),
        rng,
    )
    electric = _part(
        _STEEL_ELECTRIC,
        _choose_places(rng, 6, _MODERN_STEEL_PLACES[:8], places),
        rng.choice(np.array([4.0, 6.0, 8.0]), 6),
        _spread_days(rng, 6, _day(7, 15), _day(10, 15), 1.0),
        rng,
    )
    return _fleet("HA-ST-", 6, "steel", (indigenous, converters, electric), rng)


def _mine_part(
    type_: _Type, rng: _Rng, n: int, table: Sequence[tuple[str, float]], places: _Places
) -> _Part:
    """Small pits: most dug in the summer and autumn of 1958, one in ten older."""
    region = rng.choice(len(places.codes), n, p=places.weights_of(table))
    median = 80.0 if type_ is _COAL_PIT else 50.0
    capacity = np.clip(rng.lognormal(np.log(median), 0.6, n), 5.0, 600.0)
    opened = np.where(
        rng.random(n) < 0.1,
        _spread_days(rng, n, day_number(date(1955, 1, 1)), _day(6, 30), 1.0),
        _spread_days(rng, n, _day(7, 1), LAST_DAY, 0.7),
    )
    return _part(type_, region, np.round(capacity, 0), opened, rng)


def _fleets(rng: _Rng, places: _Places) -> list[_Fleet]:
    """Every unit of the scenario, in the order of their codes."""
    coal = _fleet(
        "HA-CM-",
        4,
        "coal",
        (
            _listed(_COAL_MINE, _COAL_MINES, places, rng),
            _mine_part(_COAL_PIT, rng, 800, _COAL_PLACES, places),
        ),
        rng,
    )
    iron = _iron_fleet(rng, places)
    ore = _fleet(
        "HA-OM-",
        4,
        "iron-ore",
        (
            _listed(_ORE_MINE, _ORE_MINES, places, rng),
            _mine_part(_ORE_PIT, rng, 1000, _ORE_PLACES, places),
        ),
        rng,
    )
    mills = _fleet(
        "HA-RM-", 2, "rolled-steel", (_listed(_ROLLING_MILL, _ROLLING_MILLS, places, rng),), rng
    )
    steel = _steel_fleet(rng, places)
    return [coal, iron, ore, mills, steel]


# -- daily output ---------------------------------------------------------------------------
_P_MODERN = 0.93  # a modern plant stands now and then for repairs
_P_FREE = 0.85  # share of indigenous furnaces tapped on a day whose total is not designed
_P_MIN, _P_MAX = 0.15, 0.97  # bounds on that share where the day's total is designed
_EMPTY = np.zeros(0, np.int64)

_Chunk = tuple[Ints, Ints]  # unit index within its fleet, quantity in kg


def _apportion(total: int, weights: Floats) -> Ints:
    """Split an integer total in proportion to weights, exactly (largest remainders)."""
    exact = weights * (total / float(weights.sum()))
    share = np.floor(exact).astype(np.int64)
    short = total - int(share.sum())
    order = np.argsort(share - exact, kind="stable")  # largest fractional part first
    share += short // share.size
    share[order[: short % share.size]] += 1
    return share


def _interp(days: Ints, knots: Sequence[tuple[tuple[int, int], float]], *, log: bool) -> Floats:
    xs = np.array([_day(m, d) for (m, d), _ in knots])
    ys = np.array([v for _, v in knots], dtype=np.float64)
    if log:
        return np.exp(np.interp(days, xs, np.log(ys)))
    return np.interp(days, xs, ys)


def _days(first: int, last: int) -> Ints:
    return np.arange(first, last + 1, dtype=np.int64)


def _iron_effort() -> Floats:
    """Indigenous iron output as a share of capacity, by day (reconstruction).

    Low while the crews learnt; high on the days everyone tapped at once (15 September,
    28-30 September); rising through October, when, as the article says, the masses
    "comprehensively broke through the technical barriers".
    """
    days = _days(FIRST_DAY, LAST_DAY)
    learning = _interp(days, (((6, 30), 0.28), ((9, 27), 0.38)), log=False)
    october = 0.52 + 0.14 * (days - _day(10, 1)) / 30
    return np.select(
        [days == _day(9, 15), days <= _day(9, 27), days <= _day(9, 30)],
        [np.full(days.size, 0.7), learning, np.full(days.size, 0.6)],
        october,
    )


def _steel_effort() -> Floats:
    """Indigenous steel output as a share of capacity, by day (reconstruction)."""
    days = _days(FIRST_DAY, LAST_DAY)
    summer = _interp(days, (((7, 5), 0.45), ((9, 27), 0.55), ((9, 28), 0.6)), log=False)
    return np.where(days >= _day(10, 1), 0.55 + 0.1 * (days - _day(10, 1)) / 30, summer)


def _iron_totals(rng: _Rng, first_half_kg: int) -> Ints:
    """The province's iron by day from 1 July to 31 October, in kg.

    January-September must come to 280,000 t exactly (4.68 Mt less October's 4.4 Mt), with
    15 September and 28-30 September fixed inside the article's bounds: the other days of July
    to September share what is left, growing from ~150 t on 1 July to ~6,000 t on 27 September.
    October rises from ~70,000 t to ~170,000 t a day as the furnaces lit in the storm come in.
    """
    days = _days(_day(7, 1), LAST_DAY)
    totals = np.zeros(days.size, np.int64)
    sep15 = days == _day(9, 15)
    last_three = (days >= _day(9, 28)) & (days <= _day(9, 30))
    ordinary = (days <= _day(9, 27)) & ~sep15
    october = days >= _day(10, 1)
    shape = _interp(days, (((7, 1), 150.0), ((8, 31), 1300.0), ((9, 27), 6000.0)), log=True)
    shape *= rng.lognormal(0.0, 0.08, days.size)
    totals[sep15] = SEPTEMBER_15_IRON_KG
    totals[last_three] = LAST_THREE_DAYS_IRON_KG
    rest = (
        YEAR_IRON_KG
        - OCTOBER_IRON_KG
        - first_half_kg
        - SEPTEMBER_15_IRON_KG
        - sum(LAST_THREE_DAYS_IRON_KG)
    )
    totals[ordinary] = _apportion(rest, shape[ordinary])
    t = (days[october] - _day(10, 1)).astype(np.float64)
    october_shape = (70.0 + 100.0 * (1.0 - np.exp(-t / 9.0))) * rng.lognormal(0.0, 0.04, t.size)
    totals[october] = _apportion(OCTOBER_IRON_KG, october_shape)
    return totals


def _steel_totals(rng: _Rng) -> Ints:
    """The province's steel by day for the whole year to 31 October, in kg.

    Nothing before July ("no steel at all" at the end of June); 13,000 t from July to
    September (313 kt less October's 300 kt); then October's 300 kt.
    """
    days = _days(FIRST_DAY, LAST_DAY)
    totals = np.zeros(days.size, np.int64)
    summer = (days >= _day(7, 5)) & (days <= _day(9, 30))
    october = days >= _day(10, 1)
    shape = _interp(days, (((7, 5), 8.0), ((8, 31), 160.0), ((9, 27), 420.0)), log=True)
    shape = np.where(days == _day(9, 15), 2.5 * shape, shape)
    for day, tonnes in (((9, 28), 700.0), ((9, 29), 800.0), ((9, 30), 900.0)):
        shape = np.where(days == _day(*day), tonnes, shape)
    shape *= rng.lognormal(0.0, 0.08, days.size)
    totals[summer] = _apportion(YEAR_STEEL_KG - OCTOBER_STEEL_KG, shape[summer])
    t = (days[october] - _day(10, 1)).astype(np.float64)
    october_shape = (3.0 + 12.0 * (1.0 - np.exp(-t / 12.0))) * rng.lognormal(0.0, 0.04, t.size)
    totals[october] = _apportion(OCTOBER_STEEL_KG, october_shape)
    return totals


def _simulate(
    fleet: _Fleet, first_day: int, totals_kg: Ints, effort: Floats, rng: _Rng
) -> list[_Chunk]:
    """Which units of a fleet produce on each day from first_day, and how much.

    A day's total of -1 is free: each unit makes what its capacity, crew and the day allow.
    Otherwise the total is met exactly: the share of indigenous units tapped that day is set
    so that the expected output matches it, and the day's outputs are then scaled to it.
    Modern units make 35% of capacity when new and 85% after two months; indigenous ones
    make the day's effort times capacity (60% of that in their first three days). Every unit
    produces on the day it opens.
    """
    modern = fleet.modern
    base = fleet.capacity * fleet.skill
    chunks: list[_Chunk] = []
    for i, total in enumerate(totals_kg.tolist()):
        d = first_day + i
        k = int(np.searchsorted(fleet.opened, d, side="right"))
        if k == 0 or total == 0:
            chunks.append((_EMPTY, _EMPTY))
            continue
        age = d - fleet.opened[:k]
        new = age == 0
        mod = modern[:k]
        alive = fleet.closed[:k] > d
        eff = np.where(
            mod,
            0.35 + 0.5 * np.minimum(age / 60.0, 1.0),
            effort[i] * np.where(age < 3, 0.6, 1.0),
        )
        expected = np.where(alive, base[:k] * eff, 0.0)
        if total < 0:
            tapped = _P_FREE
        else:
            fixed = expected[new].sum() + _P_MODERN * expected[mod & ~new].sum()
            rest = float(expected[~mod & ~new].sum())
            wanted = (total / _KG_PER_T - fixed) / rest if rest > 0 else 0.0
            tapped = float(np.clip(wanted, _P_MIN, _P_MAX))
        p = np.where(new, 1.0, np.where(mod, _P_MODERN, tapped))
        idx = np.flatnonzero(alive & (rng.random(k) < p))
        sigma = np.where(mod[idx], 0.15, 0.3)
        raw = expected[idx] * np.clip(rng.lognormal(0.0, sigma), 0.3, 1.6)
        if total < 0:
            kg = np.maximum(np.rint(raw * _KG_PER_T), 1).astype(np.int64)
        elif idx.size == 0:
            raise RuntimeError(f"no {fleet.product} unit produced on day {d} (design error)")
        else:
            kg = _apportion(total, raw)
        keep = kg > 0
        chunks.append((idx[keep], kg[keep]))
    return chunks


def _county_claim(fleet: _Fleet, chunk: _Chunk, region: int, claim_kg: int) -> _Chunk:
    """A day's chunk in which the units of `region` report `claim_kg` in all.

    As a county of 1958 made a claim: its largest unit reporting that day (by capacity)
    reports the excess on top of what it made, far beyond what it can make, and the other
    units of the county report what they made. The province's day stays what it was (its
    record and "satellite" days rest on it): the units of every other region give up the
    excess in proportion to their output, each keeping at least a kilogram, so that no
    report disappears. Which unit carries the claim is reconstruction.
    """
    idx, kg = chunk
    inside = fleet.region[idx] == region
    excess = claim_kg - int(kg[inside].sum())
    room = kg[~inside] - 1
    if not inside.any() or excess <= 0 or excess > int(room.sum()):
        raise RuntimeError(
            f"cannot book a claim of {claim_kg} kg to region {region} (design error)"
        )
    local = np.flatnonzero(inside)
    claimant = local[int(np.argmax(fleet.capacity[idx[local]]))]
    kg = kg.copy()
    kg[~inside] -= _apportion(excess, room.astype(np.float64))
    kg[claimant] += excess
    if (kg <= 0).any():
        raise RuntimeError(
            f"a report fell to zero under the claim of region {region} (design error)"
        )
    return idx, kg


_PRODUCT_CODES = ("iron", "steel", "rolled-steel")
_BATCH_ROWS = 1_000_000  # rows per parquet write, so that the whole table never sits in memory


def _daily_chunks(rng: _Rng, fleets: Sequence[_Fleet], places: _Places) -> list[list[_Chunk]]:
    """For each day, the chunks of iron, steel and rolled steel, units as global indices."""
    _, iron, _, mills, steel = fleets  # coal, iron, ore, mills, steel: see _fleets
    offsets = np.cumsum([0] + [f.size for f in fleets])
    n_days = LAST_DAY - FIRST_DAY + 1
    split = _day(7, 1)
    free = np.full(split - FIRST_DAY, -1, np.int64)
    iron_effort = _iron_effort()
    iron_chunks = _simulate(iron, FIRST_DAY, free, iron_effort, rng)
    first_half_kg = sum(int(kg.sum()) for _, kg in iron_chunks)
    iron_chunks += _simulate(
        iron, split, _iron_totals(rng, first_half_kg), iron_effort[split - FIRST_DAY :], rng
    )
    claim = day_number(LUSHAN_CLAIM_DAY) - FIRST_DAY
    iron_chunks[claim] = _county_claim(
        iron, iron_chunks[claim], places.index(LUSHAN), LUSHAN_CLAIM_T * _KG_PER_T
    )
    steel_chunks = _simulate(steel, FIRST_DAY, _steel_totals(rng), _steel_effort(), rng)
    mill_chunks = _simulate(mills, FIRST_DAY, np.full(n_days, -1), np.zeros(n_days), rng)
    by_product = (
        (iron_chunks, int(offsets[1])),
        (steel_chunks, int(offsets[4])),
        (mill_chunks, int(offsets[3])),
    )
    return [
        [(chunks[day][0] + offset, chunks[day][1]) for chunks, offset in by_product]
        for day in range(n_days)
    ]


def _report_batches(rng: _Rng, fleets: Sequence[_Fleet], places: _Places) -> Iterator[Any]:
    """The reports as Arrow tables of a million rows or more, ordered by day, product, unit."""
    codes = pa.concat_arrays([_codes(f) for f in fleets])
    product_codes = pa.array(_PRODUCT_CODES)
    days: list[int] = []
    products: list[int] = []
    units: list[Ints] = []
    kgs: list[Ints] = []
    daily = _daily_chunks(rng, fleets, places)
    for i, chunks in enumerate(daily):
        for product, (idx, kg) in enumerate(chunks):
            days.append(FIRST_DAY + i)
            products.append(product)
            units.append(idx)
            kgs.append(kg)
        if sum(u.size for u in units) < _BATCH_ROWS and i + 1 < len(daily):
            continue
        sizes = [u.size for u in units]
        yield pa.table(
            {
                "unit": codes.take(pa.array(np.concatenate(units))),
                "date": _dates(np.repeat(days, sizes)),
                "product": product_codes.take(pa.array(np.repeat(products, sizes))),
                "quantity": pa.array(np.concatenate(kgs) / _KG_PER_T, pa.float64()),
            }
        )
        days, products, units, kgs = [], [], [], []


# -- tables ---------------------------------------------------------------------------------
def _group_numbers(key: Ints) -> Ints:
    """1, 2, 3, ... within each value of key, in the order the rows come."""
    n = key.size
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    starts = np.r_[True, sorted_key[1:] != sorted_key[:-1]]
    first = np.maximum.accumulate(np.where(starts, np.arange(n), 0))
    numbers = np.empty(n, np.int64)
    numbers[order] = np.arange(n) - first + 1
    return numbers


def _codes(fleet: _Fleet) -> Any:
    numbers = pa.array(np.arange(1, fleet.size + 1)).cast(pa.string())
    return pc.binary_join_element_wise(fleet.prefix, pc.utf8_lpad(numbers, fleet.digits, "0"), "")


def _dates(days: Ints) -> Any:
    return pa.array(days.astype("datetime64[D]"))


def _units_table(fleets: Sequence[_Fleet], places: _Places) -> Any:
    def lookup(values: Iterable[str], index: npt.NDArray[Any]) -> Any:
        return pa.array(list(values)).take(pa.array(index))

    tables = []
    for f in fleets:
        numbers = pa.array(_group_numbers(f.region * len(_TYPES) + f.kind)).cast(pa.string())
        place = lookup(places.names, f.region)
        place_zh = lookup(places.names_zh, f.region)
        type_name = lookup((t.name for t in _TYPES), f.kind)
        type_zh = lookup((t.name_zh for t in _TYPES), f.kind)
        closed = np.where(f.closed == _NEVER, 0, f.closed)
        tables.append(
            pa.table(
                {
                    "code": _codes(f),
                    "name": pc.binary_join_element_wise(place, type_name, numbers, " "),
                    "name_zh": pc.binary_join_element_wise(place_zh, type_zh, numbers, "号", ""),
                    "region": lookup(places.codes, f.region),
                    "kind": lookup((t.kind for t in _TYPES), f.kind),
                    "industry": lookup((t.industry for t in _TYPES), f.kind),
                    "product": lookup((t.product for t in _TYPES), f.kind),
                    "capacity": pa.array(f.capacity, pa.float64()),
                    "opened": _dates(f.opened),
                    "closed": pa.array(
                        closed.astype("datetime64[D]"), pa.date32(), mask=f.closed == _NEVER
                    ),
                }
            )
        )
    return pa.concat_tables(tables)


_PRODUCTS = (
    # code, name, name_zh, uom, price (yuan/t at constant 1957 prices: reconstruction)
    ("iron", "pig iron", "生铁", "t", "150"),
    ("steel", "steel", "钢", "t", "300"),
    ("rolled-steel", "rolled steel", "钢材", "t", "620"),
    ("coal", "raw coal", "原煤", "t", "12"),
    ("iron-ore", "iron ore", "铁矿石", "t", "9"),
)

_RECIPES = (
    # Indigenous furnaces burnt far more coal per tonne than small modern blast furnaces.
    ("iron", "indigenous", "iron-ore", "2.2", "input"),
    ("iron", "indigenous", "coal", "4.0", "input"),
    ("iron", "modern", "iron-ore", "1.9", "input"),
    ("iron", "modern", "coal", "1.8", "input"),
    ("steel", "indigenous", "iron", "1.4", "input"),
    ("steel", "indigenous", "coal", "1.0", "input"),
    ("steel", "modern", "iron", "1.15", "input"),
    ("steel", "modern", "coal", "0.3", "input"),
    ("rolled-steel", "*", "steel", "1.3", "input"),
    ("rolled-steel", "*", "coal", "0.5", "input"),
)

# Rail through Zhengzhou in 1958: the Beijing-Guangzhou line north-south, the Longhai line
# west-east, the Xinxiang-Jiaozuo line and short branches to the new coal cities; Nanyang had
# no railway and is reached by road. Capacities in t/day each way (reconstruction).
_LINKS = (
    ("AYS", "AY", "rail", 24_000),
    ("AY", "XX", "rail", 24_000),
    ("XX", "XXS", "rail", 24_000),
    ("XXS", "ZZ", "rail", 24_000),
    ("ZZ", "XC", "rail", 24_000),
    ("XC", "XY", "rail", 24_000),
    ("SMX", "LY", "rail", 18_000),
    ("LY", "LYS", "rail", 18_000),
    ("LYS", "KF", "rail", 18_000),
    ("KF", "ZZ", "rail", 18_000),
    ("ZZ", "KFS", "rail", 18_000),
    ("KFS", "SQ", "rail", 18_000),
    ("XXS", "JZ", "rail", 6_000),
    ("AY", "HB", "rail", 4_000),
    ("XC", "PDS", "rail", 4_000),
    ("XC", "NY", "road", 800),
    ("LYS", "NY", "road", 500),
)


def _plan_rows() -> list[tuple[str, str, str, str, int, str]]:
    """The province's 1958 annual plans, their split by city and prefecture, November's tasks."""
    year_start, year_end = f"{YEAR}-01-01", f"{YEAR}-12-31"
    annual = f"{YEAR} annual plan (reconstructed)"
    rows = [
        (PROVINCE, "iron", year_start, year_end, ANNUAL_IRON_PLAN_T, annual),
        (PROVINCE, "steel", year_start, year_end, ANNUAL_STEEL_PLAN_T, annual),
    ]
    # Split by each city's or prefecture's share of furnaces, in whole thousands of tonnes.
    scopes = [f"{PROVINCE}-{code}" for code, *_ in _CITIES + _PREFECTURES]
    weights = np.array([w for *_, w in _CITIES] + [sum(w for *_, w in c) for *_, c in _PREFECTURES])
    for product, target in (("iron", ANNUAL_IRON_PLAN_T), ("steel", ANNUAL_STEEL_PLAN_T)):
        shares = _apportion(target // 1000, weights) * 1000
        rows += [
            (scope, product, year_start, year_end, int(share), annual)
            for scope, share in zip(scopes, shares.tolist(), strict=True)
        ]
    november = f"{YEAR}-11 tasks"
    for product, target in NOVEMBER_TASKS_T:
        rows.append((PROVINCE, product, f"{YEAR}-11-01", f"{YEAR}-11-30", target, november))
    return rows


def _write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def build(folder: Path) -> None:
    """Write the scenario folder: six CSV tables, units.parquet and reports.parquet.

    Deterministic: the same folder, byte for byte, every time.
    """
    folder.mkdir(parents=True, exist_ok=True)
    places = _places()
    _write_csv(
        folder / "regions.csv", ("code", "parent", "level", "name", "name_zh"), _region_rows()
    )
    _write_csv(
        folder / "products.csv",
        ("code", "name", "name_zh", "uom", "price", "grades", "min_grade"),
        ((*row, "", "") for row in _PRODUCTS),
    )
    _write_csv(
        folder / "plans.csv",
        ("scope", "product", "start", "end", "target", "plan"),
        _plan_rows(),
    )
    # Henan's technology, not the country's: the lines hold for units in the province
    _write_csv(
        folder / "recipes.csv",
        ("product", "kind", "input", "per_unit", "role", "region"),
        [(*line, PROVINCE) for line in _RECIPES],
    )
    _write_csv(
        folder / "links.csv",
        ("source", "target", "mode", "capacity"),
        (
            row
            for a, b, mode, capacity in _LINKS
            for row in (
                (f"{PROVINCE}-{a}", f"{PROVINCE}-{b}", mode, capacity),
                (f"{PROVINCE}-{b}", f"{PROVINCE}-{a}", mode, capacity),
            )
        ),
    )
    rng = np.random.default_rng(SEED)
    fleets = _fleets(rng, places)
    pq.write_table(_units_table(fleets, places), folder / "units.parquet")
    schema = pa.schema(
        [
            ("unit", pa.string()),
            ("date", pa.date32()),
            ("product", pa.string()),
            ("quantity", pa.float64()),
        ]
    )
    with pq.ParquetWriter(folder / "reports.parquet", schema, compression="zstd") as writer:
        for batch in _report_batches(rng, fleets, places):
            writer.write_table(batch, row_group_size=batch.num_rows)


# -- the article's claims -------------------------------------------------------------------
def _claim(
    key: str,
    text: str,
    text_zh: str,
    measure: Measure,
    product: str,
    period: tuple[tuple[int, int], tuple[int, int]],
    expect: Expect,
    *,
    threshold: float | None = None,
    as_of: date | None = None,
    scope: str = PROVINCE,
) -> Claim:
    (m1, d1), (m2, d2) = period
    query = Query(
        measure,
        scope,
        product,
        date(YEAR, m1, d1),
        date(YEAR, m2, d2),
        as_of=as_of,
        threshold=threshold,
    )
    return Claim(key, text, text_zh, query, expect)


_AS_OF = date(YEAR, 10, 31)
_YEAR_PERIOD = ((1, 1), (12, 31))
_TO_OCTOBER = ((1, 1), (10, 31))
_OCTOBER = ((10, 1), (10, 31))
_MID_JULY = ((7, 11), (7, 20))  # 7月中旬: the middle ten-day period of July
_SATELLITE = (
    "On September 15th, the first satellite of more than 18,000 tons of pig iron production "
    "per day was launched."
)
_SATELLITE_ZH = "在9月15日首次放出了日产生铁一万八千多吨的卫星"
_MID_JULY_TEXT = (
    "In mid-July, the mass mobilization was not yet large in scale, and the progress was not "
    "fast, with only a few hundred tons of iron produced per day."
)
_MID_JULY_ZH = "7月中旬，群众发动规模还不大，进度也不快，每天只能产铁几百吨。"
# The translation says "steel production tasks"; the original 钢铁 means iron and steel.
_AHEAD = (
    "Thus, Henan has completed its iron and steel production tasks for this year ahead of "
    "schedule and exceeding the target."
)
_AHEAD_ZH = "至此，河南今年生产钢铁的任务，都已提前超额完成。"
_LUSHAN_DAY = (LUSHAN_CLAIM_DAY.month, LUSHAN_CLAIM_DAY.day)

CLAIMS: tuple[Claim, ...] = (
    _claim(
        "october_iron",
        "In October they produced a total of 4.4 million tons of pig iron.",
        "在10月份里……他们在这月一共生产出生铁四百四十万吨",
        Measure.CUMULATIVE,
        "iron",
        _OCTOBER,
        Expect(equals=4_400_000, tolerance=1),
    ),
    _claim(
        "year_iron",
        "Adding this to the pig iron produced before the end of September, the province has "
        "produced a total of 4.68 million tons of iron this year.",
        "如果加上9月底以前生产的生铁，今年全省已经产铁四百六十八万吨",
        Measure.CUMULATIVE,
        "iron",
        _TO_OCTOBER,
        Expect(equals=4_680_000, tolerance=1),
    ),
    _claim(
        "october_steel",
        "In that month, 300,000 tons of steel were produced.",
        "这月产钢三十万吨",
        Measure.CUMULATIVE,
        "steel",
        _OCTOBER,
        Expect(equals=300_000, tolerance=1),
    ),
    _claim(
        "year_steel",
        "Adding this to the cumulative production from January to September, the province has "
        "produced a total of 313,000 tons of steel this year.",
        "加上1至9月份的累计产量，今年全省已经产钢三十一万三千吨",
        Measure.CUMULATIVE,
        "steel",
        _TO_OCTOBER,
        Expect(equals=313_000, tolerance=1),
    ),
    _claim(
        "june_iron",
        "At the end of June, the province only produced a few thousand tons of iron.",
        "6月底，全省只产铁几千吨",
        Measure.CUMULATIVE,
        "iron",
        ((1, 1), (6, 30)),
        Expect(at_least=2_000, at_most=9_999),
    ),
    _claim(
        "june_steel",
        "There was no steel production at all.",
        "钢一吨也没有",
        Measure.CUMULATIVE,
        "steel",
        ((1, 1), (6, 30)),
        Expect(equals=0),
    ),
    _claim(
        "mid_july_daily_min",
        _MID_JULY_TEXT,
        _MID_JULY_ZH,
        Measure.DAILY_MIN,
        "iron",
        _MID_JULY,
        Expect(at_least=100),
    ),
    _claim(
        "mid_july_daily_max",
        _MID_JULY_TEXT,
        _MID_JULY_ZH,
        Measure.DAILY_MAX,
        "iron",
        _MID_JULY,
        Expect(at_most=999),
    ),
    _claim(
        "first_satellite_day",
        _SATELLITE,
        _SATELLITE_ZH,
        Measure.FIRST_DAY_OVER,
        "iron",
        _YEAR_PERIOD,
        Expect(on=date(YEAR, 9, 15)),
        threshold=18_000,
    ),
    _claim(
        "first_satellite_size",  # 一万八千多吨: 18,000 and some, so under 19,000
        _SATELLITE,
        _SATELLITE_ZH,
        Measure.CUMULATIVE,
        "iron",
        ((9, 15), (9, 15)),
        Expect(above=18_000, below=19_000),
    ),
    _claim(
        "last_three_days_september",
        "In the last three days of the month, large-scale bumper harvests were achieved "
        "continuously, with more than 130,000 tons of iron produced in three days.",
        "在这月的最后三天又连续取得了大面积丰产，三天产铁十三万多吨",
        Measure.CUMULATIVE,
        "iron",
        ((9, 28), (9, 30)),
        Expect(at_least=130_000, at_most=139_999),
    ),
    _claim(
        "october_furnaces",
        "The various large and small indigenous iron smelting furnaces put into production "
        "reached more than 400,000.",
        "投入生产的各种大小土炼铁炉，达到了四十多万座",
        Measure.UNITS_PRODUCING,
        "iron",
        _OCTOBER,
        Expect(at_least=400_000, at_most=499_999),
    ),
    _claim(
        "iron_plan_ahead",
        _AHEAD,
        _AHEAD_ZH,
        Measure.DAYS_AHEAD,
        "iron",
        _YEAR_PERIOD,
        Expect(above=0),
        as_of=_AS_OF,
    ),
    _claim(
        "steel_plan_ahead",
        _AHEAD,
        _AHEAD_ZH,
        Measure.DAYS_AHEAD,
        "steel",
        _YEAR_PERIOD,
        Expect(above=0),
        as_of=_AS_OF,
    ),
    _claim(
        "iron_plan_fulfilled",
        _AHEAD,
        _AHEAD_ZH,
        Measure.FULFILMENT_PCT,
        "iron",
        _YEAR_PERIOD,
        Expect(at_least=100),
        as_of=_AS_OF,
    ),
    _claim(
        "steel_plan_fulfilled",
        _AHEAD,
        _AHEAD_ZH,
        Measure.FULFILMENT_PCT,
        "steel",
        _YEAR_PERIOD,
        Expect(at_least=100),
        as_of=_AS_OF,
    ),
    # Not the article's: a figure reported for Lushan county in 1958, on a reconstructed day
    # (see LUSHAN_CLAIM_DAY). Exact to the kilogram, the reports' resolution.
    _claim(
        "lushan_day_iron",
        "Lushan county produced 34,360 tons of pig iron in one day.",
        "鲁山县日产生铁三万四千三百六十吨",
        Measure.CUMULATIVE,
        "iron",
        (_LUSHAN_DAY, _LUSHAN_DAY),
        Expect(equals=LUSHAN_CLAIM_T, tolerance=0.001),
        scope=f"{PROVINCE}-{LUSHAN}",
    ),
)

NOTES = (
    "From the article: every figure the claims check (October and year-to-October iron and "
    "steel; a few thousand tonnes of iron and no steel by the end of June; a few hundred tonnes "
    "a day in mid-July; the first day over 18,000 t on 15 September; over 130,000 t on 28-30 "
    "September; over 400,000 furnaces in production in October; the year's tasks completed "
    "ahead of schedule) and the November tasks of 800,000 t of iron, 400,000 t of steel and "
    "30,000 t of rolled steel. "
    "Reconstruction, everything else. Regions: Henan before the mergers of December 1958, nine "
    "cities and eight prefectures with 114 counties and county-level cities; the cities are "
    "shown without their districts, and the prefecture of several counties in October 1958 is a "
    "best guess (Guangwu, Mixian, Xinzheng, Gongxian and Dengfeng under Kaifeng; Linru, Xihua, "
    "Shangshui, Xiangcheng and Fugou under Xuchang; Huaiyang, Taikang, Shenqiu, Dancheng and "
    "Luyi under Shangqiu; Changyuan under Xinxiang; Fanxian under Anyang). Units: every "
    "furnace, converter, rolling mill, coal pit and ore pit is invented, with its place, "
    "capacity, opening day, closing day (a few furnaces lit before 20 September were abandoned) "
    "and daily output. Daily shape: a few small modern blast furnaces from January; trial "
    "indigenous furnaces from June; furnaces multiplying from July; storms of openings on "
    "15 September, 28-30 September and early October; 'satellite' days when nearly every "
    "furnace was tapped; some furnaces idle on some days; steel from 5 July. The tonnages of 15 "
    "September (18,436.25 t) and 28-30 September (136,200.5 t) are chosen inside the article's "
    "words. Also invented: the annual plans (4,000,000 t of iron, 300,000 t of steel) and their "
    "split by city and prefecture, the rolled steel made in September and October, prices at "
    "constant 1957 prices, recipes, and rail and road capacities. "
    "Not from the article: the 34,360 t of pig iron in one day reported for Lushan county in "
    "1958, put on 15 October (the day is reconstruction) and booked to the county's small "
    "modern blast furnace, far beyond its capacity, so that the audit has a claim to catch; "
    "the other counties report that much less that day, so the province's days are unchanged."
)

SCENARIO = Scenario(
    name="henan-steel-1958",
    title="Henan completes its iron and steel tasks ahead of schedule (1958)",
    title_zh="河南提前完成钢铁任务",
    source="003_91d11e9cb13de27b.txt",
    as_of=_AS_OF,
    claims=CLAIMS,
    build=build,
    committed=False,
    notes=NOTES,
    plan_check=("CN-HA", "1958-11"),  # the November tasks
    audit_check=(f"{PROVINCE}-{LUSHAN}", LUSHAN_CLAIM_DAY.isoformat()),  # the 34,360 t day
    bulletin=BulletinSpec(
        PROVINCE,
        date(YEAR, 10, 1),
        _AS_OF,
        (
            "生产生铁四百四十万吨",
            "已经生产生铁四百六十八万吨",
            "生产钢三十万吨",
            "已经生产钢三十一万三千吨",
            "达到了四十多万座",
            "6月底，河南省只产生铁几千吨",
            "日产生铁一万八千多吨",
            "完成了今年生铁生产计划",
            "完成了今年钢生产计划",
            "布置了11月份生铁八十万吨、钢四十万吨、钢材三万吨的生产任务",
        ),
        (
            "Henan produced 4,400,000 t of pig iron, bringing the year's total to 4,680,000 t; "
            "more than 400,000 furnaces were producing it",
            "Henan produced 300,000 t of steel, bringing the year's total to 313,000 t",
            "By the end of June, only a few thousand t of pig iron had been made",
            "On 15 September, more than 18,000 t of pig iron were made in a single day",
            "Henan completed the pig iron plan for 1958",
            "Henan completed the steel plan for 1958",
            "The tasks for November: 800,000 t of pig iron, 400,000 t of steel and 30,000 t "
            "of rolled steel",
        ),
    ),
)
