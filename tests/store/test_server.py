"""The FalkorDB server manager, for real: start, reuse, crash recovery, bad data dirs.

Crash tests run the victim in a subprocess so kill -9 is a real kill -9.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from base.errors import StoreUnavailableError
from graph.falkor import FalkorStore
from graph.falkor_server import FalkorServer, no_retry, socket_path_for
from graph.store import Statement

pytestmark = pytest.mark.store
ROOT = Path(__file__).resolve().parents[2]


def run_py(code: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)


def wait_gone(pid: int, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        # reap if it is our child
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            pass
        time.sleep(0.02)
    raise AssertionError(f"pid {pid} still alive")


def count_ids(store: FalkorStore, label: str = "Region") -> set[str]:
    cols, rows = store.run_readonly_cypher(f"MATCH (n:{label}) RETURN n.id", timeout_ms=10_000, limit=1_000_000)
    return {r[0] for r in rows}


def region_write(ids: list[str]) -> list[Statement]:
    rows = [{"id": i, "props": {"id": i, "name": f"r{i}", "short": i, "level": "city"}} for i in ids]
    return [Statement("write_regions", {"rows": rows})]


def test_start_reuse_and_clean_stop(tmp_path: Path) -> None:
    first = FalkorServer(tmp_path).ensure_running()
    assert first.owned and not first.reused
    pid = first.pid
    assert (tmp_path / "falkordb.pid").read_text().strip() == str(pid)
    assert (tmp_path / "falkordb.sock").exists()

    second = FalkorServer(tmp_path).ensure_running()
    assert second.reused and not second.owned and second.pid == pid
    assert second.stop() is False  # not ours to stop

    assert first.stop() is True
    wait_gone(pid)
    assert not (tmp_path / "falkordb.pid").exists()  # clean shutdown removes both
    assert not (tmp_path / "falkordb.sock").exists()
    log = (tmp_path / "falkordb.log").read_text()
    assert "ready to exit" in log


def test_owner_leaves_server_running_while_another_process_is_attached(tmp_path: Path) -> None:
    owner = FalkorServer(tmp_path).ensure_running()
    # Another process attaches (as the API would) and stays connected while the owner stops.
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, time
            from graph.falkor import FalkorStore
            s = FalkorStore({str(tmp_path)!r})
            print('attached', flush=True)
            sys.stdin.readline()
        """)], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "attached"
        assert owner.stop() is False
        assert FalkorServer(tmp_path).ping()
    finally:
        child.communicate("\n", timeout=30)
    pid = FalkorServer(tmp_path).pid
    assert pid is not None
    os.kill(pid, signal.SIGTERM)
    wait_gone(pid)


