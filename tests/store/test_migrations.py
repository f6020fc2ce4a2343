from __future__ import annotations

import json
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import JSON, Engine, column, event, select, table, text
from sqlalchemy.exc import DBAPIError

from planworks.domain.errors import StoreError
from planworks.store.engine import database_url, make_engine
from planworks.store.migrate import alembic_config, require_current, upgrade
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


def test_v0005_moves_uom_zh_out_of_extra(engine: Engine) -> None:
    """A `uom_zh` that came as an extra column becomes products.uom_zh, and goes back."""
    config = alembic_config()
    products = table(
        "products",
        column("code"),
        column("name"),
        column("uom"),
        column("extra", JSON(none_as_null=True)),
    )

    def migrate(to: str) -> None:
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            (command.upgrade if to == "head" else command.downgrade)(config, to)

    def stored() -> dict[str, tuple[object, ...]]:
        with engine.connect() as conn:
            rows = conn.execute(select(text("*")).select_from(text("products"))).mappings()
            return {r["code"]: (r.get("uom_zh"), _json(r["extra"])) for r in rows}

    migrate("0004")
    try:
        with engine.begin() as conn:
            conn.execute(
                products.insert(),
                [
                    {
                        "code": "iron",
                        "name": "Iron",
                        "uom": "t",
                        "extra": {"uom_zh": "吨", "k": "v"},
                    },
                    {"code": "tiles", "name": "Tiles", "uom": "piece", "extra": {"uom_zh": "片"}},
                    {"code": "coal", "name": "Coal", "uom": "t", "extra": None},
                ],
            )
        migrate("head")
        assert stored() == {
            "iron": ("吨", {"k": "v"}),
            "tiles": ("片", None),
            "coal": (None, None),
        }
        migrate("0004")
        assert stored() == {
            "iron": (None, {"k": "v", "uom_zh": "吨"}),
            "tiles": (None, {"uom_zh": "片"}),
            "coal": (None, None),
        }
    finally:
        migrate("head")
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []


def _json(value: object) -> object:
    return json.loads(value) if isinstance(value, str) else value


def test_a_schema_found_current_is_not_read_again(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "fresh.db")
    with pytest.raises(StoreError, match="planworks init"):
        require_current(engine)
    with pytest.raises(StoreError, match="planworks init"):  # not found current: read again
        require_current(engine)
    upgrade(engine)
    connects: list[object] = []
    event.listen(engine.pool, "checkout", lambda *_: connects.append(1))
    require_current(engine)
    read = len(connects)
    assert read > 0
    for _ in range(3):
        require_current(engine)
    assert len(connects) == read
