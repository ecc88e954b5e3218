from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.violation_kind import ViolationKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="ViolationCreate")


@_attrs_define
class ViolationCreate:
    """
    Attributes:
        creator_id (str):
        evidence (str):
        kind (ViolationKind):
        order_id (None | str | Unset):
    """

    creator_id: str
    evidence: str
    kind: ViolationKind
    order_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        creator_id = self.creator_id

        evidence = self.evidence

        kind = self.kind.value

        order_id: None | str | Unset
        if isinstance(self.order_id, Unset):
            order_id = UNSET
        else:
            order_id = self.order_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "creator_id": creator_id,
                "evidence": evidence,
                "kind": kind,
            }
        )
        if order_id is not UNSET:
            field_dict["order_id"] = order_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        creator_id = d.pop("creator_id")

        evidence = d.pop("evidence")

        kind = ViolationKind(d.pop("kind"))

        def _parse_order_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        order_id = _parse_order_id(d.pop("order_id", UNSET))

        violation_create = cls(
            creator_id=creator_id,
            evidence=evidence,
            kind=kind,
            order_id=order_id,
        )

        return violation_create
