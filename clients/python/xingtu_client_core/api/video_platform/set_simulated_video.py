from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.simulated_video_public import SimulatedVideoPublic
from ...models.simulated_video_update import SimulatedVideoUpdate
from ...types import Response


def _get_kwargs(
    *,
    body: SimulatedVideoUpdate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/simulator/videos",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | SimulatedVideoPublic | None:
    if response.status_code == 200:
        response_200 = SimulatedVideoPublic.from_dict(response.json())

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
) -> Response[Problem | SimulatedVideoPublic]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: SimulatedVideoUpdate,
) -> Response[Problem | SimulatedVideoPublic]:
    """Change a video on the simulated platform (ops): commercial, remove, hide, restore, add counts

     Metrics sent are added to the video's own growth (bought plays, say). A URL that names its account
    and that the platform has not seen is taken as posted there now.

    Args:
        body (SimulatedVideoUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SimulatedVideoPublic]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: SimulatedVideoUpdate,
) -> Problem | SimulatedVideoPublic | None:
    """Change a video on the simulated platform (ops): commercial, remove, hide, restore, add counts

     Metrics sent are added to the video's own growth (bought plays, say). A URL that names its account
    and that the platform has not seen is taken as posted there now.

    Args:
        body (SimulatedVideoUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SimulatedVideoPublic
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: SimulatedVideoUpdate,
) -> Response[Problem | SimulatedVideoPublic]:
    """Change a video on the simulated platform (ops): commercial, remove, hide, restore, add counts

     Metrics sent are added to the video's own growth (bought plays, say). A URL that names its account
    and that the platform has not seen is taken as posted there now.

    Args:
        body (SimulatedVideoUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SimulatedVideoPublic]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: SimulatedVideoUpdate,
) -> Problem | SimulatedVideoPublic | None:
    """Change a video on the simulated platform (ops): commercial, remove, hide, restore, add counts

     Metrics sent are added to the video's own growth (bought plays, say). A URL that names its account
    and that the platform has not seen is taken as posted there now.

    Args:
        body (SimulatedVideoUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SimulatedVideoPublic
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
