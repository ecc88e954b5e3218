"""Building blocks shared by the API schemas: strict bodies, bounded clean strings, pages."""

from __future__ import annotations

from typing import Annotated, Generic, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, Strict, StringConstraints


def no_control_chars(value: str) -> str:
    if any(ord(c) < 32 and c not in "\n\r\t" for c in value):
        raise ValueError("control characters are not allowed")
    return value


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
