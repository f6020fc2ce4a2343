"""Hebei's small modern cement plants, 1959 to 22 March 1960: the replay of seed 000.

Xinhua, Tianjin, 1 April 1960 (People's Daily, 2 April 1960, page 1): from the start of
1959 to 22 March 1960 the province's fifty-odd small modern ("小洋群") cement plants made
303,087 t of cement, of mean grade over 300 with 20% at grade 400; in 1958 more than 7,000
small indigenous plants had been set up and were consolidated in early 1959; February 1960
overfulfilled its monthly plan and beat January by 3.35%; the first-quarter plan was done
on 13 March, eighteen days ahead.

`build` writes the scenario folder from a fixed seed: regions, the product, 53 modern and
7,214 indigenous plants, the province's plans and every modern plant's daily output by
grade. The article's figures are constraints the builder meets exactly; everything else
(names, capacities, dates, daily shapes, plan targets) is reconstruction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import numpy.typing as npt
import polars as pl

from planworks.domain.claims import Claim, Expect, Measure, Query
from planworks.domain.periods import day_number
from planworks.scenarios.base import BulletinSpec, Scenario

__all__ = ["SCENARIO", "build"]

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]

SEED = 19600402  # the day the article appeared

PROVINCE = "CN-HE"
PRODUCT = "cement"
GRADES = (200, 300, 400, 500)

FIRST_DAY = date(1959, 1, 1)  # "from the beginning of last year"
AS_OF = date(1960, 3, 22)  # "to March 22nd of this year"
TOTAL_T = 303_087  # 三十万三千零八十七吨 (the English translation misprints 300,387)
Q1_DONE = date(1960, 3, 13)  # "by March 13th ... eighteen days ahead"

# Reconstruction: January and February 1960. February / January - 1 = 871 / 26,000 = 3.35%.
JANUARY_1960_T = 26_000
FEBRUARY_1960_T = 26_871
# Reconstruction: the plans. The Q1 plan is the sum of the three monthly plans; at about
# 714 t a day it is met on 13 March by plants making 840-970 t a day.
ANNUAL_1959_PLAN_T = 220_000
MONTHLY_1960_PLANS_T = (21_000, 21_500, 22_500)
Q1_1960_PLAN_T = sum(MONTHLY_1960_PLANS_T)
# Reconstruction: March 1960 before, on and after the day the Q1 plan was reached. Through
# 12 March the quarter stands at 64,371 t (< 65,000); 13 March brings it to 65,333 t.
MARCH_1_TO_12_T = 11_500
MARCH_13_T = 962
MARCH_14_TO_22_T = 8_750
YEAR_1959_T = (
    TOTAL_T - JANUARY_1960_T - FEBRUARY_1960_T - MARCH_1_TO_12_T - MARCH_13_T - MARCH_14_TO_22_T
)

# Reconstruction: the whole period's tonnage by grade, 13% / 65% / 20% / 2% of 303,087 t,
# which makes the quantity-weighted mean grade 311.0.
GRADE_400_T = round(TOTAL_T * 0.20)
GRADE_500_T = round(TOTAL_T * 0.02)
GRADE_200_T = round(TOTAL_T * 0.13)
GRADE_TOTALS_T = (
    GRADE_200_T,
    TOTAL_T - GRADE_200_T - GRADE_400_T - GRADE_500_T,
    GRADE_400_T,
    GRADE_500_T,
)

PRICE_YUAN_PER_T = 45.0  # reconstruction: a constant ex-works price of the late 1950s
INDIGENOUS_PLANTS = 7_214  # "more than 7,000"


# -- regions and plants ---------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _County:
    code: str  # the last part of the region code
    name: str
    name_zh: str
    plants: int  # small modern cement plants standing there (reconstruction)


@dataclass(frozen=True, slots=True)
class _Prefecture:
    code: str
    name: str
    name_zh: str
    counties: tuple[_County, ...]


# Hebei's prefectures of 1959, in the order of the 1960 provincial atlas. Tianjin was the
# capital and, after absorbing Tianjin prefecture (itself swollen by Cangxian prefecture in
# 1958), led the counties round it; Xingtai prefecture had gone into Handan, Hengshui into
# Shijiazhuang; from May 1959 Zhangjiakou city led the Zhangjiakou counties. Counties with
# plants lie on the limestone of the Taihang and Yan mountains; the plain counties without
# a modern plant had indigenous plants only.
_PREFECTURES = (
    _Prefecture(
        "TJ",
        "Tianjin",
        "天津市",
        (
            _County("CX", "Cang County", "沧县", 1),
            _County("BX", "Ba County", "霸县", 1),
            _County("JH", "Jinghai County", "静海县", 0),
            _County("WQ", "Wuqing County", "武清县", 0),
            _County("HJ", "Hejian County", "河间县", 0),
            _County("RQ", "Renqiu County", "任丘县", 0),
            _County("HH", "Huanghua County", "黄骅县", 0),
            _County("XX", "Xian County", "献县", 0),
        ),
    ),
    _Prefecture(
        "TS",
        "Tangshan Prefecture",
        "唐山专区",
        (
            _County("TS", "Tangshan", "唐山市", 1),
            _County("QHD", "Qinhuangdao", "秦皇岛市", 1),
            _County("QA", "Qian'an County", "迁安县", 2),
            _County("ZH", "Zunhua County", "遵化县", 1),
            _County("CL", "Changli County", "昌黎县", 1),
            _County("JX", "Ji County", "蓟县", 1),
            _County("YT", "Yutian County", "玉田县", 1),
            _County("LT", "Laoting County", "乐亭县", 0),
            _County("BD", "Baodi County", "宝坻县", 0),
        ),
    ),
    _Prefecture(
        "CD",
        "Chengde Prefecture",
        "承德专区",
        (
            _County("CD", "Chengde", "承德市", 1),
            _County("XL", "Xinglong County", "兴隆县", 1),
            _County("PQ", "Pingquan County", "平泉县", 1),
            _County("LP", "Luanping County", "滦平县", 1),
            _County("LH", "Longhua County", "隆化县", 1),
            _County("FN", "Fengning County", "丰宁县", 1),
            _County("QL", "Qinglong County", "青龙县", 1),
            _County("WC", "Weichang County", "围场县", 0),
        ),
    ),
    _Prefecture(
        "ZJK",
        "Zhangjiakou",
        "张家口市",
        (
            _County("HL", "Huailai County", "怀来县", 2),
            _County("YX", "Yu County", "蔚县", 1),
            _County("XH", "Xuanhua District", "宣化区", 1),
            _County("HA", "Huai'an County", "怀安县", 1),
            _County("ZB", "Zhangbei County", "张北县", 0),
            _County("LG", "Longguan County", "龙关县", 0),
        ),
    ),
    _Prefecture(
        "BD",
        "Baoding Prefecture",
        "保定专区",
        (
            _County("YX", "Yi County", "易县", 2),
            _County("LS", "Laishui County", "涞水县", 1),
            _County("LY", "Laiyuan County", "涞源县", 1),
            _County("TX", "Tang County", "唐县", 1),
            _County("QY", "Quyang County", "曲阳县", 1),
            _County("FP", "Fuping County", "阜平县", 1),
            _County("MC", "Mancheng County", "满城县", 1),
            _County("XS", "Xushui County", "徐水县", 1),
            _County("DX", "Ding County", "定县", 1),
            _County("ZX", "Zhuo County", "涿县", 0),
            _County("AG", "Anguo County", "安国县", 0),
            _County("LX", "Li County", "蠡县", 0),
            _County("GY", "Gaoyang County", "高阳县", 0),
        ),
    ),
    _Prefecture(
        "SJZ",
        "Shijiazhuang Prefecture",
        "石家庄专区",
        (
            _County("SJZ", "Shijiazhuang", "石家庄市", 2),
            _County("JX", "Jingxing County", "井陉县", 2),
            _County("PS", "Pingshan County", "平山县", 2),
            _County("YS", "Yuanshi County", "元氏县", 2),
            _County("ZD", "Zhengding County", "正定县", 1),
            _County("GC", "Gaocheng County", "藁城县", 1),
            _County("XL", "Xinle County", "新乐县", 0),
            _County("SL", "Shulu County", "束鹿县", 0),
            _County("ZX", "Zhao County", "赵县", 0),
            _County("SX", "Shen County", "深县", 0),
            _County("HS", "Hengshui County", "衡水县", 0),
            _County("NJ", "Ningjin County", "宁晋县", 0),
        ),
    ),
    _Prefecture(
        "HD",
        "Handan Prefecture",
        "邯郸专区",
        (
            _County("WA", "Wu'an County", "武安县", 2),
            _County("CX", "Ci County", "磁县", 2),
            _County("XT", "Xingtai County", "邢台县", 2),
            _County("SX", "She County", "涉县", 1),
            _County("YN", "Yongnian County", "永年县", 1),
            _County("NQ", "Neiqiu County", "内丘县", 1),
            _County("NG", "Nangong County", "南宫县", 1),
            _County("JL", "Julu County", "巨鹿县", 1),
            _County("DM", "Daming County", "大名县", 0),
        ),
    ),
)

_CHINESE_ORDINALS = ("", "第二", "第三")


def _regions() -> pl.DataFrame:
    """The region tree: China, Hebei, its 1959 prefectures and the counties used."""
    rows = [
        ("CN", None, "nation", "China", "中国"),
        (PROVINCE, "CN", "province", "Hebei", "河北省"),
    ]
    for pref in _PREFECTURES:
        rows.append((f"{PROVINCE}-{pref.code}", PROVINCE, "prefecture", pref.name, pref.name_zh))
    for pref in _PREFECTURES:
        parent = f"{PROVINCE}-{pref.code}"
        for county in pref.counties:
            rows.append((f"{parent}-{county.code}", parent, "county", county.name, county.name_zh))
    return pl.DataFrame(rows, schema=["code", "parent", "level", "name", "name_zh"], orient="row")


@dataclass(frozen=True, slots=True)
class _Plants:
    """The small modern plants as columns, one entry per plant."""

    code: list[str]
    name: list[str]
    name_zh: list[str]
    region: list[str]
    prefecture: Ints  # index into _PREFECTURES
    capacity_t_per_day: Ints
    opened: Ints  # epoch day
    quality: Ints  # 0 weak (grades 200-300), 1 middling (200-400), 2 good (300-500)


def _modern_plants(rng: np.random.Generator) -> _Plants:
    """The 53 small modern plants: where they stand, their size, opening day and quality."""
    code: list[str] = []
    name: list[str] = []
    name_zh: list[str] = []
    region: list[str] = []
    prefecture: list[int] = []
    first_of_prefecture: list[int] = []
    for p, pref in enumerate(_PREFECTURES):
        first_of_prefecture.append(len(code))
        for county in pref.counties:
            county_code = f"{PROVINCE}-{pref.code}-{county.code}"
            for k in range(county.plants):
                code.append(f"{county_code}-M{k + 1}")
                name.append(f"{county.name} Cement Plant" + (f" No. {k + 1}" if k else ""))
                name_zh.append(f"{county.name_zh}{_CHINESE_ORDINALS[k]}水泥厂")
                region.append(county_code)
                prefecture.append(p)
    n = len(code)
    # Shaft-kiln plants of a few thousand tonnes a year: 10-45 t a day, most near 20.
    capacity = np.clip(np.round(rng.lognormal(np.log(21.0), 0.35, n)), 10, 45).astype(np.int64)
    # Each prefecture's first plant was up by the autumn of 1958 (the consolidation of
    # early 1959 merged indigenous plants into it); of the others, 15 followed in late
    # 1958, 14 in the first four months of 1959 and the rest between May and November.
    late_1958 = (day_number(date(1958, 9, 1)), day_number(date(1958, 12, 20)))
    early_1959 = (day_number(date(1959, 1, 5)), day_number(date(1959, 4, 30)))
    later_1959 = (day_number(date(1959, 5, 1)), day_number(date(1959, 11, 30)))
    opened = np.empty(n, dtype=np.int64)
    firsts = np.array(first_of_prefecture)
    others = rng.permutation(np.setdiff1d(np.arange(n), firsts))
    opened[firsts] = rng.integers(late_1958[0], day_number(date(1958, 11, 30)), firsts.size)
    for (lo, hi), chosen in zip(
        (late_1958, early_1959, later_1959), np.split(others, [15, 29]), strict=True
    ):
        opened[chosen] = rng.integers(lo, hi + 1, chosen.size)
    quality = rng.choice(3, size=n, p=[0.22, 0.56, 0.22]).astype(np.int64)
    return _Plants(code, name, name_zh, region, np.array(prefecture), capacity, opened, quality)


# -- integer rounding that keeps totals -----------------------------------------------------
def _round_rows(x: Floats, totals: Ints) -> Ints:
    """Round each row of `x` to integers adding up to its total, by largest remainder.

    Each row of `x` must already add up (in floating point) to its total.
    """
    floor = np.floor(x).astype(np.int64)
    short = totals - floor.sum(axis=1)
    if np.any(short < 0) or np.any(short > x.shape[1]):
        raise ValueError("rows do not add up to their totals")
    order = np.argsort(floor - x, axis=1, kind="stable")  # largest remainder first
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.broadcast_to(np.arange(x.shape[1]), x.shape), axis=1)
    result: Ints = floor + (rank < short[:, None])
    return result


def _round_to(x: Floats, total: int) -> Ints:
    """Scale `x` to add up to `total` and round it to integers that still do."""
    scaled = x * (total / x.sum())
    rounded: Ints = _round_rows(scaled[None, :], np.array([total]))[0]
    return rounded


def _match_columns(x: Ints, real: Floats, allowed: npt.NDArray[np.bool_], totals: Ints) -> None:
    """Move single units between neighbouring columns, inside rows, to reach column `totals`.

    Rounding row by row leaves each column a few units off. The surplus is passed along
    the columns (for grades: 200 to 300 to 400 to 500, or back), one unit per row, in the
    rows where rounding pushed the giving column up and the taking column down the most.
    """
    flow = np.cumsum(x.sum(axis=0) - totals)[:-1]  # units to pass from column k to k + 1
    for k, units in enumerate(flow.tolist()):
        if units == 0:
            continue
        give, take = (k, k + 1) if units > 0 else (k + 1, k)
        gain = (x[:, give] - real[:, give]) + (real[:, take] - x[:, take])
        gain[(x[:, give] < 1) | ~allowed[:, take]] = -np.inf
        rows = np.argsort(-gain, kind="stable")[: abs(units)]
        if np.isinf(gain[rows]).any():
            raise ValueError("cannot match the column totals")
        x[rows, give] -= 1
        x[rows, take] += 1


# -- daily output ---------------------------------------------------------------------------
# Reconstruction: how fully the plants ran, by month (mid-month anchors). Winter slows the
# kilns and quarrying; the rainy season of July and August slows them less; the campaign
# after New Year 1960 pushes them up.
_UTILISATION = (
    (date(1959, 1, 15), 0.50),
    (date(1959, 2, 15), 0.52),
    (date(1959, 3, 15), 0.60),
    (date(1959, 4, 15), 0.66),
    (date(1959, 5, 15), 0.70),
    (date(1959, 6, 15), 0.72),
    (date(1959, 7, 15), 0.68),
    (date(1959, 8, 15), 0.69),
    (date(1959, 9, 15), 0.75),
    (date(1959, 10, 15), 0.79),
    (date(1959, 11, 15), 0.77),
    (date(1959, 12, 15), 0.70),
    (date(1960, 1, 15), 0.72),
    (date(1960, 2, 15), 0.79),
    (date(1960, 3, 15), 0.82),
)
# Spring Festival (8 February 1959, 28 January 1960): three slower days each.
_HOLIDAYS = tuple(date(1959, 2, 8 + i) for i in range(3)) + tuple(
    date(1960, 1, 28 + i) for i in range(3)
)
_RAMP_DAYS = 60  # trial production: from 30% to full output over two months
_SEGMENTS_T = (  # (first day, last day, exact tonnes)
    (FIRST_DAY, date(1959, 12, 31), YEAR_1959_T),
    (date(1960, 1, 1), date(1960, 1, 31), JANUARY_1960_T),
    (date(1960, 2, 1), date(1960, 2, 29), FEBRUARY_1960_T),
    (date(1960, 3, 1), date(1960, 3, 12), MARCH_1_TO_12_T),
    (Q1_DONE, Q1_DONE, MARCH_13_T),
    (date(1960, 3, 14), AS_OF, MARCH_14_TO_22_T),
)


def _daily_output(rng: np.random.Generator, plants: _Plants, days: Ints) -> Ints:
    """Tonnes by day (rows) and plant (columns), meeting every segment total exactly."""
    since_opening = (days[:, None] - plants.opened[None, :]).astype(np.float64)
    ramp = np.where(
        since_opening < 0, 0.0, np.clip(0.3 + 0.7 * since_opening / _RAMP_DAYS, 0.0, 1.0)
    )
    running = plants.capacity_t_per_day[None, :] * ramp
    anchors = np.array([day_number(d) for d, _ in _UTILISATION], dtype=np.float64)
    levels = np.array([u for _, u in _UTILISATION])
    utilisation = np.interp(days.astype(np.float64), anchors, levels)
    utilisation[np.isin(days, [day_number(d) for d in _HOLIDAYS])] *= 0.85
    shape = running.sum(axis=1) * utilisation * rng.lognormal(0.0, 0.03, days.size)

    total = np.empty(days.size, dtype=np.int64)
    for first, last, tonnes in _SEGMENTS_T:
        part = (days >= day_number(first)) & (days <= day_number(last))
        total[part] = _round_to(shape[part], tonnes)

    # Plants share each day's total by what they could run that day, with day-to-day
    # scatter and the odd day down for kiln repair.
    scatter = np.clip(rng.lognormal(0.0, 0.1, running.shape), 0.8, 1.15)
    down = rng.random(running.shape) < 0.015
    weight = np.where(down, 0.0, running * scatter)
    share = weight * (total / weight.sum(axis=1))[:, None]
    # No plant makes more than its rated capacity: what the scatter puts above it goes to
    # the plants running that day that have room left, in proportion to their room.
    capacity = np.broadcast_to(plants.capacity_t_per_day.astype(np.float64), share.shape)
    over = np.maximum(share - capacity, 0.0).sum(axis=1)
    share = np.minimum(share, capacity)
    room = np.where(weight > 0, capacity - share, 0.0)
    share += room * (over / room.sum(axis=1))[:, None]
    return _round_rows(share, total)


# Reconstruction: the grade mix by plant quality (shares of 200/300/400/500) and how it
# shifted towards the higher grades over the fifteen months.
_GRADE_MIX = np.array(
    [
        [0.45, 0.55, 0.00, 0.00],
        [0.12, 0.68, 0.20, 0.00],
        [0.00, 0.55, 0.37, 0.08],
    ]
)
_GRADE_TREND = np.array([-1.0, 0.0, 0.6, 0.8])


def _grade_split(quantity: Ints, quality: Ints, progress: Floats) -> Ints:
    """Tonnes by grade (columns) of each plant-day (rows), meeting the grade totals exactly.

    `progress` runs from 0 on the first day to 1 on the last. Iterative proportional
    fitting brings the plant mixes to the period's grade totals; rounding keeps every
    plant-day's total.
    """
    preference = _GRADE_MIX[quality] * np.exp(np.outer(progress, _GRADE_TREND))
    allowed = preference > 0
    totals = np.array(GRADE_TOTALS_T, dtype=np.int64)
    fitted = quantity[:, None] * preference
    for _ in range(200):
        fitted *= totals / fitted.sum(axis=0)
        fitted *= (quantity / fitted.sum(axis=1))[:, None]
    split = _round_rows(fitted, quantity)
    _match_columns(split, fitted, allowed, totals)
    return split


def _reports(rng: np.random.Generator, plants: _Plants) -> pl.DataFrame:
    """Every modern plant's daily output by grade, from 1 January 1959 to 22 March 1960."""
    days = np.arange(day_number(FIRST_DAY), day_number(AS_OF) + 1, dtype=np.int64)
    output = _daily_output(rng, plants, days)
    day_index, plant_index = np.nonzero(output)
    quantity = output[day_index, plant_index]
    progress = day_index / (days.size - 1)
    split = _grade_split(quantity, plants.quality[plant_index], progress)
    row, grade_index = np.nonzero(split)
    return pl.DataFrame(
        {
            "unit": pl.Series(plants.code).gather(plant_index[row]),
            "date": pl.Series(days[day_index[row]]).cast(pl.Int32).cast(pl.Date),
            "product": PRODUCT,
            "quantity": split[row, grade_index],
            "grade": np.array(GRADES)[grade_index],
        }
    ).sort("date", "unit", "grade")


