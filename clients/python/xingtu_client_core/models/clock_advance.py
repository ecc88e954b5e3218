from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ClockAdvance")


@_attrs_define
class ClockAdvance:
    """
    Attributes:
        advance_seconds (int):
    """

    advance_seconds: int

    def to_dict(self) -> dict[str, Any]:
        advance_seconds = self.advance_seconds

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "advance_seconds": advance_seconds,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        advance_seconds = d.pop("advance_seconds")

        clock_advance = cls(
            advance_seconds=advance_seconds,
        )

        return clock_advance
