from enum import StrEnum


class Money(StrEnum):
    HOLD_IN_ESCROW = "hold_in_escrow"
    NONE = "none"
    PAY_OUT = "pay_out"
    REFUND_TO_BRAND = "refund_to_brand"
    REFUND_WITH_COMPENSATION = "refund_with_compensation"

    def __str__(self) -> str:
        return str(self.value)
