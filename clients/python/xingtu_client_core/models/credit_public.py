from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.violation_public import ViolationPublic


T = TypeVar("T", bound="CreditPublic")


@_attrs_define
class CreditPublic:
    """
    Attributes:
        creator_id (str):
        credit_score (int):
        order_rights (bool): may receive and accept orders
        order_rights_suspended (bool):
        violations (list[ViolationPublic]):
        year (int):
    """

    creator_id: str
    credit_score: int
    order_rights: bool
    order_rights_suspended: bool
    violations: list[ViolationPublic]
    year: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        creator_id = self.creator_id

        credit_score = self.credit_score

        order_rights = self.order_rights

        order_rights_suspended = self.order_rights_suspended

        violations = []
        for violations_item_data in self.violations:
            violations_item = violations_item_data.to_dict()
            violations.append(violations_item)

        year = self.year

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "creator_id": creator_id,
                "credit_score": credit_score,
                "order_rights": order_rights,
                "order_rights_suspended": order_rights_suspended,
                "violations": violations,
                "year": year,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.violation_public import ViolationPublic  # noqa: PLC0415

        d = dict(src_dict)
        creator_id = d.pop("creator_id")

        credit_score = d.pop("credit_score")

        order_rights = d.pop("order_rights")

        order_rights_suspended = d.pop("order_rights_suspended")

        violations = []
        _violations = d.pop("violations")
        for violations_item_data in _violations:
            violations_item = ViolationPublic.from_dict(violations_item_data)

            violations.append(violations_item)

        year = d.pop("year")

        credit_public = cls(
            creator_id=creator_id,
            credit_score=credit_score,
            order_rights=order_rights,
            order_rights_suspended=order_rights_suspended,
            violations=violations,
            year=year,
        )

        credit_public.additional_properties = d
        return credit_public

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