# -- units ----------------------------------------------------------------------------------
def _indigenous_plants(rng: np.random.Generator, plants: _Plants) -> pl.DataFrame:
    """The 1958 indigenous plants and what became of each in early 1959.

    A plant closed (between 5 January and 31 May 1959) was merged into a modern plant of
    its county already running by then, most often; failing that, sometimes into the
    first modern plant of its prefecture; otherwise it was simply shut down.
    """
    counties = [(p, pref, c) for p, pref in enumerate(_PREFECTURES) for c in pref.counties]
    # Mountain counties with limestone (those that later had modern plants) had more.
    weight = np.array([1.0 + c.plants for _, _, c in counties])
    per_county = rng.multinomial(INDIGENOUS_PLANTS, weight / weight.sum())
    opened = rng.integers(
        day_number(date(1958, 8, 1)), day_number(date(1958, 12, 1)), INDIGENOUS_PLANTS
    )
    closed = rng.integers(
        day_number(date(1959, 1, 5)), day_number(date(1959, 6, 1)), INDIGENOUS_PLANTS
    )
    keep = rng.random(INDIGENOUS_PLANTS)
    region = np.array(plants.region)
    code = np.array(plants.code)

    merged_into = np.full(INDIGENOUS_PLANTS, "", dtype=object)
    county_of = np.repeat(np.arange(len(counties)), per_county)
    for c, (p, pref, county) in enumerate(counties):
        mine = np.flatnonzero(county_of == c)
        local = np.flatnonzero(region == f"{PROVINCE}-{pref.code}-{county.code}")
        for i in local[np.argsort(plants.opened[local], kind="stable")]:
            # The earliest local plant running at closure takes it in (85% were kept on).
            free = mine[(merged_into[mine] == "") & (plants.opened[i] <= closed[mine])]
            merged_into[free[keep[free] < 0.85]] = code[i]
        # Without a local plant running yet, fewer were worth moving to the prefecture's.
        in_prefecture = np.flatnonzero(plants.prefecture == p)
        first = in_prefecture[np.argmin(plants.opened[in_prefecture])]
        free = mine[(merged_into[mine] == "") & (plants.opened[first] <= closed[mine])]
        merged_into[free[keep[free] < 0.5]] = code[first]

    sequence = np.concatenate([np.arange(1, n + 1) for n in per_county])
    county_code = [f"{PROVINCE}-{pref.code}-{c.code}" for _, pref, c in counties]
    frame = pl.DataFrame(
        {
            "region": pl.Series(county_code).gather(county_of),
            "county": pl.Series([c.name for _, _, c in counties]).gather(county_of),
            "county_zh": pl.Series([c.name_zh for _, _, c in counties]).gather(county_of),
            "n": sequence,
            "opened": pl.Series(opened).cast(pl.Int32).cast(pl.Date),
            "closed": pl.Series(closed).cast(pl.Int32).cast(pl.Date),
            "merged_into": pl.Series(merged_into.astype(str)),
        }
    )
    return frame.select(
        pl.format("{}-T{}", "region", pl.col("n").cast(pl.String).str.zfill(4)).alias("code"),
        pl.format("{} indigenous cement works no. {}", "county", "n").alias("name"),
        pl.format("{}土法水泥厂{}号", "county_zh", "n").alias("name_zh"),
        "region",
        pl.lit("indigenous").alias("kind"),
        pl.lit("cement").alias("industry"),
        pl.lit(PRODUCT).alias("product"),
        pl.lit(None, dtype=pl.Int64).alias("capacity"),  # the article gives no figure
        "opened",
        "closed",
        pl.when(pl.col("merged_into") == "")
        .then(pl.lit("closed"))
        .otherwise(pl.lit("merged"))
        .alias("status"),
        pl.when(pl.col("merged_into") == "")
        .then(None)
        .otherwise("merged_into")
        .alias("merged_into"),
    )


