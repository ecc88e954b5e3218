"""The client's defaults, against a scripted transport: what it retries and with which key,
what it raises for each problem code."""

from __future__ import annotations

import json

import httpx
import pytest
from xingtu_client import Retries, Xingtu, errors
from xingtu_client_core.api.money import create_top_up, get_balance
from xingtu_client_core.api.parties import issue_brand_key
from xingtu_client_core.api.video_platform import report_video_status
from xingtu_client_core.models import ProblemCode, TopUpCreate

from service.errors import catalogue
from statemachine import ORDER_MACHINE

TOP_UP = {
    "id": "tu_1", "brand_id": "br_1", "amount_fen": 100, "available_fen": 100,
    "provider_reference": "simpay_tu_1", "created_at": "2026-12-04T09:00:00Z",
}  # fmt: skip
BALANCE = {"party_id": "br_1", "currency": "CNY", "available_fen": 100, "escrow_fen": 0,
           "pending_withdrawal_fen": 0}  # fmt: skip


def problem(status: int, code: str, **headers: str) -> httpx.Response:
    body = {"type": f"https://errors.xingtu.example/{code}", "title": code, "status": status,
            "detail": code, "code": code}  # fmt: skip
    return httpx.Response(
        status, json=body, headers={"content-type": "application/problem+json", **headers}
    )


