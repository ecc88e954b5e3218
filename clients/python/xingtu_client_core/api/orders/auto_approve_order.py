from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.order_public import OrderPublic
from ...models.problem import Problem
from ...models.trigger_body import TriggerBody
from ...types import UNSET, Response, Unset


def _get_kwargs(
    order_id: str,
    *,
    body: TriggerBody | Unset = UNSET,
    dry_run: bool | Unset = False,
    if_match: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["If-Match"] = if_match

    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    params: dict[str, Any] = {}

    params["dry_run"] = dry_run

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/orders/{order_id}/auto_approve".format(
            order_id=quote(str(order_id), safe=""),
        ),
        "params": params,
    }

    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> OrderPublic | Problem | None:
    if response.status_code == 200:
        response_200 = OrderPublic.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 412:
        response_412 = Problem.from_dict(response.json())

        return response_412

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[OrderPublic | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    order_id: str,
    *,
    client: AuthenticatedClient,
    body: TriggerBody | Unset = UNSET,
    dry_run: bool | Unset = False,
    if_match: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[OrderPublic | Problem]:
    """auto_approve: the brand did not review the draft in time: it counts as approved

     accepted (at script_in_review, video_in_review) → accepted, by system. Needs nothing. With `If-
    Match` the transition runs only on that version (412 otherwise); with `?dry_run=true` every guard
    runs and the order comes back as it would be, nothing changed.

    Args:
        order_id (str):
        dry_run (bool | Unset):  Default: False.
        if_match (str | Unset):
        idempotency_key (str | Unset):
        body (TriggerBody | Unset): What a trigger may need; send only the fields it names
            (`requires`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OrderPublic | Problem]
    """

    kwargs = _get_kwargs(
        order_id=order_id,
        body=body,
        dry_run=dry_run,
        if_match=if_match,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    order_id: str,
    *,
    client: AuthenticatedClient,
    body: TriggerBody | Unset = UNSET,
    dry_run: bool | Unset = False,
    if_match: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> OrderPublic | Problem | None:
    """auto_approve: the brand did not review the draft in time: it counts as approved

     accepted (at script_in_review, video_in_review) → accepted, by system. Needs nothing. With `If-
    Match` the transition runs only on that version (412 otherwise); with `?dry_run=true` every guard
    runs and the order comes back as it would be, nothing changed.

    Args:
        order_id (str):
        dry_run (bool | Unset):  Default: False.
        if_match (str | Unset):
        idempotency_key (str | Unset):
        body (TriggerBody | Unset): What a trigger may need; send only the fields it names
            (`requires`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OrderPublic | Problem
    """

    return sync_detailed(
        order_id=order_id,
        client=client,
        body=body,
        dry_run=dry_run,
        if_match=if_match,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    order_id: str,
    *,
    client: AuthenticatedClient,
    body: TriggerBody | Unset = UNSET,
    dry_run: bool | Unset = False,
    if_match: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[OrderPublic | Problem]:
    """auto_approve: the brand did not review the draft in time: it counts as approved

     accepted (at script_in_review, video_in_review) → accepted, by system. Needs nothing. With `If-
    Match` the transition runs only on that version (412 otherwise); with `?dry_run=true` every guard
    runs and the order comes back as it would be, nothing changed.

    Args:
        order_id (str):
        dry_run (bool | Unset):  Default: False.
        if_match (str | Unset):
        idempotency_key (str | Unset):
        body (TriggerBody | Unset): What a trigger may need; send only the fields it names
            (`requires`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OrderPublic | Problem]
    """

    kwargs = _get_kwargs(
        order_id=order_id,
        body=body,
        dry_run=dry_run,
        if_match=if_match,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    order_id: str,
    *,
    client: AuthenticatedClient,
    body: TriggerBody | Unset = UNSET,
    dry_run: bool | Unset = False,
    if_match: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> OrderPublic | Problem | None:
    """auto_approve: the brand did not review the draft in time: it counts as approved

     accepted (at script_in_review, video_in_review) → accepted, by system. Needs nothing. With `If-
    Match` the transition runs only on that version (412 otherwise); with `?dry_run=true` every guard
    runs and the order comes back as it would be, nothing changed.

    Args:
        order_id (str):
        dry_run (bool | Unset):  Default: False.
        if_match (str | Unset):
        idempotency_key (str | Unset):
        body (TriggerBody | Unset): What a trigger may need; send only the fields it names
            (`requires`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OrderPublic | Problem
    """

    return (
        await asyncio_detailed(
            order_id=order_id,
            client=client,
            body=body,
            dry_run=dry_run,
            if_match=if_match,
            idempotency_key=idempotency_key,
        )
    ).parsed
