from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.state import State

T = TypeVar("T", bound="RosterOrders")


@_attrs_define
class RosterOrders:
    """
    Attributes:
        mcn_share_fen (int): the MCN's share of these orders
        orders (int):
        state (State):
    """

    mcn_share_fen: int
    orders: int
    state: State
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        mcn_share_fen = self.mcn_share_fen

        orders = self.orders

        state = self.state.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "mcn_share_fen": mcn_share_fen,
                "orders": orders,
                "state": state,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        mcn_share_fen = d.pop("mcn_share_fen")

        orders = d.pop("orders")

        state = State(d.pop("state"))

        roster_orders = cls(
            mcn_share_fen=mcn_share_fen,
            orders=orders,
            state=state,
        )

        roster_orders.additional_properties = d
        return roster_orders

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
