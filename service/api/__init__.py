"""What the REST API promises integrators beyond its routes: idempotency keys, conditional
requests, long polls (the change hub and its listener) and the caches that make polls cheap."""
