from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.platform import Platform
from ..models.video_status import VideoStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="SimulatedVideoPublic")


@_attrs_define
class SimulatedVideoPublic:
    """
    Attributes:
        comments (int):
        commercial (bool): labelled commercial content (Douyin's 商业内容)
        handle (str): the account it was posted on
        likes (int):
        platform (Platform):
        plays (int): as the platform shows them now
        posted_at (datetime.datetime):
        shares (int):
        status (VideoStatus):
        urls (list[str]): every form of its URL the platform answers to
        video_url (str): the video's canonical URL
        private_deal_case (None | str | Unset): the case opened (or already open) for a commercial video
    """

    comments: int
    commercial: bool
    handle: str
    likes: int
    platform: Platform
    plays: int
    posted_at: datetime.datetime
    shares: int
    status: VideoStatus
    urls: list[str]
    video_url: str
    private_deal_case: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        comments = self.comments

        commercial = self.commercial

        handle = self.handle

        likes = self.likes

        platform = self.platform.value

        plays = self.plays

        posted_at = self.posted_at.isoformat()

        shares = self.shares

        status = self.status.value

        urls = self.urls

        video_url = self.video_url

        private_deal_case: None | str | Unset
        if isinstance(self.private_deal_case, Unset):
            private_deal_case = UNSET
        else:
            private_deal_case = self.private_deal_case

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "comments": comments,
                "commercial": commercial,
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
        if private_deal_case is not UNSET:
            field_dict["private_deal_case"] = private_deal_case

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        comments = d.pop("comments")

        commercial = d.pop("commercial")

        handle = d.pop("handle")

        likes = d.pop("likes")

        platform = Platform(d.pop("platform"))

        plays = d.pop("plays")

        posted_at = datetime.datetime.fromisoformat(d.pop("posted_at"))

        shares = d.pop("shares")

        status = VideoStatus(d.pop("status"))

        urls = cast(list[str], d.pop("urls"))

        video_url = d.pop("video_url")

        def _parse_private_deal_case(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        private_deal_case = _parse_private_deal_case(d.pop("private_deal_case", UNSET))

        simulated_video_public = cls(
            comments=comments,
            commercial=commercial,
            handle=handle,
            likes=likes,
            platform=platform,
            plays=plays,
            posted_at=posted_at,
            shares=shares,
            status=status,
            urls=urls,
            video_url=video_url,
            private_deal_case=private_deal_case,
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
