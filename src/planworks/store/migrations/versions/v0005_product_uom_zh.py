"""A product's unit of measure in Chinese (吨, 件, 千块): products.uom_zh.

Before, a `uom_zh` column of products.csv was kept as an extra: it moves into the new
column, so that export (which never lets an extra shadow a column of the format) still
writes it.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision: str | None = "0004"
branch_labels = None
depends_on = None

_products = sa.table(
    "products",
    sa.column("id", sa.Integer()),
    sa.column("uom_zh", sa.String(length=32)),
    sa.column("extra", sa.JSON(none_as_null=True)),
)


def upgrade() -> None:
    op.add_column("products", sa.Column("uom_zh", sa.String(length=32), nullable=True))
    conn = op.get_bind()
    for row_id, extra in conn.execute(sa.select(_products.c.id, _products.c.extra)).all():
        extra = _as_dict(extra)
        if extra.get("uom_zh") is None:
            continue
        uom_zh = str(extra.pop("uom_zh"))
        conn.execute(
            sa.update(_products)
            .where(_products.c.id == row_id)
            .values(uom_zh=uom_zh, extra=extra or None)
        )


def downgrade() -> None:
    conn = op.get_bind()
    rows = conn.execute(
        sa.select(_products.c.id, _products.c.uom_zh, _products.c.extra).where(
            _products.c.uom_zh.is_not(None)
        )
    ).all()
    for row_id, uom_zh, extra in rows:
        conn.execute(
            sa.update(_products)
            .where(_products.c.id == row_id)
            .values(extra={**_as_dict(extra), "uom_zh": uom_zh})
        )
    # not in batch mode: recreating the table would trip SQLite's foreign keys to it
    op.drop_column("products", "uom_zh")


def _as_dict(extra: Any) -> dict[str, Any]:
    if extra is None:
        return {}
    return dict(json.loads(extra) if isinstance(extra, str) else extra)
