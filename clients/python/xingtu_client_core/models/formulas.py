from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Formulas")


@_attrs_define
class Formulas:
    """
    Attributes:
        cpe_fen (str | Unset):  Default: 'price_fen / engagements'.
        cpm_fen (str | Unset):  Default: 'price_fen × 1000 / plays'.
        engagement_rate (str | Unset):  Default: 'engagements / plays'.
        engagements (str | Unset):  Default: 'likes + comments + shares'.
    """

    cpe_fen: str | Unset = "price_fen / engagements"
    cpm_fen: str | Unset = "price_fen × 1000 / plays"
    engagement_rate: str | Unset = "engagements / plays"
    engagements: str | Unset = "likes + comments + shares"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        cpe_fen = self.cpe_fen

        cpm_fen = self.cpm_fen

        engagement_rate = self.engagement_rate

        engagements = self.engagements

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if cpe_fen is not UNSET:
            field_dict["cpe_fen"] = cpe_fen
        if cpm_fen is not UNSET:
            field_dict["cpm_fen"] = cpm_fen
        if engagement_rate is not UNSET:
            field_dict["engagement_rate"] = engagement_rate
        if engagements is not UNSET:
            field_dict["engagements"] = engagements

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        cpe_fen = d.pop("cpe_fen", UNSET)

        cpm_fen = d.pop("cpm_fen", UNSET)

        engagement_rate = d.pop("engagement_rate", UNSET)

        engagements = d.pop("engagements", UNSET)

        formulas = cls(
            cpe_fen=cpe_fen,
            cpm_fen=cpm_fen,
            engagement_rate=engagement_rate,
            engagements=engagements,
        )

        formulas.additional_properties = d
        return formulas

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
