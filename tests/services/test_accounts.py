"""User accounts, API tokens, web sessions and the log-in limiter."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, event, func, select

from planworks.domain.access import Role
from planworks.domain.errors import InputError, NotFoundError
from planworks.services import accounts
from planworks.services.accounts import (
    LoginLimiter,
    add_user,
    authenticate,
    close_session,
    disable_user,
    issue_token,
    open_session,
    principal_for_token,
    revoke_token,
    session_principal,
    tokens,
    users,
)
from planworks.services.importing import import_folder
from planworks.store.tables import api_tokens, web_sessions
from planworks.store.tables import users as users_table
from tests.conftest import DATA

PASSWORD = "correct horse"
CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2 at its real cost takes 0.1 s a hash: too slow for many small tests."""
    monkeypatch.setattr(accounts, "password_hasher", CHEAP)


@pytest.fixture
def county(engine: Engine) -> Engine:
    """Regions T > T-A, T-B > T-B-1; units F1 (T-A), F2 (T-B-1), F3 (T-B), W1 (T-A)."""
    import_folder(engine, DATA / "tiny-county")
    return engine


def _columns(e: InputError) -> list[str | None]:
    return [p.column for p in e.problems]


@pytest.mark.parametrize(
    ("role", "region", "units"),
    [
        (Role.ADMIN, None, ()),
        (Role.PLANNER, "T", ()),
        (Role.STATISTICIAN, "T-B", ()),
        (Role.VIEWER, "T-B-1", ()),
        (Role.REPORTER, None, ("F1", "W1")),
    ],
)
def test_each_role_with_its_place_signs_in(
    county: Engine, role: Role, region: str | None, units: tuple[str, ...]
) -> None:
    added = add_user(county, "wang", PASSWORD, role, region=region, units=units)
    assert (added.name, added.role, added.region, added.units) == (
        "wang",
        role,
        region,
        frozenset(units),
    )
    assert authenticate(county, "wang", PASSWORD) == added


def test_the_role_may_be_given_by_name(county: Engine) -> None:
    assert add_user(county, "li", PASSWORD, "viewer", region="T").role is Role.VIEWER


@pytest.mark.parametrize(
    ("role", "region", "units", "columns"),
    [
        (Role.ADMIN, "T", (), ["region"]),
        (Role.ADMIN, None, ("F1",), ["units"]),
        (Role.PLANNER, None, (), ["region"]),
        (Role.STATISTICIAN, "T", ("F1",), ["units"]),
        (Role.VIEWER, None, ("F1",), ["region", "units"]),
        (Role.REPORTER, None, (), ["units"]),
        (Role.REPORTER, "T", ("F1",), ["region"]),
        (Role.PLANNER, "NOWHERE", (), ["region"]),
        (Role.REPORTER, None, ("F1", "F9", "X"), ["units", "units"]),
        ("boss", "T", (), ["role"]),
    ],
)
def test_the_place_must_fit_the_role(
    county: Engine,
    role: Role | str,
    region: str | None,
    units: tuple[str, ...],
    columns: list[str],
) -> None:
    with pytest.raises(InputError) as raised:
        add_user(county, "wang", PASSWORD, role, region=region, units=units)
    assert _columns(raised.value) == columns
    assert users(county) == []


def test_unknown_codes_are_named(county: Engine) -> None:
    with pytest.raises(InputError, match="'F9'") as raised:
        add_user(county, "wang", PASSWORD, Role.REPORTER, units=["F1", "F9"])
    assert "no unit has the code 'F9'" in str(raised.value)
    with pytest.raises(InputError, match="no region has the code 'X'"):
        add_user(county, "wang", PASSWORD, Role.VIEWER, region="X")


@pytest.mark.parametrize(
    ("name", "password", "columns"),
    [
        ("", PASSWORD, ["name"]),
        ("  ", PASSWORD, ["name"]),
        (" wang", PASSWORD, ["name"]),
        ("wang\n", PASSWORD, ["name"]),
        ("w" * 201, PASSWORD, ["name"]),
        ("wang", "1234567", ["password"]),
        ("wang", "", ["password"]),
        ("wang", "x" * 1025, ["password"]),
        ("", "short", ["name", "password"]),
    ],
)
def test_name_and_password_are_checked(
    engine: Engine, name: str, password: str, columns: list[str]
) -> None:
    with pytest.raises(InputError) as raised:
        add_user(engine, name, password, Role.ADMIN)
    assert _columns(raised.value) == columns


def test_eight_characters_are_enough(engine: Engine) -> None:
    add_user(engine, "wang", "12345678", Role.ADMIN)
    assert authenticate(engine, "wang", "12345678") is not None


