from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.roster_orders import RosterOrders


T = TypeVar("T", bound="RosterCreator")


@_attrs_define
class RosterCreator:
    """
    Attributes:
        contract_id (str):
        creator_id (str):
        ends_at (datetime.datetime):
        name (str):
        orders (list[RosterOrders]): the orders the MCN takes a share of
        share_bps (int):
        share_earned_fen (int): the MCN's share of settled (closed) orders
        share_pending_fen (int): its share of orders accepted, not yet settled
    """

    contract_id: str
    creator_id: str
    ends_at: datetime.datetime
    name: str
    orders: list[RosterOrders]
    share_bps: int
    share_earned_fen: int
    share_pending_fen: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        contract_id = self.contract_id

        creator_id = self.creator_id

        ends_at = self.ends_at.isoformat()

        name = self.name

        orders = []
        for orders_item_data in self.orders:
            orders_item = orders_item_data.to_dict()
            orders.append(orders_item)

        share_bps = self.share_bps

        share_earned_fen = self.share_earned_fen

        share_pending_fen = self.share_pending_fen

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "contract_id": contract_id,
                "creator_id": creator_id,
                "ends_at": ends_at,
                "name": name,
                "orders": orders,
                "share_bps": share_bps,
                "share_earned_fen": share_earned_fen,
                "share_pending_fen": share_pending_fen,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.roster_orders import RosterOrders  # noqa: PLC0415

        d = dict(src_dict)
        contract_id = d.pop("contract_id")

        creator_id = d.pop("creator_id")

        ends_at = datetime.datetime.fromisoformat(d.pop("ends_at"))

        name = d.pop("name")

        orders = []
        _orders = d.pop("orders")
        for orders_item_data in _orders:
            orders_item = RosterOrders.from_dict(orders_item_data)

            orders.append(orders_item)

        share_bps = d.pop("share_bps")

        share_earned_fen = d.pop("share_earned_fen")

        share_pending_fen = d.pop("share_pending_fen")

        roster_creator = cls(
            contract_id=contract_id,
            creator_id=creator_id,
            ends_at=ends_at,
            name=name,
            orders=orders,
            share_bps=share_bps,
            share_earned_fen=share_earned_fen,
            share_pending_fen=share_pending_fen,
        )

        roster_creator.additional_properties = d
        return roster_creator

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
