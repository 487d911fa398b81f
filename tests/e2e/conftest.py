"""Fixtures for tests that start real Prometheus and Alertmanager servers on 127.0.0.1."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request

import pytest


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def free_port():
    """``free_port()``: a port nothing listens on at 127.0.0.1 (a fixture: test modules of several
    directories share the module name ``conftest``, so importing from it depends on the run)."""
    return _free_port


@pytest.fixture
def start_server(tmp_path):
    """``start_server(name, args, port)``: a process killed at teardown, ready when /-/ready answers."""
    procs: list[tuple[subprocess.Popen, object]] = []

    def start(name: str, args: list[str], port: int) -> subprocess.Popen:
        log = open(tmp_path / f"{name}.log", "w+")  # noqa: SIM115 - closed at teardown, after the process
        proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, cwd=str(tmp_path))
        procs.append((proc, log))
        until = time.time() + 30
        while time.time() < until:
            if proc.poll() is not None:
                log.seek(0)
                pytest.fail(f"{name} exited with {proc.returncode}:\n{log.read()[-3000:]}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/-/ready", timeout=1) as response:
                    if response.status == 200:
                        return proc
            except OSError:
                time.sleep(0.2)
        pytest.fail(f"{name} not ready after 30s")

    yield start
    for proc, log in procs:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


