"""The chain scenario (seed 002): the builder is deterministic and the named link binds.

The limits are computed here with polars straight from the written CSV files (capacities
summed by product and region, recipe coefficients, link capacities), independently of
the builder's own constants, and only then compared with `CHAIN_PARAMETERS`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest
from sqlalchemy import Engine

from planworks.scenarios.chain import (
    BINDING_LIMIT,
    BINDINGS,
    CHAIN_PARAMETERS,
    LIMITS,
    SCENARIO,
    Binding,
    build_chain,
)
from planworks.services.importing import import_folder
from planworks.services.scenarios import load_scenario

FOLDER = SCENARIO.committed_folder()
FILES = ("links.csv", "plans.csv", "products.csv", "recipes.csv", "regions.csv", "units.csv")
PRODUCTS = {"coal", "iron-ore", "iron", "steel", "rolled-steel"}
FINAL = "rolled-steel"
MAY = (date(1960, 5, 1), date(1960, 5, 31))
MIN_SLACK = 1.2  # every other link at least 20% above the binding one

# How the limits computed from the files are named in `LIMITS`.
_TRANSPORT = {
    ("CN-JX-YC", "CN-JX-JA"): "coal-transport",
    ("CN-JX-GZ", "CN-JX-JA"): "ore-transport",
    ("CN-JX-JA", "CN-JX-NC"): "steel-transport",
}


def _read(folder: Path, name: str, **dtypes: pl.DataType) -> pl.DataFrame:
    return pl.read_csv(folder / f"{name}.csv", schema_overrides=dtypes, infer_schema_length=None)


@pytest.fixture(scope="module", params=BINDINGS)
def variant(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Binding, Path]:
    """Each binding and a freshly built folder of it."""
    binding: Binding = request.param
    folder = tmp_path_factory.mktemp(f"chain-{binding}")
    build_chain(folder, binding)
    return binding, folder


def _limits(folder: Path) -> dict[str, float]:
    """Rolled steel a day each link of the chain can support, from the folder's files."""
    units = _read(folder, "units", capacity=pl.Float64())
    recipes = _read(folder, "recipes", per_unit=pl.Float64())
    links = _read(folder, "links", capacity=pl.Float64())

    # Each product is made in one region, by units of one kind.
    made = units.group_by("product").agg(
        pl.col("region").unique(), pl.col("kind").unique(), pl.col("capacity").sum()
    )
    assert set(made["product"]) == PRODUCTS
    assert made.filter(pl.col("region").list.len() != 1).height == 0
    region = {r["product"]: r["region"][0] for r in made.iter_rows(named=True)}
    kinds = {r["product"]: set(r["kind"]) for r in made.iter_rows(named=True)}
    capacity = {r["product"]: r["capacity"] for r in made.iter_rows(named=True)}

    # The recipe lines that apply to the units making each product.
    lines = [
        (r["product"], r["input"], r["per_unit"])
        for r in recipes.filter(pl.col("role") == "input").iter_rows(named=True)
        if r["kind"] == "*" or {r["kind"]} == kinds[r["product"]]
    ]
    assert len(lines) == recipes.height  # every line applies to every unit of its product

    def need(product: str) -> float:
        """Tonnes of `product` per tonne of rolled steel."""
        if product == FINAL:
            return 1.0
        return sum(need(out) * per_unit for out, item, per_unit in lines if item == product)

    limits = {p: capacity[p] / need(p) for p in PRODUCTS}

    # Goods cross regions only on links; every flow has its own link and there are no
    # others, so no detour exists.
    load: dict[tuple[str, str], float] = {}
    for out, item, per_unit in lines:
        source, target = region[item], region[out]
        if source != target:
            load[source, target] = load.get((source, target), 0.0) + need(out) * per_unit
    link_capacity = {(r["source"], r["target"]): r["capacity"] for r in links.iter_rows(named=True)}
    assert links.height == len(link_capacity)
    assert set(link_capacity) == set(load)
    for pair, tonnes in load.items():
        limits[_TRANSPORT[pair]] = link_capacity[pair] / tonnes
    return limits


# -- the builder ----------------------------------------------------------------------------


def test_builder_is_deterministic(tmp_path: Path) -> None:
    for binding in BINDINGS:
        build_chain(tmp_path / "a", binding)
        build_chain(tmp_path / "b", binding)
        for name in FILES:
            assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_unknown_binding_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="binding must be one of"):
        build_chain(tmp_path, "rolling")  # type: ignore[arg-type]


def test_scenario_describes_the_chain() -> None:
    assert SCENARIO.name == "chain-1960"
    assert SCENARIO.committed
    assert SCENARIO.source == "002_351a00de73400c18.txt"
    assert SCENARIO.as_of == date(1960, 4, 25)  # the commentary's day, before May's plan
    assert SCENARIO.claims == ()
    assert SCENARIO.title
    assert "小洋群" in SCENARIO.title_zh
    assert "reconstruction" in SCENARIO.notes.lower()
    assert SCENARIO.build is build_chain


def test_variants_share_everything_but_the_weak_link(variant: tuple[Binding, Path]) -> None:
    _, folder = variant
    for name in ("regions.csv", "products.csv", "recipes.csv", "plans.csv"):
        assert (folder / name).read_bytes() == (FOLDER / name).read_bytes(), name


