from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.actor import Actor
from ..models.money import Money
from ..models.state import State
from ..models.trigger import Trigger

if TYPE_CHECKING:
    from ..models.branch_description import BranchDescription
    from ..models.guard_description import GuardDescription
    from ..models.stage_move import StageMove


T = TypeVar("T", bound="MachineTransition")


@_attrs_define
class MachineTransition:
    """One row of the transition table.

    Attributes:
        actors (list[Actor]):
        branches (list[BranchDescription]): other destinations, tried first
        description (str):
        dest (None | State): null: the order stays in its state
        fires_on (None | str): the deadline on which the service fires it
        guards (list[GuardDescription]):
        marks (None | str): what it marks on the order (escalation, dispute)
        money (Money): What a transition does with the order's money.
        requires (list[str]): fields the request must carry
        schedules (None | str): the deadline it sets
        sources (list[State]): empty for `create`, which makes the order
        stages (list[StageMove]): the stages of `accepted` it fires from, and where each leads; empty: any
        suspends_order_rights (bool):
        trigger (Trigger): a trigger of the order machine (`GET /v1/order-machine`), or a step the service records
            outside it (`change_retention`)
        violation (None | str): the violation it records on the creator
    """

    actors: list[Actor]
    branches: list[BranchDescription]
    description: str
    dest: None | State
    fires_on: None | str
    guards: list[GuardDescription]
    marks: None | str
    money: Money
    requires: list[str]
    schedules: None | str
    sources: list[State]
    stages: list[StageMove]
    suspends_order_rights: bool
    trigger: Trigger
    violation: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        actors = []
        for actors_item_data in self.actors:
            actors_item = actors_item_data.value
            actors.append(actors_item)

        branches = []
        for branches_item_data in self.branches:
            branches_item = branches_item_data.to_dict()
            branches.append(branches_item)

        description = self.description

        dest: None | str
        if isinstance(self.dest, State):
            dest = self.dest.value
        else:
            dest = self.dest

        fires_on: None | str
        fires_on = self.fires_on

        guards = []
        for guards_item_data in self.guards:
            guards_item = guards_item_data.to_dict()
            guards.append(guards_item)

        marks: None | str
        marks = self.marks

        money = self.money.value

        requires = self.requires

        schedules: None | str
        schedules = self.schedules

        sources = []
        for sources_item_data in self.sources:
            sources_item = sources_item_data.value
            sources.append(sources_item)

        stages = []
        for stages_item_data in self.stages:
            stages_item = stages_item_data.to_dict()
            stages.append(stages_item)

        suspends_order_rights = self.suspends_order_rights

        trigger = self.trigger.value

        violation: None | str
        violation = self.violation

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "actors": actors,
                "branches": branches,
                "description": description,
                "dest": dest,
                "fires_on": fires_on,
                "guards": guards,
                "marks": marks,
                "money": money,
                "requires": requires,
                "schedules": schedules,
                "sources": sources,
                "stages": stages,
                "suspends_order_rights": suspends_order_rights,
                "trigger": trigger,
                "violation": violation,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.branch_description import BranchDescription  # noqa: PLC0415
        from ..models.guard_description import GuardDescription  # noqa: PLC0415
        from ..models.stage_move import StageMove  # noqa: PLC0415

        d = dict(src_dict)
        actors = []
        _actors = d.pop("actors")
        for actors_item_data in _actors:
            actors_item = Actor(actors_item_data)

            actors.append(actors_item)

        branches = []
        _branches = d.pop("branches")
        for branches_item_data in _branches:
            branches_item = BranchDescription.from_dict(branches_item_data)

            branches.append(branches_item)

        description = d.pop("description")

        def _parse_dest(data: object) -> None | State:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                dest_type_0 = State(data)

                return dest_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | State, data)

        dest = _parse_dest(d.pop("dest"))

        def _parse_fires_on(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        fires_on = _parse_fires_on(d.pop("fires_on"))

        guards = []
        _guards = d.pop("guards")
        for guards_item_data in _guards:
            guards_item = GuardDescription.from_dict(guards_item_data)

            guards.append(guards_item)

        def _parse_marks(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        marks = _parse_marks(d.pop("marks"))

        money = Money(d.pop("money"))

        requires = cast(list[str], d.pop("requires"))

        def _parse_schedules(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        schedules = _parse_schedules(d.pop("schedules"))

        sources = []
        _sources = d.pop("sources")
        for sources_item_data in _sources:
            sources_item = State(sources_item_data)

            sources.append(sources_item)

        stages = []
        _stages = d.pop("stages")
        for stages_item_data in _stages:
            stages_item = StageMove.from_dict(stages_item_data)

            stages.append(stages_item)

        suspends_order_rights = d.pop("suspends_order_rights")

        trigger = Trigger(d.pop("trigger"))

        def _parse_violation(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        violation = _parse_violation(d.pop("violation"))

        machine_transition = cls(
            actors=actors,
            branches=branches,
            description=description,
            dest=dest,
            fires_on=fires_on,
            guards=guards,
            marks=marks,
            money=money,
            requires=requires,
            schedules=schedules,
            sources=sources,
            stages=stages,
            suspends_order_rights=suspends_order_rights,
            trigger=trigger,
            violation=violation,
        )

        machine_transition.additional_properties = d
        return machine_transition

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
