"""Starting `report-convert serve` as a real process on an ephemeral port, for the service's tests."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 600  # seconds: warming a worker loads every font (slow on a busy or fresh machine)


class Service:
    def __init__(self, tmp: Path, *options: str, token: str | None = None, env: dict | None = None):
        self.log_path = tmp / "service.log"
        self.token = token
        environment = {**os.environ, "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": "1700000000", **(env or {})}
        environment.pop("REPORT_CONVERT_TOKEN", None)
        argv = [sys.executable, "-m", "convert", "serve", "--port", "0", *options]
        if token:
            argv += ["--token", token]
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(argv, stdout=self.log, stderr=subprocess.STDOUT, env=environment, cwd=tmp)
        self.url = self._wait_for_address()
        self.host, self.port = re.match(r"http://(.+):(\d+)", self.url).groups()
        self.port = int(self.port)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.client = httpx.Client(base_url=self.url, headers=headers, timeout=300)

    def _wait_for_address(self) -> str:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            found = re.search(r"listening on (http://\S+)", self.log_path.read_text())
            if found:
                return found.group(1)
            if self.process.poll() is not None:
                raise RuntimeError(f"the service exited with {self.process.returncode}:\n{self.log_path.read_text()}")
            time.sleep(0.2)
        raise RuntimeError(f"the service did not start:\n{self.log_path.read_text()}")

    def text_log(self) -> str:
        return self.log_path.read_text()

    def health(self) -> dict:
        return httpx.get(f"{self.url}/health", timeout=30).json()

    def wait_for(self, condition, timeout: float = START_TIMEOUT) -> dict:
        """/health once `condition(health)` holds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            health = self.health()
            if condition(health):
                return health
            time.sleep(0.05)
        raise AssertionError(f"/health never met the condition: {self.health()}")

    def workers(self) -> list[int]:
        """The worker processes' ids: the fork server's children (the fork server is the service's child)."""
        return [pid for child in children(self.process.pid) for pid in children(child)]

    def stop(self) -> int:
        self.client.close()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(120)
        finally:
            self.log.close()


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(each) for each in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def multipart(fields: list[tuple[str, str]], file: tuple[str, bytes], boundary: str = "b0undary28") -> bytes:
    """A multipart/form-data body, built by hand for the raw-socket tests."""
    out = b""
    for name, value in fields:
        out += f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
    filename, data = file
    out += (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
            f"Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return out


def raw_request_head(service: Service, body_length: int, boundary: str = "b0undary28") -> bytes:
    auth = f"Authorization: Bearer {service.token}\r\n" if service.token else ""
    return (f"POST /convert HTTP/1.1\r\nHost: {service.host}:{service.port}\r\n{auth}"
            f"Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {body_length}\r\n\r\n").encode()
