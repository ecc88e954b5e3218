from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.review import Review
from ..types import UNSET, Unset

T = TypeVar("T", bound="OrderCreate")


@_attrs_define
class OrderCreate:
    """
    Attributes:
        brief (str):
        channel_id (str):
        creator_id (str):
        price_fen (int):
        project_id (None | str | Unset):
        publish_days (int | Unset):  Default: 7.
        retention_days (int | Unset): 7, 15, 30 or 60 as on Xingtu, or any whole number of days up to 365 Default: 30.
        review (Review | Unset): What the brand reviews before publication, chosen at creation.
        revision_rounds (int | Unset): how many times the brand may ask for changes to each draft Default: 2.
    """

    brief: str
    channel_id: str
    creator_id: str
    price_fen: int
    project_id: None | str | Unset = UNSET
    publish_days: int | Unset = 7
    retention_days: int | Unset = 30
    review: Review | Unset = UNSET
    revision_rounds: int | Unset = 2

    def to_dict(self) -> dict[str, Any]:
        brief = self.brief

        channel_id = self.channel_id

        creator_id = self.creator_id

        price_fen = self.price_fen

        project_id: None | str | Unset
        if isinstance(self.project_id, Unset):
            project_id = UNSET
        else:
            project_id = self.project_id

        publish_days = self.publish_days

        retention_days = self.retention_days

        review: str | Unset = UNSET
        if not isinstance(self.review, Unset):
            review = self.review.value

        revision_rounds = self.revision_rounds

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "brief": brief,
                "channel_id": channel_id,
                "creator_id": creator_id,
                "price_fen": price_fen,
            }
        )
        if project_id is not UNSET:
            field_dict["project_id"] = project_id
        if publish_days is not UNSET:
            field_dict["publish_days"] = publish_days
        if retention_days is not UNSET:
            field_dict["retention_days"] = retention_days
        if review is not UNSET:
            field_dict["review"] = review
        if revision_rounds is not UNSET:
            field_dict["revision_rounds"] = revision_rounds

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        brief = d.pop("brief")

        channel_id = d.pop("channel_id")

        creator_id = d.pop("creator_id")

        price_fen = d.pop("price_fen")

        def _parse_project_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        project_id = _parse_project_id(d.pop("project_id", UNSET))

        publish_days = d.pop("publish_days", UNSET)

        retention_days = d.pop("retention_days", UNSET)

        _review = d.pop("review", UNSET)
        review: Review | Unset
        if isinstance(_review, Unset):
            review = UNSET
        else:
            review = Review(_review)

        revision_rounds = d.pop("revision_rounds", UNSET)

        order_create = cls(
            brief=brief,
            channel_id=channel_id,
            creator_id=creator_id,
            price_fen=price_fen,
            project_id=project_id,
            publish_days=publish_days,
            retention_days=retention_days,
            review=review,
            revision_rounds=revision_rounds,
        )

        return order_create
