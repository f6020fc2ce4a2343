"""Statisticians' verdicts on the audit's findings: audit_resolutions."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision: str | None = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_resolutions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("check", sa.String(length=16), nullable=False),
        sa.Column("verdict", sa.String(length=16), nullable=False),
        sa.Column("resolved_on", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_audit_resolutions_unit_id_units")
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_audit_resolutions_product_id_products")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_resolutions")),
    )
    op.create_index(
        "uq_audit_resolutions_key",
        "audit_resolutions",
        ["unit_id", "product_id", "day", "check"],
        unique=True,
    )


def downgrade() -> None:
    op.drop_index("uq_audit_resolutions_key", table_name="audit_resolutions")
    op.drop_table("audit_resolutions")
