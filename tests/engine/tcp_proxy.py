"""A loopback TCP proxy for fault injection: it forwards bytes both ways until told
to lose the server's answer to a chosen client message."""

from __future__ import annotations

import socket
import threading


class Proxy:
    """Listens on 127.0.0.1 and forwards each connection to `target`.

    After `lose_reply_to(marker)`, the first client message containing `marker` is
    still forwarded to the server (so the server acts on it), but the server's
    answer is dropped and both sockets are closed: the client cannot know whether
    its request took effect."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.marker: bytes | None = None
        self.tripped = threading.Event()
        self._sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def lose_reply_to(self, marker: bytes) -> None:
        self.marker = marker

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            self._sockets += [client, server]
            lost = threading.Event()  # this connection's answer is to be lost
            for args in ((client, server, True, lost), (server, client, False, lost)):
                threading.Thread(target=self._pump, args=args, daemon=True).start()

    def _pump(
        self, source: socket.socket, sink: socket.socket, upstream: bool, lost: threading.Event
    ) -> None:
        try:
            while data := source.recv(65536):
                if not upstream and lost.is_set():
                    break  # the answer to the marked message is lost
                if upstream and self.marker is not None and self.marker in data:
                    self.marker = None
                    lost.set()  # before forwarding: the answer may come back at once
                    self.tripped.set()
                sink.sendall(data)
        except OSError:
            pass
        for s in (source, sink):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()

    def close(self) -> None:
        self.listener.close()
        for s in self._sockets:
            s.close()
