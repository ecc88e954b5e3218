from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.account_kind import AccountKind
from ..models.entry_kind import EntryKind

T = TypeVar("T", bound="LedgerLine")


@_attrs_define
class LedgerLine:
    """
    Attributes:
        account_kind (AccountKind):
        amount_fen (int):
        created_at (datetime.datetime):
        entry_id (str):
        entry_kind (EntryKind):
        id (int):
        order_id (None | str):
        top_up_id (None | str):
        withdrawal_id (None | str):
    """

    account_kind: AccountKind
    amount_fen: int
    created_at: datetime.datetime
    entry_id: str
    entry_kind: EntryKind
    id: int
    order_id: None | str
    top_up_id: None | str
    withdrawal_id: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account_kind = self.account_kind.value

        amount_fen = self.amount_fen

        created_at = self.created_at.isoformat()

        entry_id = self.entry_id

        entry_kind = self.entry_kind.value

        id = self.id

        order_id: None | str
        order_id = self.order_id

        top_up_id: None | str
        top_up_id = self.top_up_id

        withdrawal_id: None | str
        withdrawal_id = self.withdrawal_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "account_kind": account_kind,
                "amount_fen": amount_fen,
                "created_at": created_at,
                "entry_id": entry_id,
                "entry_kind": entry_kind,
                "id": id,
                "order_id": order_id,
                "top_up_id": top_up_id,
                "withdrawal_id": withdrawal_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        account_kind = AccountKind(d.pop("account_kind"))

        amount_fen = d.pop("amount_fen")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        entry_id = d.pop("entry_id")

        entry_kind = EntryKind(d.pop("entry_kind"))

        id = d.pop("id")

        def _parse_order_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        order_id = _parse_order_id(d.pop("order_id"))

        def _parse_top_up_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        top_up_id = _parse_top_up_id(d.pop("top_up_id"))

        def _parse_withdrawal_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        withdrawal_id = _parse_withdrawal_id(d.pop("withdrawal_id"))

        ledger_line = cls(
            account_kind=account_kind,
            amount_fen=amount_fen,
            created_at=created_at,
            entry_id=entry_id,
            entry_kind=entry_kind,
            id=id,
            order_id=order_id,
            top_up_id=top_up_id,
            withdrawal_id=withdrawal_id,
        )

        ledger_line.additional_properties = d
        return ledger_line

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
