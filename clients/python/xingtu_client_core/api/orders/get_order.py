from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.order_public import OrderPublic
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    order_id: str,
    *,
    if_none_match: str | Unset = UNSET,
    prefer: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_none_match, Unset):
        headers["If-None-Match"] = if_none_match

    if not isinstance(prefer, Unset):
        headers["Prefer"] = prefer

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/orders/{order_id}".format(
            order_id=quote(str(order_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | OrderPublic | Problem | None:
    if response.status_code == 200:
        response_200 = OrderPublic.from_dict(response.json())

        return response_200

    if response.status_code == 304:
        response_304 = cast(Any, None)
        return response_304

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

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
) -> Response[Any | OrderPublic | Problem]:
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
    if_none_match: str | Unset = UNSET,
    prefer: str | Unset = UNSET,
) -> Response[Any | OrderPublic | Problem]:
    """One order, with line items and deadlines

     Sends `ETag`. With `If-None-Match` answers 304 while the order is unchanged; with `Prefer: wait=N`
    (N ≤ 30) as well, holds the request until the order changes or N seconds pass, holding no database
    connection meanwhile.

    Args:
        order_id (str):
        if_none_match (str | Unset):
        prefer (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | OrderPublic | Problem]
    """

    kwargs = _get_kwargs(
        order_id=order_id,
        if_none_match=if_none_match,
        prefer=prefer,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    order_id: str,
    *,
    client: AuthenticatedClient,
    if_none_match: str | Unset = UNSET,
    prefer: str | Unset = UNSET,
) -> Any | OrderPublic | Problem | None:
    """One order, with line items and deadlines

     Sends `ETag`. With `If-None-Match` answers 304 while the order is unchanged; with `Prefer: wait=N`
    (N ≤ 30) as well, holds the request until the order changes or N seconds pass, holding no database
    connection meanwhile.

    Args:
        order_id (str):
        if_none_match (str | Unset):
        prefer (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | OrderPublic | Problem
    """

    return sync_detailed(
        order_id=order_id,
        client=client,
        if_none_match=if_none_match,
        prefer=prefer,
    ).parsed


async def asyncio_detailed(
    order_id: str,
    *,
    client: AuthenticatedClient,
    if_none_match: str | Unset = UNSET,
    prefer: str | Unset = UNSET,
) -> Response[Any | OrderPublic | Problem]:
    """One order, with line items and deadlines

     Sends `ETag`. With `If-None-Match` answers 304 while the order is unchanged; with `Prefer: wait=N`
    (N ≤ 30) as well, holds the request until the order changes or N seconds pass, holding no database
    connection meanwhile.

    Args:
        order_id (str):
        if_none_match (str | Unset):
        prefer (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | OrderPublic | Problem]
    """

    kwargs = _get_kwargs(
        order_id=order_id,
        if_none_match=if_none_match,
        prefer=prefer,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    order_id: str,
    *,
    client: AuthenticatedClient,
    if_none_match: str | Unset = UNSET,
    prefer: str | Unset = UNSET,
) -> Any | OrderPublic | Problem | None:
    """One order, with line items and deadlines

     Sends `ETag`. With `If-None-Match` answers 304 while the order is unchanged; with `Prefer: wait=N`
    (N ≤ 30) as well, holds the request until the order changes or N seconds pass, holding no database
    connection meanwhile.

    Args:
        order_id (str):
        if_none_match (str | Unset):
        prefer (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | OrderPublic | Problem
    """

    return (
        await asyncio_detailed(
            order_id=order_id,
            client=client,
            if_none_match=if_none_match,
            prefer=prefer,
        )
    ).parsed
