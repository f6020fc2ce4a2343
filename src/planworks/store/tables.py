"""The database schema, as SQLAlchemy Core tables.

Dates are stored as epoch days (integers, 1970-01-01 = 0; see `planworks.domain.periods`)
so that they move to and from NumPy and Arrow without conversion.

Reports are the one big table (hundreds of millions of rows at national scale). They
carry no foreign keys: the import checks every unit and product before a row is
written, and per-row key checks would double the cost of bulk loads. Reports are
append-only; the migration adds triggers that refuse UPDATE and DELETE on them.

Dashboards never read reports. They read the aggregates, kept in the same transaction
as every report batch:

- `day_totals`: one row per (product, year, region) holding the region's own units'
  daily quantities for that year as a vector of 366 float64 (index = day of year - 1),
  and the same for explicitly reported value and the quantity that value covers.
  A whole year of a region is one small row, so the status of every region of the
  country is a read of a few thousand rows (see `planworks.store.series`).
- `day_grades`: the same vectors split by quality grade.
- `unit_months`: per unit, product and month: quantity, value, reports.

Accounts (`users`, `user_units`, `api_tokens`, `web_sessions`) keep no secret in the
clear: passwords as argon2 hashes, API tokens and session cookies as SHA-256 digests.
Times of day are `DateTime(timezone=True)`, always written in UTC.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    false,
    text,
)

__all__ = [
    "api_tokens",
    "audit_resolutions",
    "campaigns",
    "day_grades",
    "day_totals",
    "imports",
    "inspection_problems",
    "links",
    "metadata",
    "plans",
    "products",
    "recipes",
    "region_reports",
    "regions",
    "reports",
    "shipments",
    "stocks",
    "trial_events",
    "unit_balances",
    "unit_inputs",
    "unit_months",
    "units",
    "user_units",
    "users",
    "web_sessions",
    "workforce",
]

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
    }
)

#: Columns beyond the format's own, as a JSON object; no extras is SQL NULL, not JSON null.
Extra = JSON(none_as_null=True)

#: 64-bit keys on PostgreSQL; on SQLite an INTEGER PRIMARY KEY is the rowid (also 64-bit).
BigId = BigInteger().with_variant(Integer(), "sqlite")

regions = Table(
    "regions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(64), nullable=False, unique=True),
    Column("parent_id", Integer, ForeignKey("regions.id"), nullable=True, index=True),
    Column("level", String(32), nullable=False),
    Column("name", String(200), nullable=False),
    Column("name_zh", String(200)),
    Column("extra", Extra),
)

products = Table(
    "products",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(64), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("name_zh", String(200)),
    Column("uom", String(32), nullable=False),
    Column("price", Float),
    Column("grades", String(200)),  # "200|300|400|500", increasing
    Column("min_grade", Float),
    Column("extra", Extra),
    Column("uom_zh", String(32)),  # the unit of measure in Chinese: 吨, 件, 千块
)

units = Table(
    "units",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(64), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("name_zh", String(200)),
    Column("region_id", Integer, ForeignKey("regions.id"), nullable=False, index=True),
    Column("kind", String(16), nullable=False),
    Column("industry", String(64)),
    Column("product_id", Integer, ForeignKey("products.id")),
    Column("capacity", Float),
    Column("opened", Integer, nullable=False),
    Column("closed", Integer),
    Column("status", String(16), nullable=False),
    Column("merged_into_id", Integer, ForeignKey("units.id")),
    Column("extra", Extra),
    Column("cost", Float),  # per unit of output, for least-cost plans
)

recipes = Table(
    "recipes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("product_id", Integer, ForeignKey("products.id"), nullable=False),
    Column("kind", String(16), nullable=False),  # a unit kind, or "*"
    Column("item_id", Integer, ForeignKey("products.id"), nullable=False),
    Column("per_unit", Float, nullable=False),
    Column("role", String(16), nullable=False),
    Column("extra", Extra),
    # the region (with all below it) whose units this line is for; NULL: everywhere
    Column("region_id", Integer, ForeignKey("regions.id")),
    # the range of per_unit a unit's own inputs may show (NULL: per_unit / 2 to x 2)
    Column("low", Float),
    Column("high", Float),
    Index("ix_recipes_line", "product_id", "kind", "item_id", "role", "region_id"),
)

links = Table(
    "links",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source_id", Integer, ForeignKey("regions.id"), nullable=False),
    Column("target_id", Integer, ForeignKey("regions.id"), nullable=False),
    Column("mode", String(32), nullable=False),
    Column("capacity", Float, nullable=False),
    Column("extra", Extra),
    Column("cost", Float),  # per unit carried
    Index("uq_links_route", "source_id", "target_id", "mode", unique=True),
)

stocks = Table(
    "stocks",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("region_id", Integer, ForeignKey("regions.id"), nullable=False),
    Column("product_id", Integer, ForeignKey("products.id"), nullable=False),
    Column("day", Integer, nullable=False),  # the stock at the start of this day
    Column("quantity", Float, nullable=False),
    Column("extra", Extra),
    Index("uq_stocks_key", "region_id", "product_id", "day", unique=True),
)

imports = Table(
    "imports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("source", Text, nullable=False),  # a folder, a file, "api"
    Column("sender", String(200)),
    Column("summary", JSON),
)

plans = Table(
    "plans",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200)),
    Column("region_id", Integer, ForeignKey("regions.id")),  # the scope: a region subtree ...
    Column("unit_id", Integer, ForeignKey("units.id")),  # ... or one unit
    Column("product_id", Integer, ForeignKey("products.id")),  # NULL: total output value
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("target", Float, nullable=False),
    Column("version", Integer, nullable=False),
    Column("import_id", Integer, ForeignKey("imports.id")),
    Column("extra", Extra),
    Column("priority", Float),  # weight of its shortfall in optimal plans (default 1)
    Index("ix_plans_scope", "region_id", "unit_id", "product_id", "start", "end"),
)

reports = Table(
    "reports",
    metadata,
    Column("id", BigId, primary_key=True),
    Column("unit_id", Integer, nullable=False),
    Column("product_id", Integer, nullable=False),
    Column("day", Integer, nullable=False),
    # n-th report of its unit, product and day in the file that brought it; NULL where the
    # report has its own report_id. Keeps re-imports of files without ids idempotent.
    Column("seq", Integer),
    Column("quantity", Float, nullable=False),
    Column("grade", Float),
    Column("value", Float),
    Column("report_id", String(128)),
    Column("supersedes", BigInteger),  # reports.id of the report this one corrects
    Column("reason", Text),
    Column("import_id", Integer),
    Column("extra", Extra),
    Index("uq_reports_natural", "unit_id", "product_id", "day", "seq", unique=True),
    Index("ix_reports_day", "day"),
    Index(
        "uq_reports_report_id",
        "report_id",
        unique=True,
        sqlite_where=text("report_id IS NOT NULL"),
        postgresql_where=text("report_id IS NOT NULL"),
    ),
    Index(
        "ix_reports_supersedes",
        "supersedes",
        sqlite_where=text("supersedes IS NOT NULL"),
        postgresql_where=text("supersedes IS NOT NULL"),
    ),
)

trial_events = Table(
    "trial_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("unit_id", Integer, ForeignKey("units.id"), nullable=False),
    Column("product_id", Integer, ForeignKey("products.id"), nullable=False),
    Column("stage", String(16), nullable=False),  # started, succeeded, batch, mass, abandoned
    Column("day", Integer, nullable=False),
    Column("note", Text),
    Column("import_id", Integer, ForeignKey("imports.id")),
    Column("extra", Extra),
    Index("uq_trial_events_step", "unit_id", "product_id", "stage", unique=True),
    Index("ix_trial_events_product_day", "product_id", "day"),
)

campaigns = Table(
    "campaigns",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(64), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("name_zh", String(200)),
    Column("region_id", Integer, ForeignKey("regions.id")),  # the scope: a region ...
    Column("unit_id", Integer, ForeignKey("units.id")),  # ... or one unit
    Column("start", Integer, nullable=False),
    Column("end", Integer),
    Column("inspectors", Integer),
    Column("extra", Extra),
)

inspection_problems = Table(
    "inspection_problems",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("campaign_id", Integer, ForeignKey("campaigns.id"), nullable=False),
    Column("unit_id", Integer, ForeignKey("units.id"), nullable=False),
    Column("found", Integer, nullable=False),
    Column("problem", Text, nullable=False),
    Column("measure", Text),
    Column("owner", String(200)),
    Column("due", Integer),
    Column("done", Integer),
    Column("import_id", Integer, ForeignKey("imports.id")),
    Column("extra", Extra),
    Index("uq_inspection_problems_key", "campaign_id", "unit_id", "found", "problem", unique=True),
)

workforce = Table(
    "workforce",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("unit_id", Integer, ForeignKey("units.id"), nullable=False),
    Column("day", Integer, nullable=False),  # the headcount from this day on
    Column("workers", Integer, nullable=False),
    Column("extra", Extra),
    Index("uq_workforce_key", "unit_id", "day", unique=True),
)

#: A statistician's verdict on a finding of the audit (a unit, product, day and check):
#: the finding stops climbing the region tree once it is resolved.
audit_resolutions = Table(
    "audit_resolutions",
    metadata,
    Column("id", Integer, primary_key=True),
    # the unit whose reports were judged; for a region's own reported total, the region
    Column("unit_id", Integer, ForeignKey("units.id")),
    Column("product_id", Integer, ForeignKey("products.id"), nullable=False),
    Column("day", Integer, nullable=False),
    Column("check", String(16), nullable=False),
    Column("verdict", String(16), nullable=False),  # confirmed (false) or explained (true)
    Column("resolved_on", Integer, nullable=False),  # the day it was resolved
    Column("at", DateTime(timezone=True), nullable=False),
    Column("by", String(200), nullable=False),
    Column("note", Text, nullable=False),
    Column("region_id", Integer, ForeignKey("regions.id")),
    Index("uq_audit_resolutions_key", "unit_id", "product_id", "day", "check", unique=True),
    Index("uq_audit_resolutions_region", "region_id", "product_id", "day", "check", unique=True),
)

# What the audit's hard checks read beside the reports (planworks' own files of the
# scenario folder: inputs.csv, balances.csv, shipments.csv, region_reports.csv). Like
# reports, they are kept as first sent: a row is stored once and never changed; and like
# reports they carry no foreign keys (the import checks every reference before it writes,
# and key checks per row would make a national load several times slower on PostgreSQL).

#: What a unit used on a day to make a product: one row per input (coal, ore).
unit_inputs = Table(
    "unit_inputs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("unit_id", Integer, nullable=False),
    Column("product_id", Integer, nullable=False),  # made
    Column("day", Integer, nullable=False),
    Column("input_id", Integer, nullable=False),  # used
    Column("quantity", Float, nullable=False),
    Column("import_id", Integer),
    Column("extra", Extra),
    Index("uq_unit_inputs_key", "unit_id", "product_id", "day", "input_id", unique=True),
    Index("ix_unit_inputs_day", "day"),
)

#: A unit's stock account of a product for a day: opening + made + received - shipped
#: - used should be the closing stock.
unit_balances = Table(
    "unit_balances",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("unit_id", Integer, nullable=False),
    Column("product_id", Integer, nullable=False),
    Column("day", Integer, nullable=False),
    Column("opening", Float, nullable=False),
    Column("received", Float, nullable=False),
    Column("shipped", Float, nullable=False),
    Column("used", Float, nullable=False),
    Column("closing", Float, nullable=False),
    Column("import_id", Integer),
    Column("extra", Extra),
    Index("uq_unit_balances_key", "unit_id", "product_id", "day", unique=True),
    Index("ix_unit_balances_day", "day"),
)

#: Goods sent from one unit to another, as each side reported them: `side` is "sent"
#: (reported by the source) or "received" (by the target, with what it refused).
shipments = Table(
    "shipments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source_id", Integer, nullable=False),
    Column("target_id", Integer, nullable=False),
    Column("product_id", Integer, nullable=False),
    Column("day", Integer, nullable=False),
    Column("side", String(8), nullable=False),
    Column("quantity", Float, nullable=False),
    # of what was received, what the target refused as unfit for use (not usable output)
    Column("rejected", Float),
    Column("import_id", Integer),
    Column("extra", Extra),
    Index("uq_shipments_key", "source_id", "target_id", "product_id", "day", "side", unique=True),
    Index("ix_shipments_day", "day"),
)

#: A total a region reported for a day (a county's figure as it sent it upward), to be
#: held against the sum of its units' own reports.
region_reports = Table(
    "region_reports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("region_id", Integer, nullable=False),
    Column("product_id", Integer, nullable=False),
    Column("day", Integer, nullable=False),
    Column("quantity", Float, nullable=False),
    Column("import_id", Integer),
    Column("extra", Extra),
    Index("uq_region_reports_key", "region_id", "product_id", "day", unique=True),
    Index("ix_region_reports_day", "day"),
)

#: Who may sign in, as what and where (see `planworks.domain.access`): planners,
#: statisticians and viewers have a region, reporters their units (`user_units`).
users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("password_hash", String(200), nullable=False),  # argon2id, PHC string
    Column("role", String(16), nullable=False),  # a `Role`
    Column("region_id", Integer, ForeignKey("regions.id")),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("disabled", Boolean, nullable=False, server_default=false()),
)

user_units = Table(
    "user_units",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id"), primary_key=True),
    Column("unit_id", Integer, ForeignKey("units.id"), primary_key=True),
)

#: Tokens for the API, one secret each, shown once: only its SHA-256 is kept.
api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False, index=True),
    Column("label", String(200), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),  # SHA-256, hex
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_used_at", DateTime(timezone=True)),  # to the minute or so
    Column("revoked_at", DateTime(timezone=True)),
)

#: Signed-in browsers: the cookie's SHA-256 and the session's CSRF token.
web_sessions = Table(
    "web_sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),  # SHA-256, hex
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False, index=True),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False, index=True),
)

#: A stamp per kind of catalog data, bumped by triggers whenever its rows change (see
#: migration 0008): what the per-process caches of the region tree compare.
data_versions = Table(
    "data_versions",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("version", BigInteger, nullable=False),
    Column("epoch", String(32), nullable=False),
)

day_totals = Table(
    "day_totals",
    metadata,
    Column("product_id", Integer, primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("region_id", Integer, primary_key=True),
    Column("quantity", LargeBinary, nullable=False),
    Column("value", LargeBinary, nullable=False),  # sum of values given in reports
    Column("valued", LargeBinary, nullable=False),  # the quantity those values cover
)

day_grades = Table(
    "day_grades",
    metadata,
    Column("product_id", Integer, primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("grade", Float, primary_key=True),
    Column("region_id", Integer, primary_key=True),
    Column("quantity", LargeBinary, nullable=False),
)

unit_months = Table(
    "unit_months",
    metadata,
    Column("unit_id", Integer, primary_key=True),
    Column("product_id", Integer, primary_key=True),
    Column("month", Integer, primary_key=True),  # year * 12 + month - 1
    Column("quantity", Float, nullable=False),
    Column("value", Float, nullable=False),
    Column("valued", Float, nullable=False),
    Column("reports", Integer, nullable=False),
    Index("ix_unit_months_product_month", "product_id", "month"),
)
