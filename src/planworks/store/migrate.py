"""Schema migrations (Alembic): bring a database to the current schema, or check it is."""

from __future__ import annotations

import weakref
from functools import cache

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from planworks.domain.errors import StoreError

__all__ = ["alembic_config", "current_revision", "head_revision", "require_current", "upgrade"]


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", "planworks.store:migrations")
    return config


def upgrade(engine: Engine) -> None:
    """Create or update the schema to the newest revision (safe to repeat)."""
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


@cache  # the migration scripts do not change while planworks runs
def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


#: Engines whose schema was found current. Migrations only go forward (`planworks
#: init` upgrades), so it is not read again: reading it took a connection and several
#: queries, a tenth of the time of a dashboard page.
_found_current: weakref.WeakSet[Engine] = weakref.WeakSet()


def require_current(engine: Engine) -> None:
    """Raise a `StoreError` that says what to do if the schema is missing or old."""
    if engine in _found_current:
        return
    current, head = current_revision(engine), head_revision()
    if current == head:
        _found_current.add(engine)
        return
    url = engine.url.render_as_string(hide_password=True)
    if current is None:
        raise StoreError(f"{url} has no planworks schema: run `planworks init` first")
    raise StoreError(f"{url} has an older schema ({current}): run `planworks init` to upgrade it")
