from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.trigger_body_video_status_type_0 import TriggerBodyVideoStatusType0
from ..types import UNSET, Unset

T = TypeVar("T", bound="TriggerBody")


@_attrs_define
class TriggerBody:
    """What a trigger may need; send only the fields it names (`requires`).

    Attributes:
        evidence (None | str | Unset):
        reason (None | str | Unset):
        video_status (None | TriggerBodyVideoStatusType0 | Unset): report_removed by ops: what the platform shows now
        video_url (None | str | Unset):
    """

    evidence: None | str | Unset = UNSET
    reason: None | str | Unset = UNSET
    video_status: None | TriggerBodyVideoStatusType0 | Unset = UNSET
    video_url: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        evidence: None | str | Unset
        if isinstance(self.evidence, Unset):
            evidence = UNSET
        else:
            evidence = self.evidence

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        video_status: None | str | Unset
        if isinstance(self.video_status, Unset):
            video_status = UNSET
        elif isinstance(self.video_status, TriggerBodyVideoStatusType0):
            video_status = self.video_status.value
        else:
            video_status = self.video_status

        video_url: None | str | Unset
        if isinstance(self.video_url, Unset):
            video_url = UNSET
        else:
            video_url = self.video_url

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if evidence is not UNSET:
            field_dict["evidence"] = evidence
        if reason is not UNSET:
            field_dict["reason"] = reason
        if video_status is not UNSET:
            field_dict["video_status"] = video_status
        if video_url is not UNSET:
            field_dict["video_url"] = video_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_evidence(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        evidence = _parse_evidence(d.pop("evidence", UNSET))

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        def _parse_video_status(data: object) -> None | TriggerBodyVideoStatusType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                video_status_type_0 = TriggerBodyVideoStatusType0(data)

                return video_status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TriggerBodyVideoStatusType0 | Unset, data)

        video_status = _parse_video_status(d.pop("video_status", UNSET))

        def _parse_video_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        video_url = _parse_video_url(d.pop("video_url", UNSET))

        trigger_body = cls(
            evidence=evidence,
            reason=reason,
            video_status=video_status,
            video_url=video_url,
        )

        return trigger_body
