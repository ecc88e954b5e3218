from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.callback_result import CallbackResult
from ...models.problem import Problem
from ...types import Response, Unset


def _get_kwargs(
    *,
    x_video_signature: str | Unset = "",
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_video_signature, Unset):
        headers["X-Video-Signature"] = x_video_signature

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/integrations/video-platform/callback",
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CallbackResult | Problem | None:
    if response.status_code == 202:
        response_202 = CallbackResult.from_dict(response.json())

        return response_202

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

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
) -> Response[CallbackResult | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    x_video_signature: str | Unset = "",
) -> Response[CallbackResult | Problem]:
    """The video platform pushes a video's status change (signed)

    Args:
        x_video_signature (str | Unset):  Default: ''.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CallbackResult | Problem]
    """

    kwargs = _get_kwargs(
        x_video_signature=x_video_signature,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    x_video_signature: str | Unset = "",
) -> CallbackResult | Problem | None:
    """The video platform pushes a video's status change (signed)

    Args:
        x_video_signature (str | Unset):  Default: ''.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CallbackResult | Problem
    """

    return sync_detailed(
        client=client,
        x_video_signature=x_video_signature,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    x_video_signature: str | Unset = "",
) -> Response[CallbackResult | Problem]:
    """The video platform pushes a video's status change (signed)

    Args:
        x_video_signature (str | Unset):  Default: ''.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CallbackResult | Problem]
    """

    kwargs = _get_kwargs(
        x_video_signature=x_video_signature,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    x_video_signature: str | Unset = "",
) -> CallbackResult | Problem | None:
    """The video platform pushes a video's status change (signed)

    Args:
        x_video_signature (str | Unset):  Default: ''.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CallbackResult | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            x_video_signature=x_video_signature,
        )
    ).parsed
