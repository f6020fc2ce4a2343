"""A version stamp per kind of catalog data, kept by triggers: data_versions.

Processes keep what they build from the region tree (indexes, the status tree) and the
plans, and must know when those change. Comparing every region row on each use costs a
few milliseconds for a whole country; comparing one stamp costs a few microseconds.
Every insert, update or delete of regions or plans (and on PostgreSQL a truncate) bumps
that table's stamp in the same transaction. A stamp made anew (its row deleted, a
database made again) gets a random epoch, so that it never equals a stamp seen before.
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision: str | None = "0007"
branch_labels = None
depends_on = None

#: The tables whose changes are stamped (the stamp's name is the table's).
STAMPED = ("regions", "plans")

_SQLITE_BUMP = (
    "INSERT INTO data_versions (name, version, epoch) "
    "VALUES ('{table}', 1, lower(hex(randomblob(8)))) "
    "ON CONFLICT (name) DO UPDATE SET version = version + 1"
)

_PG_FUNCTION = """
CREATE FUNCTION planworks_bump_version() RETURNS trigger AS $$
BEGIN
    INSERT INTO data_versions (name, version, epoch)
    VALUES (TG_TABLE_NAME, 1, md5(random()::text || clock_timestamp()::text))
    ON CONFLICT (name) DO UPDATE SET version = data_versions.version + 1;
    RETURN NULL;
END
$$ LANGUAGE plpgsql
"""


def upgrade() -> None:
    op.create_table(
        "data_versions",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("epoch", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_data_versions")),
    )
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.execute(_PG_FUNCTION)
    for table in STAMPED:
        if postgres:
            op.execute(
                f"CREATE TRIGGER {table}_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION planworks_bump_version()"
            )
        else:
            for event in ("INSERT", "UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_changed_{event.lower()} AFTER {event} ON {table} "
                    f"BEGIN {_SQLITE_BUMP.format(table=table)}; END"
                )
        # a database with rows already: their first stamp
        op.execute(
            sa.text(
                "INSERT INTO data_versions (name, version, epoch) "
                f"SELECT '{table}', 1, :epoch WHERE EXISTS (SELECT 1 FROM {table})"
            ).bindparams(epoch=uuid.uuid4().hex)
        )


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in STAMPED:
        if postgres:
            op.execute(f"DROP TRIGGER {table}_changed ON {table}")
        else:
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER {table}_changed_{event}")
    if postgres:
        op.execute("DROP FUNCTION planworks_bump_version()")
    op.drop_table("data_versions")
