"""Alembic migrations of the review queue's database."""
