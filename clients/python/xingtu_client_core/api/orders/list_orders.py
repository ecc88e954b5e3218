import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.order_page import OrderPage
from ...models.problem import Problem
from ...models.stage import Stage
from ...models.state import State
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    state: State | Unset = UNSET,
    project_id: str | Unset = UNSET,
    creator_id: str | Unset = UNSET,
    stage: Stage | Unset = UNSET,
    updated_since: datetime.datetime | Unset = UNSET,
    starting_after: str | Unset = UNSET,
    limit: int | Unset = 20,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_state: str | Unset = UNSET
    if not isinstance(state, Unset):
        json_state = state.value

    params["state"] = json_state

    params["project_id"] = project_id

    params["creator_id"] = creator_id

    json_stage: str | Unset = UNSET
    if not isinstance(stage, Unset):
        json_stage = stage.value

    params["stage"] = json_stage

    json_updated_since: str | Unset = UNSET
    if not isinstance(updated_since, Unset):
        json_updated_since = updated_since.isoformat()
    params["updated_since"] = json_updated_since

    params["starting_after"] = starting_after

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/orders",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> OrderPage | Problem | None:
    if response.status_code == 200:
        response_200 = OrderPage.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

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
) -> Response[OrderPage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    state: State | Unset = UNSET,
    project_id: str | Unset = UNSET,
    creator_id: str | Unset = UNSET,
    stage: Stage | Unset = UNSET,
    updated_since: datetime.datetime | Unset = UNSET,
    starting_after: str | Unset = UNSET,
    limit: int | Unset = 20,
) -> Response[OrderPage | Problem]:
    """The caller's orders, newest first, or in change order with `updated_since`

    Args:
        state (State | Unset):
        project_id (str | Unset):
        creator_id (str | Unset):
        stage (Stage | Unset): Where an accepted order is: the nested states of `accepted`.
        updated_since (datetime.datetime | Unset):
        starting_after (str | Unset):
        limit (int | Unset):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OrderPage | Problem]
    """

    kwargs = _get_kwargs(
        state=state,
        project_id=project_id,
        creator_id=creator_id,
        stage=stage,
        updated_since=updated_since,
        starting_after=starting_after,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    state: State | Unset = UNSET,
    project_id: str | Unset = UNSET,
    creator_id: str | Unset = UNSET,
    stage: Stage | Unset = UNSET,
    updated_since: datetime.datetime | Unset = UNSET,
    starting_after: str | Unset = UNSET,
    limit: int | Unset = 20,
) -> OrderPage | Problem | None:
    """The caller's orders, newest first, or in change order with `updated_since`

    Args:
        state (State | Unset):
        project_id (str | Unset):
        creator_id (str | Unset):
        stage (Stage | Unset): Where an accepted order is: the nested states of `accepted`.
        updated_since (datetime.datetime | Unset):
        starting_after (str | Unset):
        limit (int | Unset):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OrderPage | Problem
    """

    return sync_detailed(
        client=client,
        state=state,
        project_id=project_id,
        creator_id=creator_id,
        stage=stage,
        updated_since=updated_since,
        starting_after=starting_after,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    state: State | Unset = UNSET,
    project_id: str | Unset = UNSET,
    creator_id: str | Unset = UNSET,
    stage: Stage | Unset = UNSET,
    updated_since: datetime.datetime | Unset = UNSET,
    starting_after: str | Unset = UNSET,
    limit: int | Unset = 20,
) -> Response[OrderPage | Problem]:
    """The caller's orders, newest first, or in change order with `updated_since`

    Args:
        state (State | Unset):
        project_id (str | Unset):
        creator_id (str | Unset):
        stage (Stage | Unset): Where an accepted order is: the nested states of `accepted`.
        updated_since (datetime.datetime | Unset):
        starting_after (str | Unset):
        limit (int | Unset):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OrderPage | Problem]
    """

    kwargs = _get_kwargs(
        state=state,
        project_id=project_id,
        creator_id=creator_id,
        stage=stage,
        updated_since=updated_since,
        starting_after=starting_after,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    state: State | Unset = UNSET,
    project_id: str | Unset = UNSET,
    creator_id: str | Unset = UNSET,
    stage: Stage | Unset = UNSET,
    updated_since: datetime.datetime | Unset = UNSET,
    starting_after: str | Unset = UNSET,
    limit: int | Unset = 20,
) -> OrderPage | Problem | None:
    """The caller's orders, newest first, or in change order with `updated_since`

    Args:
        state (State | Unset):
        project_id (str | Unset):
        creator_id (str | Unset):
        stage (Stage | Unset): Where an accepted order is: the nested states of `accepted`.
        updated_since (datetime.datetime | Unset):
        starting_after (str | Unset):
        limit (int | Unset):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OrderPage | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            state=state,
            project_id=project_id,
            creator_id=creator_id,
            stage=stage,
            updated_since=updated_since,
            starting_after=starting_after,
            limit=limit,
        )
    ).parsed
