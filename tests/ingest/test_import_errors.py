"""Bad input: precise errors (file, row, column), and the database left exactly as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from planworks.domain.errors import InputError
from planworks.services.importing import import_folder
from planworks.store.tables import metadata
from tests.conftest import DATA

FOLDER = DATA / "tiny-county"


def copy_folder(tmp_path: Path) -> Path:
    target = tmp_path / "folder"
    shutil.copytree(FOLDER, target)
    return target


def edit(folder: Path, file: str, old: str, new: str) -> None:
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append(folder: Path, file: str, line: str) -> None:
    with (folder / file).open("a", encoding="utf-8") as f:
        f.write(line + "\n")


def snapshot(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, to compare before and after a failed import."""
    with engine.connect() as conn:
        return {
            t.name: sorted(map(tuple, conn.execute(select(t)).all()), key=repr)
            for t in metadata.sorted_tables
            if t.name != "imports"
        }


def line_of(folder: Path, file: str, text: str) -> int:
    lines = (folder / file).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if text in line)


def fails(engine: Engine, folder: Path) -> InputError:
    before = snapshot(engine)
    with pytest.raises(InputError) as caught:
        import_folder(engine, folder)
    assert snapshot(engine) == before, "a failed import changed the database"
    return caught.value


def only_problem(error: InputError) -> tuple[str | None, int | None, str | None, str]:
    assert len(error.problems) == 1, str(error)
    p = error.problems[0]
    return p.file, p.row, p.column, p.message


CASES = [
    # (file, old text, new text, row marker, column, words in the message)
    ("reports.csv", "F1,1959-01-03,iron,2", "F1,1959-13-03,iron,2", "1959-13-03", "date", "date"),
    ("reports.csv", "F1,1959-01-04,iron,2", "F9,1959-01-04,iron,2", "F9,", "unit", "unknown unit"),
    (
        "reports.csv",
        "F1,1959-01-05,iron,2",
        "F1,1959-01-05,steel,2",
        "steel",
        "product",
        "unknown product",
    ),
    (
        "reports.csv",
        "F1,1959-01-06,iron,2,",
        "F1,1959-01-06,iron,-2,",
        ",-2,",
        "quantity",
        "negative",
    ),
    (
        "reports.csv",
        "F1,1959-01-07,iron,2,",
        "F1,1959-01-07,iron,two,",
        ",two,",
        "quantity",
        "not a number",
    ),
    (
        "reports.csv",
        "F1,1959-01-08,iron,2,2",
        "F1,1959-01-08,iron,2,5",
        ",2,5",
        "grade",
        "not one of the grades",
    ),
    (
        "reports.csv",
        "F3,1959-01-05,iron,10",
        "F3,1959-01-04,iron,10",
        "F3,1959-01-04",
        "date",
        "opened on 1959-01-05",
    ),
    (
        "units.csv",
        "F2,Furnace 2,二号炉,T-B-1",
        "F2,Furnace 2,二号炉,T-Z",
        "T-Z",
        "region",
        "unknown region",
    ),
    (
        "units.csv",
        "indigenous,iron,iron,2,1959",
        "backyard,iron,iron,2,1959",
        "backyard",
        "kind",
        "kind backyard",
    ),
    (
        "plans.csv",
        "T-A,iron,1959-01-01,1959-01-31,40",
        "T-A,iron,1959-01-31,1959-01-01,40",
        "1959-01-31,1959-01-01",
        "end",
        "ends before it starts",
    ),
    ("plans.csv", "T-A,iron", "T-Q,iron", "T-Q", "scope", "unknown scope"),
    ("products.csv", "150,1|2|3,2", "150,1|3|2,2", "1|3|2", "grades", "increasing"),
]


@pytest.mark.parametrize(("file", "old", "new", "marker", "column", "words"), CASES)
def test_bad_value_is_named_precisely(
    engine: Engine,
    tmp_path: Path,
    file: str,
    old: str,
    new: str,
    marker: str,
    column: str,
    words: str,
) -> None:
    folder = copy_folder(tmp_path)
    edit(folder, file, old, new)
    error = fails(engine, folder)
    got_file, row, got_column, message = only_problem(error)
    assert got_file == file
    assert row == line_of(folder, file, marker)
    assert got_column == column
    assert words in message


def test_region_cycle(engine: Engine, tmp_path: Path) -> None:
    folder = copy_folder(tmp_path)
    edit(folder, "regions.csv", "T,,province", "T,T-B-1,province")
    error = fails(engine, folder)
    _, row, column, message = only_problem(error)
    assert (row, column) == (2, "parent")
    assert "cycle" in message
    assert "T -> T-B -> T-B-1" in message or "T-B-1 -> T" in message


def test_report_id_reused_with_other_content_in_one_file(engine: Engine, tmp_path: Path) -> None:
    folder = copy_folder(tmp_path)
    append(folder, "reports.csv", "F1,1959-01-20,iron,1,2,,dup-1,,,")
    append(folder, "reports.csv", "F1,1959-01-21,iron,1,2,,dup-1,,,")
    error = fails(engine, folder)
    _, row, column, message = only_problem(error)
    assert row == line_of(folder, "reports.csv", "1959-01-21,iron,1,2,,dup-1")
    assert column == "report_id"
    assert "dup-1" in message


