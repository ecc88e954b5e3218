from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.channel_verdict import ChannelVerdict


T = TypeVar("T", bound="Eligibility")


@_attrs_define
class Eligibility:
    """
    Attributes:
        channels (list[ChannelVerdict]):
        creator_id (str):
        eligible (bool): true when at least one channel may receive orders
    """

    channels: list[ChannelVerdict]
    creator_id: str
    eligible: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        channels = []
        for channels_item_data in self.channels:
            channels_item = channels_item_data.to_dict()
            channels.append(channels_item)

        creator_id = self.creator_id

        eligible = self.eligible

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "channels": channels,
                "creator_id": creator_id,
                "eligible": eligible,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.channel_verdict import ChannelVerdict  # noqa: PLC0415

        d = dict(src_dict)
        channels = []
        _channels = d.pop("channels")
        for channels_item_data in _channels:
            channels_item = ChannelVerdict.from_dict(channels_item_data)

            channels.append(channels_item)

        creator_id = d.pop("creator_id")

        eligible = d.pop("eligible")

        eligibility = cls(
            channels=channels,
            creator_id=creator_id,
            eligible=eligible,
        )

        eligibility.additional_properties = d
        return eligibility

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
