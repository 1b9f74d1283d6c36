"""Workshops: a room of participants read from a table, and a pack for each of them."""
