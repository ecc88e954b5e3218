"""Building blocks shared by the API schemas: strict bodies, bounded clean strings, pages."""

from __future__ import annotations

import re
import unicodedata
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
    WithJsonSchema,
)


def _control(c: str) -> bool:
    """C0, DEL and C1 (U+0085 NEL among them)."""
    code = ord(c)
    return code < 0x20 or 0x7F <= code <= 0x9F


# Marks, embeddings, overrides and isolates that reorder text on screen.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# Letters that render as nothing (Hangul fillers, the braille blank, the Mongolian separator).
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e")
_UNSEEN = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me"})


def _invisible(c: str) -> bool:
    return c in _BLANK_LETTERS or unicodedata.category(c) in _UNSEEN


def _nfc(value: object) -> object:
    return unicodedata.normalize("NFC", value).strip() if isinstance(value, str) else value


# Texts are trimmed and stored in Unicode NFC, before their length is checked (NFC may
# lengthen a text: U+FB2C becomes three characters).
NFC = BeforeValidator(_nfc)


def no_control_chars(value: str) -> str:
    """Long texts (a brief, a message, a reason): line breaks and tabs are kept, other
    control characters refused."""
    if any(_control(c) and c not in "\n\r\t" for c in value):
        raise ValueError("control characters are not allowed")
    return value


def clean_label(value: str) -> str:
    """Names and labels, which are shown on one line and must not lie there: no control
    characters at all, no bidi controls, and at least one visible character."""
    if any(_control(c) for c in value):
        raise ValueError("control characters (line breaks and tabs too) are not allowed")
    if any(c in BIDI_CONTROLS for c in value):
        raise ValueError("bidirectional control characters are not allowed in a name")
    if all(_invisible(c) for c in value):
        raise ValueError("a name needs at least one visible character")
    return value


_RFC3339 = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$"
)


MIN_YEAR, MAX_YEAR = 1970, 9000  # what times the API takes, in UTC


def _rfc3339(value: object) -> object:
    if not isinstance(value, str) or not _RFC3339.match(value):
        raise ValueError("times are RFC 3339 strings with an offset, e.g. 2026-03-02T09:30:00Z")
    return value


def _representable(value: datetime) -> datetime:
    try:
        moment = value.astimezone(UTC)
    except OverflowError:
        raise ValueError("the time is out of range") from None
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        raise ValueError(f"the time is out of range (years {MIN_YEAR} to {MAX_YEAR})")
    return value


# A moment in time as the API takes it: an RFC 3339 string with an offset, nothing else.
Rfc3339 = Annotated[AwareDatetime, BeforeValidator(_rfc3339), AfterValidator(_representable)]

# Numbers and flags in bodies are taken as sent: "100" is not a price, "yes" is not true.
StrictInt = Annotated[int, Strict()]
StrictBool = Annotated[bool, Strict()]

Name = Annotated[
    str,
    NFC,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(clean_label),
]
Reason = Annotated[
    str,
    NFC,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=2_000),
    AfterValidator(no_control_chars),
]


# Strings whose values the schema enumerates from the order machine (`service.openapi`
# replaces the mark with the enum's `$ref`): plain strings here, so that a machine extended
# with a row needs no new type.
ENUM_MARK = "x-enum-from-machine"
TriggerName = Annotated[str, WithJsonSchema({"type": "string", ENUM_MARK: "Trigger"})]
# An event's type is open: one of EventType, or one a newer service added (a client that
# stopped on an unknown type would stall its feed).
EventType = Annotated[
    str,
    WithJsonSchema({"anyOf": [{"type": "string", ENUM_MARK: "EventType"}, {"type": "string"}]}),
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
