"""Chapter kernels forked from one warm process, for a build that executes many chapters at once.

Every executed page starts its own Python kernel, and most of a short page's run is that kernel importing IPython,
pandas and (where it draws) Altair: about a second of processor time, paid again by each of the book's pages. During
the parallel execution (:mod:`sinorus.sphinx.prexec`) the build starts one *zygote*: a process that imports those
modules once and then waits on a Unix socket. A kernel started for a chapter (:func:`sinorus.kernel.main`, the
build's kernelspec) asks it for a fork of itself: the fork takes the kernel's command line, working folder,
environment and standard streams, and runs the kernel exactly as a fresh one would, from a copy of a process in which
nothing but imports has happened. Each chapter still runs in a process of its own, with nothing of another chapter's
state. The kernel that asked stays as its stand-in for the notebook client: when it is stopped, the fork sees its
socket close and exits; when the fork exits, the stand-in exits. Without a zygote (a reader's notebook, a build
executing one chapter), or if one cannot be reached, the kernel starts in the usual way.
"""

from __future__ import annotations

import builtins
import contextlib
import importlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

#: The zygote's socket, for the kernels the build starts (set in their environment while it runs).
ENV = "SINORUS_KERNEL_ZYGOTE"

#: What a chapter's kernel imports before its first cell can run, and what the chapters import most.
PRELOAD = (
    "IPython",
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.zmqshell",
    "pandas",
    "altair",
    "narwhals.stable.v1",  # what Altair imports when it first reads a frame
    "myst_nb.ext.glue",
    "frictionless",  # what checks a table that changed (sinorus.data.validation)
    "sinorus",
    "sinorus.alttext",
    "sinorus.charts",
    "sinorus.data",
    "sinorus.data.validation",
    "sinorus.figures",
    "sinorus.maps",
    "sinorus.relationship_index",
    "sinorus.tables",
    "sinorus.unvoting",
)


class _InKernel:
    """What an import-time check sees of get_ipython() in a kernel: a shell with a kernel."""

    kernel = True


def _receive(conn: socket.socket) -> tuple[dict, list[int]]:
    data, fds, _flags, _addr = socket.recv_fds(conn, 1 << 20, 3)
    while not data.endswith(b"\n"):
        more = conn.recv(1 << 20)
        if not more:
            raise ConnectionError("the request ended early")
        data += more
    return json.loads(data), fds


def serve(path: str) -> None:
    """The zygote: import once, then fork one kernel per request, until stopped."""
    sys.modules.setdefault("rfc3987_syntax", None)  # as in every build kernel (see sinorus.kernel.main)
    # modules that look at their surroundings when imported must find a kernel, as they do in one: pandas asks
    # get_ipython() whether it runs in a kernel to choose how many columns a frame's text shows
    builtins.get_ipython = lambda: _InKernel
    try:
        for name in PRELOAD:
            importlib.import_module(name)
    finally:
        del builtins.get_ipython
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the forks are reaped as they exit
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(64)
    while True:
        conn, _ = server.accept()
        try:
            request, fds = _receive(conn)
        except (OSError, ValueError):
            conn.close()
            continue
        if os.fork() == 0:
            server.close()
            _kernel(conn, request, fds)  # never returns
        conn.close()
        for fd in fds:
            os.close(fd)


def _kernel(conn: socket.socket, request: dict, fds: list[int]) -> None:
    """In the fork: become the kernel that asked, and exit when it is stopped."""
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # a kernel's own subprocesses are waited for
        for target, fd in zip((0, 1, 2), fds):
            os.dup2(fd, target)
            os.close(fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        sys.argv = request["argv"]
        sys.path[0] = request["cwd"]

        def exit_with_stand_in() -> None:
            with contextlib.suppress(OSError):
                conn.recv(1)  # returns (empty) when the stand-in is gone
            os._exit(0)

        conn.sendall(f"{os.getpid()}\n".encode())  # the stand-in passes signals on (an interrupt, a stop)
        threading.Thread(target=exit_with_stand_in, daemon=True).start()
        from .kernel import start

        # ipykernel reads its client's process id from the environment when it is imported (in the zygote, before
        # there was a client): given here, as the client's own kernels have it
        start([f"--IPKernelApp.parent_handle={os.environ.get('JPY_PARENT_PID') or 0}", *request["argv"][1:]])
    finally:
        os._exit(0)


def _connect(path: str, pid: str | None, patience: float = 15.0) -> socket.socket:
    """A connection to the zygote at ``path``; while it is still importing (its process alive, not listening yet),
    wait for it rather than start a kernel the slow way."""
    import time

    deadline = time.monotonic() + patience
    while True:
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            conn.connect(path)
            return conn
        except OSError:
            conn.close()
            if not pid or not _alive(int(pid)) or time.monotonic() > deadline:
                raise
        time.sleep(0.02)


def _alive(pid: int) -> bool:
    """Whether process ``pid`` runs (a process that has exited but was not yet reaped does not)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except (OSError, IndexError):
        return False


def run_forked(path: str, argv: list[str]) -> None:
    """In the kernel the notebook client started: have the zygote fork the kernel, and stand in for it."""
    conn = _connect(path, os.environ.get(ENV + "_PID"))
    request = {"argv": [sys.argv[0], *argv], "cwd": os.getcwd(), "env": dict(os.environ)}
    socket.send_fds(conn, [json.dumps(request).encode() + b"\n"], [0, 1, 2])
    reader = conn.makefile("rb")
    pid = int(reader.readline() or 0)
    if not pid:
        raise ConnectionError("the zygote did not fork a kernel")

    def pass_on(signum, _frame):
        with contextlib.suppress(OSError):
            os.kill(pid, signum)
        if signum != signal.SIGINT:  # an interrupt goes to the kernel; anything else stops both
            os._exit(0)

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, pass_on)
    with contextlib.suppress(OSError):
        while reader.read(1):  # until the fork exits (its end of the socket closes)
            pass
    os._exit(0)


@contextlib.contextmanager
def running(env: dict[str, str]):
    """A zygote for the duration of the block: yields the environment entries that send kernels to it (its socket
    and its process). It is not waited for here: a kernel that starts while the zygote is still importing waits for
    it, and one that finds it gone (or that waited too long) starts as usual."""
    folder = tempfile.mkdtemp(prefix="sinorus-zygote-")
    path = str(Path(folder) / "socket")
    proc = subprocess.Popen(
        [sys.executable, "-m", "sinorus.zygote", path],
        env={**os.environ, **env},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield {ENV: path, ENV + "_PID": str(proc.pid)}
    finally:
        proc.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=10)
        with contextlib.suppress(OSError):
            os.unlink(path)
        with contextlib.suppress(OSError):
            os.rmdir(folder)


if __name__ == "__main__":
    serve(sys.argv[1])
