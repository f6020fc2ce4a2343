"""The scenario folder's files: their columns, reading (CSV or Parquet) and typing.

CSV is read as text (UTF-8, header row) and typed here, so that every value that does
not parse is reported with its file, row and column. Parquet columns may already be
typed (dates as date32, numbers as floats) or be text. Row N is line N of the file, the
header being line 1; for Parquet, the N-1-th record.

Columns beyond the format's own are kept: they travel as one JSON object per row in
the column `extra`.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from planworks.domain.errors import InputError, InputProblem
from planworks.domain.model import CODE_FORBIDDEN

__all__ = [
    "SPECS",
    "Check",
    "Col",
    "Kind",
    "Problems",
    "TableFile",
    "check_header",
    "check_unique",
    "coerce",
    "find_table",
    "number_text",
    "one_of",
    "unknown",
]


class Kind(StrEnum):
    TEXT = "text"
    CODE = "code"  # an identifier: no | , tab or newline
    NUMBER = "number"
    INTEGER = "integer"
    DATE = "date"


@dataclass(frozen=True)
class Col:
    name: str
    kind: Kind = Kind.TEXT
    optional: bool = False  # may be left out of the file ([brackets] in the format)
    nullable: bool = False  # may be empty in a row


def _c(name: str, kind: Kind = Kind.TEXT, *, optional: bool = False, null: bool = False) -> Col:
    return Col(name, kind, optional, optional or null)


#: The format of each file (MISSION.md, "Scenario folder format"), plus planworks' own
#: optional columns (units: status, merged_into, cost; plans: version, priority; links:
#: cost; recipes: region, low, high) and files (stocks: opening stocks for planning;
#: inputs, balances, shipments, region_reports: what the audit reads beside the reports).
SPECS: dict[str, tuple[Col, ...]] = {
    "regions": (
        _c("code", Kind.CODE),
        _c("parent", Kind.CODE, null=True),
        _c("level"),
        _c("name"),
        _c("name_zh", optional=True),
    ),
    "products": (
        _c("code", Kind.CODE),
        _c("name"),
        _c("name_zh", optional=True),
        _c("uom"),
        _c("uom_zh", optional=True),
        _c("price", Kind.NUMBER, optional=True),
        _c("grades", optional=True),
        _c("min_grade", Kind.NUMBER, optional=True),
    ),
    "units": (
        _c("code", Kind.CODE),
        _c("name"),
        _c("name_zh", optional=True),
        _c("region", Kind.CODE),
        _c("kind"),
        _c("industry", optional=True),
        _c("product", Kind.CODE, optional=True),
        _c("capacity", Kind.NUMBER, optional=True),
        _c("opened", Kind.DATE),
        _c("closed", Kind.DATE, optional=True),
        _c("status", optional=True),
        _c("merged_into", Kind.CODE, optional=True),
        _c("cost", Kind.NUMBER, optional=True),
    ),
    "plans": (
        _c("scope", Kind.CODE),
        _c("product", Kind.CODE),
        _c("start", Kind.DATE),
        _c("end", Kind.DATE),
        _c("target", Kind.NUMBER),
        _c("plan", optional=True),
        _c("version", Kind.INTEGER, optional=True),
        _c("priority", Kind.NUMBER, optional=True),
    ),
    "reports": (
        _c("unit", Kind.CODE),
        _c("date", Kind.DATE),
        _c("product", Kind.CODE),
        _c("quantity", Kind.NUMBER),
        _c("grade", Kind.NUMBER, optional=True),
        _c("value", Kind.NUMBER, optional=True),
        _c("report_id", Kind.CODE, optional=True),
        _c("supersedes", optional=True),
        _c("reason", optional=True),
    ),
    "recipes": (
        _c("product", Kind.CODE),
        _c("kind"),
        _c("input", Kind.CODE),
        _c("per_unit", Kind.NUMBER),
        _c("role"),
        _c("region", Kind.CODE, optional=True),
        _c("low", Kind.NUMBER, optional=True),
        _c("high", Kind.NUMBER, optional=True),
    ),
    "links": (
        _c("source", Kind.CODE),
        _c("target", Kind.CODE),
        _c("mode"),
        _c("capacity", Kind.NUMBER),
        _c("cost", Kind.NUMBER, optional=True),
    ),
    "stocks": (
        _c("region", Kind.CODE),
        _c("product", Kind.CODE),
        _c("date", Kind.DATE),
        _c("quantity", Kind.NUMBER),
    ),
    "trials": (
        _c("unit", Kind.CODE),
        _c("product", Kind.CODE),
        _c("stage"),
        _c("date", Kind.DATE),
        _c("note", optional=True),
    ),
    "campaigns": (
        _c("code", Kind.CODE),
        _c("name"),
        _c("name_zh", optional=True),
        _c("scope", Kind.CODE),
        _c("start", Kind.DATE),
        _c("end", Kind.DATE, optional=True),
        _c("inspectors", Kind.INTEGER, optional=True),
    ),
    "inspections": (
        _c("campaign", Kind.CODE),
        _c("unit", Kind.CODE),
        _c("found", Kind.DATE),
        _c("problem"),
        _c("measure", optional=True),
        _c("owner", optional=True),
        _c("due", Kind.DATE, optional=True),
        _c("done", Kind.DATE, optional=True),
    ),
    "workforce": (
        _c("unit", Kind.CODE),
        _c("date", Kind.DATE),
        _c("workers", Kind.INTEGER),
    ),
    # what the audit reads beside the reports: one row per unit (or region) and day
    "inputs": (
        _c("unit", Kind.CODE),
        _c("date", Kind.DATE),
        _c("product", Kind.CODE),
        _c("input", Kind.CODE),
        _c("quantity", Kind.NUMBER),
    ),
    "balances": (
        _c("unit", Kind.CODE),
        _c("date", Kind.DATE),
        _c("product", Kind.CODE),
        _c("opening", Kind.NUMBER),
        _c("closing", Kind.NUMBER),
        _c("received", Kind.NUMBER, optional=True),
        _c("shipped", Kind.NUMBER, optional=True),
        _c("used", Kind.NUMBER, optional=True),
    ),
    "shipments": (
        _c("source", Kind.CODE),
        _c("target", Kind.CODE),
        _c("product", Kind.CODE),
        _c("date", Kind.DATE),
        _c("quantity", Kind.NUMBER),
        _c("side"),
        _c("rejected", Kind.NUMBER, optional=True),
    ),
    "region_reports": (
        _c("region", Kind.CODE),
        _c("date", Kind.DATE),
        _c("product", Kind.CODE),
        _c("quantity", Kind.NUMBER),
    ),
}

REQUIRED_FILES = ("regions", "products", "units")


def number_text(column: str) -> pl.Expr:
    """A number as people write it: 5, not 5.0."""
    return pl.col(column).cast(pl.String).str.replace(r"\.0$", "")


@dataclass(frozen=True)
class Check:
    """A row check: where `mask` holds, the row has the problem `message` in `column`."""

    mask: pl.Expr
    message: str | pl.Expr
    column: str


def unknown(column: str, known: pl.Series | None, what: str) -> list[Check]:
    """A reference that names nothing in the folder or the database.

    `known` is None when the file that names them cannot be read: then nothing can be
    said of the references, and the check is left out.
    """
    if known is None:
        return []
    return [
        Check(
            pl.col(column).is_not_null() & ~pl.col(column).is_in(known.implode()),
            pl.format("unknown {} {}", pl.lit(what), pl.col(column)),
            column,
        )
    ]


def one_of(column: str, allowed: list[str]) -> Check:
    listed = ", ".join(allowed)
    return Check(
        ~pl.col(column).is_in(allowed),
        pl.format("{} {} is not one of {}", pl.lit(column), pl.col(column), pl.lit(listed)),
        column,
    )


def check_unique(
    frame: pl.DataFrame,
    keys: list[str],
    problems: Problems,
    *,
    file: str,
    optional: tuple[str, ...] = (),
) -> None:
    """Every row after the first of its `keys` is a problem.

    A required key left empty (or unreadable) is reported on its own; such rows are not
    compared. An `optional` key may be empty: empty matches empty (a recipe line for
    everywhere twice is the same line).
    """
    required = [k for k in keys if k not in optional]
    rows = frame.filter(pl.all_horizontal([pl.col(k).is_not_null() for k in required]))
    first = rows.group_by(keys).agg(pl.col("row").min().alias("first_row"))
    dupes = rows.join(first, on=keys, nulls_equal=True).filter(pl.col("row") != pl.col("first_row"))
    problems.rows(
        dupes,
        pl.lit(True),
        pl.format("the same {} as row {}", pl.lit(", ".join(keys)), pl.col("first_row")),
        file=file,
        column=keys[0],
    )


class Problems:
    """Collects input problems across checks, keeping the first `limit` of them."""

    def __init__(self, limit: int = 200) -> None:
        self.items: list[InputProblem] = []
        self.more = 0
        self.limit = limit

    def add(self, problem: InputProblem) -> None:
        if len(self.items) < self.limit:
            self.items.append(problem)
        else:
            self.more += 1

    def extend(self, error: InputError) -> None:
        """Every problem of an error raised by a step that could not go on."""
        for problem in error.problems:
            self.add(problem)
        self.more += error.more

    def rows(
        self, frame: pl.DataFrame, mask: pl.Expr, message: str | pl.Expr, *, file: str, column: str
    ) -> None:
        """One problem for each row of `frame` where `mask` holds."""
        text = pl.lit(message) if isinstance(message, str) else message
        hits = frame.filter(mask).select("row", text.alias("message"))
        room = max(self.limit - len(self.items), 0)
        for row, msg in hits.head(room).iter_rows():
            self.items.append(InputProblem(msg, file=file, row=row, column=column))
        self.more += max(hits.height - room, 0)

    def check(self, frame: pl.DataFrame, checks: Sequence[Check], *, file: str) -> None:
        """Run many row checks over a frame in one pass; name the rows of those that fail."""
        if not checks or frame.height == 0:
            return
        fired = frame.select(
            *(c.mask.fill_null(False).any().alias(str(i)) for i, c in enumerate(checks))
        ).row(0)
        for check, hit in zip(checks, fired, strict=True):
            if hit:
                self.rows(
                    frame,
                    check.mask.fill_null(False),
                    check.message,
                    file=file,
                    column=check.column,
                )

    def __bool__(self) -> bool:
        return bool(self.items) or self.more > 0

    @property
    def full(self) -> bool:
        return len(self.items) >= self.limit

    def raise_if_any(self) -> None:
        if self:
            ordered = sorted(self.items, key=lambda p: (p.file or "", p.row or 0, p.column or ""))
            raise InputError(ordered, more=self.more)


@dataclass(frozen=True)
class TableFile:
    """One file of the folder: its path, what it holds, and its column names."""

    name: str  # "reports"
    path: Path
    columns: tuple[str, ...]

    @property
    def label(self) -> str:
        return self.path.name

    @property
    def is_parquet(self) -> bool:
        return self.path.suffix == ".parquet"

    def read(self) -> pl.DataFrame:
        """The whole file, with its row numbers in `row`."""
        return pl.concat(list(self.batches(None)), how="vertical_relaxed")

    def batches(self, rows: int | None = 1_000_000) -> Iterator[pl.DataFrame]:
        """The file in frames of about `rows` rows (None: one frame), each with `row`."""
        first_row = 2
        for batch in self._arrow_batches(rows):
            frame = pl.from_arrow(batch)
            assert isinstance(frame, pl.DataFrame)
            frame = frame.with_columns(
                pl.int_range(first_row, first_row + frame.height, dtype=pl.Int64).alias("row")
            )
            first_row += frame.height
            yield frame
        if first_row == 2:  # an empty file still has its columns
            yield pl.DataFrame(
                {c: pl.Series(c, [], dtype=pl.String) for c in self.columns}
            ).with_columns(pl.Series("row", [], dtype=pl.Int64))

    def _arrow_batches(self, rows: int | None) -> Iterator[pa.RecordBatch]:
        try:
            if self.is_parquet:
                parquet = pq.ParquetFile(self.path)
                yield from parquet.iter_batches(
                    batch_size=rows or max(parquet.metadata.num_rows, 1)
                )
                return
            reader = pacsv.open_csv(
                self.path,
                read_options=pacsv.ReadOptions(block_size=(rows or 10_000_000) * 40),
                convert_options=pacsv.ConvertOptions(
                    column_types={c: pa.string() for c in self.columns},
                    strings_can_be_null=False,
                    quoted_strings_can_be_null=False,
                ),
            )
            if rows is None:
                yield from reader.read_all().to_batches()
            else:
                yield from reader
        except (pa.ArrowInvalid, OSError) as e:
            raise InputError([InputProblem(_arrow_message(e), file=self.label)]) from None


def _arrow_message(e: Exception) -> str:
    text = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    if "UTF8" in text or "utf8" in text or "UTF-8" in text:
        return "the file is not UTF-8 text"
    return f"the file cannot be read: {text}"


def find_table(folder: Path, name: str) -> TableFile | None:
    """The file of a table in the folder (`name.csv` or `name.parquet`), if present."""
    csv_path, parquet_path = folder / f"{name}.csv", folder / f"{name}.parquet"
    if csv_path.exists() and parquet_path.exists():
        raise InputError(
            [InputProblem(f"both {csv_path.name} and {parquet_path.name}: keep one", file=name)]
        )
    if parquet_path.exists():
        try:
            schema = pq.read_schema(parquet_path)
        except (pa.ArrowInvalid, OSError) as e:
            raise InputError([InputProblem(_arrow_message(e), file=parquet_path.name)]) from None
        return TableFile(name, parquet_path, tuple(schema.names))
    if csv_path.exists():
        return TableFile(name, csv_path, _csv_header(csv_path))
    return None


def _csv_header(path: Path) -> tuple[str, ...]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            header = next(csv.reader(f), None)
    except UnicodeDecodeError:
        raise InputError([InputProblem("the file is not UTF-8 text", file=path.name)]) from None
    if not header:
        raise InputError([InputProblem("the file is empty: it needs a header row", file=path.name)])
    names = tuple(h.strip() for h in header)
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise InputError(
            [
                InputProblem(f"column {d!r} appears twice in the header", file=path.name, row=1)
                for d in dupes
            ]
        )
    return names


def check_header(table: TableFile, problems: Problems) -> bool:
    """Every column the format requires is in the file's header (False if one is not)."""
    complete = True
    for col in SPECS[table.name]:
        if not col.optional and col.name not in table.columns:
            complete = False
            problems.add(
                InputProblem(
                    f"the column {col.name!r} is missing (the header has: "
                    f"{', '.join(table.columns) or 'nothing'})",
                    file=table.label,
                    row=1,
                    column=col.name,
                )
            )
    return complete


