"""A real ``redis-server`` on 127.0.0.1 for one test (never a fake)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_command(binary: str, folder: Path, port: int) -> list[str]:
    """A redis-server on 127.0.0.1:port that keeps nothing on disk."""
    return [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no",
            "--dir", str(folder)]


def start_redis(folder: Path):
    """Start redis-server (no persistence) in ``folder``; returns (process, url); skips the
    test when redis-server or the redis client is missing."""
    binary = shutil.which("redis-server")
    if not binary:
        pytest.skip("redis-server is not installed (apt-get install redis-server; .ci/run does it)")
    redis = pytest.importorskip("redis", reason="the redis client is not installed: pip install -e '.[scale]'")
    port = free_port()
    process = subprocess.Popen(redis_command(binary, folder, port), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    for _ in range(100):
        try:
            client.ping()
            return process, url
        except redis.ConnectionError:
            time.sleep(0.05)
    process.kill()
    pytest.fail(f"redis-server did not answer on {url}")
