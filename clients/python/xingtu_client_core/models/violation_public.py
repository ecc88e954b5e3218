from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.violation_kind import ViolationKind
from ..models.violation_status import ViolationStatus

T = TypeVar("T", bound="ViolationPublic")


@_attrs_define
class ViolationPublic:
    """
    Attributes:
        appeal (None | str):
        created_at (datetime.datetime):
        creator_id (str):
        decision_reason (None | str):
        evidence (None | str):
        id (str):
        kind (ViolationKind):
        order_id (None | str):
        points (int):
        status (ViolationStatus):
        year (int):
    """

    appeal: None | str
    created_at: datetime.datetime
    creator_id: str
    decision_reason: None | str
    evidence: None | str
    id: str
    kind: ViolationKind
    order_id: None | str
    points: int
    status: ViolationStatus
    year: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        appeal: None | str
        appeal = self.appeal

        created_at = self.created_at.isoformat()

        creator_id = self.creator_id

        decision_reason: None | str
        decision_reason = self.decision_reason

        evidence: None | str
        evidence = self.evidence

        id = self.id

        kind = self.kind.value

        order_id: None | str
        order_id = self.order_id

        points = self.points

        status = self.status.value

        year = self.year

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "appeal": appeal,
                "created_at": created_at,
                "creator_id": creator_id,
                "decision_reason": decision_reason,
                "evidence": evidence,
                "id": id,
                "kind": kind,
                "order_id": order_id,
                "points": points,
                "status": status,
                "year": year,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_appeal(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        appeal = _parse_appeal(d.pop("appeal"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        creator_id = d.pop("creator_id")

        def _parse_decision_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        decision_reason = _parse_decision_reason(d.pop("decision_reason"))

        def _parse_evidence(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        evidence = _parse_evidence(d.pop("evidence"))

        id = d.pop("id")

        kind = ViolationKind(d.pop("kind"))

        def _parse_order_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        order_id = _parse_order_id(d.pop("order_id"))

        points = d.pop("points")

        status = ViolationStatus(d.pop("status"))

        year = d.pop("year")

        violation_public = cls(
            appeal=appeal,
            created_at=created_at,
            creator_id=creator_id,
            decision_reason=decision_reason,
            evidence=evidence,
            id=id,
            kind=kind,
            order_id=order_id,
            points=points,
            status=status,
            year=year,
        )

        violation_public.additional_properties = d
        return violation_public

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
