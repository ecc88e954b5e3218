from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.formulas import Formulas
    from ..models.snapshot import Snapshot


T = TypeVar("T", bound="OrderMetrics")


@_attrs_define
class OrderMetrics:
    """The latest counts (0 before the first check) and the figures derived from them.

    Attributes:
        cpe_fen (float | None): price_fen / engagements, fen per engagement; null at 0 engagements
        cpm_fen (float | None): price_fen × 1000 / plays, fen per thousand plays; null at 0 plays
        engagement_rate (float | None): engagements / plays; null at 0 plays
        engagements (int): likes + comments + shares
        formulas (Formulas):
        next_check_at (datetime.datetime | None): when the video is checked next
        observed_at (datetime.datetime | None): when the latest counts were seen
        order_id (str):
        price_fen (int):
        published_at (datetime.datetime | None):
        snapshots (list[Snapshot]): every check, oldest first
        video_url (None | str):
        comments (int | Unset):  Default: 0.
        likes (int | Unset):  Default: 0.
        plays (int | Unset):  Default: 0.
        shares (int | Unset):  Default: 0.
    """

    cpe_fen: float | None
    cpm_fen: float | None
    engagement_rate: float | None
    engagements: int
    formulas: Formulas
    next_check_at: datetime.datetime | None
    observed_at: datetime.datetime | None
    order_id: str
    price_fen: int
    published_at: datetime.datetime | None
    snapshots: list[Snapshot]
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

        engagement_rate: float | None
        engagement_rate = self.engagement_rate

        engagements = self.engagements

        formulas = self.formulas.to_dict()

        next_check_at: None | str
        if isinstance(self.next_check_at, datetime.datetime):
            next_check_at = self.next_check_at.isoformat()
        else:
            next_check_at = self.next_check_at

        observed_at: None | str
        if isinstance(self.observed_at, datetime.datetime):
            observed_at = self.observed_at.isoformat()
        else:
            observed_at = self.observed_at

        order_id = self.order_id

        price_fen = self.price_fen

        published_at: None | str
        if isinstance(self.published_at, datetime.datetime):
            published_at = self.published_at.isoformat()
        else:
            published_at = self.published_at

        snapshots = []
        for snapshots_item_data in self.snapshots:
            snapshots_item = snapshots_item_data.to_dict()
            snapshots.append(snapshots_item)

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
                "engagement_rate": engagement_rate,
                "engagements": engagements,
                "formulas": formulas,
                "next_check_at": next_check_at,
                "observed_at": observed_at,
                "order_id": order_id,
                "price_fen": price_fen,
                "published_at": published_at,
                "snapshots": snapshots,
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
        from ..models.formulas import Formulas  # noqa: PLC0415
        from ..models.snapshot import Snapshot  # noqa: PLC0415

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

        def _parse_engagement_rate(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        engagement_rate = _parse_engagement_rate(d.pop("engagement_rate"))

        engagements = d.pop("engagements")

        formulas = Formulas.from_dict(d.pop("formulas"))

        def _parse_next_check_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_check_at_type_0 = datetime.datetime.fromisoformat(data)

                return next_check_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        next_check_at = _parse_next_check_at(d.pop("next_check_at"))

        def _parse_observed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                observed_at_type_0 = datetime.datetime.fromisoformat(data)

                return observed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        observed_at = _parse_observed_at(d.pop("observed_at"))

        order_id = d.pop("order_id")

        price_fen = d.pop("price_fen")

        def _parse_published_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                published_at_type_0 = datetime.datetime.fromisoformat(data)

                return published_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        published_at = _parse_published_at(d.pop("published_at"))

        snapshots = []
        _snapshots = d.pop("snapshots")
        for snapshots_item_data in _snapshots:
            snapshots_item = Snapshot.from_dict(snapshots_item_data)

            snapshots.append(snapshots_item)

        def _parse_video_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        video_url = _parse_video_url(d.pop("video_url"))

        comments = d.pop("comments", UNSET)

        likes = d.pop("likes", UNSET)

        plays = d.pop("plays", UNSET)

        shares = d.pop("shares", UNSET)

        order_metrics = cls(
            cpe_fen=cpe_fen,
            cpm_fen=cpm_fen,
            engagement_rate=engagement_rate,
            engagements=engagements,
            formulas=formulas,
            next_check_at=next_check_at,
            observed_at=observed_at,
            order_id=order_id,
            price_fen=price_fen,
            published_at=published_at,
            snapshots=snapshots,
            video_url=video_url,
            comments=comments,
            likes=likes,
            plays=plays,
            shares=shares,
        )

        order_metrics.additional_properties = d
        return order_metrics

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
