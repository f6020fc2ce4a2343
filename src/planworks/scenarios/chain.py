"""The chain, Jiangxi, May 1960: a planning scenario for seed 002 whose weak link is known.

People's Daily, 25 April 1960, page 3, the short commentary 大办"小洋群" ("Vigorously develop
the small modern groups"): "to increase rolled steel you must first have steel; to have
steel, iron; to have iron, coal; and to have coal, the corresponding transport"
(要增产钢材，首先要有钢，要钢先要有铁，要铁必须有煤，要煤又必须有相应的运输条件), so small coal
mines, small blast furnaces and small railways come first; "Jiangxi, Anhui and many other
places have already taken action". The commentary gives no figures. This scenario is a
constructed planning exercise on its chain, and everything in it is reconstruction.

One province, Jiangxi (CN-JX), and four of its prefecture-level regions of 1960, each
playing one role (the roles, units, capacities and links are invented):

- Yichun Prefecture (宜春专区, CN-JX-YC): the coal field, small indigenous coal pits
  (小煤窑) and small modern coal mines (小煤矿);
- Ganzhou Prefecture (赣州专区, CN-JX-GZ): the iron-ore field, small ore pits and mines;
- Ji'an Prefecture (吉安专区, CN-JX-JA): the iron-and-steel centre, small blast furnaces
  (小高炉) and small converters (小转炉);
- Nanchang (南昌市, CN-JX-NC): the city with the small rolling mills (小轧钢厂).

Goods move between regions only on `links.csv` (within a region they move freely), and the
links form a star round Ji'an, each written in the direction the goods go: a small railway
(小铁路) brings coal from Yichun, another brings ore from Ganzhou, and a road takes steel to
Nanchang. No other link exists, so they are the only way for coal and ore to reach the
furnaces, or steel the mills. The only target is the province's rolled steel for May 1960
(31 days): 3,100 t, or 100 t a day. There are no reports.

Recipes (t of input per t of output; every iron, steel and rolled-steel unit is modern):

    rolled-steel   1.25 steel                    (80% yield at the mill)
    steel          1.2 iron + 0.2 coal           (side-blown converter and cupola)
    iron           2.0 iron-ore + 2.0 coal       (small blast furnace, lean ore)

so one tonne of rolled steel needs 1.25 t of steel, 1.25 x 1.2 = 1.5 t of iron,
1.5 x 2.0 = 3.0 t of iron ore and 1.25 x 0.2 + 1.5 x 2.0 = 0.25 + 3.0 = 3.25 t of coal.

The limit of each link of the chain, in rolled steel a day, for the default folder
(`binding="transport"`, committed under data/chain-1960):

    link                                capacity a day          rolled steel a day
    coal pits and mines, Yichun (36)    429 t of coal           429 / 3.25 = 132
    coal railway, Yichun -> Ji'an       260 t of coal           260 / 3.25 =  80  binds
    ore pits and mines, Ganzhou (30)    396 t of iron ore       396 / 3.0  = 132
    ore railway, Ganzhou -> Ji'an       360 t of iron ore       360 / 3.0  = 120
    small blast furnaces, Ji'an (14)    186 t of iron           186 / 1.5  = 124
    small converters, Ji'an (8)         160 t of steel          160 / 1.25 = 128
    steel road, Ji'an -> Nanchang       150 t of steel          150 / 1.25 = 120
    small rolling mills, Nanchang (6)   126 t of rolled steel   126 / 1    = 126

The railway allows 80 t a day, 2,480 t in May: 80% of the 3,100 t target, 620 t short.
Every other link allows at least 120 t a day, 50% more than the railway and 20% more than
the target's 100 t a day: with the railway alone raised to 325 t of coal a day the target
could be met. Each other `binding` lowers only its own link to 80 t of rolled steel a day
and puts the railway back at 390 t of coal a day (120): "coal" keeps 22 coal pits and mines
of 260 t a day in all (260 / 3.25 = 80), "iron" 9 blast furnaces of 120 t of iron a day
(120 / 1.5 = 80), "steel" 5 converters of 100 t of steel a day (100 / 1.25 = 80).
`CHAIN_PARAMETERS` holds these numbers for each `binding`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Literal, get_args

from planworks.scenarios.base import Scenario

__all__ = [
    "BINDINGS",
    "BINDING_LIMIT",
    "CHAIN_PARAMETERS",
    "LIMITS",
    "SCENARIO",
    "Binding",
    "ChainParameters",
    "build_chain",
]

Binding = Literal["coal", "iron", "steel", "transport"]
BINDINGS: tuple[Binding, ...] = get_args(Binding)

PROVINCE = "CN-JX"
COAL_FIELD = f"{PROVINCE}-YC"
ORE_FIELD = f"{PROVINCE}-GZ"
STEEL_CENTRE = f"{PROVINCE}-JA"
ROLLING_CITY = f"{PROVINCE}-NC"

AS_OF = date(1960, 4, 25)  # the day of the commentary: the planner checks May's plan
PLAN_START = date(1960, 5, 1)
PLAN_END = date(1960, 5, 31)
PLAN_DAYS = (PLAN_END - PLAN_START).days + 1
TARGET_T = 3_100  # rolled steel in May 1960: 100 t a day

#: The links of the chain, in the order of the docstring's table.
LIMITS = (
    "coal",  # coal mining
    "coal-transport",  # the coal railway
    "iron-ore",  # ore mining
    "ore-transport",  # the ore railway
    "iron",  # the small blast furnaces
    "steel",  # the small converters
    "steel-transport",  # the steel road
    "rolled-steel",  # the small rolling mills
)
#: Which link of `LIMITS` each `binding` makes the weak one.
BINDING_LIMIT: Mapping[Binding, str] = {
    "coal": "coal",
    "iron": "iron",
    "steel": "steel",
    "transport": "coal-transport",
}


@dataclass(frozen=True, slots=True)
class ChainParameters:
    """The numbers of one variant: recipes, total capacities and link capacities.

    Capacities are per day, in tonnes, summed over the units of each fleet (each fleet
    stands in one region). With them the best plan is found by hand: `limits()` gives the
    rolled steel a day each link could support, the smallest binds, and `optimum()` is that
    times the days of the plan.
    """

    binding: Binding
    # capacities, t a day
    coal_mines: int
    coal_mine_count: int
    ore_mines: int
    ore_mine_count: int
    blast_furnaces: int
    blast_furnace_count: int
    converters: int
    converter_count: int
    rolling_mills: int
    rolling_mill_count: int
    coal_rail: int  # Yichun -> Ji'an
    ore_rail: int  # Ganzhou -> Ji'an
    steel_road: int  # Ji'an -> Nanchang
    # recipes, t of input per t of output
    steel_per_rolled_steel: float = 1.25
    iron_per_steel: float = 1.2
    coal_per_steel: float = 0.2
    ore_per_iron: float = 2.0
    coal_per_iron: float = 2.0
    # the plan
    target: int = TARGET_T
    days: int = PLAN_DAYS

    def per_rolled_steel(self) -> dict[str, float]:
        """Tonnes of each product one tonne of rolled steel needs along the chain."""
        steel = self.steel_per_rolled_steel
        iron = steel * self.iron_per_steel
        return {
            "coal": steel * self.coal_per_steel + iron * self.coal_per_iron,
            "iron-ore": iron * self.ore_per_iron,
            "iron": iron,
            "steel": steel,
            "rolled-steel": 1.0,
        }

    def limits(self) -> dict[str, float]:
        """Rolled steel a day each link of the chain could support, keyed as `LIMITS`."""
        need = self.per_rolled_steel()
        return {
            "coal": self.coal_mines / need["coal"],
            "coal-transport": self.coal_rail / need["coal"],
            "iron-ore": self.ore_mines / need["iron-ore"],
            "ore-transport": self.ore_rail / need["iron-ore"],
            "iron": self.blast_furnaces / need["iron"],
            "steel": self.converters / need["steel"],
            "steel-transport": self.steel_road / need["steel"],
            "rolled-steel": self.rolling_mills / need["rolled-steel"],
        }

    def weak_link(self) -> str:
        """The link with the smallest limit."""
        limits = self.limits()
        return min(limits, key=limits.__getitem__)

    def optimum(self) -> float:
        """The most rolled steel the province can make in the plan's period, in tonnes."""
        return min(self.limits().values()) * self.days


