from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.video_status import VideoStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="Snapshot")


@_attrs_define
class Snapshot:
    """
    Attributes:
        observed_at (datetime.datetime):
        status (VideoStatus):
        comments (int | Unset):  Default: 0.
        likes (int | Unset):  Default: 0.
        plays (int | Unset):  Default: 0.
        shares (int | Unset):  Default: 0.
    """

    observed_at: datetime.datetime
    status: VideoStatus
    comments: int | Unset = 0
    likes: int | Unset = 0
    plays: int | Unset = 0
    shares: int | Unset = 0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        observed_at = self.observed_at.isoformat()

        status = self.status.value

        comments = self.comments

        likes = self.likes

        plays = self.plays

        shares = self.shares

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "observed_at": observed_at,
                "status": status,
            }
        )
        if comments is not UNSET:
            field_dict["comments"] = comments
        if likes is not UNSET:
            field_dict["likes"] = likes
        if plays is not UNSET:
            field_dict["plays"] = plays
        if shares is not UNSET:
            field_dict["shares"] = shares

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        observed_at = datetime.datetime.fromisoformat(d.pop("observed_at"))

        status = VideoStatus(d.pop("status"))

        comments = d.pop("comments", UNSET)

        likes = d.pop("likes", UNSET)

        plays = d.pop("plays", UNSET)

        shares = d.pop("shares", UNSET)

        snapshot = cls(
            observed_at=observed_at,
            status=status,
            comments=comments,
            likes=likes,
            plays=plays,
            shares=shares,
        )

        snapshot.additional_properties = d
        return snapshot

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
