"""Domain errors of the order machine. They carry a stable code, never an HTTP status."""

from __future__ import annotations

from dataclasses import dataclass

from statemachine.admission import IneligibilityReason


class DomainError(Exception):
    code: str = "domain_error"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


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


@dataclass(frozen=True)
class GuardFailure:
    """One failed guard: its name, a stable code, and whether the request is at fault
    (unprocessable) rather than the moment it came at."""

    guard: str
    code: str
    detail: str
    unprocessable: bool = False


class GuardFailed(DomainError):
    """Every failed guard of one attempt, so a caller can explain all of them at once."""

    def __init__(
        self,
        trigger: str,
        failures: list[GuardFailure],
        ineligibility: tuple[IneligibilityReason, ...] = (),
    ) -> None:
        super().__init__("; ".join(f.detail for f in failures))
        self.trigger = trigger
        self.failures = failures
        self.ineligibility = ineligibility
        # The creator's admission outranks the moment: a brand UI explains it first.
        codes = [f.code for f in failures]
        self.code = "creator_ineligible" if "creator_ineligible" in codes else codes[0]

    @property
    def unprocessable(self) -> bool:
        return any(f.unprocessable for f in self.failures)


class InvalidTerms(DomainError):
    code = "invalid_terms"
