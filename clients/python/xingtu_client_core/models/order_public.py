from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.review import Review
from ..models.stage import Stage
from ..models.state import State
from ..models.video_status import VideoStatus

if TYPE_CHECKING:
    from ..models.line_items import LineItems


T = TypeVar("T", bound="OrderPublic")


@_attrs_define
class OrderPublic:
    """
    Attributes:
        accept_deadline (datetime.datetime | None):
        brand_id (str):
        brief (str):
        channel_id (str):
        compensation_fen (int): paid to the creator side when cancelled
        created_at (datetime.datetime):
        creator_id (str):
        dispute_open (bool):
        id (str):
        line_items (LineItems):
        next_due_at (datetime.datetime | None):
        next_timer (None | str): the system trigger that fires at `next_due_at`
        price_fen (int):
        project_id (None | str):
        publish_days (int):
        publish_deadline (datetime.datetime | None):
        published_at (datetime.datetime | None):
        refund_bps (int | None): share of the price refunded by a dispute
        retention_days (int):
        retention_ends_at (datetime.datetime | None):
        review (Review): What the brand reviews before publication, chosen at creation.
        review_due_at (datetime.datetime | None): a draft in review is approved then
        review_escalated (bool): the review in progress was handed to ops
        revision_rounds (int):
        script_rounds_used (int): changes to the script asked for so far
        settle_at (datetime.datetime | None):
        stage (None | Stage): where an accepted order is; null otherwise
        state (State):
        updated_at (datetime.datetime):
        version (int):
        video_rounds_used (int): changes to the video asked for so far
        video_status (None | VideoStatus):
        video_url (None | str):
    """

    accept_deadline: datetime.datetime | None
    brand_id: str
    brief: str
    channel_id: str
    compensation_fen: int
    created_at: datetime.datetime
    creator_id: str
    dispute_open: bool
    id: str
    line_items: LineItems
    next_due_at: datetime.datetime | None
    next_timer: None | str
    price_fen: int
    project_id: None | str
    publish_days: int
    publish_deadline: datetime.datetime | None
    published_at: datetime.datetime | None
    refund_bps: int | None
    retention_days: int
    retention_ends_at: datetime.datetime | None
    review: Review
    review_due_at: datetime.datetime | None
    review_escalated: bool
    revision_rounds: int
    script_rounds_used: int
    settle_at: datetime.datetime | None
    stage: None | Stage
    state: State
    updated_at: datetime.datetime
    version: int
    video_rounds_used: int
    video_status: None | VideoStatus
    video_url: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        accept_deadline: None | str
        if isinstance(self.accept_deadline, datetime.datetime):
            accept_deadline = self.accept_deadline.isoformat()
        else:
            accept_deadline = self.accept_deadline

        brand_id = self.brand_id

        brief = self.brief

        channel_id = self.channel_id

        compensation_fen = self.compensation_fen

        created_at = self.created_at.isoformat()

        creator_id = self.creator_id

        dispute_open = self.dispute_open

        id = self.id

        line_items = self.line_items.to_dict()

        next_due_at: None | str
        if isinstance(self.next_due_at, datetime.datetime):
            next_due_at = self.next_due_at.isoformat()
        else:
            next_due_at = self.next_due_at

        next_timer: None | str
        next_timer = self.next_timer

        price_fen = self.price_fen

        project_id: None | str
        project_id = self.project_id

        publish_days = self.publish_days

        publish_deadline: None | str
        if isinstance(self.publish_deadline, datetime.datetime):
            publish_deadline = self.publish_deadline.isoformat()
        else:
            publish_deadline = self.publish_deadline

        published_at: None | str
        if isinstance(self.published_at, datetime.datetime):
            published_at = self.published_at.isoformat()
        else:
            published_at = self.published_at

        refund_bps: int | None
        refund_bps = self.refund_bps

        retention_days = self.retention_days

        retention_ends_at: None | str
        if isinstance(self.retention_ends_at, datetime.datetime):
            retention_ends_at = self.retention_ends_at.isoformat()
        else:
            retention_ends_at = self.retention_ends_at

        review = self.review.value

        review_due_at: None | str
        if isinstance(self.review_due_at, datetime.datetime):
            review_due_at = self.review_due_at.isoformat()
        else:
            review_due_at = self.review_due_at

        review_escalated = self.review_escalated

        revision_rounds = self.revision_rounds

        script_rounds_used = self.script_rounds_used

        settle_at: None | str
        if isinstance(self.settle_at, datetime.datetime):
            settle_at = self.settle_at.isoformat()
        else:
            settle_at = self.settle_at

        stage: None | str
        if isinstance(self.stage, Stage):
            stage = self.stage.value
        else:
            stage = self.stage

        state = self.state.value

        updated_at = self.updated_at.isoformat()

        version = self.version

        video_rounds_used = self.video_rounds_used

        video_status: None | str
        if isinstance(self.video_status, VideoStatus):
            video_status = self.video_status.value
        else:
            video_status = self.video_status

        video_url: None | str
        video_url = self.video_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "accept_deadline": accept_deadline,
                "brand_id": brand_id,
                "brief": brief,
                "channel_id": channel_id,
                "compensation_fen": compensation_fen,
                "created_at": created_at,
                "creator_id": creator_id,
                "dispute_open": dispute_open,
                "id": id,
                "line_items": line_items,
                "next_due_at": next_due_at,
                "next_timer": next_timer,
                "price_fen": price_fen,
                "project_id": project_id,
                "publish_days": publish_days,
                "publish_deadline": publish_deadline,
                "published_at": published_at,
                "refund_bps": refund_bps,
                "retention_days": retention_days,
                "retention_ends_at": retention_ends_at,
                "review": review,
                "review_due_at": review_due_at,
                "review_escalated": review_escalated,
                "revision_rounds": revision_rounds,
                "script_rounds_used": script_rounds_used,
                "settle_at": settle_at,
                "stage": stage,
                "state": state,
                "updated_at": updated_at,
                "version": version,
                "video_rounds_used": video_rounds_used,
                "video_status": video_status,
                "video_url": video_url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.line_items import LineItems  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_accept_deadline(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                accept_deadline_type_0 = datetime.datetime.fromisoformat(data)

                return accept_deadline_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        accept_deadline = _parse_accept_deadline(d.pop("accept_deadline"))

        brand_id = d.pop("brand_id")

        brief = d.pop("brief")

        channel_id = d.pop("channel_id")

        compensation_fen = d.pop("compensation_fen")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        creator_id = d.pop("creator_id")

        dispute_open = d.pop("dispute_open")

        id = d.pop("id")

        line_items = LineItems.from_dict(d.pop("line_items"))

        def _parse_next_due_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_due_at_type_0 = datetime.datetime.fromisoformat(data)

                return next_due_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        next_due_at = _parse_next_due_at(d.pop("next_due_at"))

        def _parse_next_timer(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_timer = _parse_next_timer(d.pop("next_timer"))

        price_fen = d.pop("price_fen")

        def _parse_project_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        project_id = _parse_project_id(d.pop("project_id"))

        publish_days = d.pop("publish_days")

        def _parse_publish_deadline(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                publish_deadline_type_0 = datetime.datetime.fromisoformat(data)

                return publish_deadline_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        publish_deadline = _parse_publish_deadline(d.pop("publish_deadline"))

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

        def _parse_refund_bps(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        refund_bps = _parse_refund_bps(d.pop("refund_bps"))

        retention_days = d.pop("retention_days")

        def _parse_retention_ends_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                retention_ends_at_type_0 = datetime.datetime.fromisoformat(data)

                return retention_ends_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        retention_ends_at = _parse_retention_ends_at(d.pop("retention_ends_at"))

        review = Review(d.pop("review"))

        def _parse_review_due_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                review_due_at_type_0 = datetime.datetime.fromisoformat(data)

                return review_due_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        review_due_at = _parse_review_due_at(d.pop("review_due_at"))

        review_escalated = d.pop("review_escalated")

        revision_rounds = d.pop("revision_rounds")

        script_rounds_used = d.pop("script_rounds_used")

        def _parse_settle_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                settle_at_type_0 = datetime.datetime.fromisoformat(data)

                return settle_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        settle_at = _parse_settle_at(d.pop("settle_at"))

        def _parse_stage(data: object) -> None | Stage:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                stage_type_0 = Stage(data)

                return stage_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Stage, data)

        stage = _parse_stage(d.pop("stage"))

        state = State(d.pop("state"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        version = d.pop("version")

        video_rounds_used = d.pop("video_rounds_used")

        def _parse_video_status(data: object) -> None | VideoStatus:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                video_status_type_0 = VideoStatus(data)

                return video_status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | VideoStatus, data)

        video_status = _parse_video_status(d.pop("video_status"))

        def _parse_video_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        video_url = _parse_video_url(d.pop("video_url"))

        order_public = cls(
            accept_deadline=accept_deadline,
            brand_id=brand_id,
            brief=brief,
            channel_id=channel_id,
            compensation_fen=compensation_fen,
            created_at=created_at,
            creator_id=creator_id,
            dispute_open=dispute_open,
            id=id,
            line_items=line_items,
            next_due_at=next_due_at,
            next_timer=next_timer,
            price_fen=price_fen,
            project_id=project_id,
            publish_days=publish_days,
            publish_deadline=publish_deadline,
            published_at=published_at,
            refund_bps=refund_bps,
            retention_days=retention_days,
            retention_ends_at=retention_ends_at,
            review=review,
            review_due_at=review_due_at,
            review_escalated=review_escalated,
            revision_rounds=revision_rounds,
            script_rounds_used=script_rounds_used,
            settle_at=settle_at,
            stage=stage,
            state=state,
            updated_at=updated_at,
            version=version,
            video_rounds_used=video_rounds_used,
            video_status=video_status,
            video_url=video_url,
        )

        order_public.additional_properties = d
        return order_public

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
