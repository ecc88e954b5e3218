from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.state import State
from ..types import UNSET, Unset

T = TypeVar("T", bound="OrderFigures")


@_attrs_define
class OrderFigures:
    """
    Attributes:
        cpe_fen (float | None): price_fen / engagements, fen per engagement; null at 0 engagements
        cpm_fen (float | None): price_fen × 1000 / plays, fen per thousand plays; null at 0 plays
        creator_id (str):
        engagement_rate (float | None): engagements / plays; null at 0 plays
        engagements (int): likes + comments + shares
        order_id (str):
        price_fen (int):
        state (State):
        video_url (None | str):
        comments (int | Unset):  Default: 0.
        likes (int | Unset):  Default: 0.
        plays (int | Unset):  Default: 0.
        shares (int | Unset):  Default: 0.
    """

    cpe_fen: float | None
    cpm_fen: float | None
    creator_id: str
    engagement_rate: float | None
    engagements: int
    order_id: str
    price_fen: int
    state: State
    video_url: None | str
    comments: int | Unset = 0
    likes: int | Unset = 0
    plays: int | Unset = 0
    shares: int | Unset = 0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        cpe_fen: float | None
        cpe_fen = self.cpe_fen

        cpm_fen: float | None
        cpm_fen = self.cpm_fen

        creator_id = self.creator_id

        engagement_rate: float | None
        engagement_rate = self.engagement_rate

        engagements = self.engagements

        order_id = self.order_id

        price_fen = self.price_fen

        state = self.state.value

        video_url: None | str
        video_url = self.video_url

        comments = self.comments

        likes = self.likes

        plays = self.plays

        shares = self.shares

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "cpe_fen": cpe_fen,
                "cpm_fen": cpm_fen,
                "creator_id": creator_id,
                "engagement_rate": engagement_rate,
                "engagements": engagements,
                "order_id": order_id,
                "price_fen": price_fen,
                "state": state,
                "video_url": video_url,
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

        def _parse_cpe_fen(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        cpe_fen = _parse_cpe_fen(d.pop("cpe_fen"))

        def _parse_cpm_fen(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        cpm_fen = _parse_cpm_fen(d.pop("cpm_fen"))

        creator_id = d.pop("creator_id")

        def _parse_engagement_rate(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        engagement_rate = _parse_engagement_rate(d.pop("engagement_rate"))

        engagements = d.pop("engagements")

        order_id = d.pop("order_id")

        price_fen = d.pop("price_fen")

        state = State(d.pop("state"))

        def _parse_video_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        video_url = _parse_video_url(d.pop("video_url"))

        comments = d.pop("comments", UNSET)

        likes = d.pop("likes", UNSET)

        plays = d.pop("plays", UNSET)

        shares = d.pop("shares", UNSET)

        order_figures = cls(
            cpe_fen=cpe_fen,
            cpm_fen=cpm_fen,
            creator_id=creator_id,
            engagement_rate=engagement_rate,
            engagements=engagements,
            order_id=order_id,
            price_fen=price_fen,
            state=state,
            video_url=video_url,
            comments=comments,
            likes=likes,
            plays=plays,
            shares=shares,
        )

        order_figures.additional_properties = d
        return order_figures

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
