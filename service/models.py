"""Every table, imported in one place so that Alembic and tests see the whole schema."""

from service.api.models import IdempotencyKey
from service.audit.models import AuditEntry
from service.credit.models import StandingEvent, Violation
from service.events.models import Event, EventAudience
from service.mcn.models import McnContract
from service.messages.models import OrderMessage
from service.money.models import Account, JournalEntry, JournalLine, TopUp, Withdrawal
from service.orders.models import Order, OrderHistory, RetentionProposal
from service.parties.models import ApiKey, Channel, Party
from service.private_deals.models import PrivateDealCase
from service.projects.models import Project
from service.timers.models import DevClock
from service.videos.models import SimulatedVideo, VideoSnapshot
from service.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint

__all__ = [
    "Account",
    "ApiKey",
    "AuditEntry",
    "Channel",
    "DevClock",
    "Event",
    "EventAudience",
    "IdempotencyKey",
    "JournalEntry",
    "JournalLine",
    "McnContract",
    "Order",
    "OrderHistory",
    "OrderMessage",
    "Party",
    "PrivateDealCase",
    "Project",
    "RetentionProposal",
    "SimulatedVideo",
    "StandingEvent",
    "TopUp",
    "VideoSnapshot",
    "Violation",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEndpoint",
    "Withdrawal",
]
