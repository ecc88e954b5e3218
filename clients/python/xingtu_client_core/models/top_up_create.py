from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="TopUpCreate")


@_attrs_define
class TopUpCreate:
    """
    Attributes:
        amount_fen (int): integer fen
    """

    amount_fen: int

    def to_dict(self) -> dict[str, Any]:
        amount_fen = self.amount_fen

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount_fen": amount_fen,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount_fen = d.pop("amount_fen")

        top_up_create = cls(
            amount_fen=amount_fen,
        )

        return top_up_create