# Every link strong: 120-132 t of rolled steel a day (a template: each variant below
# weakens one link to 80 t a day and sets its own `binding`).
_STRONG = ChainParameters(
    binding="transport",
    coal_mines=429,  # 132
    coal_mine_count=36,
    ore_mines=396,  # 132
    ore_mine_count=30,
    blast_furnaces=186,  # 124
    blast_furnace_count=14,
    converters=160,  # 128
    converter_count=8,
    rolling_mills=126,  # 126
    rolling_mill_count=6,
    coal_rail=390,  # 120
    ore_rail=360,  # 120
    steel_road=150,  # 120
)

CHAIN_PARAMETERS: Mapping[Binding, ChainParameters] = {
    "coal": replace(_STRONG, binding="coal", coal_mines=260, coal_mine_count=22),  # 80
    "iron": replace(_STRONG, binding="iron", blast_furnaces=120, blast_furnace_count=9),  # 80
    "steel": replace(_STRONG, binding="steel", converters=100, converter_count=5),  # 80
    "transport": replace(_STRONG, binding="transport", coal_rail=260),  # 80
}


# -- regions, products, recipes, links, plans -------------------------------------------------
_REGIONS = (
    ("CN", "", "nation", "China", "中国"),
    (PROVINCE, "CN", "province", "Jiangxi", "江西省"),
    (COAL_FIELD, PROVINCE, "prefecture", "Yichun Prefecture", "宜春专区"),
    (ORE_FIELD, PROVINCE, "prefecture", "Ganzhou Prefecture", "赣州专区"),
    (STEEL_CENTRE, PROVINCE, "prefecture", "Ji'an Prefecture", "吉安专区"),
    (ROLLING_CITY, PROVINCE, "prefecture", "Nanchang", "南昌市"),
)

