from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.platform import Platform

T = TypeVar("T", bound="ChannelPublic")


@_attrs_define
class ChannelPublic:
    """
    Attributes:
        created_at (datetime.datetime):
        creator_id (str):
        followers (int):
        handle (str):
        id (str):
        in_good_standing (bool):
        platform (Platform):
        updated_at (datetime.datetime):
    """

    created_at: datetime.datetime
    creator_id: str
    followers: int
    handle: str
    id: str
    in_good_standing: bool
    platform: Platform
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        creator_id = self.creator_id

        followers = self.followers

        handle = self.handle

        id = self.id

        in_good_standing = self.in_good_standing

        platform = self.platform.value

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "creator_id": creator_id,
                "followers": followers,
                "handle": handle,
                "id": id,
                "in_good_standing": in_good_standing,
                "platform": platform,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        creator_id = d.pop("creator_id")

        followers = d.pop("followers")

        handle = d.pop("handle")

        id = d.pop("id")

        in_good_standing = d.pop("in_good_standing")

        platform = Platform(d.pop("platform"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        channel_public = cls(
            created_at=created_at,
            creator_id=creator_id,
            followers=followers,
            handle=handle,
            id=id,
            in_good_standing=in_good_standing,
            platform=platform,
            updated_at=updated_at,
        )

        channel_public.additional_properties = d
        return channel_public

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
