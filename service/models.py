"""Every table, imported in one place so that Alembic and tests see the whole schema."""

from service.orders.models import Order, OrderHistory
from service.parties.models import ApiKey, Channel, Party
from service.projects.models import Project

__all__ = ["ApiKey", "Channel", "Order", "OrderHistory", "Party", "Project"]
