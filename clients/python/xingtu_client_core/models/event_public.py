from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.event_type import EventType

if TYPE_CHECKING:
    from ..models.event_public_data import EventPublicData
    from ..models.event_public_previous import EventPublicPrevious


T = TypeVar("T", bound="EventPublic")


@_attrs_define
class EventPublic:
    """
    Attributes:
        created_at (datetime.datetime):
        data (EventPublicData): the object after the change
        id (str): unique: receivers dedupe by it
        object_id (str):
        object_type (str):
        previous (EventPublicPrevious): the previous values of what changed
        sequence (int): strictly increasing; pass the last one as `after`
        type_ (EventType | str): order.<trigger>, balance.changed, withdrawal.<state>, message.<step>,
            private_deal_case.<step>
    """

    created_at: datetime.datetime
    data: EventPublicData
    id: str
    object_id: str
    object_type: str
    previous: EventPublicPrevious
    sequence: int
    type_: EventType | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        data = self.data.to_dict()

        id = self.id

        object_id = self.object_id

        object_type = self.object_type

        previous = self.previous.to_dict()

        sequence = self.sequence

        type_: str
        if isinstance(self.type_, EventType):
            type_ = self.type_.value
        else:
            type_ = self.type_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "data": data,
                "id": id,
                "object_id": object_id,
                "object_type": object_type,
                "previous": previous,
                "sequence": sequence,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.event_public_data import EventPublicData  # noqa: PLC0415
        from ..models.event_public_previous import EventPublicPrevious  # noqa: PLC0415

        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        data = EventPublicData.from_dict(d.pop("data"))

        id = d.pop("id")

        object_id = d.pop("object_id")

        object_type = d.pop("object_type")

        previous = EventPublicPrevious.from_dict(d.pop("previous"))

        sequence = d.pop("sequence")

        def _parse_type_(data: object) -> EventType | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                type_type_0 = EventType(data)

                return type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EventType | str, data)

        type_ = _parse_type_(d.pop("type"))

        event_public = cls(
            created_at=created_at,
            data=data,
            id=id,
            object_id=object_id,
            object_type=object_type,
            previous=previous,
            sequence=sequence,
            type_=type_,
        )

        event_public.additional_properties = d
        return event_public

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
