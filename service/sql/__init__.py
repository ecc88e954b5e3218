"""The SQL machinery of the hot paths, in one place: statements sent through the driver
(`Direct`) and sets of typed rows read as a table inside one statement (`RowSet`). The
writers of orders, of the ledger and of events build their statements from these; callers
ask those writers for "write this change", never for parameters."""

from service.sql.direct import Direct
from service.sql.rowsets import SMALL, RowSet, at_most, merged, row_type, rows_of, table_of

__all__ = ["SMALL", "Direct", "RowSet", "at_most", "merged", "row_type", "rows_of", "table_of"]
