"""Drafts and review (product.md §9) and what cancelling costs the brand (§10): the stages of
an accepted order, the paths each kind of review takes through them, and the staged
compensation. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum


class Review(StrEnum):
    """What the brand reviews before publication, chosen at creation."""

    SCRIPT_AND_VIDEO = "script_and_video"
    VIDEO = "video"
    NONE = "none"


class Stage(StrEnum):
    """Where an accepted order is: the nested states of `accepted`."""

    AWAITING_SCRIPT = "awaiting_script"
    SCRIPT_IN_REVIEW = "script_in_review"
    AWAITING_VIDEO = "awaiting_video"
    VIDEO_IN_REVIEW = "video_in_review"
    READY_TO_PUBLISH = "ready_to_publish"


IN_REVIEW = frozenset({Stage.SCRIPT_IN_REVIEW, Stage.VIDEO_IN_REVIEW})

# The stages each review goes through, in order; the first is where acceptance leads.
PATHS: dict[Review, tuple[Stage, ...]] = {
    Review.SCRIPT_AND_VIDEO: tuple(Stage),
    Review.VIDEO: (Stage.AWAITING_VIDEO, Stage.VIDEO_IN_REVIEW, Stage.READY_TO_PUBLISH),
    Review.NONE: (Stage.READY_TO_PUBLISH,),
}

REVISION_ROUNDS_MIN, REVISION_ROUNDS_MAX, REVISION_ROUNDS_DEFAULT = 0, 5, 2
STUCK_AFTER = timedelta(hours=24)  # the default of the policy setting `review_stuck_hours`
CONTENT_MAX_CHARS = 20_000
FEEDBACK_MAX_CHARS = 5_000


def first_stage(review: Review) -> Stage:
    return PATHS[review][0]


@dataclass(frozen=True)
class Progress:
    """How far the creator's work got: what cancelling costs the brand depends on it."""

    script_submitted: bool = False
    video_submitted: bool = False
    video_changes_requested: int = 0


@dataclass(frozen=True)
class CancellationPolicy:
    """Shares of the price the brand pays the creator when it cancels an accepted order
    (Xingtu's short-video table): before any draft, once a script was submitted, once a
    video draft was submitted, and once it asked for changes to the video `full_after`
    times."""

    script_bps: int = 1_000
    video_bps: int = 5_000
    full_bps: int = 10_000
    full_after_video_changes: int = 2


def compensation_bps(progress: Progress, policy: CancellationPolicy) -> int:
    if progress.video_changes_requested >= policy.full_after_video_changes:
        return policy.full_bps
    if progress.video_submitted:
        return policy.video_bps
    if progress.script_submitted:
        return policy.script_bps
    return 0
