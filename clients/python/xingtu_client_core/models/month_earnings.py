from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="MonthEarnings")


@_attrs_define
class MonthEarnings:
    """
    Attributes:
        compensation_fen (int): compensation paid (negative) or received
        month (str): YYYY-MM, Asia/Shanghai
        other_fen (int): reversals and other corrections
        pending_fen (int): payouts of orders created that month, held in escrow until settled
        settled_fen (int): paid out to the available balance by settlements
        withdrawn_fen (int): taken out by withdrawals (net of failed ones)
    """

    compensation_fen: int
    month: str
    other_fen: int
    pending_fen: int
    settled_fen: int
    withdrawn_fen: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        compensation_fen = self.compensation_fen

        month = self.month

        other_fen = self.other_fen

        pending_fen = self.pending_fen

        settled_fen = self.settled_fen

        withdrawn_fen = self.withdrawn_fen

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "compensation_fen": compensation_fen,
                "month": month,
                "other_fen": other_fen,
                "pending_fen": pending_fen,
                "settled_fen": settled_fen,
                "withdrawn_fen": withdrawn_fen,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        compensation_fen = d.pop("compensation_fen")

        month = d.pop("month")

        other_fen = d.pop("other_fen")

        pending_fen = d.pop("pending_fen")

        settled_fen = d.pop("settled_fen")

        withdrawn_fen = d.pop("withdrawn_fen")

        month_earnings = cls(
            compensation_fen=compensation_fen,
            month=month,
            other_fen=other_fen,
            pending_fen=pending_fen,
            settled_fen=settled_fen,
            withdrawn_fen=withdrawn_fen,
        )

        month_earnings.additional_properties = d
        return month_earnings

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
