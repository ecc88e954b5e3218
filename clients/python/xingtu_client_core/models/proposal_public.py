from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.proposal_state import ProposalState

T = TypeVar("T", bound="ProposalPublic")


@_attrs_define
class ProposalPublic:
    """
    Attributes:
        created_at (datetime.datetime):
        expires_at (datetime.datetime):
        id (str):
        order_id (str):
        proposed_by (str):
        proposer_kind (str):
        retention_days (int):
        state (ProposalState):
    """

    created_at: datetime.datetime
    expires_at: datetime.datetime
    id: str
    order_id: str
    proposed_by: str
    proposer_kind: str
    retention_days: int
    state: ProposalState
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        expires_at = self.expires_at.isoformat()

        id = self.id

        order_id = self.order_id

        proposed_by = self.proposed_by

        proposer_kind = self.proposer_kind

        retention_days = self.retention_days

        state = self.state.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "expires_at": expires_at,
                "id": id,
                "order_id": order_id,
                "proposed_by": proposed_by,
                "proposer_kind": proposer_kind,
                "retention_days": retention_days,
                "state": state,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        id = d.pop("id")

        order_id = d.pop("order_id")

        proposed_by = d.pop("proposed_by")

        proposer_kind = d.pop("proposer_kind")

        retention_days = d.pop("retention_days")

        state = ProposalState(d.pop("state"))

        proposal_public = cls(
            created_at=created_at,
            expires_at=expires_at,
            id=id,
            order_id=order_id,
            proposed_by=proposed_by,
            proposer_kind=proposer_kind,
            retention_days=retention_days,
            state=state,
        )

        proposal_public.additional_properties = d
        return proposal_public

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
