"""Domain errors of the order machine. They carry a stable code, never an HTTP status (the
service maps codes to statuses in one table)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from statemachine.admission import IneligibilityReason


class DomainError(Exception):
    code: str = "domain_error"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail

    def fields(self) -> dict[str, Any]:
        """What a caller needs besides the code and the detail to act on the error."""
        return {}


class UnknownTrigger(DomainError):
    code = "unknown_trigger"

    def __init__(self, trigger: str) -> None:
        super().__init__(f"'{trigger}' is not a trigger of the order machine")
        self.trigger = trigger


class ActorNotAllowed(DomainError):
    code = "forbidden"

    def __init__(self, trigger: str, actor: str) -> None:
        super().__init__(f"a {actor} may never fire '{trigger}'")
        self.trigger = trigger
        self.actor = actor


class InvalidTransition(DomainError):
    code = "invalid_transition"

    def __init__(self, trigger: str, state: str, allowed_triggers: list[str]) -> None:
        super().__init__(f"'{trigger}' cannot fire from state '{state}'")
        self.trigger = trigger
        self.state = state
        self.allowed_triggers = allowed_triggers

    def fields(self) -> dict[str, Any]:
        return {"state": self.state, "allowed_triggers": self.allowed_triggers}


class StageMismatch(InvalidTransition):
    """The order is in the trigger's state, but not at a stage it fires from."""

    code = "stage_mismatch"

    def __init__(self, trigger: str, state: str, stage: str, allowed_triggers: list[str]) -> None:
        super().__init__(trigger, state, allowed_triggers)
        self.args = (f"'{trigger}' cannot fire at stage '{stage}' of '{state}'",)
        self.detail = self.args[0]
        self.stage = stage

    def fields(self) -> dict[str, Any]:
        return {**super().fields(), "stage": self.stage}


@dataclass(frozen=True)
class GuardFailure:
    """One failed guard: its name, a stable code, whether the request is at fault
    (unprocessable) rather than the moment it came at, and the admission rules it names."""

    guard: str
    code: str
    detail: str
    unprocessable: bool = False
    reasons: tuple[IneligibilityReason, ...] = ()


class GuardFailed(DomainError):
    """Every failed guard of one attempt, so a caller can explain all of them at once; the
    moment is wrong (a deadline, a state of the video). `refused` picks the class."""

    def __init__(self, trigger: str, failures: Sequence[GuardFailure]) -> None:
        super().__init__("; ".join(f.detail for f in failures))
        self.trigger = trigger
        self.failures = list(failures)
        self.ineligibility = tuple(r for f in failures for r in f.reasons)
        # The creator's admission outranks the moment: a brand UI explains it first.
        codes = [f.code for f in failures]
        self.code = "creator_ineligible" if "creator_ineligible" in codes else codes[0]

    @property
    def unprocessable(self) -> bool:
        """The request is at fault (a field missing, the creator ineligible), not the moment."""
        return any(f.unprocessable for f in self.failures)

    def fields(self) -> dict[str, Any]:
        reasons: list[dict[str, str]] = [
            {"rule": r.rule, "detail": r.detail} for r in self.ineligibility
        ]
        reasons += [
            {"guard": f.guard, "code": f.code, "detail": f.detail}
            for f in self.failures
            if not f.reasons
        ]
        return {"reasons": reasons}


class RequestRefused(GuardFailed):
    """Guards failed and the request is at fault: a field missing, the creator ineligible."""


def refused(trigger: str, failures: Sequence[GuardFailure]) -> GuardFailed:
    failed = GuardFailed(trigger, failures)
    return RequestRefused(trigger, failures) if failed.unprocessable else failed
