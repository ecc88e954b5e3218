from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CallbackResult")


@_attrs_define
class CallbackResult:
    """
    Attributes:
        orders (list[str]): published orders showing this video
        refunded (list[str]): those refunded because it went in the period
        private_deal_case (None | str | Unset): the case opened (or already open) for a commercial video
    """

    orders: list[str]
    refunded: list[str]
    private_deal_case: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        orders = self.orders

        refunded = self.refunded

        private_deal_case: None | str | Unset
        if isinstance(self.private_deal_case, Unset):
            private_deal_case = UNSET
        else:
            private_deal_case = self.private_deal_case

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "orders": orders,
                "refunded": refunded,
            }
        )
        if private_deal_case is not UNSET:
            field_dict["private_deal_case"] = private_deal_case

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        orders = cast(list[str], d.pop("orders"))

        refunded = cast(list[str], d.pop("refunded"))

        def _parse_private_deal_case(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        private_deal_case = _parse_private_deal_case(d.pop("private_deal_case", UNSET))

        callback_result = cls(
            orders=orders,
            refunded=refunded,
            private_deal_case=private_deal_case,
        )

        callback_result.additional_properties = d
        return callback_result

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
