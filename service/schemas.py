"""Building blocks shared by the API schemas: strict bodies, bounded clean strings, pages."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Generic, TypeVar

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
)


def no_control_chars(value: str) -> str:
    if any(ord(c) < 32 and c not in "\n\r\t" for c in value):
        raise ValueError("control characters are not allowed")
    return value


_RFC3339 = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$"
)


def _rfc3339(value: object) -> object:
    if not isinstance(value, str) or not _RFC3339.match(value):
        raise ValueError("times are RFC 3339 strings with an offset, e.g. 2026-03-02T09:30:00Z")
    return value


def _representable(value: datetime) -> datetime:
    try:
        moment = value.astimezone(UTC)
    except OverflowError:
        raise ValueError("the time is out of range") from None
    if not 1970 <= moment.year <= 9000:
        raise ValueError("the time is out of range (years 1970 to 9000)")
    return value


# A moment in time as the API takes it: an RFC 3339 string with an offset, nothing else.
Rfc3339 = Annotated[AwareDatetime, BeforeValidator(_rfc3339), AfterValidator(_representable)]

# Numbers and flags in bodies are taken as sent: "100" is not a price, "yes" is not true.
StrictInt = Annotated[int, Strict()]
StrictBool = Annotated[bool, Strict()]

Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(no_control_chars),
]
Reason = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=2_000),
    AfterValidator(no_control_chars),
]


class StrictBody(BaseModel):
    """A request body: unknown fields are rejected, not ignored."""

    model_config = ConfigDict(extra="forbid")


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    data: list[T]
    has_more: bool
    next_cursor: str | None = Field(
        None, description="pass as `starting_after` to get the next page"
    )
