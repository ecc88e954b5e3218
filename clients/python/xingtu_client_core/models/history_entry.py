from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.actor import Actor
from ..models.state import State
from ..models.trigger import Trigger

if TYPE_CHECKING:
    from ..models.history_entry_details import HistoryEntryDetails


T = TypeVar("T", bound="HistoryEntry")


@_attrs_define
class HistoryEntry:
    """
    Attributes:
        actor_id (None | str):
        actor_kind (Actor): Who fires a trigger: a party kind, or the service itself.
        at (datetime.datetime):
        details (HistoryEntryDetails):
        from_state (None | State):
        id (int):
        reason (None | str):
        to_state (State):
        trigger (Trigger): a trigger of the order machine (`GET /v1/order-machine`), or a step the service records
            outside it (`change_retention`)
    """

    actor_id: None | str
    actor_kind: Actor
    at: datetime.datetime
    details: HistoryEntryDetails
    from_state: None | State
    id: int
    reason: None | str
    to_state: State
    trigger: Trigger
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        actor_id: None | str
        actor_id = self.actor_id

        actor_kind = self.actor_kind.value

        at = self.at.isoformat()

        details = self.details.to_dict()

        from_state: None | str
        if isinstance(self.from_state, State):
            from_state = self.from_state.value
        else:
            from_state = self.from_state

        id = self.id

        reason: None | str
        reason = self.reason

        to_state = self.to_state.value

        trigger = self.trigger.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "actor_id": actor_id,
                "actor_kind": actor_kind,
                "at": at,
                "details": details,
                "from_state": from_state,
                "id": id,
                "reason": reason,
                "to_state": to_state,
                "trigger": trigger,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.history_entry_details import HistoryEntryDetails  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_actor_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        actor_id = _parse_actor_id(d.pop("actor_id"))

        actor_kind = Actor(d.pop("actor_kind"))

        at = datetime.datetime.fromisoformat(d.pop("at"))

        details = HistoryEntryDetails.from_dict(d.pop("details"))

        def _parse_from_state(data: object) -> None | State:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                from_state_type_0 = State(data)

                return from_state_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | State, data)

        from_state = _parse_from_state(d.pop("from_state"))

        id = d.pop("id")

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))

        to_state = State(d.pop("to_state"))

        trigger = Trigger(d.pop("trigger"))

        history_entry = cls(
            actor_id=actor_id,
            actor_kind=actor_kind,
            at=at,
            details=details,
            from_state=from_state,
            id=id,
            reason=reason,
            to_state=to_state,
            trigger=trigger,
        )

        history_entry.additional_properties = d
        return history_entry

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
