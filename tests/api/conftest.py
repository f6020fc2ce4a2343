"""An app over the tiny county, with one user of each role, on both backends."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from planworks.api import create_app
from planworks.domain.access import Role
from planworks.services import accounts
from planworks.services.accounts import add_user, issue_token
from planworks.services.importing import import_folder
from tests.conftest import DATA

PASSWORD = "correct horse battery"

#: name -> (role, region, units)
USERS: dict[str, tuple[Role, str | None, tuple[str, ...]]] = {
    "admin": (Role.ADMIN, None, ()),
    "viewer_a": (Role.VIEWER, "T-A", ()),
    "viewer_b": (Role.VIEWER, "T-B", ()),
    "planner_b": (Role.PLANNER, "T-B", ()),
    "stat_a": (Role.STATISTICIAN, "T-A", ()),
    "reporter_f1": (Role.REPORTER, None, ("F1",)),
}


@dataclass
class Api:
    client: TestClient
    engine: Engine
    tokens: dict[str, str]

    def auth(self, user: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[user]}"}


#: argon2 at its lightest: the real settings take a tenth of a second a hash, by design
CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture
def api(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[Api]:
    yield from serve_api(engine, monkeypatch, writer="thread")


def serve_api(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, *, writer: Literal["thread", "process"]
) -> Iterator[Api]:
    """The API over the tiny county, with its reports written by a thread or a process."""
    monkeypatch.setattr(accounts, "password_hasher", CHEAP)
    import_folder(engine, DATA / "tiny-county")
    tokens = {}
    for name, (role, region, units) in USERS.items():
        add_user(engine, name, PASSWORD, role, region=region, units=units)
        tokens[name] = issue_token(engine, name, "tests")
    with TestClient(create_app(engine, pages=False, writer=writer)) as client:
        yield Api(client, engine, tokens)