# code, name, name_zh, uom, price (yuan a tonne at constant 1957 prices: reconstruction,
# the same as the Henan replay's)
_PRODUCTS = (
    ("coal", "raw coal", "原煤", "t", "12"),
    ("iron-ore", "iron ore", "铁矿石", "t", "9"),
    ("iron", "pig iron", "生铁", "t", "150"),
    ("steel", "steel", "钢", "t", "300"),
    ("rolled-steel", "rolled steel", "钢材", "t", "620"),
)


def _recipe_rows(p: ChainParameters) -> list[tuple[str, str, str, str, str, str]]:
    rows = (
        ("iron", "iron-ore", p.ore_per_iron),
        ("iron", "coal", p.coal_per_iron),
        ("steel", "iron", p.iron_per_steel),
        ("steel", "coal", p.coal_per_steel),
        ("rolled-steel", "steel", p.steel_per_rolled_steel),
    )
    # Jiangxi's technology: the lines hold for units in the province
    return [
        (product, "modern", item, repr(per_unit), "input", PROVINCE)
        for product, item, per_unit in rows
    ]


def _link_rows(p: ChainParameters) -> list[tuple[str, str, str, int]]:
    return [
        (COAL_FIELD, STEEL_CENTRE, "rail", p.coal_rail),
        (ORE_FIELD, STEEL_CENTRE, "rail", p.ore_rail),
        (STEEL_CENTRE, ROLLING_CITY, "road", p.steel_road),
    ]


def _plan_rows(p: ChainParameters) -> list[tuple[str, str, str, str, int, str]]:
    name = "May 1960 monthly plan (reconstruction)"
    start, end = PLAN_START.isoformat(), PLAN_END.isoformat()
    return [(PROVINCE, "rolled-steel", start, end, p.target, name)]


# -- units ------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Type:
    """A sort of unit: its name in both languages, kind, industry and product."""

    name: str
    name_zh: str
    kind: str
    industry: str
    product: str


