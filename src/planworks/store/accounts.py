"""Rows of users, their units, API tokens and web sessions: read and written as asked.

What may be stored (a name taken, a role without its region, an expired session) is
decided in `planworks.services.accounts`; these functions only move rows. Secrets never
reach this module: the service hands over their digests.

Times are timezone-aware UTC on the way in and on the way out (SQLite stores them
without a zone, and gives them back naive).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, or_, select, update

from planworks.store.tables import api_tokens, regions, units, user_units, users, web_sessions

__all__ = [
    "SessionRow",
    "TokenRow",
    "UserRow",
    "all_users",
    "delete_expired_sessions",
    "delete_session",
    "delete_sessions_of",
    "insert_session",
    "insert_token",
    "insert_user",
    "live_tokens",
    "region_ids",
    "revoke_tokens",
    "session_user",
    "set_disabled",
    "set_password_hash",
    "token_user",
    "touch_token",
    "unit_ids",
    "units_by_user",
    "user_by_name",
    "user_unit_codes",
]


@dataclass(frozen=True)
class UserRow:
    id: int
    name: str
    password_hash: str
    role: str
    region: str | None  # the region's code
    created_at: datetime
    disabled: bool


@dataclass(frozen=True)
class TokenRow:
    id: int
    user_id: int
    label: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


@dataclass(frozen=True)
class SessionRow:
    id: int
    csrf_token: str
    created_at: datetime
    expires_at: datetime


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _maybe_utc(moment: datetime | None) -> datetime | None:
    return None if moment is None else _utc(moment)


_USER_COLUMNS = (
    users.c.id,
    users.c.name,
    users.c.password_hash,
    users.c.role,
    regions.c.code.label("region"),
    users.c.created_at,
    users.c.disabled,
)
_USERS = users.outerjoin(regions, regions.c.id == users.c.region_id)


def _user(r: Mapping[Any, Any]) -> UserRow:
    return UserRow(
        id=r["id"],
        name=r["name"],
        password_hash=r["password_hash"],
        role=r["role"],
        region=r["region"],
        created_at=_utc(r["created_at"]),
        disabled=bool(r["disabled"]),
    )


def region_ids(conn: Connection, codes: Iterable[str]) -> dict[str, int]:
    """The ids of those of the regions' codes that exist."""
    wanted = list(codes)
    stmt = select(regions.c.code, regions.c.id).where(regions.c.code.in_(wanted))
    return dict(conn.execute(stmt).all())


def unit_ids(conn: Connection, codes: Iterable[str]) -> dict[str, int]:
    """The ids of those of the units' codes that exist."""
    wanted = list(codes)
    stmt = select(units.c.code, units.c.id).where(units.c.code.in_(wanted))
    return dict(conn.execute(stmt).all())


def insert_user(
    conn: Connection,
    *,
    name: str,
    password_hash: str,
    role: str,
    region_id: int | None,
    unit_ids: Iterable[int],
    at: datetime,
) -> int:
    """Insert a user and its units; returns the user's id."""
    user_id = conn.execute(
        users.insert()
        .values(
            name=name,
            password_hash=password_hash,
            role=role,
            region_id=region_id,
            created_at=at,
            disabled=False,
        )
        .returning(users.c.id)
    ).scalar_one()
    rows = [{"user_id": user_id, "unit_id": unit_id} for unit_id in unit_ids]
    if rows:
        conn.execute(user_units.insert(), rows)
    return int(user_id)


def user_by_name(conn: Connection, name: str) -> UserRow | None:
    row = conn.execute(select(*_USER_COLUMNS).select_from(_USERS).where(users.c.name == name))
    found = row.mappings().one_or_none()
    return None if found is None else _user(found)


def all_users(conn: Connection) -> list[UserRow]:
    """Every user, by name."""
    stmt = select(*_USER_COLUMNS).select_from(_USERS).order_by(users.c.name)
    return [_user(r) for r in conn.execute(stmt).mappings()]


def user_unit_codes(conn: Connection, user_id: int) -> frozenset[str]:
    stmt = (
        select(units.c.code)
        .select_from(user_units.join(units, units.c.id == user_units.c.unit_id))
        .where(user_units.c.user_id == user_id)
    )
    return frozenset(conn.execute(stmt).scalars())


def units_by_user(conn: Connection) -> dict[int, frozenset[str]]:
    """The unit codes of every user that has units."""
    stmt = select(user_units.c.user_id, units.c.code).select_from(
        user_units.join(units, units.c.id == user_units.c.unit_id)
    )
    found: dict[int, set[str]] = {}
    for user_id, code in conn.execute(stmt):
        found.setdefault(user_id, set()).add(code)
    return {user_id: frozenset(codes) for user_id, codes in found.items()}


def set_password_hash(conn: Connection, user_id: int, password_hash: str) -> None:
    conn.execute(update(users).where(users.c.id == user_id).values(password_hash=password_hash))


def set_disabled(conn: Connection, user_id: int, disabled: bool) -> None:
    conn.execute(update(users).where(users.c.id == user_id).values(disabled=disabled))


