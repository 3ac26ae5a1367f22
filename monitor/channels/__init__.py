"""Delivery channels, one module each: `file`, `smtp`, `webhook` (see `base`)."""

from __future__ import annotations

from monitor.channels.base import Channel, ChannelError, Message
from monitor.config import MonitorConfig

__all__ = ["Channel", "ChannelError", "Message", "open_channel"]


def open_channel(name: str, config: MonitorConfig) -> Channel:
    if name == "smtp":
        from monitor.channels.smtp import SmtpChannel

        return SmtpChannel(config)
    if name == "webhook":
        from monitor.channels.webhook import WebhookChannel

        return WebhookChannel(config)
    from monitor.channels.file import FileChannel

    return FileChannel(config)
