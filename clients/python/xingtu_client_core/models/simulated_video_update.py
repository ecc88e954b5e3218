from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.video_status import VideoStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="SimulatedVideoUpdate")


@_attrs_define
class SimulatedVideoUpdate:
    """
    Attributes:
        video_url (str):
        comments (int | None | Unset):
        commercial (bool | None | Unset): label it commercial content (a private deal is suspected when no order has
            it); unchanged when absent
        likes (int | None | Unset):
        plays (int | None | Unset):
        shares (int | None | Unset):
        status (VideoStatus | Unset):
    """

    video_url: str
    comments: int | None | Unset = UNSET
    commercial: bool | None | Unset = UNSET
    likes: int | None | Unset = UNSET
    plays: int | None | Unset = UNSET
    shares: int | None | Unset = UNSET
    status: VideoStatus | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        video_url = self.video_url

        comments: int | None | Unset
        if isinstance(self.comments, Unset):
            comments = UNSET
        else:
            comments = self.comments

        commercial: bool | None | Unset
        if isinstance(self.commercial, Unset):
            commercial = UNSET
        else:
            commercial = self.commercial

        likes: int | None | Unset
        if isinstance(self.likes, Unset):
            likes = UNSET
        else:
            likes = self.likes

        plays: int | None | Unset
        if isinstance(self.plays, Unset):
            plays = UNSET
        else:
            plays = self.plays

        shares: int | None | Unset
        if isinstance(self.shares, Unset):
            shares = UNSET
        else:
            shares = self.shares

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "video_url": video_url,
            }
        )
        if comments is not UNSET:
            field_dict["comments"] = comments
        if commercial is not UNSET:
            field_dict["commercial"] = commercial
        if likes is not UNSET:
            field_dict["likes"] = likes
        if plays is not UNSET:
            field_dict["plays"] = plays
        if shares is not UNSET:
            field_dict["shares"] = shares
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        video_url = d.pop("video_url")

        def _parse_comments(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        comments = _parse_comments(d.pop("comments", UNSET))

        def _parse_commercial(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        commercial = _parse_commercial(d.pop("commercial", UNSET))

        def _parse_likes(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        likes = _parse_likes(d.pop("likes", UNSET))

        def _parse_plays(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        plays = _parse_plays(d.pop("plays", UNSET))

        def _parse_shares(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        shares = _parse_shares(d.pop("shares", UNSET))

        _status = d.pop("status", UNSET)
        status: VideoStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = VideoStatus(_status)

        simulated_video_update = cls(
            video_url=video_url,
            comments=comments,
            commercial=commercial,
            likes=likes,
            plays=plays,
            shares=shares,
            status=status,
        )

        return simulated_video_update