def _units(rng: np.random.Generator, plants: _Plants) -> pl.DataFrame:
    """Modern plants (all producing on 22 March 1960) and the indigenous plants of 1958."""
    modern = pl.DataFrame(
        {
            "code": plants.code,
            "name": plants.name,
            "name_zh": plants.name_zh,
            "region": plants.region,
            "kind": "modern",
            "industry": "cement",
            "product": PRODUCT,
            "capacity": plants.capacity_t_per_day,
            "opened": pl.Series(plants.opened).cast(pl.Int32).cast(pl.Date),
            "closed": pl.Series([None] * len(plants.code), dtype=pl.Date),
            "status": "producing",
            "merged_into": pl.Series([None] * len(plants.code), dtype=pl.String),
        }
    )
    return pl.concat([modern, _indigenous_plants(rng, plants)]).sort("code")


def _products() -> pl.DataFrame:
    """Cement, its grades (标号) and a constant price."""
    return pl.DataFrame(
        {
            "code": [PRODUCT],
            "name": ["Cement"],
            "name_zh": ["水泥"],
            "uom": ["t"],
            "price": [PRICE_YUAN_PER_T],
            "grades": ["|".join(str(g) for g in GRADES)],
            "min_grade": [GRADES[0]],
        }
    )


def _plans() -> pl.DataFrame:
    """The province's cement plans (all targets are reconstruction)."""
    jan, feb, mar = MONTHLY_1960_PLANS_T
    rows = [
        (date(1959, 1, 1), date(1959, 12, 31), ANNUAL_1959_PLAN_T, "1959 annual plan"),
        (date(1960, 1, 1), date(1960, 1, 31), jan, "January 1960 monthly plan"),
        (date(1960, 2, 1), date(1960, 2, 29), feb, "February 1960 monthly plan"),
        (date(1960, 3, 1), date(1960, 3, 31), mar, "March 1960 monthly plan"),
        (date(1960, 1, 1), date(1960, 3, 31), Q1_1960_PLAN_T, "1960 first-quarter plan"),
    ]
    return pl.DataFrame(
        [(PROVINCE, PRODUCT, start, end, target, plan) for start, end, target, plan in rows],
        schema=["scope", "product", "start", "end", "target", "plan"],
        orient="row",
    )


