from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="CancellationCreate")


@_attrs_define
class CancellationCreate:
    """
    Attributes:
        reason (str):
        compensation_fen (int | Unset): what the creator side is paid from escrow; at most the price Default: 0.
    """

    reason: str
    compensation_fen: int | Unset = 0

    def to_dict(self) -> dict[str, Any]:
        reason = self.reason

        compensation_fen = self.compensation_fen

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "reason": reason,
            }
        )
        if compensation_fen is not UNSET:
            field_dict["compensation_fen"] = compensation_fen

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        reason = d.pop("reason")

        compensation_fen = d.pop("compensation_fen", UNSET)

        cancellation_create = cls(
            reason=reason,
            compensation_fen=compensation_fen,
        )

        return cancellation_create
