"""Opening the database: SQLite (the embedded default, a file in WAL mode) or PostgreSQL.

The database is named by `--db` (a file path or a URL), else `PLANWORKS_DATABASE_URL`,
else `./planworks.db`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

from planworks.domain.errors import StoreError

__all__ = ["DEFAULT_DB", "ENV_VAR", "database_url", "in_memory", "make_engine", "writing"]

ENV_VAR = "PLANWORKS_DATABASE_URL"
WRITE_CACHE_KIB = 2 * 1024 * 1024  # SQLite page cache of a write transaction: 2 GiB
DEFAULT_DB = "planworks.db"
#: A server's connections: one kept for each thread that answers requests (anyio's
#: default of 40), a few more for bursts; a connection not kept is opened per use.
POOL_SIZE = 40
POOL_OVERFLOW = 20


def database_url(db: str | Path | None = None) -> URL:
    """The URL of the database: `db` (path or URL), else the environment, else the default."""
    chosen = str(db) if db is not None else os.environ.get(ENV_VAR) or DEFAULT_DB
    if "://" in chosen:
        url = make_url(chosen)
        if url.get_backend_name() not in ("sqlite", "postgresql"):
            raise StoreError(f"planworks supports SQLite and PostgreSQL, not {url.drivername}")
        if url.get_backend_name() == "postgresql" and url.drivername == "postgresql":
            url = url.set(drivername="postgresql+psycopg")
        return url
    return make_url(f"sqlite:///{Path(chosen).expanduser().resolve()}")


def make_engine(
    db: str | Path | URL | None = None, *, pooled: bool = False, **kwargs: Any
) -> Engine:
    """An engine for the database, with SQLite made transactional and WAL-journaled.

    A SQLite engine opens a connection per checkout unless `pooled`: commands and tests
    open few, and a pool would keep WAL files open between tests; a server (`pooled`)
    answers thousands of requests a second, and opening a connection (with its pragmas)
    would cost more than most of them.
    """
    url = db if isinstance(db, URL) else database_url(db)
    if url.get_backend_name() == "sqlite":
        if pooled:
            engine = create_engine(
                url,
                pool_size=POOL_SIZE,
                max_overflow=POOL_OVERFLOW,
                connect_args={"check_same_thread": False},
                **kwargs,
            )
        else:
            engine = create_engine(url, poolclass=NullPool, **kwargs)
        _make_sqlite_transactional(engine)
        return engine
    if pooled:
        kwargs = {"pool_size": POOL_SIZE, "max_overflow": POOL_OVERFLOW, **kwargs}
    return create_engine(url, pool_pre_ping=True, **kwargs)


def _make_sqlite_transactional(engine: Engine) -> None:
    """Let SQLAlchemy, not the sqlite3 module, begin transactions.

    The sqlite3 module begins a transaction only before a write, which breaks
    SAVEPOINT and makes reads inside a transaction see other writers. SQLAlchemy's
    documented recipe: switch the module's own handling off and emit BEGIN ourselves.
    Writers begin IMMEDIATE (execution option `sqlite_begin`) so that two writers
    queue on the lock instead of failing at their first write.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=60000")
        cursor.execute("PRAGMA cache_size=-262144")  # 256 MiB of page cache
        cursor.execute("PRAGMA temp_store=MEMORY")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


def in_memory(engine: Engine) -> bool:
    """The database lives in this process's memory (SQLite without a file): no other
    process can open it."""
    url = engine.url
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A write transaction: committed if the block succeeds, rolled back if it raises.

    On SQLite the connection gets a larger page cache for the transaction: a bulk load
    inserts into indexes of hundreds of millions of keys, in no particular order.
    """
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":  # outside any transaction, straight to the driver
            driver: Any = conn.connection.driver_connection
            driver.execute(f"PRAGMA cache_size=-{WRITE_CACHE_KIB}")
        conn.execution_options(sqlite_begin="IMMEDIATE")
        with conn.begin():
            yield conn