# -- the weak link --------------------------------------------------------------------------
def test_named_link_alone_binds(variant: tuple[Binding, Path]) -> None:
    binding, folder = variant
    limits = _limits(folder)
    assert set(limits) == set(LIMITS)
    weak = BINDING_LIMIT[binding]
    smallest = min(limits.values())
    assert limits[weak] == pytest.approx(smallest)
    for name, limit in limits.items():
        if name != weak:
            assert limit >= MIN_SLACK * smallest, (name, limit, smallest)

    plans = _read(folder, "plans", start=pl.Date(), end=pl.Date())
    assert plans.height == 1  # no other targets
    plan = plans.row(0, named=True)
    assert (plan["scope"], plan["product"], plan["start"], plan["end"]) == (
        "CN-JX",
        FINAL,
        *MAY,
    )
    days = (plan["end"] - plan["start"]).days + 1
    assert days == 31
    per_day = plan["target"] / days
    assert per_day > smallest  # a shortfall
    assert per_day < 1.5 * smallest  # but not an absurd target
    # Only the weak link stands between the province and its target.
    assert all(limit >= per_day for name, limit in limits.items() if name != weak)


def test_transport_binds_on_a_railway() -> None:
    links = _read(FOLDER, "links")
    coal = links.filter((pl.col("source") == "CN-JX-YC") & (pl.col("target") == "CN-JX-JA"))
    assert coal["mode"].to_list() == ["rail"]
    assert BINDING_LIMIT["transport"] == "coal-transport"


def test_parameters_agree_with_the_files(variant: tuple[Binding, Path]) -> None:
    binding, folder = variant
    parameters = CHAIN_PARAMETERS[binding]
    assert parameters.binding == binding
    from_files = _limits(folder)
    assert parameters.limits() == pytest.approx(from_files)
    assert parameters.weak_link() == BINDING_LIMIT[binding]
    assert parameters.days == 31
    assert parameters.optimum() == pytest.approx(80 * 31)
    assert parameters.optimum() < parameters.target == 3_100
    units = _read(folder, "units")
    counts = dict(units.group_by("product").len().iter_rows())
    assert counts == {
        "coal": parameters.coal_mine_count,
        "iron-ore": parameters.ore_mine_count,
        "iron": parameters.blast_furnace_count,
        "steel": parameters.converter_count,
        "rolled-steel": parameters.rolling_mill_count,
    }


def test_default_limits_are_the_docstring_table() -> None:
    limits = CHAIN_PARAMETERS["transport"].limits()
    assert limits == pytest.approx(
        {
            "coal": 132,
            "coal-transport": 80,
            "iron-ore": 132,
            "ore-transport": 120,
            "iron": 124,
            "steel": 128,
            "steel-transport": 120,
            "rolled-steel": 126,
        }
    )
    assert CHAIN_PARAMETERS["transport"].per_rolled_steel() == pytest.approx(
        {"coal": 3.25, "iron-ore": 3.0, "iron": 1.5, "steel": 1.25, "rolled-steel": 1.0}
    )


# -- the rows -------------------------------------------------------------------------------
def test_every_reference_is_valid(variant: tuple[Binding, Path]) -> None:
    _, folder = variant
    regions = _read(folder, "regions")
    products = _read(folder, "products")
    units = _read(folder, "units", opened=pl.Date())
    recipes = _read(folder, "recipes")
    links = _read(folder, "links")
    plans = _read(folder, "plans")

    first_line = (folder / "regions.csv").read_text(encoding="utf-8").splitlines()[1]
    assert first_line == "CN,,nation,China,中国"
    assert regions.row(1) == ("CN-JX", "CN", "province", "Jiangxi", "江西省")
    region_codes = set(regions["code"])
    assert regions["code"].is_unique().all()
    assert set(regions["parent"].drop_nulls()) <= region_codes
    assert set(regions.filter(pl.col("level") == "prefecture")["parent"]) == {"CN-JX"}
    assert regions.filter(pl.col("level") == "prefecture").height == 4

    assert set(products["code"]) == PRODUCTS
    assert set(products["uom"]) == {"t"}
    assert products["price"].min() > 0

    assert units["code"].is_unique().all()
    assert set(units["region"]) <= region_codes - {"CN", "CN-JX"}
    assert set(units["product"]) <= PRODUCTS
    assert set(units["kind"]) <= {"indigenous", "modern", "large"}
    assert units["capacity"].min() > 0
    assert units["opened"].max() < MAY[0]  # all standing before the plan's month

    assert set(recipes["product"]) | set(recipes["input"]) <= PRODUCTS
    assert set(recipes["role"]) == {"input"}
    assert recipes["per_unit"].min() > 0
    assert recipes.select(pl.struct("product", "kind", "input", "role").is_unique().all()).item()

    assert set(links["source"]) | set(links["target"]) <= region_codes
    assert links.filter(pl.col("source") == pl.col("target")).height == 0
    assert set(links["mode"]) <= {"rail", "road", "water"}
    assert links["capacity"].min() > 0

    assert set(plans["scope"]) <= region_codes | set(units["code"])
    assert set(plans["product"]) <= PRODUCTS | {"value"}


@pytest.mark.parametrize("binding", BINDINGS)
def test_folder_imports(engine: Engine, tmp_path: Path, binding: Binding) -> None:
    folder = tmp_path / "chain"  # the SQLite database lives in tmp_path itself
    build_chain(folder, binding)
    summary = import_folder(engine, folder)
    assert summary.regions.inserted == 6
    assert summary.products.inserted == 5
    assert summary.recipes.inserted == 5
    assert summary.links.inserted == 3
    assert summary.plans.inserted == 1
    assert summary.reports_read == 0
    assert summary.ignored == []


def test_scenario_loads(engine: Engine) -> None:
    summary = load_scenario(engine, SCENARIO)
    assert summary is not None
    assert summary.units.inserted == 94
    assert load_scenario(engine, SCENARIO) is None  # the same folder: skipped
