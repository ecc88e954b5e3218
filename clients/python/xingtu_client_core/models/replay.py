from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="Replay")


@_attrs_define
class Replay:
    """
    Attributes:
        after_sequence (int):
    """

    after_sequence: int

    def to_dict(self) -> dict[str, Any]:
        after_sequence = self.after_sequence

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "after_sequence": after_sequence,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        after_sequence = d.pop("after_sequence")

        replay = cls(
            after_sequence=after_sequence,
        )

        return replay
