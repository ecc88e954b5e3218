from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ProjectPublic")


@_attrs_define
class ProjectPublic:
    """
    Attributes:
        archived (bool):
        brand_id (str):
        budget_fen (int | None):
        committed_fen (int): brand totals held in escrow or paid out for the project's orders
        created_at (datetime.datetime):
        ends_on (datetime.date | None):
        id (str):
        name (str):
        remaining_fen (int | None): budget_fen - committed_fen; null: no budget
        starts_on (datetime.date | None):
    """

    archived: bool
    brand_id: str
    budget_fen: int | None
    committed_fen: int
    created_at: datetime.datetime
    ends_on: datetime.date | None
    id: str
    name: str
    remaining_fen: int | None
    starts_on: datetime.date | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        archived = self.archived

        brand_id = self.brand_id

        budget_fen: int | None
        budget_fen = self.budget_fen

        committed_fen = self.committed_fen

        created_at = self.created_at.isoformat()

        ends_on: None | str
        if isinstance(self.ends_on, datetime.date):
            ends_on = self.ends_on.isoformat()
        else:
            ends_on = self.ends_on

        id = self.id

        name = self.name

        remaining_fen: int | None
        remaining_fen = self.remaining_fen

        starts_on: None | str
        if isinstance(self.starts_on, datetime.date):
            starts_on = self.starts_on.isoformat()
        else:
            starts_on = self.starts_on

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "archived": archived,
                "brand_id": brand_id,
                "budget_fen": budget_fen,
                "committed_fen": committed_fen,
                "created_at": created_at,
                "ends_on": ends_on,
                "id": id,
                "name": name,
                "remaining_fen": remaining_fen,
                "starts_on": starts_on,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        archived = d.pop("archived")

        brand_id = d.pop("brand_id")

        def _parse_budget_fen(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        budget_fen = _parse_budget_fen(d.pop("budget_fen"))

        committed_fen = d.pop("committed_fen")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_ends_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ends_on_type_0 = datetime.date.fromisoformat(data)

                return ends_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        ends_on = _parse_ends_on(d.pop("ends_on"))

        id = d.pop("id")

        name = d.pop("name")

        def _parse_remaining_fen(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        remaining_fen = _parse_remaining_fen(d.pop("remaining_fen"))

        def _parse_starts_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                starts_on_type_0 = datetime.date.fromisoformat(data)

                return starts_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        starts_on = _parse_starts_on(d.pop("starts_on"))

        project_public = cls(
            archived=archived,
            brand_id=brand_id,
            budget_fen=budget_fen,
            committed_fen=committed_fen,
            created_at=created_at,
            ends_on=ends_on,
            id=id,
            name=name,
            remaining_fen=remaining_fen,
            starts_on=starts_on,
        )

        project_public.additional_properties = d
        return project_public

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