def test_killed_owner_leaves_a_reusable_server_with_the_write(tmp_path: Path) -> None:
    proc = run_py(f"""
        import os, signal
        from graph.falkor import FalkorStore
        from graph.store import Statement
        s = FalkorStore({str(tmp_path)!r})
        s.ensure_schema()
        s.write([Statement('write_regions', {{'rows': [{{'id': '1', 'props': {{'id': '1', 'name': 'a'}}}}]}})])
        print(s.server.pid, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    server_pid = int(proc.stdout.strip())
    os.kill(server_pid, 0)  # the server survived its owner (own session)

    store = FalkorStore(tmp_path)
    try:
        assert store.server.reused and store.server.pid == server_pid
        assert count_ids(store) == {"1"}
    finally:
        store.close()
    os.kill(server_pid, signal.SIGTERM)
    wait_gone(server_pid)


def test_kill_9_of_the_server_loses_no_committed_write(tmp_path: Path) -> None:
    store = FalkorStore(tmp_path)
    store.ensure_schema()
    store.write(region_write(["1", "2"]))
    store.write(region_write(["3"]))
    old_pid = store.server.pid
    assert old_pid is not None
    os.kill(old_pid, signal.SIGKILL)
    wait_gone(old_pid)
    assert (tmp_path / "falkordb.pid").exists()  # stale files left behind by the crash

    # The open store notices, starts a new server (AOF replays) and retries once.
    assert count_ids(store) == {"1", "2", "3"}
    assert store.server.pid != old_pid
    store.write(region_write(["4"]))
    store.close()

    # A cold start replays everything again.
    again = FalkorStore(tmp_path)
    try:
        assert count_ids(again) == {"1", "2", "3", "4"}
    finally:
        again.close()


def test_stale_pid_and_socket_files_are_recovered(tmp_path: Path) -> None:
    # A pid file naming a live process that is not redis (pid reuse), and a dead socket file.
    (tmp_path / "falkordb.pid").write_text(f"{os.getpid()}\n")
    (tmp_path / "falkordb.sock").write_text("")
    server = FalkorServer(tmp_path).ensure_running()
    try:
        assert server.owned and server.pid != os.getpid()
    finally:
        server.stop()

    # A pid that no longer exists.
    dead = subprocess.Popen(["true"])
    dead.wait()
    (tmp_path / "falkordb.pid").write_text(f"{dead.pid}\n")
    server = FalkorServer(tmp_path).ensure_running()
    try:
        assert server.owned
    finally:
        server.stop()


def test_long_data_dir_uses_a_short_socket_path(tmp_path: Path) -> None:
    deep = tmp_path / ("d" * 60) / ("e" * 60)
    sock = socket_path_for(deep.resolve())
    assert len(os.fsencode(sock)) < 108 and sock.parent == Path("/tmp")
    store = FalkorStore(deep)
    try:
        assert store.server.socket_path == sock
        assert (deep / "falkordb.socket-path").read_text().strip() == str(sock)
        store.ensure_schema()
        store.write(region_write(["x"]))
        assert count_ids(store) == {"x"}
    finally:
        store.close()
    assert not sock.exists()


def test_data_dir_that_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    with pytest.raises(StoreUnavailableError) as exc:
        FalkorStore(blocker / "data")
    assert str(blocker / "data") in exc.value.message
    assert "--data" in (exc.value.hint or "")
    with pytest.raises(StoreUnavailableError, match="not a directory"):
        FalkorStore(blocker)


def test_unwritable_data_dir(tmp_path: Path) -> None:
    data = tmp_path / "ro"
    data.mkdir()
    if os.geteuid() == 0:
        # root ignores permission bits; the immutable attribute stops even root.
        if subprocess.run(["chattr", "+i", str(data)], capture_output=True).returncode != 0:
            pytest.skip("running as root and chattr +i is not available to make a dir unwritable")
        undo = ["chattr", "-i", str(data)]
    else:
        data.chmod(0o500)
        undo = ["chmod", "700", str(data)]
    try:
        with pytest.raises(StoreUnavailableError) as exc:
            FalkorStore(data)
        assert "not writable" in exc.value.message and str(data) in exc.value.message
        assert "--data" in (exc.value.hint or "")
    finally:
        subprocess.run(undo, check=True)
    assert not list(data.iterdir())  # and no server was left behind


def test_server_that_fails_to_start_reports_its_log(tmp_path: Path) -> None:
    # Redis keeps the AOF in <dir>/appendonlydir; a plain file there makes start-up fail.
    (tmp_path / "appendonlydir").write_text("in the way")
    with pytest.raises(StoreUnavailableError) as exc:
        FalkorStore(tmp_path)
    assert "did not start" in exc.value.message
    hint = exc.value.hint or ""
    assert "falkordb.log" in hint and "appendonly" in hint.lower()
    assert not (tmp_path / "falkordb.pid").exists()


@pytest.mark.parametrize("documents", [
    60,
    # Long enough that the knocks land during the replay (seen as LOADING / timeouts). With
    # MULTI/EXEC blocks in the AOF this aborted the server (assertion !server.in_exec).
    pytest.param(600, marks=pytest.mark.slow),
])
def test_restart_while_clients_knock_during_aof_replay(tmp_path: Path, documents: int) -> None:
    """After kill -9 the AOF replays statement by statement. Clients that keep talking to
    the socket meanwhile (an API retrying) must neither crash the replaying server nor get
    wrong answers; once up, everything committed is there."""
    import threading

    import redis

    from graph.writer import write_extraction
    from tests.store import records as R

    store = FalkorStore(tmp_path)
    store.ensure_schema()
    # Enough documents that the replay takes a while (Redis serves clients during a long
    # replay; that is when a MULTI/EXEC in the AOF made it abort).
    for n in range(documents):
        ex = R.national([f"措施{n}-{k} 建立市场化长期性合作机制支持科技创新型企业" * 3 for k in range(20)],
                        sha=str(n))
        did = f"国办发〔2020〕{1000 + n}号"
        ex.document.id, ex.document.number, ex.document.source_file = did, did, f"n{n}.txt"
        for m in ex.measures:
            m.document_id, m.id = did, m.id.replace(R.NATIONAL_ID, did)
        for lead in ex.leads:
            lead.measure_id = lead.measure_id.replace(R.NATIONAL_ID, did)
        write_extraction(store, ex)
    expected = count_ids(store, "Measure")
    pid = store.server.pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    wait_gone(pid)

    stop = threading.Event()
    seen: set[str] = set()

    def knock() -> None:
        while not stop.is_set():
            # Bounded connect: a replaying server accepts slowly and a full backlog would
            # block connect() on a Unix socket.
            conn = redis.Redis(unix_socket_path=str(socket_path_for(tmp_path)), socket_timeout=1,
                               socket_connect_timeout=1, retry=no_retry())
            try:
                conn.ping()
                seen.add("pong")
            except Exception as e:  # noqa: BLE001 - any refusal is fine, a crash is not
                seen.add(type(e).__name__)
            finally:
                conn.close()
            time.sleep(0.002)

    knocker = threading.Thread(target=knock, daemon=True)
    knocker.start()
    try:
        again = FalkorStore(tmp_path)
    finally:
        stop.set()
        knocker.join(timeout=10)
    try:
        assert count_ids(again, "Measure") == expected and len(expected) == documents * 20
        if documents >= 600:
            assert seen & {"BusyLoadingError", "TimeoutError"}, seen
    finally:
        again.close()
        store.close()


def test_clean_stop_compacts_the_aof(tmp_path: Path) -> None:
    from graph.falkor_server import COMPACT_ABOVE_BYTES

    store = FalkorStore(tmp_path)
    store.ensure_schema()
    for batch in range(20):
        store.write(region_write([f"{batch}-{i}" for i in range(100)]))
    assert store.server.incr_aof_bytes() > COMPACT_ABOVE_BYTES
    store.close()
    server = FalkorServer(tmp_path)
    assert server.incr_aof_bytes() < COMPACT_ABOVE_BYTES  # the next start loads an RDB base
    again = FalkorStore(tmp_path)
    try:
        assert len(count_ids(again)) == 2000
    finally:
        again.close()
