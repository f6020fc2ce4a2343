"""One import lists every problem of every file, and leaves out only what cannot be checked."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import Engine

from planworks.domain.errors import InputError
from planworks.services.importing import import_folder
from tests.conftest import DATA
from tests.ingest.test_import_errors import append, edit, fails, line_of

WESTBANK = DATA / "westbank"
TINY = DATA / "tiny-county"


def copy(tmp_path: Path, source: Path = WESTBANK) -> Path:
    folder = tmp_path / "folder"
    shutil.copytree(source, folder)
    return folder


def where(error: InputError) -> list[tuple[str | None, int | None, str | None]]:
    return [(p.file, p.row, p.column) for p in error.problems]


def drop_column(folder: Path, file: str, column: str) -> None:
    lines = (folder / file).read_text(encoding="utf-8").splitlines()
    i = lines[0].split(",").index(column)
    kept = [",".join(c for j, c in enumerate(line.split(",")) if j != i) for line in lines]
    (folder / file).write_text("\n".join(kept) + "\n", encoding="utf-8")


def test_a_problem_in_every_file_is_listed_together(engine: Engine, tmp_path: Path) -> None:
    """Typing problems (a bad date) no longer hide reference problems, nor the reports'."""
    folder = copy(tmp_path)
    append(folder, "reports.csv", "Tl,1960-01-20,tools,4,")  # a typo of T1
    append(folder, "reports.csv", "T1,1960-01-21,tools,-4,")
    append(folder, "trials.csv", "T1,plough,started,1960-01-32,")
    append(folder, "inspections.csv", "W-1959-12,T1,1960-01-06,belt,,,,")
    append(folder, "workforce.csv", "M1,1960-01-10,-20")
    error = fails(engine, folder)
    assert where(error) == [
        ("inspections.csv", line_of(folder, "inspections.csv", "W-1959-12"), "campaign"),
        ("reports.csv", line_of(folder, "reports.csv", "Tl,"), "unit"),
        ("reports.csv", line_of(folder, "reports.csv", ",-4,"), "quantity"),
        ("trials.csv", line_of(folder, "trials.csv", "1960-01-32"), "date"),
        ("workforce.csv", line_of(folder, "workforce.csv", "-20"), "workers"),
    ], str(error)


def test_the_same_rows_without_the_mistakes_import(engine: Engine, tmp_path: Path) -> None:
    folder = copy(tmp_path)
    append(folder, "reports.csv", "T1,1960-01-20,tools,4,")
    append(folder, "trials.csv", "T1,plough,started,1960-01-30,")
    append(folder, "inspections.csv", "W-1960-01,T1,1960-01-06,belt,,,,")
    append(folder, "workforce.csv", "M1,1960-01-10,20")
    summary = import_folder(engine, folder)
    assert (summary.trials.inserted, summary.inspections.inserted) == (9, 9)


def test_a_file_without_a_required_column_holds_back_only_its_rows(
    engine: Engine, tmp_path: Path
) -> None:
    folder = copy(tmp_path)
    drop_column(folder, "workforce.csv", "workers")
    append(folder, "reports.csv", "Tl,1960-01-20,tools,4,")
    append(folder, "trials.csv", "T9,plough,started,1960-01-20,")
    error = fails(engine, folder)
    assert where(error) == [
        ("reports.csv", line_of(folder, "reports.csv", "Tl,"), "unit"),
        ("trials.csv", line_of(folder, "trials.csv", "T9"), "unit"),
        ("workforce.csv", 1, "workers"),
    ], str(error)


def test_units_without_a_date_column_still_name_their_codes(engine: Engine, tmp_path: Path) -> None:
    """References to units are still checked; their dates (not in the file) are not."""
    folder = copy(tmp_path)
    drop_column(folder, "units.csv", "opened")
    append(folder, "reports.csv", "Tl,1960-01-20,tools,4,")
    append(folder, "reports.csv", "T2,1960-01-25,tools,4,")  # after T2 closed: not known now
    append(folder, "workforce.csv", "T9,1960-01-10,20")
    error = fails(engine, folder)
    assert where(error) == [
        ("reports.csv", line_of(folder, "reports.csv", "Tl,"), "unit"),
        ("units.csv", 1, "opened"),
        ("workforce.csv", line_of(folder, "workforce.csv", "T9"), "unit"),
    ], str(error)


def test_a_missing_units_file_does_not_make_every_unit_unknown(
    engine: Engine, tmp_path: Path
) -> None:
    folder = copy(tmp_path)
    (folder / "units.csv").unlink()
    append(folder, "reports.csv", "T1,1960-01-21,tools,-4,")
    error = fails(engine, folder)
    assert where(error) == [
        ("reports.csv", line_of(folder, "reports.csv", ",-4,"), "quantity"),
        ("units", None, None),
    ], str(error)


