from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.project_summary import ProjectSummary
from ...types import UNSET, Response, Unset


def _get_kwargs(
    project_id: str,
    *,
    orders_limit: int | Unset = 100,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["orders_limit"] = orders_limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/projects/{project_id}/summary".format(
            project_id=quote(str(project_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | ProjectSummary | None:
    if response.status_code == 200:
        response_200 = ProjectSummary.from_dict(response.json())

        return response_200

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
) -> Response[Problem | ProjectSummary]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    project_id: str,
    *,
    client: AuthenticatedClient,
    orders_limit: int | Unset = 100,
) -> Response[Problem | ProjectSummary]:
    """A project's summary: orders by state, money, metrics, plays per day (brand, ops)

    Args:
        project_id (str):
        orders_limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ProjectSummary]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        orders_limit=orders_limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    project_id: str,
    *,
    client: AuthenticatedClient,
    orders_limit: int | Unset = 100,
) -> Problem | ProjectSummary | None:
    """A project's summary: orders by state, money, metrics, plays per day (brand, ops)

    Args:
        project_id (str):
        orders_limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ProjectSummary
    """

    return sync_detailed(
        project_id=project_id,
        client=client,
        orders_limit=orders_limit,
    ).parsed


async def asyncio_detailed(
    project_id: str,
    *,
    client: AuthenticatedClient,
    orders_limit: int | Unset = 100,
) -> Response[Problem | ProjectSummary]:
    """A project's summary: orders by state, money, metrics, plays per day (brand, ops)

    Args:
        project_id (str):
        orders_limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ProjectSummary]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        orders_limit=orders_limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    project_id: str,
    *,
    client: AuthenticatedClient,
    orders_limit: int | Unset = 100,
) -> Problem | ProjectSummary | None:
    """A project's summary: orders by state, money, metrics, plays per day (brand, ops)

    Args:
        project_id (str):
        orders_limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ProjectSummary
    """

    return (
        await asyncio_detailed(
            project_id=project_id,
            client=client,
            orders_limit=orders_limit,
        )
    ).parsed
