"""What planning needs: opening stocks, production and transport costs, target priorities."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision: str | None = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("units", sa.Column("cost", sa.Float(), nullable=True))
    op.add_column("links", sa.Column("cost", sa.Float(), nullable=True))
    op.add_column("plans", sa.Column("priority", sa.Float(), nullable=True))
    op.create_table(
        "stocks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Float(), nullable=False),
        sa.Column("extra", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_stocks_region_id_regions")
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_stocks_product_id_products")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stocks")),
    )
    op.create_index("uq_stocks_key", "stocks", ["region_id", "product_id", "day"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_stocks_key", table_name="stocks")
    op.drop_table("stocks")
    with op.batch_alter_table("plans") as batch:
        batch.drop_column("priority")
    with op.batch_alter_table("links") as batch:
        batch.drop_column("cost")
    with op.batch_alter_table("units") as batch:
        batch.drop_column("cost")
