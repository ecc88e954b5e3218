from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.actor import Actor
from ..models.draft_public_draft import DraftPublicDraft
from ..models.draft_public_kind import DraftPublicKind

T = TypeVar("T", bound="DraftPublic")


@_attrs_define
class DraftPublic:
    """A draft the creator sent (`script`, `video`) or the brand's `feedback` on one, with
    the draft's round.

        Attributes:
            at (datetime.datetime):
            author_id (None | str):
            author_kind (Actor): Who fires a trigger: a party kind, or the service itself.
            content (None | str):
            draft (DraftPublicDraft):
            draft_url (None | str):
            feedback (None | str):
            id (int):
            kind (DraftPublicKind):
            round_ (int):
    """

    at: datetime.datetime
    author_id: None | str
    author_kind: Actor
    content: None | str
    draft: DraftPublicDraft
    draft_url: None | str
    feedback: None | str
    id: int
    kind: DraftPublicKind
    round_: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        at = self.at.isoformat()

        author_id: None | str
        author_id = self.author_id

        author_kind = self.author_kind.value

        content: None | str
        content = self.content

        draft = self.draft.value

        draft_url: None | str
        draft_url = self.draft_url

        feedback: None | str
        feedback = self.feedback

        id = self.id

        kind = self.kind.value

        round_ = self.round_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "at": at,
                "author_id": author_id,
                "author_kind": author_kind,
                "content": content,
                "draft": draft,
                "draft_url": draft_url,
                "feedback": feedback,
                "id": id,
                "kind": kind,
                "round": round_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        at = datetime.datetime.fromisoformat(d.pop("at"))

        def _parse_author_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        author_id = _parse_author_id(d.pop("author_id"))

        author_kind = Actor(d.pop("author_kind"))

        def _parse_content(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        content = _parse_content(d.pop("content"))

        draft = DraftPublicDraft(d.pop("draft"))

        def _parse_draft_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        draft_url = _parse_draft_url(d.pop("draft_url"))

        def _parse_feedback(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        feedback = _parse_feedback(d.pop("feedback"))

        id = d.pop("id")

        kind = DraftPublicKind(d.pop("kind"))

        round_ = d.pop("round")

        draft_public = cls(
            at=at,
            author_id=author_id,
            author_kind=author_kind,
            content=content,
            draft=draft,
            draft_url=draft_url,
            feedback=feedback,
            id=id,
            kind=kind,
            round_=round_,
        )

        draft_public.additional_properties = d
        return draft_public

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
