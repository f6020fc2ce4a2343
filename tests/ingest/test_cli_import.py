"""`planworks import` as people see it: the summary table, and problems on stderr."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from planworks.cli import app
from tests.conftest import DATA
from tests.ingest.test_import_errors import append, edit, line_of

runner = CliRunner()


def summary_rows(text: str) -> dict[str, tuple[str, str, str]]:
    """file -> (new, changed, unchanged) from the import's table."""
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.split("│")]
        if len(cells) == 6:
            rows[cells[1]] = (cells[2], cells[3], cells[4])
    return rows


def test_the_summary_has_every_file_and_what_was_unchanged(db_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "westbank"
    shutil.copytree(DATA / "westbank", folder)
    (folder / "stocks.csv").write_text(
        "region,product,date,quantity\nW,pork,1960-01-01,5\n", encoding="utf-8"
    )
    assert runner.invoke(app, ["init", "--db", db_url]).exit_code == 0
    first = runner.invoke(app, ["import", str(folder), "--db", db_url])
    assert first.exit_code == 0, first.output
    rows = summary_rows(first.stdout)
    assert rows["trials"] == ("8", "0", "0")
    assert rows["campaigns"] == ("1", "0", "0")
    assert rows["inspections"] == ("8", "0", "0")
    assert rows["workforce"] == ("3", "0", "0")
    assert rows["stocks"] == ("1", "0", "0")
    assert rows["units"] == ("4", "0", "0")

    edit(folder, "units.csv", "Repair co-op", "Repair co-operative")
    again = runner.invoke(app, ["import", str(folder), "--db", db_url])
    assert again.exit_code == 0, again.output
    rows = summary_rows(again.stdout)
    assert rows["units"] == ("0", "1", "3")
    assert rows["regions"] == ("0", "0", "3")
    assert rows["products"] == ("0", "0", "8")
    assert rows["recipes"] == ("0", "0", "5")
    assert rows["plans"] == ("0", "0", "2")
    assert rows["trials"] == ("0", "0", "8")
    assert rows["campaigns"] == ("0", "0", "1")
    assert rows["inspections"] == ("0", "0", "8")
    assert rows["workforce"] == ("0", "0", "3")
    assert rows["stocks"] == ("0", "0", "1")
    assert rows["reports"][2] == "231"


def test_each_problem_is_one_line_on_a_piped_stderr(tmp_path: Path) -> None:
    """Problems longer than 80 columns are not wrapped when stderr is not a terminal."""
    folder = tmp_path / "bad"
    shutil.copytree(DATA / "tiny-county", folder)
    append(folder, "reports.csv", "F3,1959-01-25,iron,1,2,,,,,")
    append(folder, "reports.csv", "F3,1959-01-26,iron,-1,2,,,,,")
    db = tmp_path / "cli.db"
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}

    def planworks(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", "from planworks.cli import main; main()", *args],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )

    assert planworks("init", "--db", str(db)).returncode == 0
    done = planworks("import", str(folder), "--db", str(db))
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    closed = line_of(folder, "reports.csv", "F3,1959-01-25")
    expected = (
        f"  reports.csv, row {closed}, column date: unit F3 closed on 1959-01-20; "
        "it cannot report for 1959-01-25"
    )
    assert len(expected) > 80
    assert expected in lines, done.stderr
    assert sum(line.startswith("  reports.csv, row ") for line in lines) == 3, done.stderr
