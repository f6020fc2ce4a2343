"""inputs, balances, shipments and region_reports, and recipes' low and high: imported,
checked (file, row, column), kept as first sent.

The folder is tiny-county (F3 open 5-19 January 1959) on 2 January 1959 with coal and
ore: F1 made 2 t of iron from 4 t of coal and 3.6 t of ore, F2 3 t from 2 + 4 t of coal
(two shifts); F1 sent F2 2 t (F2 refused 0.5 t of it), F2 sent W1 1 + 2 t; the counties
reported their totals.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select, text
from typer.testing import CliRunner

from planworks.cli import app
from planworks.domain.errors import InputError
from planworks.domain.periods import day_number
from planworks.services.importing import import_folder
from planworks.store.tables import region_reports, shipments, unit_balances, unit_inputs
from tests.conftest import DATA
from tests.ingest.test_cli_import import summary_rows
from tests.ingest.test_import_errors import append, edit, fails, line_of, only_problem

LEDGER_FILES = {
    "recipes.csv": (
        "product,kind,input,per_unit,role,low,high\n"
        "iron,*,coal,2,input,1.5,3\n"
        "iron,*,ore,1.8,input,,2.5\n"
        "iron,modern,coal,1.5,input,1,\n"
    ),
    "inputs.csv": (
        "unit,date,product,input,quantity,shift\n"
        "F1,1959-01-02,iron,coal,4,\n"
        "F1,1959-01-02,iron,ore,3.6,\n"
        "F2,1959-01-02,iron,coal,2,A\n"
        "F2,1959-01-02,iron,coal,4,B\n"
    ),
    "balances.csv": (
        "unit,date,product,opening,closing,received,shipped,used,clerk\n"
        "F1,1959-01-02,iron,5,5,,2,,Wang\n"
        "F2,1959-01-02,iron,0,2,2,3,0,\n"
        "W1,1959-01-02,bolts,100,80,,140,,\n"
        "F1,1959-01-02,coal,10,6,0,0,4,\n"
    ),
    "shipments.csv": (
        "source,target,product,date,quantity,side,rejected\n"
        "F1,F2,iron,1959-01-02,2,sent,\n"
        "F1,F2,iron,1959-01-02,2,received,0.5\n"
        "F2,W1,iron,1959-01-02,1,sent,\n"
        "F2,W1,iron,1959-01-02,2,sent,\n"
        "F2,W1,iron,1959-01-02,3,received,\n"
    ),
    "region_reports.csv": (
        "region,date,product,quantity\n"
        "T-A,1959-01-02,iron,2\n"
        "T-B,1959-01-02,iron,3\n"
        "T,1959-01-02,iron,6\n"
    ),
}


def ledger_folder(tmp_path: Path, name: str = "folder") -> Path:
    """tiny-county with coal and ore, recipe ranges and the four files."""
    folder = tmp_path / name
    shutil.copytree(DATA / "tiny-county", folder)
    append(folder, "products.csv", "coal,Coal,煤,t,10,,")
    append(folder, "products.csv", "ore,Iron ore,铁矿石,t,8,,")
    for file, content in LEDGER_FILES.items():
        (folder / file).write_text(content, encoding="utf-8")
    return folder


def _rows(engine: Engine, sql: str) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        return sorted(tuple(r) for r in conn.execute(text(sql)).all())


def stored_ledgers(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """The four tables and the recipe ranges, by code (days as epoch days)."""
    return {
        "inputs": _rows(
            engine,
            "SELECT u.code, i.day, p.code, q.code, i.quantity FROM unit_inputs i "
            "JOIN units u ON u.id = i.unit_id JOIN products p ON p.id = i.product_id "
            "JOIN products q ON q.id = i.input_id",
        ),
        "balances": _rows(
            engine,
            "SELECT u.code, b.day, p.code, b.opening, b.closing, b.received, "
            "b.shipped, b.used FROM unit_balances b JOIN units u ON u.id = b.unit_id "
            "JOIN products p ON p.id = b.product_id",
        ),
        "shipments": _rows(
            engine,
            "SELECT s.code, t.code, p.code, x.day, x.side, x.quantity, x.rejected "
            "FROM shipments x "
            "JOIN units s ON s.id = x.source_id JOIN units t ON t.id = x.target_id "
            "JOIN products p ON p.id = x.product_id",
        ),
        "region_reports": _rows(
            engine,
            "SELECT r.code, x.day, p.code, x.quantity FROM region_reports x "
            "JOIN regions r ON r.id = x.region_id JOIN products p ON p.id = x.product_id",
        ),
        "recipes": _rows(
            engine,
            "SELECT p.code, r.kind, i.code, r.per_unit, r.low, r.high FROM recipes r "
            "JOIN products p ON p.id = r.product_id JOIN products i ON i.id = r.item_id",
        ),
    }


JAN2 = day_number(date(1959, 1, 2))


def test_each_file_stores_its_rows(engine: Engine, tmp_path: Path) -> None:
    summary = import_folder(engine, ledger_folder(tmp_path))
    assert summary.inputs.inserted == 3  # F2's two shifts of coal add up
    assert summary.balances.inserted == 4
    assert summary.shipments.inserted == 4  # F2's two sendings to W1 add up
    assert summary.region_reports.inserted == 3
    got = stored_ledgers(engine)
    day = JAN2
    assert got["inputs"] == [
        ("F1", day, "iron", "coal", 4.0),
        ("F1", day, "iron", "ore", 3.6),
        ("F2", day, "iron", "coal", 6.0),
    ]
    assert got["balances"] == [
        ("F1", day, "coal", 10.0, 6.0, 0.0, 0.0, 4.0),
        ("F1", day, "iron", 5.0, 5.0, 0.0, 2.0, 0.0),  # received and used left empty: 0
        ("F2", day, "iron", 0.0, 2.0, 2.0, 3.0, 0.0),
        ("W1", day, "bolts", 100.0, 80.0, 0.0, 140.0, 0.0),
    ]
    assert got["shipments"] == [
        ("F1", "F2", "iron", day, "received", 2.0, 0.5),
        ("F1", "F2", "iron", day, "sent", 2.0, None),  # none said
        ("F2", "W1", "iron", day, "received", 3.0, None),
        ("F2", "W1", "iron", day, "sent", 3.0, None),
    ]
    assert got["region_reports"] == [
        ("T", day, "iron", 6.0),
        ("T-A", day, "iron", 2.0),
        ("T-B", day, "iron", 3.0),
    ]
    assert got["recipes"] == [
        ("iron", "*", "coal", 2.0, 1.5, 3.0),
        ("iron", "*", "ore", 1.8, None, 2.5),
        ("iron", "modern", "coal", 1.5, 1.0, None),
    ]


def test_each_row_records_its_import(engine: Engine, tmp_path: Path) -> None:
    summary = import_folder(engine, ledger_folder(tmp_path))
    for table in (unit_inputs, unit_balances, shipments, region_reports):
        with engine.connect() as conn:
            imports = conn.execute(select(table.c.import_id).distinct()).scalars().all()
        assert imports == [summary.import_id], table.name


def test_extra_columns_are_kept(engine: Engine, tmp_path: Path) -> None:
    """Rows that add up keep the extra columns of the first of them that has any."""
    import_folder(engine, ledger_folder(tmp_path))
    with engine.connect() as conn:
        inputs = conn.execute(
            select(unit_inputs.c.quantity, unit_inputs.c.extra).where(
                unit_inputs.c.extra.is_not(None)
            )
        ).all()
        clerks = conn.execute(
            select(unit_balances.c.extra).where(unit_balances.c.extra.is_not(None))
        ).all()
    assert [tuple(r) for r in inputs] == [(6.0, {"shift": "A"})]
    assert [tuple(r) for r in clerks] == [({"clerk": "Wang"},)]


def test_what_was_refused_adds_up_when_said(engine: Engine, tmp_path: Path) -> None:
    folder = ledger_folder(tmp_path)
    append(folder, "shipments.csv", "W1,F1,bolts,1959-01-02,10,received,1")
    append(folder, "shipments.csv", "W1,F1,bolts,1959-01-02,5,received,")
    append(folder, "shipments.csv", "W1,F1,bolts,1959-01-02,5,received,2")
    append(folder, "shipments.csv", "W1,F2,bolts,1959-01-02,5,received,")
    append(folder, "shipments.csv", "W1,F2,bolts,1959-01-02,5,received,")
    import_folder(engine, folder)
    bolts = [r for r in stored_ledgers(engine)["shipments"] if r[2] == "bolts"]
    assert [(r[1], r[5], r[6]) for r in bolts] == [("F1", 20.0, 3.0), ("F2", 10.0, None)]
    assert not import_folder(engine, folder).changed_anything


def test_reimport_changes_nothing(engine: Engine, tmp_path: Path) -> None:
    folder = ledger_folder(tmp_path)
    import_folder(engine, folder)
    before = stored_ledgers(engine)
    again = import_folder(engine, folder)
    assert not again.changed_anything
    assert (again.inputs.unchanged, again.balances.unchanged) == (3, 4)
    assert (again.shipments.unchanged, again.region_reports.unchanged) == (4, 3)
    assert again.inputs.inserted == again.shipments.inserted == 0
    assert stored_ledgers(engine) == before


def test_a_new_day_adds_only_its_rows(engine: Engine, tmp_path: Path) -> None:
    folder = ledger_folder(tmp_path)
    import_folder(engine, folder)
    append(folder, "inputs.csv", "F1,1959-01-03,iron,coal,4,")
    append(folder, "shipments.csv", "F1,F2,iron,1959-01-03,1,sent,")
    summary = import_folder(engine, folder)
    assert summary.changed_anything
    assert (summary.inputs.inserted, summary.inputs.unchanged) == (1, 3)
    assert (summary.shipments.inserted, summary.shipments.unchanged) == (1, 4)
    assert len(stored_ledgers(engine)["inputs"]) == 4


CHANGED = [
    # (file, old, new, row marker, column, words)
    (
        "inputs.csv",
        "F1,1959-01-02,iron,coal,4,",
        "F1,1959-01-02,iron,coal,5,",
        "F1,1959-01-02,iron,coal",
        "quantity",
        "already stored with another quantity: 4 stored, 5 sent; figures are kept as first sent",
    ),
    (
        "inputs.csv",
        "F2,1959-01-02,iron,coal,4,B",
        "F2,1959-01-02,iron,coal,4.5,B",
        "F2,1959-01-02,iron,coal,2,A",  # the rows that add up are named at the first
        "quantity",
        "another quantity: 6 stored, 6.5 sent (rows 4, 5 together)",
    ),
    (
        "balances.csv",
        "W1,1959-01-02,bolts,100,80,",
        "W1,1959-01-02,bolts,100,81,",
        "W1,",
        "closing",
        "already stored with another closing: 80 stored, 81 sent",
    ),
    (
        "balances.csv",
        "F1,1959-01-02,iron,5,5,,2,,Wang",
        "F1,1959-01-02,iron,5,5,1,2,,Wang",  # an empty received is 0
        "F1,1959-01-02,iron",
        "received",
        "already stored with another received: 0 stored, 1 sent",
    ),
    (
        "shipments.csv",
        "F2,W1,iron,1959-01-02,3,received,",
        "F2,W1,iron,1959-01-02,2.5,received,",
        "2.5,received",
        "quantity",
        "already stored with another quantity: 3 stored, 2.5 sent",
    ),
    (
        "shipments.csv",
        "F1,F2,iron,1959-01-02,2,received,0.5",
        "F1,F2,iron,1959-01-02,2,received,1",
        "F1,F2,iron,1959-01-02,2,received",
        "rejected",
        "already stored with another rejected: 0.5 stored, 1 sent",
    ),
    (
        "shipments.csv",
        "F2,W1,iron,1959-01-02,3,received,",
        "F2,W1,iron,1959-01-02,3,received,0",  # 0 is said; empty was not
        "F2,W1,iron,1959-01-02,3,received",
        "rejected",
        "already stored with another rejected: none stored, 0 sent",
    ),
    (
        "region_reports.csv",
        "T,1959-01-02,iron,6",
        "T,1959-01-02,iron,5",
        "T,1959",
        "quantity",
        "already stored with another quantity: 6 stored, 5 sent",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "marker", "column", "words"), CHANGED)
def test_a_changed_figure_is_refused_and_nothing_is_written(
    engine: Engine,
    tmp_path: Path,
    file: str,
    old: str,
    new: str,
    marker: str,
    column: str,
    words: str,
) -> None:
    folder = ledger_folder(tmp_path)
    import_folder(engine, folder)
    edit(folder, file, old, new)
    # with new rows in every file: none of them may be written either (`fails` compares)
    append(folder, "inputs.csv", "F1,1959-01-03,iron,coal,4,")
    append(folder, "shipments.csv", "F1,F2,iron,1959-01-03,1,sent,")
    append(folder, "region_reports.csv", "T,1959-01-03,iron,5")
    got_file, row, got_column, message = only_problem(fails(engine, folder))
    assert (got_file, row, got_column) == (file, line_of(folder, file, marker), column)
    assert words in message


def test_every_changed_figure_is_named(engine: Engine, tmp_path: Path) -> None:
    folder = ledger_folder(tmp_path)
    import_folder(engine, folder)
    edit(folder, "balances.csv", "F2,1959-01-02,iron,0,2,2,3,0", "F2,1959-01-02,iron,1,2,2,4,0")
    error = fails(engine, folder)
    assert [(p.file, p.row, p.column) for p in error.problems] == [
        ("balances.csv", 3, "opening"),
        ("balances.csv", 3, "shipped"),
    ]


# -- what is checked before anything is written ------------------------------------------------

BAD = [
    # (file, line appended, column, words in the message)
    ("inputs.csv", "F9,1959-01-03,iron,coal,1,", "unit", "unknown unit F9"),
    ("inputs.csv", "F1,1959-01-03,steel,coal,1,", "product", "unknown product steel"),
    ("inputs.csv", "F1,1959-01-03,iron,slag,1,", "input", "unknown product slag"),
    ("inputs.csv", "F1,1959-02-30,iron,coal,1,", "date", "'1959-02-30' is not a date"),
    ("inputs.csv", "F1,1959-01-03,iron,coal,-1,", "quantity", "quantity must not be negative"),
    ("inputs.csv", "F1,1959-01-03,iron,coal,lots,", "quantity", "'lots' is not a number"),
    ("inputs.csv", "F1,1959-01-03,iron,,1,", "input", "empty: a value is required"),
    (
        "inputs.csv",
        "F3,1959-01-04,iron,coal,1,",
        "date",
        "unit F3 opened on 1959-01-05; it cannot report for 1959-01-04",
    ),
    (
        "inputs.csv",
        "F3,1959-01-20,iron,coal,1,",
        "date",
        "unit F3 closed on 1959-01-20; it cannot report for 1959-01-20",
    ),
    ("balances.csv", "F9,1959-01-03,iron,1,1,,,,", "unit", "unknown unit F9"),
    ("balances.csv", "F1,1959-01-03,steel,1,1,,,,", "product", "unknown product steel"),
    ("balances.csv", "F1,1959-01-32,iron,1,1,,,,", "date", "is not a date"),
    ("balances.csv", "F1,1959-01-03,iron,-1,1,,,,", "opening", "opening must not be negative"),
    ("balances.csv", "F1,1959-01-03,iron,1,-1,,,,", "closing", "closing must not be negative"),
    ("balances.csv", "F1,1959-01-03,iron,1,1,-1,,,", "received", "received must not be negative"),
    ("balances.csv", "F1,1959-01-03,iron,1,1,,-1,,", "shipped", "shipped must not be negative"),
    ("balances.csv", "F1,1959-01-03,iron,1,1,,,-1,", "used", "used must not be negative"),
    ("balances.csv", "F1,1959-01-03,iron,1,,,,,", "closing", "empty: a value is required"),
    ("balances.csv", "F1,1959-01-03,iron,1,x,,,,", "closing", "'x' is not a number"),
    (
        "balances.csv",
        "F3,1959-01-04,iron,0,0,,,,",
        "date",
        "unit F3 opened on 1959-01-05; it cannot report for 1959-01-04",
    ),
    (
        "balances.csv",
        "F3,1959-01-21,iron,0,0,,,,",
        "date",
        "unit F3 closed on 1959-01-20; it cannot report for 1959-01-21",
    ),
    (
        "balances.csv",
        "F1,1959-01-02,iron,5,5,,2,,",
        "unit",
        "the same unit, date, product as row 2",
    ),
    ("shipments.csv", "F9,F2,iron,1959-01-03,1,sent,", "source", "unknown unit F9"),
    ("shipments.csv", "F1,F9,iron,1959-01-03,1,sent,", "target", "unknown unit F9"),
    ("shipments.csv", "F1,F2,steel,1959-01-03,1,sent,", "product", "unknown product steel"),
    ("shipments.csv", "F1,F1,iron,1959-01-03,1,sent,", "target", "two different units"),
    ("shipments.csv", "F1,F2,iron,1959-01-03,-1,sent,", "quantity", "must not be negative"),
    (
        "shipments.csv",
        "F1,F2,iron,1959-01-03,1,lost,",
        "side",
        "side lost is not one of sent, received",
    ),
    ("shipments.csv", "F1,F2,iron,1959-01-03,1,,", "side", "empty: a value is required"),
    ("shipments.csv", "F1,F2,iron,1959-04-31,1,sent,", "date", "is not a date"),
    ("shipments.csv", "F1,F2,iron,1959-01-03,1,received,-1", "rejected", "must not be negative"),
    (
        "shipments.csv",
        "F1,F2,iron,1959-01-03,1,sent,1",
        "rejected",
        "rejected is what the target refused: it belongs on a received row",
    ),
    (
        "shipments.csv",
        "F1,F2,iron,1959-01-03,1,received,1.5",
        "rejected",
        "rejected 1.5 is more than the 1 received",
    ),
    (
        "shipments.csv",
        "F3,F2,iron,1959-01-20,1,sent,",
        "date",
        "source F3 closed on 1959-01-20; it cannot send goods on 1959-01-20",
    ),
    (
        "shipments.csv",
        "F3,F2,iron,1959-01-04,1,sent,",
        "date",
        "source F3 opened on 1959-01-05; it cannot send goods on 1959-01-04",
    ),
    (
        "shipments.csv",
        "F2,F3,iron,1959-01-04,1,received,",
        "date",
        "target F3 opened on 1959-01-05; it cannot receive goods on 1959-01-04",
    ),
    (
        "shipments.csv",
        "F2,F3,iron,1959-01-25,1,received,",
        "date",
        "target F3 closed on 1959-01-20; it cannot receive goods on 1959-01-25",
    ),
    ("region_reports.csv", "T-Z,1959-01-03,iron,1", "region", "unknown region T-Z"),
    ("region_reports.csv", "T,1959-01-03,steel,1", "product", "unknown product steel"),
    ("region_reports.csv", "T,1959-01-03,iron,-1", "quantity", "quantity must not be negative"),
    ("region_reports.csv", "T,1959-13-03,iron,1", "date", "is not a date"),
    (
        "region_reports.csv",
        "T,1959-01-02,iron,6",
        "region",
        "the same region, date, product as row 4",
    ),
    ("recipes.csv", "iron,large,coal,2,input,0,", "low", "low must be a number above 0"),
    ("recipes.csv", "iron,large,coal,2,input,,-3", "high", "high must be a number above 0"),
    (
        "recipes.csv",
        "iron,large,coal,2,input,2.5,3",
        "low",
        "low 2.5 is above per_unit 2: the range must hold per_unit",
    ),
    (
        "recipes.csv",
        "iron,large,coal,2,input,,1.5",
        "high",
        "high 1.5 is below per_unit 2: the range must hold per_unit",
    ),
    ("recipes.csv", "iron,large,coal,2,input,one,", "low", "'one' is not a number"),
]


@pytest.mark.parametrize(("file", "line", "column", "words"), BAD)
def test_a_bad_row_is_named_precisely(
    engine: Engine, tmp_path: Path, file: str, line: str, column: str, words: str
) -> None:
    folder = ledger_folder(tmp_path)
    append(folder, file, line)
    got_file, row, got_column, message = only_problem(fails(engine, folder))
    last = len((folder / file).read_text(encoding="utf-8").splitlines())
    assert (got_file, row, got_column) == (file, last, column)
    assert words in message


#: near cases that must import
GOOD = [
    ("inputs.csv", "F3,1959-01-05,iron,coal,20,"),  # the day it opened
    ("inputs.csv", "F3,1959-01-19,iron,coal,0,"),  # its last day, nothing used
    ("balances.csv", "F3,1959-01-19,iron,0,0,,,,"),
    ("shipments.csv", "F3,F2,iron,1959-01-19,1,sent,"),
    ("shipments.csv", "F2,F3,iron,1959-01-05,1,received,"),
    ("shipments.csv", "F2,F3,iron,1959-01-05,1,received,1"),  # all of it refused
    ("region_reports.csv", "T-B-1,1959-01-02,iron,3"),
    ("recipes.csv", "iron,large,coal,2,input,2,2"),  # a range of one point
    ("recipes.csv", "iron,large,ore,2,input,,"),  # no range: per_unit / 2 to x 2
]


@pytest.mark.parametrize(("file", "line"), GOOD)
def test_a_row_within_bounds_imports(engine: Engine, tmp_path: Path, file: str, line: str) -> None:
    folder = ledger_folder(tmp_path)
    append(folder, file, line)
    import_folder(engine, folder)


def test_every_problem_of_every_file_is_listed_together(engine: Engine, tmp_path: Path) -> None:
    folder = ledger_folder(tmp_path)
    append(folder, "inputs.csv", "F9,1959-01-03,iron,coal,1,")
    append(folder, "balances.csv", "F1,1959-01-03,iron,-1,1,,,,")
    append(folder, "shipments.csv", "F1,F2,iron,1959-01-03,1,lost,")
    append(folder, "region_reports.csv", "T,1959-01-03,iron,-5")
    append(folder, "reports.csv", "F9,1959-01-03,iron,1,,,,,,")
    error = fails(engine, folder)
    assert [(p.file, p.row, p.column) for p in error.problems] == [
        ("balances.csv", 6, "opening"),
        ("inputs.csv", 6, "unit"),
        ("region_reports.csv", 5, "quantity"),
        ("reports.csv", line_of(folder, "reports.csv", "F9,"), "unit"),
        ("shipments.csv", 7, "side"),
    ], str(error)


def test_a_missing_required_column_is_named(engine: Engine, tmp_path: Path) -> None:
    folder = ledger_folder(tmp_path)
    (folder / "shipments.csv").write_text(
        "source,target,product,date,quantity\nF1,F2,iron,1959-01-02,2\n", encoding="utf-8"
    )
    file, row, column, message = only_problem(fails(engine, folder))
    assert (file, row, column) == ("shipments.csv", 1, "side")
    assert "'side' is missing" in message


def test_balances_without_the_optional_columns(engine: Engine, tmp_path: Path) -> None:
    folder = ledger_folder(tmp_path)
    (folder / "balances.csv").write_text(
        "unit,date,product,opening,closing\nF1,1959-01-02,iron,5,7\n", encoding="utf-8"
    )
    import_folder(engine, folder)
    assert stored_ledgers(engine)["balances"][0][3:] == (5.0, 7.0, 0.0, 0.0, 0.0)


def test_references_to_what_is_stored(engine: Engine, tmp_path: Path) -> None:
    """Units, regions and products of an earlier import may be named; their dates hold."""
    import_folder(engine, ledger_folder(tmp_path))
    later = tmp_path / "later"
    later.mkdir()
    (later / "regions.csv").write_text("code,parent,level,name\nT,,province,Testland\n")
    (later / "products.csv").write_text("code,name,uom\nlime,Lime,t\n")
    (later / "units.csv").write_text(
        "code,name,region,kind,product,opened\nK1,Kiln,T-A,indigenous,lime,1959-01-01\n"
    )
    (later / "inputs.csv").write_text(
        "unit,date,product,input,quantity\n"
        "F1,1959-01-04,iron,coal,4\n"
        "K1,1959-01-04,lime,coal,1\n"
        "F3,1959-01-20,iron,coal,15\n"
    )
    (later / "region_reports.csv").write_text(
        "region,date,product,quantity\nT-B-1,1959-01-04,iron,3\n"
    )
    file, row, column, message = only_problem(fails(engine, later))
    assert (file, row, column) == ("inputs.csv", 4, "date")
    assert "unit F3 closed on 1959-01-20" in message
    edit(later, "inputs.csv", "F3,1959-01-20", "F3,1959-01-19")
    summary = import_folder(engine, later)
    assert (summary.inputs.inserted, summary.region_reports.inserted) == (3, 1)


def test_a_parquet_file(engine: Engine, tmp_path: Path) -> None:
    import polars as pl

    folder = ledger_folder(tmp_path)
    frame = pl.read_csv(folder / "inputs.csv", try_parse_dates=True)
    (folder / "inputs.csv").unlink()
    frame.with_columns(pl.col("quantity").cast(pl.Float64)).write_parquet(folder / "inputs.parquet")
    import_folder(engine, folder)
    (folder / "inputs.parquet").unlink()
    frame.with_columns(pl.lit(-1.0).alias("quantity")).write_parquet(folder / "inputs.parquet")
    error = fails(engine, folder)
    assert {(p.file, p.column) for p in error.problems} == {("inputs.parquet", "quantity")}


def test_the_command_line_counts_the_rows(db_url: str, tmp_path: Path) -> None:
    folder = ledger_folder(tmp_path)
    runner = CliRunner()
    assert runner.invoke(app, ["init", "--db", db_url]).exit_code == 0
    first = runner.invoke(app, ["import", str(folder), "--db", db_url])
    assert first.exit_code == 0, first.output
    rows = summary_rows(first.stdout)
    assert rows["inputs"] == ("3", "0", "0")
    assert rows["balances"] == ("4", "0", "0")
    assert rows["shipments"] == ("4", "0", "0")
    assert rows["region_reports"] == ("3", "0", "0")
    assert rows["recipes"] == ("3", "0", "0")
    edit(folder, "recipes.csv", "iron,*,ore,1.8,input,,2.5", "iron,*,ore,1.8,input,1,2.5")
    again = runner.invoke(app, ["import", str(folder), "--db", db_url])
    assert again.exit_code == 0, again.output
    rows = summary_rows(again.stdout)
    assert rows["inputs"] == ("0", "0", "3")
    assert rows["region_reports"] == ("0", "0", "3")
    assert rows["recipes"] == ("0", "1", "2")  # a range is a recipe's to change


def test_a_refusal_on_the_command_line(db_url: str, tmp_path: Path) -> None:
    folder = ledger_folder(tmp_path)
    runner = CliRunner()
    assert runner.invoke(app, ["init", "--db", db_url]).exit_code == 0
    assert runner.invoke(app, ["import", str(folder), "--db", db_url]).exit_code == 0
    edit(folder, "region_reports.csv", "T,1959-01-02,iron,6", "T,1959-01-02,iron,7")
    done = runner.invoke(app, ["import", str(folder), "--db", db_url])
    # `main` prints planworks' errors; the app itself raises them
    assert isinstance(done.exception, InputError)
    assert (
        "region_reports.csv, row 4, column quantity: already stored with another quantity: "
        "6 stored, 7 sent; figures are kept as first sent"
    ) in str(done.exception)
