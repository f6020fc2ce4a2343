"""Fixtures: every database test runs on SQLite and on PostgreSQL.

PostgreSQL is the server on 127.0.0.1:5432 (or PLANWORKS_TEST_POSTGRES, an admin URL):
the session creates its own database there, migrates it once, and empties it between
tests. SQLite tests copy a migrated template file.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from planworks.services.importing import import_folder
from planworks.store.engine import make_engine
from planworks.store.migrate import upgrade
from planworks.store.tables import metadata

ADMIN_URL = os.environ.get(
    "PLANWORKS_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
BACKENDS = ("sqlite", "postgresql")


def create_pg_database(prefix: str) -> str:
    """A new, migrated PostgreSQL database; returns its URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as e:  # the machine's PostgreSQL is down
        pytest.fail(
            f"PostgreSQL at {ADMIN_URL} is needed for the tests ({type(e).__name__}); start "
            "it: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
        )
    finally:
        admin.dispose()
    url = make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


def drop_pg_database(url: str) -> None:
    name = make_url(url).database
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(path)
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    url = create_pg_database("planworks_test")
    yield url
    drop_pg_database(url)


_TABLES = ", ".join(t.name for t in metadata.sorted_tables)


def _empty_pg(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {_TABLES} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def engine(
    backend: str, tmp_path: Path, sqlite_template: Path, request: pytest.FixtureRequest
) -> Iterator[Engine]:
    """An empty, migrated database of each backend."""
    if backend == "sqlite":
        path = tmp_path / "planworks.db"
        shutil.copyfile(sqlite_template, path)
        e = make_engine(path)
    else:
        url = request.getfixturevalue("pg_url")
        e = make_engine(url)
        _empty_pg(e)
    yield e
    e.dispose()


@pytest.fixture
def db_url(engine: Engine) -> str:
    """The URL of `engine`, as the CLI's --db takes it."""
    return engine.url.render_as_string(hide_password=False)


DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def henan_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Henan 1958 replay's folder (12 million reports), built once for the session."""
    from planworks.scenarios.henan import SCENARIO

    folder = tmp_path_factory.mktemp("henan")
    SCENARIO.build(folder)
    return folder


@pytest.fixture(scope="session", params=BACKENDS)
def henan(
    request: pytest.FixtureRequest, henan_folder: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """The Henan replay loaded into a database of each backend, once for the session."""
    if request.param == "sqlite":
        engine = make_engine(tmp_path_factory.mktemp("henan-db") / "henan.db")
        upgrade(engine)
        url = None
    else:
        url = create_pg_database("planworks_henan")
        engine = make_engine(url)
    summary = import_folder(engine, henan_folder)
    assert summary.reports_inserted == 12_446_183
    yield engine
    engine.dispose()
    if url is not None:
        drop_pg_database(url)
