"""Private instances of the services for fault tests: a test stops its own, never the shared ones."""

import shutil
import socket
import subprocess
import time
from contextlib import contextmanager


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def private_redis_server(directory):
    """A Redis server of the caller's own on a free port; yields (process, url). Stopped at the end."""
    import redis

    port = free_port()
    process = subprocess.Popen([shutil.which("redis-server"), "--port", str(port), "--save", "",
                                "--appendonly", "no", "--dir", str(directory)], stdout=subprocess.DEVNULL)
    try:
        client = redis.Redis(port=port)
        for _i in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        yield process, f"redis://127.0.0.1:{port}/0"
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(10)
