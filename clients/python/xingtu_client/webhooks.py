"""Verifying a webhook the service sent (Standard Webhooks: `webhook-id`,
`webhook-timestamp`, `webhook-signature`, HMAC-SHA256 with the endpoint's `whsec_` secret)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

__all__ = ["WebhookVerificationError", "verify_webhook"]


def verify_webhook(secret: str, headers: Mapping[str, str], body: bytes) -> dict[str, Any]:
    """The event the webhook carries, once its signature and timestamp (±5 minutes) check;
    raises WebhookVerificationError otherwise. Pass the raw body, as received. Dedupe by
    the event's `id`: a webhook may come more than once."""
    Webhook(secret).verify(body, {key.lower(): value for key, value in headers.items()})
    event: dict[str, Any] = json.loads(body)
    return event
