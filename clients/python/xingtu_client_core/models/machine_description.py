from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.stage import Stage
from ..models.state import State

if TYPE_CHECKING:
    from ..models.machine_description_review_paths import MachineDescriptionReviewPaths
    from ..models.machine_transition import MachineTransition


T = TypeVar("T", bound="MachineDescription")


@_attrs_define
class MachineDescription:
    """
    Attributes:
        final (list[State]):
        initial (State):
        mermaid (str): the machine as a Mermaid state diagram
        review_paths (MachineDescriptionReviewPaths): the stages each kind of review goes through; acceptance leads to
            the first
        stages (list[Stage]): the nested states of `accepted`
        states (list[State]):
        transitions (list[MachineTransition]):
    """

    final: list[State]
    initial: State
    mermaid: str
    review_paths: MachineDescriptionReviewPaths
    stages: list[Stage]
    states: list[State]
    transitions: list[MachineTransition]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        final = []
        for final_item_data in self.final:
            final_item = final_item_data.value
            final.append(final_item)

        initial = self.initial.value

        mermaid = self.mermaid

        review_paths = self.review_paths.to_dict()

        stages = []
        for stages_item_data in self.stages:
            stages_item = stages_item_data.value
            stages.append(stages_item)

        states = []
        for states_item_data in self.states:
            states_item = states_item_data.value
            states.append(states_item)

        transitions = []
        for transitions_item_data in self.transitions:
            transitions_item = transitions_item_data.to_dict()
            transitions.append(transitions_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "final": final,
                "initial": initial,
                "mermaid": mermaid,
                "review_paths": review_paths,
                "stages": stages,
                "states": states,
                "transitions": transitions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.machine_description_review_paths import (
            MachineDescriptionReviewPaths,  # noqa: PLC0415
        )
        from ..models.machine_transition import MachineTransition  # noqa: PLC0415

        d = dict(src_dict)
        final = []
        _final = d.pop("final")
        for final_item_data in _final:
            final_item = State(final_item_data)

            final.append(final_item)

        initial = State(d.pop("initial"))

        mermaid = d.pop("mermaid")

        review_paths = MachineDescriptionReviewPaths.from_dict(d.pop("review_paths"))

        stages = []
        _stages = d.pop("stages")
        for stages_item_data in _stages:
            stages_item = Stage(stages_item_data)

            stages.append(stages_item)

        states = []
        _states = d.pop("states")
        for states_item_data in _states:
            states_item = State(states_item_data)

            states.append(states_item)

        transitions = []
        _transitions = d.pop("transitions")
        for transitions_item_data in _transitions:
            transitions_item = MachineTransition.from_dict(transitions_item_data)

            transitions.append(transitions_item)

        machine_description = cls(
            final=final,
            initial=initial,
            mermaid=mermaid,
            review_paths=review_paths,
            stages=stages,
            states=states,
            transitions=transitions,
        )

        machine_description.additional_properties = d
        return machine_description

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
