"""A real PostgreSQL server for the tests: Debian's `postgresql` binaries (initdb, pg_ctl)
run on a fresh data folder, listening only on a Unix socket in it; stopped at the end.

As root, the server runs as the `postgres` user (PostgreSQL refuses to run as root). Where
the binaries are absent the tests that need a server are skipped, saying why.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

SUPERUSER = "bridge"


def binaries() -> Path | None:
    """The folder holding initdb and pg_ctl: on PATH, else Debian's versioned folder."""
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(os.path.realpath(found)).parent
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(folder) / "pg_ctl").exists() and (Path(folder) / "initdb").exists():
            return Path(folder)
    return None


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


@contextmanager
def postgres_server() -> Iterator[str]:
    """A running server; yields the SQLAlchemy URL of its `postgres` database."""
    folder = binaries()
    if folder is None:
        raise LookupError("PostgreSQL is not installed (Debian: apt-get install postgresql)")
    home = Path(tempfile.mkdtemp(prefix="bridge-pg-"))
    data, socket = home / "data", home / "socket"
    socket.mkdir()
    if os.geteuid() == 0:
        shutil.chown(home, "postgres")
        shutil.chown(socket, "postgres")
    run = _run_in(home)
    run([str(folder / "initdb"), "-D", str(data), "-U", SUPERUSER, "-A", "trust", "-E", "UTF8"])
    options = f"-k {socket} -c listen_addresses='' -c fsync=off -p 5432"
    log = home / "server.log"
    run([str(folder / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "start"])
    try:
        yield f"postgresql://{SUPERUSER}@/postgres?host={socket}&port=5432"
    finally:
        run([str(folder / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"])
        shutil.rmtree(home, ignore_errors=True)


def _run_in(home: Path) -> Callable[[list[str]], None]:
    def run(command: list[str]) -> None:
        done = subprocess.run(
            _as_server_user(command),
            cwd=home,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"{command[0]} failed:\n{done.stdout}\n{done.stderr}")

    return run
