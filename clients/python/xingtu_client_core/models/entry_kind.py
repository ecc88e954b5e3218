from enum import StrEnum


class EntryKind(StrEnum):
    DISPUTE_SETTLEMENT = "dispute_settlement"
    FAKE_TRAFFIC_COMPENSATION = "fake_traffic_compensation"
    ORDER_CANCELLATION = "order_cancellation"
    ORDER_HOLD = "order_hold"
    ORDER_REFUND = "order_refund"
    ORDER_SETTLE = "order_settle"
    REVERSAL = "reversal"
    TOP_UP = "top_up"
    WITHDRAWAL_HOLD = "withdrawal_hold"
    WITHDRAWAL_PAID = "withdrawal_paid"
    WITHDRAWAL_RETURNED = "withdrawal_returned"

    def __str__(self) -> str:
        return str(self.value)
