from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.proposal_state import ProposalState

T = TypeVar("T", bound="CancellationPublic")


@_attrs_define
class CancellationPublic:
    """
    Attributes:
        compensation_fen (int):
        created_at (datetime.datetime):
        expires_at (datetime.datetime):
        id (str):
        order_id (str):
        proposed_by (str):
        proposer_kind (str):
        reason (str):
        state (ProposalState):
    """

    compensation_fen: int
    created_at: datetime.datetime
    expires_at: datetime.datetime
    id: str
    order_id: str
    proposed_by: str
    proposer_kind: str
    reason: str
    state: ProposalState
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        compensation_fen = self.compensation_fen

        created_at = self.created_at.isoformat()

        expires_at = self.expires_at.isoformat()

        id = self.id

        order_id = self.order_id

        proposed_by = self.proposed_by

        proposer_kind = self.proposer_kind

        reason = self.reason

        state = self.state.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "compensation_fen": compensation_fen,
                "created_at": created_at,
                "expires_at": expires_at,
                "id": id,
                "order_id": order_id,
                "proposed_by": proposed_by,
                "proposer_kind": proposer_kind,
                "reason": reason,
                "state": state,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        compensation_fen = d.pop("compensation_fen")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        id = d.pop("id")

        order_id = d.pop("order_id")

        proposed_by = d.pop("proposed_by")

        proposer_kind = d.pop("proposer_kind")

        reason = d.pop("reason")

        state = ProposalState(d.pop("state"))

        cancellation_public = cls(
            compensation_fen=compensation_fen,
            created_at=created_at,
            expires_at=expires_at,
            id=id,
            order_id=order_id,
            proposed_by=proposed_by,
            proposer_kind=proposer_kind,
            reason=reason,
            state=state,
        )

        cancellation_public.additional_properties = d
        return cancellation_public

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
