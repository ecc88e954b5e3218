from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.case_status import CaseStatus

T = TypeVar("T", bound="PrivateDealCasePublic")


@_attrs_define
class PrivateDealCasePublic:
    """
    Attributes:
        channel_id (str):
        creator_id (str):
        decided_at (datetime.datetime | None):
        decision_reason (None | str):
        id (str):
        opened_at (datetime.datetime):
        status (CaseStatus):
        video_url (str): the commercial video with no order behind it
        violation_id (None | str): the private_deal violation, once confirmed
    """

    channel_id: str
    creator_id: str
    decided_at: datetime.datetime | None
    decision_reason: None | str
    id: str
    opened_at: datetime.datetime
    status: CaseStatus
    video_url: str
    violation_id: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        channel_id = self.channel_id

        creator_id = self.creator_id

        decided_at: None | str
        if isinstance(self.decided_at, datetime.datetime):
            decided_at = self.decided_at.isoformat()
        else:
            decided_at = self.decided_at

        decision_reason: None | str
        decision_reason = self.decision_reason

        id = self.id

        opened_at = self.opened_at.isoformat()

        status = self.status.value

        video_url = self.video_url

        violation_id: None | str
        violation_id = self.violation_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "channel_id": channel_id,
                "creator_id": creator_id,
                "decided_at": decided_at,
                "decision_reason": decision_reason,
                "id": id,
                "opened_at": opened_at,
                "status": status,
                "video_url": video_url,
                "violation_id": violation_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        channel_id = d.pop("channel_id")

        creator_id = d.pop("creator_id")

        def _parse_decided_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                decided_at_type_0 = datetime.datetime.fromisoformat(data)

                return decided_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        decided_at = _parse_decided_at(d.pop("decided_at"))

        def _parse_decision_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        decision_reason = _parse_decision_reason(d.pop("decision_reason"))

        id = d.pop("id")

        opened_at = datetime.datetime.fromisoformat(d.pop("opened_at"))

        status = CaseStatus(d.pop("status"))

        video_url = d.pop("video_url")

        def _parse_violation_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        violation_id = _parse_violation_id(d.pop("violation_id"))

        private_deal_case_public = cls(
            channel_id=channel_id,
            creator_id=creator_id,
            decided_at=decided_at,
            decision_reason=decision_reason,
            id=id,
            opened_at=opened_at,
            status=status,
            video_url=video_url,
            violation_id=violation_id,
        )

        private_deal_case_public.additional_properties = d
        return private_deal_case_public

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
