"""What the audit's hard checks read beside the reports: unit_inputs, unit_balances,
shipments, region_reports; the range of a recipe line (recipes.low, recipes.high); and
verdicts on a region's own reported total (audit_resolutions.region_id, unit_id nullable).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision: str | None = "0008"
branch_labels = None
depends_on = None


def _common(table: str) -> list[Any]:
    """The columns and key every one of these tables has besides its own. Like reports,
    they have no foreign keys: the import checks every reference before it writes."""
    return [
        sa.Column("import_id", sa.Integer(), nullable=True),
        sa.Column("extra", sa.JSON(none_as_null=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def upgrade() -> None:
    op.create_table(
        "unit_inputs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("input_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Float(), nullable=False),
        *_common("unit_inputs"),
    )
    op.create_index(
        "uq_unit_inputs_key",
        "unit_inputs",
        ["unit_id", "product_id", "day", "input_id"],
        unique=True,
    )
    op.create_index("ix_unit_inputs_day", "unit_inputs", ["day"])

    op.create_table(
        "unit_balances",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("opening", sa.Float(), nullable=False),
        sa.Column("received", sa.Float(), nullable=False),
        sa.Column("shipped", sa.Float(), nullable=False),
        sa.Column("used", sa.Float(), nullable=False),
        sa.Column("closing", sa.Float(), nullable=False),
        *_common("unit_balances"),
    )
    op.create_index(
        "uq_unit_balances_key", "unit_balances", ["unit_id", "product_id", "day"], unique=True
    )
    op.create_index("ix_unit_balances_day", "unit_balances", ["day"])

    op.create_table(
        "shipments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("side", sa.String(length=8), nullable=False),
        sa.Column("quantity", sa.Float(), nullable=False),
        sa.Column("rejected", sa.Float(), nullable=True),
        *_common("shipments"),
    )
    op.create_index(
        "uq_shipments_key",
        "shipments",
        ["source_id", "target_id", "product_id", "day", "side"],
        unique=True,
    )
    op.create_index("ix_shipments_day", "shipments", ["day"])

    op.create_table(
        "region_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Float(), nullable=False),
        *_common("region_reports"),
    )
    op.create_index(
        "uq_region_reports_key", "region_reports", ["region_id", "product_id", "day"], unique=True
    )
    op.create_index("ix_region_reports_day", "region_reports", ["day"])

    with op.batch_alter_table("recipes") as batch:
        batch.add_column(sa.Column("low", sa.Float(), nullable=True))
        batch.add_column(sa.Column("high", sa.Float(), nullable=True))

    with op.batch_alter_table("audit_resolutions") as batch:
        batch.alter_column("unit_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("region_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_audit_resolutions_region_id_regions"), "regions", ["region_id"], ["id"]
        )
        batch.create_index(
            "uq_audit_resolutions_region",
            ["region_id", "product_id", "day", "check"],
            unique=True,
        )


def downgrade() -> None:
    with op.batch_alter_table("audit_resolutions") as batch:
        batch.drop_index("uq_audit_resolutions_region")
        batch.drop_constraint(op.f("fk_audit_resolutions_region_id_regions"), type_="foreignkey")
        batch.drop_column("region_id")
        batch.alter_column("unit_id", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("recipes") as batch:
        batch.drop_column("high")
        batch.drop_column("low")
    for table in ("region_reports", "shipments", "unit_balances", "unit_inputs"):
        op.drop_index(f"ix_{table}_day", table_name=table)
        op.drop_index(f"uq_{table}_key", table_name=table)
        op.drop_table(table)
