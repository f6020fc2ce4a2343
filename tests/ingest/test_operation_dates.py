"""Trials, inspections and headcounts fall on days their unit and campaign allow.

Westbank: campaign W-1960-01 runs 1960-01-05 to 1960-01-10; M1 opened 1959-12-01, T2
closed 1960-01-16 (merged into T1), T3 opened 1960-01-10.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import Engine

from planworks.services.importing import import_folder
from tests.conftest import DATA
from tests.ingest.test_import_errors import append, edit, fails, line_of, only_problem

WESTBANK = DATA / "westbank"

#: (file, line appended, column, words in the message): each must fail, on its own line
BAD = [
    (
        "inspections.csv",
        "W-1960-01,M1,1960-01-11,hooks rusty,,,,",
        "found",
        "campaign W-1960-01 ended on 1960-01-10; it cannot have found a problem on 1960-01-11",
    ),
    (
        "inspections.csv",
        "W-1960-01,M1,1960-01-04,hooks rusty,,,,",
        "found",
        "campaign W-1960-01 began on 1960-01-05; it cannot have found a problem on 1960-01-04",
    ),
    ("inspections.csv", "W-1960-01,M1,1960-01-08,hooks rusty,oil,Li,1960-01-07,", "due", "due"),
    (
        "workforce.csv",
        "T3,1960-01-09,12",
        "date",
        "unit T3 opened on 1960-01-10; it has no headcount on 1960-01-09",
    ),
    (
        "workforce.csv",
        "T2,1960-01-16,5",
        "date",
        "unit T2 closed on 1960-01-16; it cannot have 5 workers from 1960-01-16",
    ),
    (
        "trials.csv",
        "T2,sickle,started,1960-01-16,",
        "date",
        "the unit closed on 1960-01-16; the trial's started step cannot be on 1960-01-16",
    ),
]

#: near cases that must import
GOOD = [
    ("inspections.csv", "W-1960-01,M1,1960-01-10,hooks rusty,,,,"),  # the campaign's last day
    ("inspections.csv", "W-1960-01,M1,1960-01-05,hooks rusty,oil,Li,1960-01-05,"),  # due at once
    ("workforce.csv", "T3,1960-01-10,12"),  # the day it opened
    ("workforce.csv", "T2,1960-01-16,0"),  # nobody left when it closed
    ("trials.csv", "T2,sickle,started,1960-01-15,"),  # its last open day
]


@pytest.mark.parametrize(("file", "line", "column", "words"), BAD)
def test_a_day_out_of_bounds_is_named(
    engine: Engine, tmp_path: Path, file: str, line: str, column: str, words: str
) -> None:
    folder = tmp_path / "folder"
    shutil.copytree(WESTBANK, folder)
    append(folder, file, line)
    got_file, row, got_column, message = only_problem(fails(engine, folder))
    assert (got_file, row, got_column) == (file, line_of(folder, file, line), column)
    assert words in message


@pytest.mark.parametrize(("file", "line"), GOOD)
def test_a_day_within_bounds_imports(engine: Engine, tmp_path: Path, file: str, line: str) -> None:
    folder = tmp_path / "folder"
    shutil.copytree(WESTBANK, folder)
    append(folder, file, line)
    import_folder(engine, folder)


def test_a_campaign_without_an_end_only_has_a_start(engine: Engine, tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    shutil.copytree(WESTBANK, folder)
    edit(folder, "campaigns.csv", "1960-01-05,1960-01-10", "1960-01-05,")
    append(folder, "inspections.csv", "W-1960-01,M1,1960-03-01,hooks rusty,,,,")
    import_folder(engine, folder)
    append(folder, "inspections.csv", "W-1960-01,M1,1960-01-01,scales,,,,")
    _, row, column, message = only_problem(fails(engine, folder))
    assert (row, column) == (line_of(folder, "inspections.csv", "01-01,scales"), "found")
    assert "began on 1960-01-05" in message


def test_an_inspection_of_a_stored_campaign(engine: Engine, tmp_path: Path) -> None:
    """The campaign is not in the folder: its stored dates hold."""
    import_folder(engine, WESTBANK)
    folder = tmp_path / "later"
    folder.mkdir()
    for name in ("regions.csv", "products.csv", "units.csv"):
        shutil.copy(WESTBANK / name, folder / name)
    (folder / "inspections.csv").write_text(
        "campaign,unit,found,problem\n"
        "W-1960-01,M1,1960-01-10,hooks rusty\n"
        "W-1960-01,M1,1960-01-12,scales\n",
        encoding="utf-8",
    )
    file, row, column, message = only_problem(fails(engine, folder))
    assert (file, row, column) == ("inspections.csv", 3, "found")
    assert "ended on 1960-01-10" in message
    edit(folder, "inspections.csv", "1960-01-12", "1960-01-09")
    assert import_folder(engine, folder).inspections.inserted == 2


# -- a trial's order ---------------------------------------------------------------------------


def test_a_step_after_an_abandonment_is_the_row_named(engine: Engine, tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    shutil.copytree(WESTBANK, folder)
    append(folder, "trials.csv", "M1,bristles,started,1960-01-02,")
    append(folder, "trials.csv", "M1,bristles,abandoned,1960-01-08,no brushes")
    append(folder, "trials.csv", "M1,bristles,succeeded,1960-01-12,")
    file, row, column, message = only_problem(fails(engine, folder))
    assert (file, row, column) == (
        "trials.csv",
        line_of(folder, "trials.csv", "bristles,succeeded"),
        "date",
    )
    assert "succeeded step (1960-01-12) comes after it was abandoned (1960-01-08)" in message


def test_an_abandonment_after_the_last_step_imports(engine: Engine, tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    shutil.copytree(WESTBANK, folder)
    append(folder, "trials.csv", "M1,bristles,started,1960-01-02,")
    append(folder, "trials.csv", "M1,bristles,succeeded,1960-01-08,")
    append(folder, "trials.csv", "M1,bristles,abandoned,1960-01-08,no brushes")
    assert import_folder(engine, folder).trials.inserted == 11


def test_a_step_after_a_stored_abandonment(engine: Engine, tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    shutil.copytree(WESTBANK, folder)
    append(folder, "trials.csv", "T3,plough,abandoned,1960-01-28,")
    import_folder(engine, folder)
    later = tmp_path / "later"
    later.mkdir()
    for name in ("regions.csv", "products.csv", "units.csv"):
        shutil.copy(WESTBANK / name, later / name)
    (later / "trials.csv").write_text(
        "unit,product,stage,date\nT3,plough,batch,1960-01-30\n", encoding="utf-8"
    )
    file, row, _, message = only_problem(fails(engine, later))
    assert (file, row) == ("trials.csv", 2)
    assert "batch step (1960-01-30) comes after it was abandoned (1960-01-28)" in message


def test_an_abandonment_before_a_stored_step(engine: Engine, tmp_path: Path) -> None:
    """The later step is stored: the new abandonment is the row that breaks the order."""
    import_folder(engine, WESTBANK)
    later = tmp_path / "later"
    later.mkdir()
    for name in ("regions.csv", "products.csv", "units.csv"):
        shutil.copy(WESTBANK / name, later / name)
    (later / "trials.csv").write_text(
        "unit,product,stage,date\nT3,plough,abandoned,1960-01-20\n", encoding="utf-8"
    )
    file, row, _, message = only_problem(fails(engine, later))
    assert (file, row) == ("trials.csv", 2)
    assert "abandoned (1960-01-20) before its succeeded step (1960-01-25)" in message
    edit(later, "trials.csv", "1960-01-20", "1960-01-26")
    assert import_folder(engine, later).trials.inserted == 1


def test_an_abandonment_after_the_unit_closed_imports(engine: Engine, tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    shutil.copytree(WESTBANK, folder)
    append(folder, "trials.csv", "T2,sickle,started,1960-01-10,")
    append(folder, "trials.csv", "T2,sickle,abandoned,1960-01-20,merged into T1")
    import_folder(engine, folder)
