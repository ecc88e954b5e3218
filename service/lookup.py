"""Loading one object by id for a caller: the one way every domain does it.

An id that is not even of the object's form, an object that does not exist and one the
caller may not see all answer the same 404, so ids leak nothing.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlmodel import SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from service.ids import looks_like_id
from service.problems import NotFound

T = TypeVar("T", bound=SQLModel)


async def one_or_404(
    session: AsyncSession,
    model: type[T],
    object_id: str,
    *visible: Any,
    prefix: str,
    what: str,
    lock: bool = False,
) -> T:
    """The `model` row with this id that meets the `visible` conditions (the caller's
    scope), or NotFound naming `what`; `lock` holds the row until the transaction ends."""
    if not looks_like_id(object_id, prefix):
        raise NotFound(f"no {what} '{object_id}'")
    statement = select(model).where(col(model.id) == object_id, *visible)  # type: ignore[attr-defined]
    if lock:
        statement = statement.with_for_update()
    found = (await session.exec(statement)).first()
    if found is None:
        raise NotFound(f"no {what} '{object_id}'")
    return found
