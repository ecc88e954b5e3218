from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.stage import Stage
from ..models.state import State
from ..types import UNSET, Unset

T = TypeVar("T", bound="StateGroup")


@_attrs_define
class StateGroup:
    """
    Attributes:
        brand_total_fen (int):
        compensation_fen (int): the price part paid on cancellations
        orders (int):
        paid_out_fen (int): what left escrow for the creator side and platform
        price_fen (int):
        state (State):
        stage (None | Stage | Unset): where an accepted order is in its review
    """

    brand_total_fen: int
    compensation_fen: int
    orders: int
    paid_out_fen: int
    price_fen: int
    state: State
    stage: None | Stage | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        brand_total_fen = self.brand_total_fen

        compensation_fen = self.compensation_fen

        orders = self.orders

        paid_out_fen = self.paid_out_fen

        price_fen = self.price_fen

        state = self.state.value

        stage: None | str | Unset
        if isinstance(self.stage, Unset):
            stage = UNSET
        elif isinstance(self.stage, Stage):
            stage = self.stage.value
        else:
            stage = self.stage

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "brand_total_fen": brand_total_fen,
                "compensation_fen": compensation_fen,
                "orders": orders,
                "paid_out_fen": paid_out_fen,
                "price_fen": price_fen,
                "state": state,
            }
        )
        if stage is not UNSET:
            field_dict["stage"] = stage

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        brand_total_fen = d.pop("brand_total_fen")

        compensation_fen = d.pop("compensation_fen")

        orders = d.pop("orders")

        paid_out_fen = d.pop("paid_out_fen")

        price_fen = d.pop("price_fen")

        state = State(d.pop("state"))

        def _parse_stage(data: object) -> None | Stage | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                stage_type_0 = Stage(data)

                return stage_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Stage | Unset, data)

        stage = _parse_stage(d.pop("stage", UNSET))

        state_group = cls(
            brand_total_fen=brand_total_fen,
            compensation_fen=compensation_fen,
            orders=orders,
            paid_out_fen=paid_out_fen,
            price_fen=price_fen,
            state=state,
            stage=stage,
        )

        state_group.additional_properties = d
        return state_group

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