def test_a_unit_that_closes_before_it_opens_is_one_problem(engine: Engine, tmp_path: Path) -> None:
    """Which of its dates is wrong is unknown: its reports are not checked against them."""
    folder = copy(tmp_path, TINY)
    edit(folder, "units.csv", "1959-01-05,1959-01-20", "1959-01-05,1958-01-20")
    append(folder, "reports.csv", "F1,1959-02-01,iron,-1,2,,,,,")
    error = fails(engine, folder)
    assert where(error) == [
        ("reports.csv", line_of(folder, "reports.csv", "1959-02-01,iron,-1"), "quantity"),
        ("units.csv", line_of(folder, "units.csv", "1958-01-20"), "closed"),
    ], str(error)


def test_wrong_grades_are_one_problem(engine: Engine, tmp_path: Path) -> None:
    """A product whose grades are wrong: its reports' grades are not checked against them."""
    folder = copy(tmp_path, TINY)
    edit(folder, "products.csv", "150,1|2|3,2", "150,1|two|3,2")
    append(folder, "reports.csv", "F9,1959-02-01,iron,1,2,,,,,")
    error = fails(engine, folder)
    assert where(error) == [
        ("products.csv", line_of(folder, "products.csv", "1|two|3"), "grades"),
        ("reports.csv", line_of(folder, "reports.csv", "F9,"), "unit"),
    ], str(error)


def test_a_campaign_that_ends_before_it_starts_is_one_problem(
    engine: Engine, tmp_path: Path
) -> None:
    folder = copy(tmp_path)
    edit(folder, "campaigns.csv", "1960-01-05,1960-01-10", "1960-01-05,1959-01-10")
    error = fails(engine, folder)
    assert where(error) == [("campaigns.csv", 2, "end")], str(error)


def test_a_region_cycle_and_a_report_problem_together(engine: Engine, tmp_path: Path) -> None:
    folder = copy(tmp_path, TINY)
    edit(folder, "regions.csv", "T,,province", "T,T-B-1,province")
    append(folder, "reports.csv", "F9,1959-02-01,iron,1,2,,,,,")
    error = fails(engine, folder)
    assert where(error) == [
        ("regions.csv", 2, "parent"),
        ("reports.csv", line_of(folder, "reports.csv", "F9,"), "unit"),
    ], str(error)
    assert "cycle" in error.problems[0].message


def test_a_plan_twice_and_a_report_problem_together(engine: Engine, tmp_path: Path) -> None:
    folder = copy(tmp_path, TINY)
    append(folder, "plans.csv", "T-A,iron,1959-01-01,1959-01-31,45,")
    append(folder, "reports.csv", "F9,1959-02-01,iron,1,2,,,,,")
    error = fails(engine, folder)
    assert where(error) == [
        ("plans.csv", line_of(folder, "plans.csv", ",45,"), "scope"),
        ("reports.csv", line_of(folder, "reports.csv", "F9,"), "unit"),
    ], str(error)
    assert f"as row {line_of(folder, 'plans.csv', 'T-A,iron')}" in error.problems[0].message


def test_the_same_plan_for_another_period_imports(engine: Engine, tmp_path: Path) -> None:
    folder = copy(tmp_path, TINY)
    append(folder, "plans.csv", "T-A,iron,1959-02-01,1959-02-28,45,")
    assert import_folder(engine, folder).plans.inserted == 5


def test_a_recipe_line_for_everywhere_twice(engine: Engine, tmp_path: Path) -> None:
    """Lines without a region are the same line: empty matches empty."""
    folder = copy(tmp_path)
    append(folder, "recipes.csv", "glue,*,offal,2.4,input")
    error = fails(engine, folder)
    first = line_of(folder, "recipes.csv", "glue,*,offal")
    assert where(error) == [("recipes.csv", first + 1, "product")]
    assert f"as row {first}" in error.problems[0].message


def test_the_same_recipe_line_for_one_region_imports(engine: Engine, tmp_path: Path) -> None:
    folder = copy(tmp_path)
    lines = (folder / "recipes.csv").read_text(encoding="utf-8").splitlines()
    lines = [lines[0] + ",region", *(line + "," for line in lines[1:])]
    (folder / "recipes.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    append(folder, "recipes.csv", "glue,*,offal,2.4,input,W-1")
    assert import_folder(engine, folder).recipes.inserted == 6
