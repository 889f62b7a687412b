"""Limits the app routers share (a module of its own: `core` imports the routers)."""

MAX_ID = 2**63 - 1
"""The largest primary key (BigAutoField); an id beyond it is refused before it reaches the
database, which would fail on it with an OverflowError (a 500)."""
