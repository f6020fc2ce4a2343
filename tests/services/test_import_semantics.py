"""What an import does with re-sent, added, corrected and changed rows."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from planworks.domain.errors import InputError
from planworks.domain.periods import Period
from planworks.services.importing import import_folder
from planworks.services.status import status
from planworks.store.tables import regions, reports, units
from tests.conftest import DATA


def _folder(tmp_path: Path, reports_csv: str | None = None) -> Path:
    folder = tmp_path / "f"
    shutil.copytree(DATA / "tiny-county", folder, dirs_exist_ok=True)
    if reports_csv is not None:
        (folder / "reports.csv").write_text(reports_csv, encoding="utf-8")
    return folder


def _count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(reports)).scalar_one())


def test_small_batches_give_the_same_result(engine: Engine, tmp_path: Path) -> None:
    """A big file is read in batches; a unit's shifts of one day may fall in two of them."""
    summary = import_folder(engine, _folder(tmp_path), batch_rows=7)
    assert summary.reports_inserted == 171
    (row,) = status(engine, scope="T", product="iron")
    assert row.cumulative == pytest.approx(307)
    again = import_folder(engine, _folder(tmp_path), batch_rows=13)
    assert not again.changed_anything


def test_shifts_of_a_day_are_siblings_not_resends(engine: Engine, tmp_path: Path) -> None:
    header = "unit,date,product,quantity,grade\n"
    rows = header + "F1,1959-01-02,iron,1,2\nF1,1959-01-02,iron,1,2\n"
    import_folder(engine, _folder(tmp_path, rows), batch_rows=1)
    assert _count(engine) == 2  # two identical shifts: both count
    import_folder(engine, _folder(tmp_path, rows))
    assert _count(engine) == 2  # the same file again: nothing new


def test_a_new_report_for_a_reported_day_needs_an_id(engine: Engine, tmp_path: Path) -> None:
    header = "unit,date,product,quantity,grade,report_id\n"
    import_folder(engine, _folder(tmp_path, header + "F1,1959-01-02,iron,1,2,\n"))
    with pytest.raises(InputError, match="report_id"):
        import_folder(engine, _folder(tmp_path, header + "F1,1959-01-02,iron,5,2,\n"))
    import_folder(engine, _folder(tmp_path, header + "F1,1959-01-02,iron,5,2,late-shift\n"))
    assert _count(engine) == 2
    day = Period.of(date(1959, 1, 2), date(1959, 1, 2))
    (row,) = status(engine, scope="F1", product="iron", period=day)
    assert row.cumulative == pytest.approx(6)


def test_correction_then_correction_of_the_correction(engine: Engine, tmp_path: Path) -> None:
    header = "unit,date,product,quantity,grade,report_id,supersedes,reason\n"
    steps = [
        "F1,1959-01-02,iron,1,2,a,,\n",
        "F1,1959-01-02,iron,3,2,b,a,recount\n",
        "F1,1959-01-02,iron,2,2,c,b,recount again\n",
    ]
    for step in steps:
        import_folder(engine, _folder(tmp_path, header + step))
    rows = status(engine, scope="T-A", product="iron")
    assert rows[0].cumulative == pytest.approx(2)
    with pytest.raises(InputError, match="already superseded"):
        import_folder(engine, _folder(tmp_path, header + "F1,1959-01-02,iron,9,2,d,a,no\n"))


def test_catalog_changes_are_applied(engine: Engine, tmp_path: Path) -> None:
    import_folder(engine, _folder(tmp_path))
    folder = _folder(tmp_path)
    text = (folder / "regions.csv").read_text(encoding="utf-8")
    (folder / "regions.csv").write_text(text.replace("Aville", "Aville City"), encoding="utf-8")
    text = (folder / "units.csv").read_text(encoding="utf-8")
    (folder / "units.csv").write_text(text.replace("Furnace 1,", "Furnace No. 1,"), "utf-8")
    summary = import_folder(engine, folder)
    assert (summary.regions.updated, summary.units.updated) == (1, 1)
    with engine.connect() as conn:
        assert conn.execute(select(regions.c.name).where(regions.c.code == "T-A")).scalar_one() == (
            "Aville City"
        )
        assert conn.execute(select(units.c.name).where(units.c.code == "F1")).scalar_one() == (
            "Furnace No. 1"
        )


def test_a_unit_with_reports_cannot_move(engine: Engine, tmp_path: Path) -> None:
    import_folder(engine, _folder(tmp_path))
    folder = _folder(tmp_path)
    text = (folder / "units.csv").read_text(encoding="utf-8")
    (folder / "units.csv").write_text(text.replace("一号炉,T-A", "一号炉,T-B"), "utf-8")
    with pytest.raises(InputError, match="cannot move"):
        import_folder(engine, folder)


def test_byte_order_mark_and_windows_line_ends(engine: Engine, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    for path in folder.glob("*.csv"):
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    import_folder(engine, folder)
    (row,) = status(engine, scope="T", product="iron", period=Period.parse("1959-01"))
    assert row.cumulative == pytest.approx(307)
    assert row.plan == "January plan"


def test_a_reported_product_keeps_its_unit_of_measure(engine: Engine, tmp_path: Path) -> None:
    import_folder(engine, _folder(tmp_path))
    folder = _folder(tmp_path)
    products = folder / "products.csv"
    products.write_text(products.read_text().replace("Pig iron,生铁,t,", "Pig iron,生铁,kg,"))
    with pytest.raises(InputError) as caught:
        import_folder(engine, folder)
    (problem,) = caught.value.problems
    assert (problem.row, problem.column) == (2, "uom")
    assert "reports in t" in problem.message
    assert _count(engine) == 171  # nothing changed


def test_an_unreported_product_may_change_its_unit(engine: Engine, tmp_path: Path) -> None:
    bare = tmp_path / "bare"
    bare.mkdir()
    for name in ("regions.csv", "products.csv", "units.csv"):
        shutil.copy(DATA / "tiny-county" / name, bare / name)
    import_folder(engine, bare)
    products = bare / "products.csv"
    products.write_text(products.read_text().replace("Pig iron,生铁,t,", "Pig iron,生铁,kg,"))
    assert import_folder(engine, bare).changed_anything
