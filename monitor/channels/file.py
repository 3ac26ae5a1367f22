"""The `file` channel: one JSON line per message, appended to the outbox file.

The default, so a fresh install works with nothing configured; a mail gateway or a person
can read the file. Each line is written and flushed whole.
"""

from __future__ import annotations

import json
from typing import IO

from monitor.channels.base import Channel, ChannelError, Message
from monitor.config import MonitorConfig

__all__ = ["FileChannel"]


class FileChannel(Channel):
    name = "file"

    def __init__(self, config: MonitorConfig) -> None:
        self.path = config.file_path()
        self._handle: IO[str] | None = None

    def send(self, message: Message) -> None:
        line = {
            "id": message.id,
            "key": message.key,
            "nip": message.recipient_nip,
            "nama": message.recipient_name,
            "subjek": message.subject,
            "isi": message.body,
            "data": message.payload,
        }
        try:
            if self._handle is None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._handle = self.path.open("a", encoding="utf-8")
            self._handle.write(json.dumps(line, ensure_ascii=False) + "\n")
            self._handle.flush()
        except OSError as exc:
            raise ChannelError(f"berkas {self.path} tidak dapat ditulis: {exc.strerror}") from exc

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