def coerce(frame: pl.DataFrame, table: TableFile, problems: Problems) -> pl.DataFrame:
    """Type the file's columns as the format says; report every value that is wrong.

    Returns a frame with every column of the spec (absent optional ones as nulls; dates
    as epoch days), `extra` (JSON text or null) and `row`.
    """
    spec = SPECS[table.name]
    known = {c.name for c in spec}
    extras = [c for c in frame.columns if c not in known and c != "row"]
    out = [pl.col("row")]
    checks: list[Check] = []
    typed_columns = []
    for col in spec:
        if col.name not in frame.columns:
            out.append(_null_of(col).alias(col.name))
            continue
        typed, bad = _typed(frame[col.name], col.kind)
        typed_columns.append(typed.alias(f"__{col.name}"))
        if bad is not None:
            typed_columns.append(bad.alias(f"__bad_{col.name}"))
            checks.append(
                Check(
                    pl.col(f"__bad_{col.name}"),
                    pl.format(
                        "'{}' is not {}", pl.col(col.name).cast(pl.String), pl.lit(_noun(col))
                    ),
                    col.name,
                )
            )
        if not col.nullable:
            checks.append(
                Check(
                    pl.col(col.name).is_null()
                    | (pl.col(col.name).cast(pl.String).str.strip_chars() == ""),
                    "empty: a value is required",
                    col.name,
                )
            )
        out.append(pl.col(f"__{col.name}").alias(col.name))
    frame = frame.with_columns(typed_columns)
    problems.check(frame, checks, file=table.label)
    if extras:
        # an empty cell of an extra column is no value, as in the format's own columns
        text_extras = [
            pl.when(pl.col(c).cast(pl.String).str.strip_chars() != "")
            .then(pl.col(c).cast(pl.String))
            .alias(c)
            for c in extras
        ]
        any_set = pl.any_horizontal(*(e.is_not_null() for e in text_extras))
        out.append(
            pl.when(any_set)
            .then(pl.struct(text_extras).struct.json_encode())
            .otherwise(None)
            .alias("extra")
        )
    else:
        out.append(pl.lit(None, dtype=pl.String).alias("extra"))
    return frame.select(out)


