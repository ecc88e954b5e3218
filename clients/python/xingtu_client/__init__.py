"""The official Python client of the Xingtu-style order service: the generated operations
(`xingtu_client_core`) and what makes calling them right the default (`Xingtu`)."""

from xingtu_client import errors
from xingtu_client.client import Checkpoint, FileCheckpoint, Retries, Xingtu
from xingtu_client.webhooks import WebhookVerificationError, verify_webhook

__all__ = [
    "Checkpoint",
    "FileCheckpoint",
    "Retries",
    "WebhookVerificationError",
    "Xingtu",
    "errors",
    "verify_webhook",
]
