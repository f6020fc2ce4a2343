"""User accounts: who may sign in, as what and where; their API tokens and web sessions.

A user has a role (see `planworks.domain.access`) and, by the role, a place: admins
none, planners, statisticians and viewers one region (its whole subtree), reporters one
or more units. A signed-in user is a `Principal`.

Secrets are kept only as what cannot be turned back into them:

- passwords as argon2id hashes (`password_hasher`); a hash made with weaker settings is
  replaced at the next successful log-in;
- API tokens (`pwt_...`, shown once when issued) as their SHA-256: a token is random
  enough that a fast digest is safe, and it is looked up on every API request;
- web sessions (the cookie) as their SHA-256, with a CSRF token for the forms.

`LoginLimiter` slows down password guessing: a few failures per key (a name and an
address), then nothing but refusals for the rest of the window.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import IntegrityError

from planworks.domain.access import Principal, Role
from planworks.domain.errors import InputError, InputProblem, NotFoundError
from planworks.store import accounts as rows
from planworks.store.engine import writing
from planworks.store.migrate import require_current

__all__ = [
    "MIN_PASSWORD_CHARS",
    "TOKEN_PREFIX",
    "LoginLimiter",
    "TokenInfo",
    "UserInfo",
    "add_user",
    "authenticate",
    "close_session",
    "disable_user",
    "issue_token",
    "open_session",
    "principal_for_token",
    "revoke_token",
    "session_principal",
    "set_password",
    "tokens",
    "users",
]

TOKEN_PREFIX = "pwt_"
MIN_PASSWORD_CHARS = 8
MAX_PASSWORD_CHARS = 1024  # argon2 takes any length; a megabyte "password" is an attack
MAX_NAME_CHARS = 200  # users.name, api_tokens.label
#: a token's last use is written at most this often: reads stay reads
TOUCH_EVERY = timedelta(minutes=1)

#: argon2id with the library's defaults (RFC 9106's second recommendation); tests swap
#: in a cheaper one.
password_hasher = PasswordHasher()


@dataclass(frozen=True)
class TokenInfo:
    """An API token, without its secret."""

    label: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


@dataclass(frozen=True)
class UserInfo:
    """A user as listed: no password hash, the labels of its live tokens."""

    name: str
    role: Role
    region: str | None
    units: frozenset[str]
    created_at: datetime
    disabled: bool
    tokens: tuple[str, ...]


def _now() -> datetime:
    return datetime.now(UTC)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _principal(user: rows.UserRow, units: frozenset[str]) -> Principal:
    return Principal(user.id, user.name, Role(user.role), region=user.region, units=units)


def _reporter_units(conn: Connection, user: rows.UserRow) -> frozenset[str]:
    """A reporter's units (no query for the other roles, which have none)."""
    if user.role != Role.REPORTER:
        return frozenset()
    return rows.user_unit_codes(conn, user.id)


@cache
def _dummy_hash(hasher: PasswordHasher) -> str:
    """A hash to verify against when the name is unknown, so that a log-in takes as long
    whether or not the user exists."""
    return hasher.hash(secrets.token_urlsafe(16))


def _role(role: Role | str) -> Role | None:
    try:
        return Role(role)
    except ValueError:
        return None


def _place_problems(role: Role, region: str | None, units: Sequence[str]) -> list[InputProblem]:
    """What is wrong with the place given for the role (see the module's docstring)."""
    problems = []
    if role is Role.ADMIN:
        if region is not None:
            problems.append(InputProblem("an admin has no region: it sees all", column="region"))
        if units:
            problems.append(InputProblem("an admin has no units: it sees all", column="units"))
    elif role.needs_region:
        if region is None:
            problems.append(InputProblem(f"a {role} needs a region", column="region"))
        if units:
            problems.append(InputProblem(f"a {role} has a region, not units", column="units"))
    else:
        if region is not None:
            problems.append(InputProblem(f"a {role} has units, not a region", column="region"))
        if not units:
            problems.append(InputProblem(f"a {role} needs one or more units", column="units"))
    return problems