def scripted(*answers: httpx.Response | type[Exception]) -> tuple[Xingtu, list[httpx.Request]]:
    sent: list[httpx.Request] = []
    queue = list(answers)

    def handle(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        answer = queue.pop(0)
        if isinstance(answer, type):
            raise answer("scripted", request=request)  # type: ignore[call-arg]
        return answer

    client = Xingtu(
        "http://api.test", "key", retries=Retries(attempts=3, base=0.001),
        transport=httpx.MockTransport(handle),
    )  # fmt: skip
    return client, sent


def top_up(client: Xingtu) -> object:
    return client.call(create_top_up.sync_detailed, body=TopUpCreate(amount_fen=100))


@pytest.mark.parametrize(
    "first",
    [
        problem(503, "database_busy", **{"retry-after": "0"}),
        problem(409, "idempotency_key_in_flight", **{"retry-after": "0"}),
        httpx.RemoteProtocolError,  # the connection dropped: maybe after the server committed
        httpx.ConnectError,
    ],
    ids=["503", "key in flight", "connection lost", "no connection"],
)
def test_a_post_is_retried_with_the_same_key(first: httpx.Response | type[Exception]) -> None:
    client, sent = scripted(first, httpx.Response(201, json=TOP_UP))
    assert top_up(client).id == "tu_1"  # type: ignore[attr-defined]
    assert len(sent) == 2
    keys = {request.headers["idempotency-key"] for request in sent}
    assert len(keys) == 1 and next(iter(keys)).startswith("xt-")


def test_each_logical_call_has_a_key_of_its_own() -> None:
    client, sent = scripted(httpx.Response(201, json=TOP_UP), httpx.Response(201, json=TOP_UP))
    top_up(client)
    top_up(client)
    assert sent[0].headers["idempotency-key"] != sent[1].headers["idempotency-key"]


def test_a_key_the_caller_gives_is_kept() -> None:
    client, sent = scripted(httpx.Response(201, json=TOP_UP))
    client.call(
        create_top_up.sync_detailed, body=TopUpCreate(amount_fen=100), idempotency_key="mine-1"
    )
    assert sent[0].headers["idempotency-key"] == "mine-1"


def test_a_get_takes_no_key_and_is_retried_too() -> None:
    client, sent = scripted(httpx.ReadError, httpx.Response(200, json=BALANCE))
    assert client.call(get_balance.sync_detailed).available_fen == 100
    assert len(sent) == 2 and "idempotency-key" not in sent[0].headers


@pytest.mark.parametrize(
    ("answer", "kind"),
    [
        (problem(422, "idempotency_key_reused"), errors.IdempotencyKeyReused),
        (problem(422, "validation_error"), errors.ValidationFailed),
        (problem(402, "insufficient_funds"), errors.InsufficientFunds),
        (problem(401, "unauthenticated"), errors.Unauthenticated),
    ],
)
def test_what_a_retry_cannot_fix_is_raised_at_once(
    answer: httpx.Response, kind: type[errors.ApiError]
) -> None:
    client, sent = scripted(answer)
    with pytest.raises(kind):
        top_up(client)
    assert len(sent) == 1


def test_retries_end_with_the_last_error() -> None:
    busy = [problem(503, "database_busy", **{"retry-after": "0"}) for _ in range(3)]
    client, sent = scripted(*busy)
    with pytest.raises(errors.ServiceUnavailable) as raised:
        top_up(client)
    assert len(sent) == 3 and raised.value.retry_after == 0


def test_a_problem_carries_its_fields_and_request_id() -> None:
    body = {"type": "t", "title": "t", "status": 412, "detail": "d", "code": "version_conflict",
            "current_version": 7}  # fmt: skip
    answer = httpx.Response(
        412, content=json.dumps(body), headers={"x-request-id": "req_1"},
    )  # fmt: skip
    client, _ = scripted(answer)
    with pytest.raises(errors.VersionConflict) as raised:
        top_up(client)
    assert raised.value.current_version == 7 and raised.value.request_id == "req_1"


def test_a_code_this_client_does_not_know_yet_is_raised_by_its_status() -> None:
    client, _ = scripted(problem(409, "a_code_from_a_newer_service"))
    with pytest.raises(errors.Conflict) as raised:
        top_up(client)
    assert raised.value.code == "a_code_from_a_newer_service"


def test_every_code_of_the_schema_has_its_class_under_its_status_class() -> None:
    statuses = {code: answer.status for code, answer in catalogue(ORDER_MACHINE).items()}
    guards = {g.code for t in (ORDER_MACHINE.create, *ORDER_MACHINE.transitions) for g in t.guards}
    for code in ProblemCode:
        status = statuses[code.value]
        guard = code.value in guards
        problem: dict[str, object] = {"code": code.value}
        if guard:
            problem["reasons"] = []
        kind = errors.error_class(status, problem)
        assert issubclass(kind, errors.BY_STATUS[status]), code
        if guard:  # a refusal, of its own class (creator_ineligible, …) or of its status's
            assert issubclass(kind, errors.Refusal), code
            if code.value not in errors.BY_CODE:
                assert kind is {409: errors.TransitionRefused, 422: errors.RequestRefused}[status]
        else:
            assert kind.code_of_class == code.value, f"no class for `{code.value}`"


def test_a_guard_refusal_is_a_conflict_with_typed_reasons() -> None:
    body = {"type": "t", "title": "t", "status": 409, "detail": "d", "code": "retention_not_ended",
            "reasons": [{"guard": "retention_ended", "code": "retention_not_ended",
                         "detail": "the retention period has not ended"}]}  # fmt: skip
    client, _ = scripted(httpx.Response(409, json=body))
    with pytest.raises(errors.Conflict) as raised:
        top_up(client)
    assert isinstance(raised.value, errors.TransitionRefused)
    [reason] = raised.value.reasons
    assert (reason.guard, reason.code) == ("retention_ended", "retention_not_ended")


def test_a_write_without_a_key_is_not_sent_again_once_it_may_have_arrived() -> None:
    client, sent = scripted(httpx.ReadError)
    with pytest.raises(httpx.ReadError):
        client.call(report_video_status.sync_detailed, x_video_signature="t=1,v1=x")
    assert len(sent) == 1
    client, sent = scripted(
        httpx.ConnectError, httpx.Response(202, json={"orders": [], "refunded": []})
    )
    client.call(report_video_status.sync_detailed, x_video_signature="t=1,v1=x")
    assert len(sent) == 2  # a connection never made: the request never left


def test_a_secret_a_replay_cannot_show_is_an_error_not_a_none() -> None:
    issued = {"id": "ak_1", "party_id": "br_1", "fingerprint": "0123456789ab",
              "created_at": "2026-12-04T09:00:00Z", "key": None}  # fmt: skip
    replay = httpx.Response(201, json=issued, headers={"idempotent-replayed": "true"})
    client, sent = scripted(httpx.RemoteProtocolError, replay)
    with pytest.raises(errors.SecretNotShownAgain):
        client.call(issue_brand_key.sync_detailed, "br_1")
    assert len(sent) == 2
