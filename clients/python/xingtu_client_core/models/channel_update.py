from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ChannelUpdate")


@_attrs_define
class ChannelUpdate:
    """
    Attributes:
        followers (int | None | Unset):
        in_good_standing (bool | None | Unset):
    """

    followers: int | None | Unset = UNSET
    in_good_standing: bool | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        followers: int | None | Unset
        if isinstance(self.followers, Unset):
            followers = UNSET
        else:
            followers = self.followers

        in_good_standing: bool | None | Unset
        if isinstance(self.in_good_standing, Unset):
            in_good_standing = UNSET
        else:
            in_good_standing = self.in_good_standing

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if followers is not UNSET:
            field_dict["followers"] = followers
        if in_good_standing is not UNSET:
            field_dict["in_good_standing"] = in_good_standing

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_followers(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        followers = _parse_followers(d.pop("followers", UNSET))

        def _parse_in_good_standing(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        in_good_standing = _parse_in_good_standing(d.pop("in_good_standing", UNSET))

        channel_update = cls(
            followers=followers,
            in_good_standing=in_good_standing,
        )

        return channel_update
