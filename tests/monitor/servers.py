"""Real servers on loopback for the channel tests: SMTP (aiosmtpd) and HTTP (http.server)."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller

from monitor.channels.webhook import SIGNATURE_HEADER, signature


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class MailBox:
    """An aiosmtpd handler keeping what it accepted; refuses the first `refuse` messages."""

    def __init__(self, refuse: int = 0) -> None:
        self.refuse = refuse
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse > 0:
            self.refuse -= 1
            return "451 4.3.0 coba lagi nanti"
        self.messages.append(envelope)
        return "250 OK"


@contextmanager
def smtp_server(port: int, box: MailBox) -> Iterator[MailBox]:
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


class Hook:
    """What the webhook server received; answers the given statuses, then 200.

    With `hold=n`, the n-th request (counted from 1) gets no answer: the server holds it,
    sets `held`, and waits for `release` (the test kills the sender meanwhile)."""

    def __init__(self, secret: str, statuses: list[int], hold: int = 0) -> None:
        self.secret, self.statuses, self.hold = secret, statuses, hold
        self.accepted: list[dict[str, Any]] = []
        self.requests: list[tuple[str, str, bytes]] = []  # key, signature, body of each
        self.bad_signatures = 0
        self.held, self.release = threading.Event(), threading.Event()


@contextmanager
def webhook_server(hook: Hook) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            sign = self.headers.get(SIGNATURE_HEADER, "")
            hook.requests.append((self.headers["Idempotency-Key"], sign, body))
            if len(hook.requests) == hook.hold:
                hook.held.set()
                hook.release.wait(timeout=60)
                return  # never answered: the sender is gone
            if sign != signature(hook.secret, body):
                hook.bad_signatures += 1
                self.send_response(401)
            elif hook.statuses:
                self.send_response(hook.statuses.pop(0))
            else:
                hook.accepted.append({"key": self.headers["Idempotency-Key"], **json.loads(body)})
                self.send_response(200)
            self.end_headers()

        def log_message(self, *args: Any) -> None:  # keep the test output quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/kirim"
    finally:
        hook.release.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