def build(folder: Path) -> None:
    """Write the Hebei cement scenario folder (regions, products, units, plans, reports)."""
    rng = np.random.default_rng(SEED)
    plants = _modern_plants(rng)
    tables = {
        "regions": _regions(),
        "products": _products(),
        "units": _units(rng, plants),
        "plans": _plans(),
        "reports": _reports(rng, plants),
    }
    folder.mkdir(parents=True, exist_ok=True)
    for name, table in tables.items():
        table.write_csv(folder / f"{name}.csv")


# -- the article's figures ------------------------------------------------------------------
def _query(measure: Measure, start: date, end: date, grade: float | None = None) -> Query:
    """A question about the whole province's cement, as of the article's last day."""
    return Query(measure, PROVINCE, PRODUCT, start, end, as_of=AS_OF, grade=grade)


_WHOLE = (FIRST_DAY, AS_OF)
_FEBRUARY = (date(1960, 2, 1), date(1960, 2, 29))
_Q1 = (date(1960, 1, 1), date(1960, 3, 31))

CLAIMS = (
    Claim(
        "total_output",
        "From the beginning of last year to March 22nd of this year, the province's "
        "fifty-plus small modern cement plants have produced 303,087 tons of cement.",
        "从去年年初到今年3月22日，全省五十多个“小洋群”水泥厂，已经生产出水泥三十万三千零八十七吨。",
        _query(Measure.CUMULATIVE, *_WHOLE),
        Expect(equals=TOTAL_T),
    ),
    Claim(
        "plants_producing",
        "the province's fifty-plus small modern cement plants",
        "全省五十多个“小洋群”水泥厂",
        _query(Measure.UNITS_PRODUCING, *_WHOLE),
        Expect(at_least=50, at_most=59),
    ),
    Claim(
        "indigenous_plants_1958",
        "In just a few months, more than 7,000 small indigenous cement plants were established "
        "throughout the province.",
        "在短短的几个月内，全省就建立了七千多个“小土群”水泥厂",
        _query(Measure.UNITS_OPENED, date(1958, 1, 1), date(1958, 12, 31)),
        Expect(at_least=7_000, at_most=7_999),
    ),
    Claim(
        "plants_after_consolidation",
        "gradually transitioning from small indigenous groups to small modern groups: the "
        "province's fifty-plus small modern cement plants",
        "逐步由“小土群”过渡到“小洋群”……全省五十多个“小洋群”水泥厂",
        _query(Measure.UNITS_OPEN, *_WHOLE),
        Expect(at_least=50, at_most=59),
    ),
    Claim(
        "mean_grade",
        "The average cement grade has reached over 300",
        "水泥的平均标号达到三百号以上",
        _query(Measure.MEAN_GRADE, *_WHOLE),
        Expect(at_least=300),
    ),
    Claim(
        "grade_400_share",
        "with 20% reaching a grade of 400",
        "其中四百号的占20％",
        _query(Measure.GRADE_SHARE_PCT, *_WHOLE, grade=400),
        Expect(equals=20, tolerance=0.05),
    ),
    Claim(
        "february_plan_overfulfilled",
        "In February of this year, the monthly plan was overfulfilled",
        "今年2月份超额完成了月计划",
        _query(Measure.OVERFULFILMENT_PCT, *_FEBRUARY),
        Expect(above=0),
    ),
    Claim(
        "february_growth",
        "with an increase of 3.35% compared to the actual output in January",
        "比1月份实际产量提高了3.35％",
        _query(Measure.GROWTH_PREV_PCT, *_FEBRUARY),
        Expect(equals=3.35, tolerance=0.005),
    ),
    Claim(
        "q1_completed",
        "By March 13th, the first quarter production plan was completed",
        "到3月13日又提前十八天完成了首季生产计划",
        _query(Measure.COMPLETION_DATE, *_Q1),
        Expect(on=Q1_DONE),
    ),
    Claim(
        "q1_days_ahead",
        "eighteen days ahead of schedule",
        "提前十八天完成了首季生产计划",
        _query(Measure.DAYS_AHEAD, *_Q1),
        Expect(equals=18),
    ),
)

