from enum import StrEnum


class AccountKind(StrEnum):
    BRAND_AVAILABLE = "brand_available"
    CREATOR_AVAILABLE = "creator_available"
    EXTERNAL_IN = "external_in"
    EXTERNAL_OUT = "external_out"
    MCN_AVAILABLE = "mcn_available"
    ORDER_ESCROW = "order_escrow"
    PLATFORM_REVENUE = "platform_revenue"
    WITHDRAWAL_PENDING = "withdrawal_pending"

    def __str__(self) -> str:
        return str(self.value)
