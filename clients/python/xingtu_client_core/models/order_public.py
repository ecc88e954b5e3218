from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

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
        created_at (datetime.datetime):
        creator_id (str):
        id (str):
        line_items (LineItems):
        next_due_at (datetime.datetime | None):
        next_timer (None | str): the system trigger that fires at `next_due_at`
        price_fen (int):
        project_id (None | str):
        publish_days (int):
        publish_deadline (datetime.datetime | None):
        published_at (datetime.datetime | None):
        retention_days (int):
        retention_ends_at (datetime.datetime | None):
        settle_at (datetime.datetime | None):
        state (State):
        updated_at (datetime.datetime):
        version (int):
        video_status (None | VideoStatus):
        video_url (None | str):
    """

    accept_deadline: datetime.datetime | None
    brand_id: str
    brief: str
    channel_id: str
    created_at: datetime.datetime
    creator_id: str
    id: str
    line_items: LineItems
    next_due_at: datetime.datetime | None
    next_timer: None | str
    price_fen: int
    project_id: None | str
    publish_days: int
    publish_deadline: datetime.datetime | None
    published_at: datetime.datetime | None
    retention_days: int
    retention_ends_at: datetime.datetime | None
    settle_at: datetime.datetime | None
    state: State
    updated_at: datetime.datetime
    version: int
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

        created_at = self.created_at.isoformat()

        creator_id = self.creator_id

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

        retention_days = self.retention_days

        retention_ends_at: None | str
        if isinstance(self.retention_ends_at, datetime.datetime):
            retention_ends_at = self.retention_ends_at.isoformat()
        else:
            retention_ends_at = self.retention_ends_at

        settle_at: None | str
        if isinstance(self.settle_at, datetime.datetime):
            settle_at = self.settle_at.isoformat()
        else:
            settle_at = self.settle_at

        state = self.state.value

        updated_at = self.updated_at.isoformat()

        version = self.version

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
                "created_at": created_at,
                "creator_id": creator_id,
                "id": id,
                "line_items": line_items,
                "next_due_at": next_due_at,
                "next_timer": next_timer,
                "price_fen": price_fen,
                "project_id": project_id,
                "publish_days": publish_days,
                "publish_deadline": publish_deadline,
                "published_at": published_at,
                "retention_days": retention_days,
                "retention_ends_at": retention_ends_at,
                "settle_at": settle_at,
                "state": state,
                "updated_at": updated_at,
                "version": version,
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

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        creator_id = d.pop("creator_id")

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

        state = State(d.pop("state"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        version = d.pop("version")

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
            created_at=created_at,
            creator_id=creator_id,
            id=id,
            line_items=line_items,
            next_due_at=next_due_at,
            next_timer=next_timer,
            price_fen=price_fen,
            project_id=project_id,
            publish_days=publish_days,
            publish_deadline=publish_deadline,
            published_at=published_at,
            retention_days=retention_days,
            retention_ends_at=retention_ends_at,
            settle_at=settle_at,
            state=state,
            updated_at=updated_at,
            version=version,
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
