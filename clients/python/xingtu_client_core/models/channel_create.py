from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.platform import Platform
from ..types import UNSET, Unset

T = TypeVar("T", bound="ChannelCreate")


@_attrs_define
class ChannelCreate:
    """
    Attributes:
        followers (int):
        handle (str):
        platform (Platform):
        in_good_standing (bool | Unset):  Default: True.
    """

    followers: int
    handle: str
    platform: Platform
    in_good_standing: bool | Unset = True

    def to_dict(self) -> dict[str, Any]:
        followers = self.followers

        handle = self.handle

        platform = self.platform.value

        in_good_standing = self.in_good_standing

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "followers": followers,
                "handle": handle,
                "platform": platform,
            }
        )
        if in_good_standing is not UNSET:
            field_dict["in_good_standing"] = in_good_standing

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        followers = d.pop("followers")

        handle = d.pop("handle")

        platform = Platform(d.pop("platform"))

        in_good_standing = d.pop("in_good_standing", UNSET)

        channel_create = cls(
            followers=followers,
            handle=handle,
            platform=platform,
            in_good_standing=in_good_standing,
        )

        return channel_create
