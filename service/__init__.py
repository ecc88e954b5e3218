"""The running order service: API, persistence and one package per domain."""