def test_report_id_reused_with_other_content_across_imports(engine: Engine, tmp_path: Path) -> None:
    folder = copy_folder(tmp_path)
    import_folder(engine, folder)
    edit(folder, "reports.csv", "F1-0115-fix", "F1-0115-fix-2")  # harmless: a new id
    edit(folder, "reports.csv", "4,2,,F1-0115-fix-2", "5,2,,F1-0115-fix")  # reused, other qty
    error = fails(engine, folder)
    assert any("F1-0115-fix" in p.message for p in error.problems), str(error)


def test_changed_report_without_id_is_refused(engine: Engine, tmp_path: Path) -> None:
    folder = copy_folder(tmp_path)
    import_folder(engine, folder)
    edit(folder, "reports.csv", "F1,1959-01-09,iron,2,", "F1,1959-01-09,iron,3,")
    error = fails(engine, folder)
    _, row, _, message = only_problem(error)
    assert row == line_of(folder, "reports.csv", "F1,1959-01-09,iron,3,")
    assert "correction" in message


def test_missing_column_and_file(engine: Engine, tmp_path: Path) -> None:
    folder = copy_folder(tmp_path)
    edit(folder, "units.csv", "code,name,name_zh,region", "code,name,name_zh,place")
    (folder / "products.csv").unlink()
    error = fails(engine, folder)
    messages = [str(p) for p in error.problems]
    assert any("products.csv" in m and "missing" in m for m in messages), messages
    assert any("units.csv" in m and "'region' is missing" in m for m in messages), messages


def test_many_problems_reported_at_once(engine: Engine, tmp_path: Path) -> None:
    folder = copy_folder(tmp_path)
    text = (folder / "reports.csv").read_text(encoding="utf-8")
    (folder / "reports.csv").write_text(text.replace(",iron,2,2,", ",iron,x,2,"), encoding="utf-8")
    error = fails(engine, folder)
    assert len(error.problems) + error.more == 31  # every one of F1's rows but the correction
    assert "31 problems" in str(error)


def test_correction_of_unknown_report(engine: Engine, tmp_path: Path) -> None:
    folder = copy_folder(tmp_path)
    edit(folder, "reports.csv", "F1|1959-01-15|iron|0", "F1|1959-01-15|iron|7")
    error = fails(engine, folder)
    _, _, column, message = only_problem(error)
    assert column == "supersedes"
    assert "no report" in message


def test_not_utf8(engine: Engine, tmp_path: Path) -> None:
    folder = copy_folder(tmp_path)
    (folder / "regions.csv").write_bytes(
        "code,parent,level,name\nT,,p,Test\xe9\n".encode("latin-1")
    )
    error = fails(engine, folder)
    assert "UTF-8" in str(error)


def test_a_failure_late_in_a_big_file_leaves_nothing(engine: Engine, tmp_path: Path) -> None:
    """The last of several report batches fails: the earlier batches are undone too."""
    folder = copy_folder(tmp_path)
    append(folder, "reports.csv", "F1,1959-02-01,iron,oops,2,,,,,")
    before = snapshot(engine)
    with pytest.raises(InputError):
        import_folder(engine, folder, batch_rows=20)
    assert snapshot(engine) == before


WESTBANK = DATA / "westbank"

WESTBANK_CASES = [
    ("trials.csv", "T1,sickle,batch", "T1,sickle,polished", "polished", "stage", "stage polished"),
    (
        "trials.csv",
        "T3,plough,succeeded,1960-01-25",
        "T3,plough,succeeded,1960-01-12",
        "T3,plough,succeeded",
        "date",
        "before its started step",
    ),
    (
        "trials.csv",
        "T3,plough,started,1960-01-15",
        "T3,plough,started,1960-01-02",
        "T3,plough,started",
        "date",
        "before the unit opened",
    ),
    (
        "inspections.csv",
        "W-1960-01,M1,1960-01-09",
        "W-1960-02,M1,1960-01-09",
        "W-1960-02",
        "campaign",
        "unknown campaign",
    ),
    ("workforce.csv", "T1,1960-01-16,35", "T1,1960-01-16,-3", "-3", "workers", "negative"),
    ("campaigns.csv", "W,1960-01-05", "X,1960-01-05", ",X,", "scope", "unknown scope"),
]


@pytest.mark.parametrize(("file", "old", "new", "marker", "column", "words"), WESTBANK_CASES)
def test_bad_operations_are_named_precisely(
    engine: Engine,
    tmp_path: Path,
    file: str,
    old: str,
    new: str,
    marker: str,
    column: str,
    words: str,
) -> None:
    folder = tmp_path / "folder"
    shutil.copytree(WESTBANK, folder)
    edit(folder, file, old, new)
    error = fails(engine, folder)
    got_file, row, got_column, message = only_problem(error)
    assert (got_file, got_column) == (file, column)
    assert row == line_of(folder, file, marker)
    assert words in message