def insert_token(
    conn: Connection, *, user_id: int, label: str, token_hash: str, at: datetime
) -> int:
    """Insert an API token's digest; returns the token's id."""
    token_id = conn.execute(
        api_tokens.insert()
        .values(user_id=user_id, label=label, token_hash=token_hash, created_at=at)
        .returning(api_tokens.c.id)
    ).scalar_one()
    return int(token_id)


def _token(r: Mapping[Any, Any]) -> TokenRow:
    return TokenRow(
        id=r["token_id"],
        user_id=r["user_id"],
        label=r["label"],
        created_at=_utc(r["created_at"]),
        last_used_at=_maybe_utc(r["last_used_at"]),
        revoked_at=_maybe_utc(r["revoked_at"]),
    )


_TOKEN_COLUMNS = (
    api_tokens.c.id.label("token_id"),
    api_tokens.c.user_id,
    api_tokens.c.label,
    api_tokens.c.created_at,
    api_tokens.c.last_used_at,
    api_tokens.c.revoked_at,
)


def token_user(conn: Connection, token_hash: str) -> tuple[TokenRow, UserRow] | None:
    """The token with that digest and its user, in one query on the digest's index."""
    stmt = (
        select(
            *_TOKEN_COLUMNS,
            *(c for c in _USER_COLUMNS if c.name not in ("id", "created_at")),
            users.c.created_at.label("user_created_at"),
        )
        .select_from(
            api_tokens.join(users, users.c.id == api_tokens.c.user_id).outerjoin(
                regions, regions.c.id == users.c.region_id
            )
        )
        .where(api_tokens.c.token_hash == token_hash)
    )
    found = conn.execute(stmt).mappings().one_or_none()
    if found is None:
        return None
    user = _user({**found, "id": found["user_id"], "created_at": found["user_created_at"]})
    return _token(found), user


def touch_token(conn: Connection, token_id: int, at: datetime, *, unless_after: datetime) -> None:
    """Set the token's last use to `at`, unless it was last used after `unless_after`."""
    conn.execute(
        update(api_tokens)
        .where(
            api_tokens.c.id == token_id,
            or_(api_tokens.c.last_used_at.is_(None), api_tokens.c.last_used_at <= unless_after),
        )
        .values(last_used_at=at)
    )


def live_tokens(conn: Connection, user_id: int | None = None) -> list[TokenRow]:
    """The tokens not revoked (of one user, or of all), oldest first."""
    stmt = select(*_TOKEN_COLUMNS).where(api_tokens.c.revoked_at.is_(None))
    if user_id is not None:
        stmt = stmt.where(api_tokens.c.user_id == user_id)
    return [_token(r) for r in conn.execute(stmt.order_by(api_tokens.c.id)).mappings()]


def revoke_tokens(conn: Connection, token_ids: Iterable[int], at: datetime) -> None:
    conn.execute(
        update(api_tokens)
        .where(api_tokens.c.id.in_(list(token_ids)), api_tokens.c.revoked_at.is_(None))
        .values(revoked_at=at)
    )


def insert_session(
    conn: Connection,
    *,
    token_hash: str,
    user_id: int,
    csrf_token: str,
    at: datetime,
    expires_at: datetime,
) -> None:
    conn.execute(
        web_sessions.insert().values(
            token_hash=token_hash,
            user_id=user_id,
            csrf_token=csrf_token,
            created_at=at,
            expires_at=expires_at,
        )
    )


def session_user(conn: Connection, token_hash: str) -> tuple[SessionRow, UserRow] | None:
    """The session with that digest and its user, in one query on the digest's index."""
    stmt = (
        select(
            web_sessions.c.id.label("session_id"),
            web_sessions.c.csrf_token,
            web_sessions.c.created_at.label("session_created_at"),
            web_sessions.c.expires_at,
            *_USER_COLUMNS,
        )
        .select_from(
            web_sessions.join(users, users.c.id == web_sessions.c.user_id).outerjoin(
                regions, regions.c.id == users.c.region_id
            )
        )
        .where(web_sessions.c.token_hash == token_hash)
    )
    found = conn.execute(stmt).mappings().one_or_none()
    if found is None:
        return None
    session = SessionRow(
        id=found["session_id"],
        csrf_token=found["csrf_token"],
        created_at=_utc(found["session_created_at"]),
        expires_at=_utc(found["expires_at"]),
    )
    return session, _user(found)


def delete_session(conn: Connection, token_hash: str) -> None:
    conn.execute(web_sessions.delete().where(web_sessions.c.token_hash == token_hash))


def delete_sessions_of(conn: Connection, user_id: int) -> None:
    conn.execute(web_sessions.delete().where(web_sessions.c.user_id == user_id))


def delete_expired_sessions(conn: Connection, before: datetime) -> int:
    """Delete the sessions that expired before `before`; returns how many."""
    deleted = conn.execute(web_sessions.delete().where(web_sessions.c.expires_at <= before))
    return int(deleted.rowcount)
