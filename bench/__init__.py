"""On-demand speed benchmark of bridge against bm25s and SQLite FTS5: `python -m bench`."""
