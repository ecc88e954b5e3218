from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.party_kind import PartyKind

T = TypeVar("T", bound="CreatorPublic")


@_attrs_define
class CreatorPublic:
    """
    Attributes:
        created_at (datetime.datetime):
        credit_score (int):
        id (str):
        kind (PartyKind):
        name (str):
        order_rights_suspended (bool):
        under_mcn_contract (bool):
    """

    created_at: datetime.datetime
    credit_score: int
    id: str
    kind: PartyKind
    name: str
    order_rights_suspended: bool
    under_mcn_contract: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        credit_score = self.credit_score

        id = self.id

        kind = self.kind.value

        name = self.name

        order_rights_suspended = self.order_rights_suspended

        under_mcn_contract = self.under_mcn_contract

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "credit_score": credit_score,
                "id": id,
                "kind": kind,
                "name": name,
                "order_rights_suspended": order_rights_suspended,
                "under_mcn_contract": under_mcn_contract,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        credit_score = d.pop("credit_score")

        id = d.pop("id")

        kind = PartyKind(d.pop("kind"))

        name = d.pop("name")

        order_rights_suspended = d.pop("order_rights_suspended")

        under_mcn_contract = d.pop("under_mcn_contract")

        creator_public = cls(
            created_at=created_at,
            credit_score=credit_score,
            id=id,
            kind=kind,
            name=name,
            order_rights_suspended=order_rights_suspended,
            under_mcn_contract=under_mcn_contract,
        )

        creator_public.additional_properties = d
        return creator_public

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
