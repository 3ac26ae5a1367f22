"""The monitoring settings, checked: what `app.settings` read (file, then environment)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from monitor.errors import MonitorSettingsInvalid

__all__ = ["MonitorConfig", "monitor_config"]

TLS_MODES = ("none", "starttls", "ssl")
SWEEP_BATCH = 20_000  # cases per sweep transaction; a digest covers one transaction


@dataclass(frozen=True)
class MonitorConfig:
    policies: Path | None = None  # the office's policy folder (files named <institution>.yaml)
    outbox_file: Path | None = None  # the `file` channel; None: the per-user data folder
    smtp_host: str = "localhost"
    smtp_port: int = 25
    smtp_tls: str = "none"
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_from: str = "alur@localhost"
    webhook_url: str | None = None
    webhook_secret: str | None = None
    sweep_every: int = 300  # seconds
    sweep_batch: int = SWEEP_BATCH
    deliver_every: int = 30  # seconds
    max_attempts: int = 8  # then the message is dead (dead letter)
    backoff: int = 30  # seconds before the 2nd attempt; doubled each time, at most 6 hours

    def file_path(self) -> Path:
        if self.outbox_file is not None:
            return self.outbox_file
        from platformdirs import user_data_path

        return user_data_path("alur", appauthor=False) / "pesan-alur.jsonl"


def _int(options: Mapping[str, str], key: str, default: int, low: int, high: int) -> int:
    text = options.get(key)
    if text is None:
        return default
    try:
        value = int(text)
    except ValueError:
        raise MonitorSettingsInvalid(key, text, "harus bilangan bulat") from None
    if not low <= value <= high:
        raise MonitorSettingsInvalid(key, text, f"harus antara {low} dan {high}")
    return value


def monitor_config(options: Mapping[str, str]) -> MonitorConfig:
    """The settings from `Settings.options`; `MonitorSettingsInvalid` for a bad value."""
    tls = options.get("smtp_tls", "none").lower()
    if tls not in TLS_MODES:
        raise MonitorSettingsInvalid(
            "smtp_tls", tls, f"harus salah satu dari {', '.join(TLS_MODES)}"
        )
    url = options.get("webhook_url")
    if url is not None and not url.startswith(("http://", "https://")):
        raise MonitorSettingsInvalid("webhook_url", url, "harus diawali http:// atau https://")
    policies = options.get("monitor_policies")
    outbox_file = options.get("outbox_file")
    return MonitorConfig(
        policies=Path(policies).expanduser() if policies else None,
        outbox_file=Path(outbox_file).expanduser() if outbox_file else None,
        smtp_host=options.get("smtp_host", "localhost"),
        smtp_port=_int(options, "smtp_port", 25, 1, 65535),
        smtp_tls=tls,
        smtp_user=options.get("smtp_user"),
        smtp_password=options.get("smtp_password"),
        smtp_from=options.get("smtp_from", "alur@localhost"),
        webhook_url=url,
        webhook_secret=options.get("webhook_secret"),
        sweep_every=_int(options, "sweep_every", 300, 1, 86_400),
        sweep_batch=_int(options, "sweep_batch", SWEEP_BATCH, 1, 1_000_000),
        deliver_every=_int(options, "deliver_every", 30, 1, 3_600),
        max_attempts=_int(options, "outbox_max_attempts", 8, 1, 100),
        backoff=_int(options, "outbox_backoff", 30, 1, 86_400),
    )
