from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.platform import Platform
from ..models.video_status import VideoStatus

T = TypeVar("T", bound="SimulatedVideoPublic")


@_attrs_define
class SimulatedVideoPublic:
    """
    Attributes:
        comments (int):
        handle (str): the account it was posted on
        likes (int):
        platform (Platform):
        plays (int): as the platform shows them now
        posted_at (datetime.datetime):
        shares (int):
        status (VideoStatus):
        urls (list[str]): every form of its URL the platform answers to
        video_url (str): the video's canonical URL
    """

    comments: int
    handle: str
    likes: int
    platform: Platform
    plays: int
    posted_at: datetime.datetime
    shares: int
    status: VideoStatus
    urls: list[str]
    video_url: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        comments = self.comments

        handle = self.handle

        likes = self.likes

        platform = self.platform.value

        plays = self.plays

        posted_at = self.posted_at.isoformat()

        shares = self.shares

        status = self.status.value

        urls = self.urls

        video_url = self.video_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "comments": comments,
                "handle": handle,
                "likes": likes,
                "platform": platform,
                "plays": plays,
                "posted_at": posted_at,
                "shares": shares,
                "status": status,
                "urls": urls,
                "video_url": video_url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        comments = d.pop("comments")

        handle = d.pop("handle")

        likes = d.pop("likes")

        platform = Platform(d.pop("platform"))

        plays = d.pop("plays")

        posted_at = datetime.datetime.fromisoformat(d.pop("posted_at"))

        shares = d.pop("shares")

        status = VideoStatus(d.pop("status"))

        urls = cast(list[str], d.pop("urls"))

        video_url = d.pop("video_url")

        simulated_video_public = cls(
            comments=comments,
            handle=handle,
            likes=likes,
            platform=platform,
            plays=plays,
            posted_at=posted_at,
            shares=shares,
            status=status,
            urls=urls,
            video_url=video_url,
        )

        simulated_video_public.additional_properties = d
        return simulated_video_public

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