def test_every_problem_at_once(county: Engine) -> None:
    with pytest.raises(InputError) as raised:
        add_user(county, "", "short", "boss", region="X", units=["F9"])
    assert _columns(raised.value) == ["name", "password", "role", "region", "units"]


def test_a_name_is_taken_once(county: Engine) -> None:
    add_user(county, "wang", PASSWORD, Role.ADMIN)
    with pytest.raises(InputError, match="'wang' is taken") as raised:
        add_user(county, "wang", "another password", Role.VIEWER, region="T")
    assert _columns(raised.value) == ["name"]
    assert [u.role for u in users(county)] == [Role.ADMIN]


def test_the_password_is_stored_as_an_argon2_hash(engine: Engine) -> None:
    add_user(engine, "wang", PASSWORD, Role.ADMIN)
    with engine.connect() as conn:
        stored = conn.execute(select(users_table.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored
    assert CHEAP.verify(stored, PASSWORD)


def test_wrong_password_and_unknown_name_are_refused(engine: Engine) -> None:
    add_user(engine, "wang", PASSWORD, Role.ADMIN)
    assert authenticate(engine, "wang", "wrong horse") is None
    assert authenticate(engine, "WANG", PASSWORD) is None
    assert authenticate(engine, "nobody", PASSWORD) is None


class CountingHasher(PasswordHasher):
    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=8, parallelism=1)
        self.verified: list[str] = []

    def verify(self, hash: str | bytes, password: str | bytes) -> Any:
        self.verified.append(str(hash))
        return super().verify(hash, password)


def test_an_unknown_name_costs_a_verification(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    hasher = CountingHasher()
    monkeypatch.setattr(accounts, "password_hasher", hasher)
    assert authenticate(engine, "nobody", PASSWORD) is None
    assert len(hasher.verified) == 1
    assert hasher.verified[0].startswith("$argon2id$")


def test_a_hash_with_old_settings_is_remade_at_log_in(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_user(engine, "wang", PASSWORD, Role.ADMIN)
    stronger = PasswordHasher(time_cost=2, memory_cost=16, parallelism=1)
    monkeypatch.setattr(accounts, "password_hasher", stronger)

    def stored() -> str:
        with engine.connect() as conn:
            return str(conn.execute(select(users_table.c.password_hash)).scalar_one())

    assert "t=1" in stored()
    assert authenticate(engine, "wang", "wrong horse") is None
    assert "t=1" in stored()  # not on a failed log-in
    assert authenticate(engine, "wang", PASSWORD) is not None
    assert "m=16,t=2,p=1" in stored()
    assert not stronger.check_needs_rehash(stored())
    assert authenticate(engine, "wang", PASSWORD) is not None


def test_a_disabled_user_cannot_sign_in(county: Engine) -> None:
    wang = add_user(county, "wang", PASSWORD, Role.REPORTER, units=["F1"])
    secret = issue_token(county, "wang", "laptop")
    session, _ = open_session(county, wang)
    disable_user(county, "wang")
    assert authenticate(county, "wang", PASSWORD) is None
    assert principal_for_token(county, secret) is None
    assert session_principal(county, session) is None
    with pytest.raises(InputError, match="disabled"):
        issue_token(county, "wang", "another")
    (listed,) = users(county)
    assert listed.disabled


def test_unknown_users_are_not_found(engine: Engine) -> None:
    for call in (
        lambda: disable_user(engine, "nobody"),
        lambda: issue_token(engine, "nobody", "x"),
        lambda: revoke_token(engine, "nobody", "x"),
        lambda: tokens(engine, "nobody"),
    ):
        with pytest.raises(NotFoundError, match="no user is named 'nobody'"):
            call()


def test_a_token_is_shown_once_and_stored_as_its_digest(county: Engine) -> None:
    wang = add_user(county, "wang", PASSWORD, Role.PLANNER, region="T-B")
    secret = issue_token(county, "wang", "laptop")
    assert secret.startswith("pwt_")
    assert len(secret) > 40
    with county.connect() as conn:
        (stored,) = conn.execute(select(api_tokens.c.token_hash)).scalars()
    assert stored == hashlib.sha256(secret.encode()).hexdigest()
    assert principal_for_token(county, secret) == wang
    assert issue_token(county, "wang", "server") != secret


@pytest.mark.parametrize("wrong", ["", "pwt_", "pwt_nope", "Bearer pwt_x", "nope"])
def test_an_unknown_token_is_refused(engine: Engine, wrong: str) -> None:
    add_user(engine, "wang", PASSWORD, Role.ADMIN)
    secret = issue_token(engine, "wang", "laptop")
    assert principal_for_token(engine, wrong) is None
    assert principal_for_token(engine, secret[:-1]) is None


def test_a_revoked_token_stops_working(engine: Engine) -> None:
    wang = add_user(engine, "wang", PASSWORD, Role.ADMIN)
    laptop = issue_token(engine, "wang", "laptop")
    server = issue_token(engine, "wang", "server")
    revoke_token(engine, "wang", "laptop")
    assert principal_for_token(engine, laptop) is None
    assert principal_for_token(engine, server) == wang
    assert [t.label for t in tokens(engine, "wang")] == ["server"]
    with pytest.raises(NotFoundError, match="no token labelled 'laptop'"):
        revoke_token(engine, "wang", "laptop")
    again = issue_token(engine, "wang", "laptop")  # the label is free again
    assert principal_for_token(engine, again) == wang
    assert principal_for_token(engine, laptop) is None


def test_labels_are_one_per_live_token(engine: Engine) -> None:
    add_user(engine, "wang", PASSWORD, Role.ADMIN)
    add_user(engine, "li", PASSWORD, Role.ADMIN)
    issue_token(engine, "wang", "laptop")
    issue_token(engine, "li", "laptop")  # another user's labels are theirs
    with pytest.raises(InputError, match="has a token labelled 'laptop'") as raised:
        issue_token(engine, "wang", "laptop")
    assert _columns(raised.value) == ["label"]
    with pytest.raises(InputError) as raised:
        issue_token(engine, "wang", " ")
    assert _columns(raised.value) == ["label"]


def _last_used(engine: Engine) -> datetime | None:
    with engine.connect() as conn:
        found = conn.execute(select(api_tokens.c.last_used_at)).scalar_one()
    return None if found is None else found.replace(tzinfo=found.tzinfo or UTC)


def test_the_last_use_is_written_at_most_once_a_minute(engine: Engine) -> None:
    add_user(engine, "wang", PASSWORD, Role.ADMIN)
    secret = issue_token(engine, "wang", "laptop")
    assert _last_used(engine) is None
    t0 = datetime(2030, 1, 1, 8, 0, tzinfo=UTC)
    assert principal_for_token(engine, secret, now=t0) is not None
    assert _last_used(engine) == t0
    principal_for_token(engine, secret, now=t0 + timedelta(seconds=59))
    assert _last_used(engine) == t0
    principal_for_token(engine, secret, now=t0 + timedelta(seconds=61))
    assert _last_used(engine) == t0 + timedelta(seconds=61)
    (listed,) = tokens(engine, "wang")
    assert listed.last_used_at == t0 + timedelta(seconds=61)


@pytest.fixture
def statements(county: Engine) -> Iterator[list[str]]:
    """The SQL statements the engine runs (transaction control left out)."""
    seen: list[str] = []

    def record(*args: Any) -> None:
        statement = str(args[2]).lstrip().upper()
        if not statement.startswith(("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA")):
            seen.append(statement)

    event.listen(county, "before_cursor_execute", record)
    yield seen
    event.remove(county, "before_cursor_execute", record)


def test_a_token_costs_one_query_and_a_reporter_s_two(
    county: Engine, statements: list[str]
) -> None:
    add_user(county, "boss", PASSWORD, Role.ADMIN)
    add_user(county, "wang", PASSWORD, Role.REPORTER, units=["F1", "F2"])
    boss, wang = issue_token(county, "boss", "a"), issue_token(county, "wang", "a")
    now = datetime.now(UTC)
    principal_for_token(county, boss, now=now)
    principal_for_token(county, wang, now=now)
    statements.clear()
    assert principal_for_token(county, boss, now=now) is not None
    assert len(statements) == 1
    statements.clear()
    found = principal_for_token(county, wang, now=now)
    assert found is not None
    assert found.units == {"F1", "F2"}
    assert len(statements) == 2
    assert all(s.startswith("SELECT") for s in statements)


def test_a_session_lasts_its_hours(county: Engine) -> None:
    wang = add_user(county, "wang", PASSWORD, Role.STATISTICIAN, region="T")
    t0 = datetime(2030, 1, 1, 8, 0, tzinfo=UTC)
    secret, csrf = open_session(county, wang, now=t0)
    assert secret != csrf
    assert session_principal(county, secret, now=t0) == (wang, csrf)
    assert session_principal(county, secret, now=t0 + timedelta(hours=11.9)) == (wang, csrf)
    assert session_principal(county, secret, now=t0 + timedelta(hours=12)) is None
    short, _ = open_session(county, wang, hours=1, now=t0)
    assert session_principal(county, short, now=t0 + timedelta(minutes=59)) is not None
    assert session_principal(county, short, now=t0 + timedelta(minutes=61)) is None


def test_a_session_is_stored_as_its_digest_and_closes(county: Engine) -> None:
    wang = add_user(county, "wang", PASSWORD, Role.REPORTER, units=["F2"])
    secret, _ = open_session(county, wang)
    other, _ = open_session(county, wang)
    with county.connect() as conn:
        hashes = set(conn.execute(select(web_sessions.c.token_hash)).scalars())
    assert hashlib.sha256(secret.encode()).hexdigest() in hashes
    assert secret not in hashes
    close_session(county, secret)
    close_session(county, secret)  # twice: nothing happens
    assert session_principal(county, secret) is None
    assert session_principal(county, other) is not None
    assert session_principal(county, "made up") is None


def test_expired_sessions_are_swept(engine: Engine) -> None:
    wang = add_user(engine, "wang", PASSWORD, Role.ADMIN)
    t0 = datetime(2030, 1, 1, 8, 0, tzinfo=UTC)
    open_session(engine, wang, hours=1, now=t0)
    open_session(engine, wang, hours=24, now=t0)
    open_session(engine, wang, now=t0 + timedelta(hours=2))
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(web_sessions)).scalar_one() == 2


def test_a_session_needs_hours(engine: Engine) -> None:
    wang = add_user(engine, "wang", PASSWORD, Role.ADMIN)
    with pytest.raises(InputError):
        open_session(engine, wang, hours=0)


def test_users_are_listed_by_name(county: Engine) -> None:
    add_user(county, "wang", PASSWORD, Role.REPORTER, units=["W1", "F1"])
    add_user(county, "li", PASSWORD, Role.PLANNER, region="T-A")
    add_user(county, "admin", PASSWORD, Role.ADMIN)
    issue_token(county, "li", "laptop")
    issue_token(county, "li", "server")
    revoke_token(county, "li", "laptop")
    disable_user(county, "admin")
    listed = users(county)
    assert [(u.name, u.role, u.region, u.units, u.tokens, u.disabled) for u in listed] == [
        ("admin", Role.ADMIN, None, frozenset(), (), True),
        ("li", Role.PLANNER, "T-A", frozenset(), ("server",), False),
        ("wang", Role.REPORTER, None, frozenset({"F1", "W1"}), (), False),
    ]
    assert all(u.created_at.tzinfo is not None for u in listed)
    assert all(abs(datetime.now(UTC) - u.created_at) < timedelta(minutes=5) for u in listed)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_limiter_refuses_for_the_rest_of_the_window() -> None:
    clock = FakeClock()
    limiter = LoginLimiter(attempts=5, window_s=60, clock=clock)
    key = ("wang", "10.0.0.1")
    for _ in range(4):
        assert limiter.check(key) == 0
        limiter.failed(key)
        clock.now += 1
    assert limiter.check(key) == 0
    limiter.failed(key)  # the fifth, at 1004
    assert limiter.check(key) == pytest.approx(56)  # the first (1000) leaves at 1060
    assert limiter.check(("wang", "10.0.0.2")) == 0  # another key is another count
    clock.now = 1059.5
    assert limiter.check(key) == pytest.approx(0.5)
    clock.now = 1060
    assert limiter.check(key) == 0  # one failure has left the window: one more try
    limiter.failed(key)
    assert limiter.check(key) == pytest.approx(1)  # the second (1001) leaves at 1061
    clock.now = 1200
    assert limiter.check(key) == 0


def test_a_success_forgets_the_failures() -> None:
    clock = FakeClock()
    limiter = LoginLimiter(attempts=3, window_s=10, clock=clock)
    for _ in range(2):
        limiter.failed("wang")
    limiter.succeeded("wang")
    limiter.succeeded("nobody")
    for _ in range(2):
        limiter.failed("wang")
    assert limiter.check("wang") == 0
    limiter.failed("wang")
    assert limiter.check("wang") == pytest.approx(10)


def test_the_limiter_forgets_old_keys() -> None:
    clock = FakeClock()
    limiter = LoginLimiter(attempts=2, window_s=1, clock=clock)
    for i in range(3000):
        limiter.failed(i)
        clock.now += 0.01
    assert len(limiter._failures) < 2048


def test_the_limiter_is_thread_safe() -> None:
    limiter = LoginLimiter(attempts=1000, window_s=3600)

    def fail() -> None:
        for _ in range(100):
            limiter.failed("wang")
            limiter.check("wang")

    threads = [threading.Thread(target=fail) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert limiter.check("wang") == 0  # 800 < 1000
    for _ in range(200):
        limiter.failed("wang")
    assert limiter.check("wang") > 3500


def test_the_limiter_needs_a_sensible_setting() -> None:
    with pytest.raises(ValueError, match="attempts"):
        LoginLimiter(attempts=0)
