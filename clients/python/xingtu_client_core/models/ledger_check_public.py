from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.discrepancy_public import DiscrepancyPublic


T = TypeVar("T", bound="LedgerCheckPublic")


@_attrs_define
class LedgerCheckPublic:
    """
    Attributes:
        accounts (int):
        clean (bool):
        discrepancies (list[DiscrepancyPublic]):
        entries (int):
    """

    accounts: int
    clean: bool
    discrepancies: list[DiscrepancyPublic]
    entries: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        accounts = self.accounts

        clean = self.clean

        discrepancies = []
        for discrepancies_item_data in self.discrepancies:
            discrepancies_item = discrepancies_item_data.to_dict()
            discrepancies.append(discrepancies_item)

        entries = self.entries

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "accounts": accounts,
                "clean": clean,
                "discrepancies": discrepancies,
                "entries": entries,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.discrepancy_public import DiscrepancyPublic  # noqa: PLC0415

        d = dict(src_dict)
        accounts = d.pop("accounts")

        clean = d.pop("clean")

        discrepancies = []
        _discrepancies = d.pop("discrepancies")
        for discrepancies_item_data in _discrepancies:
            discrepancies_item = DiscrepancyPublic.from_dict(discrepancies_item_data)

            discrepancies.append(discrepancies_item)

        entries = d.pop("entries")

        ledger_check_public = cls(
            accounts=accounts,
            clean=clean,
            discrepancies=discrepancies,
            entries=entries,
        )

        ledger_check_public.additional_properties = d
        return ledger_check_public

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
