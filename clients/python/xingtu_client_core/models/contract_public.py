from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.contract_state import ContractState

T = TypeVar("T", bound="ContractPublic")


@_attrs_define
class ContractPublic:
    """
    Attributes:
        accepted_at (datetime.datetime | None):
        created_at (datetime.datetime):
        creator_id (str):
        end_reason (None | str):
        ended_at (datetime.datetime | None):
        ends_at (datetime.datetime):
        id (str):
        mcn_id (str):
        share_bps (int):
        state (ContractState):
    """

    accepted_at: datetime.datetime | None
    created_at: datetime.datetime
    creator_id: str
    end_reason: None | str
    ended_at: datetime.datetime | None
    ends_at: datetime.datetime
    id: str
    mcn_id: str
    share_bps: int
    state: ContractState
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        accepted_at: None | str
        if isinstance(self.accepted_at, datetime.datetime):
            accepted_at = self.accepted_at.isoformat()
        else:
            accepted_at = self.accepted_at

        created_at = self.created_at.isoformat()

        creator_id = self.creator_id

        end_reason: None | str
        end_reason = self.end_reason

        ended_at: None | str
        if isinstance(self.ended_at, datetime.datetime):
            ended_at = self.ended_at.isoformat()
        else:
            ended_at = self.ended_at

        ends_at = self.ends_at.isoformat()

        id = self.id

        mcn_id = self.mcn_id

        share_bps = self.share_bps

        state = self.state.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "accepted_at": accepted_at,
                "created_at": created_at,
                "creator_id": creator_id,
                "end_reason": end_reason,
                "ended_at": ended_at,
                "ends_at": ends_at,
                "id": id,
                "mcn_id": mcn_id,
                "share_bps": share_bps,
                "state": state,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_accepted_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                accepted_at_type_0 = datetime.datetime.fromisoformat(data)

                return accepted_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        accepted_at = _parse_accepted_at(d.pop("accepted_at"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        creator_id = d.pop("creator_id")

        def _parse_end_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        end_reason = _parse_end_reason(d.pop("end_reason"))

        def _parse_ended_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ended_at_type_0 = datetime.datetime.fromisoformat(data)

                return ended_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        ended_at = _parse_ended_at(d.pop("ended_at"))

        ends_at = datetime.datetime.fromisoformat(d.pop("ends_at"))

        id = d.pop("id")

        mcn_id = d.pop("mcn_id")

        share_bps = d.pop("share_bps")

        state = ContractState(d.pop("state"))

        contract_public = cls(
            accepted_at=accepted_at,
            created_at=created_at,
            creator_id=creator_id,
            end_reason=end_reason,
            ended_at=ended_at,
            ends_at=ends_at,
            id=id,
            mcn_id=mcn_id,
            share_bps=share_bps,
            state=state,
        )

        contract_public.additional_properties = d
        return contract_public

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
