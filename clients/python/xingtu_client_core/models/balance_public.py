from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="BalancePublic")


@_attrs_define
class BalancePublic:
    """
    Attributes:
        available_fen (int):
        escrow_fen (int): brands: held for their open orders
        party_id (str):
        pending_withdrawal_fen (int): creators and MCNs: on the way out
        currency (str | Unset):  Default: 'CNY'.
    """

    available_fen: int
    escrow_fen: int
    party_id: str
    pending_withdrawal_fen: int
    currency: str | Unset = "CNY"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        available_fen = self.available_fen

        escrow_fen = self.escrow_fen

        party_id = self.party_id

        pending_withdrawal_fen = self.pending_withdrawal_fen

        currency = self.currency

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "available_fen": available_fen,
                "escrow_fen": escrow_fen,
                "party_id": party_id,
                "pending_withdrawal_fen": pending_withdrawal_fen,
            }
        )
        if currency is not UNSET:
            field_dict["currency"] = currency

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        available_fen = d.pop("available_fen")

        escrow_fen = d.pop("escrow_fen")

        party_id = d.pop("party_id")

        pending_withdrawal_fen = d.pop("pending_withdrawal_fen")

        currency = d.pop("currency", UNSET)

        balance_public = cls(
            available_fen=available_fen,
            escrow_fen=escrow_fen,
            party_id=party_id,
            pending_withdrawal_fen=pending_withdrawal_fen,
            currency=currency,
        )

        balance_public.additional_properties = d
        return balance_public

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