def _name_problems(name: str, column: str) -> list[InputProblem]:
    if not name.strip():
        return [InputProblem(f"give a {column}", column=column)]
    if name != name.strip():
        return [InputProblem(f"{name!r} starts or ends with a space", column=column)]
    if len(name) > MAX_NAME_CHARS or not name.isprintable():
        return [
            InputProblem(
                f"at most {MAX_NAME_CHARS} printable characters, no control ones", column=column
            )
        ]
    return []


def add_user(
    engine: Engine,
    name: str,
    password: str,
    role: Role | str,
    *,
    region: str | None = None,
    units: Sequence[str] = (),
) -> Principal:
    """Add a user, with its region (planner, statistician, viewer) or units (reporter).

    Every problem is reported at once, as an `InputError` whose problems name the field:
    name (empty, taken), password (shorter than `MIN_PASSWORD_CHARS`), role, region and
    units (unknown codes, or not what the role needs).
    """
    name_problems = _name_problems(name, "name")
    problems = list(name_problems)
    if len(password) < MIN_PASSWORD_CHARS:
        problems.append(
            InputProblem(f"at least {MIN_PASSWORD_CHARS} characters, please", column="password")
        )
    elif len(password) > MAX_PASSWORD_CHARS:
        problems.append(InputProblem(f"at most {MAX_PASSWORD_CHARS} characters", column="password"))
    chosen = _role(role)
    if chosen is None:
        known = ", ".join(r.value for r in Role)
        problems.append(InputProblem(f"{role!r} is not a role ({known})", column="role"))
    unit_codes = list(dict.fromkeys(units))  # in the order given, once each
    if chosen is not None:
        problems += _place_problems(chosen, region, unit_codes)
    require_current(engine)
    with engine.connect() as conn:
        if not name_problems and rows.user_by_name(conn, name) is not None:
            problems.append(InputProblem(f"{name!r} is taken", column="name"))
        region_id = None
        if region is not None:
            region_id = rows.region_ids(conn, [region]).get(region)
            if region_id is None:
                problems.append(InputProblem(f"no region has the code {region!r}", column="region"))
        found = rows.unit_ids(conn, unit_codes)
    problems += [
        InputProblem(f"no unit has the code {code!r}", column="units")
        for code in unit_codes
        if code not in found
    ]
    if problems or chosen is None:
        raise InputError(problems)
    password_hash = password_hasher.hash(password)  # slow on purpose: outside the write
    try:
        with writing(engine) as conn:
            user_id = rows.insert_user(
                conn,
                name=name,
                password_hash=password_hash,
                role=chosen.value,
                region_id=region_id,
                unit_ids=[found[code] for code in unit_codes],
                at=_now(),
            )
    except IntegrityError:  # added by someone else since we looked
        raise InputError([InputProblem(f"{name!r} is taken", column="name")]) from None
    return Principal(user_id, name, chosen, region=region, units=frozenset(unit_codes))


def authenticate(engine: Engine, name: str, password: str) -> Principal | None:
    """The user, if the password is theirs and they are not disabled; else None.

    An unknown name costs the same argon2 verification as a wrong password.
    """
    hasher = password_hasher
    with engine.connect() as conn:
        user = rows.user_by_name(conn, name)
    stored = _dummy_hash(hasher) if user is None else user.password_hash
    try:
        hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or user.disabled:
        return None
    if hasher.check_needs_rehash(stored):  # made with older settings: remake it now
        rehashed = hasher.hash(password)
        with writing(engine) as conn:
            rows.set_password_hash(conn, user.id, rehashed)
    with engine.connect() as conn:
        return _principal(user, _reporter_units(conn, user))


