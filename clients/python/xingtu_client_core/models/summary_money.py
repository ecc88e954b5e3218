from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SummaryMoney")


@_attrs_define
class SummaryMoney:
    """
    Attributes:
        budgeted_fen (int | None): the project's budget; null: none
        committed_fen (int): in escrow + settled (what budgets count)
        compensation_fen (int): price paid to the creator side on cancellations
        in_escrow_fen (int): brand totals of orders not yet settled or refunded
        refunded_fen (int): given back to the brand out of escrow
        remaining_fen (int | None): budgeted_fen - committed_fen
        settled_fen (int): paid out of escrow to the creator side and the platform: closed orders, the settled part of
            disputes, cancellation compensation with its fee
    """

    budgeted_fen: int | None
    committed_fen: int
    compensation_fen: int
    in_escrow_fen: int
    refunded_fen: int
    remaining_fen: int | None
    settled_fen: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        budgeted_fen: int | None
        budgeted_fen = self.budgeted_fen

        committed_fen = self.committed_fen

        compensation_fen = self.compensation_fen

        in_escrow_fen = self.in_escrow_fen

        refunded_fen = self.refunded_fen

        remaining_fen: int | None
        remaining_fen = self.remaining_fen

        settled_fen = self.settled_fen

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "budgeted_fen": budgeted_fen,
                "committed_fen": committed_fen,
                "compensation_fen": compensation_fen,
                "in_escrow_fen": in_escrow_fen,
                "refunded_fen": refunded_fen,
                "remaining_fen": remaining_fen,
                "settled_fen": settled_fen,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_budgeted_fen(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        budgeted_fen = _parse_budgeted_fen(d.pop("budgeted_fen"))

        committed_fen = d.pop("committed_fen")

        compensation_fen = d.pop("compensation_fen")

        in_escrow_fen = d.pop("in_escrow_fen")

        refunded_fen = d.pop("refunded_fen")

        def _parse_remaining_fen(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        remaining_fen = _parse_remaining_fen(d.pop("remaining_fen"))

        settled_fen = d.pop("settled_fen")

        summary_money = cls(
            budgeted_fen=budgeted_fen,
            committed_fen=committed_fen,
            compensation_fen=compensation_fen,
            in_escrow_fen=in_escrow_fen,
            refunded_fen=refunded_fen,
            remaining_fen=remaining_fen,
            settled_fen=settled_fen,
        )

        summary_money.additional_properties = d
        return summary_money

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
