"""Shapes code generators read well: optional bodies as a plain `$ref`, and the enums the
order machine defines (its triggers, the event types they emit)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

import statemachine as sm
from service.openapi.operations import Operation
from service.orders.writes import OUTSIDE_THE_TABLE
from service.schemas import ENUM_MARK
from statemachine.withdrawal import WithdrawalState


def plain_optional_body(operation: Operation) -> None:
    """`anyOf: [$ref, null]` (an optional body, as FastAPI writes it) becomes the `$ref`
    with `required: false`: generators then send no body rather than fail to encode one."""
    body = operation.spec.get("requestBody")
    if body is None:
        return
    for media in body["content"].values():
        plain = _without_null(media["schema"])
        if plain is not None and "$ref" in plain:
            media["schema"] = {"$ref": plain["$ref"]}  # a $ref stands alone in OpenAPI 3.0
            body["required"] = False


def _without_null(schema: dict[str, Any]) -> dict[str, Any] | None:
    """`anyOf: [X, null]` as X (with the rest of the schema kept), else None."""
    options = schema.get("anyOf", ())
    if len(options) != 2 or {"type": "null"} not in options:
        return None
    [kept] = [option for option in options if option != {"type": "null"}]
    rest = {key: value for key, value in schema.items() if key != "anyOf"}
    return {**kept, **rest}


def plain_optional_parameters(operation: Operation) -> None:
    """An optional parameter is absent or a value, never null: `anyOf: [X, null]` (FastAPI's
    `X | None = None`) becomes X, so that generators do not send an empty header."""
    for parameter in operation.spec.get("parameters", ()):
        if parameter.get("required") or "schema" not in parameter:
            continue
        plain = _without_null(parameter["schema"])
        if plain is not None:
            parameter["schema"] = plain


def triggers(machine: sm.OrderMachine) -> list[str]:
    """What an order's history can name: the machine's triggers, and the steps the service
    writes outside its table."""
    return [machine.create.trigger, *machine.triggers, *OUTSIDE_THE_TABLE]


def event_types(machine: sm.OrderMachine) -> list[str]:
    orders = [f"order.{trigger}" for trigger in triggers(machine)]
    withdrawals = [f"withdrawal.{state.value}" for state in WithdrawalState]
    return ["balance.changed", *orders, *withdrawals]


def enums(machine: sm.OrderMachine) -> dict[str, dict[str, Any]]:
    """The `Trigger` and `EventType` schemas (`service.schemas.TriggerName`, `EventType`)."""
    return {
        "Trigger": {
            "title": "Trigger",
            "type": "string",
            "enum": triggers(machine),
            "description": (
                "a trigger of the order machine (`GET /v1/order-machine`), or a step the "
                "service records outside it (`change_retention`)"
            ),
        },
        "EventType": {
            "title": "EventType",
            "type": "string",
            "enum": event_types(machine),
            "description": (
                "what changed: an order's trigger, a balance, a withdrawal's state. The feed "
                "and webhooks may carry a type a newer service added: skip what you do not know"
            ),
        },
    }


def _marked_as_refs(node: Any) -> Any:
    """Every schema marked `ENUM_MARK`, as a `$ref` to its enum (the rest of it dropped:
    a `$ref` stands alone in OpenAPI 3.0)."""
    if isinstance(node, dict):
        if ENUM_MARK in node:
            return {"$ref": f"#/components/schemas/{node[ENUM_MARK]}"}
        return {key: _marked_as_refs(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_marked_as_refs(value) for value in node]
    return node


def apply(
    operations: Iterable[Operation], components: dict[str, Any], machine: sm.OrderMachine
) -> None:
    for operation in operations:
        plain_optional_body(operation)
        plain_optional_parameters(operation)
    schemas = components["schemas"]
    schemas.update(_marked_as_refs(schemas))
    schemas.update(enums(machine))
    examples_with_nulls(schemas)


def _models(root: type[BaseModel] = BaseModel) -> Iterable[type[BaseModel]]:
    for model in root.__subclasses__():
        yield model
        yield from _models(model)


def examples_with_nulls(schemas: dict[str, Any]) -> None:
    """FastAPI drops every null from the document, the nulls of examples too, and an order
    in the example has fields that are null (no stage once published): the examples of the
    models, as the models give them."""
    for model in _models():
        extra = model.model_config.get("json_schema_extra")
        schema = schemas.get(model.__name__)
        if isinstance(extra, dict) and "examples" in extra and schema and "examples" in schema:
            schema["examples"] = extra["examples"]
