"""The command line, as a user types it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planworks.cli import app, main
from tests.conftest import DATA

runner = CliRunner()
DOCS = Path(__file__).parents[1] / "docs" / "cli.md"
JSON_KEYS = {
    "scope",
    "product",
    "start",
    "end",
    "target",
    "cumulative",
    "fulfilment_pct",
    "completion_date",
    "days_ahead",
    "overfulfilment_pct",
    "expected_to_date",
    "ahead_days",
    "growth_yoy_pct",
    "growth_prev_pct",
}


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def loaded(db_url: str) -> str:
    assert run("init", "--db", db_url)[0] == 0
    code, out, _ = run("import", str(DATA / "tiny-county"), "--db", db_url)
    assert code == 0, out
    return db_url


def test_status_json_has_every_key(loaded: str) -> None:
    code, out, _ = run("status", "--db", loaded, "--json")
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == 4  # every plan
    assert all(set(r) >= JSON_KEYS for r in rows)
    (iron,) = [r for r in rows if (r["scope"], r["product"]) == ("T", "iron")]
    assert (iron["completion_date"], iron["days_ahead"], iron["target"]) == ("1959-01-30", 1, 300)


def test_status_of_one_period_and_of_actuals(loaded: str) -> None:
    code, out, _ = run(
        "status", "T", "--product", "iron", "--period", "1959-01", "--db", loaded, "--json"
    )
    assert code == 0
    assert [r["cumulative"] for r in json.loads(out)] == [307.0]
    code, out, _ = run(
        "status",
        "T-B",
        "--product",
        "iron",
        "--start",
        "1959-01-01",
        "--end",
        "1959-01-31",
        "--db",
        loaded,
        "--json",
    )
    (row,) = json.loads(out)
    assert (row["target"], row["cumulative"], row["fulfilment_pct"]) == (None, 243.0, None)


def test_status_table(loaded: str) -> None:
    code, out, _ = run("status", "--db", loaded)
    assert code == 0
    assert "01-30 +1d" in out
    assert "T iron 1959-01" in out


def test_bad_input_is_an_error_message_not_a_traceback(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run("init", "--db", db_url)
    folder = tmp_path / "bad"
    folder.mkdir()
    for f in (DATA / "tiny-county").iterdir():
        (folder / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    text = (folder / "reports.csv").read_text(encoding="utf-8")
    (folder / "reports.csv").write_text(
        text.replace("F1,1959-01-03,iron,2,", "F1,1959-01-03,iron,x,")
    )
    with pytest.raises(SystemExit) as exited:
        main(["import", str(folder), "--db", db_url])
    assert exited.value.code == 1
    err = capsys.readouterr().err
    lines = (folder / "reports.csv").read_text(encoding="utf-8").splitlines()
    row = next(i for i, line in enumerate(lines, 1) if "iron,x," in line)
    assert f"reports.csv, row {row}, column quantity: 'x' is not a number" in err
    assert "Traceback" not in err


def test_period_options_are_checked(loaded: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["status", "T", "--start", "1959-01-01", "--db", loaded])
    assert "both --start and --end" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["status", "T", "--period", "1959-13", "--db", loaded])
    assert "not a period" in capsys.readouterr().err


def test_uninitialised_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["status", "--db", str(tmp_path / "new.db")])
    assert "planworks init" in capsys.readouterr().err


def test_scenario_list() -> None:
    code, out, _ = run("scenario", "list")
    assert code == 0
    assert "hebei-cement-1960" in out
    assert "henan-steel-1958" in out


def _commands() -> list[tuple[str, ...]]:
    import typer.main

    root = typer.main.get_command(app)
    found = []
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        subs = getattr(command, "commands", None)
        if subs:
            found += [(name, sub) for sub in subs]
        else:
            found.append((name,))
    return found


@pytest.mark.parametrize("command", _commands(), ids=" ".join)
def test_every_command_has_help_and_is_documented(command: tuple[str, ...]) -> None:
    code, out, _ = run(*command, "--help")
    assert code == 0
    assert "Usage" in out
    heading = re.compile(rf"^#+ .*`planworks {' '.join(command)}\b", re.MULTILINE)
    assert heading.search(DOCS.read_text(encoding="utf-8")), f"{command} is not in docs/cli.md"


@pytest.mark.parametrize(
    "command",
    [c for c in _commands() if c not in {("scenario", "list"), ("scenario", "synth")}],
    ids=" ".join,
)
def test_every_database_command_takes_db(command: tuple[str, ...]) -> None:
    assert "--db" in run(*command, "--help")[1]


@pytest.fixture
def chain_db(db_url: str) -> str:
    assert run("scenario", "load", "chain-1960", "--db", db_url)[0] == 0
    return db_url


def test_plan_weaklinks_json(chain_db: str) -> None:
    code, out, _ = run(
        "plan", "weaklinks", "CN-JX", "--period", "1960-05", "--db", chain_db, "--json"
    )
    assert code == 0
    top = json.loads(out)[0]
    assert {"kind", "region", "product", "source", "target", "value"} <= set(top)
    assert (top["kind"], top["source"], top["target"]) == ("transport", "CN-JX-YC", "CN-JX-JA")
    assert top["value"] == pytest.approx(1 / 3.25)


def test_plan_solve_balance_and_whatif(chain_db: str) -> None:
    code, out, _ = run("plan", "solve", "CN-JX", "--period", "1960-05", "--db", chain_db, "--json")
    assert code == 0
    plan = json.loads(out)
    assert plan["targets"][0]["shortfall"] == pytest.approx(620)
    assert [c["name"] for c in plan["chain"] if c["binds"]] == [
        "Yichun Prefecture -> Ji'an Prefecture (rail)"
    ]
    code, out, _ = run(
        "plan", "balance", "CN-JX", "--period", "1960-05", "--db", chain_db, "--json"
    )
    assert code == 0
    assert {line["product"] for line in json.loads(out)} >= {"coal", "rolled-steel"}
    code, out, _ = run(
        "plan",
        "whatif",
        "CN-JX",
        "--period",
        "1960-05",
        "--add-link",
        "CN-JX-YC:CN-JX-JA:rail:100",
        "--db",
        chain_db,
    )
    assert code == 0
    assert "every target met" in out


def test_plan_breakdown_saves(chain_db: str) -> None:
    code, out, _ = run(
        "plan",
        "breakdown",
        "CN-JX",
        "--product",
        "rolled-steel",
        "--into",
        "dekads",
        "--period",
        "1960-05",
        "--save",
        "--db",
        chain_db,
        "--json",
    )
    assert code == 0
    assert [p["target"] for p in json.loads(out)] == pytest.approx([1000, 1000, 1100])
    code, out, _ = run("status", "CN-JX", "--db", chain_db, "--json")
    assert len(json.loads(out)) == 4  # the month and its three ten-day parts


def test_plan_io(chain_db: str) -> None:
    code, out, _ = run(
        "plan",
        "io",
        "CN-JX",
        "--period",
        "1960-05",
        "--demand",
        "rolled-steel=3100",
        "--db",
        chain_db,
        "--json",
    )
    assert code == 0
    rows = {r["product"]: r for r in json.loads(out)}
    assert rows["coal"]["gross_output"] == pytest.approx(3100 * 3.25)
    assert rows["rolled-steel"]["multiplier"] == pytest.approx(10.0)


@pytest.fixture
def westbank_db(db_url: str) -> str:
    assert run("init", "--db", db_url)[0] == 0
    code, out, _ = run("import", str(DATA / "westbank"), "--db", db_url)
    assert code == 0, out
    return db_url


def test_bulletin(westbank_db: str) -> None:
    code, out, _ = run("bulletin", "W", "--period", "1960-01", "--lang", "zh", "--db", westbank_db)
    assert code == 0
    assert "试制成功了三种新产品" in out
    code, out, _ = run("bulletin", "W", "--db", westbank_db, "--explain")  # the last month
    assert code == 0
    assert "Westbank: January (as of 31 January 1960)" in out
    assert "problems found: W 1960-01" in out
    code, out, _ = run("bulletin", "W", "--period", "1960-01", "--json", "--db", westbank_db)
    assert code == 0
    written = json.loads(out)
    assert written["title"]["zh"].startswith("西岸县1月份生产简报")
    figures = {f["query"]: f["value"] for s in written["sentences"] for f in s["figures"]}
    assert figures["inspectors: W 1960-01"] == 12
    assert figures["% of plan: W value 1960-01"] == pytest.approx(82.0125)


def test_bulletin_language_is_checked(westbank_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["bulletin", "W", "--lang", "fr", "--db", westbank_db])
    assert exited.value.code == 1
    assert "'fr' is not a language: en or zh" in capsys.readouterr().err
