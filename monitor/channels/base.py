"""What every channel is: opened once per delivery run, `send` per message, then closed.

`send` returns when the channel accepted the message, or raises `ChannelError` with the
reason in Bahasa Indonesia (recorded with the attempt). Each message carries its outbox
key, passed on as `Message-ID` (e-mail) or `Idempotency-Key` (webhook), so a receiver can
recognise a message sent again after a worker died between acceptance and its record.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import TracebackType
from typing import Any

__all__ = ["Channel", "ChannelError", "Message"]


class ChannelError(Exception):
    """The channel did not accept the message."""


@dataclass(frozen=True)
class Message:
    id: int
    key: str
    recipient_nip: str
    recipient_name: str
    address: str | None
    subject: str
    body: str
    payload: dict[str, Any]


class Channel:
    name = "base"

    def __enter__(self) -> Channel:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def send(self, message: Message) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Release what `send` opened (a connection, a file)."""
