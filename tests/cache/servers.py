"""Real Redis and Memcached servers for the tests, each on a free port of its own."""

import shutil
import socket
import subprocess
import time
from contextlib import contextmanager

from tests.conftest import require


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running(kind: str):
    """Start a Redis or Memcached server; yields the QIRAA_CACHE_URL that reaches it."""
    port = free_port()
    if kind == "redis":
        program = shutil.which("redis-server")
        require(program is not None, "redis-server is not installed (apt-get install redis-server)")
        command = [program, "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
        command += ["--appendonly", "no"]
        url = f"redis://127.0.0.1:{port}/0"
    else:
        program = shutil.which("memcached")
        require(program is not None, "memcached is not installed (apt-get install memcached)")
        command = [program, "-l", "127.0.0.1", "-p", str(port), "-U", "0", "-u", "nobody"]
        command += ["-I", "8m"]
        url = f"memcached://127.0.0.1:{port}"
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError(f"{kind} did not start on port {port}") from None
                time.sleep(0.05)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
