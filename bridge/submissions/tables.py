"""The queue's table as SQLAlchemy sees it; `migrations/` makes it in the database."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()
submissions = sa.Table(
    "submissions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("record_id", sa.String(80), nullable=False),
    sa.Column("title", sa.String(300), nullable=False),
    sa.Column("record", sa.Text, nullable=False),  # the record's YAML, as the form gave it
    sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("status", sa.String(10), nullable=False, server_default="pending"),
    sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("reason", sa.Text, nullable=True),
    sa.Column("path", sa.Text, nullable=True),  # where approval wrote it, in the catalogue
    sa.Index("submissions_status", "status", "id"),
)
