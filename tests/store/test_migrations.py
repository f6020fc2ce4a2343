from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from planworks.domain.errors import StoreError
from planworks.store.engine import database_url, make_engine
from planworks.store.migrate import require_current
from planworks.store.tables import metadata


def test_migrations_build_exactly_the_tables(engine: Engine) -> None:
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


@pytest.mark.parametrize("statement", ["UPDATE reports SET quantity = 0", "DELETE FROM reports"])
def test_reports_are_append_only(engine: Engine, statement: str) -> None:
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO reports (unit_id, product_id, day, seq, quantity) VALUES (1,1,1,0,5)")
        )
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
        conn.execute(text(statement))


def test_an_empty_database_asks_for_init(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="planworks init"):
        require_current(make_engine(tmp_path / "empty.db"))


def test_database_url(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("PLANWORKS_DATABASE_URL", raising=False)
    assert database_url(tmp_path / "x.db").database == str(tmp_path / "x.db")
    pg = database_url("postgresql://postgres@127.0.0.1:5432/test")
    assert pg.drivername == "postgresql+psycopg"
    monkeypatch.setenv("PLANWORKS_DATABASE_URL", "postgresql+psycopg://u@h/d")
    assert database_url().database == "d"
    with pytest.raises(StoreError, match="SQLite and PostgreSQL"):
        database_url("mysql://u@h/d")
