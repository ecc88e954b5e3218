from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.message_status import MessageStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.message_public_findings_item import MessagePublicFindingsItem


T = TypeVar("T", bound="MessagePublic")


@_attrs_define
class MessagePublic:
    """
    Attributes:
        created_at (datetime.datetime):
        delivered (bool):
        findings (list[MessagePublicFindingsItem]): what the screen found: `kind`, `match` and `score` (0-1) of each
        id (str):
        order_id (str):
        sender_id (str):
        sender_kind (str):
        status (MessageStatus):
        text (str):
        decided_at (datetime.datetime | None | Unset): when ops released or confirmed it
        decision_reason (None | str | Unset):
    """

    created_at: datetime.datetime
    delivered: bool
    findings: list[MessagePublicFindingsItem]
    id: str
    order_id: str
    sender_id: str
    sender_kind: str
    status: MessageStatus
    text: str
    decided_at: datetime.datetime | None | Unset = UNSET
    decision_reason: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        delivered = self.delivered

        findings = []
        for findings_item_data in self.findings:
            findings_item = findings_item_data.to_dict()
            findings.append(findings_item)

        id = self.id

        order_id = self.order_id

        sender_id = self.sender_id

        sender_kind = self.sender_kind

        status = self.status.value

        text = self.text

        decided_at: None | str | Unset
        if isinstance(self.decided_at, Unset):
            decided_at = UNSET
        elif isinstance(self.decided_at, datetime.datetime):
            decided_at = self.decided_at.isoformat()
        else:
            decided_at = self.decided_at

        decision_reason: None | str | Unset
        if isinstance(self.decision_reason, Unset):
            decision_reason = UNSET
        else:
            decision_reason = self.decision_reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "delivered": delivered,
                "findings": findings,
                "id": id,
                "order_id": order_id,
                "sender_id": sender_id,
                "sender_kind": sender_kind,
                "status": status,
                "text": text,
            }
        )
        if decided_at is not UNSET:
            field_dict["decided_at"] = decided_at
        if decision_reason is not UNSET:
            field_dict["decision_reason"] = decision_reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.message_public_findings_item import MessagePublicFindingsItem  # noqa: PLC0415

        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        delivered = d.pop("delivered")

        findings = []
        _findings = d.pop("findings")
        for findings_item_data in _findings:
            findings_item = MessagePublicFindingsItem.from_dict(findings_item_data)

            findings.append(findings_item)

        id = d.pop("id")

        order_id = d.pop("order_id")

        sender_id = d.pop("sender_id")

        sender_kind = d.pop("sender_kind")

        status = MessageStatus(d.pop("status"))

        text = d.pop("text")

        def _parse_decided_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                decided_at_type_0 = datetime.datetime.fromisoformat(data)

                return decided_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        decided_at = _parse_decided_at(d.pop("decided_at", UNSET))

        def _parse_decision_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        decision_reason = _parse_decision_reason(d.pop("decision_reason", UNSET))

        message_public = cls(
            created_at=created_at,
            delivered=delivered,
            findings=findings,
            id=id,
            order_id=order_id,
            sender_id=sender_id,
            sender_kind=sender_kind,
            status=status,
            text=text,
            decided_at=decided_at,
            decision_reason=decision_reason,
        )

        message_public.additional_properties = d
        return message_public

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
