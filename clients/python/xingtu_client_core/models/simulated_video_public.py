from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.video_status import VideoStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="SimulatedVideoPublic")


@_attrs_define
class SimulatedVideoPublic:
    """
    Attributes:
        comments (int):
        commercial (bool):
        likes (int):
        plays (int):
        shares (int):
        status (VideoStatus):
        updated_at (datetime.datetime):
        video_url (str):
        private_deal_case (None | str | Unset): the case opened (or already open) for a commercial video
    """

    comments: int
    commercial: bool
    likes: int
    plays: int
    shares: int
    status: VideoStatus
    updated_at: datetime.datetime
    video_url: str
    private_deal_case: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        comments = self.comments

        commercial = self.commercial

        likes = self.likes

        plays = self.plays

        shares = self.shares

        status = self.status.value

        updated_at = self.updated_at.isoformat()

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
                "likes": likes,
                "plays": plays,
                "shares": shares,
                "status": status,
                "updated_at": updated_at,
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

        likes = d.pop("likes")

        plays = d.pop("plays")

        shares = d.pop("shares")

        status = VideoStatus(d.pop("status"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

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
            likes=likes,
            plays=plays,
            shares=shares,
            status=status,
            updated_at=updated_at,
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
