"""The synthetic network generator: determinism, consistency of the folder it writes, formats."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from planworks.domain.model import parse_grades
from planworks.domain.tree import RegionTree
from planworks.scenarios import synth
from planworks.scenarios.synth import SynthSummary, default_counties, generate

START = date(1959, 1, 1)
REPORT_TYPES = {
    "unit": pa.string(),
    "date": pa.date32(),
    "product": pa.string(),
    "quantity": pa.float64(),
    "grade": pa.float64(),
}
UNIT_TYPES = {
    "code": pa.string(),
    "name": pa.string(),
    "region": pa.string(),
    "kind": pa.string(),
    "industry": pa.string(),
    "product": pa.string(),
    "capacity": pa.float64(),
    "opened": pa.date32(),
    "closed": pa.date32(),
}


def read_csv(path: Path, types: dict[str, Any] | None = None) -> Any:
    options = pacsv.ConvertOptions(
        column_types=types or {}, strings_can_be_null=False, quoted_strings_can_be_null=False
    )
    return pacsv.read_csv(path, convert_options=options)


def read(folder: Path, name: str) -> Any:
    """A table of the folder, Parquet or CSV, as Arrow."""
    types = {"reports": REPORT_TYPES, "units": UNIT_TYPES}.get(name)
    if (folder / f"{name}.parquet").exists():
        return pq.read_table(folder / f"{name}.parquet")
    return read_csv(folder / f"{name}.csv", types)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SynthSummary]:
    folder = tmp_path_factory.mktemp("synth") / "net"
    return folder, generate(folder, units=1500, days=75, seed=7, start=date(1959, 11, 20))


def test_same_arguments_give_byte_identical_files(tmp_path: Path) -> None:
    a = generate(tmp_path / "a", units=400, days=30, seed=3)
    b = generate(tmp_path / "b", units=400, days=30, seed=3)
    names = [f.name for f in a.files]
    assert names == [f.name for f in b.files]
    assert set(names) == {
        "regions.csv",
        "products.csv",
        "units.parquet",
        "plans.csv",
        "recipes.csv",
        "links.csv",
        "reports.parquet",
    }
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    c = generate(tmp_path / "c", units=400, days=30, seed=4)
    assert (tmp_path / "c" / "reports.parquet").read_bytes() != (
        tmp_path / "a" / "reports.parquet"
    ).read_bytes()
    assert c.reports != a.reports


def test_summary_and_progress(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(synth, "_CHUNK_ROWS", 1000)  # 200 units: 5 days a chunk
    calls: list[tuple[int, int]] = []
    s = generate(tmp_path, units=200, days=23, progress=lambda d, t: calls.append((d, t)))
    assert calls == [(5, 23), (10, 23), (15, 23), (20, 23), (23, 23)]
    assert (s.units, s.days) == (200, 23)
    assert s.reports == read(tmp_path, "reports").num_rows
    assert s.regions == read_csv(tmp_path / "regions.csv").num_rows
    assert s.plans == read_csv(tmp_path / "plans.csv").num_rows
    assert all(f.parent == tmp_path and f.exists() for f in s.files)
    assert s.seconds > 0
    assert not list(tmp_path.glob(".*partial"))


def test_chunking_does_not_change_the_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    generate(tmp_path / "one", units=300, days=20)
    monkeypatch.setattr(synth, "_CHUNK_ROWS", 700)
    generate(tmp_path / "many", units=300, days=20)
    assert pq.ParquetFile(tmp_path / "many" / "reports.parquet").metadata.num_row_groups == 10
    assert read(tmp_path / "one", "reports").equals(read(tmp_path / "many", "reports"))


def test_reports_agree_with_units_and_products(small: tuple[Path, SynthSummary]) -> None:
    folder, summary = small
    reports = read(folder, "reports")
    units = read(folder, "units")
    assert reports.schema == pa.schema(list(REPORT_TYPES.items()))
    assert units.schema == pa.schema(list(UNIT_TYPES.items()))
    assert units.num_rows == 1500
    assert pc.all(pc.starts_with(units["code"], "SY-U")).as_py()
    assert len(set(units["code"].to_pylist())) == 1500

    row = pc.index_in(reports["unit"], units["code"])
    assert row.null_count == 0  # every report's unit exists
    idx = row.to_numpy()
    day = reports["date"].cast(pa.int32()).to_numpy()
    opened = units["opened"].cast(pa.int32()).to_numpy()[idx]
    closed = units["closed"].cast(pa.int32()).fill_null(2**30).to_numpy()[idx]
    assert np.all((opened <= day) & (day < closed))
    first = (date(1959, 11, 20) - date(1970, 1, 1)).days
    assert day.min() >= first
    assert day.max() <= first + 74
    assert reports["product"].equals(units["product"].take(pa.array(idx)))

    quantity = reports["quantity"].to_numpy()
    assert np.all(quantity >= 0)
    assert np.array_equal(quantity, np.round(quantity, 3))
    assert 0.003 < np.mean(quantity == 0) < 0.03  # occasional idle days

    products = read_csv(folder / "products.csv")
    grades = {
        code: parse_grades(g)
        for code, g in zip(
            products["code"].to_pylist(), products["grades"].to_pylist(), strict=True
        )
    }
    graded = np.array([bool(grades[p]) for p in reports["product"].to_pylist()])
    grade = reports["grade"]
    assert np.array_equal(grade.is_null().to_numpy(zero_copy_only=False), ~graded)
    assert set(pc.unique(grade.drop_null()).to_pylist()) == {1.0, 2.0, 3.0}

    # One row per unit and day it reports; about 2% of open days are missing.
    key = idx.astype(np.int64) * 100_000 + day
    assert np.unique(key).size == key.size
    open_days = np.clip(
        np.minimum(units["closed"].cast(pa.int32()).fill_null(2**30).to_numpy(), first + 75)
        - np.maximum(units["opened"].cast(pa.int32()).to_numpy(), first),
        0,
        None,
    ).sum()
    assert 0.96 * open_days < summary.reports < 0.995 * open_days
    assert summary.reports == reports.num_rows


def test_units_mix(tmp_path: Path) -> None:
    generate(tmp_path, units=20_000, days=5)
    units = read(tmp_path, "units")
    kinds = {k["values"]: k["counts"] for k in pc.value_counts(units["kind"]).to_pylist()}
    assert 0.83 < kinds["indigenous"] / 20_000 < 0.87
    assert 0.12 < kinds["modern"] / 20_000 < 0.16
    assert 0.005 < kinds["large"] / 20_000 < 0.015
    by = units.group_by(["kind", "product"]).aggregate([("capacity", "approximate_median")])
    median = {(r["kind"], r["product"]): r["capacity_approximate_median"] for r in by.to_pylist()}
    assert median[("large", "iron")] > 100 * median[("indigenous", "iron")]
    counts = {p["values"]: p["counts"] for p in pc.value_counts(units["product"]).to_pylist()}
    assert counts["coal"] > counts["steel"] > counts["rolled-steel"]
    assert counts["iron"] > counts["steel"]
    # Some open during the period, a few close.
    first = (START - date(1970, 1, 1)).days
    late = pc.sum(pc.greater(units["opened"].cast(pa.int32()), first)).as_py()
    assert 0.05 < late / 20_000 < 0.15
    assert 0 < units["closed"].drop_null().length() < 0.05 * 20_000


def test_region_tree(small: tuple[Path, SynthSummary]) -> None:
    folder, _ = small
    text = (folder / "regions.csv").read_text(encoding="utf-8").splitlines()
    assert text[0] == "code,parent,level,name,name_zh"
    assert text[1] == "SY,,nation,Synthetia,合成国"
    regions = read_csv(folder / "regions.csv").to_pylist()
    parent = {r["code"]: r["parent"] or None for r in regions}
    assert len(parent) == len(regions)
    tree = RegionTree.build(parent)  # raises on a cycle or an unknown parent
    level = {r["code"]: r["level"] for r in regions}
    depth_of = {"nation": 0, "province": 1, "prefecture": 2, "county": 3}
    assert all(depth_of[level[c]] == d for c, d in zip(tree.order, tree.depth, strict=True))
    assert [r["code"] for r in regions if r["parent"] == ""] == ["SY"]
    assert all(c.startswith("SY") for c in parent)
    counties = [r for r in regions if r["level"] == "county"]
    assert len(counties) == default_counties(1500) == 11
    assert all(r["name_zh"].endswith("县") for r in counties)
    names = [r["name"] for r in regions]
    assert len(set(names)) == len(names)
    units = read(folder, "units")
    assert set(units["region"].to_pylist()) <= {r["code"] for r in counties}


@pytest.mark.parametrize(
    ("units", "counties", "provinces", "prefectures"),
    [(1, 1, 1, 1), (13_500, 100, 6, 27), (400_000, 2900, 31, 340)],
)
def test_region_sizes(units: int, counties: int, provinces: int, prefectures: int) -> None:
    assert default_counties(units) == counties
    regions = synth._make_regions(np.random.default_rng(0), counties)
    assert len(regions.province_code) == provinces
    assert len(regions.prefecture_code) == prefectures
    assert len(regions.county_code) == counties
    assert regions.count == 1 + provinces + prefectures + counties


def test_counties_can_be_chosen(tmp_path: Path) -> None:
    generate(tmp_path, units=50, days=2, counties=40)
    regions = read_csv(tmp_path / "regions.csv")
    assert pc.sum(pc.equal(regions["level"], "county")).as_py() == 40


def test_plans(small: tuple[Path, SynthSummary]) -> None:
    folder, _ = small
    plans = read_csv(folder / "plans.csv", {"start": pa.date32(), "end": pa.date32()})
    assert plans.column_names == ["scope", "product", "start", "end", "target", "plan"]
    regions = read_csv(folder / "regions.csv").to_pylist()
    level = {r["code"]: r["level"] for r in regions}
    products = set(read_csv(folder / "products.csv")["code"].to_pylist())
    assert products == {"coal", "iron-ore", "iron", "steel", "rolled-steel", "slag"}
    rows = plans.to_pylist()
    assert all(r["scope"] in level and level[r["scope"]] != "nation" for r in rows)
    assert all(r["product"] in products and r["target"] > 0 for r in rows)
    # The run covers 1959-11-20 .. 1960-02-02: years 1959 and 1960, Q4 1959 and Q1 1960,
    # November 1959 to February 1960.
    periods = {(r["plan"], r["start"], r["end"]) for r in rows}
    assert periods == {
        ("annual", date(1959, 1, 1), date(1959, 12, 31)),
        ("annual", date(1960, 1, 1), date(1960, 12, 31)),
        ("quarterly", date(1959, 10, 1), date(1959, 12, 31)),
        ("quarterly", date(1960, 1, 1), date(1960, 3, 31)),
        ("monthly", date(1959, 11, 1), date(1959, 11, 30)),
        ("monthly", date(1959, 12, 1), date(1959, 12, 31)),
        ("monthly", date(1960, 1, 1), date(1960, 1, 31)),
        ("monthly", date(1960, 2, 1), date(1960, 2, 29)),
    }
    assert {r["plan"] for r in rows if level[r["scope"]] != "province"} == {"annual"}
    # Every region that makes a product has an annual plan for it.
    units = read(folder, "units").to_pylist()
    parent = {r["code"]: r["parent"] for r in regions}
    makes = set()
    for u in units:
        region = u["region"]
        while region != "SY":
            makes.add((region, u["product"]))
            region = parent[region]
    annual = {(r["scope"], r["product"]) for r in rows if r["plan"] == "annual"}
    assert annual == makes


def test_plan_targets_are_near_the_output(tmp_path: Path) -> None:
    generate(tmp_path, units=4000, days=366, start=date(1960, 1, 1), seed=11)
    plans = read_csv(tmp_path / "plans.csv", {"start": pa.date32(), "end": pa.date32()})
    regions = read_csv(tmp_path / "regions.csv").to_pylist()
    province = {r["code"]: r["parent"] for r in regions if r["level"] == "prefecture"}
    prefecture = {r["code"]: r["parent"] for r in regions if r["level"] == "county"}
    units = read(tmp_path, "units")
    unit_province = pa.array([province[prefecture[c]] for c in units["region"].to_pylist()])
    reports = read(tmp_path, "reports")
    row = pc.index_in(reports["unit"], units["code"])
    by = (
        pa.table(
            {
                "scope": unit_province.take(row),
                "product": reports["product"],
                "month": pc.month(reports["date"]),
                "quantity": reports["quantity"],
            }
        )
        .group_by(["scope", "product", "month"])
        .aggregate([("quantity", "sum")])
    )
    output = {(r["scope"], r["product"], r["month"]): r["quantity_sum"] for r in by.to_pylist()}
    ratios = np.array(
        [
            output[(r["scope"], r["product"], r["start"].month)] / r["target"]
            for r in plans.to_pylist()
            if r["plan"] == "monthly"
        ]
    )
    assert ratios.size == len(set(province.values())) * 12 * len({p for _, p, _ in output})
    # Targets are 0.9-1.1 of the expectation; the output scatters around it.
    assert 0.95 < np.median(ratios) < 1.05
    assert np.all((ratios > 0.6) & (ratios < 1.6))
    # The winter dip and the rest day show in the totals.
    quantity = reports["quantity"].to_numpy()
    by_month = np.bincount(pc.month(reports["date"]).to_numpy(), weights=quantity)
    assert by_month[1] < 0.95 * by_month[7]
    by_weekday = np.bincount(pc.day_of_week(reports["date"]).to_numpy(), weights=quantity)
    assert by_weekday[6] < 0.85 * by_weekday[:6].mean()


def test_recipes_products_and_links(small: tuple[Path, SynthSummary]) -> None:
    folder, _ = small
    assert (folder / "products.csv").read_text(encoding="utf-8").splitlines() == [
        "code,name,name_zh,uom,price,grades,min_grade",
        "coal,Coal,煤,t,20,,",
        "iron-ore,Iron ore,铁矿石,t,12,,",
        "iron,Pig iron,生铁,t,150,1|2|3,2",
        "steel,Steel,钢,t,300,1|2|3,2",
        "rolled-steel,Rolled steel,钢材,t,600,,",
        "slag,Slag,炉渣,t,,,",
    ]
    recipes = read_csv(folder / "recipes.csv").to_pylist()
    inputs = {(r["product"], r["input"]) for r in recipes if r["role"] == "input"}
    assert inputs == {
        ("iron", "iron-ore"),
        ("iron", "coal"),
        ("steel", "iron"),
        ("steel", "coal"),
        ("rolled-steel", "steel"),
    }
    assert {(r["product"], r["input"]) for r in recipes if r["role"] == "waste"} == {
        ("iron", "slag")
    }
    per = {(r["product"], r["kind"], r["input"]): r["per_unit"] for r in recipes}
    assert per[("iron", "indigenous", "coal")] > per[("iron", "modern", "coal")]
    assert per[("iron", "modern", "coal")] > per[("iron", "large", "coal")]

    regions = read_csv(folder / "regions.csv").to_pylist()
    prefectures = {r["code"] for r in regions if r["level"] == "prefecture"}
    links = read_csv(folder / "links.csv").to_pylist()
    assert links
    assert all(r["source"] in prefectures and r["target"] in prefectures for r in links)
    assert all(r["source"] != r["target"] and r["capacity"] > 0 for r in links)
    assert {r["mode"] for r in links} <= {"rail", "road", "water"}
    both_ways = {(r["source"], r["target"], r["mode"], r["capacity"]) for r in links}
    assert {(t, s, m, c) for s, t, m, c in both_ways} == both_ways
    linked = {r["source"] for r in links}
    assert linked == prefectures  # no prefecture is cut off


def test_csv_and_parquet_hold_the_same_data(tmp_path: Path) -> None:
    pq_sum = generate(tmp_path / "pq", units=700, days=45, seed=5)
    csv_sum = generate(tmp_path / "csv", units=700, days=45, seed=5, fmt="csv")
    assert pq_sum.reports == csv_sum.reports
    assert [f.name for f in csv_sum.files if f.suffix == ".csv"] == [
        "regions.csv",
        "products.csv",
        "units.csv",
        "plans.csv",
        "recipes.csv",
        "links.csv",
        "reports.csv",
    ]
    for name in ("regions", "products", "plans", "recipes", "links"):
        a = (tmp_path / "pq" / f"{name}.csv").read_bytes()
        assert a == (tmp_path / "csv" / f"{name}.csv").read_bytes()
    header = (tmp_path / "csv" / "reports.csv").read_text(encoding="utf-8").split("\n", 1)[0]
    assert header == "unit,date,product,quantity,grade"
    for name in ("units", "reports"):
        assert read(tmp_path / "csv", name).equals(read(tmp_path / "pq", name)), name


def test_stale_files_of_the_other_format_are_removed(tmp_path: Path) -> None:
    generate(tmp_path, units=20, days=3, fmt="csv")
    generate(tmp_path, units=20, days=3)
    assert not (tmp_path / "reports.csv").exists()
    assert not (tmp_path / "units.csv").exists()
    assert (tmp_path / "reports.parquet").exists()


def test_tiny_network(tmp_path: Path) -> None:
    s = generate(tmp_path, units=1, days=1)
    assert s.regions == 4
    assert s.reports <= 1
    assert (tmp_path / "links.csv").read_text(encoding="utf-8") == "source,target,mode,capacity\n"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"units": 0, "days": 1},
        {"units": 1, "days": 0},
        {"units": 1, "days": 1, "counties": 0},
        {"units": 1, "days": 1, "seed": -1},
        {"units": 1, "days": 1, "fmt": "json"},
    ],
)
def test_bad_arguments(tmp_path: Path, kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="must be"):
        generate(tmp_path, **kwargs)


def test_period_end_is_exclusive() -> None:
    # start + days is the first day not generated: a year from 1 January is one annual plan.
    periods = synth._periods(START, START + timedelta(days=364))
    assert [p for p in periods if p[0] == "annual"] == [
        ("annual", date(1959, 1, 1), date(1959, 12, 31))
    ]
    assert len(periods) == 1 + 4 + 12
