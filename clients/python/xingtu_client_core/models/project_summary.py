from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.creator_figures import CreatorFigures
    from ..models.day_figures import DayFigures
    from ..models.figures import Figures
    from ..models.formulas import Formulas
    from ..models.order_figures import OrderFigures
    from ..models.state_group import StateGroup
    from ..models.summary_money import SummaryMoney


T = TypeVar("T", bound="ProjectSummary")


@_attrs_define
class ProjectSummary:
    """
    Attributes:
        by_state (list[StateGroup]):
        formulas (Formulas):
        metrics (Figures):
        money (SummaryMoney):
        name (str):
        orders (int):
        per_creator (list[CreatorFigures]): most plays first
        per_order (list[OrderFigures]): most plays first, up to `orders_limit`
        per_order_complete (bool): false when `per_order` was cut at the limit
        plays_per_day (list[DayFigures]):
        project_id (str):
    """

    by_state: list[StateGroup]
    formulas: Formulas
    metrics: Figures
    money: SummaryMoney
    name: str
    orders: int
    per_creator: list[CreatorFigures]
    per_order: list[OrderFigures]
    per_order_complete: bool
    plays_per_day: list[DayFigures]
    project_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        by_state = []
        for by_state_item_data in self.by_state:
            by_state_item = by_state_item_data.to_dict()
            by_state.append(by_state_item)

        formulas = self.formulas.to_dict()

        metrics = self.metrics.to_dict()

        money = self.money.to_dict()

        name = self.name

        orders = self.orders

        per_creator = []
        for per_creator_item_data in self.per_creator:
            per_creator_item = per_creator_item_data.to_dict()
            per_creator.append(per_creator_item)

        per_order = []
        for per_order_item_data in self.per_order:
            per_order_item = per_order_item_data.to_dict()
            per_order.append(per_order_item)

        per_order_complete = self.per_order_complete

        plays_per_day = []
        for plays_per_day_item_data in self.plays_per_day:
            plays_per_day_item = plays_per_day_item_data.to_dict()
            plays_per_day.append(plays_per_day_item)

        project_id = self.project_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "by_state": by_state,
                "formulas": formulas,
                "metrics": metrics,
                "money": money,
                "name": name,
                "orders": orders,
                "per_creator": per_creator,
                "per_order": per_order,
                "per_order_complete": per_order_complete,
                "plays_per_day": plays_per_day,
                "project_id": project_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.creator_figures import CreatorFigures  # noqa: PLC0415
        from ..models.day_figures import DayFigures  # noqa: PLC0415
        from ..models.figures import Figures  # noqa: PLC0415
        from ..models.formulas import Formulas  # noqa: PLC0415
        from ..models.order_figures import OrderFigures  # noqa: PLC0415
        from ..models.state_group import StateGroup  # noqa: PLC0415
        from ..models.summary_money import SummaryMoney  # noqa: PLC0415

        d = dict(src_dict)
        by_state = []
        _by_state = d.pop("by_state")
        for by_state_item_data in _by_state:
            by_state_item = StateGroup.from_dict(by_state_item_data)

            by_state.append(by_state_item)

        formulas = Formulas.from_dict(d.pop("formulas"))

        metrics = Figures.from_dict(d.pop("metrics"))

        money = SummaryMoney.from_dict(d.pop("money"))

        name = d.pop("name")

        orders = d.pop("orders")

        per_creator = []
        _per_creator = d.pop("per_creator")
        for per_creator_item_data in _per_creator:
            per_creator_item = CreatorFigures.from_dict(per_creator_item_data)

            per_creator.append(per_creator_item)

        per_order = []
        _per_order = d.pop("per_order")
        for per_order_item_data in _per_order:
            per_order_item = OrderFigures.from_dict(per_order_item_data)

            per_order.append(per_order_item)

        per_order_complete = d.pop("per_order_complete")

        plays_per_day = []
        _plays_per_day = d.pop("plays_per_day")
        for plays_per_day_item_data in _plays_per_day:
            plays_per_day_item = DayFigures.from_dict(plays_per_day_item_data)

            plays_per_day.append(plays_per_day_item)

        project_id = d.pop("project_id")

        project_summary = cls(
            by_state=by_state,
            formulas=formulas,
            metrics=metrics,
            money=money,
            name=name,
            orders=orders,
            per_creator=per_creator,
            per_order=per_order,
            per_order_complete=per_order_complete,
            plays_per_day=plays_per_day,
            project_id=project_id,
        )

        project_summary.additional_properties = d
        return project_summary

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