def set_password(engine: Engine, name: str, password: str) -> None:
    """Give the user a new password; their open sessions end."""
    if not MIN_PASSWORD_CHARS <= len(password) <= MAX_PASSWORD_CHARS:
        raise InputError(
            [
                InputProblem(
                    f"{MIN_PASSWORD_CHARS} to {MAX_PASSWORD_CHARS} characters, please",
                    column="password",
                )
            ]
        )
    user = _user(engine, name)
    password_hash = password_hasher.hash(password)
    with writing(engine) as conn:
        rows.set_password_hash(conn, user.id, password_hash)
        rows.delete_sessions_of(conn, user.id)


def _user(engine: Engine, name: str) -> rows.UserRow:
    with engine.connect() as conn:
        user = rows.user_by_name(conn, name)
    if user is None:
        raise NotFoundError(f"no user is named {name!r}", field="name")
    return user


def issue_token(engine: Engine, name: str, label: str) -> str:
    """A new API token for the user, under a label of its own among the user's tokens.

    The secret is returned once; only its SHA-256 is stored.
    """
    require_current(engine)
    problems = _name_problems(label, "label")
    if problems:
        raise InputError(problems)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with writing(engine) as conn:
        user = rows.user_by_name(conn, name)
        if user is None:
            raise NotFoundError(f"no user is named {name!r}", field="name")
        if user.disabled:
            raise InputError([InputProblem(f"{name!r} is disabled", column="name")])
        if any(t.label == label for t in rows.live_tokens(conn, user.id)):
            raise InputError(
                [
                    InputProblem(
                        f"{name!r} has a token labelled {label!r}: revoke it, or choose "
                        "another label",
                        column="label",
                    )
                ]
            )
        rows.insert_token(conn, user_id=user.id, label=label, token_hash=_digest(secret), at=_now())
    return secret


def revoke_token(engine: Engine, name: str, label: str) -> None:
    """Revoke the user's token with that label; it stops working at once."""
    require_current(engine)
    with writing(engine) as conn:
        user = rows.user_by_name(conn, name)
        if user is None:
            raise NotFoundError(f"no user is named {name!r}", field="name")
        ids = [t.id for t in rows.live_tokens(conn, user.id) if t.label == label]
        if not ids:
            raise NotFoundError(f"{name!r} has no token labelled {label!r}", field="label")
        rows.revoke_tokens(conn, ids, _now())


def tokens(engine: Engine, name: str) -> list[TokenInfo]:
    """The user's tokens that are not revoked, oldest first."""
    user = _user(engine, name)
    with engine.connect() as conn:
        found = rows.live_tokens(conn, user.id)
    return [TokenInfo(t.label, t.created_at, t.last_used_at, t.revoked_at) for t in found]


def principal_for_token(
    engine: Engine, secret: str, *, now: datetime | None = None
) -> Principal | None:
    """The user whose API token this is; None if unknown, revoked, or the user disabled.

    Called on every API request: one query on the token's digest (with the user), one
    for a reporter's units, and a write of the last use at most once a `TOUCH_EVERY`.
    """
    if not secret.startswith(TOKEN_PREFIX):
        return None
    with engine.connect() as conn:
        found = rows.token_user(conn, _digest(secret))
        if found is None:
            return None
        token, user = found
        if token.revoked_at is not None or user.disabled:
            return None
        units = _reporter_units(conn, user)
    now = now or _now()
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
        with writing(engine) as conn:
            rows.touch_token(conn, token.id, now, unless_after=now - TOUCH_EVERY)
    return _principal(user, units)


def open_session(
    engine: Engine, principal: Principal, *, hours: float = 12, now: datetime | None = None
) -> tuple[str, str]:
    """A new web session for the principal: (the cookie's secret, the CSRF token).

    Sessions expired by now are deleted on the way.
    """
    if not hours > 0:
        raise InputError([InputProblem("a session lasts more than 0 hours", column="hours")])
    now = now or _now()
    secret, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    with writing(engine) as conn:
        rows.delete_expired_sessions(conn, now)
        rows.insert_session(
            conn,
            token_hash=_digest(secret),
            user_id=principal.user_id,
            csrf_token=csrf,
            at=now,
            expires_at=now + timedelta(hours=hours),
        )
    return secret, csrf


