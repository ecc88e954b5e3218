from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.payout_channel import PayoutChannel
from ..models.withdrawal_state import WithdrawalState

T = TypeVar("T", bound="WithdrawalPublic")


@_attrs_define
class WithdrawalPublic:
    """
    Attributes:
        amount_fen (int):
        channel (PayoutChannel):
        created_at (datetime.datetime):
        destination (str):
        expected_arrival_by (datetime.datetime):
        failure_reason (None | str):
        id (str):
        party_id (str):
        state (WithdrawalState):
        updated_at (datetime.datetime):
    """

    amount_fen: int
    channel: PayoutChannel
    created_at: datetime.datetime
    destination: str
    expected_arrival_by: datetime.datetime
    failure_reason: None | str
    id: str
    party_id: str
    state: WithdrawalState
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount_fen = self.amount_fen

        channel = self.channel.value

        created_at = self.created_at.isoformat()

        destination = self.destination

        expected_arrival_by = self.expected_arrival_by.isoformat()

        failure_reason: None | str
        failure_reason = self.failure_reason

        id = self.id

        party_id = self.party_id

        state = self.state.value

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount_fen": amount_fen,
                "channel": channel,
                "created_at": created_at,
                "destination": destination,
                "expected_arrival_by": expected_arrival_by,
                "failure_reason": failure_reason,
                "id": id,
                "party_id": party_id,
                "state": state,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount_fen = d.pop("amount_fen")

        channel = PayoutChannel(d.pop("channel"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        destination = d.pop("destination")

        expected_arrival_by = datetime.datetime.fromisoformat(d.pop("expected_arrival_by"))

        def _parse_failure_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        failure_reason = _parse_failure_reason(d.pop("failure_reason"))

        id = d.pop("id")

        party_id = d.pop("party_id")

        state = WithdrawalState(d.pop("state"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        withdrawal_public = cls(
            amount_fen=amount_fen,
            channel=channel,
            created_at=created_at,
            destination=destination,
            expected_arrival_by=expected_arrival_by,
            failure_reason=failure_reason,
            id=id,
            party_id=party_id,
            state=state,
            updated_at=updated_at,
        )

        withdrawal_public.additional_properties = d
        return withdrawal_public

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
