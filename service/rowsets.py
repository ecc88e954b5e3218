"""A set of rows as a table inside one statement, for multi-row writes that compile once.

A multi-row `VALUES` list is a new statement for every batch, which SQLAlchemy cannot cache:
compiling one of 200 rows costs tens of milliseconds. Here the rows travel as one JSON
document instead, read back as a table by the database (`jsonb_to_recordset` on PostgreSQL,
`json_each` on SQLite), so the statement text is the same for every batch: compiled once
and, on PostgreSQL, prepared once. (Arrays, one per column, would do too, but psycopg
escapes every element of a text array in Python, and JSON columns are mostly quotes.)
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

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

Columns = Sequence[tuple[str, TypeEngine[Any]]]
Convert = Callable[[Any], Any]


class RowSet:
    """Rows of `columns`, usable as the table `name` (`rows.table.c.<column>`) in a
    statement executed with `rows.params(values)`."""

    def __init__(self, name: str, columns: Columns, dialect: Dialect) -> None:
        self.name, self.columns, self.dialect = name, list(columns), dialect
        self.postgresql = dialect.name == "postgresql"
        self.table = self._postgresql() if self.postgresql else self._sqlite()
        self.converters = [self._converter(t) for _, t in self.columns]
        self._inserts: dict[type[SQLModel], Insert] = {}

    def _postgresql(self) -> FromClause:
        document = cast(bindparam(self._key(), type_=String()), JSONB)
        typed = [column(c, t) for c, t in self.columns]
        records = func.jsonb_to_recordset(document).table_valued(*typed)
        return records.render_derived(name=self.name, with_types=True)

    def _sqlite(self) -> FromClause:
        value: Any = literal_column("value")  # json_each's column: one row of the document
        picked = [
            func.json_extract(value, f"$[{i}]", type_=t).label(c)
            for i, (c, t) in enumerate(self.columns)
        ]
        document = bindparam(self._key(), type_=String())
        return select(*picked).select_from(func.json_each(document)).subquery(self.name)

    def _key(self) -> str:
        return f"{self.name}_rows"

    def _converter(self, type_: TypeEngine[Any]) -> Convert | None:
        """A value as its column would bind it, but for JSON on PostgreSQL, which the
        document carries as JSON (times go in ISO 8601, which both databases read)."""
        impl = type_.dialect_impl(self.dialect)
        if self.postgresql and isinstance(impl, JSON):
            return None
        return impl.bind_processor(self.dialect)

    def params(self, rows: Sequence[Sequence[Any]]) -> dict[str, str]:
        pairs = list(zip(self.converters, self.columns, strict=True))
        converted = [
            [v if to is None or v is None else to(v) for v, (to, _) in zip(row, pairs, strict=True)]
            for row in rows
        ]
        if self.postgresql:
            names = [name for name, _ in self.columns]
            document: Any = [dict(zip(names, row, strict=True)) for row in converted]
        else:
            document = converted
        return {self._key(): json.dumps(document, default=_iso)}

    def insert_into(self, model: type[SQLModel]) -> Insert:
        """`INSERT INTO <the model's table> (the columns) SELECT … FROM` these rows (built
        once per table)."""
        if model not in self._inserts:
            names = [name for name, _ in self.columns]
            rows = select(*(self.table.c[n] for n in names))
            self._inserts[model] = insert(table_of(model)).from_select(names, rows)
        return self._inserts[model]

    @classmethod
    def of(cls, name: str, model: type[SQLModel], names: Sequence[str], dialect: Dialect) -> RowSet:
        """Rows of some of the model's columns, typed as its table types them; built once
        (a statement built anew costs more than the rows it writes)."""
        return _of(name, model, tuple(names), dialect)


@lru_cache(maxsize=256)
def _of(name: str, model: type[SQLModel], names: tuple[str, ...], dialect: Dialect) -> RowSet:
    table = table_of(model)
    return RowSet(name, [(n, table.c[n].type) for n in names], dialect)


def _iso(value: Any) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not a value of a row")


def table_of(model: type[SQLModel]) -> Table:
    """The table behind a SQLModel table class."""
    table: Table = model.__table__  # type: ignore[attr-defined]
    return table
