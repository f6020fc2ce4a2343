"""Export writes a folder that imports back to the same state."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from sqlalchemy import Engine, func, select

from planworks.ingest.export import export_folder
from planworks.services.importing import import_folder
from planworks.services.status import status
from planworks.store.engine import make_engine
from planworks.store.migrate import upgrade
from planworks.store.tables import plans, reports, unit_balances, unit_inputs
from tests.conftest import DATA
from tests.ingest.test_ledger_files import ledger_folder, stored_ledgers

LEDGERS = ("inputs", "balances", "shipments", "region_reports")


def _state(engine: Engine) -> list[tuple[object, ...]]:
    return [
        (r.scope, r.product, r.start, r.target, r.cumulative, r.completion_date, r.version)
        for r in status(engine)
    ]


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_round_trip(engine: Engine, tmp_path: Path, fmt: str) -> None:
    import_folder(engine, DATA / "tiny-county")
    folder = tmp_path / "out"
    summary = export_folder(engine, folder, fmt=fmt)  # type: ignore[arg-type]
    assert summary.files[f"reports.{fmt}"] == 171
    # what the audit reads beside the reports is written only when there is some
    assert not [n for n in LEDGERS if (folder / f"{n}.{fmt}").exists() or n in summary.files]

    # into the same database: nothing changes
    again = import_folder(engine, folder)
    assert not again.changed_anything

    # into a new one: the same plans, figures and report history
    fresh = make_engine(tmp_path / "fresh.db")
    upgrade(fresh)
    import_folder(fresh, folder)
    assert _state(fresh) == _state(engine)
    with fresh.connect() as conn:
        assert conn.execute(select(func.count()).select_from(reports)).scalar_one() == 171
        assert (
            conn.execute(select(func.count()).where(reports.c.supersedes.is_not(None))).scalar_one()
            == 1
        )


def test_extra_columns_come_back(engine: Engine, tmp_path: Path) -> None:
    import_folder(engine, DATA / "tiny-county")
    export_folder(engine, tmp_path / "out")
    units = pl.read_csv(tmp_path / "out" / "units.csv")
    assert units.filter(pl.col("code") == "F2")["manager"].to_list() == ["Li"]
    shifts = pl.read_csv(tmp_path / "out" / "reports.csv")["shift"].drop_nulls().unique()
    assert sorted(shifts.to_list()) == ["A", "B"]


def test_plan_versions_survive(engine: Engine, tmp_path: Path) -> None:
    folder = tmp_path / "v"
    import_folder(engine, DATA / "tiny-county")
    # the planner raises the province target: a second version
    text = (DATA / "tiny-county" / "plans.csv").read_text(encoding="utf-8")
    (tmp_path / "v2").mkdir()
    for name in ("regions.csv", "products.csv", "units.csv"):
        (tmp_path / "v2" / name).write_text((DATA / "tiny-county" / name).read_text("utf-8"))
    (tmp_path / "v2" / "plans.csv").write_text(text.replace("300,January", "310,January"))
    import_folder(engine, tmp_path / "v2")
    (row,) = status(engine, scope="T", product="iron")
    assert (row.target, row.version, row.days_ahead) == (310, 2, None)
    export_folder(engine, folder)
    fresh = make_engine(tmp_path / "fresh.db")
    upgrade(fresh)
    import_folder(fresh, folder)
    with fresh.connect() as conn:
        versions = conn.execute(select(plans.c.version, plans.c.target).order_by(plans.c.id))
        assert (2, 310.0) in list(versions)
    assert _state(fresh) == _state(engine)


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_ledgers_and_recipe_ranges_round_trip(engine: Engine, tmp_path: Path, fmt: str) -> None:
    import_folder(engine, ledger_folder(tmp_path))
    folder = tmp_path / "out"
    summary = export_folder(engine, folder, fmt=fmt)  # type: ignore[arg-type]
    assert [summary.files[f"{n}.{fmt}"] for n in LEDGERS] == [3, 4, 4, 3]
    assert summary.files["recipes.csv"] == 3

    # into the same database: nothing changes
    assert not import_folder(engine, folder).changed_anything

    # into a new one: the same rows, ranges and extra columns
    fresh = make_engine(tmp_path / "fresh.db")
    upgrade(fresh)
    again = import_folder(fresh, folder)
    assert (again.inputs.inserted, again.shipments.inserted) == (3, 4)
    assert stored_ledgers(fresh) == stored_ledgers(engine)
    with fresh.connect() as conn:
        extras = [
            *conn.execute(select(unit_inputs.c.extra).where(unit_inputs.c.extra.is_not(None))),
            *conn.execute(select(unit_balances.c.extra).where(unit_balances.c.extra.is_not(None))),
        ]
    assert [e for (e,) in extras] == [{"shift": "A"}, {"clerk": "Wang"}]
