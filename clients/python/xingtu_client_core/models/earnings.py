from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.month_earnings import MonthEarnings


T = TypeVar("T", bound="Earnings")


@_attrs_define
class Earnings:
    """
    Attributes:
        creator_id (str):
        months (list[MonthEarnings]): oldest first
        pending_fen (int): every payout still held in escrow
    """

    creator_id: str
    months: list[MonthEarnings]
    pending_fen: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        creator_id = self.creator_id

        months = []
        for months_item_data in self.months:
            months_item = months_item_data.to_dict()
            months.append(months_item)

        pending_fen = self.pending_fen

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "creator_id": creator_id,
                "months": months,
                "pending_fen": pending_fen,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.month_earnings import MonthEarnings  # noqa: PLC0415

        d = dict(src_dict)
        creator_id = d.pop("creator_id")

        months = []
        _months = d.pop("months")
        for months_item_data in _months:
            months_item = MonthEarnings.from_dict(months_item_data)

            months.append(months_item)

        pending_fen = d.pop("pending_fen")

        earnings = cls(
            creator_id=creator_id,
            months=months,
            pending_fen=pending_fen,
        )

        earnings.additional_properties = d
        return earnings

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
