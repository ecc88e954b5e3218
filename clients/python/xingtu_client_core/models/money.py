from enum import StrEnum


class Money(StrEnum):
    COMPENSATE_AS_AGREED = "compensate_as_agreed"
    COMPENSATE_BY_PROGRESS = "compensate_by_progress"
    HOLD_IN_ESCROW = "hold_in_escrow"
    NONE = "none"
    PAY_OUT = "pay_out"
    REFUND_TO_BRAND = "refund_to_brand"
    REFUND_WITH_COMPENSATION = "refund_with_compensation"
    SPLIT_ESCROW = "split_escrow"

    def __str__(self) -> str:
        return str(self.value)
