"""The settings in force, and where each came from.

Each key is looked up in this order, the first found wins:

1. the command-line flag (`--db` for `database_url`);
2. the environment variable (`ALUR_DATABASE_URL`);
3. the settings file, TOML: `ALUR_CONFIG` if set, else `config.toml` in the per-user
   configuration folder (`platformdirs`, e.g. `~/.config/alur/config.toml` on Linux);
4. the default: for the database, the SQLite file `alur.db` in the per-user data folder
   (e.g. `~/.local/share/alur/alur.db`).

A database given as a bare path becomes an SQLite URL; a relative path in the settings file
is read from the file's own folder. This module only reads text: it never opens a database.

To add a key (e.g. `workflows_path`, `calendars_path`), add a field to `Settings` and a line
to `KEYS`.

The monitoring keys (`MONITOR_KEYS`: the escalation policies' folder, the outbox file, SMTP,
webhook, intervals, retries) are read the same way, file then environment, into
`Settings.options`; `monitor.config` checks their values. `SECRET_KEYS` are never printed.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from app.errors import SettingsInvalid

__all__ = [
    "ENV_CONFIG",
    "ENV_DATABASE_URL",
    "KEYS",
    "MONITOR_KEYS",
    "SECRET_KEYS",
    "Settings",
    "config_file",
    "default_database_file",
    "hide_password",
    "load_settings",
]

ENV_CONFIG = "ALUR_CONFIG"
ENV_DATABASE_URL = "ALUR_DATABASE_URL"
APP_NAME = "alur"

# key -> (environment variable, command-line flag)
KEYS: dict[str, tuple[str, str]] = {"database_url": (ENV_DATABASE_URL, "--db")}

# monitoring: key -> environment variable (no command-line flag); see README "Pemantauan SLA"
MONITOR_KEYS: dict[str, str] = {
    "monitor_policies": "ALUR_MONITOR_POLICIES",
    "outbox_file": "ALUR_OUTBOX_FILE",
    "smtp_host": "ALUR_SMTP_HOST",
    "smtp_port": "ALUR_SMTP_PORT",
    "smtp_tls": "ALUR_SMTP_TLS",
    "smtp_user": "ALUR_SMTP_USER",
    "smtp_password": "ALUR_SMTP_PASSWORD",
    "smtp_from": "ALUR_SMTP_FROM",
    "webhook_url": "ALUR_WEBHOOK_URL",
    "webhook_secret": "ALUR_WEBHOOK_SECRET",
    "sweep_every": "ALUR_SWEEP_EVERY",
    "sweep_batch": "ALUR_SWEEP_BATCH",
    "deliver_every": "ALUR_DELIVER_EVERY",
    "outbox_max_attempts": "ALUR_OUTBOX_MAX_ATTEMPTS",
    "outbox_backoff": "ALUR_OUTBOX_BACKOFF",
}
SECRET_KEYS = frozenset({"smtp_password", "webhook_secret"})

DEFAULT = "bawaan"  # where a value came from, as `alur config` prints it


@dataclass(frozen=True)
class Settings:
    database_url: str
    config_file: Path
    sources: Mapping[str, str]  # key -> "--db", "ALUR_DATABASE_URL", "berkas <path>", "bawaan"
    options: Mapping[str, str] = field(default_factory=dict)  # monitoring keys that are set

    def database_is_default(self) -> bool:
        return self.sources["database_url"] == DEFAULT


def config_file(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    if env.get(ENV_CONFIG):
        return Path(env[ENV_CONFIG]).expanduser()
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / "config.toml"


def default_database_file() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "alur.db"


def _read_file(path: Path) -> dict[str, object]:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise SettingsInvalid(str(path), f"tidak dapat dibaca: {exc.strerror}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsInvalid(str(path), f"bukan TOML yang sah ({exc})") from exc
    unknown = sorted(set(data) - set(KEYS) - set(MONITOR_KEYS))
    if unknown:
        known = ", ".join([*KEYS, *MONITOR_KEYS])
        raise SettingsInvalid(str(path), f"kunci tidak dikenal: {', '.join(unknown)} ({known})")
    for key, value in data.items():
        if key in MONITOR_KEYS and isinstance(value, int | bool):
            data[key] = str(value).lower()
        elif not isinstance(value, str) or not value.strip():
            raise SettingsInvalid(str(path), f"{key} harus berupa teks yang tidak kosong")
    return data


def as_database_url(value: str, base: Path | None = None) -> str:
    """A URL as given, or a bare file path turned into an absolute SQLite URL."""
    if "://" in value:
        return value
    path = Path(value).expanduser()
    if base is not None and not path.is_absolute():
        path = base / path
    return f"sqlite:///{path.resolve()}"


def load_settings(
    database_url: str | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """The settings in force; `database_url` is the `--db` flag, if given."""
    env = os.environ if environ is None else environ
    path = config_file(env)
    from_file = _read_file(path)
    if database_url:
        url, source = as_database_url(database_url), "--db"
    elif env.get(ENV_DATABASE_URL):
        url, source = as_database_url(env[ENV_DATABASE_URL]), ENV_DATABASE_URL
    elif "database_url" in from_file:
        url = as_database_url(str(from_file["database_url"]), path.parent)
        source = f"berkas {path}"
    else:
        url, source = as_database_url(str(default_database_file())), DEFAULT
    sources = {"database_url": source}
    options: dict[str, str] = {}
    for key, variable in MONITOR_KEYS.items():
        if env.get(variable):
            options[key], sources[key] = env[variable], variable
        elif key in from_file:
            options[key], sources[key] = str(from_file[key]), f"berkas {path}"
    return Settings(url, path, sources, options)


_PASSWORD = re.compile(r"^([^:/]+://[^:/@]*:)([^@]*)@")
_QUERY_PASSWORD = re.compile(r"([?&]password=)[^&]*", re.IGNORECASE)


def hide_password(url: str) -> str:
    """The URL with its password, if any, shown as ***: in the user part, or as a
    `password=` query parameter (libpq reads both)."""
    return _QUERY_PASSWORD.sub(r"\1***", _PASSWORD.sub(r"\1***@", url))
