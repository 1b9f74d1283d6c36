"""Alembic's entry point for the queue's migrations: run on the connection bridge hands it."""

from __future__ import annotations

from alembic import context

from bridge.submissions.tables import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata)
with context.begin_transaction():
    context.run_migrations()
