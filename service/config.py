"""Settings, read from the environment (prefix `XT_`). Policy numbers live here, not in code."""

from __future__ import annotations

from functools import lru_cache

from pydantic import AliasChoices, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from statemachine.credit import ViolationKind
from statemachine.review import CancellationPolicy

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./xingtu.db"


def normalise_database_url(url: str) -> str:
    """Accept the usual spellings and pick the async drivers we ship with."""
    for prefix in ("postgresql+psycopg://", "sqlite+aiosqlite://"):
        if url.startswith(prefix):
            return url
    for plain, driver in (
        ("postgres://", "postgresql+psycopg://"),
        ("postgresql://", "postgresql+psycopg://"),
        ("postgresql+psycopg2://", "postgresql+psycopg://"),
        ("postgresql+asyncpg://", "postgresql+psycopg://"),
        ("sqlite://", "sqlite+aiosqlite://"),
    ):
        if url.startswith(plain):
            return driver + url[len(plain) :]
    raise ValueError(f"unsupported database URL scheme: {url.split(':', 1)[0]}")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="XT_", extra="ignore", populate_by_name=True)

    database_url: str = Field(
        DEFAULT_DATABASE_URL,
        validation_alias=AliasChoices("XT_DATABASE_URL", "DATABASE_URL"),
    )
    bootstrap_ops_key: str | None = Field(None, min_length=16)
    dev_mode: bool = False
    console_secret: str | None = Field(
        None, min_length=32, description="signs console cookies; unset: random per process"
    )
    metrics_token: str | None = Field(
        None, min_length=16, description="GET /metrics answers only this bearer token; off unset"
    )
    host: str = "127.0.0.1"
    port: int = 8000
    max_body_bytes: int = 64 * 1024

    # Policy (product.md §5, §4): defaults from the product, changeable per deployment.
    brand_fee_bps: int = Field(500, ge=0, le=10_000)
    creator_commission_bps: int = Field(500, ge=0, le=10_000)
    settle_delay_seconds: int = Field(3 * 24 * 3600, ge=0)
    fake_traffic_compensation_bps: int = Field(3_000, ge=0, le=10_000)
    top_up_max_fen: int = Field(10_000_000_000, ge=1)
    withdrawal_min_fen: int = Field(1_000, ge=1)
    wallet_arrival_hours: int = Field(2, ge=0)
    simulated_payouts_fail: bool = False
    # The deduction table of product.md §6, in points.
    violation_points: dict[ViolationKind, int] = Field(
        default_factory=lambda: {
            ViolationKind.MISSED_DEADLINE: 1,
            ViolationKind.OFF_PLATFORM_CONTACT: 2,
            ViolationKind.PLATFORM_ACCOUNT_VIOLATION: 2,
            ViolationKind.EARLY_REMOVAL: 3,
            ViolationKind.PRIVATE_DEAL: 12,
            ViolationKind.FAKE_TRAFFIC: 12,
        }
    )
    off_platform_window_days: int = Field(30, ge=1)
    # Drafts and review, cancellation (product.md §9, §10).
    review_hours: int = Field(72, ge=1, description="a draft not reviewed in time is approved")
    review_stuck_hours: int = Field(
        24, ge=1, description="a review waited this long is stuck: the creator may escalate it"
    )
    cancel_after_script_bps: int = Field(1_000, ge=0, le=10_000)
    cancel_after_video_bps: int = Field(5_000, ge=0, le=10_000)
    cancel_after_video_changes_bps: int = Field(10_000, ge=0, le=10_000)
    cancel_full_after_video_changes: int = Field(2, ge=1)

    @property
    def cancellation(self) -> CancellationPolicy:
        """What a brand cancelling an accepted order pays the creator, by progress."""
        return CancellationPolicy(
            self.cancel_after_script_bps,
            self.cancel_after_video_bps,
            self.cancel_after_video_changes_bps,
            self.cancel_full_after_video_changes,
        )

    # The message screen (product.md §11): a score at or above `screen_refuse_score` refuses
    # the message, one at or above `screen_hold_score` holds it for ops review.
    screen_refuse_score: float = Field(0.8, gt=0, le=1)
    screen_hold_score: float = Field(0.5, gt=0, le=1)

    # Integrators (api.md conventions).
    idempotency_ttl_hours: int = Field(48, ge=24, description="keys are kept at least 24 h")
    idempotency_wait_seconds: float = Field(10.0, gt=0, le=60)
    webhook_timeout_seconds: float = Field(
        10.0, gt=0, le=60, description="total deadline of one attempt: connect, send, answer"
    )
    webhook_concurrency: int = Field(32, ge=1, le=1_000, description="attempts in flight")
    webhook_concurrency_per_endpoint: int = Field(4, ge=1, le=100)
    webhook_retry_days: float = Field(3.0, gt=0)

    # Time (product.md §7): the timer worker and the video checks.
    video_check_interval_seconds: int = Field(24 * 3600, ge=60, description="after the first days")
    video_check_early_interval_seconds: int = Field(
        3600, ge=60, description="how often a video is checked while it is new"
    )
    video_check_early_period_seconds: int = Field(
        48 * 3600, ge=0, description="how long after publication a video counts as new"
    )
    final_video_check_lead_seconds: int = Field(600, ge=0)
    worker_poll_seconds: float = Field(1.0, gt=0)
    worker_batch_size: int = Field(200, ge=1, le=5_000)
    listener_probe_seconds: float = Field(
        2.0, gt=0, le=60, description="how often the change listener proves its link alive"
    )
    listener_probe_deadline_seconds: float = Field(
        2.0, gt=0, le=60, description="how long the listener waits for that proof"
    )
    order_cache_size: int = Field(
        20_000, ge=0, le=1_000_000,
        description="orders each API process keeps in memory for reads (about 1.5 KB each)",
    )  # fmt: skip
    worker_in_process: bool | None = Field(
        None, description="run the timer loop inside the API process; default: on for SQLite"
    )
    export_batch_rows: int = Field(
        1_000, ge=1, le=100_000, description="rows a CSV export reads from the database at a time"
    )
    chart_font_family: str = Field(
        "Noto Sans CJK SC",
        max_length=100,
        description="the font charts draw their Chinese labels with (Debian: fonts-noto-cjk)",
    )
    video_platform: str = Field("simulated", pattern="^simulated$")
    video_callback_secret: str = Field("change-me-video-callback-secret", min_length=16)

    @field_validator("database_url")
    @classmethod
    def _normalise(cls, value: str) -> str:
        return normalise_database_url(value)

    @model_validator(mode="after")
    def _thresholds_in_order(self) -> Settings:
        if self.screen_hold_score > self.screen_refuse_score:
            raise ValueError("screen_hold_score must not exceed screen_refuse_score")
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    return Settings()
