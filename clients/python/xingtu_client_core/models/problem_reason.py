from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ProblemReason")


@_attrs_define
class ProblemReason:
    """Why a transition was refused: an admission rule the creator fails (`rule`), or a
    guard of the machine that does not hold (`guard`, `code`).

        Attributes:
            detail (str):
            code (str | Unset):
            guard (str | Unset):
            rule (str | Unset):
    """

    detail: str
    code: str | Unset = UNSET
    guard: str | Unset = UNSET
    rule: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        detail = self.detail

        code = self.code

        guard = self.guard

        rule = self.rule

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "detail": detail,
            }
        )
        if code is not UNSET:
            field_dict["code"] = code
        if guard is not UNSET:
            field_dict["guard"] = guard
        if rule is not UNSET:
            field_dict["rule"] = rule

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        detail = d.pop("detail")

        code = d.pop("code", UNSET)

        guard = d.pop("guard", UNSET)

        rule = d.pop("rule", UNSET)

        problem_reason = cls(
            detail=detail,
            code=code,
            guard=guard,
            rule=rule,
        )

        problem_reason.additional_properties = d
        return problem_reason

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
