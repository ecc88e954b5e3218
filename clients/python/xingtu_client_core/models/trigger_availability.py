from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.trigger import Trigger

if TYPE_CHECKING:
    from ..models.closed_reason import ClosedReason


T = TypeVar("T", bound="TriggerAvailability")


@_attrs_define
class TriggerAvailability:
    """
    Attributes:
        allowed (bool):
        reasons (list[ClosedReason]): why it cannot fire now
        requires (list[str]): fields the request must carry
        trigger (Trigger): a trigger of the order machine (`GET /v1/order-machine`), or a step the service records
            outside it (`change_retention`)
    """

    allowed: bool
    reasons: list[ClosedReason]
    requires: list[str]
    trigger: Trigger
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        allowed = self.allowed

        reasons = []
        for reasons_item_data in self.reasons:
            reasons_item = reasons_item_data.to_dict()
            reasons.append(reasons_item)

        requires = self.requires

        trigger = self.trigger.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "allowed": allowed,
                "reasons": reasons,
                "requires": requires,
                "trigger": trigger,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.closed_reason import ClosedReason  # noqa: PLC0415

        d = dict(src_dict)
        allowed = d.pop("allowed")

        reasons = []
        _reasons = d.pop("reasons")
        for reasons_item_data in _reasons:
            reasons_item = ClosedReason.from_dict(reasons_item_data)

            reasons.append(reasons_item)

        requires = cast(list[str], d.pop("requires"))

        trigger = Trigger(d.pop("trigger"))

        trigger_availability = cls(
            allowed=allowed,
            reasons=reasons,
            requires=requires,
            trigger=trigger,
        )

        trigger_availability.additional_properties = d
        return trigger_availability

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
