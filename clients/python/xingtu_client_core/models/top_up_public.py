from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="TopUpPublic")


@_attrs_define
class TopUpPublic:
    """
    Attributes:
        amount_fen (int):
        available_fen (int): the brand's available balance after the top-up
        brand_id (str):
        created_at (datetime.datetime):
        id (str):
        provider_reference (str):
    """

    amount_fen: int
    available_fen: int
    brand_id: str
    created_at: datetime.datetime
    id: str
    provider_reference: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount_fen = self.amount_fen

        available_fen = self.available_fen

        brand_id = self.brand_id

        created_at = self.created_at.isoformat()

        id = self.id

        provider_reference = self.provider_reference

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount_fen": amount_fen,
                "available_fen": available_fen,
                "brand_id": brand_id,
                "created_at": created_at,
                "id": id,
                "provider_reference": provider_reference,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount_fen = d.pop("amount_fen")

        available_fen = d.pop("available_fen")

        brand_id = d.pop("brand_id")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = d.pop("id")

        provider_reference = d.pop("provider_reference")

        top_up_public = cls(
            amount_fen=amount_fen,
            available_fen=available_fen,
            brand_id=brand_id,
            created_at=created_at,
            id=id,
            provider_reference=provider_reference,
        )

        top_up_public.additional_properties = d
        return top_up_public

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