SCENARIO = Scenario(
    name="hebei-cement-1960",
    title=(
        "Hebei's small modern cement industry strides forward: "
        "over 300,000 tons of cement in just over a year"
    ),
    title_zh="河北小洋群水泥工业大步向前　一年多来生产水泥三十多万吨",
    source="000_cd61388c9d1ae60c.txt",
    as_of=AS_OF,
    claims=CLAIMS,
    build=build,
    committed=True,
    notes=(
        "The article gives only province-wide figures. Everything below them is "
        "reconstruction, made to agree with them: the 53 small modern plants (names, "
        "counties, capacities of 10-45 t a day, opening days from September 1958 to "
        "November 1959, grade mix); every daily report and its split by grade, drawn from "
        "a fixed random seed (plants opening through 1959, a winter dip, growth into 1960); "
        "January 1960 at 26,000 t and February at 26,871 t; the plans (1959: 220,000 t; "
        "January, February, March 1960: 21,000, 21,500 and 22,500 t; first quarter: their "
        "sum, 65,000 t); the price of 45 yuan a tonne; and the 7,214 indigenous plants of "
        "1958 with their dates and the modern plant that absorbed each (the article gives "
        "no 1958 output, so they have no reports). The regions follow Hebei's 1959 "
        "prefectures (Tianjin the capital, leading the old Tianjin and Cangxian counties; "
        "Xingtai within Handan; Hengshui within Shijiazhuang), but the county mergers of "
        "1958-1961 are not checked county by county. The English translation's 300,387 t "
        "is a slip: the original says 303,087 t (三十万三千零八十七吨)."
    ),
    bulletin=BulletinSpec(
        PROVINCE,
        FIRST_DAY,
        AS_OF,
        (
            "生产水泥三十万三千零八十七吨",
            "五十三个",
            "平均标号达到三百号以上",
            "四百号的占20％",
            "超额25％完成了2月份水泥生产计划",
            "比1月份提高了3.35％",
            "提前十八天完成了首季水泥生产计划",
            "单位由七千多个调整为五十三个",
        ),
        (
            "Hebei produced 303,087 t of cement; 53 units were producing it",
            "The mean grade of cement reached over 300 (311), with 20% at grade 400",
            "exceeding it by 25%; output was 3.35% above January",
            "completed the cement plan for the first quarter on 13 March, 18 days ahead",
            "merged into others and more than 2,000 closed: from more than 7,000 units to 53",
        ),
    ),
)
