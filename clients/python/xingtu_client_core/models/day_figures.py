from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DayFigures")


@_attrs_define
class DayFigures:
    """
    Attributes:
        day (datetime.date): a calendar day in Asia/Shanghai
        engagements (int): engagements gained that day
        plays (int): plays gained that day, over the project's videos
        total_plays (int): plays up to the end of that day
    """

    day: datetime.date
    engagements: int
    plays: int
    total_plays: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        day = self.day.isoformat()

        engagements = self.engagements

        plays = self.plays

        total_plays = self.total_plays

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "day": day,
                "engagements": engagements,
                "plays": plays,
                "total_plays": total_plays,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        day = datetime.date.fromisoformat(d.pop("day"))

        engagements = d.pop("engagements")

        plays = d.pop("plays")

        total_plays = d.pop("total_plays")

        day_figures = cls(
            day=day,
            engagements=engagements,
            plays=plays,
            total_plays=total_plays,
        )

        day_figures.additional_properties = d
        return day_figures

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
