"""Alembic environment: runs migrations on the connection planworks hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from planworks.store.engine import make_engine
from planworks.store.tables import metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:  # the alembic command line: use the database planworks would use
    with make_engine().connect() as conn:
        _run(conn)
