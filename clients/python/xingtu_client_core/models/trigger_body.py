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
        content (None | str | Unset): submit_script: the script, or a link
        draft_url (None | str | Unset): submit_video: a private link to the video draft
        evidence (None | str | Unset):
        feedback (None | str | Unset): request_*_changes: what to change
        reason (None | str | Unset):
        refund_bps (int | None | Unset): resolve_dispute: share of the price refunded, 0-10,000
        video_status (None | TriggerBodyVideoStatusType0 | Unset): report_removed by ops: what the platform shows now
        video_url (None | str | Unset):
    """

    content: None | str | Unset = UNSET
    draft_url: None | str | Unset = UNSET
    evidence: None | str | Unset = UNSET
    feedback: None | str | Unset = UNSET
    reason: None | str | Unset = UNSET
    refund_bps: int | None | Unset = UNSET
    video_status: None | TriggerBodyVideoStatusType0 | Unset = UNSET
    video_url: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        content: None | str | Unset
        if isinstance(self.content, Unset):
            content = UNSET
        else:
            content = self.content

        draft_url: None | str | Unset
        if isinstance(self.draft_url, Unset):
            draft_url = UNSET
        else:
            draft_url = self.draft_url

        evidence: None | str | Unset
        if isinstance(self.evidence, Unset):
            evidence = UNSET
        else:
            evidence = self.evidence

        feedback: None | str | Unset
        if isinstance(self.feedback, Unset):
            feedback = UNSET
        else:
            feedback = self.feedback

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        refund_bps: int | None | Unset
        if isinstance(self.refund_bps, Unset):
            refund_bps = UNSET
        else:
            refund_bps = self.refund_bps

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
        if content is not UNSET:
            field_dict["content"] = content
        if draft_url is not UNSET:
            field_dict["draft_url"] = draft_url
        if evidence is not UNSET:
            field_dict["evidence"] = evidence
        if feedback is not UNSET:
            field_dict["feedback"] = feedback
        if reason is not UNSET:
            field_dict["reason"] = reason
        if refund_bps is not UNSET:
            field_dict["refund_bps"] = refund_bps
        if video_status is not UNSET:
            field_dict["video_status"] = video_status
        if video_url is not UNSET:
            field_dict["video_url"] = video_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_content(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        content = _parse_content(d.pop("content", UNSET))

        def _parse_draft_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        draft_url = _parse_draft_url(d.pop("draft_url", UNSET))

        def _parse_evidence(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        evidence = _parse_evidence(d.pop("evidence", UNSET))

        def _parse_feedback(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        feedback = _parse_feedback(d.pop("feedback", UNSET))

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        def _parse_refund_bps(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        refund_bps = _parse_refund_bps(d.pop("refund_bps", UNSET))

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
            content=content,
            draft_url=draft_url,
            evidence=evidence,
            feedback=feedback,
            reason=reason,
            refund_bps=refund_bps,
            video_status=video_status,
            video_url=video_url,
        )

        return trigger_body
