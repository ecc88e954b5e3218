"""The audit log of ops actions (`models`), written by the unit of work (`record`)."""
