"""Recipes by region: technology differs from one province to the next."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision: str | None = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("recipes") as batch:
        batch.add_column(sa.Column("region_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_recipes_region_id_regions"), "regions", ["region_id"], ["id"]
        )
        batch.drop_index("uq_recipes_line")
        batch.create_index(
            "ix_recipes_line", ["product_id", "kind", "item_id", "role", "region_id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("recipes") as batch:
        batch.drop_index("ix_recipes_line")
        batch.create_index(
            "uq_recipes_line", ["product_id", "kind", "item_id", "role"], unique=True
        )
        batch.drop_constraint(op.f("fk_recipes_region_id_regions"), type_="foreignkey")
        batch.drop_column("region_id")