_COAL_PIT = _Type("small coal pit", "小煤窑", "indigenous", "coal", "coal")
_COAL_MINE = _Type("small coal mine", "小煤矿", "modern", "coal", "coal")
_ORE_PIT = _Type("small iron-ore pit", "土铁矿", "indigenous", "iron-ore", "iron-ore")
_ORE_MINE = _Type("small iron mine", "小铁矿", "modern", "iron-ore", "iron-ore")
_BLAST_FURNACE = _Type("small blast furnace", "小高炉", "modern", "iron", "iron")
_CONVERTER = _Type("small converter", "小转炉", "modern", "steel", "steel")
_ROLLING_MILL = _Type("small rolling mill", "小轧钢厂", "modern", "steel", "rolled-steel")


@dataclass(frozen=True, slots=True)
class _Fleet:
    """The units of one product in one region.

    Unit i is of the i-th type of `pattern` (cycled) and gets a share of the fleet's
    capacity in proportion to that entry's weight.
    """

    region: str
    place: str
    place_zh: str
    prefix: str  # of the unit codes
    pattern: tuple[tuple[_Type, int], ...]
    first_opened: date
    last_opened: date


def _cycle(type_: _Type, *weights: int) -> tuple[tuple[_Type, int], ...]:
    return tuple((type_, weight) for weight in weights)


_COAL_FLEET = _Fleet(
    COAL_FIELD,
    "Yichun",
    "宜春",
    "C",
    (*_cycle(_COAL_PIT, 8, 11, 9, 13, 10), (_COAL_MINE, 24)),
    date(1958, 8, 1),
    date(1960, 3, 31),
)
_ORE_FLEET = _Fleet(
    ORE_FIELD,
    "Ganzhou",
    "赣州",
    "O",
    (*_cycle(_ORE_PIT, 10, 14, 12), (_ORE_MINE, 28), *_cycle(_ORE_PIT, 16, 11)),
    date(1958, 8, 1),
    date(1960, 3, 31),
)
_FURNACE_FLEET = _Fleet(
    STEEL_CENTRE,
    "Ji'an",
    "吉安",
    "BF",
    _cycle(_BLAST_FURNACE, 10, 10, 22),  # furnaces of 13 and 28 m3
    date(1958, 10, 1),
    date(1960, 3, 31),
)
_CONVERTER_FLEET = _Fleet(
    STEEL_CENTRE, "Ji'an", "吉安", "CV", _cycle(_CONVERTER, 1), date(1959, 3, 1), date(1960, 3, 31)
)
_MILL_FLEET = _Fleet(
    ROLLING_CITY,
    "Nanchang",
    "南昌",
    "RM",
    _cycle(_ROLLING_MILL, 4, 3, 4, 3, 5, 3),
    date(1959, 6, 1),
    date(1960, 3, 31),
)


def _apportion(total: int, weights: Sequence[int]) -> list[int]:
    """Whole shares of `total` in proportion to `weights`, adding up to it (largest remainder)."""
    whole = sum(weights)
    shares = [total * w // whole for w in weights]
    order = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % whole), i))
    for i in order[: total - sum(shares)]:
        shares[i] += 1
    return shares


def _fleet_rows(fleet: _Fleet, count: int, total: int) -> list[tuple[object, ...]]:
    """`count` units of `total` t a day in all, opened between the fleet's first and last days."""
    types = [fleet.pattern[i % len(fleet.pattern)] for i in range(count)]
    capacities = _apportion(total, [weight for _, weight in types])
    span = (fleet.last_opened - fleet.first_opened).days + 1
    numbers: dict[_Type, int] = {}
    rows: list[tuple[object, ...]] = []
    for i, ((type_, _), capacity) in enumerate(zip(types, capacities, strict=True)):
        n = numbers[type_] = numbers.get(type_, 0) + 1
        opened = fleet.first_opened + timedelta(days=(i * 97) % span)
        rows.append(
            (
                f"{fleet.region}-{fleet.prefix}{i + 1:02d}",
                f"{fleet.place} {type_.name} no. {n}",
                f"{fleet.place_zh}{type_.name_zh}{n}号",
                fleet.region,
                type_.kind,
                type_.industry,
                type_.product,
                capacity,
                opened.isoformat(),
            )
        )
    return rows


