from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="LineItems")


@_attrs_define
class LineItems:
    """
    Attributes:
        brand_fee_fen (int):
        brand_total_fen (int):
        commission_fen (int):
        creator_payout_fen (int):
        mcn_share_bps (int):
        mcn_share_fen (int):
        platform_revenue_fen (int):
        price_fen (int):
    """

    brand_fee_fen: int
    brand_total_fen: int
    commission_fen: int
    creator_payout_fen: int
    mcn_share_bps: int
    mcn_share_fen: int
    platform_revenue_fen: int
    price_fen: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        brand_fee_fen = self.brand_fee_fen

        brand_total_fen = self.brand_total_fen

        commission_fen = self.commission_fen

        creator_payout_fen = self.creator_payout_fen

        mcn_share_bps = self.mcn_share_bps

        mcn_share_fen = self.mcn_share_fen

        platform_revenue_fen = self.platform_revenue_fen

        price_fen = self.price_fen

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "brand_fee_fen": brand_fee_fen,
                "brand_total_fen": brand_total_fen,
                "commission_fen": commission_fen,
                "creator_payout_fen": creator_payout_fen,
                "mcn_share_bps": mcn_share_bps,
                "mcn_share_fen": mcn_share_fen,
                "platform_revenue_fen": platform_revenue_fen,
                "price_fen": price_fen,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        brand_fee_fen = d.pop("brand_fee_fen")

        brand_total_fen = d.pop("brand_total_fen")

        commission_fen = d.pop("commission_fen")

        creator_payout_fen = d.pop("creator_payout_fen")

        mcn_share_bps = d.pop("mcn_share_bps")

        mcn_share_fen = d.pop("mcn_share_fen")

        platform_revenue_fen = d.pop("platform_revenue_fen")

        price_fen = d.pop("price_fen")

        line_items = cls(
            brand_fee_fen=brand_fee_fen,
            brand_total_fen=brand_total_fen,
            commission_fen=commission_fen,
            creator_payout_fen=creator_payout_fen,
            mcn_share_bps=mcn_share_bps,
            mcn_share_fen=mcn_share_fen,
            platform_revenue_fen=platform_revenue_fen,
            price_fen=price_fen,
        )

        line_items.additional_properties = d
        return line_items

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