def session_principal(
    engine: Engine, secret: str, *, now: datetime | None = None
) -> tuple[Principal, str] | None:
    """The principal of a web session and its CSRF token; None if the session is unknown,
    expired or closed, or its user disabled."""
    now = now or _now()
    with engine.connect() as conn:
        found = rows.session_user(conn, _digest(secret))
        if found is None:
            return None
        session, user = found
        if session.expires_at <= now or user.disabled:
            return None
        units = _reporter_units(conn, user)
    return _principal(user, units), session.csrf_token


def close_session(engine: Engine, secret: str) -> None:
    """End a web session (log out); closing one that is not open does nothing."""
    with writing(engine) as conn:
        rows.delete_session(conn, _digest(secret))


def users(engine: Engine) -> list[UserInfo]:
    """Every user, by name."""
    require_current(engine)
    with engine.connect() as conn:
        found = rows.all_users(conn)
        units = rows.units_by_user(conn)
        live = rows.live_tokens(conn)
    labels: dict[int, list[str]] = {}
    for t in live:
        labels.setdefault(t.user_id, []).append(t.label)
    return [
        UserInfo(
            name=u.name,
            role=Role(u.role),
            region=u.region,
            units=units.get(u.id, frozenset()),
            created_at=u.created_at,
            disabled=u.disabled,
            tokens=tuple(labels.get(u.id, ())),
        )
        for u in found
    ]


def disable_user(engine: Engine, name: str) -> None:
    """Stop the user from signing in: passwords, tokens and open sessions all refused."""
    require_current(engine)
    with writing(engine) as conn:
        user = rows.user_by_name(conn, name)
        if user is None:
            raise NotFoundError(f"no user is named {name!r}", field="name")
        rows.set_disabled(conn, user.id, True)
        rows.delete_sessions_of(conn, user.id)


class LoginLimiter:
    """Failed log-ins per key, in memory: after `attempts` failures within `window_s`
    seconds, refuse the key until the oldest of them is `window_s` old.

    A key is whatever identifies the guesser, e.g. (name, client address). Thread-safe;
    `clock` (seconds, monotonic) is injectable for tests. Per process: behind several
    workers each keeps its own count.
    """

    def __init__(
        self,
        *,
        attempts: int = 5,
        window_s: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if attempts < 1 or window_s <= 0:
            raise ValueError("attempts >= 1 and window_s > 0")
        self.attempts = attempts
        self.window_s = window_s
        self._clock = clock
        self._lock = threading.Lock()
        self._failures: dict[Hashable, deque[float]] = {}
        self._sweep_at = 1024  # forget stale keys when there are this many

    def _recent(self, key: Hashable, now: float) -> deque[float] | None:
        times = self._failures.get(key)
        if times is None:
            return None
        while times and times[0] <= now - self.window_s:
            times.popleft()
        if not times:
            del self._failures[key]
            return None
        return times

    def check(self, key: Hashable) -> float:
        """Seconds to wait before the key may try again; 0 if it may try now."""
        with self._lock:
            now = self._clock()
            times = self._recent(key, now)
            if times is None or len(times) < self.attempts:
                return 0.0
            return times[-self.attempts] + self.window_s - now

    def failed(self, key: Hashable) -> None:
        """Count a failed log-in of the key."""
        with self._lock:
            now = self._clock()
            times = self._recent(key, now)
            if times is None:
                times = self._failures[key] = deque(maxlen=self.attempts)
            times.append(now)
            if len(self._failures) >= self._sweep_at:
                for stale in list(self._failures):
                    self._recent(stale, now)
                self._sweep_at = max(1024, 2 * len(self._failures))

    def succeeded(self, key: Hashable) -> None:
        """Forget the key's failures: it signed in."""
        with self._lock:
            self._failures.pop(key, None)