def _unit_rows(p: ChainParameters) -> list[tuple[object, ...]]:
    return [
        *_fleet_rows(_COAL_FLEET, p.coal_mine_count, p.coal_mines),
        *_fleet_rows(_ORE_FLEET, p.ore_mine_count, p.ore_mines),
        *_fleet_rows(_FURNACE_FLEET, p.blast_furnace_count, p.blast_furnaces),
        *_fleet_rows(_CONVERTER_FLEET, p.converter_count, p.converters),
        *_fleet_rows(_MILL_FLEET, p.rolling_mill_count, p.rolling_mills),
    ]


# -- the folder -------------------------------------------------------------------------------
def _write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def build_chain(folder: Path, binding: Binding = "transport") -> None:
    """Write the chain scenario folder in which exactly the `binding` link limits rolled steel.

    Deterministic: the same folder, byte for byte, every time. The numbers are
    `CHAIN_PARAMETERS[binding]`.
    """
    if binding not in CHAIN_PARAMETERS:
        raise ValueError(f"binding must be one of {', '.join(BINDINGS)}, not {binding!r}")
    p = CHAIN_PARAMETERS[binding]
    folder.mkdir(parents=True, exist_ok=True)
    _write_csv(folder / "regions.csv", ("code", "parent", "level", "name", "name_zh"), _REGIONS)
    _write_csv(folder / "products.csv", ("code", "name", "name_zh", "uom", "price"), _PRODUCTS)
    _write_csv(
        folder / "units.csv",
        ("code", "name", "name_zh", "region", "kind", "industry", "product", "capacity", "opened"),
        _unit_rows(p),
    )
    _write_csv(
        folder / "recipes.csv",
        ("product", "kind", "input", "per_unit", "role", "region"),
        _recipe_rows(p),
    )
    _write_csv(folder / "links.csv", ("source", "target", "mode", "capacity"), _link_rows(p))
    _write_csv(
        folder / "plans.csv", ("scope", "product", "start", "end", "target", "plan"), _plan_rows(p)
    )


NOTES = (
    "A planning exercise, not a replay of figures: the commentary names the chain (rolled "
    "steel needs steel, steel needs iron, iron needs coal, coal needs transport) and Jiangxi "
    "among the provinces that have taken action, but gives no numbers. Reconstruction, "
    "everything: the four regions are real prefecture-level units of Jiangxi in 1960 "
    "(Yichun, whose Pingxiang and Fengcheng coal fields make it the coal field here; Ganzhou; "
    "Ji'an; Nanchang), but the role each plays, every unit (36 coal pits and mines, 30 ore "
    "pits and mines, 14 small blast furnaces, 8 small converters, 6 small rolling mills), "
    "their capacities and opening days, the recipes, the two small railways and the road "
    "with their capacities, the prices (constant 1957 prices) and the May 1960 target of "
    "3,100 t of rolled steel are invented. They are chosen so that the coal railway from "
    "Yichun to Ji'an is the weak link: it carries 260 t of coal a day, enough for 80 t of "
    "rolled steel (3.25 t of coal a tonne), 2,480 t in May; every other link allows at least "
    "120 t a day. There are no reports: the planning engine, not claims, checks this scenario."
)

SCENARIO = Scenario(
    name="chain-1960",
    title=(
        'Vigorously develop the "small modern groups": rolled steel needs steel, steel '
        "needs iron, iron needs coal, coal needs transport"
    ),
    title_zh=(
        "大办“小洋群”：要增产钢材，首先要有钢，要钢先要有铁，"
        "要铁必须有煤，要煤又必须有相应的运输条件"
    ),
    source="002_351a00de73400c18.txt",
    as_of=AS_OF,
    claims=(),
    build=build_chain,
    committed=True,
    notes=NOTES,
    plan_check=(PROVINCE, "1960-05"),
)
