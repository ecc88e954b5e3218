from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.problem_code import ProblemCode
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.problem_field_error import ProblemFieldError
    from ..models.problem_finding import ProblemFinding
    from ..models.problem_reason import ProblemReason


T = TypeVar("T", bound="Problem")


@_attrs_define
class Problem:
    """The body of every error response (RFC 9457). `code` is stable: act on it, not on
    `detail`, whose words may change. The other fields come with the codes they name.

        Attributes:
            code (ProblemCode): Every code a problem can carry, with its status:
                - `accept_deadline_not_reached` (409): refused unless the accept deadline has passed
                - `accept_deadline_passed` (409): refused unless the accept deadline has not passed
                - `already_reversed` (409): the journal entry is already reversed
                - `amount_below_minimum` (422): the amount is under the minimum; see `minimum_fen`
                - `bad_signature` (401): the callback signature does not verify
                - `balance_negative` (409): the balance is negative (a compensation is owed)
                - `budget_below_committed` (422): the budget is below what the project has committed; see `committed_fen`
                - `case_not_open` (409): the private-deal case is already dismissed or confirmed
                - `channel_taken` (409): the platform account is already registered
                - `content_required` (422): refused unless the script is sent (`content`: text, or a link to it)
                - `contract_conflict` (409): the creator already has an active MCN contract
                - `creator_ineligible` (422): the creator fails admission rules; see `reasons`
                - `database_busy` (503): the database could not serve this now; retry after Retry-After
                - `database_unavailable` (503): the database does not answer
                - `dispute_open` (409): refused unless no dispute about the order is open
                - `draft_url_required` (422): refused unless the video draft is sent (`draft_url`, a private draft link)
                - `ends_at_in_past` (422): a contract must end in the future
                - `escrow_mismatch` (409): escrow does not hold what the order says; ops investigate
                - `evidence_required` (422): refused unless evidence is given
                - `feedback_required` (422): refused unless the brand says what to change (`feedback`)
                - `forbidden` (403): the caller's role may never do this
                - `http_error` (400): the request could not be read as HTTP
                - `idempotency_key_in_flight` (409): a request with this Idempotency-Key is still running; retry after Retry-
                After
                - `idempotency_key_reused` (422): this Idempotency-Key was used with another request
                - `insufficient_funds` (402): a balance does not cover the amount; see `required_fen`
                - `internal_error` (500): an unexpected error; the request changed nothing
                - `invalid_cursor` (422): `starting_after` is not a cursor this list gave out
                - `invalid_idempotency_key` (400): the Idempotency-Key is not 1-255 visible characters
                - `invalid_time` (422): the time is in the future
                - `invalid_transition` (409): the trigger cannot fire from the order's state
                - `invalid_value` (422): a value cannot be stored or compared as sent
                - `kind_not_recordable` (422): ops may not record this kind of violation by hand
                - `malformed_request` (400): the body is not well-formed JSON
                - `message_not_held` (409): the message is not held: ops released or confirmed it
                - `method_not_allowed` (405): the path does not answer this method (see `Allow`)
                - `no_cancellation_offer` (409): refused unless the other side proposed to cancel the order, and the proposal is
                open
                - `no_grounds_to_escalate` (409): refused unless the brand has used up its revision rounds for the draft, or
                (for the creator) it has left the draft unreviewed for the time after which a review counts as stuck
                - `no_open_dispute` (409): refused unless a dispute about the order is open
                - `no_revision_rounds_left` (409): refused unless the brand has revision rounds left for the video
                - `not_found` (404): no such object, or not one the caller may see
                - `not_reversible` (409): the journal entry is not of a kind ops may reverse
                - `not_suspended` (409): the creator's order rights are not suspended
                - `off_platform_contact` (422): a message or script carries contact details; see `found` (or `reasons`)
                - `payload_too_large` (413): the body is over the size limit
                - `payment_declined` (402): the payment provider declined
                - `project_archived` (409): the project is archived and takes no new orders
                - `project_budget_exceeded` (422): the order would take the project past its budget; see `remaining_fen`
                - `project_dates_invalid` (422): `ends_on` is before `starts_on`
                - `proposal_id_required` (422): refused unless the proposal accepted is named (`proposal_id`)
                - `proposal_lapsed` (409): the proposal lapsed before it was accepted
                - `publish_deadline_not_reached` (409): refused unless the publish deadline has passed
                - `publish_deadline_passed` (409): refused unless the publish deadline has not passed
                - `reason_required` (422): refused unless a reason is given
                - `refund_bps_out_of_range` (422): refused unless the share refunded is 0-10,000 basis points of the price
                - `refund_bps_required` (422): refused unless the share of the price refunded is given (`refund_bps`)
                - `retention_not_ended` (409): refused unless the agreed retention period has ended
                - `retention_too_short` (422): the new period would end before the time already elapsed
                - `retention_unchanged` (422): that is the retention period already agreed
                - `review_escalated` (409): refused unless the review has not been handed to ops
                - `review_not_escalated` (409): refused unless ops decide a review only once it was handed to them
                - `review_time_not_reached` (409): refused unless the brand did not review within the review time
                - `review_time_passed` (409): refused unless the brand reviews within the review time (after it, the draft
                counts as approved)
                - `settle_time_not_reached` (409): refused unless the settle time has been reached (ops: at any time, with a
                reason)
                - `stage_mismatch` (409): the order is in the trigger's state but at another stage; see `stage`
                - `unauthenticated` (401): no API key, or an unknown or revoked one
                - `unknown_parameter` (422): a query parameter the operation does not know
                - `unknown_reference` (422): the body names an object that does not exist
                - `unknown_video` (422): not a video URL the platforms know
                - `validation_error` (422): a field or parameter is not valid; see `errors`
                - `version_conflict` (409): the object changed meanwhile; fetch it again and retry (412 with `If-Match`)
                - `video_not_gone_within_retention` (409): refused unless the video was removed or made private before the
                retention period ended
                - `video_not_live` (409): refused unless the video was live when last checked
                - `video_not_on_channel` (422): refused unless the video is live on the order's channel
                - `webhook_url_refused` (422): the URL is not a public HTTPS address
            detail (str): what went wrong, in words for a person
            status (int):
            title (str):
            type_ (str): a URI naming the code
            account_kind (str | Unset): the account short of money (`insufficient_funds`)
            allowed_triggers (list[str] | Unset): what this caller may fire from `state` (`invalid_transition`)
            current_version (int | Unset): the version the object is at (`version_conflict` on 412)
            errors (list[ProblemFieldError] | Unset): each invalid field (`validation_error`)
            found (list[ProblemFinding] | Unset): what the screen found (`off_platform_contact`)
            message_id (str | Unset): the refused message, kept for ops (`off_platform_contact`)
            minimum_fen (int | Unset): the smallest amount allowed (`amount_below_minimum`)
            reasons (list[ProblemReason] | Unset): every reason at once (`creator_ineligible` and other refusals)
            required_fen (int | Unset): what the account lacked (`insufficient_funds`)
            stage (str | Unset): the order's stage of `accepted` (`stage_mismatch`)
            state (str | Unset): the object's state (`invalid_transition`): an order's, a contract's, …
    """

    code: ProblemCode
    detail: str
    status: int
    title: str
    type_: str
    account_kind: str | Unset = UNSET
    allowed_triggers: list[str] | Unset = UNSET
    current_version: int | Unset = UNSET
    errors: list[ProblemFieldError] | Unset = UNSET
    found: list[ProblemFinding] | Unset = UNSET
    message_id: str | Unset = UNSET
    minimum_fen: int | Unset = UNSET
    reasons: list[ProblemReason] | Unset = UNSET
    required_fen: int | Unset = UNSET
    stage: str | Unset = UNSET
    state: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code.value

        detail = self.detail

        status = self.status

        title = self.title

        type_ = self.type_

        account_kind = self.account_kind

        allowed_triggers: list[str] | Unset = UNSET
        if not isinstance(self.allowed_triggers, Unset):
            allowed_triggers = self.allowed_triggers

        current_version = self.current_version

        errors: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.errors, Unset):
            errors = []
            for errors_item_data in self.errors:
                errors_item = errors_item_data.to_dict()
                errors.append(errors_item)

        found: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.found, Unset):
            found = []
            for found_item_data in self.found:
                found_item = found_item_data.to_dict()
                found.append(found_item)

        message_id = self.message_id

        minimum_fen = self.minimum_fen

        reasons: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.reasons, Unset):
            reasons = []
            for reasons_item_data in self.reasons:
                reasons_item = reasons_item_data.to_dict()
                reasons.append(reasons_item)

        required_fen = self.required_fen

        stage = self.stage

        state = self.state

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "detail": detail,
                "status": status,
                "title": title,
                "type": type_,
            }
        )
        if account_kind is not UNSET:
            field_dict["account_kind"] = account_kind
        if allowed_triggers is not UNSET:
            field_dict["allowed_triggers"] = allowed_triggers
        if current_version is not UNSET:
            field_dict["current_version"] = current_version
        if errors is not UNSET:
            field_dict["errors"] = errors
        if found is not UNSET:
            field_dict["found"] = found
        if message_id is not UNSET:
            field_dict["message_id"] = message_id
        if minimum_fen is not UNSET:
            field_dict["minimum_fen"] = minimum_fen
        if reasons is not UNSET:
            field_dict["reasons"] = reasons
        if required_fen is not UNSET:
            field_dict["required_fen"] = required_fen
        if stage is not UNSET:
            field_dict["stage"] = stage
        if state is not UNSET:
            field_dict["state"] = state

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.problem_field_error import ProblemFieldError  # noqa: PLC0415
        from ..models.problem_finding import ProblemFinding  # noqa: PLC0415
        from ..models.problem_reason import ProblemReason  # noqa: PLC0415

        d = dict(src_dict)
        code = ProblemCode(d.pop("code"))

        detail = d.pop("detail")

        status = d.pop("status")

        title = d.pop("title")

        type_ = d.pop("type")

        account_kind = d.pop("account_kind", UNSET)

        allowed_triggers = cast(list[str], d.pop("allowed_triggers", UNSET))

        current_version = d.pop("current_version", UNSET)

        _errors = d.pop("errors", UNSET)
        errors: list[ProblemFieldError] | Unset = UNSET
        if _errors is not UNSET:
            errors = []
            for errors_item_data in _errors:
                errors_item = ProblemFieldError.from_dict(errors_item_data)

                errors.append(errors_item)

        _found = d.pop("found", UNSET)
        found: list[ProblemFinding] | Unset = UNSET
        if _found is not UNSET:
            found = []
            for found_item_data in _found:
                found_item = ProblemFinding.from_dict(found_item_data)

                found.append(found_item)

        message_id = d.pop("message_id", UNSET)

        minimum_fen = d.pop("minimum_fen", UNSET)

        _reasons = d.pop("reasons", UNSET)
        reasons: list[ProblemReason] | Unset = UNSET
        if _reasons is not UNSET:
            reasons = []
            for reasons_item_data in _reasons:
                reasons_item = ProblemReason.from_dict(reasons_item_data)

                reasons.append(reasons_item)

        required_fen = d.pop("required_fen", UNSET)

        stage = d.pop("stage", UNSET)

        state = d.pop("state", UNSET)

        problem = cls(
            code=code,
            detail=detail,
            status=status,
            title=title,
            type_=type_,
            account_kind=account_kind,
            allowed_triggers=allowed_triggers,
            current_version=current_version,
            errors=errors,
            found=found,
            message_id=message_id,
            minimum_fen=minimum_fen,
            reasons=reasons,
            required_fen=required_fen,
            stage=stage,
            state=state,
        )

        problem.additional_properties = d
        return problem

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
