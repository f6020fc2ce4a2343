"""The pages over the Hebei cement replay, with an administrator, a viewer of Tianjin
(one prefecture of Hebei) and a reporter of one Tianjin cement plant, on both backends."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from planworks.api.app import create_app
from planworks.domain.access import Role
from planworks.scenarios.hebei import SCENARIO as HEBEI
from planworks.services import accounts
from planworks.services.accounts import add_user
from planworks.services.scenarios import load_scenario

PASSWORD = "correct horse battery"
#: argon2 at its lightest: the real settings take a tenth of a second a hash, by design
CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)

TIANJIN = "CN-HE-TJ"
TANGSHAN = "CN-HE-TS"
PLANT = "CN-HE-TJ-BX-M1"  # Ba County Cement Plant, in Tianjin

#: name -> (role, region, units)
USERS: dict[str, tuple[Role, str | None, tuple[str, ...]]] = {
    "admin": (Role.ADMIN, None, ()),
    "tianjin": (Role.VIEWER, TIANJIN, ()),
    "reporter": (Role.REPORTER, None, (PLANT,)),
}

_HIDDEN_CSRF = re.compile(r'name="csrf" value="([^"]*)"')


def csrf_of(page: str) -> str:
    """The token of the first form of a page."""
    found = _HIDDEN_CSRF.search(page)
    assert found is not None, "the page has no form with a CSRF token"
    return found.group(1)


@dataclass
class Site:
    engine: Engine
    client: TestClient

    def sign_in(self, name: str, password: str = PASSWORD) -> httpx.Response:
        form = self.client.get("/login")
        return self.client.post(
            "/login",
            data={"name": name, "password": password, "csrf": csrf_of(form.text)},
            follow_redirects=False,
        )

    def as_user(self, name: str) -> TestClient:
        """The client, signed in as `name` (and in English)."""
        answer = self.sign_in(name)
        assert answer.status_code == 303, answer.text
        return self.client


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(accounts, "password_hasher", CHEAP)


@pytest.fixture
def hebei(engine: Engine) -> Engine:
    load_scenario(engine, HEBEI)
    for name, (role, region, units) in USERS.items():
        add_user(engine, name, PASSWORD, role, region=region, units=units)
    return engine


@pytest.fixture
def site(hebei: Engine) -> Iterator[Site]:
    with TestClient(create_app(hebei)) as client:
        yield Site(hebei, client)
