from enum import StrEnum


class Trigger(StrEnum):
    ACCEPT = "accept"
    ACCEPT_CANCELLATION = "accept_cancellation"
    APPROVE_SCRIPT = "approve_script"
    APPROVE_VIDEO = "approve_video"
    AUTO_APPROVE = "auto_approve"
    CANCEL = "cancel"
    CHANGE_RETENTION = "change_retention"
    COMPLETE_RETENTION = "complete_retention"
    CREATE = "create"
    DECLINE = "decline"
    ESCALATE_REVIEW = "escalate_review"
    EXPIRE = "expire"
    FLAG_FAKE_TRAFFIC = "flag_fake_traffic"
    MISS_DEADLINE = "miss_deadline"
    OPEN_DISPUTE = "open_dispute"
    PUBLISH = "publish"
    REFUND = "refund"
    REPORT_REMOVED = "report_removed"
    REQUEST_SCRIPT_CHANGES = "request_script_changes"
    REQUEST_VIDEO_CHANGES = "request_video_changes"
    RESOLVE_DISPUTE = "resolve_dispute"
    SETTLE = "settle"
    SUBMIT_SCRIPT = "submit_script"
    SUBMIT_VIDEO = "submit_video"
    WITHDRAW_DISPUTE = "withdraw_dispute"

    def __str__(self) -> str:
        return str(self.value)
