"""A set of rows as a table inside one statement, for writes of one row or many that compile
once.

A multi-row `VALUES` list is a new statement for every batch, which SQLAlchemy cannot cache:
compiling one of 200 rows costs tens of milliseconds. Here the rows travel as one JSON
document instead, read back as a table by the database (`jsonb_to_recordset` on PostgreSQL,
`json_each` on SQLite), so the statement text is the same for every batch: compiled once
and, on PostgreSQL, prepared once. (Arrays, one per column, would do too, but psycopg
escapes every element of a text array in Python, and JSON columns are mostly quotes.)

A row set is typed by a NamedTuple: its fields name the columns, in order, and a statement
that reads the set is given a sequence of those tuples (`params`), never loose parameters.
"""

from __future__ import annotations

import json
from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any, Generic, TypeVar

from sqlalchemy import (
    JSON,
    Insert,
    String,
    Table,
    bindparam,
    cast,
    column,
    func,
    insert,
    literal_column,
    select,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.sql import FromClause
from sqlalchemy.types import TypeEngine
from sqlmodel import SQLModel

R = TypeVar("R", bound=tuple[Any, ...])
SMALL = 10  # rows in a small set: what one order's write carries


def at_most(*counts: int) -> int | None:
    """The size class of a statement whose row sets have these many rows: SMALL, or None
    (a batch)."""
    return SMALL if max(counts, default=0) <= SMALL else None


Convert = Callable[[Any], Any]


class RowSet(Generic[R]):
    """Rows of the NamedTuple `row`, usable as the table `name` (`rows.table.c.<field>`) in a
    statement executed with `rows.params(rows)`. `types` gives each field its column type."""

    def __init__(
        self,
        name: str,
        row: type[R],
        types: Mapping[str, TypeEngine[Any]],
        dialect: Dialect,
        at_most: int | None = None,
    ) -> None:
        self.name, self.dialect, self.row, self.at_most = name, dialect, row, at_most
        self.names: tuple[str, ...] = row._fields  # type: ignore[attr-defined]
        self.types = [types[field] for field in self.names]
        self.postgresql = dialect.name == "postgresql"
        self.table = self._postgresql() if self.postgresql else self._sqlite()
        self.converters = [self._converter(t) for t in self.types]

    def _postgresql(self) -> FromClause:
        """The rows read with `jsonb_to_recordset`, which the planner takes for 100 rows
        (any set-returning function is). For a write of one order against a table of some
        thousands, that made the prepared statement's plan hash the rows and scan the whole
        table (5 of a creation's 6 ms). So a small set (`at_most`) says so with a LIMIT,
        which the planner believes: the tables' indexes are used. A batch keeps the
        estimate, for which hash joins between its row sets are right."""
        document = cast(bindparam(self.key, type_=String()), JSONB)
        typed = [column(c, t) for c, t in zip(self.names, self.types, strict=True)]
        records = func.jsonb_to_recordset(document).table_valued(*typed)
        records = records.render_derived(name=self.name, with_types=True)
        if self.at_most is None:
            return records
        bound: Any = literal_column(str(int(self.at_most)))  # a literal: the planner sees it
        return select(*records.c).limit(bound).subquery(self.name)

    def _sqlite(self) -> FromClause:
        value: Any = literal_column("value")  # json_each's column: one row of the document
        picked = [
            func.json_extract(value, f"$[{i}]", type_=t).label(c)
            for i, (c, t) in enumerate(zip(self.names, self.types, strict=True))
        ]
        document = bindparam(self.key, type_=String())
        return select(*picked).select_from(func.json_each(document)).subquery(self.name)

    @property
    def key(self) -> str:
        """The statement's one parameter for these rows."""
        return f"{self.name}_rows"

    def _converter(self, type_: TypeEngine[Any]) -> Convert | None:
        """A value as its column would bind it, but for JSON on PostgreSQL, which the
        document carries as JSON (times go in ISO 8601, which both databases read)."""
        impl = type_.dialect_impl(self.dialect)
        if self.postgresql and isinstance(impl, JSON):
            return None
        return impl.bind_processor(self.dialect)

    def params(self, rows: Sequence[R]) -> dict[str, str]:
        if self.at_most is not None and len(rows) > self.at_most:
            raise ValueError(f"{len(rows)} rows for a set of at most {self.at_most}")
        converted = [
            [
                v if to is None or v is None else to(v)
                for v, to in zip(row, self.converters, strict=True)
            ]
            for row in rows
        ]
        if self.postgresql:
            document: Any = [dict(zip(self.names, row, strict=True)) for row in converted]
        else:
            document = converted
        return {self.key: json.dumps(document, default=_iso)}

    def insert_into(self, model: type[SQLModel]) -> Insert:
        """`INSERT INTO <the model's table> (the fields) SELECT … FROM` these rows."""
        return insert(table_of(model)).from_select(list(self.names), select(*self.table.c))


@lru_cache(maxsize=256)
def row_type(name: str, fields: tuple[str, ...]) -> Any:
    """A NamedTuple for rows whose columns are known only at run time (a shape of change,
    a table's columns)."""
    return namedtuple(name, fields)


def rows_of(
    name: str,
    row: type[R],
    model: type[SQLModel],
    dialect: Dialect,
    at_most: int | None = None,
    **types: TypeEngine[Any],
) -> RowSet[R]:
    """Rows whose fields are columns of the model's table, typed as the table types them
    (or as `types` says, for fields that are not columns), at most `at_most` of them (None:
    a batch); built once per dialect (a statement built anew costs more than the rows it
    writes)."""
    return _rows_of(name, row, model, dialect, at_most, tuple(sorted(types.items())))


@lru_cache(maxsize=256)
def _rows_of(
    name: str,
    row: type[R],
    model: type[SQLModel],
    dialect: Dialect,
    at_most: int | None,
    extra: tuple[tuple[str, TypeEngine[Any]], ...],
) -> RowSet[R]:
    table = table_of(model)
    types = {**{c.name: c.type for c in table.c}, **dict(extra)}
    return RowSet(name, row, types, dialect, at_most)


def merged(*parts: Mapping[str, Any]) -> dict[str, Any]:
    """The parameters of a statement that reads several row sets; two row sets of one
    statement that share a name would silently take each other's rows, so that fails."""
    params: dict[str, Any] = {}
    for part in parts:
        if clash := params.keys() & part.keys():
            raise ValueError(f"parameters given twice: {sorted(clash)}")
        params.update(part)
    return params


def _iso(value: Any) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not a value of a row")


def table_of(model: type[SQLModel]) -> Table:
    """The table behind a SQLModel table class."""
    table: Table = model.__table__  # type: ignore[attr-defined]
    return table


__all__ = ["SMALL", "RowSet", "at_most", "merged", "row_type", "rows_of", "table_of"]