def _noun(col: Col) -> str:
    return {
        Kind.NUMBER: "a number",
        Kind.INTEGER: "a whole number",
        Kind.DATE: "a date (YYYY-MM-DD)",
        Kind.CODE: "a code (no | , tab or line break)",
        Kind.TEXT: "text",
    }[col.kind]


def _null_of(col: Col) -> pl.Expr:
    dtype: pl.DataType = {
        Kind.NUMBER: pl.Float64(),
        Kind.INTEGER: pl.Int64(),
        Kind.DATE: pl.Int32(),
    }.get(col.kind, pl.String())
    return pl.lit(None, dtype=dtype)


def _typed(s: pl.Series, kind: Kind) -> tuple[pl.Series, pl.Series | None]:
    """(typed series with empty text as null, mask of values that failed to parse)."""
    if s.dtype == pl.String:
        text = s.str.strip_chars()
        text = pl.select(pl.when(text == "").then(None).otherwise(text)).to_series()
    else:
        text = None
    if kind in (Kind.TEXT, Kind.CODE):
        typed = text if text is not None else s.cast(pl.String)
        if kind is Kind.CODE:
            forbidden = "[" + re.escape(CODE_FORBIDDEN) + "]"
            return typed, typed.str.contains(forbidden).fill_null(False)
        return typed, None
    if kind is Kind.DATE:
        if text is not None:
            typed = text.str.to_date("%Y-%m-%d", strict=False)
            bad = text.is_not_null() & typed.is_null()
        elif s.dtype == pl.Date:
            typed, bad = s, None
        elif isinstance(s.dtype, pl.Datetime):
            typed, bad = s.dt.date(), None
        else:
            typed = pl.Series(s.name, [None] * len(s), dtype=pl.Date)
            bad = s.is_not_null()
        return typed.cast(pl.Int32), bad
    target = pl.Float64 if kind is Kind.NUMBER else pl.Int64
    source = text if text is not None else s
    typed = source.cast(target, strict=False)
    bad = source.is_not_null() & typed.is_null()
    if kind is Kind.NUMBER:
        nonfinite = typed.is_nan() | typed.is_infinite()
        bad = bad | nonfinite.fill_null(False)
        typed = pl.select(pl.when(nonfinite).then(None).otherwise(typed)).to_series()
    return typed, bad
