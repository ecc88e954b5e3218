from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.state import State

if TYPE_CHECKING:
    from ..models.trigger_availability import TriggerAvailability


T = TypeVar("T", bound="OrderTransitions")


@_attrs_define
class OrderTransitions:
    """
    Attributes:
        order_id (str):
        state (State):
        transitions (list[TriggerAvailability]):
        version (int):
    """

    order_id: str
    state: State
    transitions: list[TriggerAvailability]
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        order_id = self.order_id

        state = self.state.value

        transitions = []
        for transitions_item_data in self.transitions:
            transitions_item = transitions_item_data.to_dict()
            transitions.append(transitions_item)

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "order_id": order_id,
                "state": state,
                "transitions": transitions,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.trigger_availability import TriggerAvailability  # noqa: PLC0415

        d = dict(src_dict)
        order_id = d.pop("order_id")

        state = State(d.pop("state"))

        transitions = []
        _transitions = d.pop("transitions")
        for transitions_item_data in _transitions:
            transitions_item = TriggerAvailability.from_dict(transitions_item_data)

            transitions.append(transitions_item)

        version = d.pop("version")

        order_transitions = cls(
            order_id=order_id,
            state=state,
            transitions=transitions,
            version=version,
        )

        order_transitions.additional_properties = d
        return order_transitions

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
