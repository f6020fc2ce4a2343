"""`planworks user`: accounts and API tokens from the command line."""

from __future__ import annotations

import json

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine
from typer.testing import CliRunner

from planworks.cli import app, main
from planworks.services import accounts
from planworks.services.accounts import authenticate, principal_for_token
from tests.conftest import DATA

runner = CliRunner()
PASSWORD = "correct horse"


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        accounts, "password_hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    )
    monkeypatch.setenv("PLANWORKS_PASSWORD", PASSWORD)


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def county(engine: Engine, db_url: str) -> str:
    code, out, _ = run("import", str(DATA / "tiny-county"), "--db", db_url)
    assert code == 0, out
    return db_url


def test_add_users_of_each_kind(county: str, engine: Engine) -> None:
    code, out, _ = run("user", "add", "boss", "--role", "admin", "--db", county)
    assert (code, out.strip()) == (0, "added boss: admin, everywhere")
    code, out, _ = run("user", "add", "li", "--role", "planner", "--region", "T-B", "--db", county)
    assert (code, out.strip()) == (0, "added li: planner, T-B")
    code, out, _ = run(
        "user", "add", "wang", "--role", "reporter", "--unit", "F2", "--unit", "F1", "--db", county
    )
    assert (code, out.strip()) == (0, "added wang: reporter, F1, F2")
    wang = authenticate(engine, "wang", PASSWORD)
    assert wang is not None
    assert wang.units == {"F1", "F2"}


def test_the_password_is_asked_for_twice_when_not_in_the_environment(
    county: str, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PLANWORKS_PASSWORD")
    code, out, _ = run(
        "user", "add", "boss", "--role", "admin", "--db", county, stdin="typed pw\ntyped pw\n"
    )
    assert code == 0, out
    assert "typed pw" not in out  # hidden
    assert authenticate(engine, "boss", "typed pw") is not None
    code, out, _ = run(
        "user", "add", "li", "--role", "admin", "--db", county, stdin="one thing\nanother\n"
    )
    assert code != 0  # the two differ: asked again, and the input ran out
    assert authenticate(engine, "li", "one thing") is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "planner"], "column region: a planner needs a region"),
        (["--role", "reporter", "--region", "T"], "column region: a reporter has units"),
        (["--role", "viewer", "--region", "NOWHERE"], "no region has the code 'NOWHERE'"),
        (["--role", "reporter", "--unit", "F9"], "column units: no unit has the code 'F9'"),
    ],
)
def test_add_refuses_a_place_that_does_not_fit(
    county: str, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["user", "add", "wang", *args, "--db", county])
    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_a_short_password_and_a_taken_name_are_refused(
    county: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("user", "add", "boss", "--role", "admin", "--db", county)[0] == 0
    with pytest.raises(SystemExit):
        main(["user", "add", "boss", "--role", "admin", "--db", county])
    assert "column name: 'boss' is taken" in capsys.readouterr().err
    monkeypatch.setenv("PLANWORKS_PASSWORD", "short")
    with pytest.raises(SystemExit):
        main(["user", "add", "li", "--role", "admin", "--db", county])
    assert "column password: at least 8 characters" in capsys.readouterr().err


def test_an_unknown_role_is_a_usage_error(county: str) -> None:
    code, _, err = run("user", "add", "wang", "--role", "boss", "--db", county)
    assert code == 2
    assert "'boss' is not one of" in err


def test_a_token_is_printed_once(county: str, engine: Engine) -> None:
    run("user", "add", "boss", "--role", "admin", "--db", county)
    code, out, err = run("user", "token", "boss", "--label", "laptop", "--db", county)
    assert code == 0
    (secret,) = out.split()
    assert secret.startswith("pwt_")
    assert "will not be shown again" in err
    principal = principal_for_token(engine, secret)
    assert principal is not None
    assert principal.name == "boss"
    code, out, _ = run("user", "list", "--db", county)
    assert secret not in out
    assert "laptop" in out
    code, out, _ = run("user", "revoke", "boss", "--label", "laptop", "--db", county)
    assert (code, out.strip()) == (0, "revoked the token 'laptop' of boss")
    assert principal_for_token(engine, secret) is None


def test_token_errors(county: str, capsys: pytest.CaptureFixture[str]) -> None:
    run("user", "add", "boss", "--role", "admin", "--db", county)
    assert run("user", "token", "boss", "--db", county)[0] == 0  # labelled "default"
    with pytest.raises(SystemExit):
        main(["user", "token", "boss", "--db", county])
    assert "has a token labelled 'default'" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["user", "token", "nobody", "--db", county])
    assert "no user is named 'nobody'" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["user", "revoke", "boss", "--label", "laptop", "--db", county])
    assert "no token labelled 'laptop'" in capsys.readouterr().err


def test_list_as_a_table_and_as_json(county: str) -> None:
    code, out, _ = run("user", "list", "--db", county)
    assert (code, out.strip()) == (
        0,
        "no users: add one with `planworks user add NAME --role admin`",
    )
    run("user", "add", "wang", "--role", "reporter", "--unit", "F1", "--unit", "W1", "--db", county)
    run("user", "add", "li", "--role", "viewer", "--region", "T-A", "--db", county)
    run("user", "token", "li", "--label", "phone", "--db", county)
    run("user", "disable", "wang", "--db", county)
    code, out, _ = run("user", "list", "--db", county)
    assert code == 0
    lines = out.splitlines()
    (li,) = [line for line in lines if line.lstrip().startswith("li ")]
    assert li.split()[:4] == ["li", "viewer", "T-A", "phone"]
    (wang,) = [line for line in lines if line.lstrip().startswith("wang ")]
    assert "F1, W1" in wang
    assert wang.rstrip().endswith("disabled")
    code, out, _ = run("user", "list", "--db", county, "--json")
    listed = {u["name"]: u for u in json.loads(out)}
    assert listed["li"]["tokens"] == ["phone"]
    assert (listed["wang"]["units"], listed["wang"]["disabled"]) == (["F1", "W1"], True)
    assert listed["li"]["created_at"].startswith("20")


def test_a_disabled_user_cannot_sign_in(
    county: str, engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    run("user", "add", "boss", "--role", "admin", "--db", county)
    _, secret, _ = run("user", "token", "boss", "--db", county)
    code, out, _ = run("user", "disable", "boss", "--db", county)
    assert (code, out.strip()) == (0, "disabled boss")
    assert authenticate(engine, "boss", PASSWORD) is None
    assert principal_for_token(engine, secret.strip()) is None
    with pytest.raises(SystemExit) as exited:
        main(["user", "disable", "nobody", "--db", county])
    assert exited.value.code == 1
    assert "no user is named 'nobody'" in capsys.readouterr().err
