"""Where the review queue lives: a database named by `BRIDGE_DATABASE_URL` (`sqlite:///PATH`
or `postgresql://...`), else a SQLite file in the user's data folder; its tables made and
kept current by the migrations in `migrations/`."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from bridge.errors import BridgeError
from bridge.places import data_dir

URL_VARIABLE = "BRIDGE_DATABASE_URL"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_engines: dict[str, sa.Engine] = {}
_lock = threading.Lock()


class DatabaseUnavailable(BridgeError):
    """The queue's database cannot be reached or opened."""


def database_url() -> str:
    """`$BRIDGE_DATABASE_URL`, else a SQLite file in the user's data folder."""
    chosen = os.environ.get(URL_VARIABLE, "").strip()
    if chosen:
        return chosen
    return f"sqlite:///{data_dir() / 'submissions.sqlite3'}"


def _driver_url(url: str) -> sa.URL:
    """The URL with bridge's driver for PostgreSQL (psycopg 3) when none is named."""
    parsed = sa.make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.drivername == "sqlite" and parsed.database:
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    return parsed


def database(url: str | None = None) -> sa.Engine:
    """The engine of the queue's database, its tables brought up to date once per process."""
    chosen = url or database_url()
    with _lock:
        found = _engines.get(chosen)
        if found is None:
            try:
                found = sa.create_engine(_driver_url(chosen), pool_pre_ping=True)
                migrate(found)
            except (sa.exc.SQLAlchemyError, OSError, ValueError) as error:
                raise DatabaseUnavailable(
                    f"the submissions database cannot be opened: {type(error).__name__}"
                ) from error
            _engines[chosen] = found
        return found


def migrate(engine: sa.Engine) -> None:
    """Run the migrations up to the newest, once even when several app copies start at once
    (PostgreSQL: under an advisory lock)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(sa.text("SELECT pg_advisory_xact_lock(7313001)"))
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
