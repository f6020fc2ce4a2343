"""`column IN (ids)` with the ids as one parameter, however many there are.

A region's subtree is up to a few thousand region ids (3,272 for a country of 400,000
units). As an IN list, each id is a parameter of its own: SQLAlchemy renders them anew
at every execution, psycopg parses a statement that long anew each time, and PostgreSQL
plans it anew: on PostgreSQL, about two fifths of the server's CPU for the national plan
page (benchmarks/README.md). Here the ids go
as one array: `column = ANY(:ids)` on PostgreSQL, `column IN (SELECT value FROM
json_each(:ids))` on SQLite. The statement's text is the same for any number of ids,
so it is compiled once and prepared once.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from psycopg import postgres
from psycopg.adapt import Dumper
from sqlalchemy import JSON, Integer, bindparam
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import ColumnElement
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import GenericFunction
from sqlalchemy.types import NullType, TypeDecorator, TypeEngine

__all__ = ["among"]


class _IntArray(str):
    """An integer array's text literal, `{1,2,3}`, sent to PostgreSQL as an integer
    array in text format: the server reads it once, in C, when the statement is bound.
    psycopg's own list dumper walks the list in Python, about 1.2 µs an id (4 ms for a
    country's 3,272 regions); the literal is written in about 0.2 µs an id. (A text
    parameter cast to an array in the statement would not do: the cast is not folded
    into a constant, and the array is read again for every row.)"""


class _IntArrayDumper(Dumper):
    oid = postgres.types["int4"].array_oid

    def dump(self, obj: Any) -> bytes:
        return str(obj).encode("ascii")


postgres.adapters.register_dumper(_IntArray, _IntArrayDumper)


class _Ids(TypeDecorator[Collection[int]]):
    """A collection of integer ids as one value: an integer array on PostgreSQL, a JSON
    array elsewhere."""

    impl = JSON
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(postgresql.ARRAY(Integer()))
        return dialect.type_descriptor(JSON())

    def process_bind_param(self, value: Collection[int] | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        ids = ",".join(map(str, map(int, value)))
        return _IntArray(f"{{{ids}}}") if dialect.name == "postgresql" else f"[{ids}]"

    def bind_processor(self, dialect: Dialect) -> Any:
        # the JSON type's own processor would encode the already encoded text again
        def process(value: Collection[int] | None) -> Any:
            return self.process_bind_param(value, dialect)

        return process


class _Among(GenericFunction[Any]):
    """column, ids: the column's value is one of the ids. Typeless, not Boolean: SQLite
    would compare a Boolean to 1, and an IN inside a comparison does not use the index."""

    type = NullType()
    name = "among"
    inherit_cache = True


def among(column: ColumnElement[Any], ids: Collection[int]) -> ColumnElement[bool]:
    """The column's value is one of `ids` (none of them when there are none)."""
    return _Among(column, bindparam(None, list(ids), type_=_Ids()))


@compiles(_Among)
def _among_json(element: _Among, compiler: SQLCompiler, **kw: Any) -> str:
    column, ids = element.clauses
    return (
        f"{compiler.process(column, **kw)} IN "
        f"(SELECT value FROM json_each({compiler.process(ids, **kw)}))"
    )


@compiles(_Among, "postgresql")
def _among_array(element: _Among, compiler: SQLCompiler, **kw: Any) -> str:
    column, ids = element.clauses
    return f"{compiler.process(column, **kw)} = ANY({compiler.process(ids, **kw)})"
